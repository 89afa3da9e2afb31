"""The fifty-seventh round of hostile testing, marks5: marks round a digit drawn with the canvas's brush
(``rowreader.pen.draw_strokes``) as a person draws them: a ring round an answer, clear of it. Each test was seen
failing on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import ring_round
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


def _ring(strokes: list[np.ndarray], pen: float) -> np.ndarray:
    """A ring round ``strokes`` (canvas pixels), clear of their box's corners by a pen or more: an ellipse 1.45
    times the box's half sides plus two pens, no narrower than three quarters of its height, drawn a little past
    one turn as a hand closes it."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    radii = (high - low) / 2 * 1.45 + 2 * pen
    radii = np.maximum(radii, 0.75 * radii.max())
    turn = np.linspace(0.3, 0.3 + 2.1 * np.pi, 80)
    return (low + high) / 2 + radii * np.c_[np.cos(turn), np.sin(turn)]


@pytest.mark.parametrize("pen", [8, 16])
def test_a_ring_round_a_digit_is_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """People ring an answer. The ring was read with the digit: of 300 UNIPEN test digits ringed with the canvas's
    pen, 36 (pen 8) and 26 (pen 16) read right, 299 and 296 alone, and the input was the one drawn alone for none.
    A ring all the rest of the ink lies within, apart from it, is taken away: the digit reads as drawn alone."""
    # a glyph under half as tall as wide is under half the ring's inside: kept, as a dot or a bar in a 0 is (below)
    test = [digit for digit in unipen if digit.split == "test"]
    digits = [
        digit
        for digit in test[::150]
        if np.ptp(np.concatenate(digit.strokes)[:, 1]) >= np.ptp(np.concatenate(digit.strokes)[:, 0]) / 2
    ]
    assert len(digits) >= 15
    kept = []
    for digit in digits:
        strokes = fit_strokes(digit.strokes, pen, size=0.3)
        alone, ringed = (
            normalise(draw_strokes(strokes, pen)),
            normalise(draw_strokes([*strokes, _ring(strokes, pen)], pen)),
        )
        assert alone.image is not None and ringed.image is not None
        if not np.array_equal(alone.image, ringed.image):
            kept.append(f"{digit.writer} {digit.segment} ({digit.label})")
    assert not kept, f"the ring was read with {len(kept)} of {len(digits)} digits: {kept}"


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
