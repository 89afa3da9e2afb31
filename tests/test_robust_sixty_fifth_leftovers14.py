"""The sixty-fifth round of hostile testing, leftovers14: mutants22's nine survivors, each killed here (seen failing
on its mutant, passing on the code) or measured equivalent (docs/robustness.md says which)."""

from __future__ import annotations

from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget

from gui.screen_room import say_at_start
from rowreader.data import load_mnist
from rowreader.one_digit import cropped, ring_round

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


def test_a_window_closed_before_it_was_shown_leaves_its_box_unopened_and_unsaid(qtbot) -> None:
    """A window closed before it was ever shown has no Hide to come: its start's box stays unopened (it opened over
    nothing, offscreen), its message kept for the next start, and ``done`` is told once, at the close."""
    window = QWidget()
    qtbot.addWidget(window)
    box = QMessageBox(QMessageBox.Icon.Information, "RowReader", "Your examples have a new folder", parent=window)
    said, done = [], []
    say_at_start(box, window, lambda: said.append(1), lambda: done.append(1))
    window.close()
    for _ in range(3):
        QApplication.processEvents()
    assert not box.isVisible()
    window.setWindowTitle("still there")  # more events on the closed window
    window.update()
    QApplication.processEvents()
    assert (said, done) == ([], [1])


def test_the_mnist_digit_nearest_to_a_c_round_its_rest_is_no_c() -> None:
    """MNIST training digit 1623 (a 9, inked from 26) is the plain digit whose pieces come nearest a C drawn round
    the rest: 1.07 of its pens clear of the edges. ``OPEN_CLEAR`` asks 1.15; at 1.05 its 97 px were taken for a C
    and read apart from the rest."""
    images, labels = load_mnist(train=True)
    assert labels[1623] == 9
    assert ring_round(cropped(images[1623] >= 26)) is None
