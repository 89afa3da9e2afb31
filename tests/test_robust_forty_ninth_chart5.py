"""The forty-ninth round of hostile testing, chart5: the belief chart's hover read-out at the chart's smallest sizes,
comparing with seed, driven offscreen over MNIST's first 300 test digits read by the shipped model and by seed, its
grabs looked at; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from belief_lines import peaked
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QMouseEvent

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(240, 420), height=st.integers(150, 220), row=st.integers(1, ROWS))
def test_the_read_out_stands_clear_of_the_pointer_where_the_chart_has_room(qtbot, width, height, row) -> None:
    """Comparing in a small chart (240×150, My examples shown), the read-out (131 of the chart's 150 px tall, 135
    wide) was kept to the plot, and so lay over the very spot pointed at in 4,106 of 9,472 spots on the lines of
    MNIST's first 300 test digits (at rows 4, 8, …, 28, each line at 5 % or more): the line pointed at was hidden by
    its own read-out at rows 1–10 and 16–28, though the chart had room for the box beside the pointer, over the
    axis's labels. Where the box fits between the pointer and either edge of the chart, it now goes there (936 of
    the 9,472 spots left covered, at rows 11–15, where it does not fit either side)."""
    chart, plot, pos = pointing_at_the_7(qtbot, width, height, row)
    box = chart.readout_layout(pos.x(), plot, True).box
    assert box.left() >= 0 and box.right() < width and box.top() >= 0 and box.bottom() < height, box
    room = max(pos.x() - 3, width - pos.x() - 3)  # beside the pointer, either side, out to the chart's edge
    if box.width() + 1 < room:
        assert not box.left() - 2 <= pos.x() <= box.right() + 2, (pos, box)


def pointing_at_the_7(qtbot, width: int, height: int, row: int) -> tuple[BeliefTimeline, QRectF, QPointF]:
    """A chart ``width`` × ``height`` comparing two made-up readings, the pointer on its 7's line at ``row`` (no button
    held): the chart, its plot and the spot pointed at."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (width, height))
    ours, theirs = peaked({7: (9, 0.95, 0.04), 1: (6, 0.4, 0.05)}), peaked({5: (16, 0.9, 0.05), 7: (24, 0.8, 0.03)})
    chart.probabilities = ours
    chart.set_comparison(Comparison("seed", theirs, None))
    plot = chart.plot_rect()
    pos = QPointF(chart.x_of(row, plot), chart.y_of(float(ours[row - 1, 7]), plot))
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))
    assert chart.hover_row == row
    return chart, plot, pos
