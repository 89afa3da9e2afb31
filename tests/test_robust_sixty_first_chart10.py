"""The sixty-first round of hostile testing, chart10: the belief view read as a user reads it, in a real window
(Xvfb, openbox, xdotool, screenshots looked at) and offscreen with pytest-qt; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession

NONE, PLAIN = Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier


@pytest.mark.parametrize("comparing", [False, True], ids=["alone", "comparing"])
def test_the_read_out_stands_beside_the_pointer_in_a_wide_chart(qtbot, comparing):
    """In a window wide enough to lay the chart across it (1600 × 980 at 100 %, the chart 1,580 px wide), pointing
    at row 1 showed its read-out at the plot's far corner, over rows 23–28, some 1,200 px from the pointer: the eye
    went across the screen and back for each value, where the note of a row not read stands 6 px beside the guide.
    It stays on the side away from the pointer, no further from it than its own width."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (780, 220))  # as wide as the offscreen screen allows
    rng = np.random.default_rng(3)
    chart.probabilities = np.asarray(rng.dirichlet(np.full(10, 0.3), ROWS), np.float32)
    chart._rows_read = ROWS
    if comparing:
        chart.comparison = Comparison("seed", chart.probabilities[::-1].copy(), None)
    plot = chart.plot_rect()
    for row in (1, 2, 5, 24, 27, ROWS):
        x = chart.x_of(row, plot)
        spot = QPointF(x, plot.center().y())
        QApplication.sendEvent(
            chart, QMouseEvent(QEvent.Type.MouseMove, spot, chart.mapToGlobal(spot), NONE, NONE, PLAIN)
        )
        assert chart.hover_row == row
        box = chart.readout_layout(x, plot, comparing).box
        gap = box.left() - x if box.left() > x else x - box.right()
        assert 2 <= gap <= box.width(), (row, gap, box.width())
        assert (box.left() > x) == (x < plot.center().x()), row  # on the side away from the pointer, as before
        assert plot.left() <= box.left() and box.right() <= plot.right(), row
