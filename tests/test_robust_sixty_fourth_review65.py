"""The sixty-fourth round of hostile testing, review65: a review of marks12's C asked a pen and a quarter of paper
(``one_digit._ring_open``, ``OPEN_CLEAR``). A 6 drawn with its loop apart from its arc, the loop low in it, is such
a C round a 0 to that ask: the arc was taken away and a 0 read. Seen failing on marks12's code (d73acffb)."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import INK_THRESHOLD


def _arc(centre: tuple[float, float], radii: tuple[float, float], degrees: tuple[float, float]) -> np.ndarray:
    """Points along an ellipse's arc from ``degrees[0]`` to ``degrees[1]`` (0: the right, 90: down; y down)."""
    turn = np.radians(np.linspace(*degrees, 80))
    return np.asarray(centre) + np.asarray(radii) * np.c_[np.cos(turn), np.sin(turn)]


# (the loop's radii, its centre's x, the paper below it, where the arc ends; pen): 6s 12 units tall, the arc round
# from the top right through the left to the bottom (marks12's code took the arc away from each)
SIXES = [
    ((2.70, 2.25), 5.06, 1.64, -285, 16),
    ((2.41, 2.74), 4.75, 1.91, -284, 16),
    ((1.88, 2.59), 4.78, 0.94, -284, 8),
]


@pytest.mark.parametrize(("radii", "x", "below", "end", "pen"), SIXES)
def test_a_six_with_its_loop_drawn_apart_keeps_its_arc(
    radii: tuple[float, float], x: float, below: float, end: float, pen: float
) -> None:
    """A 6 whose loop the pen closed apart from its arc, drawn at the canvas's size: the loop lies a pen and a
    quarter or more from the arc's bottom or left but far below its top, and asked a C's pen and a quarter, the arc
    was a C round a 0 (of 60 such 6s at the canvas's size, 5 before marks12 and 7 after at pen 8, 0 and 11 at pen
    16). A C drawn round a digit leaves it about as much paper above as below: where one side's is over twice the
    other's, the two pens are asked, as before (5 and 0 now)."""
    six = [_arc((5, 6), (5, 6), (-50, end)), _arc((x, 12 - below - radii[1]), radii, (0, 360))]
    ink = (255 - draw_strokes(fit_strokes(six, pen), pen)) / 255 >= INK_THRESHOLD  # as normalise finds ink
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    taken = ruled_off(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
    assert taken is None, f"{np.count_nonzero(taken)} of the 6's {np.count_nonzero(ink)} px taken away as a C"
