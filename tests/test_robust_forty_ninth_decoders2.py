"""The forty-ninth round of hostile testing, decoders2: the time and memory a small hostile picture file can cost
before it is read or refused (PNG, TIFF, QOI, GIF, JPEG 2000 and the rest Pillow or Qt opens), measured with
``/usr/bin/time -v`` on files of a MB or less; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import struct
import time
import zlib
from pathlib import Path

import pytest
from conftest import hand_made_png
from hypothesis import given, settings
from hypothesis import strategies as st
from PIL import Image

from gui.image_io import read_any_picture
from rowreader.cli import main
from rowreader.picture import PictureError, read_picture_data
from rowreader.picture_checks import too_large
from rowreader.picture_limits import MAX_DECODED_BYTES
from rowreader.preprocess import MAX_PIXELS

# by PNG colour type and bit depth: what each pixel takes as it is read (see MAX_DECODED_BYTES)
PNG_KINDS = {
    "16-bit grey": (0, 16, 6),  # Pillow's two bytes, NumPy's copy, averaged as floats
    "16-bit colour": (2, 16, 12),  # decoded twice (high bytes, then low), four bytes each, and its stripes
    "16-bit grey and alpha": (4, 16, 6),  # decoded once, its four bytes whole
    "16-bit colour and alpha": (6, 16, 12),
    "RGB": (2, 8, 4),  # Pillow keeps RGB in four bytes
    "RGBA": (6, 8, 4),
}


def _png(width: int, height: int, colour: int, depth: int) -> bytes:
    """A PNG's header for ``width``×``height`` pixels of that colour type and depth, and no pixels (a
    bomb's shape: every size check sees the whole size)."""
    return hand_made_png(struct.pack(">IIBBBBB", width, height, depth, colour, 0, 0, 0), zlib.compress(b""))


def _float_tiff(width: int, height: int) -> bytes:
    """A float TIFF saying it is ``width``×``height``, compressed, of almost no data: a 1 × 1 one's size tags
    rewritten (Pillow writes the tags little-endian, each value in its entry)."""
    out = io.BytesIO()
    Image.new("F", (1, 1)).save(out, "TIFF", compression="tiff_adobe_deflate")
    data = bytearray(out.getvalue())
    ifd = struct.unpack_from("<I", data, 4)[0]
    for n in range(struct.unpack_from("<H", data, ifd)[0]):
        at = ifd + 2 + 12 * n
        tag, kind = struct.unpack_from("<HH", data, at)
        if tag in (256, 257, 278):  # width, height, rows a strip
            struct.pack_into("<HHII" if kind == 4 else "<HHIH", data, at, tag, kind, 1, height if tag != 256 else width)
    return bytes(data)


@pytest.mark.parametrize("kind", PNG_KINDS)
def test_a_png_of_wide_values_is_refused_by_what_it_takes_to_read(kind: str, tmp_path: Path, capsys) -> None:
    """A 16-bit grey PNG of 11,585² (289 kB on disk) took 826 MB and 4.9 s to be read, a 16-bit RGB one of
    8,192 × 16,384 (818 kB) 1.27 GB and 11 s, an RGBA one (1.07 MB) 1.33 GB and 21 s, an 8-bit RGB one (431 kB) 605 MB:
    within MAX_PIXELS, which counted pixels and not what each takes. A picture that takes more than MAX_DECODED_BYTES
    to read is refused from its header, saying its size, what it would take and the most, in `predict` and the app's
    Open alike; under it, it is not refused for its size."""
    colour, depth, held = PNG_KINDS[kind]
    side = int((MAX_DECODED_BYTES / held) ** 0.5) + 1
    path = tmp_path / "wide.png"
    path.write_bytes(_png(side, side, colour, depth))
    assert too_large(path)
    code = main(["predict", str(path)])
    said = capsys.readouterr().err
    assert code == 1 and f"{side:,}×{side:,}" in said and f"{MAX_DECODED_BYTES // 2**20} MB" in said, said
    with pytest.raises(PictureError, match=f"{MAX_DECODED_BYTES // 2**20} MB a picture may take"):
        read_any_picture(path)
    path.write_bytes(_png(side - 2, side - 2, colour, depth))
    with pytest.raises(PictureError, match="pixel data ends"):  # refused for its missing rows, not its size
        read_picture_data(path.read_bytes())


def test_a_float_tiff_is_refused_by_what_it_takes_to_read() -> None:
    """A float TIFF of 8,192 × 16,384 (795 kB, deflate) took 1.6 GB to be read: its four-byte values held three
    times over. One of 4,800² (22 M pixels, 264 MB so held) is refused from its header now."""
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError) as caught:
        read_picture_data(_float_tiff(4_800, 4_800))
    said = str(caught.value)
    assert "4,800×4,800" in said and "floating-point" in said and "264 MB" in said, said
    assert time.process_time() - started < 0.5


@settings(max_examples=40, deadline=None)
@given(width=st.integers(1, 20_000), height=st.integers(1, 20_000), kind=st.sampled_from([*PNG_KINDS, "grey"]))
def test_a_png_is_refused_for_its_size_exactly_where_it_would_take_too_much(width: int, height: int, kind: str) -> None:
    """Whatever its size and kind, a PNG is refused for its size exactly where it has more than MAX_PIXELS pixels or
    takes more than MAX_DECODED_BYTES to read (an 8-bit grey one a byte a pixel, never over it), and answers fast."""
    colour, depth, held = PNG_KINDS.get(kind, (0, 8, 1))
    data = _png(width, height, colour, depth)
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError) as caught:
        read_picture_data(data)
    refused = "a picture may take" in str(caught.value) or "this program reads" in str(caught.value)
    over = width * height > MAX_PIXELS or width * height * held > MAX_DECODED_BYTES
    assert refused == over, (width, height, kind, str(caught.value))
    assert time.process_time() - started < 0.5


def _saying(kind: str, mode: str, side: int) -> tuple[bytes, bytes]:
    """A white 28 × 28 picture of that kind and mode, and the same with its header saying ``side``² (a JPEG 2000
    codestream's SIZ marker, an AVIF's ispe box), which Pillow opens at that size."""
    out = io.BytesIO()
    white = 255 if mode == "L" else (255, 255, 255)
    if kind == "JPEG2000":
        Image.new(mode, (28, 28), white).save(out, "JPEG2000", irreversible=False, no_jp2=True)
    else:
        Image.new(mode, (28, 28), white).save(out, "AVIF", speed=10)
    data = bytearray(out.getvalue())
    at = 8 if kind == "JPEG2000" else data.find(b"ispe") + 8  # the canvas (its offsets stay 0); the size
    struct.pack_into(">II", data, at, side, side)
    return out.getvalue(), bytes(data)


@pytest.mark.parametrize(
    ("kind", "mode", "side"), [("JPEG2000", "L", 6_700), ("JPEG2000", "RGB", 3_800), ("AVIF", "RGB", 5_200)]
)
def test_a_jpeg_2000_or_avif_is_refused_by_what_its_decoder_takes(kind: str, mode: str, side: int) -> None:
    """A white JPEG 2000 of 11,585² grey took 838 MB and 4.1 s to be read from 554 bytes, one of 6,000² RGB 718 MB
    and 3.8 s from 468, and a white AVIF of 8,192² 641 MB from 1,196: OpenJPEG holds every value in 32 bits, libavif
    and dav1d their frames, beside Pillow's picture. Counted so, a JPEG 2000 of 6,700² grey (6 bytes a pixel) or
    3,800² RGB (19), or an AVIF of 5,200² (10), is refused from its header, in words; a 28 × 28 one is read."""
    whole, saying = _saying(kind, mode, side)
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError) as caught:
        read_picture_data(saying)
    said = str(caught.value)
    named = "8-bit grey" if mode == "L" else mode
    assert f"{side:,}×{side:,} {named} pixels" in said and "a picture may take" in said, said
    assert time.process_time() - started < 0.5
    assert read_picture_data(whole).shape[:2] == (28, 28)


def _lossless_webp(width: int, height: int) -> bytes:
    """A white lossless WebP of 28 × 28 whose VP8L header says ``width``×``height`` (14 bits a side, less one)."""
    out = io.BytesIO()
    Image.new("RGB", (28, 28), (255, 255, 255)).save(out, "WEBP", lossless=True)
    data = bytearray(out.getvalue())
    bits = int.from_bytes(data[21:25], "little") & ~((1 << 28) - 1)
    data[21:25] = (bits | (width - 1) | (height - 1) << 14).to_bytes(4, "little")
    return bytes(data)


def test_a_webp_is_held_to_what_any_picture_may_take() -> None:
    """A white lossless WebP of 5,792² (1,342 bytes, within the 33,554,432 pixels a WebP was held to) took 564 MB and
    1.5 s to be read: libwebp's 16 bytes a canvas pixel. A WebP is held to the same 256 MB as every picture now:
    16,777,216 pixels (4,096²), refused from its header past that."""
    with pytest.raises(PictureError, match="a WebP of 4097×4096 pixels, more than the 16,777,216 a WebP may hold"):
        read_picture_data(_lossless_webp(4_097, 4_096))
    try:  # not refused for its size (libwebp reads what its 28 × 28 pixels make of it)
        read_picture_data(_lossless_webp(4_096, 4_096))
    except PictureError as err:
        assert "may hold" not in str(err), str(err)


def _gzip_fits(side: int) -> bytes:
    """A FITS file whose one image, ``side``² of 8-bit zeros, is gzip-compressed (a BINTABLE of ZIMAGE, GZIP_1), as
    PIL reads one: its FitsGzipDecoder decodes it in Python, a pixel at a time."""

    def cards(*items: str) -> bytes:
        text = b"".join(card.ljust(80).encode() for card in items)
        return text + b" " * (-len(text) % 2880)

    head = cards(
        "SIMPLE  =                    T", "BITPIX  =                    8", "NAXIS   =                    0", "END"
    )
    table = cards(
        "XTENSION= 'BINTABLE'",
        "BITPIX  =                    8",
        "NAXIS   =                    0",
        "ZIMAGE  =                    T",
        "ZCMPTYPE= 'GZIP_1  '",
        "ZBITPIX =                    8",
        "ZNAXIS  =                    2",
        f"ZNAXIS1 = {side:20d}",
        f"ZNAXIS2 = {side:20d}",
        "END",
    )
    return head + table + zlib.compress(b"\0" * 4 * side * side, 9, wbits=31)  # a gzip stream


def test_a_picture_pil_decodes_a_pixel_at_a_time_in_python_is_held_to_512_squared() -> None:
    """A gzip-compressed FITS of 3,000² zeros (41 kB) took 4.5 s to be read, PIL's decoder looping in Python over
    every pixel (one of 11,585², 134 M pixels, would be 520 kB). A FITS of that decoder, or a BLP or DDS-RGB texture
    (PIL's decoders of those are Python too: an RGBA DDS of 1,024² took 3.1 s), of more than 2¹⁸ pixels is refused
    from its header, naming its size, the most and why; one of 300² is read."""
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError) as caught:
        read_picture_data(_gzip_fits(1_025))
    said = str(caught.value)
    assert "1,025×1,025" in said and "FITS" in said and "262,144" in said and "in Python" in said, said
    assert time.process_time() - started < 0.5
    out = io.BytesIO()
    Image.new("P", (16, 16)).save(out, "BLP")  # PIL's BLP encoder is Python too: 17 s for 1,100 × 1,000
    texture = bytearray(out.getvalue())
    struct.pack_into("<II", texture, 12, 1_100, 1_000)  # the size its header says
    with pytest.raises(PictureError, match="a BLP picture of 1,100×1,000 pixels, more than the 262,144"):
        read_picture_data(bytes(texture))
    assert read_picture_data(_gzip_fits(300)).shape == (300, 300)  # under 80 bytes of data, PIL misplaces it


def _rle8_bmp(width: int, height: int) -> bytes:
    """A grey 8-bit BMP of ``width``×``height`` whose RLE8 data ends at once (PIL's Python decoder reads it)."""
    data = b"\x00\x01"  # end of the bitmap
    header = struct.pack("<IiiHHIIiiII", 40, width, height, 1, 8, 1, len(data), 2835, 2835, 256, 0)
    start = 14 + 40 + 1024
    palette = b"".join(bytes([i, i, i, 0]) for i in range(256))
    return b"BM" + struct.pack("<IHHI", start + len(data), 0, 0, start) + header + palette + data


def test_an_rle_bmp_counts_the_bytes_pils_python_decoder_holds() -> None:
    """A BMP of 11,585² in RLE8 (1.09 MB of runs; of deltas, 241 kB) took 434 MB and 2.1 s to be read: PIL's
    Python decoder holds every pixel's byte in a bytearray and again in its copy, beside the picture. Counted so (3
    bytes a pixel), one of 9,500² is refused from its header; an uncompressed one of 9,500² is not refused for its
    size."""
    with pytest.raises(PictureError, match="9,500×9,500 8-bit grey pixels would take about"):
        read_picture_data(_rle8_bmp(9_500, 9_500))
    plain = bytearray(_rle8_bmp(9_500, 9_500))
    struct.pack_into("<I", plain, 30, 0)  # no compression: its pixels are simply missing
    try:
        read_picture_data(bytes(plain))
    except PictureError as err:
        assert "a picture may take" not in str(err), str(err)


def test_an_icon_of_more_pictures_than_any_icon_holds_is_refused_before_its_directory_is_walked() -> None:
    """An ICO whose directory lists 65,535 pictures (1 MB, each entry the same 16 × 16) took 1.7 to 1.9 s to be read
    (4.2 s under a profiler): its entries walked by PIL and twice more by the checks before it. An ICO of more than
    4,096 pictures (an ICNS's are counted to as many) is refused from its count, at once."""
    out = io.BytesIO()
    Image.new("RGBA", (16, 16)).save(out, "ICO", sizes=[(16, 16)])
    icon = out.getvalue()
    entry, picture = icon[6:22], icon[struct.unpack_from("<I", icon, 18)[0] :]
    count = 65_535
    entries = (entry[:12] + struct.pack("<I", 6 + 16 * count)) * count
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError, match="an ICO icon listing 65,535 pictures, more than the 4,096"):
        read_picture_data(b"\0\0\1\0" + struct.pack("<H", count) + entries + picture)
    assert time.process_time() - started < 0.5
    assert read_picture_data(icon).shape == (16, 16, 4)


def test_a_png_of_its_pixels_split_into_tens_of_thousands_of_chunks_is_refused_at_once() -> None:
    """A 28 × 28 PNG followed by 83,000 empty IDAT chunks (996 kB) took 1.2 s to be read (a million, 12 MB, 2.7 s,
    left by the forty-eighth round): PIL reads every chunk in Python. More pixel-data chunks than the 65,552 other
    chunks a PNG may have are refused as the others are; libpng's 8 kB chunks take 65,552 only for 537 MB of data."""
    raw = b"".join(b"\0" + bytes([255] * 28) for _ in range(28))
    ihdr = struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)
    empty = struct.pack(">I", 0) + b"IDAT" + struct.pack(">I", zlib.crc32(b"IDAT"))
    started = time.process_time()  # CPU time: a busy machine does not stretch it (CI: 2 cores)
    with pytest.raises(PictureError, match="split into more than 65,552 chunks"):
        read_picture_data(hand_made_png(ihdr, zlib.compress(raw), empty * 70_000))
    assert time.process_time() - started < 0.5
    assert read_picture_data(hand_made_png(ihdr, zlib.compress(raw), empty * 1_000)).shape == (28, 28)


def _jpeg_saying(side: int, mode: str, progressive: bool) -> bytes:
    """A white 16 × 16 JPEG whose frame header (SOF0 or SOF2) says it is ``side``²."""
    out = io.BytesIO()
    Image.new(mode, (16, 16), 255 if mode == "L" else (255, 255, 255)).save(out, "JPEG", progressive=progressive)
    data = bytearray(out.getvalue())
    frame = data.find(b"\xff\xc2" if progressive else b"\xff\xc0")
    struct.pack_into(">HH", data, frame + 5, side, side)  # its height, then its width
    return bytes(data)


@pytest.mark.parametrize("mode", ["L", "RGB"])
def test_a_progressive_jpeg_counts_the_coefficients_libjpeg_holds(mode: str) -> None:
    """A white progressive JPEG of 11,585² took 335 MB to be read (grey, 526 kB) and 565 MB (RGB, 790 kB), though
    libjpeg decodes it at a fraction of its size: for a progressive scan it holds every DCT coefficient of the whole
    picture, two bytes each (2 and 3 bytes a pixel). Counted so, one of 11,585² is refused from its header; a
    baseline JPEG of that size, decoded a row of blocks at a time (at half its size), is not refused for its size."""
    side = 11_585
    with pytest.raises(PictureError, match=f"{side:,}×{side:,} .*would take about"):
        read_picture_data(_jpeg_saying(side, mode, progressive=True))
    try:
        read_picture_data(_jpeg_saying(side, mode, progressive=False))
    except PictureError as err:
        assert "a picture may take" not in str(err), str(err)
