"""The fifty-second round of hostile testing, boxes2: a 0 drawn square by a person's fine pen beside the empty printed
box the boxes round taught ``one_digit`` to refuse; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter

from rowreader.preprocess import normalise, to_mnist

PAGE = 280  # a scanned page's side, px


def _square_zero(height: int, width: int, pen: int, moves: list[tuple[float, float]]) -> np.ndarray:
    """A 0 drawn square on a white page as a fine pen draws it: one line through the four corners and back, each
    corner ``moves`` away from a true rectangle's (a hand is never exact), ``pen`` px wide."""
    page = Image.new("L", (PAGE, PAGE), 255)
    left, top = (PAGE - width) // 2, (PAGE - height) // 2
    corners = [(left, top), (left + width, top), (left + width, top + height), (left, top + height)]
    corners = [(x + dx, y + dy) for (x, y), (dx, dy) in zip(corners, moves, strict=True)]
    ImageDraw.Draw(page).line([*corners, corners[0]], fill=0, width=pen)
    return np.asarray(page)


MOVE = st.floats(-2.5, 2.5).map(lambda move: round(move, 1))


@settings(max_examples=30, deadline=None, derandomize=True)
@given(
    height=st.integers(120, 220),
    pen=st.integers(1, 4),
    moves=st.lists(st.tuples(MOVE, MOVE), min_size=4, max_size=4),
)
# the lead's and this round's, each "no digit found: … only printed rules" on the boxes round's code
@example(height=187, pen=2, moves=[(-0.8, 1.4), (0.6, 2.4), (0.6, 0.8), (0.8, -0.6)])
@example(height=204, pen=2, moves=[(-0.9, 0.9), (-1.3, -1.2), (-1.3, 1.0), (-0.4, -1.0)])
@example(height=154, pen=2, moves=[(-0.7, -0.5), (0.2, -0.4), (0.1, 1.9), (0.5, -1.6)])
@example(height=218, pen=3, moves=[(0.3, -0.9), (0.9, 0.0), (-0.6, -0.6), (-1.0, 0.0)])
# --hypothesis-profile=explore's (the fifty-fifth round): the bottom corners 1 px lower, an exact rectangle still
@example(height=120, pen=1, moves=[(0.0, 0.0), (0.0, 0.0), (0.0, 1.0), (0.0, 1.0)])
def test_a_square_zero_drawn_by_a_fine_pen_is_read(height, pen, moves):
    """A square 0 of a 2- or 3-px pen, its corners a pixel or two off, was said to be an empty printed box, "only
    printed rules" (the lead's 2 of 30; 124 of 696 such 0s of 1-6 px pens, bowed, overshot, open or rounded): its
    lines are under 4 % of its side. A printed box is ruled, each side straight and all four turned alike, and where
    level its corners closed and square; a hand's are not, and its 0 is read."""
    # a hand is never exact: not a true rectangle, which a printed box is. Pillow draws a corner at its pixel (the
    # floor), so two corners moved alike (the bottom two 1 px lower) or by 0.4 and 0.6 still drew one
    x = [math.floor(dx) for dx, _ in moves]
    y = [math.floor(dy) for _, dy in moves]
    assume(not (x[0] == x[3] and x[1] == x[2] and y[0] == y[1] and y[2] == y[3]))
    picture = _square_zero(height, round(height * 0.8), pen, moves)
    read = normalise(picture)
    assert read.image is not None and not read.rules_only
    assert shipped_model_says([to_mnist(picture)])[0] == 0


@pytest.mark.parametrize("pen", [2, 4])
@pytest.mark.parametrize("round_by", [0, 6, 12])
def test_a_square_zero_with_round_corners_is_read(pen: int, round_by: int):
    """A 0 drawn square with level, straight sides and round corners is no printed box (its corners are closed and
    square): read; with square corners (``round_by`` 0) it is one, and holds no digit."""
    page = Image.new("L", (PAGE, PAGE), 255)
    ImageDraw.Draw(page).rounded_rectangle((76, 60, 204, 220), radius=round_by, outline=0, width=pen)
    picture = np.asarray(page)
    read = normalise(picture)
    if round_by == 0:
        assert read.image is None and read.rules_only
    else:
        assert read.image is not None and shipped_model_says([to_mnist(picture)])[0] == 0


@pytest.mark.parametrize(("side", "tilt"), [(200, 0), (100, 1), (150, 1)])
def test_a_printed_box_blurred_as_scanned_still_holds_no_digit(side: int, tilt: int):
    """A scan blurs a printed box (0.6 px): its corners lose their outermost pixel and a side 1 px off level falls
    0.2 px across it. The ruled test's first form took such boxes (23 of 144) for a hand's 0; they hold no digit."""
    page = Image.new("L", (side + 40, side + 40), 255)
    ImageDraw.Draw(page).rectangle((20, 20, 20 + side, 20 + side), outline=0, width=2)
    page = page.rotate(np.degrees(np.arctan2(tilt, side)), Image.Resampling.BILINEAR, fillcolor=255)
    read = normalise(np.asarray(page.filter(ImageFilter.GaussianBlur(0.6))))
    assert read.image is None and read.rules_only
