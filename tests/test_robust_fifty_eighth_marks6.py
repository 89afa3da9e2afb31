"""The fifty-eighth round of hostile testing, marks6: marks round a digit drawn with the canvas's brush
(``rowreader.pen.draw_strokes``) as a person draws them, where marks5 left: two rings round an answer, a ring left a
little open. Each test was seen failing on the code before its fix."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest
import ringed_digits

from rowreader.unipen import PenDigit

if TYPE_CHECKING:
    pass


@pytest.mark.parametrize("pen", [8, 16])
def test_two_rings_round_a_digit_are_both_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """An answer ringed twice (a ring drawn again round the first, for emphasis) kept its inner ring: only the ink
    reached from outside was the ring, and of 300 UNIPEN test digits 36 (pen 8) and 26 (pen 16) read right, as
    with no ring taken away at all, the input the one drawn alone for none. Rings within a ring are rings too."""
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2), ringed_digits.ring(strokes, pen, 4.5)]
    )
    assert not kept, f"a ring was read with {len(kept)} digits: {kept}"


@pytest.mark.parametrize("pen", [8, 16])
def test_a_ring_left_open_a_little_is_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """A hand does not always close its ring: one ending 14° short of closing is no closed ring, and the outside
    reached the digit through its gap: of 300 UNIPEN test digits 41 (pen 8) and 24 (pen 16) read right so ringed,
    299 and 296 alone. Its gap is closed by the ring's pen's width, and it is taken away as a closed one is."""
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2, turns=1.92)]
    )
    assert not kept, f"a ring left open was read with {len(kept)} digits: {kept}"
