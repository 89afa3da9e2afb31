"""The nineteenth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

from gui_window import settled, shown
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow


def _window(qtbot, tmp_path, size: tuple[int, int] = (1100, 740)) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    return shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"), size)


def _on_screen(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def test_nineteenth_window_the_maps_asked_for_on_a_short_screen_leave_the_status_bar_in_sight(
    qtbot, tmp_path, monkeypatch
) -> None:
    """At 200 % on a 1600×1000 screen, the window filling it, Ctrl+L put "Inside the LSTM" in a window of its own
    down to the screen's bottom: over the status bar, where the reading is said ("Too small to read") and the model
    named. It stands above the status bar, over the chart as before, no taller."""
    free = QRect(0, 0, 910, 512)  # 800 × 500 logical is as short: the maps wait for Ctrl+L there
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = _window(qtbot, tmp_path)
    window.move(0, 0)
    dock = window.heatmap_dock
    assert dock.isHidden()
    window.actions_.show_state.trigger()  # Ctrl+L
    assert dock.isVisible() and dock.isFloating()
    status = window.statusBar()
    settled(qtbot, lambda: (_on_screen(status), dock.frameGeometry()))
    assert free.contains(_on_screen(status))
    assert not dock.frameGeometry().intersects(_on_screen(status)), (dock.frameGeometry(), _on_screen(status))
    assert dock.height() >= dock.minimumSizeHint().height()
    assert not dock.frameGeometry().intersects(_on_screen(window.bars))  # no taller for it: the bars kept clear
