"""The forty-fifth round of hostile testing, chart: the belief view (its names, marks, colours and hover read-outs) read
by a demanding user in a real window (Xvfb, openbox, xdotool) at 100 % and 200 %, light and dark, and in the smallest
window the app allows; each defect measured here offscreen, each test checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from belief_lines import peaked
from gui_window import shown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontInfo, QFontMetrics, QImage, QMouseEvent, QPalette
from PySide6.QtWidgets import QApplication

from gui.theme import _dark_palette, contrast, text_color
from gui.timeline import READOUT_LEAST_PX, BeliefTimeline
from rowreader.model import ROWS
from rowreader.session import DigitSession

# the pairs that read worst, a name over another digit's line: on dark the mint 8 lightens the box behind the olive 1,
# on light the crimson 3 darkens it behind the steel-blue 6
OVER_A_LINE = [("dark", 1, 8), ("light", 6, 3), ("dark", 3, 8), ("light", 5, 3)]


def _chart(qtbot, scheme: str) -> BeliefTimeline:
    """A chart shown at 560×300 in the ``scheme``'s palette (the dark one the app sets where the platform has none)."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    chart.setPalette(_dark_palette() if scheme == "dark" else QApplication.style().standardPalette())
    return chart


def _move(chart: BeliefTimeline, pos: QPointF) -> None:
    """The pointer moved to ``pos``, no button held, as Qt hands it to the chart."""
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


def _least_contrast(image: QImage, written: QColor, xs: range | tuple[int, ...], ys: range) -> float:
    """The least contrast of ``written`` against the pixels of ``image`` at ``xs`` × ``ys`` (beside the text)."""
    return min(contrast(written, QColor(image.pixel(x, y))) for x in xs for y in ys)


@pytest.mark.parametrize(("scheme", "name", "line"), OVER_A_LINE)
def test_a_peaks_name_over_another_line_reads_at_4_5_to_1(qtbot, scheme: str, name: int, line: int) -> None:
    """Every digit's name colour stands 4.5:1 from the chart's background in both schemes (4.87:1 at least), but a
    name's box let 15 % of what lay under it through: where another digit's line crossed it, the dark scheme's olive 1
    over the mint 8 stood 3.30:1 from its box, the 3 3.28:1, and the light scheme's 6 over the crimson 3 3.73:1. The
    box is the chart's background, whole: the name reads as on the plain chart, whatever line runs under it."""
    chart = _chart(qtbot, scheme)
    probs = peaked({name: (20, 0.6, 0.2)})
    chart.probabilities = probs
    (box,) = [b for d, b, _ in chart.peak_labels() if d == name]
    plot = chart.plot_rect()
    probs = probs.copy()
    probs[:, line] = (plot.bottom() - 5 - box.center().y()) / (plot.height() - 10)  # a flat line through the box
    chart.probabilities = probs
    assert [b for d, b, _ in chart.peak_labels() if d == name] == [box]  # placed as before, the line under it
    image = chart.grab().toImage()
    written = text_color(name, chart.palette().color(QPalette.ColorRole.Base))
    beside = (int(box.left()) + 2, int(box.right()) - 3)  # inside the frame, either side of the glyph
    assert _least_contrast(image, written, beside, range(int(box.top()) + 4, int(box.bottom()) - 3)) >= 4.5


@pytest.mark.parametrize(("scheme", "name", "line"), OVER_A_LINE)
def test_a_digits_name_in_the_read_out_over_a_line_reads_at_4_5_to_1(qtbot, scheme: str, name: int, line: int) -> None:
    """The hover read-out's box let 7 % of the chart through: a line running under a digit's name in it took the
    dark scheme's 1 to 4.18:1 (over the 8) and the light scheme's 6 to 4.32:1 (over the 3). Its box is whole too."""
    chart = _chart(qtbot, scheme)
    probs = np.full((28, 10), 0.01, np.float32)
    chart.probabilities = probs
    plot = chart.plot_rect()
    x = chart.x_of(25, plot)
    layout = chart.readout_layout(x, plot, False)
    h = QFontMetrics(layout.font).height()
    column, row = divmod(name, layout.lines)
    cell = QRectF(layout.box.left() + 6 + column * layout.cell, layout.box.top() + 4 + (row + 1) * h, 0, h)
    probs[:, line] = (plot.bottom() - 5 - cell.center().y()) / (plot.height() - 10)  # through the name's line
    chart.probabilities = probs.copy()
    _move(chart, QPointF(x, plot.top() + 1))  # over no line: no band behind the names
    assert chart.hover_row == 25 and chart.hover_lines == []
    image = chart.grab().toImage()
    bold = QFont(layout.font)
    bold.setBold(True)
    start = int(cell.left() + QFontMetrics(bold).horizontalAdvance(str(name))) + 2  # right of the name
    written = text_color(name, chart.palette().color(QPalette.ColorRole.Base))
    ys = range(int(cell.top()) + 2, int(cell.bottom()) - 2)
    assert _least_contrast(image, written, range(start, start + 3), ys) >= 4.5


def test_the_read_out_stays_on_the_screen_when_the_window_runs_past_its_edge(qtbot) -> None:
    """The window dragged partly past the screen's right edge (200 % on a 3200×2000 screen, its chart's left 400 px on
    the screen): pointing at row 1 put the read-out on the side away from the pointer, off the screen, and only the
    guide showed; a row not read yet put its note there too. Both keep to the part of the chart on the screen."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    screen = chart.screen().availableVirtualGeometry()
    chart.move(screen.right() - 220, screen.top() + 100)
    qtbot.waitUntil(lambda: chart.mapToGlobal(chart.rect().topLeft()).x() > screen.right() - 240)
    chart.probabilities = peaked({1: (20, 0.9, 0.05)})[:10]  # read to row 10
    plot = chart.plot_rect()
    on_screen = QRectF(screen.translated(-chart.mapToGlobal(chart.rect().topLeft())))
    box = chart.readout_layout(chart.x_of(1, plot), plot, False).box
    assert on_screen.contains(box), (box, on_screen)
    note, box = chart.unread_note_box(20, plot, chart.fontMetrics())
    assert on_screen.contains(box) and note == "row 20: not read yet", (box, on_screen)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    points=st.floats(9.0, 20.0),
    width=st.integers(240, 500),
    height=st.integers(150, 260),
    row=st.integers(1, ROWS),
    comparing=st.booleans(),
)
@example(points=16.0, width=240, height=150, row=1, comparing=True)
@example(points=10.375, width=240, height=150, row=1, comparing=True)  # the last size tried under the least
def test_the_read_out_is_whole_in_a_short_chart_with_a_large_font(qtbot, points, width, height, row, comparing) -> None:
    """With a 16-pt font, the chart at its least height (150 px) and up to 320 px wide, comparing: the read-out was
    shrunk no further than 60 % of the chart's font (13 px) and still ran 25 px past the chart's foot, the 8 and the 9
    cut off (14 pt: 3 px, the 9's lower half). Where nothing fits at 60 %, it is set at the least size read, 10 px,
    which fits: whole, in the chart."""
    chart = BeliefTimeline(DigitSession())
    qtbot.addWidget(chart)
    font = QFont(chart.font())
    font.setPointSizeF(points)
    chart.setFont(font)
    chart.resize(width, height)
    plot = chart.plot_rect()
    layout = chart.readout_layout(chart.x_of(row, plot), plot, comparing)
    assert QRectF(chart.rect()).contains(layout.box), (layout.box, QFontInfo(layout.font).pixelSize())
    assert QFontInfo(layout.font).pixelSize() >= min(QFontInfo(font).pixelSize(), READOUT_LEAST_PX)
