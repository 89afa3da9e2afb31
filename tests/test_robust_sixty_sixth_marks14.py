"""The sixty-sixth round of hostile testing, marks14: the Cs marks13 left round a digit (``one_digit.ring_round``), a
U whose tips stand level with its digit's top and a 3 in a C taken for a slashed 0's slash. Each test was seen
failing on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


def _ringed_alike(digit: PenDigit, pen: float, start: float, low: float) -> bool:
    """Whether ``digit`` drawn at 0.3 of the canvas with ``pen`` reads as drawn alone with a C one pen clear round it
    (1.4 half turns from ``start`` half turns, marks13's), drawn ``low`` of a pen lower."""
    strokes = fit_strokes(digit.strokes, pen, size=0.3)
    c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=start * math.pi) + np.array([0, low * pen])
    alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, c], pen))
    assert alone.image is not None and ringed.image is not None
    return np.array_equal(alone.image, ringed.image)


def _test_digit(unipen: list[PenDigit], name: str, label: int) -> PenDigit:
    """UNIPEN's test digit ``name`` (writer/segment) of ``label``: the last, as a name repeats."""
    return {(f"{d.writer}/{d.segment}", d.label): d for d in unipen if d.split == "test"}[name, label]


# of every 30th UNIPEN test digit (101), 6 were read alone before the fix, 101 now
LEVEL_U = [
    ("aga/amywldrp/73", 1),
    ("apb/Bill_Cleveland/0", 0),
    ("apb/Coralie_Leder/42", 6),
    ("app/MaryWilliams/24", 9),
    ("ced/FLAD4341/416", 3),
]


@pytest.mark.parametrize(("name", "label"), LEVEL_U)
def test_a_u_whose_tips_stand_level_with_its_digits_top_is_taken_away(
    unipen: list[PenDigit], name: str, label: int
) -> None:
    """A C open above (a U) one pen clear of the digit, drawn a quarter pen low at pen 16: its tips and the digit's
    top share the drawing's top row, so all the ink was joined to the top edge, the cheap sign of an ordinary digit,
    and no ring was looked for. The U is the ink joined to the bottom edge."""
    assert _ringed_alike(_test_digit(unipen, name, label), 16, 1.8, 0.25), f"the U was read with the {label}"


def test_a_3_in_a_c_is_no_slashed_zeros_slash(unipen: list[PenDigit]) -> None:
    """A 3 at pen 32 in a C one pen clear, open right: under two pens across and leaning 24.09°, it was taken for a
    slashed 0's slash and read with the C. Its ink is 1.41 of its length by its pen: a blob, not a stroke."""
    assert _ringed_alike(_test_digit(unipen, "ced/BNGM-227/360", 3), 32, 0.3, 0), "the C was read with the 3"
