"""The forty-eighth round of hostile testing, a11y3: the app for a screen-reader and keyboard-only user, in a real
window (Xvfb, openbox, xdotool key presses only) and offscreen: what a screen reader is told of the status line's
news, Tab through the window, its docks and dialogs, and where the keys land after a dialog, a Delete and a teach;
each test checked to fail on the code before its fix."""

from __future__ import annotations

import ctypes
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import numpy as np
import PySide6
import pytest
import shiboken6
from gui_window import keyed, window_without_model
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent, QAccessibleEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QLabel, QListWidget

from gui.example_rows import EXAMPLE_KEYS
from gui.keep_dialog import KeepExampleDialog
from gui.numbers import day_and_month, moment_words
from gui.teach import TeachDialog, misread_line
from gui.teach_process import TeachProcess
from gui.teaching import EXAMPLES_FOLDER
from rowreader.example_store import ExampleStore

_HANDLER = ctypes.CFUNCTYPE(None, ctypes.c_void_p)  # QAccessible::UpdateHandler: void (*)(QAccessibleEvent *)


@pytest.fixture
def announced() -> Iterator[list[str]]:
    """What Qt sends a screen reader as announcements while the test runs: QAccessible made active (as a screen
    reader makes it) and an update handler installed, which Qt hands every accessibility event. PySide6 does not
    bind ``installUpdateHandler``: it is called in Qt's own library."""
    lib = ctypes.CDLL(str(next((Path(PySide6.__file__).parent / "Qt" / "lib").glob("libQt6Gui.so*"))))
    install = lib._ZN11QAccessible20installUpdateHandlerEPFvP16QAccessibleEventE
    install.restype, install.argtypes = ctypes.c_void_p, [ctypes.c_void_p]
    said: list[str] = []

    def handler(address: int) -> None:
        if shiboken6.wrapInstance(address, QAccessibleEvent).type() == QAccessible.Event.Announcement:
            said.append(shiboken6.wrapInstance(address, QAccessibleAnnouncementEvent).message())

    callback = _HANDLER(handler)
    before = install(ctypes.cast(callback, ctypes.c_void_p))
    QAccessible.setActive(True)
    try:
        yield said
    finally:
        QAccessible.setActive(False)
        install(before)


def _a_zero(tmp_path: Path) -> Path:
    """The user folder of a window, with one example kept in it: a 0."""
    user = tmp_path / "mine"
    picture = np.full((28, 28), 255, np.uint8)
    picture[6:22, 8] = picture[6:22, 19] = picture[6, 8:20] = picture[21, 8:20] = 0
    ExampleStore(user / EXAMPLES_FOLDER).add(0, picture)
    return user


def test_the_status_lines_news_is_announced_to_a_screen_reader(qtbot, tmp_path, announced) -> None:
    """An example deleted from My examples by Delete: the bar showed "Deleted the example of 0 (…): Ctrl+Z brings it
    back" and a screen reader was told nothing (a status bar's text changing is not news to one); nor were "Cancelled",
    a teach's end or any other message. Each message is now announced whole, politely; an import's running count (the
    first said) and a message shortened anew after a resize are not said again."""
    window = window_without_model(qtbot, tmp_path, user_dir=_a_zero(tmp_path))
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: sum(rows.count() for _, rows in panel.view.rows.values()) == 1, timeout=20_000)
    zeros = panel.view.rows[0][1]
    assert isinstance(zeros, QListWidget)
    window.teaching.dock.show()
    zeros.setFocus()
    zeros.setCurrentRow(0)
    announced.clear()
    QTest.keyClick(zeros, Qt.Key.Key_Delete)
    (said,) = announced
    assert said.startswith("Deleted the example of 0 (") and said.endswith("): Ctrl+Z brings it back"), said
    window.resize(window.width() - 40, window.height())
    window.status.say_again()
    window.status.say_progress("Importing examples from here…", first=True)
    window.status.say_progress("Importing examples from here… (2 of 9 read)")
    assert announced == [said, "Importing examples from here…"]


@pytest.mark.parametrize("given", [{"guess": 7}, {"guess": 3, "known": 7}])
def test_tab_into_the_keep_dialogs_digits_lands_on_the_one_selected_and_the_question_names_it(qtbot, given) -> None:
    """Ctrl+K on a 7, then Tab (Keep, Cancel, then the digits): the keys landed on "0", which a screen reader read
    as "0, check box, not checked", and the next Tab left the row (Qt lets one button of an exclusive group take
    Tab): the 7 selected was never heard, and Enter there kept the drawing as a 0. The question said "The model's
    guess is selected", not which. Tab and Shift+Tab into the row now land on the digit selected, and the question
    names it, on a line of its own, and the digit chosen instead once another is."""
    dialog = KeepExampleDialog(given["guess"], lambda digit: None, known=given.get("known"))
    keyed(qtbot, dialog)
    assert dialog.findChild(QLabel).text().endswith(" is selected: 7.")
    cancel = dialog.findChild(QDialogButtonBox).button(QDialogButtonBox.StandardButton.Cancel)
    cancel.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(cancel, Qt.Key.Key_Tab)
    assert QApplication.focusWidget() is dialog.group.button(7)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    assert QApplication.focusWidget().text() == "Keep"
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab)
    assert QApplication.focusWidget() is dialog.group.button(7)
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Right)  # the arrows move the choice, as in a radio group
    whose = "Its true label" if "known" in given else "The model's guess"
    assert dialog.label == 8 and dialog.text.text().endswith(f"\nSelected: 8. {whose} is 7."), dialog.text.text()


def test_a_teachs_end_is_announced_with_its_outcome(qtbot, tmp_path, announced) -> None:
    """Ctrl+T with six examples, let run (in the real window): as it ended the keys went to Close and a screen reader
    was told "Now reading with mine-….safetensors" (the status bar) and "Close, button", never the outcome the
    dialog showed: "Your held-out examples: 83.3% → 83.3%. It does not read your drawings better than before:
    Switch back keeps the model you had." The dialog's headline and its summary are now announced as it ends, and a
    stop's words alone where it stopped."""
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog = TeachDialog()
    dialog.attach(process)
    keyed(qtbot, dialog)
    process._apply({"event": "start", "examples": 6, "warnings": []})
    for step in (0, 20, 40):
        process._apply({"event": "progress", "step": step, "steps": 40, "heldout": 5 / 6, "mnist": 0.99})
    process._apply({"event": "done", "heldout_accuracy": {}, "mnist_eval": {"digits": 2000}})
    announced.clear()
    dialog.finish(True, "Done: now reading with mine.safetensors (Models menu to switch).")
    (said,) = announced
    assert said.startswith("Done: now reading with mine.safetensors (Models menu to switch).\n"), said
    assert said.endswith(dialog.summary.text()) and "It does not read your drawings better" in said, said
    stopped = TeachDialog()
    keyed(qtbot, stopped)
    stopped.finish(False, "Stopped: the fine-tune ended with status 1: nothing was written.")
    assert announced[1:] == ["Stopped: the fine-tune ended with status 1: nothing was written."]


@pytest.mark.parametrize("open_dialog", [True, False])
def test_a_failed_teach_and_an_error_are_each_announced_once(qtbot, tmp_path, announced, open_dialog) -> None:
    """Once the status line's news was announced, a teach that failed was said twice over, the status bar's words and
    the dialog's being the same ("… Still reading with no model; nothing was written."), and an error twice, the bar's
    line and the message box a screen reader reads as it opens. A failed teach is now announced once, by the dialog
    where it shows, else by the status line (Esc had closed it); an error by its box alone."""
    window = window_without_model(qtbot, tmp_path)
    teaching = window.teaching
    teaching.dialog = TeachDialog(window)
    if open_dialog:
        keyed(qtbot, teaching.dialog)
    announced.clear()
    teaching._not_taught("The fine-tune ended with status 1")
    assert announced == ["The fine-tune ended with status 1. Still reading with no model; nothing was written."]
    window.report_error("Could not open the image", "x.png: no such file")
    assert window.statusBar().currentMessage().startswith("Could not open the image")
    assert len(announced) == 1, announced


def test_a_thumbnail_says_when_it_was_kept_in_words(qtbot, tmp_path) -> None:
    """Tab to My examples and the arrows: a screen reader read each thumbnail as "0: 20261205-082741-1b76….png,
    2026-12-05T08:27:41+00:00", the sidecar's ISO date sign by sign (and in UTC), the file's long name first. It
    now says the digit, when it was kept as the app writes a moment, in local time ("05 Dec 2026 at 08:27"), then
    the name; the tooltip keeps its order, the date so written too. A date that is no ISO date is said as written."""
    user = _a_zero(tmp_path)
    window = window_without_model(qtbot, tmp_path, user_dir=user)
    strip = window.teaching.panel.view.rows[0][1]
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=20_000)
    item = strip.item(0)
    example = item.data(Qt.ItemDataRole.UserRole)
    when = datetime.fromisoformat(example.date).astimezone()
    words = f"{day_and_month(when)} {when:%Y} at {when:%H:%M}"
    assert item.data(Qt.ItemDataRole.AccessibleTextRole) == f"0, {words}; {example.path.name}"
    assert item.data(Qt.ItemDataRole.ToolTipRole) == f"0: {example.path.name}, {words}"
    assert moment_words("last Tuesday") == "last Tuesday"


def test_the_keep_dialogs_digits_are_told_as_one_choice(qtbot) -> None:
    """The digits of Keep, named "0"–"9" (their labels, as Qt's guidance has a button named by its text, the
    tooltip "This is a 7 (key 7)" its description), were told a screen reader as check boxes ("7, check box,
    checked"): ten options each on or off, where one digit is chosen, the others going off. They are now radio
    buttons to it, as Qt tells an exclusive choice, and look and work as before."""
    dialog = KeepExampleDialog(7, lambda digit: None)
    keyed(qtbot, dialog)
    told = [QAccessible.queryAccessibleInterface(button) for button in dialog.group.buttons()]
    assert [face.role() for face in told] == [QAccessible.Role.RadioButton] * 10
    assert [face.text(QAccessible.Text.Name) for face in told] == [str(digit) for digit in range(10)]
    assert [face.state().checked for face in told] == [digit == 7 for digit in range(10)]
    dialog.group.button(2).click()
    assert dialog.label == 2 and [face.state().checked for face in told] == [digit == 2 for digit in range(10)]


def test_the_teachs_advice_on_a_misread_example_names_a_key(qtbot) -> None:
    """A teach's summary, announced now (see above), told a keyboard user "Kept under the wrong digit? Right-click
    one in My examples ▸ Move to digit.": no key, where Shift+F10 on a thumbnail (or the Menu key) opens that menu,
    as the F1 list says. The advice names Shift+F10 too."""
    line = misread_line([("8/20261201-152506-56852e.png", 3)], 1)
    assert line.endswith("Right-click it in My examples (or Shift+F10 on it) ▸ Move to digit."), line
    assert ("My examples: move to digit…", "Menu, Shift+F10") in EXAMPLE_KEYS
