"""The fifty-fifth round, pages7: photos of a digit on odd pages where pages5 and pages6 left them."""

from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import shipped_model_says
from PIL import Image

from rowreader.preprocess import to_mnist

PAPER = np.array([240.0, 236.0, 222.0])  # cream
PEN = np.array([25.0, 30.0, 80.0])
DESK = np.array([70.0, 55.0, 45.0])  # a dark wooden table


def desk_side_photo(digit: np.ndarray, rng: np.random.Generator) -> Image.Image:
    """A 600 × 480 JPEG photo of a page with ``digit`` (an MNIST one) written 160–240 px tall on it, the desk showing
    down one side (8–20 % of the photo), the light falling by a quarter across it in any direction, as a lamp or a
    window lights a desk."""
    height, width = 480, 600
    rgb = np.ones((height, width, 3)) * PAPER
    size = int(rng.integers(160, 241))
    ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BILINEAR))[..., None] / 255.0
    top, left = int(rng.integers(130, height - size - 110)), int(rng.integers(140, width - size - 130))
    rgb[top : top + size, left : left + size] = rgb[top : top + size, left : left + size] * (1 - ink) + PEN * ink
    depth = rng.uniform(0.08, 0.2)
    side = int(rng.integers(4))
    deep = int(depth * (height if side < 2 else width))
    where = [np.s_[:deep], np.s_[height - deep :], np.s_[:, :deep], np.s_[:, width - deep :]][side]
    rgb[where] = DESK
    angle = rng.uniform(0, 2 * np.pi)
    down, across = np.mgrid[0:height, 0:width]
    fall = np.cos(angle) * across / width + np.sin(angle) * down / height
    rgb *= (1 - 0.25 * (fall - fall.min()) / np.ptp(fall))[..., None]
    rgb += rng.normal(0, 3, rgb.shape)  # a camera's grain
    jpeg = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(jpeg, "JPEG", quality=75)
    return Image.open(io.BytesIO(jpeg.getvalue()))


def test_a_digit_photographed_beside_a_desk_in_falling_light_is_read_right(mnist_test):
    """pages4 made a desk down one side a desk, and read such photos lit evenly (40 of 40), but in light falling by
    a quarter across them 14 of 40: the page's darker side lay halfway between desk and paper, as a shadow's soft
    edge does, so no desk was found and its edge was read as a second mark; or the desk was found and made paper of
    the page's median shade, which stood out from the page's shaded side as an edge, and the light was not evened.
    The desk is now looked for with the page's light (a plane through its paper) taken off, and made paper in that
    light: 3 of 10 here before."""
    rng = np.random.default_rng(55)
    chosen = rng.choice(len(mnist_test[1]), 10, replace=False)
    said = shipped_model_says([to_mnist(desk_side_photo(mnist_test[0][i], rng)) for i in chosen])
    assert (said == mnist_test[1][chosen]).sum() >= 9


def blank_page_on_a_desk(rng: np.random.Generator, fall: float) -> Image.Image:
    """A 640 × 560 JPEG photo of a blank page lying on a brown desk that shows all round it, the light falling by
    ``fall`` across it in any direction."""
    height, width = 560, 640
    rgb = np.ones((height, width, 3)) * DESK * rng.uniform(0.8, 1.2)
    top, left = (int(v) for v in rng.integers(40, 100, 2))
    rgb[top : height - int(rng.integers(40, 100)), left : width - int(rng.integers(40, 100))] = PAPER
    angle = rng.uniform(0, 2 * np.pi)
    down, across = np.mgrid[0:height, 0:width]
    lit = np.cos(angle) * across / width + np.sin(angle) * down / height
    rgb *= (1 - fall * (lit - lit.min()) / np.ptp(lit))[..., None]
    rgb += rng.normal(0, 3, rgb.shape)
    jpeg = io.BytesIO()
    Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).save(jpeg, "JPEG", quality=int(rng.integers(40, 95)))
    return Image.open(io.BytesIO(jpeg.getvalue()))


@pytest.mark.parametrize("fall", [0.0, 0.25])
def test_a_blank_page_on_a_coloured_desk_is_no_digit(fall):
    """A blank page with the desk all round it is blank paper (the fifty-third round), and so it was in grey; but
    where the grey shows no ink the colour is read, and there the desk was the paper (its border) and the page its
    ink: the photo read as a digit, a block (10 of 10 on tinted desks lit evenly, test_photos_desk's brown desk
    too; 15 of 15 in light falling a quarter). The colour is read with the desk made paper as the grey's was."""
    rng = np.random.default_rng(55)
    assert all(to_mnist(blank_page_on_a_desk(rng, fall)) is None for _ in range(4))
