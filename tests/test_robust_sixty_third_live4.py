"""The sixty-third round's live4: the app as a person draws in it, in a real window (Xvfb :95, openbox, xdotool).
Each test was seen failing on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

# what was typed, the box, the value it must take, and the status bar's words of it
DECIMALS = [
    ("24.5", "brush", 25, "The brush width in px goes from 4 to 64 in whole numbers: 24.5 was taken as 25"),
    ("7,4", "brush", 7, "The brush width in px goes from 4 to 64 in whole numbers: 7,4 was taken as 7"),
    ("1.5", "speed", 2, "The scan speed in rows/s goes from 1 to 56 in whole numbers: 1.5 was taken as 2"),
    ("80.2", "speed", 56, "The scan speed in rows/s goes from 1 to 56 in whole numbers: 80.2 was taken as 56"),
]


@pytest.mark.parametrize(("typed", "box", "used", "said"), DECIMALS, ids=["brush", "comma", "speed", "past"])
def test_a_number_typed_with_decimals_is_rounded_and_said(qtbot, tmp_path, typed, box, used, said) -> None:
    """Alt+B, "24.5", Enter gave the widest brush, 64 px: the box refused the point, took the 5 after 24 and said
    "245 was taken as 64", a number nobody typed; a speed of "1.5" became 15 rows/s. A number typed with a decimal
    point or comma is taken as the nearest whole one in range, and said."""
    window = window_without_model(qtbot, tmp_path)
    spin = getattr(window.actions_, box)
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, typed)
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == used
    assert window.statusBar().currentMessage() == said
    width = window.canvas.brush_width if box == "brush" else window.session.player.speed
    assert width == used


def test_a_whole_number_in_range_is_taken_without_a_word(qtbot, tmp_path) -> None:
    """A control: "24." (the point typed, nothing after it) is 24 and says nothing, as "24" does."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.brush
    spin.setValue(10)
    spin.setFocus()
    spin.selectAll()
    QTest.keyClicks(spin, "24.")
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == 24 and window.canvas.brush_width == 24
    assert window.statusBar().currentMessage() == ""
