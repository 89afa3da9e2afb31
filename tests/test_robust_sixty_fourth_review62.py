"""The sixty-fourth round, review62: window21's number boxes and live7's drags, reviewed as a hostile user meets
them. A number typed with its point first (".5"), as a person writes half of one; a power of ten typed with two
signs ("1e-+5"), which ended the app."""

from __future__ import annotations

import itertools

import pytest
from gui_window import window_without_model
from test_robust_sixty_third_live4 import typed_in

from gui.number_box import number_typed


@pytest.mark.parametrize(
    ("typed", "box", "used", "said"),
    [
        (".5", "speed", 1, "The scan speed in rows/s goes from 1 to 56 in whole numbers: .5 was taken as 1"),
        (",5", "brush", 4, "The brush width in px goes from 4 to 64 in whole numbers: ,5 was taken as 4"),
        (".5e2", "speed", 50, ""),
    ],
    ids=["half a row/s", "a comma first", "with a power"],
)
def test_a_number_typed_from_its_point_is_seen_and_said(qtbot, tmp_path, typed, box, used, said) -> None:
    """ ".5" typed in the speed box went in as 5 rows/s, ten times the half a row a second asked for, without a
    word: the point was refused, the 5 taken. A point may begin a number, as in "0.5"; it is rounded and said."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    typed_in(spin, typed, enter=False)
    assert spin.lineEdit().text() == f"{typed}{spin.suffix()}"
    typed_in(spin, typed)
    assert spin.value() == used
    assert window.statusBar().currentMessage() == said


def test_a_point_alone_is_not_a_number(qtbot, tmp_path) -> None:
    """A control: a point typed and Enter pressed (nothing after it) leaves the box as it was, and says it is no
    number (window24: unsaid, as a sign alone was, it was the one refused entry the box kept quiet about)."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    before = spin.value()
    typed_in(spin, ".")
    assert spin.value() == before
    assert spin.lineEdit().text() == f"{before}{spin.suffix()}"
    assert window.statusBar().currentMessage().endswith("goes from 1 to 56: that is not a number")


def test_a_power_typed_with_two_signs_is_refused_and_the_app_goes_on(qtbot, tmp_path) -> None:
    """ "1e-+5" typed in the speed box ended the app (SIGSEGV, exit 139, in a real window too, the drawing lost): the
    power's check took off a "-" and then a "+", and float("1.0e-+5") raised inside Qt's validate. The second sign is
    refused as a letter is; the rest is read as typed."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    typed_in(spin, "1e-+5", enter=False)
    assert spin.lineEdit().text() == f"1e-5{spin.suffix()}"
    typed_in(spin, "1e-+5")
    assert spin.value() == 1
    assert window.statusBar().currentMessage().endswith("in whole numbers: 1e-5 was taken as 1")


def test_no_text_of_up_to_five_characters_makes_the_number_check_raise() -> None:
    """Every text of up to five of the characters a number is typed with (and a letter, a space): none raises,
    as anything raising inside Qt's validate ends the app; 72 of six characters raised ("1e-+1", "٢e-+1", …)."""
    for length in range(1, 6):
        for text in map("".join, itertools.product("1.e+-٢,E x", repeat=length)):
            number = number_typed(text)
            assert number is None or number >= 0 or text.startswith("-"), text  # a sign begins a number (window23)
