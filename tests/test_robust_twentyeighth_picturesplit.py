"""The twenty-eighth round, picturesplit: rowreader/picture.py split into a module a job, and what was found meanwhile
in the checks of a file's headers (rowreader/picture_limits.py)."""

from __future__ import annotations

import io

import pytest
from conftest import peak_memory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_errors import PictureError

# What PIL walks past before a JPEG's marker, byte by byte: a stuffed 0xFF 0x00, junk that holds no 0xFF, the markers
# that have no length (C8, RST0 to RST7, SOI, EOI, F0 to FD), and fill bytes of 0xFF (the standard allows any number
# before a marker; last, as any other byte after 0xFF would make a marker of it).
_WALKED_PAST = st.one_of(
    st.just(b"\xff\x00"),
    st.binary(min_size=1, max_size=6).map(lambda junk: junk.replace(b"\xff", b"")).filter(len),
    st.sampled_from([0xC8, *range(0xD0, 0xDA), *range(0xF0, 0xFE)]).map(lambda code: bytes([0xFF, code])),
)
_BETWEEN = st.builds(
    lambda walked, fill: b"".join(walked) + b"\xff" * fill, st.lists(_WALKED_PAST, max_size=3), st.integers(0, 3)
).filter(len)


def _seven_jpeg_behind(segments: int, between: bytes) -> bytes:
    """A JPEG of a 7 whose header first holds ``segments`` empty APP1 segments of 64 kB, ``between`` after each."""
    picture = Image.new("L", (112, 112), 255)
    ImageDraw.Draw(picture).line([(20, 20), (90, 20), (45, 100)], fill=0, width=9)
    jpeg = io.BytesIO()
    picture.save(jpeg, "JPEG")
    segment = b"\xff\xe1\xff\xff" + bytes(0xFFFF - 2) + between
    return jpeg.getvalue()[:2] + segment * segments + jpeg.getvalue()[2:]


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(between=_BETWEEN)
def test_jpeg_metadata_behind_bytes_pil_walks_past_is_still_counted(tmp_path, between):
    """A JPEG's metadata segments were counted only while one marker followed another: one byte PIL walks past before
    each (a fill byte 0xFF, which the standard allows, a stuffed 0xFF 0x00, a junk byte, a marker of no length such as
    RST0 or EOI) hid them all, and 16,000 empty ones of 64 kB (a sparse file of 1 GB) took 1,042 MB and 4 to 11 s
    to be read, or to be called damaged. They are counted as PIL reads them, and refused from their headers."""
    data = _seven_jpeg_behind(1_100, between)
    path = tmp_path / "seven.jpg"
    path.write_bytes(data)
    for read, source in ((read_picture_data, data), (read_picture, path)):
        with peak_memory() as peak, pytest.raises(PictureError, match=r"its metadata segments hold 67,\d+,\d+ bytes"):
            read(source)
        assert peak.bytes < 20 * 2**20
    try:  # under the limit the count refuses nothing (PIL or libjpeg may: an end of image before the scan)
        read_picture_data(_seven_jpeg_behind(3, between))
    except PictureError as err:
        assert "metadata" not in str(err)


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(walked=st.one_of(_WALKED_PAST, st.just(b"\xff")), extra=st.integers(1, 2**20))
def test_a_jpeg_holding_over_a_megabyte_between_its_segments_is_refused_at_once(walked, extra):
    """PIL walks what lies between a JPEG's segments a byte at a time: 16 MB of zeros after a 7's first segment (a
    sparse file) took 6.6 s to open, and 1 GB would take minutes, to read the 7. More than 1 MB of such bytes (junk,
    fill bytes, stuffed bytes, markers of no length) is refused before PIL opens the file; a few are not."""
    from rowreader.picture_limits import MAX_JPEG_WALKED

    seven = _seven_jpeg_behind(1, b"")
    first = 2 + 2 + 0xFFFF  # the SOI, then the empty APP1 segment's marker and its 65,535 bytes
    between = walked * -(-(MAX_JPEG_WALKED + extra) // len(walked))
    with pytest.raises(PictureError, match=r"a damaged JPEG picture: [\d,]+ bytes or more between its segments"):
        read_picture_data(seven[:first] + between + seven[first:])
    try:  # a few such bytes refuse nothing here
        read_picture_data(seven[:first] + walked + seven[first:])
    except PictureError as err:
        assert "between its segments" not in str(err)


def _psd_of_resources(blocks: bytes) -> bytes:
    """A Photoshop file of a 28×28 grey picture with a 7 whose image resources are ``blocks``."""
    import struct

    seven = Image.new("L", (28, 28), 255)
    ImageDraw.Draw(seven).line([(5, 5), (22, 5), (11, 24)], fill=0, width=3)
    header = b"8BPS" + struct.pack(">H6xHIIHH", 1, 1, 28, 28, 8, 1) + struct.pack(">I", 0)
    return header + struct.pack(">I", len(blocks)) + blocks + struct.pack(">I", 0) + bytes(2) + seven.tobytes()


@settings(
    max_examples=5, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(name=st.binary(max_size=5), data=st.binary(max_size=5))
def test_a_photoshop_file_of_too_many_image_resources_is_refused_at_once(name, data):
    """PIL keeps every image resource of a Photoshop file as it opens it, and the section's length (under 64 MB) did
    not bound how many: 60 MB of empty ones (5.2 million, a sparse file) took 401 MB and 13 s to be read as a 28×28
    picture. More than 65,536 (Photoshop writes some dozens) are refused, walked as PIL walks them; a few are read."""
    import struct

    from rowreader.picture_limits import MAX_PSD_RESOURCES

    block = b"8BIM" + struct.pack(">HB", 1000, len(name)) + name + bytes(1 - len(name) % 2)
    block += struct.pack(">I", len(data)) + data + bytes(len(data) % 2)
    with pytest.raises(PictureError, match=r"its image resources hold more than 65,536 blocks"):
        read_picture_data(_psd_of_resources(block * (MAX_PSD_RESOURCES + 1)))
    assert read_picture_data(_psd_of_resources(block * 3)).shape == (28, 28)
