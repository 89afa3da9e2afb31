"""The fifty-seventh round of hostile testing, marks5: marks round a digit drawn with the canvas's brush
(``rowreader.pen.draw_strokes``) as a person draws them: a ring round an answer, clear of it. Each test was seen
failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
import ringed_digits

from rowreader.one_digit import ring_round
from rowreader.unipen import PenDigit


@pytest.mark.parametrize("pen", [8, 16])
def test_a_ring_round_a_digit_is_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """People ring an answer. The ring was read with the digit: of 300 UNIPEN test digits ringed with the canvas's
    pen, 36 (pen 8) and 26 (pen 16) read right, 299 and 296 alone, and the input was the one drawn alone for none.
    A ring all the rest of the ink lies within, apart from it, is taken away: the digit reads as drawn alone."""
    kept = ringed_digits.ringed_unlike_alone(unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen)])
    assert not kept, f"the ring was read with {len(kept)} digits: {kept}"


def test_what_lies_in_a_zero_under_a_digits_height_is_the_zeros() -> None:
    """A 0 with a dot or a short bar in it (a zero told from an O) is one digit, not a ring round a mark: only ink
    inking half the rows or more inside is a digit ringed. A ring round a bar that tall is taken away."""
    zero = np.zeros((60, 40), bool)
    rows, cols = np.indices(zero.shape)
    ellipse = ((rows - 29.5) / 29.5) ** 2 + ((cols - 19.5) / 19.5) ** 2
    zero[(ellipse <= 1) & (ellipse >= 0.75)] = True
    dotted, barred = zero.copy(), zero.copy()
    dotted[27:33, 17:23] = True
    barred[14:46, 18:22] = True
    assert ring_round(dotted) is None
    ring = ring_round(barred)
    assert ring is not None
    assert np.array_equal(ring, zero)


def test_a_digit_whose_middle_row_is_bare_is_read() -> None:
    """A 5 written in two parts, or an MNIST digit broken across its middle, has a bare middle row: the ring's first
    look, how often that row and column cross ink, counted its runs of nothing and raised an IndexError, and
    ``to_mnist`` read no such digit (MNIST test digits among them)."""
    parts = np.zeros((40, 30), bool)
    parts[2:18, 5:25] = True
    parts[22:38, 5:25] = True
    assert ring_round(parts) is None
    assert ring_round(parts.T) is None
