"""The fifty-first round of hostile testing, docks3: the window's docks and the keys' place as a keyboard user moves
them, driven offscreen with pytest-qt and confirmed in a real window (Xvfb, openbox, xdotool, screenshots looked at);
each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import settled, shown, window_without_model
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication
from test_robust_fiftieth_docks2 import left_at_100

from gui.focus_chain import tab_stops
from gui.main_window import MainWindow
from gui.window_room import FLOATED_FOR_ROOM, HIDDEN_FOR_ROOM, LSTM_HIDDEN_FOR_ROOM_KEY


def test_space_on_the_float_button_leaves_the_keys_where_tab_goes_on(qtbot, tmp_path: Path) -> None:
    """Space on "Inside the LSTM"'s float button floated the view and the keys went nowhere (offscreen; to the drawing
    in a real window, where a second Space played it): the button is hidden on a panel in its own window. Floated, the
    keys now go to the panel in its window (its first Tab stop; the view itself without a model), Tab going on;
    docked again from there (its window's title bar), they are back on the button, whose Space floats it again."""
    window = window_without_model(qtbot, tmp_path)
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    dock = window.heatmap_dock
    button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(dock.isFloating)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.heatmap)  # in its own window: no Tab stop there
    dock.setFloating(False)  # docked from there, as a double click on its window's title bar docks it
    qtbot.waitUntil(button.hasFocus)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(dock.isFloating)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.heatmap)
    QTest.keyClick(window.heatmap, Qt.Key.Key_Tab)  # on along the window's chain (no model: the drawing alone)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is window.canvas)
    assert tab_stops(window) == [window.canvas]


def test_maps_left_floating_at_100_and_shown_at_200_come_back_floating_at_100(qtbot, tmp_path, monkeypatch) -> None:
    """Maps left floating at 100 %, hidden for room at 200 % and shown there by Ctrl+L (over the chart, for room),
    came back docked under the views at the next start at 100 % (seen in a real window): quit so, they were saved as
    floated for room, and those are docked at a start with room, as maps docked before are. Maps the user left
    floating are saved as theirs, and come back floating."""
    settings = left_at_100(qtbot, tmp_path, monkeypatch, floating=True)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    maps = window.heatmap_dock
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == HIDDEN_FOR_ROOM)  # no room at 200 % (docks2)
    assert maps.isHidden()
    window.actions_.show_state.trigger()  # Ctrl+L
    qtbot.waitUntil(lambda: maps.isVisible() and window.statusBar().currentMessage() == FLOATED_FOR_ROOM)
    window.room.save()  # quit so
    window.close()
    assert settings.value(LSTM_HIDDEN_FOR_ROOM_KEY) == ""  # not "floated": they were not docked before
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))  # 100 % again
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    maps = again.heatmap_dock
    assert settled(qtbot, lambda: (maps.isFloating(), maps.isVisible()), polls=10) == (True, True)
