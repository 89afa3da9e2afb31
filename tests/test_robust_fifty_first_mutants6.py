"""The fifty-first round of hostile testing, mutants6: one small change at a time (a comparison flipped, a constant
moved by one, a branch dropped, an argument swapped, an early return) in the code the fiftieth round added or changed
most (one digit's line and rule checks, the cache's header checks and the words of a failed write, the models opened
from elsewhere, the status bar in full), each run against the test files that name its module, in a copy of the tree;
each test here kills a mutant that lived, and is checked to fail on it."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import is_line


def _marks(widths: list[int], height: int, gap: int) -> np.ndarray:
    """Ink of solid marks ``height`` tall, of ``widths``, ``gap`` columns of paper between each two."""
    columns = np.concatenate([np.r_[np.ones(width, bool), np.zeros(gap, bool)] for width in widths])[: -gap or None]
    return np.tile(columns, (height, 1))


@pytest.mark.parametrize(
    ("ink", "line"),
    [
        (_marks([274, 4], 3, 2), True),  # a 280-px rule nicked 6 px from its end: its stub stands up, 4 by 3
        (_marks([36, 2], 3, 2), True),  # a 40-px dash nicked at its end: 38 of 40 columns inked, LINE_UNBROKEN
        (_marks([20, 36, 26, 40, 30], 12, 3), False),  # five marks standing up, unlike, 3 px apart: 93 % inked
    ],
    ids=["a rule nicked", "a dash nicked", "marks close together"],
)
def test_a_line_is_unbroken_across_nineteen_twentieths_of_its_width(ink, line):
    """LINE_UNBROKEN at 1.0, or its ``>=`` as ``>``, lived: a rule with a nick near its end (a scanner's, a pen's
    skip) left a stub that stands up, so the rule was no line, and a user's ruled page read the rule as a digit; at
    0.9, five marks standing up 3 px apart (a number written small on a line) were "a single line". Now each is
    pinned: inked in 95 % of its columns or more, a flat mark is a line, nicks and all; marks with gaps are not."""
    assert is_line(ink) is line
