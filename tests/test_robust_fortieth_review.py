"""The fortieth round of hostile testing, review: what the thirty-ninth round merged, read as a demanding reviewer
would (the peak names kept clear of the peak marks, the marks' shapes made once, the status line taking back the
maps' news, Close in Cancel's place, Delete in a row with none chosen); each defect found is checked to fail on the
code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import shown
from PySide6.QtCore import QRect, QSettings, Qt
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow
from gui.window_room import FLOATED_FOR_ROOM, HIDDEN_FOR_ROOM

NONE, SHIFT = Qt.KeyboardModifier.NoModifier, Qt.KeyboardModifier.ShiftModifier


def test_the_maps_news_goes_when_ctrl_l_makes_it_untrue(qtbot, tmp_path: Path, monkeypatch) -> None:
    """At 200 % on a 1366×768 screen the status line says "No room for Inside the LSTM: it lies over the views;
    Ctrl+L hides it" as Ctrl+L floats the maps. The thirty-ninth round took it back as they dock again, but Ctrl+L,
    the very key it names, hid them and it went on saying they lie over the views for the rest of its 15 s; so did
    the start's "No room … on this screen; Ctrl+L shows it" with the maps shown. Each goes as it stops being true."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, 683, 384))
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=saved, load_model=False, user_dir=tmp_path / "mine"))
    maps, bar, toggle = window.heatmap_dock, window.statusBar(), window.actions_.show_state
    qtbot.waitUntil(lambda: bar.currentMessage() == HIDDEN_FOR_ROOM)
    toggle.trigger()  # Ctrl+L: shown, in a window of their own
    qtbot.waitUntil(maps.isVisible)
    assert maps.isFloating() and bar.currentMessage() == FLOATED_FOR_ROOM
    toggle.trigger()  # Ctrl+L again: hidden
    assert maps.isHidden() and bar.currentMessage() == "", bar.currentMessage()
    window.say(HIDDEN_FOR_ROOM, 15_000)  # as the start says it
    maps.setFloating(False)
    maps.show()  # shown with room for them (the title bar's button, a layout restored)
    assert bar.currentMessage() == "", bar.currentMessage()
    window.say("Opened 4.png")  # other news stays
    maps.hide()
    maps.show()
    assert bar.currentMessage() == "Opened 4.png"
