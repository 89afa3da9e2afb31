"""The sixtieth round of hostile testing, review46: window17's and live1's merges read for their edges, and the teach
dialog review44 left. Each defect found is seen failing on the code before its fix."""

from __future__ import annotations

from gui_window import settled, until, window_without_model
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from test_robust_fifty_ninth_window16 import AT_200_ON_1024X600, whole
from test_robust_fifty_seventh_window14 import finished_teach


def test_the_finished_teach_dialog_moved_onto_a_small_screen_fits_it(qtbot, tmp_path, monkeypatch) -> None:
    """Finished on a 1600×1000 screen, then dragged onto a laptop's (200 % on 1024×600: 512×300 logical px), the
    dialog stayed 524×424 with its chart, Close below the screen's foot (review44): only a chart that went was looked
    at again. Now, once it lies still there, it is fitted to that screen as one finished there is: its outcome whole,
    the chart given way or gone, every part on the screen."""
    screen = [QRect(0, 0, 1600, 1000)]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: screen[0])
    dialog = finished_teach(qtbot, window_without_model(qtbot, tmp_path), tmp_path)
    assert not dialog.chart.isHidden()  # room for it on the large screen
    screen[0] = AT_200_ON_1024X600
    dialog.windowHandle().screenChanged.emit(dialog.screen())  # as the window system says of a drag to a laptop
    until(qtbot, lambda: AT_200_ON_1024X600.contains(dialog.frameGeometry()))
    settled(qtbot, dialog.frameGeometry)
    whole(dialog)
