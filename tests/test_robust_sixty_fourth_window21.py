"""The sixty-fourth round, window21: the app's boxes, messages and settings as a hostile user meets them. A start's
kept message hand-edited (1 MB of it, 20,000 lines, any text), a seventh digit typed in a number box, and the words
said of "1e3"; a teach's note naming a base model of 60,000 letters."""

from __future__ import annotations

import json

import pytest
from gui_window import shown, until, window_without_model
from PySide6.QtCore import QSettings
from test_robust_sixty_second_leftovers9 import old_examples_folder
from test_robust_sixty_third_live4 import typed_in

from gui.main_window import MainWindow
from gui.taught_models import TAUGHT_PREFIX
from gui.teach_record import RECORD_FORMAT, SUFFIX, UnfinishedTeaches
from gui.user_folder import MOVED_UNSAID_KEY

KEPT = (
    "Your examples moved to the folder where RowReader keeps them now:\n/home/me/.local/share/RowReader\n\n"
    "They were in:\n/home/me/.local/share/RowReader/RowReader"
)


@pytest.mark.parametrize(
    "value",
    ["x" * 1_000_000, "a\x1b[2Jb\n" * 20_000, "hello", KEPT + "\n\nP.S. " + "x" * 5000, "\n\n".join([KEPT] * 5)],
    ids=["1 MB", "20,000 lines", "any text", "a kept move and more", "five moves"],
)
def test_a_hand_edited_kept_move_is_not_said(qtbot, tmp_path, value: str) -> None:
    """`examples/moved_unsaid` (a move said to no one, kept for the next start) was shown whole as the app read it:
    1 MB of it froze the window 8 s before its box opened, 20,000 lines made a box 280,070 px tall, and "hello" opened
    "Your examples have a new folder". Only the words the app writes are said; any other value is dropped."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(MOVED_UNSAID_KEY, value)
    window = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(window)
    assert window.teaching.moved_box is None
    assert settings.value(MOVED_UNSAID_KEY) is None


def test_a_kept_move_as_the_app_writes_it_is_said_with_a_new_one(qapp, qtbot, tmp_path, monkeypatch, request) -> None:
    """The check drops nothing of the app's own: a move kept unsaid is said at the next start, before one made then,
    each path's control characters shown escaped."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue(MOVED_UNSAID_KEY, KEPT.replace("/home/me", "/home/m\x1be"))
    window = shown(qtbot, MainWindow(settings=settings, load_model=False))
    box = window.teaching.moved_box
    until(qtbot, box.isVisible)
    assert box.text().startswith(KEPT.replace("/home/me", "/home/m\\x1be") + "\n\nYour examples moved")
    assert box.text().endswith(str(tmp_path / "share/RowReader/RowReader"))


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1234567", "The brush width in px goes from 4 to 64: 1234567 was taken as 64"),
        ("9" * 400, "9999 was taken as 64"),  # the status line shortens it in its middle
        ("1e999", "The brush width in px goes from 4 to 64: 1e999 was taken as 64"),
        ("24.1234567", "The brush width in px goes from 4 to 64 in whole numbers: 24.1234567 was taken as 24"),
    ],
    ids=["seven digits", "400 digits", "three exponent digits", "seven decimals"],
)
def test_every_digit_typed_in_a_number_box_is_seen_and_said(qtbot, tmp_path, typed: str, said: str) -> None:
    """A box took six digits at most: "1234567" was seen "123456", the seventh dropped without a word, and said
    "123456 was taken as 64", a number nobody typed; a seventh decimal and a third exponent digit alike. Each digit
    is seen as typed; a number too large even for a float is taken as the widest, as any past the range is."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.brush
    typed_in(spin, typed, enter=False)
    assert spin.lineEdit().text() == f"{typed} px"
    typed_in(spin, typed)
    assert spin.value() == (24 if "." in typed else 64)
    message = window.statusBar().currentMessage()
    assert message.startswith("The brush width in px goes from 4 to 64") and message.endswith(said)


@pytest.mark.parametrize(
    ("typed", "used", "said"),
    [
        ("1e3", 64, "The brush width in px goes from 4 to 64: 1e3 was taken as 64"),
        ("1e-1", 4, "The brush width in px goes from 4 to 64 in whole numbers: 1e-1 was taken as 4"),
    ],
    ids=["whole", "a part of one"],
)
def test_in_whole_numbers_is_said_only_of_a_number_that_is_not_one(qtbot, tmp_path, typed, used, said) -> None:
    """ "1e3" was said "goes from 4 to 64 in whole numbers: 1e3 was taken as 64", read as if a thousand were not
    a whole number. Said only of a number with a part of one."""
    window = window_without_model(qtbot, tmp_path)
    typed_in(window.actions_.brush, typed)
    assert window.actions_.brush.value() == used
    assert window.statusBar().currentMessage() == said


def test_a_base_model_named_past_any_file_name_is_said_shortened(tmp_path) -> None:
    """A teach's note (a file anyone may edit) naming its base by 60,000 letters had them all said: the box opened
    1.3-1.7 s late (0.3-0.4 s with a short name), its line past the box's edge. No file's name is over 255
    characters: the name is said shortened in its middle, its start and end kept."""
    base = "/m/" + "a" * 30_000 + "z" * 30_000 + ".safetensors"
    note = tmp_path / f"{TAUGHT_PREFIX}20261204-205905-ec3528.safetensors{SUFFIX}"
    note.write_text(json.dumps({"format": RECORD_FORMAT, "base": base, "examples": 30}))
    unfinished = UnfinishedTeaches(tmp_path)
    unfinished.let_go()
    [message] = unfinished.messages
    name = message.split(", from ", 1)[1].split(" on your 30 examples", 1)[0]
    assert len(name) == 255
    assert name.startswith("aaa") and "…" in name and name.endswith("zzz.safetensors")
