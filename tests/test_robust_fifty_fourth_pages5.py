"""The fifty-fourth round of hostile testing, pages5: pictures of no digit, or of marks that are no digit, made with
NumPy and Pillow, read as `rowreader predict` and the app's Open read them. Each fix's test was seen failing on the
code before it."""

from __future__ import annotations

import numpy as np
from gui_window import open_shipped_window
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from rowreader.picture_words import LINE, LINES, no_ink, too_small_words
from rowreader.preprocess import normalise


@settings(max_examples=6, deadline=None, derandomize=True)
@given(
    shade=st.floats(170, 245),
    sigma=st.floats(4, 14),
    scales=st.tuples(*[st.floats(0.4, 1.0)] * 3),
    seed=st.integers(0, 2**16),
)
@example(shade=208.0, sigma=11.6, scales=(0.49, 0.97, 0.59), seed=1)
def test_a_blank_page_of_colour_grain_holds_no_digit(shade, sigma, scales, seed):
    """A blank page photographed, its grain stronger in one channel than another (a camera's blue is noisier), was
    read as a digit (35 of 300 such pages of 400 × 300 px, 9 of 60 of 200-3,000 px): no grey ink stood out of its
    grain, and the colour's ink, measured from the paper with its grain's other side clipped away, took every speck
    for ink. Its grain is now weighed as the grey's is: blank paper."""
    noise = np.random.default_rng(seed).normal(0.0, sigma, (300, 400))
    page = np.clip(shade + noise[..., None] * np.array(scales), 0, 255).astype(np.uint8)
    read = normalise(page)
    assert read.image is None
    assert no_ink(read).startswith("no ink found: ")


def _dashes(count: int, length: int, pen: int, gap: float, tilt: float) -> np.ndarray:
    """A 400 × 300 page with ``count`` dashes drawn one above another, ``length`` px long with a ``pen`` px wide,
    ``gap`` of their length apart, each falling ``tilt`` of it across."""
    page = Image.new("L", (400, 300), 235)
    draw = ImageDraw.Draw(page)
    for at in range(count):
        y = 150 + (at - (count - 1) / 2) * gap * length
        draw.line([(200 - length / 2, y), (200 + length / 2, y + tilt * length)], fill=30, width=pen)
    return np.asarray(page)


@settings(max_examples=8, deadline=None, derandomize=True)
@given(
    length=st.integers(60, 200),
    pen=st.floats(0.06, 0.15),
    gap=st.floats(0.3, 0.5),
    tilt=st.floats(-0.04, 0.04),
    count=st.integers(2, 3),
)
@example(length=120, pen=0.15, gap=0.3, tilt=0.0, count=2)
def test_an_equals_sign_is_no_digit_as_a_dash_is_none(length, pen, gap, tilt, count):
    """One dash drawn is "a single line, not a digit"; two (an "=") or three were read as a 7 or a 2 (17 of 20 such
    pages), as if one digit. Lines lying flat one above another, and nothing else, are no digit either, and say so;
    `--allow-small` reads them, as it reads a dash."""
    width = max(2, round(pen * length))
    one = normalise(_dashes(1, length, width, gap, tilt))
    assert one.too_small and too_small_words(one) == LINE
    read = normalise(_dashes(count, length, width, gap, tilt))
    assert read.image is None
    if not read.rules_only:  # thin enough to be printed, they are "only printed rules", as before
        assert too_small_words(read) == LINES
        assert normalise(_dashes(count, length, width, gap, tilt), allow_small=True).image is not None


def test_an_equals_sign_drawn_on_the_canvas_is_read_live_as_a_bar_is(qtbot, tmp_path):
    """A bar drawn on the canvas is read live (a 7's or a 5's first stroke), though a picture of one is no digit. Two
    bars one above another, no digit once pictured, are read live too, not "Too small to be a digit"."""
    window = open_shipped_window(qtbot, tmp_path)
    rect = window.canvas.document_rect()
    left, right = rect.left() + rect.width() / 3, rect.right() - rect.width() / 3
    for y in (rect.top() + rect.height() * 0.4, rect.top() + rect.height() * 0.6):
        window.canvas.draw_stroke([(left, y), (right, y)])
    qtbot.waitUntil(lambda: window.session.image is not None or window.session.too_small, timeout=5_000)
    assert normalise(window.canvas.render_ink(), ink="light").too_small  # a picture of it is no digit
    assert not window.session.too_small and window.session.image is not None
