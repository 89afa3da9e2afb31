"""The fifty-eighth round, pages10: blank ruled and squared pages, their rules lifted, where pages9 left them."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from test_robust_fifty_sixth_pages8 import turned_page

from rowreader import lighting
from rowreader.preprocess import normalise


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


def faint_seven(rules: bool) -> Image.Image:
    """A 7 in a light pencil, 0.08 darker than its paper (``MIN_CONTRAST``), on a lined page (or bare paper), with a
    camera's 1 % grain: its darkest pixels stand out hardly further than a rule's fringe does."""
    page = Image.new("RGB", (600, 480), (240, 240, 240))
    draw = ImageDraw.Draw(page)
    for at in range(30, 480, 56) if rules else ():
        draw.line([(0, at), (600, at)], fill=(160, 160, 160), width=2)
    draw.line([(230, 140), (370, 140), (280, 360)], fill=(220, 220, 220), width=12)
    grainy = np.asarray(page) + np.random.default_rng(58).normal(0, 1, (480, 600, 3))
    return Image.fromarray(np.clip(grainy, 0, 255).astype(np.uint8))


def test_a_faint_pencil_digit_on_a_ruled_page_is_read_as_on_bare_paper():
    """What is left of the rules is told from ink by how much of it stands out away from them, not by its darkest
    pixel: a pencil's digit no darker than those fringes, read on bare paper, is read on the ruled page too, in the
    same box."""
    ruled, bare = normalise(faint_seven(True)), normalise(faint_seven(False))
    assert ruled.placement is not None and bare.placement is not None
    assert np.abs(np.subtract(ruled.placement.crop, bare.placement.crop)).max() <= 2
    assert shipped_model_says([ruled.image, bare.image]).tolist() == [7, 7]


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
    assert np.array_equal(lighting._widened(grid, reach), widened_by_hand(grid, reach))
