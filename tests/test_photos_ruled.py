"""Photos of digits written on ruled and squared paper: the paper's printed rules are lifted, the digit read."""

from __future__ import annotations

import io

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw, ImageFilter

from rowreader.lighting import without_rules

PAPER = np.array([0.97, 0.97, 0.95])
RULES = {"grey": np.array([0.6, 0.6, 0.6]), "blue": np.array([0.55, 0.7, 0.9])}  # a school exercise book's
PEN = np.array([0.1, 0.1, 0.25])


def page_photo(
    digit: np.ndarray, squared: bool, rule: np.ndarray, rng: np.random.Generator, side_light: bool = False
) -> Image.Image:
    """A 600² JPEG photo of ``digit`` (an MNIST one, written 300 px tall anywhere in the middle) on paper ruled
    every 40 px (squared: both ways), slightly blurred; lit from the left (1 down to 0.6 across), or evenly."""
    rgb = np.ones((600, 600, 3)) * PAPER
    start = int(rng.integers(0, 40))
    for at in range(start, 600, 40):
        rgb[at : at + 2] = rule
        if squared:
            rgb[:, at : at + 2] = rule
    ink = np.asarray(Image.fromarray(digit).resize((300, 300), Image.Resampling.BILINEAR))[..., None] / 255.0
    top, left = (int(v) for v in rng.integers(100, 200, 2))
    rgb[top : top + 300, left : left + 300] = rgb[top : top + 300, left : left + 300] * (1 - ink) + PEN * ink
    if side_light:
        rgb *= np.linspace(1.0, 0.6, 600)[None, :, None]
    picture = Image.fromarray((rgb * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7))
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG", quality=85)
    return Image.open(io.BytesIO(jpeg.getvalue()))


@pytest.mark.parametrize(
    ("squared", "rule", "side_light"),
    [
        (False, "grey", False),
        (True, "grey", False),
        (False, "blue", False),
        (True, "blue", False),
        (True, "grey", True),
    ],
    ids=["grey lines", "grey squares", "blue lines", "blue squares", "grey squares lit from one side"],
)
def test_a_digit_on_ruled_paper_is_read_right(mnist_test, squared, rule, side_light):
    """The rules crossing the page were ink to the reader: the digit's box became the whole page, the digit a
    speck in it, and a 9 on lined paper was read as a 7 (of 60 MNIST digits so photographed, 29 read right on grey
    lines, 36 on blue, 38 and 39 on squares). The rules are lifted to the paper's shade: 59 or 60 of 60. Both lifts
    at once made each crossing of squares a bright dot, and those along the border kept a side light from being
    evened out (20 of 30 under one); rules down are lifted from what rules across leave: 30 of 30."""
    from rowreader.preprocess import to_mnist

    rng = np.random.default_rng(7)
    chosen = rng.choice(len(mnist_test[1]), 10, replace=False)
    inputs = []
    for i in chosen:
        read = to_mnist(page_photo(mnist_test[0][i], squared, RULES[rule], rng, side_light))
        inputs.append(read)
    said = shipped_model_says(inputs)
    assert (said == mnist_test[1][chosen]).sum() >= 9


@pytest.mark.parametrize("degrees", [-4.0, 0.0, 2.5])
def test_rules_are_lifted_on_a_page_photographed_askew(degrees):
    """No photo is square to its page: rules tilted a few degrees are followed strip by strip and lifted."""
    page = Image.new("L", (900, 700), 245)
    draw = ImageDraw.Draw(page)
    for at in range(-200, 900, 45):
        draw.line([(0, at), (900, at)], fill=160, width=3)
    grey = np.asarray(page.rotate(degrees, Image.Resampling.BILINEAR, fillcolor=245)) / 255.0
    lifted = without_rules(grey)
    inside = (slice(60, -60), slice(60, -60))  # the corners the turn left without rules
    assert (grey[inside] < 0.85).mean() > 0.05 and (lifted[inside] < 0.85).mean() < 0.001


def test_a_stroke_across_a_tight_crop_is_not_a_rule():
    """A grey bar across the whole picture (a pencil 4's bar, cut to its box) is not lifted: a page has several
    rules alike, and a lone line across may be the digit. Nor is a page without rules touched: the very array."""
    grey = np.full((200, 240), 0.95)
    grey[120:128] = 0.5  # the bar, end to end
    grey[20:200, 150:160] = 0.5  # the upright
    assert without_rules(grey) is grey


def test_mnist_digits_and_drawings_come_back_as_they_are(mnist_test):
    """Digits as they are, inverted, and enlarged to a photo's size are not taken for ruled paper."""
    images = mnist_test[0][::100] / 255.0
    for digit in images:
        large = np.asarray(Image.fromarray(1 - digit).resize((400, 400), Image.Resampling.BILINEAR))
        for picture in (digit, 1 - digit, large):
            assert without_rules(picture) is picture


@settings(max_examples=30, deadline=None)
@given(
    height=st.integers(8, 260),
    width=st.integers(8, 260),
    pitch=st.integers(3, 60),
    shade=st.floats(0.0, 1.0),
    thickness=st.integers(1, 6),
    degrees=st.floats(-8, 8),
    squared=st.booleans(),
)
def test_any_ruled_page_comes_back_finite_within_0_and_1(height, width, pitch, shade, thickness, degrees, squared):
    """Rules of any pitch, shade, width and tilt, dense enough to be a page of grey, or on pages too small to tell:
    no NaN, no value outside [0, 1], the same shape."""
    page = Image.new("L", (width, height), 240)
    draw = ImageDraw.Draw(page)
    for at in range(0, max(height, width), pitch):
        draw.line([(0, at), (width, at)], fill=int(shade * 255), width=thickness)
        if squared:
            draw.line([(at, 0), (at, height)], fill=int(shade * 255), width=thickness)
    grey = np.asarray(page.rotate(degrees, Image.Resampling.BILINEAR, fillcolor=240)) / 255.0
    lifted = without_rules(grey)
    assert lifted.shape == grey.shape and np.isfinite(lifted).all()
    assert lifted.min() >= 0 and lifted.max() <= 1


def test_noise_is_not_taken_for_rules():
    """Pure noise makes a band darker than its neighbours in every few rows of every strip: followed as rules, a
    2048² picture of it took minutes. Bands closer than rules ever lie are texture, and the picture is left."""
    from rowreader.lighting import RULE_STRIP, _strip_bands

    noise = np.random.default_rng(0).random((1024, 1024))
    assert _strip_bands(np.median(noise[:, :RULE_STRIP], axis=1)) == []  # no band to follow, in any strip
    assert without_rules(noise) is noise


def test_where_rules_cross_the_paper_comes_out_the_paper():
    """Squares' rules cross: lifted across and down at once, each crossing, printed once, was lifted twice, a dot
    brighter than the paper; along the border such dots kept a side light from being evened out (20 of 30 digits
    on squares lit from one side read right). Rules down are lifted from what rules across leave."""
    page = Image.new("L", (480, 400), 230)
    draw = ImageDraw.Draw(page)
    for at in range(13, 480, 37):
        draw.line([(0, at), (480, at)], fill=150, width=2)
        draw.line([(at, 0), (at, 400)], fill=150, width=2)
    grey = np.asarray(page.filter(ImageFilter.GaussianBlur(0.7))) / 255.0
    lifted = without_rules(grey)
    assert np.abs(lifted - 230 / 255).max() < 0.04  # within GRAIN of the paper, everywhere


def test_light_ink_is_not_searched_for_rules(monkeypatch, mnist_test):
    """Where the caller says the ink is light (the canvas, on every move of the pen), the paper is the dark: no
    dark rules are looked for, and light ones only where light lines meet two opposite sides, so a drawing is not
    searched (a third of a pen move's reading time), even one crossing the edge once; where the ink is dark, or
    left to be found, the page is still searched."""
    import rowreader.lighting
    from rowreader import to_mnist

    searched = []
    monkeypatch.setattr(rowreader.lighting, "without_rules", lambda grey: searched.append(grey.shape) or grey)
    monkeypatch.setattr(rowreader.lighting, "_lifted", lambda grey, light: searched.append(light) or grey)
    digit = mnist_test[0][0]
    to_mnist(digit, ink="light")
    crossing = np.array(Image.fromarray(digit).resize((280, 280)))
    crossing[130:150] = 255  # a bar across the drawing, from edge to edge
    to_mnist(crossing, ink="light")
    assert searched == []
    to_mnist(255 - digit, ink="dark")
    to_mnist(255 - digit)
    assert searched == [digit.shape, digit.shape]


DARK_MODE = {"paper": np.array([0.12, 0.12, 0.13]), "rule": np.array([0.3, 0.3, 0.32]), "pen": np.array([0.95] * 3)}


@pytest.mark.parametrize(("squared", "ink"), [(False, "auto"), (True, "auto"), (False, "light"), (True, "light")])
def test_light_ink_on_a_dark_ruled_page_is_read_right(mnist_test, squared, ink):
    """A note app's page in its dark mode: dark paper, light rules, light ink. Rules were looked for only as dark
    lines on light paper, so these were ink, crossing the page: 16 of 30 digits on such lines read right, 18 of
    30 on squares. Light rules on dark paper are lifted too: 30 of 30. Told the ink is light (``--ink light``),
    the reader looked for no rules at all (15 and 16 of 30); it looks for light ones where light lines cross the
    picture: 29 and 28 of 30."""
    from rowreader.preprocess import to_mnist

    rng = np.random.default_rng(7)
    chosen = rng.choice(len(mnist_test[1]), 10, replace=False)
    inputs = []
    for i in chosen:
        rgb = np.ones((600, 600, 3)) * DARK_MODE["paper"]
        for at in range(int(rng.integers(0, 40)), 600, 40):
            rgb[at : at + 2] = DARK_MODE["rule"]
            if squared:
                rgb[:, at : at + 2] = DARK_MODE["rule"]
        strokes = np.asarray(Image.fromarray(mnist_test[0][i]).resize((300, 300), Image.Resampling.BILINEAR))[..., None]
        top, left = (int(v) for v in rng.integers(100, 200, 2))
        patch = rgb[top : top + 300, left : left + 300]
        rgb[top : top + 300, left : left + 300] = patch + (DARK_MODE["pen"] - patch) * (strokes / 255.0)
        jpeg = io.BytesIO()
        Image.fromarray((rgb * 255).astype(np.uint8)).filter(ImageFilter.GaussianBlur(0.7)).save(jpeg, "JPEG")
        read = to_mnist(Image.open(io.BytesIO(jpeg.getvalue())), ink=ink)
        inputs.append(read)
    said = shipped_model_says(inputs)
    assert (said == mnist_test[1][chosen]).sum() >= 9


def test_light_rules_on_dark_paper_are_lifted_to_the_paper():
    """The dark mode's rules, lighter than their paper, come out the paper's shade, as dark rules on light paper do."""
    page = Image.new("L", (480, 400), 30)
    draw = ImageDraw.Draw(page)
    for at in range(13, 400, 37):
        draw.line([(0, at), (480, at)], fill=90, width=2)
    grey = np.asarray(page.filter(ImageFilter.GaussianBlur(0.7))) / 255.0
    lifted = without_rules(grey)
    assert np.abs(lifted - 30 / 255).max() < 0.04  # within GRAIN of the paper, everywhere
