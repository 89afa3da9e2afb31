"""The sixty-fifth round's mutants22: hand mutants of the round's new lines (a seek's ``reading_on``, the number
boxes' signs, refusals and undo, the folder-move lock, the words of long names), each test written for a mutant the
round's tests let live, and seen failing on it."""

from __future__ import annotations

import copy

import numpy as np
import pytest
from gui_window import open_shipped_window, shown, until, window_without_model
from PySide6.QtCore import QEvent, QSettings, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_robust_sixty_fifth_live9 import seek_cut_short_at_row_9, window_at_home
from test_robust_sixty_second_leftovers9 import old_examples_folder
from test_robust_sixty_third_live4 import typed_in

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader import load_pretrained
from rowreader.model import ROWS
from rowreader.output import name_said
from rowreader.paths import output_name_problem
from rowreader.session import DigitSession

CTRL = Qt.KeyboardModifier.ControlModifier


def _session_at_home() -> DigitSession:
    session = DigitSession(load_pretrained())
    image = np.zeros((ROWS, ROWS), np.float32)
    image[5:23, 13:16] = 1.0
    session.set_image(image)
    session.seek(0)
    return session


def test_an_observers_own_seek_leaves_the_seek_it_was_told_by_reading_on() -> None:
    """An observer told of row 3 of a seek to 28 seeks to 6 itself: row 6 is its seek's last; the outer seek reads on
    to 28, its rows still told as read on but the last (a mutant that ended every seek at 0 told rows 7-27 as last)."""
    session = _session_at_home()
    told: list[tuple[int, bool]] = []

    def seeks_on_row_3(event: str) -> None:
        if event == "position":
            told.append((session.position, session.reading_on))
            if session.position == 3:
                session.seek(6)

    session.subscribe(seeks_on_row_3)
    session.seek(ROWS)
    assert session.position == ROWS and not session.reading_on
    assert told == [(row, row not in (6, ROWS)) for row in range(1, ROWS + 1)]


def test_a_copy_made_during_a_seek_is_not_reading_on() -> None:
    """A copy an observer makes mid-seek reads no seek of its own: it is not reading on, and its own seek's last
    row is told as the last."""
    session = _session_at_home()
    copies: list[DigitSession] = []
    session.subscribe(lambda event: event == "position" and session.position == 4 and copies.append(copy.copy(session)))
    session.seek(ROWS)
    (copied,) = copies
    assert copied.position == 4 and not copied.reading_on
    told: list[bool] = []
    copied.subscribe(lambda event: event == "position" and told.append(copied.reading_on))
    copied.seek(8)
    assert told == [True, True, True, False]


def test_a_seek_cut_short_is_painted_at_its_row_in_the_next_pass(qtbot, tmp_path) -> None:
    """An observer raising on row 9 of a seek to 28 leaves the views waiting for a row that never comes: the next
    pass paints them at row 9 with nothing else asked (live9's control repainted them by hand)."""
    window = window_at_home(qtbot, tmp_path)
    seek_cut_short_at_row_9(window)
    until(qtbot, lambda: all(getattr(window, name)._rows_read == 9 for name in ("timeline", "bars", "heatmap")))


@pytest.mark.parametrize(
    ("typed", "used", "said"),
    [
        ("\N{MINUS SIGN}5", 4, "The brush width in px goes from 4 to 64: \N{MINUS SIGN}5 was taken as 4"),
        ("+70", 64, "The brush width in px goes from 4 to 64: +70 was taken as 64"),
        ("+.5e2", 50, ""),
    ],
    ids=["a minus sign", "plus seventy", "plus a power"],
)
def test_a_sign_typed_in_the_brush_box_is_read_as_typed(qtbot, tmp_path, typed, used, said) -> None:
    """U+2212 (a minus from a keyboard layout or a copied text) is a minus as "-" is; "+" is no minus."""
    window = window_without_model(qtbot, tmp_path)
    window.statusBar().clearMessage()
    spin = window.actions_.brush
    spin.setFocus()
    spin.selectAll()
    for char in typed:  # QTest.keyClicks aborts on a character past Latin-1
        QApplication.sendEvent(
            spin, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_unknown, Qt.KeyboardModifier.NoModifier, char)
        )
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert window.actions_.brush.value() == used
    assert window.statusBar().currentMessage() == said


def test_a_paste_the_box_refuses_is_said_without_the_keys_control(qtbot, tmp_path) -> None:
    """Ctrl+V of "abc" into the brush box is refused; the key's text is a control (U+0016), not what was pasted:
    it is said as no number, the control not quoted raw to the status bar."""
    window = window_without_model(qtbot, tmp_path)
    QApplication.clipboard().setText("abc")
    spin = window.actions_.brush
    spin.setFocus()
    spin.selectAll()
    QApplication.sendEvent(spin, QKeyEvent(QEvent.Type.KeyPress, Qt.Key.Key_V, CTRL, "\x16"))  # as X11 sends it
    assert window.statusBar().currentMessage() == "The brush width in px goes from 4 to 64: that is not a number"


def _keys(spin, *keys) -> list[tuple[str, int]]:
    """What the box shows (its text, its cursor) after each key: a key, or a key and its modifiers."""
    seen = []
    for key in keys:
        QTest.keyClick(spin, *(key if isinstance(key, tuple) else (key,)))
        seen.append((spin.lineEdit().text(), spin.lineEdit().cursorPosition()))
    return seen


def test_ctrl_z_in_the_speed_box_steps_through_typing_only(qtbot, tmp_path) -> None:
    """Ctrl+Z puts the cursor back where it was; an arrow's value is no typing to step back to; what was typed
    before an Enter is gone with it; and typing anew after a Ctrl+Z leaves nothing for Ctrl+Shift+Z."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    spin.setValue(8)
    typed_in(spin, "12", enter=False)
    QTest.keyClick(spin, Qt.Key.Key_Home)
    assert _keys(spin, Qt.Key.Key_3, (Qt.Key.Key_Z, CTRL)) == [("312 rows/s", 1), ("12 rows/s", 0)]
    QTest.keyClick(spin, Qt.Key.Key_9)
    redo = (Qt.Key.Key_Z, CTRL | Qt.KeyboardModifier.ShiftModifier)
    assert _keys(spin, redo) == [("912 rows/s", 1)]  # nothing to redo: "312" was left behind
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 56
    typed_in(spin, "12", enter=False)
    QTest.keyClick(spin, Qt.Key.Key_Z, CTRL)
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 1
    assert _keys(spin, redo)[0][0] == "1 row/s"  # the "12" undone went with the Enter too
    assert _keys(spin, (Qt.Key.Key_Z, CTRL))[0][0] == "1 row/s"  # what was typed went with the Enter
    spin.setValue(8)
    typed_in(spin, "2", enter=False)
    QTest.keyClick(spin, Qt.Key.Key_Up)  # a step up from the speed in use, 8
    assert spin.lineEdit().text() == "12 rows/s"
    assert _keys(spin, (Qt.Key.Key_Z, CTRL))[0][0] == "8 rows/s"  # the arrow's 12 is no typing: back before the 2


def test_the_folder_moves_lock_goes_with_its_box(qapp, qtbot, tmp_path, monkeypatch, request) -> None:
    """The window saying a kept folder move holds a lock beside the examples until its box is closed: then the
    lock file goes, as every lock of the app goes, not left beside the user's examples for good."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False))
    until(qtbot, first.teaching.moved_box.isVisible)
    assert len(list(tmp_path.rglob(".moves being said.lock"))) == 1
    first.teaching.moved_box.close()
    QApplication.processEvents()
    assert list(tmp_path.rglob(".moves being said.lock")) == []


def test_a_name_of_surrogates_is_counted_in_the_bytes_it_would_take() -> None:
    """A name from JSON may hold a lone surrogate that stands for no byte (U+D800): counted as UTF-8 holds it, three
    bytes each, 1,400 of them are longer than any path and shortened, as 4,200 ASCII letters are."""
    said = name_said("\ud800" * 1400)
    assert said.endswith("(1,400 characters, 4,200 bytes)") and len(said) < 200


def test_a_name_longer_than_any_path_with_a_nul_is_quoted_short() -> None:
    """A NUL in a file's name longer than any path: the refusal names it shortened and quoted, a line of 120, not
    4,300 characters."""
    why = output_name_problem("a" * 4200 + "\0.safetensors")
    assert why is not None and "'aaa" in why and "(4,213 characters)" in why and len(why) < 300


def test_a_speed_set_by_an_observer_mid_seek_is_shown(qtbot, tmp_path) -> None:
    """An observer told of row 3 of End after Home sets the scan speed: the "player" it tells mid-seek is no row to
    wait for, and the speed box shows the new speed once the seek is done."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.session.player.seek(0)
    QApplication.processEvents()
    player = window.session.player
    speed = 20 if player.speed != 20 else 12
    window.session.subscribe(
        lambda event: event == "position" and window.session.position == 3 and setattr(player, "speed", speed)
    )
    window.session.seek(ROWS)
    QApplication.processEvents()
    assert player.speed == speed and window.actions_.speed.value() == speed
