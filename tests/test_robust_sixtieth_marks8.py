"""The sixtieth round of hostile testing, marks8: marks round a digit drawn with the canvas's brush
(``rowreader.pen.draw_strokes``) where marks7 and zero1 left: a ring left wide open (a C) whose gap faces a side of
the drawing squarely. Each test was seen failing on the code before its fix."""

from __future__ import annotations

import math

import pytest
import ringed_digits

from rowreader.unipen import PenDigit


@pytest.mark.parametrize(("pen", "facing"), [(8, 0.0), (16, 0.5), (24, 1.0), (16, 1.5)])
def test_a_ring_open_squarely_to_one_side_is_taken_away(unipen: list[PenDigit], pen: float, facing: float) -> None:
    """A C round an answer, 0.3 of a turn open, its gap facing the right, the bottom, the left or the top squarely
    (``facing`` half turns from the right, y down): the digit then lies nearer the C's ends than the two pens that
    ``_ring_open`` asked of every side, so the C was read with the digit (of 101 UNIPEN test digits at pen 16, 4 read
    as alone open to the right, 0 open below). The side the gap faces is bounded by the C's ends alone."""
    start = (facing + 0.3) * math.pi  # the gap, 0.6 half turns wide, centred on ``facing``
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2, turns=1.4, start=start)]
    )
    assert not kept, f"a ring open squarely to one side was read with {len(kept)} digits: {kept}"
