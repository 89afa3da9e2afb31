"""The fifty-sixth round of hostile testing, window13: the main window's layout at 150 % on small screens (Xvfb at
1280×720 and 1024×768 with openbox, ``QT_SCALE_FACTOR=1.5``, xdotool; each screenshot looked at), the window sized
to its least, My examples shown, floated and docked again, and the window moved between two screens of other sizes
(offscreen, a configured second screen); each defect found is checked offscreen, the screen's free area given in
logical px as 150 % makes it, and seen failing on the code before its fix."""

from __future__ import annotations

from gui_window import window_without_model
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from gui.window_layout import LSTM_HEIGHT
from gui.window_room import FIRST_SIZE


def test_a_window_moved_onto_a_smaller_screen_is_fitted_into_it(qtbot, tmp_path, monkeypatch) -> None:
    """Dragged from a 1600×1000 monitor onto a laptop's 1280×720 screen at 150 % (853×480 logical px), the window
    kept its 1100×720 px: its status bar, the chart, "Inside the LSTM" and its own lower edge (to resize it by) lay
    below the screen's foot. Once it has settled there it fits that screen, its views scrolling, as at a start."""
    monitor, laptop = QRect(0, 0, 1600, 1000), QRect(0, 0, 853, 480)
    free = monitor
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path)
    assert window.size() == FIRST_SIZE and window.heatmap_dock.height() >= LSTM_HEIGHT - 10
    qtbot.wait(1500)  # the start's layout settled: a later change of it fitted the window to the screen anyway
    free = laptop  # the screen it is on now
    window.windowHandle().screenChanged.emit(window.screen())
    qtbot.waitUntil(lambda: laptop.contains(window.frameGeometry()), timeout=5_000)
    status = window.statusBar()
    assert laptop.contains(QRect(status.mapToGlobal(status.rect().topLeft()), status.size()))
    assert window.views_area.viewport().width() >= window.views_area.widget().wide_least_width()  # side by side


def test_a_window_that_fits_its_new_screen_stays_where_it_was_left(qtbot, tmp_path, monkeypatch) -> None:
    """Moved onto another screen it fits, left partly across the edge (into the screen beside it), the window keeps
    its size and place: only one larger than its new screen is fitted into it."""
    laptop = QRect(0, 0, 853, 480)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: laptop)
    window = window_without_model(qtbot, tmp_path, size=(560, 440))
    qtbot.wait(1500)  # the start's layout settled
    window.move(-200, 0)  # its left part on the screen beside
    qtbot.wait(1000)  # past MOVED_SETTLE_MS
    left = window.geometry()
    assert left.left() < 0
    window.windowHandle().screenChanged.emit(window.screen())
    qtbot.wait(1000)
    assert window.geometry() == left
