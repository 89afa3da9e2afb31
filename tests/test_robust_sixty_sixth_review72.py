"""The sixty-sixth round of hostile testing, review72: marks14's rule that a slashed 0's slash is a stroke, its ink
at most 1.2 of its length by the oval's pen (``one_digit.SLASH_INK``), took a slash drawn twice side by side, or one
at pen 40, for a ringed 1: the oval was taken away and the 0 read as a 1. A stroke fills its box; a blob does not.
Each test was seen failing on the code before the fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
from PIL import Image, ImageDraw

from rowreader.one_digit import ring_round
from rowreader.pen import draw_strokes


def _crop(picture: np.ndarray) -> np.ndarray:
    """The ink of a drawing (dark on white), cropped to it, as ``ring_round`` is asked of it."""
    ink = picture < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    return ink[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]


def _slash(length: float, lean: float) -> np.ndarray:
    """A straight stroke ``length`` px long through (200, 200), ``lean``° off upright (+: its top right)."""
    half = np.array([math.sin(math.radians(lean)), -math.cos(math.radians(lean))]) * length / 2
    return np.array([200 - half, 200 + half])


def _across(lean: float, by: float) -> np.ndarray:
    """``by`` px square to a stroke ``lean``° off upright (x, y)."""
    return np.array([math.cos(math.radians(lean)), math.sin(math.radians(lean))]) * by


# (pen, lean, share of the inside's height, the second slash's offset in pens: 0 drawn once)
ON_CANVAS = [(8, 35, 0.55, 0.3), (16, 25, 0.4, 0.5), (16, 35, 0.4, 1.0), (24, 25, 0.4, 0.3), (40, 25, 0.4, 0)]


@pytest.mark.parametrize(("pen", "lean", "share", "twice"), ON_CANVAS)
def test_a_slash_drawn_twice_or_thick_keeps_its_zeros_oval(pen: int, lean: float, share: float, twice: float) -> None:
    """A 0 on the canvas (an oval 0.6 as wide as tall) slashed clear of its oval, the slash gone over again beside
    itself as a hand thickens it: its ink 1.23 to 1.86 of its length by the pen, so it was no stroke and the 0 a
    ringed 1 (61 of 720 such Ø at pens 2-40). It fills 0.94 to 0.99 of its box."""
    height = 100.0 if pen < 32 else 160.0
    turn = np.linspace(0, 2.06 * np.pi, 120)
    oval = np.c_[200 + 0.6 * height * np.cos(turn), 200 + height * np.sin(turn)]
    slash = _slash(share * (2 * height - pen), lean)
    strokes = [oval, slash, slash + _across(lean, twice * pen)] if twice else [oval, slash]
    assert ring_round(_crop(draw_strokes(strokes, pen))) is None, "the 0's oval was taken for a ring round a 1"


@pytest.mark.parametrize(("pen", "lean"), [(8, -30), (16, 30), (24, 25), (32, 25)])
def test_a_pictures_slash_drawn_twice_keeps_its_zeros_oval(pen: int, lean: float) -> None:
    """The lead's Ø in a picture (Pillow's ellipse and lines, not the canvas), its slash drawn twice half a pen
    apart: 35 of 240 such pictures at pens 2-40 lost their oval."""
    page = Image.new("L", (400, 400), 255)
    draw = ImageDraw.Draw(page)
    draw.ellipse((110, 60, 290, 340), outline=0, width=pen)
    (x0, y0), (x1, y1) = _slash(0.55 * (280 - 2 * pen), lean)
    (dx, dy) = _across(lean, pen / 2)
    for by in (0, 1):
        draw.line((x0 + by * dx, y0 + by * dy, x1 + by * dx, y1 + by * dy), fill=0, width=pen)
    assert ring_round(_crop(np.asarray(page))) is None, "the 0's oval was taken for a ring round a 1"
