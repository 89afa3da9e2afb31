"""The fifty-first round of hostile testing, docks3: the window's docks and the keys' place as a keyboard user moves
them, driven offscreen with pytest-qt and confirmed in a real window (Xvfb, openbox, xdotool, screenshots looked at);
each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from gui.focus_chain import tab_stops


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
