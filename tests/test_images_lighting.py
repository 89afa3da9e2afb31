"""rowreader.lighting: a page lit unevenly is evened out; anything whose border is one shade is left bit for bit."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image

from rowreader.lighting import GRAIN, even_light

PAPER, PEN = 0.92, 0.15


def photo(ink: np.ndarray, light: np.ndarray, grain: float = 0.02, seed: int = 0) -> np.ndarray:
    """A photo of a page: dark pen on light paper (``ink`` 0…1 says where), under ``light``, with a camera's grain."""
    noise = np.random.default_rng(seed).normal(0.0, grain, ink.shape)
    return np.clip((PAPER * (1 - ink) + PEN * ink) * light + noise, 0.0, 1.0)


def big_digit(mnist_digit: np.ndarray, side: int = 280) -> np.ndarray:
    return np.asarray(Image.fromarray(mnist_digit).resize((side, side), Image.Resampling.BILINEAR)) / 255.0


LIGHTS = {  # as fractions across (u) and down (v) the page
    "from the left": lambda u, v: 1 - 0.5 * u,
    "a corner's shadow": lambda u, v: 1 - 0.6 * (u + v) / 2,
    "a lens's vignette": lambda u, v: 1 - 0.6 * np.clip(((u - 0.5) ** 2 + (v - 0.5) ** 2) * 2, 0, 1),
}


@pytest.mark.parametrize("light", LIGHTS)
def test_a_page_lit_unevenly_is_evened_out(mnist_test, light):
    """The paper of a page lit from one side (0.92 down to 0.46) was darker than the border's median on one side,
    and read as ink there: 9 of 60 such photos of MNIST digits were read right. Divided by the light fitted to
    its border, the paper is one shade again and the ink keeps its shade."""
    ink = big_digit(mnist_test[0][0])
    down, across = np.mgrid[0:280, 0:280] / 279
    lit = LIGHTS[light](across, down)
    evened = even_light(photo(ink, lit))
    for place in (lit > np.percentile(lit, 75), lit < np.percentile(lit, 25)):  # its brightest and darkest parts
        assert abs(np.median(evened[place & (ink == 0)]) - PAPER) < GRAIN / 4
    pen = ink > 0.5
    assert np.median(np.abs(evened - (PAPER * (1 - ink) + PEN * ink))[pen]) < GRAIN / 2


def test_mnist_digits_as_they_are_inverted_and_cut_to_their_box_are_left_bit_for_bit(mnist_test):
    """Pictures whose border is one shade, or mostly ink (a digit cut to its own box), are not photos of a page:
    the very array is returned, so their 28×28 input cannot change."""
    for digit in mnist_test[0][:2000]:
        grey = digit / 255.0
        rows, cols = np.flatnonzero(grey.any(axis=1)), np.flatnonzero(grey.any(axis=0))
        cut = grey[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
        for picture in (grey, 1 - grey, cut, 1 - cut):
            assert even_light(picture) is picture


@pytest.mark.parametrize("grain", [0.0, 0.02])
def test_a_page_lit_evenly_is_left_as_it_is(mnist_test, grain):
    picture = photo(big_digit(mnist_test[0][1]), np.ones((280, 280)), grain)
    assert even_light(picture) is picture


def test_dark_paper_is_not_lifted(mnist_test):
    """Paper with a camera's grain in a shadow darker than a quarter of its light (or a black page, MNIST's own) is
    not divided by a light near 0, which would make its grain into ink (a smooth light on a page without grain is)."""
    across = np.mgrid[0:280, 0:280][1] / 279
    picture = photo(big_digit(mnist_test[0][2]), 1 - 0.9 * across)
    assert even_light(picture) is picture


@settings(max_examples=60, deadline=None)
@given(
    inside=hnp.arrays(np.float64, st.tuples(st.integers(1, 40), st.integers(1, 40)), elements=st.floats(0, 1)),
    paper=st.floats(0, 1),
)
def test_any_picture_with_a_border_of_one_shade_is_returned_as_it_is(inside, paper):
    """Whatever lies inside (a drawing on the canvas, any digit on clean paper), one shade all round is even
    light: the very array comes back, so the app's drawings are read as before, bit for bit."""
    picture = np.pad(inside, 1, constant_values=paper)
    assert even_light(picture) is picture


@settings(max_examples=60, deadline=None)
@given(hnp.arrays(np.float64, st.tuples(st.integers(1, 60), st.integers(1, 60)), elements=st.floats(0, 1)))
def test_any_picture_comes_back_the_same_shape_within_0_and_1(picture):
    evened = even_light(picture)
    assert evened.shape == picture.shape and evened.min() >= 0 and evened.max() <= 1


def test_to_mnist_reads_a_photo_of_a_page_lit_from_one_side(mnist_test):
    """A digit photographed with the light from its left (paper 0.92 down to 0.46) had the dark side of its paper
    read as ink: 9 of 60 such photos of MNIST digits were read right. Its light evened out first, each is read as
    its digit, as the same page lit evenly is."""
    from rowreader.preprocess import to_mnist

    across = np.mgrid[0:280, 0:280][1] / 279
    images, labels = mnist_test[0][:12], mnist_test[1][:12]
    for light in (np.ones_like(across), 1 - 0.5 * across):
        inputs = [to_mnist(photo(big_digit(digit), light, seed=i)) for i, digit in enumerate(images)]
        np.testing.assert_array_equal(shipped_model_says(inputs), labels)
