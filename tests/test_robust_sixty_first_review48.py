"""The sixty-first round, review48: a review of tidy1's, cli16's and window18's merges (see docs/robustness.md)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from gui_window import open_shipped_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.demo import draw_digit


def test_ctrl_z_in_the_open_keep_dialog_takes_back_the_last_stroke_and_the_question(qtbot, tmp_path) -> None:
    """Ctrl+K, then Ctrl+Z with the Keep dialog in front (window18's unexplained sighting, a real window on Xvfb):
    the dialog, a window of its own, had none of the window's shortcuts, so Ctrl+Z did nothing at all, unsaid, the
    drawing as it was and Redo grey. The dialog does not block the window: Undo there is the window's, the drawing
    asked about changes, and the question goes, saying so, as drawing on does."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    stack = window.canvas.undo_stack
    draw_digit(window.canvas, "7")
    strokes = stack.index()
    dialog = window.teaching.keep()
    assert dialog is not None
    dialog.activateWindow()  # as the window manager makes it
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert stack.index() == strokes - 1 and window.actions_.redo.isEnabled()  # the last stroke taken back
    assert not dialog.isVisible() and window.teaching.keep_dialog is None  # nothing kept under the old drawing's digit
    assert window.statusBar().currentMessage().startswith("Not kept: the drawing changed")
    assert not window.teaching.store.root.exists() or not any(window.teaching.store.root.rglob("*.png"))


def test_ctrl_shift_z_in_the_open_keep_dialog_brings_the_stroke_back_and_withdraws_it(qtbot, tmp_path) -> None:
    """Redo alike: a stroke taken back, Ctrl+K on what is left, then Ctrl+Shift+Z with the dialog in front did
    nothing; now the stroke comes back and the question about the drawing without it goes."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    stack = window.canvas.undo_stack
    draw_digit(window.canvas, "7")
    strokes = stack.index()
    window.canvas.undo()
    dialog = window.teaching.keep()
    assert dialog is not None
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    modifiers = Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier
    QTest.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Z, modifiers)
    assert stack.index() == strokes and not dialog.isVisible() and window.teaching.keep_dialog is None
