"""The sixty-seventh round of hostile testing, marks15: what marks13 and marks14 left round a digit drawn with a thin
pen (``one_digit._ring_open``, ``THIN_PEN``, since review76 also the pen asked apart corner to corner). Each test of a
C and the spiral 0 was seen failing on the code before the fix; the pen-8 1 on the fix without its ``THIN_PEN`` gate
(marks14's 1ce637d4)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import INK_THRESHOLD, normalise
from rowreader.unipen import PenDigit


def _digit(unipen: list[PenDigit], split: str, name: str) -> PenDigit:
    """UNIPEN's digit ``name`` (writer/segment) of ``split``."""
    return next(digit for digit in unipen if digit.split == split and f"{digit.writer}/{digit.segment}" == name)


def _taken(image: np.ndarray) -> int:
    """How many of the ink's pixels in ``image`` ``ruled_off`` takes away, the ink found as ``normalise`` finds it."""
    inked = (255 - image) / 255 >= INK_THRESHOLD
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    taken = ruled_off(inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])
    return 0 if taken is None else int(np.count_nonzero(taken))


@pytest.mark.parametrize(("pen", "antialias"), [(2, True), (2, False), (3, False)])
@pytest.mark.parametrize(("name", "label"), [("aga/amywldrp/73", 1), ("apb/Bill_Cleveland/10", 2)])
def test_a_c_drawn_with_a_thin_pen_is_taken_away(
    unipen: list[PenDigit], name: str, label: int, pen: float, antialias: bool
) -> None:
    """A C one pen clear, open right, drawn with a picture's 2- or 3-px pen: filled from the drawing's edges in six
    rounds, its curve stepping a pixel a round, the fill gave up and the C was read with the digit (of 101 UNIPEN
    test digits 49 and 10 read alone at pen 2, antialiased and binary, 46 at pen 3 binary; 97, 83 and 98 now)."""
    digit = _digit(unipen, "test", name)
    strokes = fit_strokes(digit.strokes, pen, size=0.3)
    c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=0.3 * math.pi)
    alone, ringed = (normalise(draw_strokes(ink, pen, antialias=antialias)) for ink in (strokes, [*strokes, c]))
    assert alone.image is not None and ringed.image is not None
    assert np.array_equal(alone.image, ringed.image), f"the C was read with the {label}"


def test_a_spiral_0_drawn_with_a_binary_2_px_pen_keeps_its_outer_turn(unipen: list[PenDigit]) -> None:
    """A 0 drawn in one stroke that curls inside itself, with a binary 2-px pen (a scan's, thresholded): its inner
    curl meets the outer turn only corner to corner at the pen's steps, and the outer turn was taken for a C round
    it, 381 of its 563 px taken away. A pen measuring 2.5 px or less steps so."""
    digit = _digit(unipen, "train", "apb/Patricia_Peek/0")
    assert _taken(draw_strokes(fit_strokes(digit.strokes, 2, size=0.3), 2, antialias=False)) == 0


def test_a_1_drawn_at_pen_8_keeps_its_flag_and_foot(unipen: list[PenDigit]) -> None:
    """The thin pen's long fill is not asked of wider ink: a 1 at pen 8 (the canvas's glyph size), its flag and foot
    joined to the drawing's edges, was so filled whole and taken for a C round its stem (2,978 of 4,182 px)."""
    digit = _digit(unipen, "test", "uqb/py_3828/1615-1617")
    assert _taken(draw_strokes(fit_strokes(digit.strokes, 8), 8)) == 0
