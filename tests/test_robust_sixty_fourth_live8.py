"""The sixty-fourth round's live8: the whole app as a person uses it, tried in a real window (Xvfb, openbox, xdotool)
and offscreen. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QApplication


@pytest.mark.parametrize("typed", ["1", ".5", "1e-+5"])
def test_the_toolbar_stays_put_as_the_speed_box_says_1_row_per_second(qtbot, tmp_path, typed) -> None:
    """The text "1 row/s" is shorter than "8 rows/s": the speed box shrank by its "s" and every button right of it
    (Random digit, Open image, Open model, Compare…) slid 6 px left under the pointer, back again at 2 rows/s."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    speed = window.actions_.speed
    right_of_it = window.actions_.files_toolbar.widgetForAction(window.actions_.random)
    QApplication.processEvents()
    before = (speed.width(), right_of_it.mapTo(window, QPoint(0, 0)).x())
    speed.lineEdit().selectAll()
    qtbot.keyClicks(speed.lineEdit(), typed)
    speed.interpretText()
    QApplication.processEvents()
    assert speed.value() == 1 and speed.suffix() == " row/s"
    assert (speed.width(), right_of_it.mapTo(window, QPoint(0, 0)).x()) == before
