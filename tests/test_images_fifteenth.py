"""The fifteenth round, pictures: odd files given to `rowreader predict` and opened, dropped or pasted in the app."""

from __future__ import annotations

import re
import struct
import zlib

import numpy as np
import pytest
from conftest import hand_made_png
from hypothesis import given, settings
from hypothesis import strategies as st

from gui import image_io
from rowreader.cli import main
from rowreader.picture import PictureError, read_picture_data


@pytest.mark.parametrize("opened", ["file", "pasted"])
def test_a_text_file_named_png_is_worded_alike_in_the_cli_and_the_app(tmp_path, capsys, opened):
    """A text file named .png was "not an image PIL can read" in the CLI and "not a readable image (Unsupported
    image format)" in the app, which hands a format Pillow does not know to Qt. Where Qt does not know it either,
    the app says what the CLI says."""
    path = tmp_path / "notes.png"
    path.write_text("a shopping list, not a picture\n")
    said = "a text file starting 'a shopping list, not a picture', not a picture"  # named as text (the 17th round)
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err == f"rowreader: error: {path}: {said}\n"
    with pytest.raises(PictureError) as caught:
        if opened == "file":
            image_io.read_any_picture(path)
        else:
            image_io.read_any_picture_data(path.read_bytes(), "pasted image")
    assert str(caught.value) == f"{'notes.png' if opened == 'file' else 'pasted image'}: {said}"


HEIC = struct.pack(">I", 24) + b"ftypheic" + bytes(4) + b"mif1heic" + bytes(200)  # an iPhone photo's first bytes
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n"


@pytest.mark.parametrize(
    ("name", "data", "said"),
    [
        ("IMG_0042.HEIC", HEIC, "a HEIC photo (HEIF, an iPhone's usual format), which PIL cannot read: save or share"),
        ("scan.pdf", PDF, "a PDF document, not a picture: export its page as a PNG or JPEG first"),
    ],
)
def test_a_phone_photo_in_heic_and_a_scan_in_pdf_are_named_in_the_cli_and_the_app(tmp_path, capsys, name, data, said):
    """An iPhone's photo (HEIC, its usual format) and a scanner's PDF were "not an image PIL can read" in the CLI
    and "not a readable image (Unsupported image format)" in the app, as if they were not pictures at all: each
    is named, with what to do, in both; pasted too."""
    path = tmp_path / name
    path.write_bytes(data)
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"rowreader: error: {path}: {said}")
    with pytest.raises(PictureError, match=f"^{re.escape(name)}: {re.escape(said)}"):
        image_io.read_any_picture(path)
    with pytest.raises(ValueError, match=f"^{re.escape(said)}"):
        read_picture_data(data)


ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))
CHANNELS = {0: 1, 2: 3, 4: 2, 6: 4}  # PNG's colour types: grey, RGB, grey + alpha, RGBA


def _png_rows(width: int, height: int, depth: int, colour: int, interlaced: bool) -> list[int]:
    """The bytes of each row of each pass of a PNG's image data, its filter byte left out."""
    bits = depth * CHANNELS[colour]
    rows = []
    for left, top, across, down in ADAM7 if interlaced else ((0, 0, 1, 1),):
        columns, count = -(-(width - left) // across), -(-(height - top) // down)
        if columns > 0 and count > 0:
            rows += [-(-columns * bits // 8)] * count
    return rows


def _png_data_size(width: int, height: int, depth: int, colour: int, interlaced: bool) -> int:
    """How many bytes a PNG's image data inflates to: each row of each pass, with its filter byte."""
    return sum(1 + row for row in _png_rows(width, height, depth, colour, interlaced))


def _png(width: int, height: int, depth: int, colour: int, interlaced: bool, kept: int) -> bytes:
    """A white PNG whose image data holds only its first ``kept`` bytes, its zlib stream and its IEND whole, as a
    faulty encoder writes one."""

    rows = b"".join(b"\0" + b"\xff" * row for row in _png_rows(width, height, depth, colour, interlaced))
    header = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, int(interlaced))
    idat = zlib.compress(bytes(rows[:kept]))
    return hand_made_png(header, idat)


SHORT = "a damaged PNG picture: its pixel data ends before its last row (the rest would be read as black)"


def test_a_png_whose_data_ends_before_its_rows_is_called_damaged_in_the_cli_and_the_app(tmp_path, capsys):
    """A PNG whose compressed data ends, its IEND there, before the rows its header declares was read with the
    rest black, without a word: one of 300 × 300 holding 40 white rows was a 7 (35 %) in the CLI and the app."""
    path = tmp_path / "short.png"
    path.write_bytes(_png(300, 300, 8, 0, False, 40 * 301))
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err == f"rowreader: error: {path}: {SHORT}\n"
    with pytest.raises(PictureError, match=f"^short.png: {re.escape(SHORT)}$"):
        image_io.load_picture_file(path)
    with pytest.raises(PictureError, match=f"^pasted image: {re.escape(SHORT)}$"):
        image_io.read_any_picture_data(path.read_bytes(), "pasted image")


@settings(max_examples=60, deadline=None)
@given(
    width=st.integers(1, 40),
    height=st.integers(1, 40),
    kind=st.sampled_from([(1, 0), (8, 0), (16, 0), (8, 2), (8, 4), (16, 6)]),
    interlaced=st.booleans(),
    share=st.floats(0.0, 1.0),
)
def test_a_png_is_read_whole_or_said_to_end_short(width, height, kind, interlaced, share):
    """Whatever its size, depth, colours and interlacing, a PNG whose data holds every row is read, and one whose
    data stops short of them, by one byte or by all, is refused as such."""
    depth, colour = kind
    size = _png_data_size(width, height, depth, colour, interlaced)
    kept = min(size, int(size * share))
    data = _png(width, height, depth, colour, interlaced, kept)
    if kept == size:
        assert read_picture_data(data).shape[:2] == (height, width)
    else:
        with pytest.raises(ValueError, match=f"^{re.escape(SHORT)}$"):
            read_picture_data(data)


def test_a_small_digit_on_a_big_page_is_told_to_be_cropped_in_the_app(tmp_path):
    """A 7 written 40 px tall on a page photographed at 3,000 × 2,200 px spans 1.3 % of it: the app called it "too
    small to be a digit (a dot or a speck)", with nothing to do about it, where the examples folder says to crop the
    picture to the digit. The app says what the examples folder says (one text). (One 100 px tall, 3 %, is read
    since the eighteenth round: tests/test_robust_eighteenth_pictures.py.)"""
    from PIL import Image

    from rowreader.picture_words import TOO_SMALL

    page = np.full((3000, 2200), 250, np.uint8)
    page[200:206, 1800:1840] = 30  # a 7's bar, 40 px (20 as read) …
    for row in range(206, 240):  # … and its slant
        column = 1834 - (row - 206) // 2
        page[row, column : column + 5] = 30
    path = tmp_path / "page.png"
    Image.fromarray(page).save(path)
    assert "crop the picture to the digit" in TOO_SMALL
    with pytest.raises(PictureError, match=f"^page.png: {re.escape(TOO_SMALL)}$"):
        image_io.load_picture_file(path)
