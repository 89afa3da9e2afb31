"""``to_mnist`` made cheaper must give the same pictures bit for bit: the fast path of ``_median`` (a border of one
shade) against NumPy's median, and whole pictures read both ways, compared as bytes."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image

from rowreader import preprocess
from rowreader.preprocess import Normalised, normalise


def _numpy_median(shades: np.ndarray) -> float:
    """What the ink finding took before ``_median``: NumPy's median, every time."""
    return float(np.median(shades))


def _bits(value: float) -> bytes:
    return np.float64(value).tobytes()


SHADES = st.sampled_from([0.0, -0.0, 1.0, 0.5, 1 / 255, 254 / 255, 1e-300, 0.1])


@settings(max_examples=300, deadline=None)
@given(arrays(np.float64, st.integers(1, 60), elements=SHADES | st.floats(-1.0, 1.0)))
def test_median_is_numpys_bit_for_bit(shades: np.ndarray) -> None:
    assert _bits(preprocess._median(shades)) == _bits(_numpy_median(shades))


@pytest.mark.parametrize("shade", [0.0, -0.0, 1.0, 0.3])
def test_a_border_of_one_shade_is_its_median(shade: float) -> None:
    for size in (1, 112, 113):  # NumPy's median of -0.0s is 0.0, a mean summed from +0.0
        assert _bits(preprocess._median(np.full(size, shade))) == _bits(shade + 0.0)


def test_zeros_of_both_signs_take_numpys_median() -> None:
    shades = np.array([-0.0, 0.0, -0.0, 0.0])
    assert _bits(preprocess._median(shades)) == _bits(_numpy_median(shades))


def _same(new: Normalised, old: Normalised) -> None:
    assert (new.placement, new.too_small) == (old.placement, old.too_small)
    for ours, theirs in ((new.image, old.image), (new.ink, old.ink)):
        assert (ours is None) == (theirs is None)
        if ours is not None:
            assert (ours.dtype, ours.shape, ours.tobytes()) == (theirs.dtype, theirs.shape, theirs.tobytes())


def _both_ways(picture: object, monkeypatch: pytest.MonkeyPatch, **options: object) -> tuple[Normalised, Normalised]:
    new = normalise(picture, **options)
    with monkeypatch.context() as patch:
        patch.setattr(preprocess, "_median", _numpy_median)
        old = normalise(picture, **options)
    return new, old


def _pictures(digit: np.ndarray) -> list[object]:
    """One MNIST digit as a user hands it over: its pixels, a PNG's (dark on white, RGB), a 280² canvas's."""
    return [
        digit,
        Image.fromarray(255 - digit).convert("RGB"),
        np.asarray(Image.fromarray(digit).resize((280, 280), Image.Resampling.BILINEAR)),
    ]


def test_mnist_digits_as_pictures_are_read_as_before(
    mnist_test: tuple[np.ndarray, np.ndarray], monkeypatch: pytest.MonkeyPatch
) -> None:
    images, _ = mnist_test
    for digit in images[::50]:  # 200 digits, 600 pictures
        for picture in _pictures(digit):
            _same(*_both_ways(picture, monkeypatch))


@settings(max_examples=150, deadline=None)
@given(
    arrays(np.uint8, st.tuples(st.integers(1, 40), st.integers(1, 40))),
    st.sampled_from(["auto", "dark", "light"]),
    st.booleans(),
)
def test_any_picture_is_read_as_before(picture: np.ndarray, ink: str, allow_small: bool) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        _same(*_both_ways(picture, monkeypatch, ink=ink, allow_small=allow_small))


@settings(max_examples=100, deadline=None)
@given(
    st.integers(8, 60),
    st.integers(8, 60),
    st.sampled_from([0, 255, 128]),
    st.lists(st.tuples(st.integers(0, 59), st.integers(0, 59), st.integers(1, 20)), min_size=0, max_size=6),
    st.floats(0.0, 0.1),
)
def test_drawings_on_plain_paper_are_read_as_before(
    height: int, width: int, paper: int, strokes: list[tuple[int, int, int]], grain: float
) -> None:
    """Pages whose border is one shade (the fast path), with strokes and, some of them, grain."""
    page = np.full((height, width), paper, np.uint8)
    for top, left, size in strokes:
        page[top : top + size, left : left + 2] = 255 - paper
    noisy = np.clip(page / 255 + np.random.default_rng(height * width).normal(0, grain, page.shape), 0, 1)
    with pytest.MonkeyPatch.context() as monkeypatch:
        for picture in (page, noisy):
            _same(*_both_ways(picture, monkeypatch))
