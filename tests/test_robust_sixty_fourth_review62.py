"""The sixty-fourth round, review62: window21's number boxes and live7's drags, reviewed as a hostile user meets
them. A number typed with its point first (".5"), as a person writes half of one."""

from __future__ import annotations

import pytest
from gui_window import window_without_model
from test_robust_sixty_third_live4 import typed_in


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
    """A control: a point typed and Enter pressed (nothing after it) leaves the box as it was, without a word."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    before = spin.value()
    typed_in(spin, ".")
    assert spin.value() == before
    assert spin.lineEdit().text() == f"{before}{spin.suffix()}"
    assert window.statusBar().currentMessage() == ""
