"""The forty-ninth round of hostile testing, mutants4: one small change at a time (a comparison flipped, a bound moved
by one, a check dropped, a call removed) in modules no mutants round had reached, the icon, cursor and QOI walkers of
rowreader/picture_limits.py, rowreader/picture_pixels.py and rowreader/picture_sixteen_bit.py, run in scratch copies
of the worktree against the test files that name them or their words; each test here is seen failing on the mutant
it names, and says what that mutant let through."""

from __future__ import annotations

import io
import struct
import zlib

import numpy as np
import pytest
from conftest import hand_made_png
from PIL import Image

from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_errors import PNG_SIGNATURE, PictureError
from rowreader.picture_limits import (
    MAX_ICON_PICTURES,
    MAX_METADATA_BYTES,
    MAX_QOI_BYTES,
    check_icon,
    check_qoi,
    cursor_png,
    qoi_too_short,
)
from rowreader.picture_pixels import drafted, pixels
from rowreader.preprocess import to_mnist


def _png_head(width: int, height: int) -> bytes:
    """A PNG's signature and IHDR (its CRC unchecked here): all an icon's check reads of its size."""
    return PNG_SIGNATURE + struct.pack(">I4sIIBBBBB", 13, b"IHDR", width, height, 8, 6, 0, 0, 0) + bytes(4)


def _ico(*pictures: bytes, kind: int = 1) -> io.BytesIO:
    """An ICO (``kind`` 1) or a CUR (2) holding ``pictures`` one after another, each entry saying 32 × 32."""
    at, entries = 6 + 16 * len(pictures), b""
    for picture in pictures:
        entries += struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, len(picture), at)
        at += len(picture)
    return io.BytesIO(struct.pack("<HHH", 0, kind, len(pictures)) + entries + b"".join(pictures))


def _siz(width: int, height: int) -> bytes:
    """A JPEG 2000 codestream's start: SOC, then SIZ saying a canvas of ``width`` × ``height`` from (0, 0)."""
    return b"\xff\x4f\xff\x51" + struct.pack(">HHIIIIIIII", 41, 0, width, height, 0, 0, width, height, 0, 0)


def test_every_picture_of_an_icon_is_checked_for_its_size_not_only_its_first():
    """An ICO of a 16 × 16 PNG and then one whose IHDR says 20,000 × 20,000 (PIL decodes an ICO's largest picture
    as it opens it) is refused from its second picture's header. Mutant: only the first picture's size checked."""
    with pytest.raises(PictureError, match=r"^400,000,000 pixels|20000×20000"):
        check_icon(_ico(_png_head(16, 16), _png_head(20_000, 20_000)))


def test_an_ico_picture_that_begins_as_jpeg_2000_is_not_refused_as_an_icns_one(tmp_path):
    """Only an ICNS's JPEG 2000 picture is read whole by PIL (an ICO's is taken for a bitmap, and read as one): an ICO
    whose entry says 100 MB (a sparse file) of a picture beginning as a JPEG 2000 codestream of 32 × 32 passes the
    check, as nothing in it is read whole. Mutant: the `not bitmap` dropped, refused as "an ICNS icon holding a JPEG
    2000 picture" though it is no ICNS."""
    path = tmp_path / "jp2.ico"
    with path.open("wb") as file:
        file.write(struct.pack("<HHH", 0, 1, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, 100 * 2**20, 22))
        file.write(_siz(32, 32))
        file.truncate(22 + 100 * 2**20)
    check_icon(path)


def _icns_of(picture: bytes, length: int, path) -> None:
    """An ICNS at ``path`` of one entry of ``length`` bytes (after its 8-byte head), beginning with ``picture``."""
    with path.open("wb") as file:
        file.write(b"icns" + struct.pack(">I", 16 + length) + b"icp5" + struct.pack(">I", 8 + length) + picture)
        file.truncate(16 + length)


def test_an_icns_jpeg_2000_picture_of_exactly_the_most_any_picture_takes_passes(tmp_path):
    """An ICNS's JPEG 2000 picture of exactly MAX_METADATA_BYTES passes (a sparse file); one byte more is refused as
    one PIL would read whole. Mutant: `>=` for `>`, the bound itself refused."""
    path = tmp_path / "edge.icns"
    _icns_of(_siz(32, 32), MAX_METADATA_BYTES, path)
    check_icon(path)
    _icns_of(_siz(32, 32), MAX_METADATA_BYTES + 1, path)
    with pytest.raises(PictureError, match=f"JPEG 2000 picture of {MAX_METADATA_BYTES + 1:,} bytes"):
        check_icon(path)


def test_a_jp2_files_size_is_found_past_a_long_file_type_box():
    """A JP2 file's ihdr box follows its signature, its file-type box (of any number of brands it is compatible
    with) and its header box's head: with five brands the ihdr lies at byte 60, and an ICNS holding such a JP2 of
    20,000 × 20,000 is refused from it. Mutant: only the picture's first 64 bytes read, the size never found and the
    picture handed to PIL to decode."""
    brands = b"jp2 " * 5
    ftyp = struct.pack(">I4s4sI", 16 + len(brands), b"ftyp", b"jp2 ", 0) + brands
    ihdr = struct.pack(">I4sIIHBBBB", 22, b"ihdr", 20_000, 20_000, 3, 7, 7, 0, 0)
    jp2 = b"\0\0\0\x0cjP  \r\n\x87\n" + ftyp + struct.pack(">I4s", 8 + len(ihdr), b"jp2h") + ihdr
    icns = io.BytesIO(b"icns" + struct.pack(">I", 16 + len(jp2)) + b"icp5" + struct.pack(">I", 8 + len(jp2)) + jp2)
    with pytest.raises(PictureError, match="20000×20000"):
        check_icon(icns)


def _icns_entry(kind: bytes, picture: bytes, length: int | None = None) -> bytes:
    """An ICNS entry: its type, its length (its own 8 bytes too; ``picture``'s unless given), then ``picture``."""
    return kind + struct.pack(">I", 8 + len(picture) if length is None else length) + picture


def test_an_icns_entry_that_begins_before_the_icons_stated_end_is_checked(tmp_path):
    """PIL reads an ICNS entry's head wherever one begins before the length the icon states, though it ends after:
    an ICNS saying it is 12 bytes long, its one entry a 32 × 32 JPEG 2000 picture followed by 200 MB (sparse), was
    read whole by `read_picture` (240 MB), the check having walked only entries whose head ended by byte 12. Such an
    entry is now checked as any other, and refused from its length unread. (Kills the mutant `<` for `<=` too.)"""
    path = tmp_path / "short.icns"
    length = 8 + 200 * 2**20
    with path.open("wb") as file:
        file.write(b"icns" + struct.pack(">I", 12) + _icns_entry(b"icp5", _siz(32, 32), length))
        file.truncate(8 + length)
    with pytest.raises(PictureError, match="an ICNS icon holding a JPEG 2000 picture of 209,715,200 bytes"):
        read_picture(path)


def test_an_icns_entry_shorter_than_its_own_head_is_stepped_over_as_pil_steps():
    """PIL steps from an ICNS entry by the length it states, less than its own 8-byte head too: an entry saying 7
    bytes hides the next one's head 7 bytes on, which the check (stepping 8 at least) never saw, and that one's
    length leads PIL on to a PNG of 20,000 × 20,000 the check never reached, so it went to PIL unchecked. The check
    now steps as PIL does."""
    hidden = b"XYZ" + struct.pack(">I", 40)  # at byte 15: a type of b"\x07XYZ", 40 bytes long
    entries = b"ic04" + struct.pack(">I", 7) + hidden + bytes(40 - 7 - 1)
    entries += _icns_entry(b"ic07", _png_head(20_000, 20_000))
    icns = io.BytesIO(b"icns" + struct.pack(">I", 8 + len(entries)) + entries)
    with pytest.raises(PictureError, match="20000×20000"):
        check_icon(icns)


def test_an_icns_of_more_entries_than_are_walked_is_refused():
    """PIL walks every entry of an ICNS, keeping the last of each type; the check stopped at 4,096, so a picture of
    20,000 × 20,000 after 4,096 empty entries (a file of 33 kB) went to PIL unchecked. An ICNS of more entries than
    any icon holds (MAX_ICON_PICTURES) is now refused; one of that many is walked whole."""
    tail = _icns_entry(b"ic07", _png_head(20_000, 20_000))
    for empties, said in [(MAX_ICON_PICTURES - 1, "20000×20000"), (MAX_ICON_PICTURES, "more than 4,096 pictures")]:
        entries = _icns_entry(b"junk", b"") * empties + tail
        with pytest.raises(PictureError, match=said):
            check_icon(io.BytesIO(b"icns" + struct.pack(">I", 8 + len(entries)) + entries))


def test_an_icns_is_walked_to_its_stated_end_only_and_past_its_first_entry():
    """PIL reads no ICNS entry beginning at or past the icon's stated length: what follows (here a PNG entry saying
    20,000 × 20,000) is not the icon's and is not refused; a second entry within it is checked as the first is.
    Mutants: the file's end taken for the icon's, and only the first entry walked."""
    first, second = _icns_entry(b"ic04", _png_head(16, 16)), _icns_entry(b"ic07", _png_head(20_000, 20_000))
    check_icon(io.BytesIO(b"icns" + struct.pack(">I", 8 + len(first)) + first + second))
    with pytest.raises(PictureError, match="20000×20000"):
        check_icon(io.BytesIO(b"icns" + struct.pack(">I", 8 + len(first + second)) + first + second))


def test_a_jp2_pictures_rows_are_its_height_not_its_width():
    """A JP2's ihdr box gives its height before its width: an ICNS holding one 10 px wide and 200,000 tall is refused
    for its rows. Mutant: the two swapped, read as 200,000 wide and 10 tall, which passes."""
    ihdr = struct.pack(">I4sIIHBBBB", 22, b"ihdr", 200_000, 10, 3, 7, 7, 0, 0)
    jp2 = b"\0\0\0\x0cjP  \r\n\x87\n" + struct.pack(">I4s", 8 + len(ihdr), b"jp2h") + ihdr
    with pytest.raises(PictureError, match="10×200000 pixels is more than the 131,072 rows"):
        check_icon(io.BytesIO(b"icns" + struct.pack(">I", 16 + len(jp2)) + _icns_entry(b"icp5", jp2)))


def test_an_icon_png_cut_off_right_after_its_size_is_refused_for_its_size():
    """An ICO whose PNG ends right after the IHDR's width and height (its 24th byte) says a size all the same, and
    one of 20,000² is refused for it. Mutant: `> 24` for `>= 24`, its size not read."""
    with pytest.raises(PictureError, match="20000×20000"):
        check_icon(_ico(_png_head(20_000, 20_000)[:24]))


def _png(width: int, height: int) -> bytes:
    out = io.BytesIO()
    Image.new("L", (width, height), 255).save(out, "PNG")
    return out.getvalue()


def test_a_cursors_png_is_the_one_pillow_picks_and_no_more_than_its_entry_says():
    """Pillow's cursor reader takes the first picture, or a later one larger both ways; the PNG read is that one,
    exactly as long as its entry says, though more follows. Mutants: `or` for `and` (a later one wider but not taller
    taken), `>=` for `>` (a later one as wide, taller, taken), the PNG read 8 bytes past its end."""
    first, wide, same = _png(32, 32), _png(48, 16), _png(32, 32)[:-1] + b"\x01"
    data = bytearray(_ico(first, wide, same, b"more", kind=2).getvalue())  # each entry says 32 × 32: the second's set
    data[6 + 16 : 6 + 18] = bytes([48, 16])
    assert cursor_png(io.BytesIO(bytes(data))) == first
    data[6 + 16 : 6 + 18] = bytes([32, 48])
    assert cursor_png(io.BytesIO(bytes(data))) == first
    data[6 + 16 : 6 + 18] = bytes([48, 48])
    assert cursor_png(io.BytesIO(bytes(data))) == wide


def test_a_cursors_png_of_exactly_the_most_any_takes_is_read(tmp_path):
    """A cursor's PNG said to be exactly MAX_METADATA_BYTES long is read (a sparse file), one byte more is not.
    Mutant: `<` for `<=`, the bound itself not read."""
    path = tmp_path / "edge.cur"
    for length, read in [(MAX_METADATA_BYTES, True), (MAX_METADATA_BYTES + 1, False)]:
        with path.open("wb") as file:
            file.write(struct.pack("<HHH", 0, 2, 1) + struct.pack("<BBBBHHII", 32, 32, 0, 0, 1, 32, length, 22))
            file.write(_png(32, 32))
            file.truncate(22 + length)
        png = cursor_png(path)
        assert (png is not None and len(png) == length) == read


def test_a_qoi_of_exactly_the_bytes_its_pixels_need_at_most_is_not_too_short():
    """A QOI holds at most 62 pixels a byte: one of 62 × 10 pixels with exactly 10 bytes after its header is not
    too short, with 9 it is; one of 63 × 10 with 10 is. Mutants: `<=` for `<`, the header counted as data, the
    bytes needed rounded down."""
    head = b"qoif" + struct.pack(">II", 62, 10) + bytes([4, 0])
    assert qoi_too_short(io.BytesIO(head + bytes(10))) is None
    assert qoi_too_short(io.BytesIO(head + bytes(9))) == (62, 10)
    head = b"qoif" + struct.pack(">II", 63, 10) + bytes([4, 0])  # 630 pixels: 11 bytes at least, not 10
    assert qoi_too_short(io.BytesIO(head + bytes(10))) == (63, 10)


def test_a_qoi_of_exactly_the_most_pixels_passes_and_one_cut_within_its_header_is_no_qoi():
    """A QOI's header says exactly MAX_QOI_PIXELS (4,096²): it passes; a row more is refused. A file of 13 bytes,
    cut before its header's last byte, is no QOI to this check (PIL words what it is). Mutants: `>=` for `>`, and
    12 bytes taken for a whole header."""
    check_qoi(io.BytesIO(b"qoif" + struct.pack(">II", 4096, 4096) + bytes([4, 0])))
    with pytest.raises(PictureError, match="a QOI of 4096×4097 pixels"):
        check_qoi(io.BytesIO(b"qoif" + struct.pack(">II", 4096, 4097) + bytes([4, 0])))
    check_qoi(io.BytesIO(b"qoif" + struct.pack(">II", 20_000, 20_000) + bytes([4])))


def test_an_icns_entry_of_no_length_ends_the_walk():
    """PIL refuses an ICNS whose entry says it is 0 bytes long ("invalid block header"); the check stops there too
    and leaves the words to PIL. Mutant: the entry of no length walked again and again, the icon refused as one of
    more than 4,096 pictures."""
    check_icon(io.BytesIO(b"icns" + struct.pack(">I", 16) + b"ic07" + struct.pack(">I", 0)))


def test_a_qoi_of_exactly_the_most_bytes_passes():
    """A QOI of exactly MAX_QOI_BYTES passes the check; a byte more is refused. Mutant: `>=` for `>`."""
    head = b"qoif" + struct.pack(">II", 64, 64) + bytes([4, 0])
    check_qoi(io.BytesIO(head + bytes(MAX_QOI_BYTES - len(head))))
    with pytest.raises(PictureError, match=f"a QOI of {MAX_QOI_BYTES + 1:,} bytes"):
        check_qoi(io.BytesIO(head + bytes(MAX_QOI_BYTES + 1 - len(head))))


def _png_data(array: np.ndarray, **options) -> bytes:
    out = io.BytesIO()
    Image.fromarray(array).save(out, "PNG", **options)
    return out.getvalue()


def test_a_16_bit_mask_with_a_transparent_colour_reads_as_its_8_bit_twin():
    """A 16-bit grey PNG of 0s and 1s (a mask: a 1 drawn black on white) with a transparent colour (2, a strip down
    its left) reads as its 8-bit twin of 0s and 255s does: its opaque pixels' alpha is 1, the top of a mask's
    scale. Mutant: `< 1` for `<= 1`, the alpha 255, read on a scale the mask's white is all but black on."""
    grey = np.ones((28, 28), np.uint16)
    grey[6:22, 12:16] = 0
    grey[:, :3] = 2
    twin = np.where(grey == 2, 128, grey * 255).astype(np.uint8)
    mask = to_mnist(read_picture_data(_png_data(grey, transparency=2)))
    assert np.array_equal(mask, to_mnist(read_picture_data(_png_data(twin, transparency=128))))


def test_a_large_grey_picture_with_alpha_is_averaged_with_its_alpha():
    """A grey + alpha picture wider than MAX_INPUT_SIDE (4,200 px: boxes of 3) is averaged by Pillow with its alpha,
    and reads as its RGBA twin does: a white card with a black stroke on a page of clear black. Mutant: averaged as
    grey alone, the clear page read as the black it holds."""
    grey = np.zeros((90, 4200), np.uint8)
    alpha = np.zeros_like(grey)
    grey[10:80, 1000:3200] = alpha[10:80, 1000:3200] = 255
    grey[20:70, 2000:2060] = 0
    la = np.dstack([grey, alpha])
    rgba = np.dstack([grey, grey, grey, alpha])
    read = [to_mnist(read_picture_data(_png_data(array)), allow_small=True) for array in (la, rgba)]
    assert np.abs(read[0] - read[1]).max() < 0.01


def test_a_large_float_picture_is_averaged_as_floats_not_as_8_bit_colour(tmp_path):
    """A float TIFF (Pillow's mode F) wider than MAX_INPUT_SIDE is left whole for ``to_mnist`` to average in floats,
    and reads as its 8-bit twin: a black stroke on white (1.0). Mutant: only mode I's kept from Pillow's 8-bit
    averaging, the floats converted to 8-bit colour first (1.0 as 1 of 255: a black page)."""
    page = np.ones((90, 4200), np.float32)
    page[20:70, 2000:2060] = 0
    path = tmp_path / "float.tif"
    Image.fromarray(page, "F").save(path)
    twin = to_mnist(read_picture_data(_png_data((page * 255).astype(np.uint8))), allow_small=True)
    assert np.abs(to_mnist(read_picture(path), allow_small=True) - twin).max() < 0.01


def test_a_jpeg_of_boxes_of_two_is_decoded_at_half_its_size():
    """A JPEG 4,096 px wide is averaged in boxes of 2: libjpeg decodes it at half its size (half the memory), as its
    boxes are whole at that scale. Mutant: only scales above 2 drafted, this one decoded whole."""
    out = io.BytesIO()
    Image.new("L", (4096, 64), 255).save(out, "JPEG")
    image = Image.open(out)
    drafted(image)
    assert image.size == (2048, 32)


def _rgba16(values: np.ndarray) -> bytes:
    """A 16-bit RGBA PNG of ``values`` ([H, W, 4]), its rows unfiltered (Pillow writes none)."""
    height, width, _ = values.shape
    rows = values.astype(">u2").view(np.uint8).reshape(height, -1)
    raw = np.hstack([np.zeros((height, 1), np.uint8), rows]).tobytes()
    return hand_made_png(struct.pack(">IIBBBBB", width, height, 16, 6, 0, 0, 0), zlib.compress(raw))


def test_a_16_bit_colour_pictures_width_is_found_from_what_shows():
    """A 12-bit RGBA picture (a 7's grey ink of 1,000 on paper of 4,095) whose clear pixels hold colour 65,535 (no
    weight, and not shown) is read on the 12-bit scale its shown pixels need, as its 8-bit twin. Mutant: `>= 0` for
    `> 0`, the clear pixels' colour counted, the picture read on 16 bits: its paper 6 % grey."""
    grey = np.full((28, 28), 4095, np.int64)
    grey[5:8, 6:22] = 1000
    for row in range(8, 24):
        grey[row, 20 - row // 2 : 23 - row // 2] = 1000
    alpha = np.full(grey.shape, 65535)
    alpha[:, :2] = 0
    colour = np.where(alpha == 0, 65535, grey)
    values = np.dstack([colour, colour, colour, alpha])
    twin = np.dstack([np.round(grey * 255 / 4095)] * 3 + [alpha // 257]).astype(np.uint8)
    assert np.abs(to_mnist(read_picture_data(_rgba16(values))) - to_mnist(twin)).max() < 0.02


def _planar_rgb8(values: np.ndarray) -> bytes:
    """An uncompressed 8-bit RGB TIFF of ``values`` ([H, W, 3]) whose colours lie in separate planes, a strip each."""
    height, width, _ = values.shape
    planes = [values[:, :, band].astype(np.uint8).tobytes() for band in range(3)]
    entries = 10
    arrays_at = 8 + 2 + 12 * entries + 4  # the depths, the strips' offsets, their lengths; then the planes
    data_at = arrays_at + 6 + 12 + 12
    offsets = [data_at + k * len(planes[0]) for k in range(3)]
    tags = [(256, 4, 1, width), (257, 4, 1, height), (258, 3, 3, arrays_at), (259, 3, 1, 1), (262, 3, 1, 2)]
    tags += [(273, 4, 3, arrays_at + 6), (277, 3, 1, 3), (278, 4, 1, height), (279, 4, 3, arrays_at + 18)]
    tags += [(284, 3, 1, 2)]
    file = b"II*\0" + struct.pack("<I", 8) + struct.pack("<H", entries)
    file += b"".join(struct.pack("<HHII", *tag) for tag in tags) + struct.pack("<I", 0)
    file += struct.pack("<3H", 8, 8, 8) + struct.pack("<3I", *offsets) + struct.pack("<3I", *[len(planes[0])] * 3)
    return file + b"".join(planes)


def test_an_8_bit_tiff_of_separate_planes_is_read_by_pillow_as_it_is():
    """An 8-bit RGB TIFF whose colours lie in separate planes is Pillow's to read, each plane by its 8-bit raw mode:
    it reads as its PNG twin. Mutant: `>= 8` for `> 8`, its planes read as 16-bit ones (refused, or its bytes paired
    into noise)."""
    grey = np.full((28, 28), 230, np.uint8)
    grey[5:8, 6:22] = 20
    for row in range(8, 24):
        grey[row, 20 - row // 2 : 23 - row // 2] = 20
    values = np.dstack([grey, grey, grey // 2])
    assert np.array_equal(read_picture_data(_planar_rgb8(values)), read_picture_data(_png_data(values)))


def test_an_uncompressed_tiff_turned_a_quarter_by_exif_reads_as_its_png_twin(tmp_path):
    """An uncompressed TIFF 40 wide and 28 tall, turned a quarter by its EXIF (6), opened by its name and given as
    a PIL image (as to_mnist is), reads as its PNG twin: Pillow maps it from the file at the size it is decoded
    at, the stored one. Mutant: the stored size not set, the turned one's (28 × 40) mapped: rows from wrong bytes."""
    grey = np.full((28, 40), 230, np.uint8)
    grey[5:8, 6:30] = 20
    grey[8:24, 24:27] = 20
    tiff, png = tmp_path / "turned.tif", tmp_path / "turned.png"
    Image.fromarray(grey).save(tiff, tiffinfo={274: 6})
    exif = Image.Exif()
    exif[274] = 6
    Image.fromarray(grey).save(png, exif=exif)
    with Image.open(tiff) as opened:  # by its name, as to_mnist(Image.open(name)) is given it
        assert np.array_equal(pixels(opened), read_picture(png))
    assert read_picture(png).shape == (40, 28)


@pytest.mark.parametrize("dtype", [np.uint8, np.uint16, np.float32])
def test_a_one_band_tiff_marked_as_of_separate_planes_reads_as_one_plane(dtype):
    """A grey TIFF whose PlanarConfiguration says 2 (separate planes) holds, in one band, the same bytes as one of
    1: it reads as the same TIFF marked 1, by its bytes and as a PIL image given to to_mnist. Pillow decodes a plane
    by its raw mode's first letter, "I" of "I;16": a 16-bit one was "cannot read the image (unknown raw mode for
    given image mode)" (found as the mutant dropping `separate_planes`' one-band clause lived)."""
    grey = np.full((28, 28), 230, np.float64)
    grey[5:8, 6:22] = 20
    for row in range(8, 24):
        grey[row, 20 - row // 2 : 23 - row // 2] = 20
    scale = {np.uint8: 1, np.uint16: 16, np.float32: 1 / 255}[dtype]
    files = []
    for planar in (1, 2):
        out = io.BytesIO()
        Image.fromarray((grey * scale).astype(dtype)).save(out, "TIFF", tiffinfo={284: planar})
        files.append(out.getvalue())
    assert np.array_equal(read_picture_data(files[1]), read_picture_data(files[0]))
    read = [to_mnist(Image.open(io.BytesIO(data))) for data in files]
    assert read[0] is not None and np.array_equal(read[1], read[0])
