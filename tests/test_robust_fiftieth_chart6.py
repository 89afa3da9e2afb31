"""The fiftieth round of hostile testing, chart6: the belief chart at its smallest sizes while comparing two models,
driven offscreen over MNIST's first 300 test digits read by the shipped model and by seed, at 100 % and 200 %
(``QT_SCALE_FACTOR=2``), in the light and the dark palette, its grabs looked at, and in a real window (Xvfb); each
test is checked to fail on the code before its fix."""

from __future__ import annotations

from belief_lines import peaked
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


def _point(chart: BeliefTimeline, pos: QPointF) -> None:
    """The pointer moved to ``pos`` over ``chart``, no button held."""
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(width=st.integers(240, 300), height=st.integers(150, 170), row=st.integers(1, ROWS))
def test_the_read_out_never_covers_the_spot_pointed_at_comparing_in_the_smallest_chart(qtbot, width, height, row):
    """Comparing at 240×150 (My examples shown), the read-out (135 × 131 px) fitted neither side of the pointer at
    rows 11–15 and lay over the spot pointed at and its line: 936 of 9,472 spots on the lines of MNIST's first 300
    test digits (rows 4, 8, …, 28, each line at 5 % or more). Where no read-out stands clear of the pointer, a compact
    one does: headed "Row 13", its values without their "%" (the axis says it), 109 px wide; the spot is never under
    it, and every value is still written."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (width, height))
    ours, theirs = peaked({7: (9, 0.95, 0.04), 1: (6, 0.4, 0.05)}), peaked({5: (16, 0.9, 0.05), 7: (24, 0.8, 0.03)})
    chart.probabilities = ours
    chart.set_comparison(Comparison("seed", theirs, None))
    plot = chart.plot_rect()
    pos = QPointF(chart.x_of(row, plot), chart.y_of(float(ours[row - 1, 7]), plot))
    _point(chart, pos)
    assert chart.hover_row == row
    box = chart.readout_layout(pos.x(), plot, True).box
    assert box.left() >= 0 and box.right() < width and box.top() >= 0 and box.bottom() < height, box
    assert not box.left() - 2 <= pos.x() <= box.right() + 2, (row, pos, box)
