"""The sixty-first round of hostile testing, marks9: rings, brackets and Cs round a digit (``one_digit._ring_open``)
drawn with the canvas's brush, and ``one_digit.ruled_off`` given masks of other types. Each test was seen failing on
the code before its fix (the square 0's, on review47's undone fix, which it was written to keep out)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits
from PIL import Image, ImageDraw

from rowreader.one_digit import ruled_off
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.unipen import PenDigit


def _brackets(strokes: list[np.ndarray], pen: float) -> list[np.ndarray]:
    """Two arcs round ``strokes``, above and below, each 0.7 of a half turn: two gaps as wide, facing right and left."""
    return [ringed_digits.ring(strokes, pen, 2, turns=0.7, start=(middle - 0.35) * math.pi) for middle in (0.5, 1.5)]


@pytest.mark.parametrize("pen", [24])
def test_two_arcs_open_alike_to_the_right_and_left_are_taken_away(unipen: list[PenDigit], pen: float) -> None:
    """Two arcs round an answer leave two gaps as wide; only the first found (the right) was left out of the rule
    that the digit lie two pens clear of the drawing's edges, so a digit near the left arcs' ends kept them (55 of
    100 UNIPEN test digits at pen 24, 5 at pen 16). Each side a widest gap faces is left out now."""
    kept = ringed_digits.ringed_unlike_alone(unipen, pen, lambda strokes: _brackets(strokes, pen))
    assert not kept, f"two arcs were read with {len(kept)} digits: {kept}"


def test_a_fine_pen_square_zero_slanted_by_two_pixels_is_no_c() -> None:
    """boxes2's square 0 of a 1-px pen, its bottom corners 2 px to the right (height 120): its slanted sides step
    corner to corner, so a fill along rows and columns leaves pieces of them apart from the rest. With both side gaps
    left out it was taken for a C round its own sides and read as a 4; a C's digit lies apart from it, not touching
    it even at a corner."""
    page = Image.new("L", (280, 280), 255)
    corners = [(92, 80), (188, 80), (190, 200), (94, 200)]
    ImageDraw.Draw(page).line([*corners, corners[0]], fill=0, width=1)
    ink = np.asarray(page) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    assert ruled_off(ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]) is None


def test_a_digit_ringed_twice_close_loses_both_rings(unipen: list[PenDigit]) -> None:
    """An answer ringed twice, the second ring two pens out from the first (a pen of paper between): the inner ring
    spans the outer's inside corner to corner, as a 0's slash does, so the outer was no ring (and with gaps closed
    the two rings and the digit were one): 20 of 100 UNIPEN test digits read as alone at pen 8. Ink filling the
    inside is a ring too where it is itself a ring round the rest."""
    pen = 8
    kept = ringed_digits.ringed_unlike_alone(
        unipen, pen, lambda strokes: [ringed_digits.ring(strokes, pen, 2), ringed_digits.ring(strokes, pen, 4, start=1)]
    )
    assert not kept, f"a close second ring was read with {len(kept)} digits: {kept}"


@pytest.fixture(scope="module")
def ringed(unipen: list[PenDigit]) -> np.ndarray:
    """A UNIPEN test digit ringed at pen 16, cropped to its ink: a bool mask whose ring ``ruled_off`` finds."""
    digit = next(digit for digit in unipen if digit.split == "test")
    strokes = fit_strokes(digit.strokes, 16, size=0.3)
    ink = draw_strokes([*strokes, ringed_digits.ring(strokes, 16)], 16) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


@pytest.mark.parametrize("dtype", [np.uint8, np.int64, np.float32])
def test_ruled_off_reads_a_0_1_mask_of_any_number_type_as_its_bool(ringed: np.ndarray, dtype) -> None:
    """A 0/1 uint8 mask lost its ring unsaid (``~`` of 1 is 254), an int64 one raised IndexError, a float one
    TypeError from numpy: each is the bool mask it holds."""
    ring = ruled_off(ringed)
    assert ring is not None and ring.any()
    assert np.array_equal(ruled_off(ringed.astype(dtype)), ring)


@pytest.mark.parametrize(
    ("mask", "error", "says"),
    [
        (lambda ink: ink.astype(np.uint8) * 255, ValueError, "other than 0 and 1 (255 at row "),
        (lambda ink: ink[None], ValueError, "must be 2-D"),
        (lambda ink: ink.astype(str), TypeError, "bool or 0/1 numbers"),
    ],
)
def test_ruled_off_refuses_what_is_no_mask_saying_why(ringed: np.ndarray, mask, error, says) -> None:
    """A 0/255 picture, a stack of masks or text is no ink mask: refused, saying what it is."""
    with pytest.raises(error, match=r"ink mask") as raised:
        ruled_off(mask(ringed))
    assert says in str(raised.value)


@pytest.mark.parametrize("shape", [(0, 0), (0, 5), (3, 3)])
def test_ruled_off_finds_no_lines_where_there_is_no_ink(shape: tuple[int, int]) -> None:
    """An empty or blank mask raised IndexError (a boolean index did not match): it has no lines."""
    assert ruled_off(np.zeros(shape, bool)) is None
