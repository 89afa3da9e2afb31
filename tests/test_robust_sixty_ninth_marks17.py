"""The sixty-ninth round of hostile testing, marks17: marks drawn round a digit (``rowreader.one_digit.ruled_off``'s
ring searches), the two readings the round before left. A flat digit in a C was kept as a 0's bar. The test was
seen failing on the code before the fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit

FLAT_5 = "syn/rcw-dig15/869-870"  # a 5 of UNIPEN's test writers, 0.35 as tall as wide


@pytest.mark.parametrize("pen", [4, 8, 16])
@pytest.mark.parametrize("open_to", [0.3, 1.3])  # the C's start, in half turns: open right, open left
def test_a_flat_5_in_a_c_is_read_alone(unipen: list[PenDigit], pen: int, open_to: float) -> None:
    """A flat 5 with a C drawn round it a pen clear, as people ring an answer: it inks under half the C's inside
    rows (0.37 to 0.47), so it was kept as a 0's bar and the whole read with the C (as 8, 3 or 0). A dot or a bar in
    a 0 is a pen or so across; the 5 is wider, and is read alone now."""
    digit = next(d for d in unipen if d.split == "test" and f"{d.writer}/{d.segment}" == FLAT_5)
    strokes = fit_strokes(digit.strokes, pen, size=0.3)
    c = ringed_digits.ring(strokes, pen, 1, turns=1.4, start=open_to * math.pi)
    alone, ringed = (normalise(draw_strokes(ink, pen)) for ink in (strokes, [*strokes, c]))
    assert alone.image is not None and ringed.image is not None
    assert np.array_equal(alone.image, ringed.image), "the C was read with the flat 5"
