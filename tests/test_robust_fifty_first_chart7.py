"""The fifty-first round of hostile testing, chart7: the belief chart read as a user who studies how early a reader
decides, offscreen (pytest-qt) at its smallest, its first and its largest sizes, at 100 % and 200 %, comparing two
models, with an untrained model's ten lines near 10 %, one digit at 100 % from row 1 and tied beliefs, by pointing and
by the keys, its grabs looked at; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
from gui_window import constant_reader, shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from gui.belief_bars import BeliefBars
from gui.numbers import leaders
from gui.theme import MIN_CONTRAST, TITLE_INSET, _dark_palette, contrast
from gui.timeline import INSET, BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


def header_at_the_least(qtbot, probs: list[float], label: int | None) -> tuple[BeliefBars, int, str]:
    """The bars of a digit read to its last row with ``probs`` at every row (``label`` its true digit, or none), shown
    at their least size: the bars, the header's room and the header they write in it."""
    session = DigitSession(constant_reader(probs))
    ink = np.zeros((ROWS, ROWS), np.float32)
    ink[5:23, 12:16] = 1.0
    session.set_image(ink, label=label)
    session.seek(ROWS)
    bars = shown(qtbot, BeliefBars(session))
    bars.resize(bars.least_size())
    room = bars.width() - 2 * TITLE_INSET
    return bars, room, bars.header_text(room)


def _comparing(qtbot, size: tuple[int, int], name: str, seed: int = 0) -> BeliefTimeline:
    """A chart of ``size`` comparing two made-up readings of all 28 rows, the dashed one named ``name``."""
    rng = np.random.default_rng(seed)
    ours, theirs = (np.asarray(rng.dirichlet(np.full(10, 0.3), ROWS), np.float32) for _ in range(2))
    chart = shown(qtbot, BeliefTimeline(DigitSession()), size)
    chart.probabilities = ours
    chart.set_comparison(Comparison(name, theirs, None))
    return chart


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(420, 640), height=st.integers(220, 500), row=st.integers(1, 8) | st.integers(21, ROWS))
def test_the_read_out_names_the_compared_model_where_the_chart_has_room(qtbot, width, height, row):
    """Comparing with the shipped model in a chart of its first size (420×220), the read-out headed the compared
    column "┄ dashed" at rows 5–24: its box was as wide as its values, with room for "┄ dashed" and never for the
    name, so which model the dashed values were was told only by the title line, away from them. Where a box as wide
    as the name (by a column's width more at most) stands clear of the pointer, the box is that wide and the column
    is headed "┄ Shipped model": at 420×220 at every row but 12–17 (the middle, where neither side has room)."""
    chart = _comparing(qtbot, (width, height), "Shipped model")
    plot = chart.plot_rect()
    layout = chart.readout_layout(chart.x_of(row, plot), plot, True)
    assert chart.dashed_heading(layout, row) == "┄ Shipped model", (width, height, row, layout.box)
    box = layout.box
    assert not box.left() - 2 <= chart.x_of(row, plot) <= box.right() + 2
    assert box.right() < width and box.bottom() < height


@pytest.mark.parametrize(("scheme", "leader", "other"), [("light", 3, 8), ("dark", 8, 7)])
def test_a_line_in_the_decided_stretch_stands_out_from_its_shade(qtbot, scheme, leader, other):
    """Every line's colour is moved to stand out 3:1 from the plot (WCAG's least for graphics), but the stretch where
    the answer has settled, the very stretch a user studying how early a reader decides looks at, is shaded in the
    leader's colour, and there the lines fell under it: the light scheme's mint 8 in a crimson 3's stretch to 2.34:1,
    the dark scheme's plum 7 in a mint 8's to 2.06:1 (every pair measured: 2.06–3.0). A line keeps 3:1 on the shade
    (its colour made for it, the shade at 7 %, not 14 %, so the colours stay apart for dichromats); measured on the
    grab, the pixel on the line against the shade beside it."""
    chart = BeliefTimeline(DigitSession())
    chart.setPalette(_dark_palette() if scheme == "dark" else QApplication.style().standardPalette())
    shown(qtbot, chart, (420, 220))
    plot = chart.plot_rect()
    y = math.floor(chart.y_of(0.3, plot)) + 0.5  # on a pixel's middle: the 1-px line covers it whole
    value = (plot.bottom() - INSET - y) / (plot.height() - 2 * INSET)
    probs = np.full((ROWS, 10), (1 - 0.6 - value) / 8, np.float32)
    probs[:, leader], probs[:, other] = 0.6, value
    chart.probabilities, chart.decided_at, chart._rows_read = probs, 1, ROWS
    chart.update()
    picture = chart.grab().toImage()
    x = round(chart.x_of(15.5, plot))
    line, shade = picture.pixelColor(x, math.floor(y)), picture.pixelColor(x, math.floor(y) - 6)
    assert shade != chart.palette().color(QPalette.ColorRole.Base)  # in the shaded stretch
    assert contrast(line, shade) >= MIN_CONTRAST - 0.02, (line.name(), shade.name(), contrast(line, shade))


@settings(
    max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    tied=st.integers(2, 4),
    share=st.sampled_from([0.1, 0.2, 0.25, 1 / 3, 0.45, 0.5]),
    label=st.none() | st.integers(0, 9),
)
def test_the_bars_header_at_their_least_width_names_a_tie_and_the_true_label_whole(qtbot, tied, share, label):
    """At their least width (180 px, the window at its smallest) the bars' header of a tie was cut: "Perhaps 0, 1 or 2
    (30.0% e…", and of any tie of an MNIST test digit "Perhaps 0 or 1 (50.0% each) · t…", the true label lost (15 of
    the 20 ties of 2–4 digits at 20–50 % each, labelled or not). Where even the short form does not fit, the header
    names the leaders without their value (the bold bars beside it give it), "Perhaps 0, 1 or 2 · true 7", whole."""
    share = min(share, 1 / tied)
    probs = [share] * tied + [max((1 - tied * share) / (10 - tied), 1e-9)] * (10 - tied)
    bars, room, header = header_at_the_least(qtbot, probs, label)
    assert bars.fontMetrics().horizontalAdvance(header) <= room, header
    leading = leaders(bars.probs)
    named = "all ten" in header.lower() if len(leading) == 10 else all(str(digit) in header for digit in leading)
    assert len(leading) in (tied, 10) and named, header
    assert label is None or header.endswith(f"· true {label}"), header
