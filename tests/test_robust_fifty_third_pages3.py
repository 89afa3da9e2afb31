"""The fifty-third round of hostile testing, pages3: pages a person opens (File ▸ Open, `rowreader predict`) holding
a digit and a small mark apart from it (a tick or a cross beside a 7), made with NumPy and Pillow from MNIST test
digits; and UNIPEN's own digits, whose parts stand apart, read whole. Each fix's test was seen failing before it."""

from __future__ import annotations

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from rowreader.cli import main
from rowreader.one_digit import cropped, marks_apart
from rowreader.pen import render_strokes
from rowreader.preprocess import normalise

SEVENS = (0, 17, 26)  # MNIST test digits that are 7s, read as 7 on a bare page


def _page(digit: np.ndarray, mark: str = "", side: int = 1, gap: float = 1.0, tall: float = 0.4, pen: int = 12):
    """MNIST ``digit`` drawn 224 px tall, dark on a white 640 × 400 page, with a ``mark`` ("tick", "cross") ``tall``
    of its ink's height, ``gap`` of its width apart, on its right (``side`` 1) or left (-1), drawn with ``pen``."""
    drawn = Image.fromarray(255 - digit).resize((224, 224), Image.Resampling.BILINEAR)
    page = Image.new("L", (640, 400), 255)
    page.paste(drawn, (208, 88))
    ink = np.asarray(drawn) < 128
    rows, cols = np.flatnonzero(ink.any(axis=1)), np.flatnonzero(ink.any(axis=0))
    height, width = rows[-1] - rows[0], cols[-1] - cols[0]
    size = tall * height - pen  # the mark's ink, its pen's round ends within
    near = 208 + (cols[-1] + gap * width + pen if side > 0 else cols[0] - gap * width - pen - size)
    top = 88 + rows[0] + (height - size) / 2
    draw = ImageDraw.Draw(page)
    if mark == "tick":
        draw.line([(near, top + size * 0.55), (near + size * 0.35, top + size), (near + size, top)], 0, pen, "curve")
    elif mark == "cross":
        draw.line([(near, top), (near + size, top + size)], 0, pen)
        draw.line([(near + size, top), (near, top + size)], 0, pen)
    return np.asarray(page)


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    seven=st.sampled_from(SEVENS),
    mark=st.sampled_from(["tick", "cross"]),
    side=st.sampled_from([1, -1]),
    gap=st.floats(0.6, 1.5),
    tall=st.floats(0.25, 0.45),
    pen=st.integers(6, 16),
)
@example(seven=0, mark="tick", side=1, gap=1.0, tall=0.45, pen=14)
@example(seven=0, mark="cross", side=1, gap=1.0, tall=0.45, pen=14)
def test_a_small_mark_beside_a_digit_is_not_read_with_it(mnist_test, seven, mark, side, gap, tall, pen):
    """A 7 with a tick beside it (under half its height, about its width away) was read as a 2 at 86 %, with a cross
    as a 2 at 81 %, and no note said why: the mark, under half the digit's height, was no "mark side by side". Such a
    mark is taken away before the crop: the 7 is read as it is on a bare page."""
    digit = mnist_test[0][seven]
    alone = normalise(_page(digit)).image
    beside = normalise(_page(digit, mark, side, gap, tall, pen))
    assert beside.image is not None and beside.marks == 1
    np.testing.assert_allclose(beside.image, alone, atol=0.02)


def test_predict_reads_the_seven_beside_a_tick(mnist_test, tmp_path, capsys):
    """`rowreader predict` of the lead's page said "prediction: 2 (86…%)"; it now says 7."""
    Image.fromarray(_page(mnist_test[0][0], "tick", tall=0.45, pen=14)).save(tmp_path / "ticked.png")
    main(["predict", str(tmp_path / "ticked.png")])
    assert "prediction: 7 " in capsys.readouterr().out


def test_a_small_digit_beside_an_upright_line_is_kept(mnist_test):
    """What stands beside an upright line (a 1, a page's margin) is not taken away: the small mark may be the digit
    (a 7 written beside the margin's line), and a 1 with a tick is read as before."""
    page = _page(mnist_test[0][0])
    small = np.asarray(Image.fromarray(page).resize((320, 200)))  # the 7, half as tall
    margin = np.full((400, 640), 255, np.uint8)
    margin[20:380, 100:106] = 0
    margin[100:300, 200:520] = small
    read = normalise(margin)
    assert read.image is not None and read.placement.crop[3] > 300  # the 7 read, the line or not


def test_no_part_of_a_unipen_digit_is_taken_away(unipen):
    """A digit's own parts stand apart (a 7's bar, a 4's or a 5's strokes): of UNIPEN's test writers' digits drawn
    with the app's finest and widest brushes, none loses one (nor did any of its 3,020 at 4, 8, 24 and 64 px, nor
    MNIST's 10,000 test digits inked from 128 up; of its 60,000 training digits 13 lose a speck of 1 to 5 px)."""
    test = [digit for digit in unipen if digit.split == "test"]
    picks = np.random.default_rng(53).choice(len(test), 300, replace=False)
    for index in picks:
        for pen in (4, 64):
            inked = cropped(render_strokes(test[index].strokes, pen) < 128)
            assert marks_apart(inked) is None, (index, pen, test[index].label)
