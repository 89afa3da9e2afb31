"""The fifty-first round of hostile testing, rulewords: blank pages ruled in grey or light blue, squared, in a dark
mode, on a desk, as a ruled notebook's page is photographed or scanned, read by ``normalise`` and told in the words
``predict``, the app's Open and the examples folder say; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader.picture_words import RULES_ONLY, no_ink
from rowreader.preprocess import normalise

PAPER = 250


def _ruled(shade: int, pitch: int = 30, width: int = 2, grid: bool = False, side: int = 600) -> np.ndarray:
    """A blank page of light paper ruled every ``pitch`` px in ``shade`` (squared where ``grid``)."""
    page = np.full((side, side), PAPER, np.uint8)
    for at in range(pitch, side, pitch):
        page[at : at + width] = shade
        if grid:
            page[:, at : at + width] = shade
    return page


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    shade=st.integers(40, 190),
    pitch=st.integers(24, 40),
    width=st.integers(1, 2),
    grid=st.booleans(),
)
def test_a_blank_page_ruled_in_grey_is_said_to_hold_only_rules(shade, pitch, width, grid):
    """A blank page ruled in grey (shade 120 on 250, every 30 px, or squared) was "no ink found: the picture is blank
    paper…", while the same page ruled in black was "no digit found: the page holds only printed rules…": the
    lighting lifted the grey rules before the ink was looked for, and the reason was lost. Now both say the rules."""
    read = normalise(_ruled(shade, pitch, width, grid))
    assert read.image is None and not read.too_small
    assert read.rules_only
    assert no_ink(read) == f"no digit found: {RULES_ONLY}"


def test_a_dark_mode_page_ruled_in_light_grey_is_said_to_hold_only_rules():
    """A note app's page in its dark mode (light grey rules on near-black), read with ``ink="light"``, was "blank
    paper" too: its light rules were lifted by the lighting. It holds only printed rules."""
    read = normalise(255 - _ruled(130), ink="light")
    assert read.image is None and not read.too_small
    assert no_ink(read) == f"no digit found: {RULES_ONLY}"


def test_a_blank_unruled_page_is_still_blank_paper():
    """What is not ruled is not said to be: grainy plain paper is blank paper still."""
    rng = np.random.default_rng(5)
    grain = np.clip(PAPER + rng.normal(0, 6, (600, 600)), 0, 255).astype(np.uint8)
    assert no_ink(normalise(grain)).startswith("no ink found: the picture is blank paper")


def _on_desk(page: np.ndarray, desk: int = 60, around: int = 100) -> np.ndarray:
    """``page`` photographed on a dark desk showing ``around`` px all round it."""
    photo = np.full((page.shape[0] + 2 * around, page.shape[1] + 2 * around), desk, np.uint8)
    photo[around:-around, around:-around] = page
    return photo


@pytest.mark.parametrize("shade", [PAPER, 170], ids=["blank", "ruled in grey"])
def test_a_blank_page_on_a_dark_desk_is_no_digit(shade):
    """A blank page (or one ruled in grey) photographed on a dark desk was read as a digit: ``predict`` said "8
    (61.9%)". The desk is taken for paper only where the page holds some ink, so a page with none stayed a light
    shape on dark ground, read as light ink. A page with nothing on it is a page all the same: its desk is paper,
    and it is blank paper, or its printed rules only."""
    read = normalise(_on_desk(_ruled(shade)))
    assert read.image is None and not read.too_small
    blank = "no ink found: the picture is blank paper, nothing on it stands out from the paper as ink"
    assert no_ink(read) == (blank if shade == PAPER else f"no digit found: {RULES_ONLY}")


def test_a_page_ruled_in_mid_grey_on_a_dark_desk_is_a_page(mnist_test):
    """A page ruled in mid grey (120 on 250: darker than midway between a dark desk and the paper) photographed on
    a desk: its rules, touching the desk at both ends, were taken for desk, cutting the page into strips with no
    paper far from anything dark, so no page was found. Blank, it was read as a digit; of MNIST's first 20 digits
    written on it 1 was read right (20 now). Rules seen as rules (paper on both sides) are no desk."""
    from conftest import shipped_model_says

    blank = normalise(_on_desk(_ruled(120)))
    assert blank.image is None and no_ink(blank) == f"no digit found: {RULES_ONLY}"
    digits, labels = mnist_test[0][:20], mnist_test[1][:20]
    read = []
    for digit in digits:
        page = _ruled(120).astype(np.float64)
        ink = np.kron(digit / 255.0, np.ones((9, 9)))  # 252 px tall
        page[150:402, 150:402] = page[150:402, 150:402] * (1 - ink) + 20 * ink
        read.append(normalise(_on_desk(page.astype(np.uint8))).image)
    assert (shipped_model_says(read) == labels).sum() >= 19


def test_a_blank_notebook_page_with_a_red_margin_holds_only_rules():
    """A notebook's blank page: light blue rules and a red margin down it. Its grey found no ink (the rules and the
    margin lifted by the lighting), and the colour read then, its rules and margin left on, was read as a digit
    filling the page. The colour is read as the grey is, its printed rules lifted: the page holds only rules."""
    page = np.full((600, 600, 3), PAPER, np.uint8)
    page[30::30] = page[31::30] = (170, 200, 235)
    page[:, 80:82] = (230, 90, 90)
    read = normalise(page)
    assert read.image is None and no_ink(read) == f"no digit found: {RULES_ONLY}"
