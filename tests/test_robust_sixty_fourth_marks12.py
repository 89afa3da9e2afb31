"""The sixty-fourth round of hostile testing, marks12: what marks9-11 and review60 left round a digit
(``one_digit._ring_open``): a C drawn one pen clear of its digit with the canvas's wider brushes. Each test was seen
failing on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit

# UNIPEN test digits (of every 30th: 1, 0 and 0 of 101 read alone at pens 16, 24 and 32 before the fix; 97, 96, 93 now)
WIDE_PEN = ["aga/amywldrp/73", "aga/amywldrp/448", "apb/Bill_Cleveland/0", "apb/Coralie_Leder/42", "apb/Cyndi_Iwata/4"]


@pytest.mark.parametrize("pen", [16, 24, 32])
def test_a_c_one_pen_clear_drawn_with_a_wide_brush_is_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """A C one pen clear of the digit, open to the right, drawn with the canvas's default brush (24 px) or one near
    it: the digit was asked to lie two of the C's pens from the drawing's edges (the C's pen and as much paper), and
    the paper such a C leaves, 0.45 of the digit's half height, is under a pen that wide: the C was read with every
    digit. Its pen and a quarter of one of paper is asked now."""
    digits = {f"{digit.writer}/{digit.segment}": digit for digit in unipen if digit.split == "test"}
    kept = []
    for name in WIDE_PEN:
        strokes = fit_strokes(digits[name].strokes, pen, size=0.3)
        c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=0.3 * math.pi)
        alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, c], pen))
        assert alone.image is not None and ringed.image is not None
        if not np.array_equal(alone.image, ringed.image):
            kept.append(name)
    assert not kept, f"a C one pen clear at pen {pen} was read with {len(kept)} of {len(WIDE_PEN)} digits: {kept}"
