"""The fifty-ninth round, pages12: a pen of a coffee stain's colour is no stain (pages11 made its digit paper)."""

from __future__ import annotations

import io

import numpy as np
from conftest import shipped_model_says
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter, ImageFont
from test_robust_fifty_ninth_pages11 import coffee_page

from rowreader import preprocess
from rowreader.lighting import widened
from rowreader.preprocess import to_mnist

FONT = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"  # the tests' own font (PIL's default has no sizes)
PENS = {  # what each pen lays on white paper: brown, sepia, orange and red, light to dark
    "light brown": (180, 140, 100),
    "tan": (190, 155, 120),
    "pale brown": (200, 165, 125),
    "brown": (150, 100, 60),
    "dark brown": (110, 65, 35),
    "sepia": (112, 66, 20),
    "light sepia": (165, 120, 80),
    "orange": (240, 140, 40),
    "light orange": (250, 175, 100),
    "red": (200, 30, 30),
    "light red": (225, 100, 90),
}


def pen_page(pen: tuple[int, int, int], digit: int, width: int, paper: str, quality: int | None) -> np.ndarray:
    """A photo (360 × 420) of ``digit`` written in ``pen`` (``width`` px of outline round the font's stroke) on
    white paper, bare, lined or squared in blue, with a camera's grain and, given a ``quality``, saved as a JPEG:
    as :func:`rowreader.preprocess.normalise` hands it on, RGB of 0–1."""
    rng = np.random.default_rng(digit * 7 + width)
    rgb = np.full((360, 420, 3), 240.0)
    if paper != "bare":
        for at in range(9, 360, 28):
            rgb[at] = (150, 175, 215)
        if paper == "squared":
            rgb[:, 5::28] = (150, 175, 215)
    layer = Image.new("L", (420, 360), 0)
    ImageDraw.Draw(layer).text(
        (140, 60), str(digit), font=ImageFont.truetype(FONT, 190), fill=255, stroke_width=width, stroke_fill=255
    )
    ink = np.asarray(layer)[..., None] / 255.0
    rgb = rgb * (1 - ink) + np.array(pen, float) * ink + rng.normal(0, 2, rgb.shape)
    picture = Image.fromarray(np.clip(rgb, 0, 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.6))
    if quality is not None:
        saved = io.BytesIO()
        picture.save(saved, "JPEG", quality=quality)
        picture = Image.open(io.BytesIO(saved.getvalue())).convert("RGB")
    return np.asarray(picture, dtype=np.float64) / 255


@settings(max_examples=12, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    pen=st.sampled_from(sorted(PENS)),
    digit=st.integers(0, 9),
    width=st.sampled_from([0, 3, 8]),
    paper=st.sampled_from(["bare", "lined", "squared"]),
    quality=st.none() | st.integers(40, 90),
)
@example(pen="light brown", digit=4, width=0, paper="bare", quality=None)
@example(pen="light brown", digit=8, width=3, paper="lined", quality=60)
@example(pen="tan", digit=2, width=8, paper="squared", quality=None)
def test_a_digit_in_a_pen_of_a_stains_colour_is_no_stain(pen, digit, width, paper, quality):
    """A light brown pen darkens blue most, green about half and red least, as a stain does, and its strokes' soft
    edges are as light as a stain: pages11 made them paper, with its darker middle beside them, and such a digit,
    read before, was "no digit" (6 of 6). A stain is broad and faint within (its tint); a stroke, however wide, is
    not: no stain is found, and the picture is handed on untouched, the very arrays, as before pages11."""
    values = pen_page(PENS[pen], digit, width, paper, quality)
    evened = values.mean(axis=2)
    out, out_evened = preprocess._without_stains(values, evened, None)
    assert out is values and out_evened is evened


def test_a_light_brown_digit_beside_a_coffee_ring_is_read(mnist_test):
    """Beside a ring, a digit in a pen of the stain's colour was made paper with it: 0 of these 8 read right (3
    before pages11, the ring read with it); 7 now. The ring's broad, faint tint is the stain; the digit is not."""
    rng = np.random.default_rng(5912)
    chosen = rng.choice(len(mnist_test[1]), 8, replace=False)
    said = shipped_model_says([to_mnist(coffee_page(rng, mnist_test[0][i], pen=(180, 140, 100))) for i in chosen])
    assert (said == mnist_test[1][chosen]).sum() >= 7


@settings(max_examples=30, deadline=None, derandomize=True, suppress_health_check=[HealthCheck.too_slow])
@given(
    mask=st.integers(1, 9).flatmap(lambda h: st.lists(st.lists(st.booleans(), min_size=9, max_size=9), min_size=h)),
    reach=st.integers(0, 4),
)
@example(mask=[[False] * 9] * 9, reach=3)
def test_a_stain_widened_does_not_run_off_the_page(mask, reach):
    """One ``widened`` now (pages11 wrote a second): a stain's, unlike a desk's, is widened without the picture's
    edge, so a page's border is not stain: every pixel within ``reach`` (a square) of the mask, and no other."""
    grid = np.array(mask, dtype=bool)
    down, across = np.nonzero(grid)
    rows, cols = np.mgrid[0 : grid.shape[0], 0 : grid.shape[1]]
    near = np.zeros_like(grid)
    for at_row, at_col in zip(down, across, strict=True):
        near |= (abs(rows - at_row) <= reach) & (abs(cols - at_col) <= reach)
    assert np.array_equal(widened(grid, reach, edge=False), near)
