"""The sixty-fifth round, live10: the whole app as a person uses it, in a real window. Ctrl+Z in the brush box after
a number typed over all of it (a triple click selects "4 px", ending and all)."""

from __future__ import annotations

import pytest
from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

CTRL = Qt.KeyboardModifier.ControlModifier


@pytest.mark.parametrize(("box", "before"), [("brush", "4 px"), ("speed", "8 rows/s")])
def test_ctrl_z_takes_a_number_typed_over_the_whole_box_back(qtbot, tmp_path, box, before) -> None:
    """A triple click in the brush box selects "4 px", its ending too; "12.5" typed over it, Ctrl+Z went back to
    "1 px" and no further (Qt writes the box anew as the first digit replaces its ending, and its undo with it): the
    4 was gone. Ctrl+Z steps back to what the box showed, Ctrl+Shift+Z on again, in both boxes."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    spin.setValue(int(before.split()[0]))
    edit = spin.lineEdit()
    spin.setFocus()
    edit.selectAll()  # as a triple click does: the ending too, not the number alone (QAbstractSpinBox.selectAll)
    QTest.keyClicks(spin, "12.5")
    assert edit.text() == f"12.5 {before.split()[1]}"
    shown = []
    for modifiers in [CTRL] * 5 + [CTRL | Qt.KeyboardModifier.ShiftModifier] * 5:
        QTest.keyClick(spin, Qt.Key.Key_Z, modifiers)
        shown.append(edit.text().split(" ")[0])
    assert shown[4] == before.split()[0]  # back to what the box showed
    assert shown[-1] == "12.5"  # and on to all that was typed
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 13
