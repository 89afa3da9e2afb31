"""The fifty-eighth round, pages10: blank ruled and squared pages, their rules lifted, where pages9 left them."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from test_robust_fifty_sixth_pages8 import turned_page

from rowreader import lighting
from rowreader.preprocess import normalise, to_mnist


@pytest.mark.parametrize(
    ("seed", "degrees", "squared", "at_least"),
    [(58, (0, 0), True, 8), (581, (8, 12), False, 8), (581, (8, 12), True, 7)],
)
def test_a_blank_ruled_page_says_only_rules(seed, degrees, squared, at_least):
    """A rule lifted leaves its soft edges and a JPEG's ringing beside it, 0.08–0.10 darker than the paper: as dark
    as faint ink, and on a blank page the darkest there is, so they were its ink, the page's whole width its box
    (6 of these 8 level squared pages "no digit", 6 of 8 lined turned 8–12°, 4 of 8 squared). Ink must now stand
    out past the rules' fringes too; the page says it holds only printed rules."""
    rng = np.random.default_rng(seed)
    found = [normalise(turned_page(rng, degrees, squared, None)) for _ in range(8)]
    assert sum(out.image is None for out in found) >= at_least
    assert all(out.rules_only for out in found if out.image is None)


def test_a_light_pencil_digit_on_a_ruled_page_is_still_read(mnist_test):
    """What is left of the rules is told from ink by how much stands out away from them, not by the darkest pixel
    there: a light pencil's 1 on squared paper turned 8–12°, 0.07 darker than its paper (its darkest pixel away
    from the rules under ``MIN_CONTRAST``), read right before, was "no digit" so judged; it is read."""
    rng = np.random.default_rng(11)
    index = int(rng.integers(10000))
    page = turned_page(rng, (8, 12), True, (mnist_test[0][index] * 0.08).astype(np.uint8))
    assert mnist_test[1][index] == 1
    assert shipped_model_says([to_mnist(page)])[0] == 1


def widened_by_hand(mask: np.ndarray, reach: int) -> np.ndarray:
    """Each pixel within ``reach`` (a square) of one in ``mask``, or of the picture's edge, looked at one by one."""
    height, width = mask.shape
    out = np.zeros_like(mask)
    for row in range(height):
        for column in range(width):
            near_edge = min(row, column, height - 1 - row, width - 1 - column) < reach
            window = mask[max(row - reach, 0) : row + reach + 1, max(column - reach, 0) : column + reach + 1]
            out[row, column] = near_edge or window.any()
    return out


@settings(max_examples=40, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    mask=st.integers(1, 14).flatmap(
        lambda height: st.lists(st.lists(st.booleans(), min_size=1, max_size=14).map(tuple), min_size=height)
    ),
    reach=st.integers(0, 5),
)
@example(mask=[(False,) * 12] * 12, reach=4)
@example(mask=[(False, True, False)], reach=1)
def test_the_rules_fringe_is_every_pixel_near_them(mask, reach):
    """The rules' fringe is widened a shift at a time (the sliding windows took a 2048 × 1536 page's 54 ms): it
    is what looking at each pixel's neighbours gives, edges and all."""
    width = min(len(row) for row in mask)
    grid = np.array([row[:width] for row in mask], dtype=bool)
    assert np.array_equal(lighting.widened(grid, reach), widened_by_hand(grid, reach))
