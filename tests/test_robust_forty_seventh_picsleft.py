"""The forty-seventh round of hostile testing, picsleft: pictures a user opens, pastes or imports that the earlier
rounds left (damaged ICO icons and CUR cursors, pictures whose data ends before the pixels their header claims, what
Qt's readers write to stderr as the app reads what Pillow does not know), each file made here in the test, each test
checked to fail on the code before its fix.
"""

from __future__ import annotations

import io
import struct

import pytest
from conftest import peak_memory
from PIL import Image

from gui.image_io import read_any_picture as read_in_the_app
from gui.image_io import read_any_picture_data
from rowreader.picture import read_picture_data
from rowreader.picture_errors import CUT_OFF, PictureError

# ---- an ICO icon or CUR cursor, damaged ----------------------------------------------------------------------------


def _icon(kind: int) -> bytes:
    """A 32 × 32 icon (kind 1) or cursor (kind 2) of a bitmap, as Pillow writes it."""
    out = io.BytesIO()
    Image.new("RGBA", (32, 32), (0, 0, 0, 255)).save(out, "ICO", sizes=[(32, 32)], bitmap_format="bmp")
    data = bytearray(out.getvalue())
    data[2] = kind
    return bytes(data)


def _entry_past_end(data: bytes) -> bytes:
    lying = bytearray(data)
    struct.pack_into("<I", lying, 6 + 12, 10**6)  # its one picture said to lie a megabyte in
    return bytes(lying)


@pytest.mark.parametrize("kind, name", [(1, "ICO icon"), (2, "CUR cursor")])
@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[:10],  # cut inside its directory
        lambda data: data[:30],  # cut after its directory, before its picture
        _entry_past_end,
    ],
)
def test_an_icon_or_cursor_cut_short_is_said_to_be(kind: int, name: str, damage) -> None:
    """An ICO or CUR cut inside its directory or before its picture, or whose directory puts its picture past the
    file's end, was "not an image PIL can read" from `predict` (as if icons were not read) and, in the app, Qt's "not
    a readable image (Unable to read image data)"; now both say the file ends before the picture does."""
    data = damage(_icon(kind))
    for read in (read_picture_data, lambda data: read_any_picture_data(data, "pasted")):
        with pytest.raises(PictureError) as caught:
            read(data)
        assert CUT_OFF in str(caught.value) and name in str(caught.value), str(caught.value)


@pytest.mark.parametrize("kind, name", [(1, "an ICO icon"), (2, "a CUR cursor")])
def test_an_icon_or_cursor_of_no_pictures_says_so(kind: int, name: str) -> None:
    """An ICO or CUR whose directory lists no pictures was "not an image PIL can read"; now it is named and said to
    hold none."""
    data = struct.pack("<HHH", 0, kind, 0)
    for read in (read_picture_data, lambda data: read_any_picture_data(data, "pasted")):
        with pytest.raises(PictureError, match=f"{name} that holds no pictures"):
            read(data)


def test_pixel_data_ending_early_is_said_to_be_cut_off() -> None:
    """A QOI whose pixel data ends before its last pixel was "cannot read the image (not enough image data)", Pillow's
    words, where every other format cut short says the file ends before the picture does; now it says so too."""
    out = io.BytesIO()
    Image.new("RGB", (64, 64), (9, 200, 30)).save(out, "QOI")
    header = out.getvalue()[:14]
    cut = header + b"\xfe\x09\xc8\x1e" * 30  # 30 pixels of 4,096, each in full (QOI_OP_RGB), then the file ends
    with pytest.raises(PictureError) as caught:
        read_picture_data(cut)
    assert CUT_OFF in str(caught.value), str(caught.value)


def test_a_qoi_whose_header_claims_more_pixels_than_its_data_holds_is_refused_unread() -> None:
    """Pillow's QOI reader is Python, a byte at a time, into a bytearray of every pixel's bytes: a QOI claiming
    11,000² whose data was cut in half took 3.0 s and 463 MB to be called cut off (one of 100 kB, 20 MB here). No
    QOI holds more than 62 pixels a byte, so one shorter than its pixels need is now refused from its header and
    length, unread, in the cut-off words."""
    cut = b"qoif" + struct.pack(">II", 11_000, 11_000) + bytes([3, 0]) + bytes([0b11_111101]) * 100_000
    with peak_memory() as peak, pytest.raises(PictureError) as caught:
        read_picture_data(cut)
    assert CUT_OFF in str(caught.value) and "11000×11000" in str(caught.value), str(caught.value)
    assert peak.bytes < 2**21, peak.bytes


# ---- Qt's readers, quiet ---------------------------------------------------------------------------------------------

# A tag closed that was not opened: damage, said in Qt's words (cut off before its end, without the </g>, an SVG is
# said cut off since the sixty-eighth round, window26)
BROKEN_SVG = (
    b'<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><path d="M4 4 L24 4 L12 24" stroke="black"/>'
    b'<use xlink:href="#nope"/><rect width="5" height="5" fill="url(#missing)"/></g>'
)


def test_qt_says_nothing_on_stderr_as_the_app_reads_a_damaged_svg(tmp_path, capfd) -> None:
    """Opening or pasting a damaged SVG put Qt's own lines on stderr ("qt.svg: cut.svg:1:210: Could not resolve
    property: missing", "qt.svg: link #nope is undefined!") beside the window's one error; now what Qt says while
    the app reads a picture is kept off stderr, the last of it given in the error; since hypo12 (sixty-ninth round)
    this one's error names where its XML breaks, in the app's words, not Qt's."""
    path = tmp_path / "cut.svg"
    path.write_bytes(BROKEN_SVG)
    capfd.readouterr()
    for read in (lambda: read_in_the_app(path), lambda: read_any_picture_data(BROKEN_SVG, "pasted")):
        with pytest.raises(PictureError) as caught:
            read()
        assert "a damaged SVG drawing: its XML is broken on line 1" in str(caught.value), str(caught.value)
    assert capfd.readouterr().err == ""


def test_a_whole_cursor_pillow_cannot_read_is_not_called_cut_off() -> None:
    """A whole grey cursor (a bitmap with its mask, as Pillow writes one) made Pillow's cursor reader run out of data
    (it reads the mask as pixels), so `predict` and the app called it "cut off, as by a download…", and the app did
    not hand it to Qt, which reads it; now `predict` says PIL cannot read such a cursor and the app reads it with Qt."""
    out = io.BytesIO()
    picture = Image.new("L", (32, 32), 255)
    picture.paste(0, (10, 4, 22, 28))
    picture.save(out, "ICO", sizes=[(32, 32)], bitmap_format="bmp")
    cursor = bytearray(out.getvalue())
    cursor[2] = 2
    with pytest.raises(PictureError, match="a CUR cursor that PIL cannot read") as caught:
        read_picture_data(bytes(cursor))
    assert CUT_OFF not in str(caught.value)
    read = read_any_picture_data(bytes(cursor), "pasted")
    assert read.shape[:2] == (32, 32) and read[16, 16, 0] == 0 and read[16, 2, 0] == 255


def test_a_damaged_png_inside_an_icon_is_not_handed_to_qt(capfd) -> None:
    """An ICO whose directory is whole but whose PNG inside is damaged was handed to Qt (as one Pillow could not
    read), whose libpng wrote "libpng error: IDAT: incorrect data check" to stderr itself (60 of 3,000 mutated icons
    put a line there); Pillow reads every kind of picture an ICO holds, so such an icon is now called damaged, and
    Qt is not asked."""
    out = io.BytesIO()
    Image.new("RGBA", (48, 48), (0, 0, 0, 255)).save(out, "ICO", sizes=[(48, 48)])
    damaged = bytearray(out.getvalue())
    damaged[-20] ^= 0xFF  # inside the PNG's compressed data, near its end
    capfd.readouterr()
    with pytest.raises(PictureError, match="a damaged ICO icon"):
        read_any_picture_data(bytes(damaged), "pasted")
    assert capfd.readouterr().err == ""


def png_cursor() -> bytearray:
    """A cursor of a PNG (as Windows' large cursors are) holding a dark bar on white."""
    out = io.BytesIO()
    picture = Image.new("L", (48, 48), 255)
    picture.paste(0, (16, 6, 32, 42))
    picture.save(out, "ICO", sizes=[(48, 48)])
    cursor = bytearray(out.getvalue())
    cursor[2] = 2
    return cursor


def test_a_cursor_of_a_png_is_read_by_the_png_reader(capfd) -> None:
    """Pillow reads a cursor of a bitmap only: a CUR holding a PNG was "cut off, as by a download…" from `predict`
    (Pillow read its PNG as a bitmap), and the app, from this round's first fix, had Qt read it, whose libpng wrote
    "libpng error: …" to stderr of a damaged one (40 of 3,000 mutated cursors); now its PNG is read as a PNG file
    is, with every check, and a damaged one is "a damaged PNG picture", nothing on stderr."""
    read = read_picture_data(bytes(png_cursor()))
    assert read.shape[:2] == (48, 48) and read[24, 24].max() == 0 and read[24, 4].min() == 255
    damaged = png_cursor()
    damaged[-20] ^= 0xFF  # inside the PNG's compressed data, near its end
    capfd.readouterr()
    with pytest.raises(PictureError, match="a damaged PNG picture"):
        read_any_picture_data(bytes(damaged), "pasted")
    assert capfd.readouterr().err == ""
