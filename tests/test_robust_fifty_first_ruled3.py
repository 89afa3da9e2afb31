"""The fifty-first round of hostile testing, ruled3: digits written on ruled and squared paper, made with NumPy and
Pillow: MNIST test digits drawn onto white 600-px pages with printed rules touching them (a 7's foot on its line),
crossing them (a 4 or a 9 hanging below its line, a line through the middle) and, on squared paper, rules down the
page too; and the digits people draw (a 1's stem) kept whole. Each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import numpy as np
from conftest import shipped_model_says
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.one_digit import cropped, ruled_off
from rowreader.pen import draw_strokes
from rowreader.preprocess import normalise
from training.drawn import render_digit

SIDE = 600  # a page's side, in pixels
TOP, LEFT = 200, 250  # where the digit's field is drawn


def _page(digit: np.ndarray, scale: int = 4) -> np.ndarray:
    """MNIST ``digit`` (uint8, ink 255) drawn ``scale``× larger, dark on a white page (floats, paper 1)."""
    side = 28 * scale
    drawn = np.asarray(Image.fromarray(255 - digit).resize((side, side), Image.Resampling.BILINEAR)) / 255.0
    page = np.ones((SIDE, SIDE))
    page[TOP : TOP + side, LEFT : LEFT + side] = drawn
    return page


def _ruled(page: np.ndarray, at: float, thickness: int) -> np.ndarray:
    """``page`` with a rule ``thickness`` px thick printed across it (560 px long) ``at`` of the way down its ink
    (0 its top row, 1 just under its last: the foot on the line), as uint8."""
    rows = np.flatnonzero((page < 0.5).any(axis=1))
    row = rows[0] + round(at * (rows[-1] + 1 - rows[0]))
    ruled = page.copy()
    ruled[row : row + thickness, 20:580] = 0
    return (ruled * 255).astype(np.uint8)


def _read_as_bare(lined: np.ndarray, page: np.ndarray) -> None:
    """``lined`` (uint8) is read, and read as ``page`` (the same digit, bare; floats) is."""
    read, alone = normalise(lined), normalise((page * 255).astype(np.uint8))
    assert not read.too_small and read.image is not None
    said, bare = shipped_model_says([read.image, alone.image])
    assert said == bare


def test_a_7_with_its_foot_on_a_ruled_line_is_read(mnist_test):
    """MNIST's first test digit (a 7) written 112 px tall on a 600-px page, its foot touching a 560 × 4 px rule, was
    refused as "a single line, not a digit": the ink's box, the rule in it, lies flat and is unbroken across. With
    5 bare rows between, the rule was taken away; touching, it is now taken away too, and the 7 is read as a 7."""
    images, labels = mnist_test
    read = normalise(_ruled(_page(images[0]), 1.0, 4))
    assert not read.too_small and read.image is not None
    assert shipped_model_says([read.image])[0] == labels[0] == 7


@settings(max_examples=25, deadline=None)
@given(
    index=st.integers(0, 199),
    at=st.sampled_from([1.0, 0.85, 0.7, 0.5, 0.3]),
    thickness=st.integers(1, 3),  # under half the pen: 3 to 6 px wide at these scales
    scale=st.integers(3, 6),
)
@example(index=4, at=0.7, thickness=3, scale=4)  # a 4 hanging below its line
@example(index=7, at=0.5, thickness=3, scale=4)  # a 9 with a line through its middle
def test_a_digit_touching_or_crossing_a_rule_reads_as_without_it(mnist_test, index, at, thickness, scale):
    """A digit on ruled paper touching its line (foot on it) or crossing it (a 4 hanging below, a line through the
    middle) was refused as "a single line". A printed rule thinner than half the digit's pen, across the whole ink
    and running on past the digit at both ends, is now taken away wherever it lies (its pixels kept only where a
    stroke crosses it): the digit is read, and read as it is on a bare page."""
    images, _ = mnist_test
    page = _page(images[index], scale)
    _read_as_bare(_ruled(page, at, thickness), page)


@settings(max_examples=20, deadline=None)
@given(
    index=st.integers(0, 199),
    pitch=st.integers(30, 60),
    offset=st.integers(0, 59),
    thickness=st.integers(1, 3),
)
@example(index=0, pitch=45, offset=10, thickness=2)
@example(index=2, pitch=30, offset=0, thickness=3)  # a 1 among rules down the page
def test_a_digit_on_squared_paper_reads_as_without_it(mnist_test, index, pitch, offset, thickness):
    """On squared paper (rules down as well as across, printed black as a scan makes them) the rules down the page
    through the digit were read as its strokes. Three or more rules down it, alike and evenly spaced, thinner than
    half the pen and running on past the digit, are now taken away as those across it are: the digit is read as it
    is on a bare page."""
    images, _ = mnist_test
    page = _page(images[index])
    lined = page.copy()
    for at in range(10 + offset % pitch, SIDE - 20, pitch):
        lined[20:580, at : at + thickness] = 0
        lined[at : at + thickness, 20:580] = 0
    _read_as_bare((lined * 255).astype(np.uint8), page)


@settings(max_examples=40, deadline=None)
@given(label=st.integers(0, 9), seed=st.integers(0, 2**16), brush=st.integers(4, 64), lean=st.integers(-30, 30))
@example(label=1, seed=0, brush=40, lean=0)
def test_a_drawn_digits_strokes_are_never_taken_for_rules(label, seed, brush, lean):
    """The fiftieth round's rules down a digit took the stem of a 1 drawn as the canvas draws it (training.drawn's:
    a quarter of its ink kept) for a page's rule, and was reverted. A rule down the page is taken away only on
    squared paper, three or more alike and evenly spaced: no stroke of a drawn digit (training.drawn's, or a 1's stem
    drawn with the canvas's brushes, 4 to 64 px, upright or leaning) is taken for a rule or a line beside it."""
    drawn = render_digit(label, np.random.default_rng(seed)).canvas
    stem = draw_strokes([np.array([[140.0 + lean, 40.0], [140.0 - lean, 240.0]])], brush)
    for canvas in (drawn, stem):
        assert ruled_off(cropped(canvas < 128)) is None


@settings(max_examples=25, deadline=None)
@given(
    index=st.integers(0, 199),
    at=st.sampled_from([1.0, 0.85, 0.7, 0.5, 0.3]),
    thickness=st.integers(1, 3),
    scale=st.integers(3, 6),
    fall=st.integers(-9, 9).filter(bool),  # up to 1° over 560 px, either way
)
@example(index=0, at=1.0, thickness=2, scale=4, fall=2)  # the 7's foot on a rule falling 2 px (0.2°)
@example(index=24, at=1.0, thickness=3, scale=3, fall=-2)  # its ragged start a row off: a 4th row
def test_a_digit_touching_a_rule_not_quite_level_reads_as_without_it(mnist_test, index, at, thickness, scale, fall):
    """A page is never scanned or photographed quite level: a rule falling 2 px over its 560 (0.2°) under a 7's
    foot, or through a digit, left no row of it inked across, and the digit was refused as "a single line" (180 of
    200 such pages, falls of 1 to 8 px). Where the ends of the ink are thin runs alike in number and falling alike
    (up to 1°), the ink is sheared level by that fall and its rules found there as level ones are: read as bare."""
    images, _ = mnist_test
    page = _page(images[index], scale)
    rows = np.flatnonzero((page < 0.5).any(axis=1))
    row = rows[0] + round(at * (rows[-1] + 1 - rows[0]))
    tilted = page.copy()
    for column in range(20, 580):
        down = row + (column - 20) * fall // 560
        tilted[down : down + thickness, column] = 0
    _read_as_bare((tilted * 255).astype(np.uint8), page)
