"""The sixty-fifth round of hostile testing, leftovers14: mutants22's nine survivors, each killed here (seen failing
on its mutant, passing on the code) or measured equivalent (docs/robustness.md says which)."""

from __future__ import annotations

from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

CTRL = Qt.KeyboardModifier.ControlModifier


def test_ctrl_z_takes_back_a_paste_made_with_the_mouse(qtbot, tmp_path) -> None:
    """A paste from the speed box's menu (right click, Paste) is no key the box sees: its own steps were empty, and
    Ctrl+Z did nothing, though Qt's undo (the menu's Undo) held the paste. Ctrl+Z takes it back, Ctrl+Shift+Z on."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    spin.setValue(8)
    spin.setFocus()
    spin.selectAll()
    QApplication.clipboard().setText("12")
    spin.lineEdit().paste()  # as the menu's Paste does
    assert spin.lineEdit().text() == "12 rows/s"
    QTest.keyClick(spin, Qt.Key.Key_Z, CTRL)
    assert spin.lineEdit().text() == "8 rows/s"
    QTest.keyClick(spin, Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert spin.lineEdit().text() == "12 rows/s"
