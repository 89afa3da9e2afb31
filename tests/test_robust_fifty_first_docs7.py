"""The fifty-first round of hostile testing, docs7: the docs (README, docs/the-app.md, input-checks.md, library.md,
training.md, teaching.md, shipped-model.md, development.md) read against the code after this round's changes, each
concrete claim (a message's words, a limit, a key, a menu item, a default, a file name, a status, a measured number)
checked by running it; where the docs state what was meant and the code fell short, the code is fixed, each test
checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton


def test_the_keyboard_shortcuts_list_says_space_on_a_panels_float_button(qtbot, tmp_path: Path) -> None:
    """The README says F1 lists each view's keys, and docs/the-app.md that Space on a panel's float button (a Tab
    stop since the fiftieth round) floats the panel into a window of its own or docks it back; Help ▸ Keyboard
    shortcuts listed Esc and Tab of a panel in its own window and never that Space. It lists it now, and Space on the
    button does what the list says."""
    window = window_without_model(qtbot, tmp_path)
    rows = dict(window.actions_.shortcut_rows())
    assert rows.get("A panel's float button (Tab to it): float it / dock it back") == "Space"
    dock = window.heatmap_dock
    button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(dock.isFloating)
