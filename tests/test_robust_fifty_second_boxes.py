"""The fifty-second round of hostile testing, boxes: digits on printed forms, a box round them (not quite level, as a
form is scanned), an empty box, read by ``to_mnist`` and told in the words ``predict`` and the app's Open say; each
test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import shipped_model_says
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from gui.image_io import PictureError, load_picture_file
from rowreader.cli import main
from rowreader.pen import draw_strokes
from rowreader.picture_words import RULES_ONLY
from rowreader.preprocess import normalise, to_mnist


def printed_box(side: int, line: int, shade: int, tilt: int, digit: np.ndarray | None = None) -> np.ndarray:
    """A form's printed box ``side`` px, its lines ``line`` px in ``shade`` on white, turned ``tilt`` px across it (as
    a scan lies), with ``digit`` (MNIST's) written in its middle, three quarters of its side; empty where ``None``."""
    page = Image.new("L", (side + 40, side + 40), 255)
    ImageDraw.Draw(page).rectangle((20, 20, 20 + side, 20 + side), outline=shade, width=line)
    if digit is not None:
        written = round(side * 0.75)
        ink = np.asarray(Image.fromarray(digit).resize((written, written), Image.Resampling.BILINEAR))
        at = 20 + (side - written) // 2
        drawn = np.asarray(page).copy()
        drawn[at : at + written, at : at + written] = np.minimum(drawn[at : at + written, at : at + written], 255 - ink)
        page = Image.fromarray(drawn)
    return np.asarray(page.rotate(np.degrees(np.arctan2(tilt, side)), Image.Resampling.BILINEAR, fillcolor=255))


def test_a_digit_in_a_box_scanned_off_level_is_read_without_the_box(mnist_test):
    """A box 1 to 3 px off level across 100 to 250 px (under a degree) was not found: no row was inked over nine
    tenths of its crop, each line spread over two rows or more, and the digit was read with the box round it (of 30
    boxed MNIST digits at 0 to 3 px, 1 to 5 px lines, 40 to 300 px, 10 read right; now 27). Each row counts its
    neighbours' ink where the rows alone find no box."""
    images, labels = mnist_test
    chosen = range(12)
    pictures = [printed_box(100 + 50 * (k % 4), 1 + k % 3, (0, 90)[k % 2], 1 + k % 3, images[k]) for k in chosen]
    said = shipped_model_says([to_mnist(picture) for picture in pictures])
    assert (said == labels[list(chosen)]).sum() >= 11, said


@settings(max_examples=12, deadline=None, derandomize=True)
@given(
    side=st.integers(100, 300),
    line=st.integers(1, 3),
    shade=st.integers(0, 130),
    tilt=st.just(0),
)
@example(side=200, line=3, shade=0, tilt=0)  # the fifty-first round's: read as a 0 at 99.4 %
def test_an_empty_printed_box_holds_no_digit(side, line, shade, tilt):
    """An empty printed box (a form's, nothing written in it) was read as a 0 at 99 %: its lines are printed (ruled:
    ``one_digit._ruled``; thick ones too since the fifty-third round), and the page holds nothing else."""
    if line >= 0.04 * side:
        line = 1
    read = normalise(printed_box(side, line, shade, tilt))
    assert read.image is None and read.rules_only and not read.too_small


def test_an_empty_box_is_said_alike_by_predict_and_the_apps_open(tmp_path: Path, capsys):
    """The empty box's words are the ruled page's, "no digit found: …only printed rules…", on either door."""
    path = tmp_path / "form.png"
    Image.fromarray(printed_box(200, 2, 40, 1)).save(path)
    main(["predict", str(path)])
    said = capsys.readouterr()
    assert f"no digit found: {RULES_ONLY}" in said.out + said.err
    with pytest.raises(PictureError, match=f"no digit found: {RULES_ONLY}"):
        load_picture_file(path)


@pytest.mark.parametrize("pen", [4, 8, 24])
@pytest.mark.parametrize(("width", "height"), [(180, 180), (200, 240), (120, 160)])
def test_a_zero_drawn_square_with_the_canvas_pens_still_reads_zero(pen, width, height):
    """An empty box is no digit only where its lines are printed-thin: a 0 drawn as a square with the canvas's own
    pens, straight as a ruler, reads 0 as before (at ``EMPTY_BOX_LINE`` 0.05 the 4-px pen's 180-px one did not)."""
    left, top = (280 - width) / 2, (280 - height) / 2
    corners = [(left, top), (left + width, top), (left + width, top + height), (left, top + height), (left, top)]
    zero = to_mnist(draw_strokes([np.array(corners, float)], pen))
    assert shipped_model_says([zero])[0] == 0


def comb_boxes(cells: int, cell: int, line: int, digit: np.ndarray | None = None, at: int = 0) -> np.ndarray:
    """A form's row of ``cells`` comb boxes, ``cell`` px each: a line ``line`` px along their foot, a tick up 0.4 of
    a cell at each side, grey 60 on white, with ``digit`` (MNIST's) written 0.8 of a cell tall in cell ``at``."""
    page = Image.new("L", (cells * cell + 40, cell + 40), 255)
    draw = ImageDraw.Draw(page)
    foot = 20 + cell
    draw.line((20, foot, 20 + cells * cell, foot), fill=60, width=line)
    for k in range(cells + 1):
        draw.line((20 + k * cell, foot, 20 + k * cell, foot - round(0.4 * cell)), fill=60, width=line)
    drawn = np.asarray(page).copy()
    if digit is not None:
        side = round(0.8 * cell)
        ink = np.asarray(Image.fromarray(digit).resize((side, side), Image.Resampling.BILINEAR))
        left, top = 20 + at * cell + (cell - side) // 2, foot - side - max(2, line)
        drawn[top : top + side, left : left + side] = np.minimum(drawn[top : top + side, left : left + side], 255 - ink)
    return drawn


def test_a_digit_in_one_of_a_row_of_comb_boxes_is_read(mnist_test):
    """A digit written in one cell of a form's comb boxes was refused as "a single line" (the comb lies flat: 0 of 18
    level combs, 1 to 4 px, 40 to 110 px cells, read; now 18): the foot's line and its ticks are taken away."""
    images, labels = mnist_test
    chosen = range(10)
    pictures = [comb_boxes(3 + k % 4, 40 + 10 * k, 1 + k % 4, images[k], k % 3) for k in chosen]
    said = shipped_model_says([to_mnist(picture) for picture in pictures])
    assert (said == labels[list(chosen)]).sum() >= 9, said


@pytest.mark.parametrize(("cells", "cell", "line"), [(3, 40, 1), (5, 70, 2), (6, 110, 4)])
def test_an_empty_row_of_comb_boxes_holds_only_printed_lines(cells, cell, line):
    """The comb alone, nothing written in it, is a form's printed lines, said as a ruled page's are."""
    read = normalise(comb_boxes(cells, cell, line))
    assert read.image is None and read.rules_only
