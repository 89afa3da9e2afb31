"""The fiftieth round of hostile testing, leftovers3: small defects the round's other areas saw and left (the status
bar in full chosen from the Help menu, Ctrl+I while a test digit loads, checks no test held, a second way to shorten
words, a long ``--also`` printed whole), each driven offscreen (pytest-qt) or called as a user calls it; each test is
checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import open_shipped_window
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QToolTip


def test_the_status_bar_in_full_chosen_from_a_menu_shows_once_the_window_has_its_focus_back(qtbot, tmp_path: Path):
    """Help ▸ Status bar in full, chosen from the menu (pointer or Alt+H), showed nothing in a real window: the menu
    is gone before the action triggers, but the window gets its focus back from X a moment later, and Qt's tooltip
    closes on any focus coming in, so it was hidden within 3 ms (Shift+F1, with the window focused, stayed). Asked
    while no window of the app has the focus, it now opens once one has it back."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    window.say("Nothing to play: draw a digit first.")
    menu = next(o for o in window.actions_.whole_status.associatedObjects() if isinstance(o, QMenu))
    menu.popup(window.mapToGlobal(window.rect().center()))
    qtbot.waitUntil(menu.isVisible, timeout=5_000)
    seen = []
    window.actions_.whole_status.triggered.connect(lambda: seen.append(QGuiApplication.focusWindow()))
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is menu.windowHandle(), timeout=5_000)
    QTest.keyClick(menu, Qt.Key.Key_F)  # Status bar in &full: the menu goes, then the action triggers
    assert seen == [None], seen
    window.activateWindow()  # the window's focus back, as X gives it a moment later
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is window.windowHandle(), timeout=5_000)
    QTest.qWait(20)
    assert QToolTip.isVisible()
    assert QToolTip.text().startswith("Nothing to play: draw a digit first."), QToolTip.text()


def test_ctrl_i_while_a_test_digit_loads_says_a_test_digit_has_no_other_ink(qtbot, tmp_path: Path) -> None:
    """Ctrl+I pressed while Ctrl+R's test set still loaded said "a picture is being read (Ctrl+I again once it is
    shown)", but a test digit, once shown, has no other ink to read: Ctrl+I again then only said so. It now says a
    test digit is coming and has no other ink, and what Ctrl+I reads."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    window.pictures.random_digit()
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    said = window.statusBar().currentMessage()
    assert said == (
        "Not read in the other ink: a test digit is being loaded, and it has no other ink to read "
        "(Ctrl+I reads a picture opened, dropped or pasted)."
    ), said
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
