"""The forty-ninth round of hostile testing, layout: the app's window at the sizes people's screens have (Xvfb at
1280×800, 1366×768, 1024×768 and 1920×1080, and at 150 % and 200 %), resized, maximised, its docks floated, docked
and closed, and started again, screenshots looked at; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import settled, shown
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow


def _window_on(qtbot, tmp_path: Path, monkeypatch, free: QRect) -> MainWindow:
    """A window without a model, 1100 × 720 at the middle of a screen whose free area is ``free``."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    window.setGeometry(251, 167, 1100, 720)
    return shown(qtbot, window)


def _covers(dock_frame: QRect, *views) -> list[str]:
    """The names of those ``views`` (widgets) a dock's frame lies over."""
    return [
        type(view).__name__
        for view in views
        if view.isVisible() and dock_frame.intersects(QRect(view.mapToGlobal(view.rect().topLeft()), view.size()))
    ]


def test_maps_floated_beside_the_window_keep_off_its_views_once_it_fills_the_screen(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """ "Inside the LSTM" floated by its button, placed by the app beside the window (above it, on a 1600×1000
    screen), stayed there when the window was maximised (or made to fill the screen): it lay over the drawing, the
    bars, What the model sees and the toolbars. A dock the app placed is placed again once the window's size has
    settled, clear of the drawing, the bars and the chart where the screen has room; one the user moved stays."""
    window = _window_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1600, 1000))
    maps = window.heatmap_dock
    maps.setFloating(True)
    qtbot.waitUntil(lambda: maps.isFloating() and maps.isVisible())
    beside = settled(qtbot, maps.frameGeometry)
    assert not beside.intersects(window.frameGeometry())  # placed clear of the window: the screen has room
    window.setGeometry(0, 0, 1584, 952)  # maximised, as openbox does it on this screen
    qtbot.waitUntil(lambda: maps.frameGeometry() != beside, timeout=3_000)
    placed = settled(qtbot, maps.frameGeometry)
    assert not _covers(placed, window.canvas, window.bars, window.timeline, window.menuBar())
