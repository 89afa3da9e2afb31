"""The sixty-second round of hostile testing, marks10: what marks9 and review50 left round a digit
(``one_digit.ruled_off`` and its ``_mask``, ``_ring_open``). Each test was seen failing on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


@pytest.mark.parametrize("dtype", [np.float16, np.float32, np.float64])
def test_ruled_off_says_a_mask_holding_nan_holds_nan(dtype) -> None:
    """A float mask with a NaN in it was refused as holding "values other than 0 and 1 (from nan to nan)": its min
    and max are NaN, which says nothing of what is wrong. It says the mask holds NaN, and where to look."""
    mask = np.zeros((20, 20), dtype)
    mask[5:15, 8:12] = 1
    mask[3, 4] = np.nan
    with pytest.raises(ValueError, match=r"ink mask holds NaN \(not a number\), not 0 or 1, in 1 of its 400 pixels"):
        ruled_off(mask)


@pytest.mark.parametrize(("pen", "facing"), [(8, 0.0), (16, 0.0), (16, 0.5), (24, 0.5)])
def test_a_c_whose_digit_reaches_out_of_its_mouth_is_taken_away(
    unipen: list[PenDigit], pen: float, facing: float
) -> None:
    """A C round an answer, two pens clear of the digit's box and 144° open, its mouth facing the right or the bottom
    (``facing`` half turns from the right, y down): most digits reach past the C's ends to the drawing's edge there,
    so all the ink was joined to the edges and no ring was looked for. Read alone (of 100 UNIPEN test digits): open
    right 13, 17, 24, 42, 73 at pens 4, 8, 16, 24, 32; open below 0 at each. The ink joined to the top edge alone is
    the C (open above, the rest is): 98, 100, 100, 100, 98 open right; 98, 100, 100, 100, 100 open below."""
    start = (facing + 0.4) * math.pi  # the gap, 0.8 half turns wide, centred on ``facing``
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2, turns=1.2, start=start)]
    )
    assert not kept, f"a C was read with {len(kept)} digits: {kept}"


def test_brackets_round_a_2_drawn_with_a_fine_pen_are_taken_away(unipen: list[PenDigit]) -> None:
    """ "( 2 )": two arcs left and right, 0.3 of a turn each. Seen from the digit they go round 0.6 of a turn, the bound
    a C had to reach (``OPEN_TURN``), and only a wide pen's width took them over it: at pen 4 they covered 0.56, and 8
    of 64 UNIPEN test 2s were read with them (4 at pen 8). Half a turn is the bound now: 0 (2 at pen 8)."""
    pen = 4
    twos = [digit for digit in unipen if digit.split == "test" and digit.label == 2]
    kept = []
    for digit in twos[::5]:
        strokes = fit_strokes(digit.strokes, pen, size=0.3)
        arcs = [ringed_digits.ring(strokes, pen, 2, turns=0.6, start=(side - 0.3) * math.pi) for side in (0, 1)]
        alone, bracketed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, *arcs], pen))
        if alone.image is None or bracketed.image is None or not np.array_equal(alone.image, bracketed.image):
            kept.append(f"{digit.writer} {digit.segment}")
    assert not kept, f"brackets were read with {len(kept)} of {len(twos[::5])} 2s: {kept}"
