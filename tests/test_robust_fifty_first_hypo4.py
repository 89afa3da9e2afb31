"""The fifty-first round of hostile testing, hypo4: properties hunted with Hypothesis over what this round's code
meets and earlier rounds did not try that way: pages ruled or squared at random pitch, thickness and tilt (up to 1°),
with nothing written on them and with an MNIST test digit on them, read by ``normalise``; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image

from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.preprocess import normalise


def ruled_page(
    height: int, width: int, pitch: int, thickness: int, fall: int, margin: int, squared: bool, shade: int
) -> np.ndarray:
    """A white page (uint8) ruled every ``pitch`` px with rules ``thickness`` px thick and ``shade`` dark, from
    ``margin`` px in from each side, falling ``fall`` px from their left end to their right; squared: rules down it
    at the same pitch too."""
    pitch = min(pitch, (min(height, width) - 2 * margin - thickness - abs(fall)) // 3)  # three rules each way
    page = np.full((height, width), 255, np.uint8)
    cols = np.arange(margin, width - margin)
    steps = (fall * (cols - margin)) // max(len(cols) - 1, 1)
    tops = range(margin, height - margin - thickness - abs(fall), pitch)
    for top in tops:
        for row in range(thickness):
            page[top + row + steps - min(fall, 0), cols] = shade
    if squared:  # rules down from the first rule across to the last
        for left in range(margin, width - margin - thickness, pitch):
            page[margin : tops[-1] + thickness, left : left + thickness] = shade
    return page


pages = {
    "height": st.integers(120, 420),
    "width": st.integers(120, 420),
    "pitch": st.integers(18, 60),
    "thickness": st.integers(1, 3),
    "margin": st.integers(4, 30),  # grid run to the edges reads as light ink: see the log
    "squared": st.booleans(),
    "shade": st.sampled_from([0, 60]),  # a 1-px grid at 120 fades where its rules cross: see the log
}


@settings(max_examples=30, deadline=None)
@given(**pages, tilt=st.floats(-1.0, 1.0))
@example(height=400, width=500, pitch=30, thickness=2, margin=20, squared=False, shade=0, tilt=0.0)
@example(height=400, width=500, pitch=30, thickness=2, margin=20, squared=True, shade=0, tilt=0.0)
@example(height=400, width=500, pitch=30, thickness=2, margin=20, squared=False, shade=0, tilt=0.6)
def test_a_ruled_or_squared_page_with_nothing_written_is_no_digit(tilt, **page):
    """A ruled page with nothing written on it (2-px black rules every 30 px on a 500 × 400 page) was read as a 2 at
    45 %, a squared one as an 8 at 49 %: the rules alone were left in as "not a digit", and many rules together lie
    flat no more. Two rules or more alone, level or falling up to 1°, are now a ruled page's, taken away: nothing is
    left to read, and no digit is given."""
    width = page["width"] - 2 * page["margin"]
    # no more than 1° (rounded up, 2 px over 112 is past it); squared pages level: a tilted one's rules down stand at
    # its ends, and ruled3 left those unfollowed
    fall = 0 if page["squared"] else int(tilt / 60 * width)
    read = normalise(ruled_page(fall=fall, **page))
    assert read.image is None


@settings(max_examples=30, deadline=None)
@given(**{**pages, "squared": st.just(False)}, dash=st.integers(1, 12), gap=st.integers(2, 12))
@example(height=400, width=500, pitch=30, thickness=2, margin=20, squared=False, shade=0, dash=6, gap=6)
@example(height=400, width=500, pitch=30, thickness=2, margin=20, squared=False, shade=0, dash=2, gap=4)
def test_a_page_of_dashed_or_dotted_rules_with_nothing_written_is_no_digit(dash, gap, **page):
    """A page ruled in dashes (6 px every 12, every 30 px) with nothing written on it was read as a digit, "many small
    marks" said of it; ruled in dots (2 px every 6) it was read with no word at all. Each rule is a dashed line
    (``is_line``), and a page of two or more such rules across the ink, with nothing else, is now taken away whole:
    no digit is given."""
    ruled = ruled_page(fall=0, **page)
    ruled[:, (np.arange(ruled.shape[1]) - page["margin"]) % (dash + gap) >= dash] = 255
    assert normalise(ruled).image is None


@pytest.mark.parametrize("squared, dash", [(False, 500), (True, 500), (False, 2)])
def test_a_blank_ruled_page_is_said_to_hold_only_rules(squared, dash, tmp_path, capsys):
    """Its rules taken away, a blank ruled, squared or dotted page was "no ink found: the image is empty, so there is
    nothing to read" to ``rowreader predict`` (and "blank or has no contrast" to the app's Open), its rules in plain
    sight. Both now say the page holds only printed rules, nothing written on them."""
    page = ruled_page(400, 500, 30, 2, 0, 20, squared, 0)
    page[:, (np.arange(500) - 20) % (dash + 4) >= dash] = 255
    assert normalise(page).rules_only
    path = tmp_path / "ruled.png"
    Image.fromarray(page).save(path)
    main(["predict", str(path)])
    out = capsys.readouterr().out
    assert "no digit found: the page holds only printed rules, nothing written on them" in out, out
    with pytest.raises(PictureError, match="no digit found: the page holds only printed rules"):
        load_picture_file(path)
