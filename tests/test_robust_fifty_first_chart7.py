"""The fifty-first round of hostile testing, chart7: the belief chart read as a user who studies how early a reader
decides, offscreen (pytest-qt) at its smallest, its first and its largest sizes, at 100 % and 200 %, comparing two
models, with an untrained model's ten lines near 10 %, one digit at 100 % from row 1 and tied beliefs, by pointing and
by the keys, its grabs looked at; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


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
