"""The twentieth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

from gui_window import shown
from PySide6.QtCore import QByteArray, QSettings

from gui.main_window import MainWindow


def _settings(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def _window(qtbot, tmp_path, size: tuple[int, int] | None = None) -> MainWindow:
    window = MainWindow(settings=_settings(tmp_path), load_model=False, user_dir=tmp_path / "mine")
    return shown(qtbot, window, size)


def test_twentieth_window_a_maximised_window_opens_maximised_on_a_screen_of_another_width(qtbot, tmp_path) -> None:
    """Maximised on a 1600 px wide screen and started again on one 1,024 px wide, the window opened unmaximised:
    Qt refuses a geometry saved on a screen a quarter wider or narrower. It opens maximised, as it was left."""
    window = _window(qtbot, tmp_path)
    window.showMaximized()
    qtbot.waitUntil(window.isMaximized)
    window.close()
    settings = _settings(tmp_path)
    geometry = bytearray(settings.value("window/geometry").data())
    at = 4 + 2 + 2 + 16 + 16 + 4 + 1 + 1  # the screen's width in Qt's format 3: after two rects, a screen, flags
    geometry[at : at + 4] = (int.from_bytes(geometry[at : at + 4]) * 2).to_bytes(4)
    settings.setValue("window/geometry", QByteArray(bytes(geometry)))
    settings.sync()
    again = MainWindow(settings=_settings(tmp_path), load_model=False, user_dir=tmp_path / "mine")
    assert not again.restoreGeometry(QByteArray(bytes(geometry)))  # Qt's refusal, as on the smaller screen
    shown(qtbot, again)
    assert again.isMaximized()
