"""The forty-eighth round of hostile testing, pictures3: hostile picture files through `rowreader predict`, the app's
Open and paste and the examples folder (a whole QOI of many pixels, APNGs, TIFFs and GIFs of many frames, animated
WebP, 16-bit and float TIFF, CMYK and EXIF-turned JPEG, PNGs whose ink is in their transparency), each file made here
in the test, each test checked to fail on the code before its fix.
"""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gui.image_io import read_any_picture_data
from rowreader.picture import read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PictureError
from rowreader.picture_limits import MAX_JPEG_SEGMENTS, MAX_PNG_CHUNKS, MAX_QOI_BYTES, MAX_QOI_PIXELS
from rowreader.preprocess import normalise

QOI_RUN = bytes([0b11_111101])  # QOI_OP_RUN of 62 pixels, the most one byte holds
QOI_DIFF = bytes([0b01_101010])  # QOI_OP_DIFF of no change: one pixel a byte
QOI_END = bytes(7) + b"\x01"


def _qoi(width: int, height: int, op: bytes, ops: int, channels: int = 4) -> bytes:
    """A whole QOI of ``width`` × ``height`` pixels drawn by ``ops`` repeats of one op, as its encoder ends it."""
    return b"qoif" + struct.pack(">II", width, height) + bytes([channels, 0]) + op * ops + QOI_END


def _read_a_small_qoi_first() -> None:
    """Read a 2×2 QOI before a timed refusal: the first QOI a process reads imports Pillow's QOI plugin, which took
    over 0.5 s at a load of 7–9 where these tests ran first (mutants4 saw it 12 times), a cost not of the refusal."""
    read_picture_data(_qoi(2, 2, QOI_DIFF, 4))


def test_a_whole_qoi_of_more_pixels_than_a_qoi_may_hold_is_refused_from_its_header() -> None:
    """Pillow's QOI decoder is Python and holds every pixel's bytes twice (its bytearray, then the picture): a white
    QOI of 11,000² (1.9 MB of runs, whole, within MAX_PIXELS) took 4.0 to 5.4 s and 877 MB to be read as "no ink".
    A QOI of more than MAX_QOI_PIXELS is now refused from its 14-byte header, unread, saying what to do."""
    side = 6_000  # 36 Mpx: whole, as a run's byte holds 62 pixels
    data = _qoi(side, side, QOI_RUN, -(-side * side // 62))
    _read_a_small_qoi_first()
    # CPU time, never the wall clock a busy machine stretches (1.07 s of it at a load of 14, the fifty-third round)
    started = time.process_time()
    with peak_memory() as peak, pytest.raises(PictureError) as caught:
        read_picture_data(data)
    said = str(caught.value)
    assert "6000×6000" in said and f"{MAX_QOI_PIXELS:,}" in said and "PNG" in said, said
    assert peak.bytes < 2**23 and time.process_time() - started < 0.5, (peak.bytes, time.process_time() - started)
    with pytest.raises(PictureError, match=f"{MAX_QOI_PIXELS:,}"):  # the app's paste, in the same words
        read_any_picture_data(data, "pasted")


def test_a_qoi_of_more_bytes_than_its_python_decoder_reads_in_a_second_is_refused_unread() -> None:
    """Each of a QOI's ops (a byte to five) takes Pillow's Python decoder about a microsecond: 1.5 MB of ops of one
    pixel each, a 1,500² picture of 2.25 Mpx, is seconds of decoding. A QOI longer than MAX_QOI_BYTES is now refused
    from its length, unread, where one of fewer bytes is read."""
    side = 1_500
    data = _qoi(side, side, QOI_DIFF, side * side)
    assert len(data) > MAX_QOI_BYTES
    _read_a_small_qoi_first()
    started = time.process_time()
    with pytest.raises(PictureError) as caught:
        read_picture_data(data)
    said = str(caught.value)
    assert f"{len(data):,} bytes" in said and "PNG" in said, said
    assert time.process_time() - started < 0.5, time.process_time() - started


@settings(max_examples=25, deadline=None)
@given(width=st.integers(1, 12_000), height=st.integers(1, 12_000))
def test_a_whole_qoi_is_read_or_refused_by_its_size_alone(width: int, height: int) -> None:
    """Whatever a whole QOI's size, it is refused from its header when it holds more pixels or bytes than a QOI may
    here, else read, in under a second (a run is the cheapest op: 62 pixels a byte)."""
    data = _qoi(width, height, QOI_RUN, -(-width * height // 62), channels=3)
    started = time.process_time()
    if width * height > MAX_QOI_PIXELS or len(data) > MAX_QOI_BYTES:
        with pytest.raises(PictureError, match="QOI"):
            read_picture_data(data)
    else:
        assert read_picture_data(data).size  # read (over 2,048 px a side averaged down as it is read)
    assert time.process_time() - started < 1.0, (width, height, time.process_time() - started)


@pytest.mark.parametrize("channels", [3, 4])
def test_a_blank_colour_page_larger_than_2048_px_is_found_blank_within_300_mb(channels: int) -> None:
    """A white 4,096² PNG (a phone's photo of a blank page is larger still) took 538 MB and 3.1 s in `rowreader
    predict` and 555 MB in the app's Open to be "no ink": with no ink in its luminance, the colour-ink check
    (`_colour_ink`) held the page's three channels' differences from the paper, their squares and a copy of every
    pixel "near the ink" (all of them, on a blank page) as float64, 292 MB for the 2,048² it is averaged to. A
    channel at a time, it is found blank within 300 MB, as before."""
    out = io.BytesIO()
    Image.new("RGBA"[:channels], (4_096, 4_096), (255,) * channels).save(out, "PNG", compress_level=1)
    picture = read_picture_data(out.getvalue())
    with peak_memory() as peak:
        read = normalise(picture)
    assert read.image is None and not read.too_small
    assert peak.bytes < 300 * 2**20, peak.bytes / 2**20


def test_a_coloured_pen_on_coloured_paper_is_still_read_by_its_colour() -> None:
    """The colour-ink check, rewritten a channel at a time, still finds a red 1 on green paper (luminance 0.42 and
    0.49, too close to tell apart) where it is, at full strength, and a page of one colour blank."""
    page = np.zeros((280, 280, 3), np.uint8)
    page[...] = (40, 160, 40)
    page[40:240, 130:150] = (220, 30, 30)
    read = normalise(page)
    assert read.image is not None and read.image.max() > 0.9
    assert read.placement is not None and read.placement.crop == (40, 130, 240, 150), read.placement
    assert normalise(np.full((280, 280, 3), (40, 160, 40), np.uint8)).image is None


def _png_with_chunks(kind: bytes, count: int, after_pixels: bool = False) -> bytes:
    """A 28 × 28 PNG of a 7 holding ``count`` empty chunks of ``kind`` before its pixel data (or after it)."""
    out = io.BytesIO()
    Image.fromarray(np.pad(np.full((14, 4), 255, np.uint8), 7)).save(out, "PNG")
    png = out.getvalue()
    chunk = struct.pack(">I", 0) + kind + struct.pack(">I", zlib.crc32(kind))
    at = png.index(b"IEND" if after_pixels else b"IDAT") - 4
    return png[:at] + chunk * count + png[at:]


@pytest.mark.parametrize("kind, after", [(b"zzZz", False), (b"tEXt", False), (b"zzZz", True)])
def test_a_png_of_a_million_empty_chunks_is_refused_from_its_walk(kind: bytes, after: bool) -> None:
    """PIL reads each chunk of a PNG in Python (its header, its CRC, a handler) as it opens the file, and ours walked
    them twice more: a 12 MB PNG of a 7 holding a million empty chunks of an unknown kind took 10.3 s (300,000 empty
    tEXt chunks: 3.9 s) to be read. More than MAX_PNG_CHUNKS chunks besides the pixel data (an APNG of 65,536
    frames holds a frame control chunk for each) are now refused, found in the walk that looks for a chunk too
    long, before PIL opens the file."""
    data = _png_with_chunks(kind, 1_000_000, after)
    started = time.process_time()
    with pytest.raises(PictureError) as caught:
        read_picture_data(data)
    said = str(caught.value)
    assert "damaged PNG" in said and f"{MAX_PNG_CHUNKS:,} chunks" in said, said
    assert time.process_time() - started < 1.5, time.process_time() - started


def test_a_png_of_as_many_chunks_as_an_apng_of_the_most_frames_holds_is_read() -> None:
    """At the limit, a PNG holding MAX_PNG_CHUNKS - 1 empty chunks of its own besides its header's is read, in
    about a second."""
    picture = read_picture_data(_png_with_chunks(b"zzZz", MAX_PNG_CHUNKS - 1))
    assert picture.max() == 255


def test_the_examples_folder_counts_a_png_of_a_million_chunks_among_the_damaged(tmp_path: Path) -> None:
    """The examples dock tells a picture too large from a damaged one (`too_large`): a PNG of a million empty chunks
    took 10 s to be told apart, PIL opening it; it is damaged, not too large, and now said so from the walk."""
    path = tmp_path / "chunks.png"
    path.write_bytes(_png_with_chunks(b"zzZz", 1_000_000))
    started = time.process_time()
    assert too_large(path) is False
    assert time.process_time() - started < 1.5, time.process_time() - started


def _jpeg_with_segments(segment: bytes, count: int) -> bytes:
    """A 28 × 28 JPEG of a 7 with ``count`` copies of ``segment`` after its start of image."""
    out = io.BytesIO()
    Image.fromarray(np.pad(np.full((14, 4), 255, np.uint8), 7)).save(out, "JPEG")
    jpeg = out.getvalue()
    return jpeg[:2] + segment * count + jpeg[2:]


@pytest.mark.parametrize("segment", [b"\xff\xe5\x00\x02", b"\xff\xfe\x00\x02"], ids=["APP5", "comment"])
def test_a_jpeg_of_a_million_empty_segments_is_refused_from_its_walk(segment: bytes) -> None:
    """PIL reads each of a JPEG's segments before its first scan in Python and keeps each APPn: a 4 MB JPEG of a 7
    behind a million empty APP5 segments took 6.9 s and 186 MB to be read (comments: 6.2 s), within the 64 MB its
    metadata may take. More than MAX_JPEG_SEGMENTS segments before the first scan are now refused as damaged, found
    in the walk that adds up the metadata, before PIL opens the file."""
    started = time.process_time()
    with pytest.raises(PictureError) as caught:
        read_picture_data(_jpeg_with_segments(segment, 1_000_000))
    said = str(caught.value)
    assert "damaged JPEG" in said and f"{MAX_JPEG_SEGMENTS:,} segments" in said, said
    assert time.process_time() - started < 1.5, time.process_time() - started


def test_a_jpeg_of_as_many_segments_as_may_be_is_read() -> None:
    """At the limit, a JPEG of MAX_JPEG_SEGMENTS segments before its first scan, its own five among them, is read;
    one more is refused."""
    own = 5  # the segments Pillow writes before the scan of a grey picture
    assert read_picture_data(_jpeg_with_segments(b"\xff\xe5\x00\x02", MAX_JPEG_SEGMENTS - own)).max() > 200
    with pytest.raises(PictureError, match="damaged JPEG"):
        read_picture_data(_jpeg_with_segments(b"\xff\xe5\x00\x02", MAX_JPEG_SEGMENTS - own + 1))
