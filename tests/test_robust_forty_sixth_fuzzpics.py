"""The forty-sixth round of hostile testing, fuzzpics: pictures from hostile sources (decompression bombs in the
formats Pillow opens, truncated files, lying extensions, odd modes, strips and blank pages) read by every reader of
pictures (``rowreader predict``, the app's Open, My examples' import, a fine-tune's examples), each made here in the
test, none decoded whole; each test checked to fail on the code before its fix.
"""

from __future__ import annotations

import io
import time
from pathlib import Path

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image
from PySide6.QtGui import QImage

from gui.image_io import load_picture_file, normalise_picture, qimage_to_array
from gui.image_io import read_any_picture as read_in_the_app
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError
from rowreader.picture_limits import MAX_PPM_HEADER_BYTES, MAX_XPM_HEADER_BYTES

# ---- a Netpbm header that goes on and on ---------------------------------------------------------------------------


def _netpbm(between: bytes, magic: bytes = b"P5") -> bytes:
    """A 4 × 3 grey Netpbm picture (a dark bar on white) whose header's numbers follow ``between``."""
    if magic == b"P2":  # the same picture in plain (text) numbers
        return (
            magic + b"\n" + between + b"4" + between + b"3" + between + b"255\n" + b"255 " * 4 + b"0 " * 4 + b"255 " * 4
        )
    pixels = bytes([255] * 4 + [0] * 4 + [255] * 4)
    return magic + b"\n" + between + b"4" + between + b"3" + between + b"255\n" + pixels


@pytest.mark.parametrize("filler", [b"#" + b"x" * 2**21 + b"\n", b" " * 2**21, b"#" + b"\0" * 2**21])
def test_a_netpbm_header_of_megabytes_is_refused_from_its_first_megabyte(tmp_path: Path, filler: bytes) -> None:
    """Pillow reads a Netpbm (PPM, PGM, PBM) header one byte at a time, and lets a comment or the white space between
    its numbers run on: a PGM whose comment held 50 MB took 15 s to be read as a 28 × 28 blank page by ``rowreader
    predict`` and 28 s by the app's Open (read twice), 0.3 s a megabyte, so a sparse file of 1 GB of nothing after
    its "#" minutes; the examples dock's check for a picture too large read the header once more. A header not
    ended in its first ``MAX_PPM_HEADER_BYTES`` (1 MiB: GIMP's is 60 bytes) is now refused from that first
    MiB alone, in words, for every reader."""
    path = tmp_path / "long-header.pgm"
    path.write_bytes(b"P5\n" + filler + b" 4 3 255\n" + bytes(12))
    assert len(filler) > MAX_PPM_HEADER_BYTES
    # CPU time, never the wall clock a busy machine stretches (1.51 s of it at a load of 14, the fifty-third round)
    start = time.process_time()
    with pytest.raises(PictureError, match=r"a damaged Netpbm .*header .*1 MB"):
        read_picture(path)
    with pytest.raises(PictureError, match="header"):
        read_picture_data(path.read_bytes())
    assert too_large(path) is False  # damaged, not a matter of size
    assert time.process_time() - start < 1.5  # 1.9 s and more before, the header read byte by byte three times


@settings(max_examples=40, deadline=None)
@given(
    parts=st.lists(
        st.one_of(
            st.text(" \t\n\r\x0b\x0c", min_size=1, max_size=8).map(str.encode),
            st.binary(max_size=40).map(lambda b: b"#" + b.replace(b"\n", b"").replace(b"\r", b"") + b"\n"),
        ),
        min_size=1,
        max_size=4,
    ),
    magic=st.sampled_from([b"P2", b"P5"]),
)
def test_a_netpbm_header_within_the_limit_is_read_as_pillow_reads_it(parts: list[bytes], magic: bytes) -> None:
    """Any header of white space and comments between its numbers, within the limit, is read as Pillow reads it:
    the check refuses only what runs on past a megabyte."""
    data = _netpbm(b" " + b"".join(parts), magic)
    with Image.open(io.BytesIO(data)) as image:
        expected = np.asarray(image)
    assert np.array_equal(read_picture_data(data), expected)


# ---- an XPM whose header or colour table goes on and on ------------------------------------------------------------


def _xpm(before: bytes = b"", colours: int = 2) -> bytes:
    """A 4 × 3 XPM picture of a dark bar on white, ``before`` its header line, naming ``colours`` colours."""
    table = b'"  c #FFFFFF",\n"# c #000000",\n' + b"".join(
        b'"%c c #808080",\n' % (48 + i % 10) for i in range(colours - 2)
    )
    return (
        b"/* XPM */\nstatic char *x[] = {\n"
        + before
        + b'"4 3 %d 1",\n' % colours
        + table
        + b'"    ",\n"####",\n"    "};\n'
    )


@pytest.mark.parametrize(
    "data",
    [
        _xpm(before=b"\n" * 5 * 2**20),  # 5 million empty lines before its header: 1.2 s before, a line at a time
        _xpm(before=b"/" * 5 * 2**20),  # one line of 5 MB: Pillow holds it whole (300 MB of nothing: 663 MB, 2.3 s)
        _xpm(colours=300_000),  # a colour table of 4.5 MB: Pillow reads it a line at a time
    ],
    ids=["empty-lines", "one-long-line", "colours"],
)
def test_an_xpm_whose_header_or_colours_run_on_is_refused_from_its_first_megabytes(tmp_path: Path, data: bytes) -> None:
    """Pillow reads an XPM a line at a time up to its header line, then a line for each colour its header names: a
    file of "/* XPM */" and 50 million empty lines took 11.7 s to be called "a text file starting '/* XPM */', not a
    picture", and one of 300 MB of nothing after it 663 MB and 2.3 s to be "not an image PIL can read" (which the
    app then handed to Qt to read again). An XPM whose header and colour table do not end in its first
    ``MAX_XPM_HEADER_BYTES`` (4 MiB: 65,536 colours at 64 bytes a line) is now refused from those bytes alone, named
    as an XPM."""
    path = tmp_path / "long.xpm"
    path.write_bytes(data)
    assert len(data) > MAX_XPM_HEADER_BYTES
    start = time.process_time()
    with pytest.raises(PictureError, match=r"a damaged XPM picture: its header and colour table"):
        read_picture(path)
    assert too_large(path) is False
    assert time.process_time() - start < 1.5


def test_an_xpm_of_a_few_colours_is_still_read() -> None:
    """The check refuses only what runs on: a small XPM, and one of many colours within the limit, are read."""
    for colours in (2, 300):
        picture = read_picture_data(_xpm(colours=colours))
        assert picture.shape[:2] == (3, 4)
        assert picture[1].max() == 0 and picture[0].min() == 255


# ---- a large black-and-white picture only Qt reads -----------------------------------------------------------------


def _wbmp(ink: np.ndarray) -> bytes:
    """A WBMP (type 0: one bit a pixel, 1 white) of ``ink`` (True where dark), its sizes as WBMP's multi-byte
    numbers."""

    def number(n: int) -> bytes:
        groups = [n & 0x7F]
        while n := n >> 7:
            groups.append(0x80 | n & 0x7F)
        return bytes(reversed(groups))

    height, width = ink.shape
    return b"\0\0" + number(width) + number(height) + np.packbits(~ink, axis=1).tobytes()


def test_a_large_wbmp_read_by_qt_is_held_as_grey_not_as_rgba(qtbot, tmp_path: Path) -> None:
    """Qt reads a WBMP at one bit a pixel, and the app made it RGBA and copied that: 8 bytes a pixel for one bit, so
    a WBMP of 11,000² (15 MB, within the pixel limit) took 5.8 s and 1.05 GB to be opened as a blank page (seen and
    left in the thirty-seventh round). A picture Qt reads in shades of grey alone, without an alpha (WBMP, a
    grey-palette one), is now handed on as 8-bit grey, a byte a pixel, unpacked from its bits here (Qt's own
    conversion to grey goes through 32-bit colour: 0.6 GB): 11,000² in 0.7 s and 336 MB, read the same."""
    ink = np.zeros((3000, 3000), bool)
    ink[600:900, 600:2400] = True  # a 7's bar
    ink[900:2400, 1300:1600] = True  # and its stem
    path = tmp_path / "seven.wbmp"
    path.write_bytes(_wbmp(ink))
    with peak_memory() as peak:
        picture = read_in_the_app(path)
    assert picture.shape == ink.shape and picture.dtype == np.uint8
    assert np.array_equal(picture, np.where(ink, 0, 255))
    assert peak.bytes < 3 * ink.size  # 4 bytes a pixel, copied, before (its bits unpacked and looked up now)
    as_rgba = normalise_picture(qimage_to_array(QImage(str(path))), path.name)
    read = load_picture_file(path)
    assert np.allclose(read.image, as_rgba.image, atol=1e-6)
