"""The sixty-seventh round of hostile testing, review76: marks15's thin-pen rules (``one_digit._ring_open``,
``THIN_PEN``) tried on UNIPEN's digits drawn alone with a scan's binary pen of 2 to 2.5 px. Each test was seen
failing on marks15's code (87067f8a)."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import INK_THRESHOLD
from rowreader.unipen import PenDigit


def _taken(image: np.ndarray) -> int:
    """How many of the ink's pixels in ``image`` ``ruled_off`` takes away, the ink found as ``normalise`` finds it."""
    inked = (255 - image) / 255 >= INK_THRESHOLD
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    taken = ruled_off(inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
    return 0 if taken is None else int(np.count_nonzero(taken))


@pytest.mark.parametrize(
    ("split", "name", "label", "nth", "pen", "size"),
    [
        ("test", "uqb/py_3828/26-28", 1, 0, 2.5, 0.15),  # flag and foot: 196 of 283 px taken
        ("test", "apb/Cyndi_Iwata/2", 5, 1, 2.5, 0.3),  # its top and bottom: 408 of 547
        ("test", "syn/tds-dig21/421", 3, 0, 2.0, 0.95),  # its arcs' ends: 909 of 1,657
        ("train", "syn/zor-dig22/398", 8, 0, 2.5, 0.68),  # 1,024 of 1,347
    ],
)
def test_a_digit_drawn_with_a_binary_thin_pen_keeps_all_its_ink(
    unipen: list[PenDigit], split: str, name: str, label: int, nth: int, pen: float, size: float
) -> None:
    """A digit alone, drawn with a scan's binary pen measuring 2.5 to 3 px: its slanted strokes meet only corner to
    corner at the pen's steps, and the thin pen's long fill from the edges (marks15) took the ink so joined to them
    for a C round the rest, the digit's own parts taken away (none of these on 6851ff42, the fill given up). A thin
    pen (``THIN_PEN``) steps so: its C's digit must lie apart from it corner to corner too."""
    digit = [d for d in unipen if (d.split, f"{d.writer}/{d.segment}", d.label) == (split, name, label)][nth]
    assert _taken(draw_strokes(fit_strokes(digit.strokes, pen, size=size), pen, antialias=False)) == 0
