"""Files whose headers promise too much, refused before Pillow decodes them (some before it opens them): more pixels or
rows than this program reads (``check_picture_size``), or pixels that take more memory to read than a
picture may (``check_decoded_size``: 16-bit, float, JPEG 2000, colour), a PNG chunk (of an icon's PNG too) or JPEG,
Photoshop or FITS metadata that says it holds more than ``MAX_METADATA_BYTES``, a Netpbm or XPM header that runs on
past the first MiBs (PIL reads those a byte or a line at a time), a WebP or AVIF longer than any picture read here
(PIL reads those whole), a WebP's canvas, frames and chunks beyond what PIL's WebP reader should be handed
(``check_webp``), an icon whose pictures are too large (``check_icon``: PIL decodes one as it opens the file), a QOI
too short for its pixels (``qoi_too_short``) or of more pixels or bytes than PIL's Python decoder should be handed
(``check_qoi``), an RLE BMP longer to decode than a second (``check_decoded_size``: PIL's decoder of it is Python
too), and a PNG whose pixel data ends before its last row (its data inflated a piece at a time, counted
and dropped). A CUR's PNG is found here too (``cursor_png``), for the PNG reader and these checks. The others read
headers only. ``check_picture_size``, ``check_decoded_size``, ``check_webp``, ``check_icon`` and ``check_qoi`` say
why themselves (a :class:`~rowreader.picture_errors.TooLarge` where the size alone refuses the file), and so does a PNG
whose compressed data is broken; what the other checks find, :mod:`rowreader.picture_checks` words and raises, in the
one order the reader and ``too_large`` both walk.
"""

from __future__ import annotations

import contextlib
import heapq
import os
import re
import struct
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from PIL import Image, JpegImagePlugin, PngImagePlugin

from rowreader.picture_errors import PNG_SIGNATURE, PictureError, TooLarge, too_many_pixels
from rowreader.picture_pixels import JPEG_SCALES, drafted
from rowreader.picture_sixteen_bit import SIXTEEN_BIT_COLOUR, raw_mode, read_whole_values
from rowreader.preprocess import MAX_PIXELS

# Pillow keeps an 8-byte pointer for every row it decodes, so a tall picture costs 9 bytes a pixel: a PNG of 260 kB,
# 1 × 134 million pixels (within MAX_PIXELS), took 1.3 GB and 14 s to be "empty". Taller ones are refused from the
# header; a page scanned at 1,200 dpi is 13,200 rows.
MAX_ROWS = 2**17


def check_picture_size(width: int, height: int) -> None:
    """Refuse a picture too large to read, from the size in its header, before decoding: the app's Qt-only formats
    are checked here too, so every reader refuses the same pictures in the same words."""
    if width * height > MAX_PIXELS:
        raise TooLarge(too_many_pixels(f"{width}×{height}"))
    if height > MAX_ROWS:
        raise TooLarge(
            f"{width}×{height} pixels is more than the {MAX_ROWS:,} rows this program reads (scale the picture down "
            "first)"
        )


# The most bytes a picture may take to be read here (256 MiB), its pixels as decoded counted the way they are held
# (``decoded_bytes``). Counting pixels alone let a file of a MB or less take 0.6 to 1.6 GB: an 8-bit RGB PNG of
# 8,192 × 16,384 (431 kB) 605 MB and 2.8 s, a 16-bit grey one of 11,585² (289 kB) 826 MB and 4.9 s, a 16-bit RGBA one
# of 8,192 × 16,384 (1.07 MB) 1.33 GB and 21 s, a float TIFF of 8,192 × 16,384 (795 kB) 1.6 GB. An 8-bit grey
# picture at MAX_PIXELS takes half of it (182 MB at most, measured).
MAX_DECODED_BYTES = 2**28


def decoded_bytes(image: Image.Image, stored: tuple[int, int] | None = None) -> int:
    """What ``image`` (opened, not yet loaded; ``stored`` its size before any drafting, if it was drafted) takes to
    be read, counted from its size and mode: Pillow holds a
    byte a pixel for its 8-bit modes of one band, two for 16-bit grey and four for every other (several bands, 32-bit
    and float values), and an 8-bit picture is averaged from that a stripe at a time. Wider values are held whole
    three times over (Pillow's, NumPy's copy, averaged as floats: 6.2 and 12 bytes a pixel measured), and a 16-bit
    colour picture is decoded twice, its high bytes then its low, a 16-bit grey + alpha one once, four bytes a
    pixel each time, beside its stripes' values (5.2 bytes a pixel measured for grey + alpha, 9.5 to 12.4 for
    colour). A JPEG 2000 takes five bytes a value more, OpenJPEG's (6.2 and 20 bytes a pixel measured for grey
    and RGB: one of 11,585² white in 554 bytes took 838 MB and 4.1 s), an AVIF six a pixel more, its decoders' frames
    (one of 8,192² white in 1,196 bytes took 641 MB: 9.5 a pixel), and an RLE BMP two more, PIL's Python decoder's
    (one of 11,585², 241 kB of skips, took 435 MB). A progressive JPEG adds its coefficients
    (:func:`_jpeg_coefficients`)."""
    width, height = image.size
    if read_whole_values(image):
        return 6 * len(SIXTEEN_BIT_COLOUR[raw_mode(image)]) * width * height
    held = 1 if image.mode in ("1", "L", "P") else 2 if image.mode.startswith("I;16") else 4
    held *= 3 if image.mode.startswith(("I", "F")) else 1
    if image.format == "JPEG2000":  # OpenJPEG holds every value in 32 bits, and its wavelet's rows, beside Pillow's
        held += 5 * len(image.getbands())
    elif image.format == "AVIF":  # libavif's and dav1d's frames, beside Pillow's
        held += 6
    elif _codec(image) == "bmp_rle":  # PIL's Python decoder: a bytearray of every pixel's byte, and its copy
        held += 2
    return held * width * height + _jpeg_coefficients(image, stored or image.size)


def _jpeg_coefficients(image: Image.Image, stored: tuple[int, int]) -> int:
    """The bytes libjpeg holds for a progressive JPEG's DCT coefficients: two a sample, of every component at its
    sampling, over the whole picture, however small it is decoded (a white one of 11,585², drafted to half its size,
    took 335 MB grey and 565 MB RGB), ``stored`` its size; none for a baseline one, decoded a row of blocks at a
    time. None either for one whose sampling factors libjpeg refuses before it holds any (outside 1 to 4: a damaged
    header's 0 across in every component made this count "ZeroDivisionError: division by zero")."""
    if image.format not in ("JPEG", "MPO") or not image.info.get("progressive") or not getattr(image, "layer", None):
        return 0
    if not all(1 <= factor <= 4 for _, h, v, _ in image.layer for factor in (h, v)):
        return 0
    most = max(h for _, h, _, _ in image.layer) * max(v for _, _, v, _ in image.layer)
    samples = sum(h * v for _, h, v, _ in image.layer) / most  # a sample a pixel for each full-size component
    return int(2 * samples * stored[0] * stored[1])


# PIL's decoders that are Python, a pixel (or a 4 × 4 block) at a time, by codec: a gzip-compressed FITS of 3,000²
# (41 kB) took 4.5 s, and one of 11,585² would be 520 kB; a palette BLP of 1,024² (1 MB) 0.35 to 1.2 s; an RGBA DDS
# of 1,024² 3.1 s (of 512², 1 MB, 0.84 s).
PYTHON_DECODERS = {"fits_gzip": "FITS", "BLP1": "BLP", "BLP2": "BLP", "dds_rgb": "DDS"}
# The most pixels such a picture may hold here (512²): about a second's decoding at the slowest.
MAX_PYTHON_PIXELS = 2**18


def _codec(image: Image.Image) -> str | None:
    """The decoder PIL would decode ``image``'s (first) tile with, before it is loaded."""
    return image.tile[0].codec_name if image.tile else None


def check_decoded_size(image: Image.Image) -> None:
    """Refuse a picture that takes more than :data:`MAX_DECODED_BYTES` to read (:func:`decoded_bytes`), or, of a
    decoder PIL runs in Python (:data:`PYTHON_DECODERS`), more than :data:`MAX_PYTHON_PIXELS` pixels, from its
    header, before a pixel is decoded. A large JPEG is set here to be decoded at a fraction of its size (``drafted``)
    and counted at that, the refusal naming its own size."""
    width, height = image.size
    drafted(image)
    _draft_to_fit(image, (width, height))
    if (kind := PYTHON_DECODERS.get(_codec(image) or "")) and width * height > MAX_PYTHON_PIXELS:
        raise TooLarge(
            f"a {kind} picture of {width:,}×{height:,} pixels, more than the {MAX_PYTHON_PIXELS:,} such a picture may "
            "hold here (PIL decodes it in Python, a pixel at a time): save it as a PNG first"
        )
    _check_rle(image)
    if (held := decoded_bytes(image, (width, height))) > MAX_DECODED_BYTES:
        wide = read_whole_values(image) or image.mode.startswith(("I", "F"))
        raise TooLarge(
            f"a picture of {width:,}×{height:,} {_held_kind(image)} pixels would take about "
            f"{held / 2**20:,.0f} MB to read, more than the {MAX_DECODED_BYTES // 2**20} MB a picture may take here "
            f"(scale it down{' or save it at 8 bits a channel' if wide else ''} first)"
        )


# PIL's RLE BMP decoder is Python too, a step for every pixel of RLE4 (a 9,000² one of 666 kB took 6.4 s, 79 ns a
# pixel) and for every two bytes of RLE8 (one of 3,000² in runs of a pixel, 18 MB, 3.4 s): about a second's at most.
MAX_RLE4_PIXELS = 2**24
MAX_RLE8_BYTES = 2**22


def _check_rle(image: Image.Image) -> None:
    """Refuse an RLE BMP whose decoding takes PIL's Python decoder more than about a second (:data:`MAX_RLE4_PIXELS`,
    :data:`MAX_RLE8_BYTES`), from its header and the file's length: it was counted by its memory alone."""
    if _codec(image) != "bmp_rle" or image.fp is None:
        return
    width, height = image.size
    if image.tile[0].args[1]:  # RLE4
        if width * height > MAX_RLE4_PIXELS:
            raise TooLarge(
                f"an RLE4 BMP of {width:,}×{height:,} pixels, more than the {MAX_RLE4_PIXELS:,} such a picture may "
                "hold here (PIL decodes it in Python, a pixel at a time): save it as a PNG first"
            )
        return
    at = image.fp.tell()
    runs = image.fp.seek(0, os.SEEK_END) - image.tile[0].offset
    image.fp.seek(at)
    if min(runs, 2 * width * height) > MAX_RLE8_BYTES:
        raise TooLarge(
            f"an RLE8 BMP of {width:,}×{height:,} pixels in {runs:,} bytes of runs, more than the "
            f"{MAX_RLE8_BYTES // 2**20} MB such a picture may take here (PIL decodes it in Python, a run at a time): "
            "save it as a PNG first"
        )


def _draft_to_fit(image: Image.Image, stored: tuple[int, int]) -> None:
    """A JPEG ``drafted`` left at its size ``stored`` (its boxes' side odd), set to be decoded at the largest of
    libjpeg's scales at which it takes :data:`MAX_DECODED_BYTES` or less, where whole it would take more: a camera's
    photo of 50 to 70 MP (9,504 × 6,336 saved progressive, 10,000 × 7,000), boxes of 5, was refused as "would take
    about 402 MB to read", where one of 8,192 × 5,464 was read at a quarter. Its boxes are then the drafted
    picture's own; one that fits whole is left whole, its reading unchanged."""
    if not isinstance(image, JpegImagePlugin.JpegImageFile) or image.size != stored:
        return
    coefficients = _jpeg_coefficients(image, stored)  # held whatever the scale
    if (held := decoded_bytes(image, stored) - coefficients) + coefficients <= MAX_DECODED_BYTES:
        return
    scale = next((s for s in reversed(JPEG_SCALES) if held // s**2 + coefficients <= MAX_DECODED_BYTES), None)
    if scale is not None:  # else refused, at its own size
        image.draft(image.mode, (max(1, stored[0] // scale), max(1, stored[1] // scale)))


def _held_kind(image: Image.Image) -> str:
    """A picture's kind of pixels, in words, as :func:`check_decoded_size` names it."""
    if read_whole_values(image):
        return "16-bit colour" if "RGB" in image.mode else "16-bit grey and alpha"
    if image.mode.startswith("I;16"):
        return "16-bit grey"
    kinds = {"1": "1-bit", "L": "8-bit grey", "P": "palette", "I": "32-bit grey", "F": "floating-point grey"}
    return kinds.get(image.mode, image.mode)


# The most bytes one chunk of a PNG other than its image data may say it holds: Pillow reads such a chunk whole, so
# a PNG of 4 kB on disk (a sparse file) whose one unknown chunk said 1.5 GB took 3 GB and 11 s to be called damaged
# (4.4 GB and 22 s as an ICC profile). Pillow's own limit on a PNG's text, all chunks together.
MAX_METADATA_BYTES = PngImagePlugin.MAX_TEXT_MEMORY


@contextmanager
def _from_its_start(source: Path | BinaryIO) -> Iterator[tuple[BinaryIO, int]]:
    """``source`` opened, or as given, at its first byte, with its length in bytes; a file given is left where it
    was (it is read again afterwards): what the checks of a file's headers before Pillow opens it share."""
    with source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source) as file:
        start = file.tell()
        try:
            length = file.seek(0, os.SEEK_END)
            file.seek(0)
            yield file, length
        finally:
            file.seek(start)


def png_chunk_too_long(source: Path | BinaryIO) -> tuple[str, int, str] | None:
    """The type and length of a PNG's first chunk other than image data (IDAT) that says it holds more than
    :data:`MAX_METADATA_BYTES` bytes, and the file has them, found from the chunks' headers alone, with where the PNG
    lies ("" in a PNG file, else " inside an ICO icon", " inside a CUR cursor" or " inside an ICNS icon"); None for
    one that holds none, and for what is no PNG (or ends before its chunks are walked: Pillow words that). A PNG
    inside an icon or a cursor is walked too:
    Pillow reads it as it reads a PNG file, and an ICO of 8 kB on disk holding one whose tEXt chunk said 1 GB took
    3.9 s and 3.0 GB to be called damaged."""
    try:
        with _from_its_start(source) as (file, end):
            if (head := file.read(len(PNG_SIGNATURE))) == PNG_SIGNATURE:
                found = _chunk_too_long(file, [len(PNG_SIGNATURE)], end, "")
                return None if found is None else (*found, "")
            pictures = _icon_pictures(file, end)
            starts = []
            for at, _length, _bitmap in pictures:
                file.seek(at)
                if file.read(len(PNG_SIGNATURE)) == PNG_SIGNATURE:
                    starts.append(at + len(PNG_SIGNATURE))
            if starts and (found := _chunk_too_long(file, starts, end, _INSIDE[head[:4]])) is not None:
                return (*found, _INSIDE[head[:4]])
    except OSError:
        return None
    return None


# Where a PNG lies that an icon or a cursor holds, as png_chunk_too_long says it
_INSIDE = {b"\0\0\1\0": " inside an ICO icon", b"\0\0\2\0": " inside a CUR cursor", b"icns": " inside an ICNS icon"}


# The most chunks besides its pixel data (IDAT, an APNG's fdAT) a PNG may hold: PIL reads each in Python (its header,
# its CRC, a handler) as it opens or loads the file, so a 12 MB PNG of a 7 among a million empty chunks of an unknown
# kind took 10.3 s to be read (300,000 empty tEXt chunks, 3.9 s). An APNG's every frame has one (its fcTL): this is as
# many as an animation of 65,536 frames (the most a WebP may have here) and a dozen others hold.
MAX_PNG_CHUNKS = 2**16 + 16


def _chunk_too_long(file: BinaryIO, starts: list[int], end: int, where: str) -> tuple[str, int] | None:
    """:func:`png_chunk_too_long`'s walk of the chunks of the PNGs whose first chunks begin at ``starts`` in
    ``file`` (``end`` bytes long). They are walked together in the file's order, a chunk reached from several once:
    an icon's PNGs each stepping over the next to one chain of chunks walked it once for each (an ICO of 300 such
    PNGs and 3,000 empty chunks made 900,000 reads; of 65,535 and a million, 13 MB, it would be 6.5e10). More than
    :data:`MAX_PNG_CHUNKS` chunks besides the pixel data, or of it (IDAT: 83,000 empty ones after a 28 × 28's took
    1.2 s to be read), are refused here, saying ``where`` the PNGs lie."""
    heap = sorted(set(starts))  # a sorted list is a heap
    last, others, pixel_data = -1, 0, 0
    while heap:
        if (at := heapq.heappop(heap)) == last:  # walks meeting here go on as one (each goes only forward)
            continue
        last = at
        file.seek(at)
        if len(head := file.read(8)) < 8:
            continue
        length, kind = struct.unpack(">I4s", head)
        if kind == b"IEND":
            continue
        if kind == b"IDAT" and (pixel_data := pixel_data + 1) > MAX_PNG_CHUNKS:
            raise PictureError(
                f"a damaged PNG picture{where}: its pixel data is split into more than {MAX_PNG_CHUNKS:,} chunks "
                "(IDAT), more than any encoder writes (PIL reads every one, in Python)"
            )
        if kind not in (b"IDAT", b"fdAT"):
            # past the file's end, Pillow stops where the file does: damaged, in its words
            if MAX_METADATA_BYTES < length <= end - at - 8:
                return kind.decode("latin-1"), length
            if (others := others + 1) > MAX_PNG_CHUNKS:
                raise PictureError(
                    f"a damaged PNG picture{where}: more than {MAX_PNG_CHUNKS:,} chunks besides its pixel data, more "
                    "than an animation of 65,536 frames holds (PIL reads every one, in Python, as it opens the file)"
                )
        heapq.heappush(heap, at + 8 + length + 4)
    return None


def jpeg_metadata_too_long(source: Path | BinaryIO) -> int | None:
    """How many bytes a JPEG's metadata segments (APP0 to APP15, comments) before its first scan hold together, where
    that is more than :data:`MAX_METADATA_BYTES` and the file has them, found from the segments' headers alone; None
    for less, and for what is no JPEG. PIL keeps every such segment: a 7 of 600 bytes behind 16,000 empty ones of
    64 kB (a sparse file of 1 GB, 63 MB on disk) took 1 GB and 3.9 s to be read. More than :data:`MAX_JPEG_WALKED`
    bytes between the segments, which PIL walks a byte at a time, and more than :data:`MAX_JPEG_SEGMENTS` segments,
    which it reads in Python, are refused here."""
    try:
        with _from_its_start(source) as (file, end):
            total = walked = segments = 0
            if file.read(2) != b"\xff\xd8":
                return None
            while (
                (walked := walked + _to_jpeg_marker(file)) <= MAX_JPEG_WALKED
                and len(head := file.read(2)) == 2
                and head[1] != 0xDA  # the first scan
            ):
                if (marker := JpegImagePlugin.MARKER.get(0xFF00 | head[1])) is None:  # PIL stops: "no marker found"
                    return None
                if marker[2] is None:  # no length (as JPEG_MARKER skips them): nothing to skip
                    continue
                if (segments := segments + 1) > MAX_JPEG_SEGMENTS:
                    raise PictureError(
                        f"a damaged JPEG picture: more than {MAX_JPEG_SEGMENTS:,} segments before its pixel data, "
                        "more than any picture's metadata takes (PIL reads every one, in Python, as it opens the file)"
                    )
                length = int.from_bytes(file.read(2), "big")
                if 0xE0 <= head[1] <= 0xEF or head[1] == 0xFE:
                    total += length
                    if total > MAX_METADATA_BYTES and file.tell() + length - 2 <= end:
                        return total
                file.seek(max(length - 2, 0), os.SEEK_CUR)
    except OSError:
        return None
    if walked > MAX_JPEG_WALKED:
        raise PictureError(
            f"a damaged JPEG picture: {walked:,} bytes or more between its segments belong to none of them, more than "
            f"the {MAX_JPEG_WALKED // 2**20} MB such bytes may take here (PIL walks them a byte at a time)"
        )
    return None


# The next JPEG marker PIL reads a length of, or stops at: 0xFF and a code that is not 0x00 (a stuffed 0xFF), 0xFF (a
# fill byte) or one of PIL's markers of no length (C8, RST0 to RST7, SOI, EOI, F0 to FD), which it walks past.
JPEG_MARKER = re.compile(rb"\xff[^\x00\xff\xc8\xd0-\xd9\xf0-\xfd]")
# The most bytes a JPEG may hold between its segments (fill bytes, junk, markers of no length): PIL walks them a byte
# at a time, so 16 MB of zeros after a 7's first segment (a sparse file) took 6.6 s to open, and 1 GB minutes.
MAX_JPEG_WALKED = 2**20
# The most segments a JPEG may hold before its first scan: PIL reads each in Python and keeps each APPn, so a 4 MB
# JPEG of a 7 behind a million empty APP5 segments took 6.9 s and 186 MB to be read (a million comments, 6.2 s). A
# camera's hold a dozen or so; an ICC profile split into the most pieces, 255.
MAX_JPEG_SEGMENTS = 2**16


def _to_jpeg_marker(file: BinaryIO) -> int:
    """How many bytes ``file`` walked past to the JPEG's next marker (:data:`JPEG_MARKER`), then at it (or at the
    end, none following). PIL walks past what is no such marker (fill bytes of 0xFF, which the standard allows, a
    stuffed 0xFF 0x00, junk, markers of no length, even an end of image): the count of metadata stopped at any of
    these, so one before each of 16,000 empty segments of 64 kB hid them all, and a sparse file of 1 GB took 1 GB and
    4 to 12 s to be read. Searched in pieces that double, from two bytes (the marker is usually right there) to a MiB,
    stopping once past :data:`MAX_JPEG_WALKED`."""
    start, piece = file.tell(), 2
    while block := file.read(piece):
        if (found := JPEG_MARKER.search(block)) is not None:
            file.seek(found.start() - len(block), os.SEEK_CUR)
            break
        if len(block) < piece or file.tell() - start > MAX_JPEG_WALKED:
            break
        if block.endswith(b"\xff"):  # the next piece tells whether it begins a marker
            file.seek(-1, os.SEEK_CUR)
        piece = min(2 * piece, 2**20)
    return file.tell() - start


def psd_metadata_too_long(source: Path | BinaryIO) -> int | None:
    """The length a Photoshop file's colour-mode data or image resources say they take (the sections before its
    layers), where that is more than :data:`MAX_METADATA_BYTES` and the file has them; None for less, and for what is
    no PSD. PIL reads both whole as it opens the file: a header whose colour-mode data said 3 GB (a sparse file) took
    3.2 GB and 23 s to be read as a blank page. More than :data:`MAX_PSD_RESOURCES` image resources are refused here."""
    try:
        with _from_its_start(source) as (file, end):
            if file.read(6) != b"8BPS\x00\x01":
                return None
            file.seek(26)
            for _ in range(2):  # the colour-mode data, then the image resources
                if len(head := file.read(4)) < 4:
                    return None
                length = int.from_bytes(head, "big")
                if MAX_METADATA_BYTES < length <= end - file.tell():
                    return length
                start = file.tell()
                file.seek(length, os.SEEK_CUR)
            blocks = _psd_resource_blocks(file, start, length)
    except OSError:
        return None
    if blocks > MAX_PSD_RESOURCES:
        raise PictureError(
            f"a damaged Photoshop picture: its image resources hold more than {MAX_PSD_RESOURCES:,} blocks, more than "
            "a picture's metadata may take here"
        )
    return None


# The most image resource blocks a Photoshop file may hold: PIL keeps each as it opens the file, so 60 MB of empty ones
# (5.2 million, a sparse file, under MAX_METADATA_BYTES) took 401 MB and 13 s to be read as a 28×28 picture. Photoshop's
# documented resource ids, a block each, number fewer than 4,000.
MAX_PSD_RESOURCES = 2**16


def _psd_resource_blocks(file: BinaryIO, start: int, length: int) -> int:
    """How many image resource blocks PIL reads from a Photoshop file's ``length`` bytes of them at ``start``, walked
    as PIL walks them (a signature, an id, a name padded to even, a length, data padded to even), counted to one
    past :data:`MAX_PSD_RESOURCES` at most."""
    file.seek(start)
    blocks = 0
    while file.tell() < start + length and blocks <= MAX_PSD_RESOURCES:
        file.seek(6, os.SEEK_CUR)  # the signature and the id
        if len(name := file.read(1)) < 1:
            break
        file.seek(name[0] + 1 - name[0] % 2, os.SEEK_CUR)  # PIL reads a padding byte after a name of even length
        if len(size := file.read(4)) < 4:
            break
        file.seek(int.from_bytes(size, "big") + int.from_bytes(size, "big") % 2, os.SEEK_CUR)
        blocks += 1
    return blocks


FITS_CARD = 80  # a FITS header is 80-byte cards up to one named END


def fits_header_too_long(source: Path | BinaryIO) -> bool:
    """Whether a FITS file holds no END card in its first :data:`MAX_METADATA_BYTES` bytes, and more bytes than
    those: PIL reads its header a card at a time to the end, so one card and 1 GB of nothing (a sparse file) took
    24 s to be called cut off. False for what is no FITS file, and for one shorter (PIL words it)."""
    try:
        with _from_its_start(source) as (file, _end):
            if file.read(6) != b"SIMPLE":
                return False
            file.seek(0)
            read = 0
            while read < MAX_METADATA_BYTES and (block := file.read(FITS_CARD * 2**14)):  # whole cards
                at = block.find(b"END     ")
                while at >= 0 and at % FITS_CARD:
                    at = block.find(b"END     ", at + 1)
                if at >= 0:
                    return False
                read += len(block)
            return bool(file.read(1))
    except OSError:
        return False


# Pillow reads a Netpbm header (PBM, PGM, PPM, PFM) a byte at a time and lets a comment, or the white space between its
# numbers, run on: 0.3 s a megabyte (a PGM whose comment held 50 MB took 15 s to be read as a blank page, a sparse file
# of 1 GB after its "#" minutes). GIMP's header, its comment included, is some 60 bytes.
MAX_PPM_HEADER_BYTES = 2**20
# A Netpbm header's magic number (up to 6 bytes, as PIL reads it), then its numbers, each after white space or comments
_NETPBM_MAGIC = re.compile(rb"[^ \t\n\v\f\r]{1,6}")
_NETPBM_NUMBER = re.compile(rb"(?:[ \t\n\v\f\r]|#[^\r\n]*+[\r\n])*+[^ \t\n\v\f\r#]")


def netpbm_header_too_long(source: Path | BinaryIO) -> bool:
    """Whether a Netpbm file's header (its magic number, then its size and, but for a bitmap's, its largest value or
    scale) does not end in its first :data:`MAX_PPM_HEADER_BYTES`, and the file goes on past them. False for what is
    no Netpbm file (PIL's own test: "P", then one of 0123456fy), and for a shorter one (PIL reads no more than it)."""
    try:
        with _from_its_start(source) as (file, _end):
            head = file.read(MAX_PPM_HEADER_BYTES + 1)
    except OSError:
        return False
    if len(head) <= MAX_PPM_HEADER_BYTES or head[:1] != b"P" or head[1] not in b"0123456fy":
        return False
    magic = _NETPBM_MAGIC.match(head)
    at = magic.end() if magic else 0
    for _ in range(2 if head[:at] in (b"P1", b"P4") else 3):
        if (number := _NETPBM_NUMBER.match(head, at)) is None:
            return True
        at = number.end()
    return False


# Pillow reads an XPM a line at a time up to its header line, then a line for each colour that header names, each line
# whole: 50 million empty lines before the header took 11.7 s, 300 MB of nothing after "/* XPM */" 663 MB. Its header
# and colour table end here within 4 MiB (65,536 colours at 64 bytes a line).
MAX_XPM_HEADER_BYTES = 2**22
_XPM_HEAD = re.compile(rb'(?:\A|\n)"([0-9]*) ([0-9]*) ([0-9]*) ([0-9]*)')  # PIL's own, at a line's start


def xpm_header_too_long(source: Path | BinaryIO) -> bool:
    """Whether an XPM's header line and the colour table after it (a line for each colour the header names) do not
    end in its first :data:`MAX_XPM_HEADER_BYTES`, and the file goes on past them; the lines found as PIL finds them
    (PIL's first starts after "/* XPM */"). False for what is no XPM, and for a shorter one (PIL reads no more)."""
    try:
        with _from_its_start(source) as (file, _end):
            head = file.read(MAX_XPM_HEADER_BYTES + 1)
    except OSError:
        return False
    if len(head) <= MAX_XPM_HEADER_BYTES or not head.startswith(b"/* XPM */"):
        return False
    if (header := _XPM_HEAD.search(head[9:])) is None or len(colours := header[3]) > 9:
        return True  # no header line in the first MiBs, or more colours than they could hold
    return head.count(b"\n", 9 + header.end()) < int(colours or 0) + 1  # the header line's end, then each colour's


# PIL reads every WebP, still or animated, through libwebp's animation decoder, which holds the canvas twice as RGBA,
# and copies each frame twice more: 16 bytes a canvas pixel, four times what MAX_PIXELS stands for (a still WebP of
# 8,192² took 1,063 MB; an animated one of 216 bytes whose canvas says 3,145,756 × 28, 88 Mpx, 1.4 GB and 7.7 to 13 s
# for a first frame of 16 × 16). A WebP is held to what any picture may take to read (a still one of 5,792², within
# the quarter of MAX_PIXELS it was held to, took 564 MB and 1.5 s): 4,096².
MAX_WEBP_PIXELS = MAX_DECODED_BYTES // 16
# libwebp indexes every frame of an animated WebP as PIL opens it, though only the first is read: 5 million frames of
# 16 × 16 (250 MB) took 973 MB and 2.8 s. An animation of more frames (18 minutes at 60 a second) is refused, counted
# from the chunks' headers (at most this many read).
MAX_WEBP_FRAMES = 2**16
# libwebp indexes every other chunk of an extended WebP too, and PIL looks through them for its metadata: 10 million
# empty chunks of an unknown kind (80 MB, a still picture among them) took 64 s and 496 MB to be read (65,536: 0.6 s).
# A frame each, and the few others a WebP holds (ANIM, ICCP, EXIF, XMP, ALPH, its picture).
MAX_WEBP_CHUNKS = MAX_WEBP_FRAMES + 16


def check_webp(source: Path | BinaryIO) -> None:
    """Refuse a WebP whose canvas holds more than :data:`MAX_WEBP_PIXELS` pixels, whose animation more than
    :data:`MAX_WEBP_FRAMES` frames, or that holds more than :data:`MAX_WEBP_CHUNKS` chunks, from its chunks'
    headers, before PIL opens it (it reads the file whole and indexes every chunk then); ``check_picture_size``
    still applies. Anything that is no WebP, or whose header cannot be read, is PIL's to word."""
    try:
        with _from_its_start(source) as (file, _end):
            head = file.read(30)
            if len(head) < 30 or head[:4] != b"RIFF" or head[8:12] != b"WEBP":
                return
            if (size := _webp_canvas(head)) is None:
                return
            chunks, frames = (
                _webp_chunks(file, 20 + int.from_bytes(head[16:20], "little")) if head[12:16] == b"VP8X" else (1, 1)
            )
    except OSError:
        return
    if size[0] * size[1] > MAX_WEBP_PIXELS:
        raise TooLarge(
            f"a WebP of {size[0]}×{size[1]} pixels, more than the {MAX_WEBP_PIXELS:,} a WebP may hold here (PIL "
            "decodes a WebP at 16 bytes a pixel, four times another picture's): scale it down or save it as a PNG first"
        )
    if frames > MAX_WEBP_FRAMES:
        raise TooLarge(
            f"an animated WebP of more than {MAX_WEBP_FRAMES:,} frames (PIL indexes every frame as it opens the file, "
            "though only the first is read): save its first frame on its own"
        )
    if chunks > MAX_WEBP_CHUNKS:
        raise PictureError(
            f"a damaged WebP picture: more than {MAX_WEBP_CHUNKS:,} chunks follow its header, more than a WebP of "
            f"{MAX_WEBP_FRAMES:,} frames holds (PIL indexes every one as it opens the file)"
        )


def _webp_canvas(head: bytes) -> tuple[int, int] | None:
    """A WebP's canvas from its first 30 bytes, as libwebp reads it: an extended file's (VP8X: 24 bits a side, less
    one), or its one picture's, lossless (VP8L: 14 bits a side, less one) or lossy (VP8: 14 bits a side)."""
    kind = head[12:16]
    if kind == b"VP8X":
        return int.from_bytes(head[24:27], "little") + 1, int.from_bytes(head[27:30], "little") + 1
    if kind == b"VP8L" and head[20] == 0x2F:
        bits = int.from_bytes(head[21:25], "little")
        return (bits & 0x3FFF) + 1, ((bits >> 14) & 0x3FFF) + 1
    if kind == b"VP8 " and head[23:26] == b"\x9d\x01\x2a":
        return int.from_bytes(head[26:28], "little") & 0x3FFF, int.from_bytes(head[28:30], "little") & 0x3FFF
    return None


def _webp_chunks(file: BinaryIO, start: int) -> tuple[int, int]:
    """How many chunks an extended WebP holds after its VP8X chunk (which ends at ``start``, unpadded), and how many of
    them are frames (ANMF), counted to one past :data:`MAX_WEBP_CHUNKS` at most (0.14 to 0.21 s at a load of 13)."""
    file.seek(start + start % 2)  # chunks are padded to even
    chunks = frames = 0
    while chunks <= MAX_WEBP_CHUNKS and len(head := file.read(8)) == 8:
        chunks, frames = chunks + 1, frames + (head[:4] == b"ANMF")
        length = int.from_bytes(head[4:], "little")
        file.seek(length + length % 2, os.SEEK_CUR)
    return chunks, frames


def check_icon(source: Path | BinaryIO) -> None:
    """Refuse an icon (ICO, or Apple's ICNS) or a CUR cursor whose pictures' own headers say more pixels or rows
    than are read (``check_picture_size``), or a PNG among them more memory to read than a PNG file may
    (:func:`_check_icon_png`), before PIL opens it: PIL decodes an ICO's largest picture as it opens the file and an
    ICNS's as it loads it, their size taken from the icon's directory (256 or 1,024 at most), so an ICO saying
    16 × 16 around an RGBA PNG of 13,000² took 2.8 s and 683 MB to be refused, an ICNS 3.8 s and 683 MB to be
    called one of no allowed size. A PNG's size is read from its IHDR, a bitmap's from its header (its height holds
    the mask too, as PIL halves it), a JPEG 2000's from its codestream's SIZ or its ihdr box. An ICNS's JPEG 2000
    picture PIL reads whole, as long as its entry says: one of 32 × 32 followed by a sparse gigabyte took 2.8 s and
    1.0 GB to be read, so one longer than :data:`MAX_METADATA_BYTES` (no icon's is) is refused. A cursor's PNG, which
    the PNG reader reads (:func:`cursor_png`), of 20,000² was "a damaged CUR cursor" and not counted too large. An
    ICO's bitmap is held to what its decoding takes (:func:`_check_ico_bitmap`)."""
    sizes, whole, pngs, bitmaps = [], [], [], []
    try:
        with _from_its_start(source) as (file, end):
            ico = file.read(4) == b"\0\0\1\0"  # a CUR's bitmap PIL decodes as it loads it, counted then
            if len(pictures := _icon_pictures(file, end)) > MAX_ICON_PICTURES and not pictures[0][2]:
                raise PictureError(f"an ICNS icon of more than {MAX_ICON_PICTURES:,} pictures: no icon holds so many")
            for at, length, bitmap in pictures:
                file.seek(at)
                sizes.append(_icon_picture_size(head := file.read(128), bitmap))
                if not bitmap and head.startswith(JPEG_2000_STARTS) and min(length, end - at) > MAX_METADATA_BYTES:
                    whole.append(min(length, end - at))
                if head.startswith(PNG_SIGNATURE):
                    pngs.append(at)
                elif ico and (bitmap_header := _bitmap_header(head)) is not None:
                    bitmaps.append(bitmap_header)
            if whole:
                raise TooLarge(
                    f"an ICNS icon holding a JPEG 2000 picture of {whole[0]:,} bytes, more than the "
                    f"{MAX_METADATA_BYTES // 2**20} MB any icon's picture takes here (PIL reads such a picture whole)"
                )
            for size in sizes:
                if size is not None:
                    check_picture_size(*size)
            for at in pngs:
                _check_icon_png(file, at)
            for bitmap_header in bitmaps:
                _check_ico_bitmap(*bitmap_header)
    except OSError:
        return


def _check_ico_bitmap(width: int, height: int, bits: int) -> None:
    """Refuse an ICO's Windows bitmap of ``width`` × ``height`` pixels (its mask's rows left out) of ``bits`` bits
    that takes more than :data:`MAX_DECODED_BYTES` to read, from its header: PIL decodes it as it opens the icon, and
    only then was its RGBA picture counted (a 32-bit one of 9,000², a 330 MB file, took 734 MB and 2.5 s to be
    refused as "about 309 MB"; cut off, it was "a damaged ICO icon"). PIL holds its pixels (a byte each for 8 bits or
    fewer, else four), the AND mask's or, for 32 bits, the file's bytes read again for their alpha, then the RGBA
    picture made of them: 6.1 and 9.0 bytes a pixel measured."""
    held = (6 if bits <= 8 else 9) * width * height
    if held > MAX_DECODED_BYTES:
        raise TooLarge(
            f"an ICO icon's {bits}-bit bitmap of {width:,}×{height:,} pixels would take about {held / 2**20:,.0f} MB "
            f"to read, more than the {MAX_DECODED_BYTES // 2**20} MB a picture may take here (scale it down first)"
        )


def _check_icon_png(file: BinaryIO, at: int) -> None:
    """Refuse an icon's PNG (at ``at`` in ``file``) that takes more to read than a PNG file may
    (:func:`check_decoded_size`), from its header, opened as PIL's icon readers open it: they decode it whole as they
    open or load the icon, before its size is asked (an ICO of an RGBA PNG of 11,000², 2 MB, took 524 MB and 0.5 s
    to be refused, an ICNS as much to be "not one of the allowed sizes"). A damaged one is PIL's to word."""
    file.seek(at)
    try:
        png = PngImagePlugin.PngImageFile(file)  # not closed: the file is the caller's
    except (OSError, SyntaxError, ValueError):
        return
    check_decoded_size(png)


# How a JPEG 2000 picture in an ICNS begins, as PIL's reader tells one (a codestream, or a JP2 file)
JPEG_2000_STARTS = (b"\xff\x4f\xff\x51", b"\x0d\x0a\x87\x0a", b"\0\0\0\x0cjP  \r\n\x87\n")


# The most pictures an icon may hold here: an ICO listing 65,535 (1 MB) took 1.7 to 1.9 s to be read, its directory
# walked by PIL and by the checks here; an icon holds a few sizes, a dozen or so. An ICNS's entries are counted to as
# many: PIL walks every one, keeping the last of each type, so the pictures past this many would go unchecked.
MAX_ICON_PICTURES = 4096


def _icon_pictures(file: BinaryIO, end: int) -> list[tuple[int, int, bool]]:
    """Where each picture of an ICO, a CUR or an ICNS (``file``, ``end`` bytes long) begins, the bytes its entry says
    it holds, and whether it is an ICO's or a CUR's (whose bitmap's height holds its mask too), as PIL's readers find
    them; none for any other file. An ICO or a CUR listing more than :data:`MAX_ICON_PICTURES` is refused here."""
    file.seek(0)
    head = file.read(8)
    if head[:4] in (b"\0\0\1\0", b"\0\0\2\0"):  # an ICO or a CUR, as PIL's readers accept them: 16-byte entries
        if (count := int.from_bytes(head[4:6], "little")) > MAX_ICON_PICTURES:
            kind = "an ICO icon" if head[2] == 1 else "a CUR cursor"
            raise PictureError(
                f"{kind} listing {count:,} pictures, more than the {MAX_ICON_PICTURES:,} an icon may hold here "
                "(PIL reads every entry of its directory, in Python, as it opens the file)"
            )
        file.seek(6)
        entries = [file.read(16) for _ in range(count)]
        return [(int.from_bytes(e[12:16], "little"), int.from_bytes(e[8:12], "little"), True) for e in entries]
    pictures: list[tuple[int, int, bool]] = []
    if head[:4] == b"icns":  # an ICNS: entries of a type and a length (its own 8 bytes too), as PIL walks them
        at, stop = 8, min(end, int.from_bytes(head[4:], "big"))
        while at < stop and len(pictures) <= MAX_ICON_PICTURES:  # one more than check_icon takes
            file.seek(at)
            if len(entry := file.read(8)) < 8 or not (length := int.from_bytes(entry[4:], "big")):
                break  # PIL refuses the icon
            pictures.append((at + 8, max(length - 8, 0), False))
            at += length  # PIL steps by it, less than 8 too
    return pictures


def cursor_png(source: Path | BinaryIO) -> bytes | None:
    """The PNG inside a CUR cursor, the picture Pillow's cursor reader would pick (the first, or a later one larger
    both ways), for the PNG reader and its checks: Pillow reads a cursor of a bitmap only (a PNG cursor was "cut
    off"), and Qt, which the app then asked, wrote libpng's "libpng error: …" to stderr of a damaged one. None for
    anything else, and for a PNG said to be longer than :data:`MAX_METADATA_BYTES` (no cursor's is)."""
    try:
        with _from_its_start(source) as (file, _end):
            head = file.read(6)
            if head[:4] != b"\0\0\2\0":
                return None
            chosen = b""
            for entry in [file.read(16) for _ in range(int.from_bytes(head[4:6], "little"))]:
                if not chosen or (len(entry) == 16 and entry[0] > chosen[0] and entry[1] > chosen[1]):
                    chosen = entry
            length = int.from_bytes(chosen[8:12], "little")
            if len(chosen) < 16 or not len(PNG_SIGNATURE) <= length <= MAX_METADATA_BYTES:
                return None
            file.seek(int.from_bytes(chosen[12:16], "little"))
            if (signature := file.read(len(PNG_SIGNATURE))) != PNG_SIGNATURE:  # read whole, 60 MB of zeros took 61
                return None
            return signature + file.read(length - len(signature))
    except OSError:
        return None


def _icon_picture_size(head: bytes, bitmap: bool) -> tuple[int, int] | None:
    """The size an icon's picture says it has, from its first 128 bytes: a PNG's, a JPEG 2000 codestream's or file's,
    or, in an ICO (``bitmap``), a Windows bitmap's (whose height holds its mask too); None for anything else."""
    if head[:8] == PNG_SIGNATURE and len(head) >= 24:
        return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")
    if head[:4] == b"\xff\x4f\xff\x51" and len(head) >= 24:  # SIZ: the canvas less its offset
        width, height, left, top = struct.unpack(">IIII", head[8:24])
        return width - left, height - top
    if (box := head.find(b"ihdr")) >= 0 and head[:12] == b"\0\0\0\x0cjP  \r\n\x87\n" and len(head) >= box + 12:
        height, width = struct.unpack(">II", head[box + 4 : box + 12])
        return width, height
    if bitmap and (bitmap_header := _bitmap_header(head)) is not None:
        return bitmap_header[:2]
    return None


def _bitmap_header(head: bytes) -> tuple[int, int, int] | None:
    """The width, height and bits a pixel of the Windows bitmap beginning ``head``, as an icon holds one: its height
    halved, the AND mask's rows left out, as PIL halves it; None for anything else."""
    if len(head) < 12 or int.from_bytes(head[:4], "little") not in (12, 40, 52, 56, 64, 108, 124):
        return None
    if int.from_bytes(head[:4], "little") == 12:  # an OS/2 core header: 16-bit sizes
        width, height, _planes, bits = struct.unpack("<HHHH", head[4:12])
        return width, height // 2, bits
    width, height = struct.unpack("<ii", head[4:12])
    return abs(width), abs(height) // 2, int.from_bytes(head[14:16], "little")  # cut off before its bits: 0


# Pillow's QOI reader is Python, a byte at a time, into a bytearray of every pixel's bytes (the picture's pixels
# besides): a QOI claiming 11,000² whose data was cut in half took 3.0 s and 463 MB to be called cut off. No QOI holds
# more than 62 pixels a byte (a run), so one shorter than that is refused from its header and length.
QOI_MOST_PIXELS_A_BYTE = 62


# The decoder holds each pixel's bytes twice, its bytearray then the picture (a white 11,000² QOI, whole, took 877 MB
# and 4.0 to 5.4 s to be read as "no ink"), and takes about a microsecond an op, of a byte to five: a QOI is held to
# an eighth of MAX_PIXELS (4,096², some 130 MB of RGBA twice) and to a MiB (about a second of ops), checked from its
# header and its length before Pillow opens it. Qt reads no QOI, so the app has no other way in.
MAX_QOI_PIXELS = MAX_PIXELS // 8
MAX_QOI_BYTES = 2**20


def _qoi_size(source: Path | BinaryIO) -> tuple[int, int, int] | None:
    """A QOI's width and height, from its header, and its length in bytes; None for any other file."""
    try:
        with _from_its_start(source) as (file, end):
            head = file.read(14)
    except OSError:
        return None
    if len(head) < 14 or head[:4] != b"qoif":
        return None
    return (*struct.unpack(">II", head[4:12]), end)


def qoi_too_short(source: Path | BinaryIO) -> tuple[int, int] | None:
    """The size a QOI's header claims where its data (after the 14-byte header) is too short to hold that many
    pixels at :data:`QOI_MOST_PIXELS_A_BYTE`; None for any other file."""
    if (size := _qoi_size(source)) is None:
        return None
    width, height, end = size
    return (width, height) if end - 14 < -(-width * height // QOI_MOST_PIXELS_A_BYTE) else None


def check_qoi(source: Path | BinaryIO) -> None:
    """Refuse a QOI of more than :data:`MAX_QOI_PIXELS` pixels or :data:`MAX_QOI_BYTES` bytes, from its header and
    length, before PIL opens it; anything that is no QOI passes."""
    if (size := _qoi_size(source)) is None:
        return
    width, height, end = size
    if width * height > MAX_QOI_PIXELS:
        raise TooLarge(
            f"a QOI of {width}×{height} pixels, more than the {MAX_QOI_PIXELS:,} a QOI may hold here (PIL decodes a "
            "QOI in Python, holding its pixels twice): scale it down or save it as a PNG first"
        )
    if end > MAX_QOI_BYTES:
        raise TooLarge(
            f"a QOI of {end:,} bytes, more than the {MAX_QOI_BYTES // 2**20} MiB a QOI may take here (PIL decodes a "
            "QOI in Python, about a second a MiB): save it as a PNG first"
        )


# The formats PIL reads whole into memory as it opens them, before their size is known (a WebP twice over): a WebP of
# 150 bytes and an AVIF of 455 followed by 3 GB of nothing (sparse files) took 6.3 GB and 13 to 27 s to be read. No
# still picture takes 8 bytes a pixel compressed (raw RGBA takes 4), so a file of these formats longer than 8 bytes
# for each pixel its format may hold here (a WebP: 16, twice the 8 a pixel of the quarter of MAX_PIXELS a WebP was held
# to) is refused from its length: an animation that long is read by its first frame saved on its own. A WebP of
# 1,000,000,202 bytes (a sparse file) took 1.9 GB and 13.6 s to be read.
MAX_READ_WHOLE_BYTES = {"WEBP": 16 * MAX_WEBP_PIXELS, "AVIF": 8 * MAX_PIXELS}


def too_long_to_read_whole(source: Path | BinaryIO) -> tuple[str, int] | None:
    """The format and length of a file PIL would read whole (:data:`MAX_READ_WHOLE_BYTES`) that is longer than its
    format's most, from its first bytes and its length; None for any other."""
    try:
        with _from_its_start(source) as (file, size):
            head = file.read(16)
    except OSError:
        return None
    Image.init()
    for kind, most in MAX_READ_WHOLE_BYTES.items():
        accept = Image.OPEN.get(kind, (None, None))[1]
        with contextlib.suppress(Exception):
            if accept is not None and accept(head) is True and size > most:
                return kind, size
    return None


# PNG's interlacing (Adam7): each pass's first column and row, and its steps across and down.
ADAM7 = ((0, 0, 8, 8), (4, 0, 8, 8), (0, 4, 4, 8), (2, 0, 4, 4), (0, 2, 2, 4), (1, 0, 2, 2), (0, 1, 1, 2))


PNG_CHANNELS = {0: 1, 2: 3, 3: 1, 4: 2, 6: 4}  # by colour type: grey, RGB, palette, grey + alpha, RGBA


INFLATE_PIECE = 2**20  # bytes inflated at a time, to be counted and dropped


def _png_data_size(header: bytes) -> int:
    """How many bytes a PNG's image data inflates to, from its IHDR chunk's data: each row of each pass, with
    its filter byte."""
    width, height, depth, colour, _, _, interlace = struct.unpack(">IIBBBBB", header[:13])
    bits = depth * PNG_CHANNELS.get(colour, 4)
    total = 0
    for left, top, across, down in ADAM7 if interlace else ((0, 0, 1, 1),):
        columns, rows = -(-(width - left) // across), -(-(height - top) // down)
        if columns > 0 and rows > 0:
            total += rows * (1 + -(-columns * bits // 8))
    return total


def png_data_ends_short(source: Path | BinaryIO) -> bool:
    """True for a PNG whose image data inflates to fewer bytes than its rows need, its zlib stream ending early.

    Pillow reads such a file (a faulty encoder's, or one whose compressed data was cut and closed again) with
    the missing rows black, without a word: one of 11,000² holding a single white row was read as a 7 (72 %).
    Pillow does not say how many rows it decoded, so the data is inflated here too, counted a piece at a time
    and dropped (a second inflating: milliseconds for a photo, a fraction of a second for 11,000²). Anything
    else odd about the file is Pillow's to find: False."""
    try:
        with source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source) as file:
            start = file.tell()
            file.seek(8)  # the signature
            length, kind = struct.unpack(">I4s", file.read(8))
            if kind != b"IHDR":
                return False
            needed = _png_data_size(file.read(13))
            file.seek(length - 13 + 4, os.SEEK_CUR)
            inflater, inflated = zlib.decompressobj(), 0
            while inflated < needed and not inflater.eof:
                length, kind = struct.unpack(">I4s", file.read(8))
                if kind == b"IEND":
                    break
                if kind != b"IDAT":
                    file.seek(length + 4, os.SEEK_CUR)
                    continue
                # read a piece at a time: a chunk may say it holds up to 4 GB (a sparse file of 4 kB on disk whose
                # one IDAT said 1.5 GB took 3 GB and 11 s to be refused, read whole)
                while (
                    length
                    and inflated < needed
                    and not inflater.eof
                    and (data := file.read(min(length, INFLATE_PIECE)))
                ):
                    length -= len(data)
                    while data and inflated < needed:
                        inflated += len(inflater.decompress(data, INFLATE_PIECE))
                        data = inflater.unconsumed_tail
                file.seek(length + 4, os.SEEK_CUR)
            if not isinstance(source, Path):
                file.seek(start)
            return inflated < needed
    except zlib.error as err:  # Pillow refuses it too, once its decoder has held all the data unread (1.5 GB, 3 s)
        raise PictureError(f"a damaged PNG picture: its compressed pixel data is broken (zlib: {err})") from err
    except (OSError, struct.error, ValueError):
        return False
