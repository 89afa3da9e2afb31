"""Pen-width normalisation: hairlines and heavy pens are brought to MNIST's stroke width; MNIST is untouched."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

import training.drawn as drawn
from rowreader.preprocess import to_mnist
from rowreader.strokes import BLOB, THICK, THIN, morph, normalise_stroke_width, stroke_width


def ring(side: int, pen: int) -> np.ndarray:
    """An ink ring (a drawn "0") of outer diameter ``side`` and pen width ``pen``, ink = 1."""
    yy, xx = np.indices((side, side)) - (side - 1) / 2
    r = np.hypot(yy, xx)
    return ((r <= side / 2) & (r > side / 2 - pen)).astype(np.float32)


@pytest.mark.parametrize("pen", [3, 10, 30])
def test_stroke_width_measures_the_pen_relative_to_the_box(pen):
    assert stroke_width(ring(300, pen)) == pytest.approx(pen / 300, rel=0.2)


def test_stroke_width_of_nothing_is_zero():
    assert stroke_width(np.zeros((5, 5))) == 0.0


def test_mnist_digits_pass_through_unchanged(mnist_test):
    images, _ = mnist_test
    crops = [np.kron(img, np.ones((10, 10))) / 255.0 for img in images[:300]]
    unchanged = [normalise_stroke_width(c) is c for c in crops]
    assert np.mean(unchanged) > 0.97


@pytest.mark.parametrize("pen", [2, 60])
def test_hairlines_and_heavy_pens_end_up_mnist_like(pen):
    image = ring(280, pen)
    before = stroke_width(image)
    assert not THIN <= before <= THICK
    after = stroke_width(normalise_stroke_width(image))
    assert THIN <= after <= THICK
    digit = to_mnist(image, ink="light")
    assert 0.06 <= stroke_width(digit) <= 0.2  # also after the final resize to 28×28
    assert to_mnist(image, ink="light", normalise_strokes=False) is not None


def test_filled_shapes_are_not_pen_strokes():
    square = np.ones((50, 50), np.float32)
    assert stroke_width(square) > BLOB
    assert normalise_stroke_width(square) is square


@pytest.mark.parametrize("pen_range", [(2.0, 4.0), (4.0, 8.0)])
def test_the_shipped_model_reads_thin_pen_drawings(monkeypatch, pen_range):
    """Measured: hairline drawings read at ~61 % without pen normalisation and ~99 % with it."""
    monkeypatch.setattr(drawn, "PEN_RANGE", pen_range)
    images, labels = drawn.drawn_dataset(20, seed=11)
    assert (shipped_model_says(images) == labels).mean() >= 0.95


@settings(max_examples=60, deadline=None)
@given(
    image=arrays(np.float64, st.tuples(st.integers(1, 24), st.integers(1, 24)), elements=st.floats(0.0, 1.0)),
    radius=st.integers(1, 7),
    grow=st.booleans(),
)
def test_morph_is_the_max_or_min_over_a_disc(image: np.ndarray, radius: int, grow: bool) -> None:
    """The fast running-window dilation/erosion gives exactly the definition: the extreme over the disc's pixels
    (dy² + dx² ≤ r² + r), with blank paper beyond the edges."""
    padded = np.pad(image, radius)
    h, w = image.shape
    disc = [(dy, dx) for dy in range(-radius, radius + 1) for dx in range(-radius, radius + 1)]
    shifts = [
        padded[radius + dy : radius + dy + h, radius + dx : radius + dx + w]
        for dy, dx in disc
        if dy * dy + dx * dx <= radius * radius + radius
    ]
    expected = np.max(shifts, axis=0) if grow else np.min(shifts, axis=0)
    np.testing.assert_array_equal(morph(image, radius, grow), expected)
