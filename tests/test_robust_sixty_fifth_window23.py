"""The sixty-fifth round, window23: the app's boxes and dialogs, the cases left. A key a number box refuses and a
sign typed in one, said as the box takes them; Ctrl+Z in the speed box once its ending changed; a kept folder move
said by one window of two."""

from __future__ import annotations

import pytest
from gui_window import settled, shown, teach_over_the_drawing, until, window_without_model
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest
from test_robust_sixty_second_leftovers9 import old_examples_folder
from test_robust_sixty_third_live4 import typed_in

from gui.main_window import MainWindow


@pytest.mark.parametrize(
    ("box", "typed", "shown", "used", "said"),
    [
        ("brush", "0x10", "010 px", 10, "The brush width in px goes from 4 to 64: “x” is not part of a number"),
        ("speed", "1/2", "12 rows/s", 12, "The scan speed in rows/s goes from 1 to 56: “/” is not part of a number"),
        ("brush", "-5", "-5 px", 4, "The brush width in px goes from 4 to 64: -5 was taken as 4"),
        ("brush", "-0", "-0 px", 4, "The brush width in px goes from 4 to 64: -0 was taken as 4"),
        (
            "speed",
            "-.5",
            "-.5 rows/s",
            1,
            "The scan speed in rows/s goes from 1 to 56 in whole numbers: -.5 was taken as 1",
        ),
    ],
    ids=["a letter", "a slash", "minus five", "minus zero", "minus a half"],
)
def test_what_a_number_box_refuses_or_takes_otherwise_is_said(qtbot, tmp_path, box, typed, shown, used, said) -> None:
    """ "0x10" typed in the brush box went in as 10 without a word, its "x" dropped unseen; "-5" as 5, the minus
    dropped, and "-0" was said "0 was taken as 4", a number other than the one typed. A key the box refuses is said
    as it is pressed; a sign begins a number, seen and taken as any number past the range is."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    typed_in(spin, typed, enter=False)
    assert spin.lineEdit().text() == shown
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == used
    assert window.statusBar().currentMessage() == said


def test_ctrl_z_in_the_speed_box_takes_back_what_was_typed_across_its_ending(qtbot, tmp_path) -> None:
    """ "1" typed over "8 rows/s" reads "1 row/s"; Ctrl+Z then did nothing, the 8 gone (Qt's ``setSuffix`` writes
    the box anew, and its undo with it). Ctrl+Z steps back through what was typed, its ending with it, Ctrl+Shift+Z
    on again, and Enter takes what is shown."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    spin.setValue(8)
    typed_in(spin, "12", enter=False)
    assert spin.lineEdit().text() == "12 rows/s"
    QTest.keyClick(spin, Qt.Key.Key_Backspace)
    assert spin.lineEdit().text() == "1 row/s"
    shown = []
    for key, modifiers in [(Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)] * 3 + [
        (Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    ]:
        QTest.keyClick(spin, key, modifiers)
        shown.append(spin.lineEdit().text())
    assert shown == ["12 rows/s", "1 row/s", "8 rows/s", "1 row/s"]
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 1 and spin.lineEdit().text() == "1 row/s"


def test_a_kept_folder_move_is_said_by_one_window_of_two(qapp, qtbot, tmp_path, monkeypatch, request) -> None:
    """Two windows started 6 s apart both said "Your examples have a new folder": the first moved them and keeps the
    words until its box is closed, and the second read them kept and said them too. The window saying them holds
    them; another started meanwhile says nothing, and one started after the box was closed nothing either."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False))
    box = first.teaching.moved_box
    until(qtbot, box.isVisible)
    second = shown(qtbot, MainWindow(settings=settings, load_model=False))
    assert second.teaching.moved_box is None
    box.close()
    later = shown(qtbot, MainWindow(settings=settings, load_model=False))
    assert later.teaching.moved_box is None


def test_a_kept_folder_move_is_said_again_once_its_window_closed_unsaid(qapp, qtbot, tmp_path, monkeypatch, request):
    """A control: a window closed with its box still open leaves the move to the next start, which says it."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False))
    until(qtbot, first.teaching.moved_box.isVisible)
    first.close()
    later = shown(qtbot, MainWindow(settings=settings, load_model=False))
    assert later.teaching.moved_box is not None
    assert later.teaching.moved_box.text().startswith("Your examples moved to the folder")


@pytest.mark.parametrize("size", [(1600, 1000), (629, 563)], ids=["filling the screen", "at its least"])
def test_the_teach_dialog_leaves_the_belief_in_sight(qtbot, tmp_path, monkeypatch, size) -> None:
    """The teach dialog in a window filling a 1600×1000 screen lay over the belief chart (x 728-1252 of its 742-1590,
    y 532-956 of 475-796): a teach changes no drawing, yet the chart it changes was hidden as it ran. Where the
    bars and the chart can both be kept clear, they are, the dialog made smaller or over the drawing."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))
    window = window_without_model(qtbot, tmp_path, size=size)
    window.move(0, 0)
    settled(qtbot, lambda: (window.canvas.width(), window.size()))
    dialog, _ = teach_over_the_drawing(qtbot, window, tmp_path)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog.frameGeometry)
    for view in (window.bars, window.timeline):
        assert not dialog.frameGeometry().intersects(QRect(view.mapToGlobal(QPoint(0, 0)), view.size())), view
    assert dialog.width() >= dialog.minimumSizeHint().width()
