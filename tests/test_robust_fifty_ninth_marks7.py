"""The fifty-ninth round of hostile testing, marks7: marks round a digit drawn with the canvas's brush
(``rowreader.pen.draw_strokes``) as a person draws them, where marks6 and review39 left: a ring left wide open round
an answer (a C). Each test was seen failing on the code before its fix."""

from __future__ import annotations

import pytest
import ringed_digits

from rowreader.unipen import PenDigit


@pytest.mark.parametrize("pen", [8, 24])
def test_a_ring_left_wide_open_is_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """A hand ringing an answer in a hurry leaves a C: 0.3 of a turn open, far past the gap of two pens that marks6
    closes, so the outside reached the digit through it and the C was read with the digit (of 302 UNIPEN test digits
    41 right at pen 8, 16 at pen 16). A piece of ink spanning the whole drawing round the rest, clear of it, is a
    ring left open and is taken away, as a closed one is."""
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2, turns=1.4)]
    )
    assert not kept, f"a ring left wide open was read with {len(kept)} digits: {kept}"
