"""The thirty-ninth round of hostile testing, window: the app as people see it after the thirty-eighth round changed
its looks (a shape on each belief line every ten rows and at its peak, the maps' colour bar), drawn in a real window
(Xvfb + openbox + xdotool) at 100 % and 200 %, dark and light, crops of the chart enlarged and turned grey; each
defect found is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtCore import QPointF

from gui.markers import mark_path
from gui.timeline import BeliefTimeline
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession


@pytest.mark.parametrize("peak", [1.0, 0.6, 0.2])
def test_a_peak_label_leaves_its_own_mark_whole(qtbot, peak: float) -> None:
    """A peak's name was set 2 px from the peak, as beside the old 3-px dot: its mark reaches 5.2 px (a star, a
    triangle), and the dark window's 7 at 100 % (row 23) had its star's lower arms under its name's box. Every
    digit's name now keeps clear of its own peak's mark, wherever the peak lies."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    plot = chart.plot_rect()
    for digit in range(CLASSES):
        probs = np.full((ROWS, CLASSES), 0.01, np.float32)
        probs[:, digit] = np.minimum(np.linspace(0.05, peak * 1.2, ROWS), peak)
        probs[ROWS - 6, digit] = peak + 0.001  # the peak at row 23, as the screenshot's
        chart.probabilities = probs
        [(named, box, _)] = chart.peak_labels()
        centre = QPointF(chart.x_of(ROWS - 5, plot), chart.y_of(float(probs[ROWS - 6, digit]), plot))
        assert named == digit
        assert not mark_path(digit, centre).intersects(box), (digit, box)
