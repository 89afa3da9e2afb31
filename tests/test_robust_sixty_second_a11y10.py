"""The sixty-second round of hostile testing, a11y10: the app by keys alone, read by a screen reader, in large text (a
real window on Xvfb :99 with openbox, QT_FONT_DPI=144 on 1366×768). Each defect found is seen failing on the code
before its fix."""

from __future__ import annotations

import pytest
from gui_window import shown, teach_over_the_drawing, until, window_without_model
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.teach import TeachDialog
from gui.text_box import TextArea, TextBox


def keys_to_box(qtbot, window, box: str):
    """Alt+B (``box`` "brush") or Alt+S ("speed") as the window's action gives it: the box, once it holds the keys
    (window20's and mutants19's tests start from it too)."""
    actions = window.actions_
    (actions.type_brush if box == "brush" else actions.type_speed).trigger()
    typed_into = getattr(actions, box)
    until(qtbot, typed_into.hasFocus)
    return typed_into


@pytest.mark.parametrize("examples_shown", [False, True])
@pytest.mark.parametrize("box", ["brush", "speed"])
def test_tab_from_a_toolbar_box_goes_on_to_the_drawing_below_it(qtbot, tmp_path, box, examples_shown) -> None:
    """Alt+B (or Alt+S), a number typed, then Tab to go on: with My examples shown, the keys went to its first
    example (Import… where none was kept), past the drawing right under the toolbar, where Enter and Esc give them
    back; with it hidden Tab reached the drawing. Tab sets the number typed and goes on to the drawing now, My
    examples shown or not."""
    window = window_without_model(qtbot, tmp_path)
    window.activateWindow()
    until(qtbot, window.isActiveWindow)
    if examples_shown:
        window.teaching.show_dock.trigger()
        until(qtbot, window.teaching.dock.isVisible)
    typed_into = keys_to_box(qtbot, window, box)
    QTest.keyClicks(typed_into.lineEdit(), "12")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    until(qtbot, lambda: QApplication.focusWidget() is not typed_into)
    assert QApplication.focusWidget() is window.canvas, QApplication.focusWidget().accessibleName()
    assert typed_into.value() == 12


@pytest.mark.parametrize("where", ["teach warnings", "shortcuts", "about"])
def test_a_text_area_reached_by_tab_says_its_text(qtbot, tmp_path, where) -> None:
    """Tab to the teach dialog's warnings (or to the text of Keyboard shortcuts or About): a screen reader was told
    "Warnings from the teach" and no warning, the text a label inside the area it never reached (its description
    empty). The area says its text as its description, plain, as it takes the keys."""
    window = window_without_model(qtbot, tmp_path)
    if where == "teach warnings":
        box = TeachDialog(window)
        box.warnings.setText("⚠ 3/scan.png could not be read: not a picture\n⚠ only one drawing of 7")
        box.warnings_area.show()
        shown(qtbot, box)
        area, expected = box.warnings_area, box.warnings.text()
    else:
        (window.actions_.show_shortcuts if where == "shortcuts" else window.actions_.show_about)()
        box = window.findChild(TextBox)
        shown(qtbot, box)
        area = box.findChild(TextArea)
        expected = "Ctrl+O" if where == "shortcuts" else "MIT licence"
    box.activateWindow()
    until(qtbot, box.isActiveWindow)
    area.setFocus(Qt.FocusReason.TabFocusReason)
    until(qtbot, area.hasFocus)
    said = QAccessible.queryAccessibleInterface(area)
    assert said.text(QAccessible.Text.Name) == area.accessibleName() != ""
    description = said.text(QAccessible.Text.Description)
    assert expected in description and "<" not in description, description[:200]


def test_space_pressed_as_the_teach_dialog_opens_cancels_nothing(qtbot, tmp_path) -> None:
    """Ctrl+T, then Space to watch the digit scan while it learns (the dialog is not modal): the dialog had the keys,
    on Cancel, unframed (Qt frames the keys only once Tab is used in a window), and Space pressed it: the teach was
    cancelled (in the real window, "Cancelled. Still reading with the shipped model"). The keys open on its status
    line, framed, which a screen reader says; Tab takes them to Cancel, where Space cancels as a button does."""
    window = window_without_model(qtbot, tmp_path)
    dialog, process = teach_over_the_drawing(qtbot, window, tmp_path)
    cancelled = []
    process.cancel = lambda: cancelled.append(True)
    dialog.activateWindow()
    until(qtbot, dialog.isActiveWindow)
    until(qtbot, lambda: QApplication.focusWidget() is not None and QApplication.focusWidget().window() is dialog)
    assert QApplication.focusWidget() is dialog.status
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Space)
    qtbot.wait(50)
    assert not cancelled
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    until(qtbot, dialog.cancel_button.hasFocus)
    QTest.keyClick(dialog.cancel_button, Qt.Key.Key_Space)
    until(qtbot, lambda: bool(cancelled))
