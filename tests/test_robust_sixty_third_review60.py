"""The sixty-third round of hostile testing, review60: a review of marks11's change to ``one_digit._ring_open`` (a
piece of the ink joined to the edges, but to none the C bounds, is the digit's). Each test was seen failing on the
code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit

# UNIPEN test digits (of every 30th) read without a C whose end was drawn apart, at pens 4 and 8, before marks11
BROKEN = ["aga/amywldrp/73", "apb/Bill_Cleveland/10", "apb/Coralie_Leder/42", "apb/Graig_Murphy/3", "ibm/r04-05/336"]


@pytest.mark.parametrize("pen", [4, 8])
def test_a_cs_end_drawn_apart_is_the_cs_not_the_digits(unipen: list[PenDigit], pen: float) -> None:
    """A C one pen clear, open to the right, its last tenth drawn apart from the rest (the pen lifted and set down
    again, 3 of its 80 points skipped): that end, joined to the right edge alone (the mouth's), was taken for the
    digit's own stroke as a 1's foot is, the digit's ink then reached the C's end, and the whole C was read with the
    digit (0 of 101 UNIPEN test digits read alone at pens 4 and 8; 50 and 62 before marks11 and now). A piece so parted
    is the digit's only where the C is found without it."""
    digits = {f"{digit.writer}/{digit.segment}": digit for digit in unipen if digit.split == "test"}
    kept = []
    for name in BROKEN:
        strokes = fit_strokes(digits[name].strokes, pen, size=0.3)
        c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=0.3 * math.pi)
        alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, c[:68], c[71:]], pen))
        assert alone.image is not None and ringed.image is not None
        if not np.array_equal(alone.image, ringed.image):
            kept.append(name)
    assert not kept, f"a C with its end drawn apart was read with {len(kept)} of {len(BROKEN)} digits: {kept}"
