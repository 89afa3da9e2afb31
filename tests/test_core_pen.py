"""The pen renderer: canvas-like images, glyphs fitted with their aspect, the fast ink window, ink like MNIST's."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.pen import CANVAS, DEFAULT_PEN, MARGIN, draw_ink_window, draw_strokes, fit_strokes, render_strokes
from rowreader.preprocess import to_mnist

BAR = [np.array([[5.0, 0.0], [5.0, 100.0]])]  # a 1 written as a bar: no width at all
ZERO = [np.stack([30 * np.cos(t) + 40, 50 * np.sin(t) + 60], axis=1) for t in [np.linspace(0, 2 * np.pi, 40)]]


def ink_box(canvas: np.ndarray, level: int = 128) -> tuple[int, int, int, int]:
    rows, cols = np.nonzero(canvas < level)
    return rows.min(), rows.max(), cols.min(), cols.max()


def test_canvas_shape_dtype_range_and_round_pen():
    canvas = render_strokes(ZERO)
    assert canvas.shape == (CANVAS, CANVAS) and canvas.dtype == np.uint8
    assert canvas.min() == 0 and canvas.max() == 255
    assert 0 < np.count_nonzero((canvas > 0) & (canvas < 255)) < np.count_nonzero(canvas == 0)  # anti-aliased edge
    # a single point is a round dot of the pen's diameter
    dot = draw_strokes([np.array([[140.0, 140.0]])], pen=40)
    top, bottom, left, right = ink_box(dot)
    assert bottom - top + 1 == pytest.approx(40, abs=2) and right - left + 1 == pytest.approx(40, abs=2)
    assert np.count_nonzero(dot < 128) == pytest.approx(np.pi * 20**2, rel=0.05)


def test_glyph_fits_the_box_with_its_aspect_and_the_pen_stays_on_the_canvas():
    canvas = render_strokes(ZERO, pen=20, size=0.5, centre=(0.5, 0.5))
    top, bottom, left, right = ink_box(canvas)
    assert bottom - top + 1 == pytest.approx(0.5 * CANVAS + 20, abs=3)  # longer side (height) + the pen
    assert right - left + 1 == pytest.approx(0.5 * CANVAS * 30 / 50 + 20, abs=3)  # aspect 60:100 kept
    assert (top + bottom) / 2 == pytest.approx(CANVAS / 2, abs=1.5)
    # too big and off to a corner: shrunk and moved so that the whole pen stays inside
    corner = render_strokes(ZERO, pen=60, size=1.0, centre=(1.0, 0.0))
    top, bottom, left, right = ink_box(corner, level=255)
    assert top >= MARGIN - 1 and left >= 0 and bottom <= CANVAS - MARGIN and right <= CANVAS - MARGIN
    assert right > CANVAS - 10 and top < 10


def test_narrow_and_degenerate_glyphs():
    bar = render_strokes(BAR, pen=DEFAULT_PEN)
    top, bottom, left, right = ink_box(bar)
    assert right - left + 1 == pytest.approx(DEFAULT_PEN, abs=2)  # as wide as the pen, not stretched
    assert bottom - top > 150
    dot = render_strokes([np.array([[3.0, 3.0], [3.0, 3.0]])], pen=30, centre=(0.25, 0.5))
    top, bottom, left, right = ink_box(dot)
    assert (left + right) / 2 == pytest.approx(70, abs=1.5) and bottom - top + 1 == pytest.approx(30, abs=2)
    assert to_mnist(bar, ink="dark") is not None
    assert to_mnist(dot, ink="dark") is None  # a lone pen dot is "too small to be a digit" …
    assert to_mnist(dot, ink="dark", allow_small=True) is not None  # … but renders and reads when asked


@pytest.mark.parametrize(
    "kwargs, message",
    [
        ({"pen": 0.0}, "pen width"),
        ({"pen": float("nan")}, "pen width"),
        ({"pen": 300.0}, "pen width"),
        ({"size": 0.0}, "size"),
        ({"size": 1.5}, "size"),
        ({"centre": (0.5, float("inf"))}, "centre y"),
    ],
)
def test_bad_parameters_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        render_strokes(ZERO, **kwargs)


def test_bad_strokes_are_refused():
    with pytest.raises(ValueError, match="at least one stroke"):
        fit_strokes([])
    with pytest.raises(ValueError, match="finite"):
        fit_strokes([np.array([[0.0, np.nan]])])
    with pytest.raises(ValueError, match=r"\[n, 2\]"):
        draw_strokes([np.zeros((0, 2))], pen=10)


@pytest.mark.parametrize("pen", [6.0, 17.3, 28.0, 41.5])
def test_ink_window_gives_exactly_what_the_whole_canvas_gives(unipen, pen):
    rng = np.random.default_rng(int(pen))
    for index in rng.choice(len(unipen), 8, replace=False):
        strokes = fit_strokes(unipen[index].strokes, pen, rng.uniform(0.4, 0.85), tuple(rng.uniform(0, 1, 2)))
        window, canvas = draw_ink_window(strokes, pen), draw_strokes(strokes, pen)
        assert window.size < canvas.size
        assert np.array_equal(to_mnist(window, ink="dark"), to_mnist(canvas, ink="dark"))


def test_ink_after_to_mnist_is_like_mnists(unipen, mnist_test):
    """Default pen and size: per class within 25 % of MNIST's mean ink per digit, over all classes within 15 %.

    Measured on these 300 digits: 0.88–1.03 of MNIST per class, 0.95 overall. to_mnist's pen-width
    normalisation keeps strokes in MNIST's range, but a pen digit's length (a crossed 7, a flagged 1) differs
    from MNIST's per class, so classes spread more than the mean.
    """
    images, labels = mnist_test
    mnist_ink = np.array([images[labels == k].sum(axis=(1, 2)).mean() / 255 for k in range(10)])
    rng = np.random.default_rng(0)
    chosen = [unipen[i] for i in rng.choice(len(unipen), 300, replace=False)]
    ink, count = np.zeros(10), np.zeros(10)
    for digit in chosen:
        image = to_mnist(render_strokes(digit.strokes), ink="dark")
        assert image is not None and image.shape == (28, 28) and image.max() == pytest.approx(1.0, abs=0.05)
        ink[digit.label] += image.sum()
        count[digit.label] += 1
    ratio = ink / count / mnist_ink
    assert np.all((ratio > 0.75) & (ratio < 1.25)), ratio
    overall = ink.sum() / count.sum() / (images.sum() / 255 / len(images))
    assert 0.85 < overall < 1.15
