"""Phone-like photos of a page in a shadow no quadratic follows (a hand's soft edge, a corner falling to a quarter
of the light), with grain, blur and JPEG: their light is measured cell by cell, and their digits read right."""

from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp
from PIL import Image, ImageFilter

from rowreader.lighting import GRAIN, even_light


def smoothstep(x: np.ndarray) -> np.ndarray:
    x = np.clip(x, 0.0, 1.0)
    return x * x * (3 - 2 * x)


SHADOWS = {  # as fractions across (u) and down (v) the page
    "a hand's soft shadow": lambda u, v: 1 - 0.5 * smoothstep((u - 0.3) / 0.4),
    "a corner falling to a quarter": lambda u, v: 0.25 + 0.75 * smoothstep(np.hypot(1 - u, 1 - v) / 0.7),
}
PAPER = np.array([0.93, 0.90, 0.84])  # a little yellow, as paper is under a lamp
INKS = (np.array([0.08, 0.08, 0.10]), np.array([0.10, 0.18, 0.55]))  # a black and a blue pen


def phone_photo(digit: np.ndarray, shadow, rng: np.random.Generator) -> np.ndarray:
    """An RGB uint8 photo of ``digit`` (an MNIST one, drawn 45–70 % of the page's short side) on paper under
    ``shadow``, whose darkest corner or side is any of the four, with 2 % grain, a slight blur and JPEG 60–90."""
    height, width = (int(side) for side in rng.integers(360, 720, 2))
    side = int(min(height, width) * rng.uniform(0.45, 0.7))
    ink = np.zeros((height, width))
    top, left = rng.integers(0, height - side), rng.integers(0, width - side)
    big = Image.fromarray(digit).resize((side, side), Image.Resampling.BILINEAR)
    ink[top : top + side, left : left + side] = np.asarray(big) / 255.0
    down, across = np.mgrid[0:height, 0:width] / np.array([height - 1, width - 1])[:, None, None]
    across, down = (1 - across if rng.random() < 0.5 else across), (1 - down if rng.random() < 0.5 else down)
    paper, pen = PAPER * rng.uniform(0.85, 1.0), INKS[rng.integers(2)]
    rgb = (paper * (1 - ink[..., None]) + pen * ink[..., None]) * shadow(across, down)[..., None]
    rgb += rng.normal(0.0, 0.02, rgb.shape)
    picture = Image.fromarray((np.clip(rgb, 0, 1) * 255).round().astype(np.uint8))
    picture = picture.filter(ImageFilter.GaussianBlur(rng.uniform(0.5, 1.2)))
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG", quality=int(rng.integers(60, 91)))
    return np.asarray(Image.open(jpeg).convert("RGB"))


@pytest.mark.parametrize("shadow", SHADOWS)
def test_a_photo_in_a_shadow_no_quadratic_follows_is_read_right(mnist_test, shadow):
    """A quadratic through the border cannot follow these shadows, and the picture was left as it was, the shadow
    read as ink: 3 of 40 such photos read right under a hand's shadow, 7 of 40 in a corner's (a 7 read as a 3).
    The light measured cell by cell over the paper, 38 and 38 of 40 are."""
    from rowreader.preprocess import to_mnist

    rng = np.random.default_rng(11)
    chosen = rng.choice(len(mnist_test[1]), 12, replace=False)
    inputs = []
    for i in chosen:
        read = to_mnist(phone_photo(mnist_test[0][i], SHADOWS[shadow], rng))
        inputs.append(read)
    said = shipped_model_says(inputs)
    assert (said == mnist_test[1][chosen]).sum() >= 11


@pytest.mark.parametrize("shadow", SHADOWS)
def test_the_paper_under_such_a_shadow_comes_out_one_shade(mnist_test, shadow):
    """Measured on the paper, not fitted to the border: the paper in the shadow's darkest quarter and in its
    brightest comes out the same shade, within the grain."""
    rng = np.random.default_rng(3)
    ink = np.zeros((400, 500))
    ink[100:300, 150:350] = np.asarray(Image.fromarray(mnist_test[0][0]).resize((200, 200))) / 255.0
    down, across = np.mgrid[0:400, 0:500] / np.array([399, 499])[:, None, None]
    light = SHADOWS[shadow](across, down)
    picture = np.clip((0.9 * (1 - ink) + 0.1 * ink) * light + rng.normal(0.0, 0.02, ink.shape), 0, 1)
    evened = even_light(picture)
    paper = ink == 0
    bright, dark = (np.median(evened[paper & place]) for place in (light >= 0.95, light <= np.percentile(light, 10)))
    assert abs(bright - dark) < GRAIN / 2


@settings(max_examples=40, deadline=None)
@given(
    content=hnp.arrays(np.float64, st.tuples(st.integers(8, 120), st.integers(8, 120)), elements=st.floats(0, 1)),
    depth=st.floats(0, 1),
    corner=st.floats(0.05, 1.5),
)
def test_any_page_in_any_shadow_comes_back_finite_within_0_and_1(content, depth, corner):
    """Whatever lies on the page and however deep the shadow (down to black in its corner), no NaN, no inf,
    no value outside [0, 1], the same shape."""
    height, width = content.shape
    down, across = np.mgrid[0:height, 0:width] / np.array([height - 1, width - 1])[:, None, None]
    picture = content * (1 - depth * (1 - smoothstep(np.hypot(across, down) / corner)))
    evened = even_light(picture)
    assert evened.shape == picture.shape and np.isfinite(evened).all()
    assert evened.min() >= 0 and evened.max() <= 1


def test_the_paper_along_the_edges_is_evened_too(mnist_test):
    """A picture whose side is not a whole number of cells had its last few rows and columns left out of the
    cells' medians and lifted by the last cell's light: in a corner's shadow, a band along the edge darker than
    the paper, read as ink (35 of 40 phone photos in a corner's shadow to 0.3 read right; 39 with the band gone)."""
    rng = np.random.default_rng(5)
    height, width = 397, 509  # sampled by 2: 199 × 255, 16 cells of 12 and 15 leave 7 and 15 pixels over
    ink = np.zeros((height, width))
    ink[100:300, 150:350] = np.asarray(Image.fromarray(mnist_test[0][0]).resize((200, 200))) / 255.0
    down, across = np.mgrid[0:height, 0:width] / np.array([height - 1, width - 1])[:, None, None]
    light = SHADOWS["a corner falling to a quarter"](across, down) + 0.05  # its darkest corner at the bottom right
    picture = np.clip((0.9 * (1 - ink) + 0.1 * ink) * light + rng.normal(0.0, 0.02, ink.shape), 0, 1)
    evened = even_light(picture)
    paper = np.median(evened[ink == 0])
    for edge in (evened[-6:, width // 2 :], evened[height // 2 :, -6:]):
        assert abs(np.median(edge) - paper) < GRAIN / 2
