"""The sixty-eighth round of hostile testing, review78: a review of marks16's thin C round a thick digit
(``one_digit.THINNER_RING``), at the canvas's brushes next to the ones it fixed. Each test was seen failing on the
code before the fix (9b27d6cd)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


@pytest.mark.parametrize("antialias", [True, False])
@pytest.mark.parametrize("name", ["aga/amywldrp/73", "syn/tds-dig21/136", "ced/JIKA4257/416"])
def test_a_c_at_the_4_px_brush_round_a_1_at_the_8_px_brush_is_taken_away(
    unipen: list[PenDigit], name: str, antialias: bool
) -> None:
    """A 1 drawn with the canvas's 8-px brush inside a C drawn with its 4-px brush, a pen of the 1 clear, open to the
    right: the C's pen measured 5.1 px, the 1's 8.7 to 9.4, so the C was not under half the 1's (marks16's rule) and
    was read with the 1, as a 0 (8 of 9 UNIPEN test 1s). A C under 0.7 of its digit's pen is taken away now."""
    digit = next(d for d in unipen if d.split == "test" and f"{d.writer}/{d.segment}" == name)
    strokes = fit_strokes(digit.strokes, 8, size=0.4)
    c = ringed_digits.ring(strokes, 8, 1, turns=1.4, start=0.3 * math.pi)
    alone = draw_strokes(strokes, 8, antialias=antialias)
    ringed = np.minimum(alone, draw_strokes([c], 4, antialias=antialias))
    read_alone, read_ringed = normalise(alone), normalise(ringed)
    assert read_alone.image is not None and read_ringed.image is not None
    assert np.array_equal(read_alone.image, read_ringed.image), "the C was read with the 1"
