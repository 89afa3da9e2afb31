"""The sixty-third round of hostile testing, marks11: what marks10 and review54 left round a digit
(``one_digit._ring_open``): a C whose digit grazes its end at a corner in ``normalise``'s own mask, and a digit's stroke
reaching out of a C's mouth alone. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


def _read_with_c(unipen: list[PenDigit], names: list[str], pen: float, beyond: float, turns: float) -> list[str]:
    """The UNIPEN test digits ``names`` ("writer/segment") whose input differs drawn with a C round them, ``beyond``
    pens clear of their box, ``turns`` half turns round and open to the right, from drawn alone."""
    digits = {f"{digit.writer}/{digit.segment}": digit for digit in unipen if digit.split == "test"}
    kept = []
    for name in names:
        strokes = fit_strokes(digits[name].strokes, pen, size=0.3)
        c = ringed_digits.ring(strokes, pen, beyond, turns=turns, start=(1 - turns / 2) * math.pi)
        alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, c], pen))
        assert alone.image is not None and ringed.image is not None
        if not np.array_equal(alone.image, ringed.image):
            kept.append(name)
    return kept


# UNIPEN test digits (of every 30th) whose strokes pass a pixel or two from the end of a C one pen clear at pen 8
GRAZING = [
    "aga/amywldrp/448",
    "ced/FLAD4341/416",
    "ced/FLAD4341/527",
    "syn/rcw-dig15/563-564",
    "syn/rcw-dig15/730-731",
    "tos/1017/133-135",
]


def test_a_c_grazed_at_a_corner_in_the_readers_own_mask_is_taken_away(unipen: list[PenDigit]) -> None:
    """A C one pen clear of the digit, open to the right: ``normalise``'s mask holds the brush's faint edge (ink from
    0.1 of full scale), a pixel wider each side than the ``< 128`` mask the tests drew, and these digits, passing a
    pixel or two from the C's end, met it there corner to corner, which ``_ring_open`` refused for every pen (boxes2's
    1-px square 0 steps so): 8 of 101 were read with the C at pen 8, 2 now. Only a pen that steps is held to it."""
    kept = _read_with_c(unipen, GRAZING, 8, 1, 1.4)
    assert not kept, f"a C one pen clear was read with {len(kept)} of {len(GRAZING)} digits: {kept}"


@pytest.mark.parametrize(("beyond", "turns"), [(1, 1.4), (2, 1.2)])
def test_a_stroke_reaching_out_of_a_cs_mouth_alone_stays_the_digits(
    unipen: list[PenDigit], beyond: float, turns: float
) -> None:
    """A 1 whose foot, a stroke of its own, runs out of the mouth of a C open to the right (0.3 of a turn one pen
    clear, or 144° two pens clear, pen 4) to the drawing's edge: all the ink joined to the edges was the C, so the
    foot went with it and the 1 was read without it. A piece joined to no edge the C bounds is the digit's."""
    kept = _read_with_c(unipen, ["ibm/r00-07/370-371", "uqb/py_3828/2504-2506"], 4, beyond, turns)
    assert not kept, f"a C took the foot of {kept}"
