"""The fiftieth round of hostile testing, unify: the picture reader (``rowreader.picture``) and ``too_large`` (which
the examples dock asks to count a folder's pictures too large apart from its damaged ones) walked the same checks in
two copies; crafted files on which the two disagreed, or said it in different words, each checked to fail on the code
before its fix, and the one sequence both now walk held to agree over many crafted headers."""

from __future__ import annotations

import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.picture import read_picture
from rowreader.picture_checks import too_large
from rowreader.picture_errors import PNG_SIGNATURE, PictureError, TooLarge
from rowreader.picture_limits import MAX_ICON_PICTURES, MAX_WEBP_CHUNKS


def _chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def _png(width: int, height: int, depth: int = 8, colour: int = 0, data: bytes = bytes(100)) -> bytes:
    """A PNG whose header says ``width`` × ``height`` (``depth`` bits, PNG colour type ``colour``), holding ``data``
    deflated as its pixel data (a few rows of zeros: cut off for a large one)."""
    ihdr = struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0)
    return PNG_SIGNATURE + _chunk(b"IHDR", ihdr) + _chunk(b"IDAT", zlib.compress(data)) + _chunk(b"IEND", b"")


def _icon(picture: bytes, kind: int = 2) -> bytes:
    """A CUR cursor (``kind`` 2) or an ICO icon (1) holding ``picture`` alone, its entry saying 256 × 256."""
    return bytes([0, 0, kind, 0, 1, 0]) + struct.pack("<BBBBHHII", 0, 0, 0, 0, 0, 0, len(picture), 22) + picture


def _refusal(path: Path) -> PictureError | None:
    """Why reading ``path`` is refused; None for a picture read."""
    try:
        read_picture(path)
    except PictureError as err:
        return err
    return None


def test_a_cursor_whose_png_takes_too_much_memory_is_too_large_not_damaged(tmp_path: Path) -> None:
    """A CUR holding a 16-bit RGBA PNG of 6,000² (within the pixels read, over the 256 MB a picture may take to read)
    was refused by reading as "a damaged CUR cursor: its PNG picture: a picture of 6,000×6,000 16-bit colour pixels
    would take about 412 MB to read…", and ``too_large``, which never looked at a cursor's PNG past its size, said
    False: the examples dock counted a whole cursor among its damaged files. Now both say too large, in the words any
    picture too large to read gets."""
    path = tmp_path / "big.cur"
    path.write_bytes(_icon(_png(6000, 6000, 16, 6)))
    refused = _refusal(path)
    assert refused is not None and str(refused).startswith("a picture of 6,000×6,000 16-bit colour pixels"), refused
    assert too_large(path) is True


def test_an_eps_of_more_pixels_than_read_is_not_read_and_not_counted_too_large(tmp_path: Path) -> None:
    """An EPS whose bounding box says 12,000² (over the pixels read, under Pillow's own limit) is never read here (a
    program Ghostscript would run): reading said so, and ``too_large``, which asked the size before the format, said
    True, so the dock counted it among pictures too large (to be scaled down, which would not have it read). Now
    ``too_large`` says False, as reading refuses it for its kind."""
    path = tmp_path / "page.eps"
    path.write_bytes(b"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 12000 12000\n%%EndComments\n")
    refused = _refusal(path)
    assert refused is not None and str(refused).startswith("an EPS (PostScript) file"), refused
    assert too_large(path) is False


def _webp_of_empty_chunks(count: int) -> bytes:
    """An extended WebP whose VP8X header says 16 × 16, followed by ``count`` empty chunks of an unknown kind."""
    body = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (15).to_bytes(3, "little") * 2 + b"zzzz\0\0\0\0" * count
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def _icns_of_empty_entries(count: int) -> bytes:
    return b"icns" + struct.pack(">I", 8 + 8 * count) + (b"zzzz" + struct.pack(">I", 8)) * count


def _ico_listing(count: int) -> bytes:
    return b"\0\0\1\0" + struct.pack("<H", count) + bytes(16 * count)


@pytest.mark.parametrize(
    "data, said",
    [
        (_webp_of_empty_chunks(MAX_WEBP_CHUNKS + 1), "a damaged WebP picture: more than 65,552 chunks"),
        (_icns_of_empty_entries(MAX_ICON_PICTURES + 1), "an ICNS icon of more than 4,096 pictures: no icon holds"),
        (_ico_listing(MAX_ICON_PICTURES + 1), "an ICO icon listing 4,097 pictures, more than the 4,096"),
    ],
    ids=["WebP", "ICNS", "ICO"],
)
def test_a_file_of_more_chunks_or_entries_than_any_holds_is_not_counted_too_large(tmp_path, data, said) -> None:
    """A WebP of more chunks than any holds, which reading calls "a damaged WebP picture", and an ICNS of more
    pictures than any icon holds ("no icon holds so many") were counted too large by ``too_large``, while an ICO
    listing as many, refused by the same count, was not: the same refusal counted two ways. Their counts are of
    entries no picture holds, not of its size: none is counted too large now, and reading says what it said."""
    path = tmp_path / "many"
    path.write_bytes(data)
    refused = _refusal(path)
    assert refused is not None and str(refused).startswith(said), refused
    assert too_large(path) is False


SIDES = [1, 28, 300, 4096, 6000, 11_585, 12_000, 2**17 + 1, 300_000]  # each side of the limits, and past them


def _qoi(width: int, height: int, length: int) -> bytes:
    return b"qoif" + struct.pack(">IIBB", width, height, 4, 0) + bytes(length) + bytes(7) + b"\1"


def _webp(width: int, height: int, chunks: int) -> bytes:
    body = b"VP8X" + struct.pack("<I", 10) + bytes(4) + (width - 1).to_bytes(3, "little")
    body += (height - 1).to_bytes(3, "little") + b"zzzz\0\0\0\0" * chunks
    return b"RIFF" + struct.pack("<I", len(body) + 4) + b"WEBP" + body


def _bmp(width: int, height: int, bits: int) -> bytes:
    info = struct.pack("<IiiHHIIiiII", 40, width, height, 1, bits, 0, 0, 2835, 2835, 0, 0)
    return b"BM" + struct.pack("<IHHI", 54 + 64, 0, 0, 54) + info + bytes(64)


def _icns(picture: bytes) -> bytes:
    return b"icns" + struct.pack(">I", 16 + len(picture)) + b"ic10" + struct.pack(">I", 8 + len(picture)) + picture


def _gif(width: int, height: int) -> bytes:
    screen = struct.pack("<HHBBB", width, height, 0, 0, 0) + b"," + struct.pack("<HHHHB", 0, 0, width, height, 0)
    return b"GIF89a" + screen + b"\x08\x02\x4c\x01\x00;"


def _tiff(width: int, height: int, bits: int, samples: int, compression: int) -> bytes:
    """A TIFF of one strip of 100 bytes whose tags say ``width`` × ``height``, ``bits`` a sample, ``samples`` a
    pixel."""
    longs = [(256, width), (257, height), (273, 8), (278, height), (279, 100)]
    shorts = [(258, bits), (259, compression), (262, 1 if samples == 1 else 2), (277, samples)]
    tags = sorted([(tag, 4, value) for tag, value in longs] + [(tag, 3, value) for tag, value in shorts])
    entries = b"".join(
        struct.pack("<HHII" if kind == 4 else "<HHIH2x", tag, kind, 1, value) for tag, kind, value in tags
    )
    return b"II*\0" + struct.pack("<I", 108) + bytes(100) + struct.pack("<H", len(tags)) + entries + bytes(4)


def _jpeg(width: int, height: int, components: int, progressive: bool) -> bytes:
    frame = struct.pack(">HBHHB", 8 + 3 * components, 8, height, width, components)
    frame += b"".join(bytes([i + 1, 0x11, 0]) for i in range(components))
    scan = b"\xff\xda\0\x08\x01\x01\0\0\x3f\0" + bytes(50)
    return b"\xff\xd8\xff" + (b"\xc2" if progressive else b"\xc0") + frame + scan + b"\xff\xd9"


def _psd(width: int, height: int, channels: int, depth: int) -> bytes:
    return b"8BPS\0\1" + bytes(6) + struct.pack(">HIIHH", channels, height, width, depth, 3) + bytes(114)


side = st.sampled_from(SIDES)
short = st.sampled_from([s for s in SIDES if s < 2**16])  # a GIF's and a JPEG's sides are 16 bits
png = st.builds(_png, side, side, st.sampled_from([1, 8, 16]), st.sampled_from([0, 2, 4, 6]))
crafted = st.one_of(
    png,
    st.builds(_icon, png, st.sampled_from([1, 2])),
    st.builds(_icns, png),
    st.builds(_qoi, side, side, st.sampled_from([0, 100, 2**20])),
    st.builds(_webp, side, side, st.sampled_from([0, 3, MAX_WEBP_CHUNKS + 1])),
    st.builds(_bmp, side, side, st.sampled_from([1, 8, 24, 32])),
    st.builds(lambda w, h: f"%!PS-Adobe-3.0 EPSF-3.0\n%%BoundingBox: 0 0 {w} {h}\n".encode(), side, side),
    st.builds(lambda w, h: f"P5\n{w} {h}\n255\n".encode() + bytes(64), side, side),
    st.builds(_gif, short, short),
    st.builds(_tiff, side, side, st.sampled_from([1, 8, 16, 32]), st.sampled_from([1, 3]), st.sampled_from([1, 5, 8])),
    st.builds(_jpeg, short, short, st.sampled_from([1, 3]), st.booleans()),
    st.builds(_psd, side, side, st.sampled_from([1, 3, 4]), st.sampled_from([8, 16])),
)


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])
@given(data=crafted, cut=st.sampled_from([None, 40, 200]))
def test_too_large_says_what_reading_does_over_crafted_headers(tmp_path_factory, data: bytes, cut: int | None) -> None:
    """The reader and ``too_large`` now walk one sequence of checks (``rowreader.picture_checks``): over PNGs, cursors,
    ICOs and ICNSes holding them, QOIs, WebPs, BMPs, EPSes, PGMs, GIFs, TIFFs, JPEGs and Photoshop files of sides
    about every limit, whole or cut off, ``too_large`` says True exactly where reading refuses the file for its size
    (``TooLarge``), and such a refusal never calls the file damaged; a file read is never counted too large."""
    path = tmp_path_factory.mktemp("crafted") / "picture"
    path.write_bytes(data[:cut])
    refused = _refusal(path)
    assert too_large(path) is isinstance(refused, TooLarge), refused
    if isinstance(refused, TooLarge):
        assert "damaged" not in str(refused), refused


@pytest.mark.parametrize("wrap", [lambda png: _icon(png, 1), _icns], ids=["ICO", "ICNS"])
def test_an_icons_png_too_large_to_read_is_refused_before_it_is_decoded(tmp_path: Path, wrap) -> None:
    """An ICO or ICNS holding an RGBA PNG of 11,000² (within the pixels read, over the 256 MB a picture may take to
    read) had its PNG decoded by PIL as it opened or loaded the icon, before the memory its reading takes was counted
    (the one check an icon's pictures had was their pixels): 2 MB of white took 524 MB and 0.5 s to be refused as an
    ICO ("would take about 462 MB") and read as an ICNS, to say "not one of the allowed sizes of this image"; cut off,
    each was "damaged", and ``too_large`` said False. An icon's PNG is now held to what a PNG file is, from its
    header: too large, as the PNG alone is, decoding nothing."""
    path = tmp_path / "big.icon"
    path.write_bytes(wrap(_png(11_000, 11_000, 8, 6)))
    png = tmp_path / "big.png"
    png.write_bytes(_png(11_000, 11_000, 8, 6))
    refused = _refusal(path)
    assert str(refused) == str(_refusal(png)), refused
    assert str(refused).startswith("a picture of 11,000×11,000 RGBA pixels would take about 462 MB"), refused
    assert too_large(path) is True
