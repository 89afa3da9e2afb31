"""The sixty-fifth round of hostile testing, marks13: a C drawn round a digit with the canvas's widest brushes, off
its middle (``one_digit._ring_open``, ``OPEN_CLEAR``). Seen failing on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit

# UNIPEN test digits, named with their labels (a name repeats), of every 30th: 6 of 101 read alone before the fix
HIGH_C = [
    ("aga/amywldrp/73", 1),
    ("apb/Graig_Murphy/3", 3),
    ("ibm/r01-07/706-707", 0),
    ("apb/Coralie_Leder/8", 6),
    ("ced/JNPK7049/454", 9),
]


@pytest.mark.parametrize(("name", "label"), HIGH_C)
def test_a_c_drawn_a_quarter_pen_high_with_the_widest_brush_is_taken_away(
    unipen: list[PenDigit], name: str, label: int
) -> None:
    """A C one pen clear of the digit, open to the right, drawn a quarter of its pen higher (the digit nearer its
    lower arc) with a 32-px brush: 6 to 11 px of paper lie between the two, yet the digit was asked to lie 1.25 of
    the C's pens from the drawing's bottom edge and lay 1.22 (42 px, the pen measuring 34.4), so the C was read
    with it. A pen and 0.15 is asked now: the nearest plain digit whose pieces make such a C lies 1.07 pens in."""
    digit = {(f"{d.writer}/{d.segment}", d.label): d for d in unipen if d.split == "test"}[name, label]  # the last
    pen = 32
    strokes = fit_strokes(digit.strokes, pen, size=0.3)
    c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=0.3 * math.pi) - [0, pen / 4]
    alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, c], pen))
    assert alone.image is not None and ringed.image is not None
    assert np.array_equal(alone.image, ringed.image), f"the C a quarter pen high was read with the {digit.label}"
