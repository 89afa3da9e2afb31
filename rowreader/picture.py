"""Pictures from files as pixel arrays: the one reader ``rowreader predict`` and a person's examples share.

Two readers had drifted apart: the examples' refused nothing before decoding (a 12,000² PNG of 41 kB took 1.6 GB)
and turned 16-bit grey into 8-bit RGB by clipping, so a dark-grey digit saved at 16 bits became a white page
("no ink") in a fine-tune while ``rowreader predict`` read it. Here, pictures over ``MAX_PIXELS`` are refused
from their header, before any pixel is decoded, every mode ``to_mnist`` understands is passed on as it is, and a
photo's EXIF orientation is applied, as the app's Qt reader does (a phone's 7 was read lying on its side, as 5).
"""

from __future__ import annotations

import contextlib
import io
import logging
import os
import re
import struct
import sys
import tempfile
import threading
import warnings
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import ExifTags, Image, ImageOps, JpegImagePlugin, PngImagePlugin, TiffImagePlugin
from PIL.TiffImagePlugin import (
    BITSPERSAMPLE,
    EXTRASAMPLES,
    PHOTOMETRIC_INTERPRETATION,
    PLANAR_CONFIGURATION,
    SAMPLESPERPIXEL,
)

from rowreader.json_text import text_kind
from rowreader.output import one_line
from rowreader.paths import broken_link, open_regular_file, unexpanded_home, unexpanded_pattern
from rowreader.preprocess import (
    MAX_INPUT_SIDE,
    MAX_PIXELS,
    MIN_EXTENT,
    MIN_MARK_PIXELS,
    Normalised,
    _prereduce,
    box_average,
    reduction_factor,
    saved_depth,
)

# warnings.catch_warnings swaps the process's filter list: two threads inside it at once left "ignore every
# warning" in place for good (the app reads examples on worker threads). One reading at a time inside it.
_WARNINGS_LOCK = threading.Lock()
_PILLOW_LOG = logging.getLogger("PIL")
# Found before the last resort: Pillow's records still propagate to a program's own handlers. One, made here: a
# handler made for each picture, half made when Ctrl-C or SIGTERM came (registered, its lock not yet), broke logging's
# shutdown at exit, and `predict` stopped mid-list printed a traceback under its one line.
_PILLOW_QUIET = logging.NullHandler()

# Pillow keeps an 8-byte pointer for every row it decodes, so a tall picture costs 9 bytes a pixel: a PNG of 260 kB,
# 1 × 134 million pixels (within MAX_PIXELS), took 1.3 GB and 14 s to be "empty". Taller ones are refused from the
# header; a page scanned at 1,200 dpi is 13,200 rows.
MAX_ROWS = 2**17

# PIL modes NumPy reads as grey, RGB or RGBA arrays to_mnist understands; anything else is converted first.
DIRECT_MODES = frozenset({"1", "L", "I", "I;16", "I;16B", "I;16L", "F", "RGB", "RGBA"})
# Pillow's modes of premultiplied alpha (a TIFF of associated alpha opens as "La"), and the straight mode Pillow
# converts each to, dividing the alpha out. "RGBa" was converted to RGB, its alpha dropped: a transparent page read as
# black (88 of 200 MNIST digits right, against 188 as RGBA); "La" failed as "conversion from La to L not supported".
STRAIGHT_ALPHA = {"La": "LA", "RGBa": "RGBA"}


# Formats Pillow reads by handing the file to another program: an EPS is a PostScript program that Ghostscript runs
# (a "picture" named evil.png made `rowreader predict` run it, and it wrote a file). Nothing from a file is run.
RUN_BY_ANOTHER_PROGRAM = {"EPS": "an EPS (PostScript) file, a program Ghostscript would run"}


# Why a picture's one mark is not read (``Normalised.too_small``). The app said only "(a dot or a speck)" of a digit
# written 100 px tall on a page photographed at 3,000 px, with nothing to do about it; the examples folder said this.
TOO_SMALL = (
    f"the mark is too small to be a digit (a dot, or ink spanning under {MIN_EXTENT:.0%} of the picture and under "
    f"{MIN_MARK_PIXELS} pixels, counted at {MAX_INPUT_SIDE:,} a side at most): "
    "crop the picture to the digit"
)


SIDE_BY_SIDE = " marks side by side, each as tall as a digit, were read as one: "  # after their count


def side_by_side(marks: int, remedy: str = "crop the picture to one digit") -> str:
    """What is said of a picture holding ``marks`` digit-sized marks side by side (``Normalised.marks``), which are
    read as one digit: "37" was read as a 4 at 97 %, and nothing said there were two. ``remedy``: what to do, for
    another kind of picture (a drawing)."""
    return f"{marks}{SIDE_BY_SIDE}{remedy}"


MANY_SMALL_MARKS = "many small marks (a page of text? a screenshot?), none holding much of the ink, were read as one: "


def many_small_marks(remedy: str = "crop the picture to one digit") -> str:
    """What is said of a picture of many small marks (``Normalised.many_marks``), read as one digit: a page of text
    in 3/ was taught as a 3 without a word, and `rowreader predict` read it as a digit without one."""
    return f"{MANY_SMALL_MARKS}{remedy}"


def not_one_digit(read: Normalised, remedy: str = "crop the picture to one digit") -> str | None:
    """What is said of a picture whose ink ``normalise`` read as one digit though it is not one: digits side by
    side (:func:`side_by_side`), or many small marks; ``None`` for one digit. ``remedy``: what to do about it."""
    if read.marks > 1:
        return side_by_side(read.marks, remedy)
    if read.many_marks:
        return many_small_marks(remedy)
    return None


class PictureError(ValueError):
    """A file that cannot be read as a picture. The message says why, without the path: callers name the file
    (``str(err)``); :func:`read_picture` adds it as a note, which a traceback shows below the message."""


class UnknownFormat(PictureError):
    """Pillow does not know the picture's format (the app hands such a file to Qt); a damaged picture of a format
    Pillow knows is a plain :class:`PictureError`."""


# The first bytes of the formats Pillow reads: a file that begins so but cannot be read is damaged, not foreign.
PILLOW_SIGNATURES = (
    (b"\x89PNG\r\n\x1a\n", "PNG"),
    (b"\xff\xd8\xff", "JPEG"),
    (b"GIF87a", "GIF"),
    (b"GIF89a", "GIF"),
    (b"II*\x00", "TIFF"),
    (b"MM\x00*", "TIFF"),
    (b"BM", "BMP"),
)


# The major brands of HEIF files of still pictures (ISO/IEC 23008-12), after a box size and "ftyp".
HEIF_BRANDS = frozenset({b"heic", b"heix", b"heim", b"heis", b"hevc", b"hevx", b"mif1", b"msf1"})
HEIC = "a HEIC photo (HEIF, an iPhone's usual format), which PIL cannot read"  # what to do follows


# Why a picture whose file ends too soon is not read (after "cannot read the image").
CUT_OFF = "the file ends before the picture does: cut off, as by a download or a copy that did not finish"


def unidentified(head: bytes, size: int | None = None) -> PictureError:
    """Why Pillow could not tell a picture's format, from its first bytes: a PNG with a damaged header was "not an
    image PIL can read" from `rowreader predict` (as if PNG were not read) and "a damaged PNG picture" in the app.
    A phone's HEIC photo and a scanner's PDF were that too, as if they were not pictures at all: they are named.
    ``size``: the file's bytes, where known."""
    kind = next((kind for signature, kind in PILLOW_SIGNATURES if head.startswith(signature)), None)
    if head[:4] == b"RIFF" and head[8:12] == b"WEBP":
        kind = "WebP"
        # its header says how long it is: one cut short (a download, a file still being written) was "damaged"
        if size is not None and size < 8 + int.from_bytes(head[4:8], "little"):
            return PictureError(f"cannot read the image ({CUT_OFF})")
    if kind is not None:
        return PictureError(f"a damaged {kind} picture (it begins as one, but cannot be read)")
    if head[4:8] == b"ftyp" and head[8:12] in HEIF_BRANDS:  # an iPhone's photo; Pillow reads AVIF, not HEIC
        return UnknownFormat(
            f"{HEIC}: save or share it as a JPEG or PNG "
            "first (an iPhone does so with Settings ▸ Camera ▸ Formats ▸ Most Compatible)"
        )
    if head.startswith(b"%PDF-"):  # a scanner's or a phone's "scan document" output
        return UnknownFormat("a PDF document, not a picture: export its page as a PNG or JPEG first")
    if b"<svg" in head.lower():  # `rowreader predict seven.svg` said only "not an image PIL can read"; the app reads it
        return UnknownFormat(
            "an SVG drawing (vector graphics), which PIL cannot read: save it as a PNG first (the app opens SVG)"
        )
    if (text := text_kind(head)) is not None:  # a CSV or a note saved as digit.png was "not an image PIL can read"
        return UnknownFormat(f"{text}, not a picture")
    return UnknownFormat("not an image PIL can read")


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned as its EXIF orientation says: a phone stores what the sensor saw and how to turn it (the
    app's Qt reader turns it too). The tag is optional: a damaged EXIF block (PIL warns on stderr, or raises
    ``struct.error`` and the like, found by fuzzing) leaves the picture as stored rather than failing it."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # any damage to optional metadata: the pixels are still good
        return image


def _orientation(image: Image.Image) -> int | None:
    """The picture's EXIF orientation tag, if it has one that can be read (see :func:`_upright`)."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # damaged optional metadata, as in _upright
        return None


def _reducible_mode(image: Image.Image) -> str | None:
    """The 8-bit mode Pillow can box-average ``image`` in (palette, bilevel, CMYK … converted to grey or colour,
    transparency kept), or ``None`` for 16-bit and float pictures, which ``to_mnist`` averages itself."""
    if image.mode.startswith(("I", "F")):
        return None
    if image.mode in STRAIGHT_ALPHA:
        return STRAIGHT_ALPHA[image.mode]
    has_alpha = _has_alpha(image)
    if image.mode in ("1", "L", "LA"):
        return "LA" if has_alpha else "L"
    return "RGBA" if has_alpha else "RGB"


def _has_alpha(image: Image.Image) -> bool:
    """True for a picture with an alpha channel or a transparent colour (a GIF's, a PNG's tRNS chunk)."""
    return "A" in image.getbands() or "transparency" in image.info


def _shrunk(image: Image.Image) -> Image.Image:
    """An 8-bit picture larger than ``to_mnist`` reads, box-averaged by Pillow to that size, a stripe at a time.

    The averaging is ``to_mnist``'s own (``preprocess._prereduce``: the same boxes, ``reduction_factor``, the
    edge boxes partial, colours weighted by their alpha; equal to within one grey level, tested) done one step
    earlier, on Pillow's pixels:
    NumPy's copy of a decoded 11,000² RGBA picture doubled its 484 MB (1.9 GB in all), and a palette picture
    was first converted whole to RGBA (1.5 GB). Other modes (16-bit, float) are left whole for
    ``_prereduce``, which averages any array in blocks; a picture shrunk here arrives there small enough to pass
    through untouched."""
    factor = reduction_factor(image.height, image.width)
    mode = _reducible_mode(image) if factor > 1 else None
    if mode is None:
        return image
    width, height = image.size
    shrunk = Image.new(mode, (-(-width // factor), -(-height // factor)))
    stripe = factor * 64  # whole boxes; small, as Pillow reduces RGBA through a premultiplied copy
    for top in range(0, height, stripe):
        part = image.crop((0, top, width, min(top + stripe, height)))
        shrunk.paste((part if part.mode == mode else part.convert(mode)).reduce(factor), (0, top // factor))
    if (turn := _orientation(image)) is not None:  # the new picture had none: every phone photo lay on its side
        shrunk.getexif()[ExifTags.Base.Orientation] = turn
    return shrunk


# TIFF's photometric interpretations, in words
PHOTOMETRIC = {0: "grey", 1: "grey", 2: "RGB", 3: "palette", 4: "mask", 5: "CMYK", 6: "YCbCr", 8: "CIE L*a*b*"}


def _tiff_of_unknown_kind(source: Path | BinaryIO) -> str | None:
    """What a TIFF holds whose directory Pillow reads but whose pixels it has no mode for ("16-bit grey with an
    alpha"), or None (not a TIFF, or damaged): GIMP's 16-bit grey picture with an alpha, a whole file, was "a
    damaged TIFF picture". Pillow's ``Image.open`` says only that it cannot identify the file."""
    try:
        with source.open("rb") if isinstance(source, Path) else contextlib.nullcontext(source) as file:
            try:
                file.seek(0)
                TiffImagePlugin.TiffImageFile(file)  # the one reader that says why
                return None  # read after all
            except SyntaxError as err:
                if str(err) != "unknown pixel mode":
                    return None
            file.seek(0)
            tags = TiffImagePlugin.ImageFileDirectory_v2(file.read(8))
            file.seek(tags.next)
            tags.load(file)
    except Exception:  # damaged: Pillow's own words stand
        return None
    depths, samples, extra = tags.get(BITSPERSAMPLE) or (1,), tags.get(SAMPLESPERPIXEL, 1), tags.get(EXTRASAMPLES) or ()
    if len(depths) not in (1, samples) or not all(1 <= bits <= 64 for bits in depths):
        return None  # its directory contradicts itself (49,168 bits a sample, two depths of one sample): damaged
    colour = PHOTOMETRIC.get(tags.get(PHOTOMETRIC_INTERPRETATION), "unknown colours")
    alpha = " with an alpha" if any(kind in (1, 2) for kind in extra) else " and other samples" if extra else ""
    bits = "/".join(map(str, sorted(set(depths))))
    return f"{bits}-bit {colour}{alpha} ({samples} sample{'' if samples == 1 else 's'} a pixel)"


def _decode(source: Path | BinaryIO) -> np.ndarray:
    """Open, refuse an oversized picture from its header alone, decode, turn upright, hand over as an array."""
    if (chunk := _png_chunk_too_long(source)) is not None:
        raise PictureError(
            f"a damaged PNG picture: its {chunk[0]!r} chunk says it holds {chunk[1]:,} bytes, more than the "
            f"{MAX_METADATA_BYTES // 2**20} MB a PNG's metadata may take here"
        )
    if (metadata := _jpeg_metadata_too_long(source)) is not None:
        raise PictureError(
            f"a damaged JPEG picture: its metadata segments hold {metadata:,} bytes or more, more than the "
            f"{MAX_METADATA_BYTES // 2**20} MB a picture's metadata may take here"
        )
    if (metadata := _psd_metadata_too_long(source)) is not None:
        raise PictureError(
            f"a damaged Photoshop picture: its colour-mode data or image resources say they hold {metadata:,} bytes, "
            f"more than the {MAX_METADATA_BYTES // 2**20} MB a picture's metadata may take here"
        )
    if _fits_header_too_long(source):
        raise PictureError(
            f"a damaged FITS picture: no END card ends its header in its first {MAX_METADATA_BYTES // 2**20} MB, "
            "more than a picture's metadata may take here"
        )
    if (whole := _too_long_to_read_whole(source)) is not None:
        raise PictureError(
            f"{'a WebP' if whole[0] == 'WEBP' else 'an AVIF'} file of {whole[1]:,} bytes, more than the "
            f"{MAX_READ_WHOLE_BYTES // 2**30} GiB any picture read here takes (PIL reads such a file whole, so it is "
            "not read; an animation's first frame saved on its own is)"
        )
    try:
        image = Image.open(source)  # reads the header only: for an EPS, nothing has run yet
    except Image.UnidentifiedImageError as err:
        if (kind := _tiff_of_unknown_kind(source)) is not None:
            raise UnknownFormat(f"a TIFF of {kind}, a kind PIL cannot read: save it as a PNG first") from err
        raise
    with image:
        if (kind := RUN_BY_ANOTHER_PROGRAM.get(image.format or "")) is not None:
            raise PictureError(f"{kind}, so it is not read; save it as a PNG first")
        check_picture_size(*image.size)
        if _planes(image) and not _planes_read_whole(image):
            raise PictureError(
                f"a {max(image.tag_v2[BITSPERSAMPLE])}-bit TIFF whose colours lie in separate planes, which PIL "
                "reads to 8 bits a colour at most (a 12-bit scan's 4,096 shades as 16) unless they are uncompressed "
                "16-bit RGB: save it with its colours interleaved (contiguous, the usual way)"
            )
        if _hidden_default_image(image):
            image.seek(1)
        elif image.format == "PNG" and _png_data_ends_short(source):
            raise PictureError(
                "a damaged PNG picture: its pixel data ends before its last row (the rest would be read as black)"
            )
        said: list[str] = []  # what libtiff said, once its decoding is over
        try:
            with _what_libtiff_says(said) if image.format == "TIFF" else contextlib.nullcontext():
                # an APNG's later frames are drawn over the earlier ones; a TIFF's first page stands alone (a scan
                # of two pages, 12-bit, was read by its high bytes: a black page)
                if _raw_mode(image) in SIXTEEN_BIT_COLOUR and (
                    image.format == "TIFF" or getattr(image, "n_frames", 1) == 1
                ):
                    return _sixteen_bit_colour(source, image)
                _drafted(image)
                _load_as_stored(image)
                return pixels(image)
        except OSError as err:  # Pillow's own words were "decoder error -2"
            if said:
                why = said[-1].strip().removeprefix("tempfile.tif: ").rstrip(".")  # Pillow's name for every TIFF
                raise PictureError(f"a damaged TIFF picture (libtiff: {why})") from err
            raise


@contextmanager
def _what_libtiff_says(said: list[str]) -> Iterator[None]:
    """What libtiff says while a TIFF decodes, kept off stderr: it writes there itself, so a damaged compressed TIFF
    put "PackBitsDecode: Not enough data for scanline 109." above `predict`'s one error line ("decoder error -2"),
    and "JPEGLib: Bogus DAC index 116." above a TIFF it read. File descriptor 2 goes to a temporary file meanwhile;
    its lines are added to ``said`` once the decoding is over (the last names the damage)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr (2>&-): nothing reaches one
        yield
        return
    try:
        with tempfile.TemporaryFile() as caught:
            os.dup2(caught.fileno(), 2)
            try:
                yield
            finally:
                os.dup2(saved, 2)
                caught.seek(0)
                said += [line for line in caught.read(4096).decode("utf-8", "replace").splitlines() if line.strip()]
    finally:
        os.close(saved)


def _load_as_stored(image: Image.Image) -> None:
    """Decode ``image``'s pixels as they are stored, its EXIF orientation kept to be applied after the averaging
    (:func:`pixels`), as for every other picture: Pillow turns a TIFF as it loads it (and drops the tag), so one over
    ``MAX_INPUT_SIDE`` turned by EXIF 2, 3, 4, 6, 7 or 8 was turned and then averaged, its ragged last box at the
    other end, and read up to 0.07 off its PNG twin. The tag is held back over the loading and put back, and the size
    Pillow gives a TIFF to be turned a quarter, its sides swapped, is the stored one's over it: an uncompressed TIFF
    opened by its name is mapped from the file at that size, so one not square turned by EXIF 5 to 8 was read row by
    wrong row, a digit's scan noise (0.9 off its PNG twin, in predict, the window and an examples folder alike)."""
    exif = image.getexif() if isinstance(image, TiffImagePlugin.TiffImageFile) else None
    turn = exif.pop(ExifTags.Base.Orientation, None) if exif is not None else None
    if turn is not None:
        image.tag_v2.pop(ExifTags.Base.Orientation, None)
        image._size = getattr(image, "_tile_size", image.size)  # the stored size, to map or decode at
    image.load()
    if turn is not None:
        image._size = image.im.size  # as Pillow's own exif_transpose sets it
        image.getexif()[ExifTags.Base.Orientation] = turn


# The scales libjpeg decodes a JPEG at through Pillow's ``draft``, largest first.
JPEG_SCALES = (8, 4, 2)


def _drafted(image: Image.Image) -> None:
    """A JPEG larger than ``to_mnist`` reads, set to be decoded by libjpeg at 1/2, 1/4 or 1/8 of its size: the
    largest of these that divides its boxes' side (``reduction_factor``), so ``_shrunk`` averages what is left in
    the same boxes, edges and all. Decoded whole, a progressive JPEG of 11,585² took 968 MB (its coefficients and
    then its full-size pixels, four bytes each); at half size it takes 575 MB, its coefficients the most (libjpeg
    holds them all for a progressive scan). The reading differs from the whole picture's by 0.012 at most, of 1,
    in the 28×28 input (24 MNIST digits on pages of 4,096 to 16,000 px). Other pictures, and JPEGs whose boxes'
    side is odd, are left as they are."""
    factor = reduction_factor(image.height, image.width)
    scale = next((scale for scale in JPEG_SCALES if factor % scale == 0), 1)
    if scale > 1 and isinstance(image, JpegImagePlugin.JpegImageFile):
        image.draft(image.mode, (max(1, image.width // scale), max(1, image.height // scale)))


# 16-bit colour PNGs and TIFFs, by Pillow's raw mode: Pillow's colour modes hold 8 bits a channel and keep each
# value's high byte, so a 16-bit colour picture of a camera's 12-bit values (0…4,095) was 0…15: a black page,
# "empty". Pillow's own decoder undoes the filters and compression; decoded again with a raw mode of the same width
# taking the other bytes, each value is whole. The raw modes giving the high bytes, then the low ones (a grey +
# alpha PNG's four bytes a pixel whole).
SIXTEEN_BIT_COLOUR = {
    "RGB;16B": ("RGB;16B", "RGB;16L"),
    "RGBA;16B": ("RGBA;16B", "RGBA;16L"),
    "RGB;16L": ("RGB;16L", "RGB;16B"),
    "RGBA;16L": ("RGBA;16L", "RGBA;16B"),
    "LA;16B": ("RGBA",),
    # a TIFF's fourth sample not marked as alpha (RGBX), or its colours premultiplied by the alpha (RGBa, as macOS
    # saves them): still 0…15 from Pillow, a black page. The premultiplied ones are read as they are and divided by
    # the whole alpha (``PREMULTIPLIED``): Pillow divides each byte by the alpha's byte.
    "RGBX;16B": ("RGBX;16B", "RGBX;16L"),
    "RGBX;16L": ("RGBX;16L", "RGBX;16B"),
    "RGBa;16B": ("RGBA;16B", "RGBA;16L"),
    "RGBa;16L": ("RGBA;16L", "RGBA;16B"),
}
NATIVE = "L" if sys.byteorder == "little" else "B"  # libtiff hands over its values in the machine's byte order
SIXTEEN_BIT_COLOUR |= {
    f"{mode};16N": SIXTEEN_BIT_COLOUR[f"{mode};16{NATIVE}"] for mode in ("RGB", "RGBA", "RGBX", "RGBa")
}
PREMULTIPLIED = {"RGBa;16B", "RGBa;16L", "RGBa;16N"}


def _raw_mode(image: Image.Image) -> str | None:
    """The raw mode a PNG's or TIFF's pixels are decoded from (its tiles' one), before it is loaded; for a 16-bit
    TIFF of separate planes (see :func:`_planes`), the raw mode its planes make together."""
    if image.format not in ("PNG", "TIFF") or not image.tile:
        return None
    if _planes(image):
        return f"{image.mode};16{'B' if image.tag_v2.prefix == b'MM' else 'L'}"
    modes = {tile.args if isinstance(tile.args, str) else (tile.args or (None,))[0] for tile in image.tile}
    return modes.pop() if len(modes) == 1 else None


def _planes(image: Image.Image) -> bool:
    """True for a colour TIFF of more than 8 bits a sample whose colours lie in separate planes (planar
    configuration 2), not interleaved: Pillow decodes each plane with an 8-bit raw mode, so an uncompressed one of
    16 bits was read as noise (its bytes taken for pixels) and a compressed one, through libtiff, as its high bytes
    only (a 12-bit scan's 4,096 shades as 16; a 10-bit one's pale strokes gone). Uncompressed RGB and RGBA planes
    of 16 bits are read whole (``_decoded_as``); any other is refused by ``_decode``."""
    if image.format != "TIFF" or image.tag_v2.get(PLANAR_CONFIGURATION) != 2 or len(image.getbands()) == 1:
        return False
    return max(image.tag_v2.get(BITSPERSAMPLE) or (8,)) > 8


def _planes_read_whole(image: Image.Image) -> bool:
    """True for TIFF planes read whole here: uncompressed (Pillow's own reader, a raw mode a plane), 16-bit RGB or
    RGBA."""
    bits = set(image.tag_v2.get(BITSPERSAMPLE) or ())
    return bits == {16} and image.mode in ("RGB", "RGBA") and all(tile.codec_name == "raw" for tile in image.tile)


def _decoded_as(image: Image.Image, raw: str) -> Image.Image:
    """``image``, not yet loaded, decoded with the raw mode ``raw`` in place of its own (one of the same bits a
    pixel); a TIFF plane's tiles, whose raw mode is its band's letter, with that band's ("R;16B")."""

    def args(old: str | tuple) -> str | tuple:
        if isinstance(old, str):
            return raw
        if len(old[0]) == 1:  # a plane: "R", "G", …
            return (f"{old[0]};{raw.partition(';')[2]}", *old[1:])
        return (raw, *old[1:])

    image.tile = [tile._replace(args=args(tile.args)) for tile in image.tile]
    _load_as_stored(image)
    return image


def _sixteen_bit_colour(source: Path | BinaryIO, image: Image.Image) -> np.ndarray:
    """A 16-bit colour (or grey + alpha) PNG or TIFF as float32 values in [0, 1], each channel whole (see
    ``SIXTEEN_BIT_COLOUR``), turned upright, box-averaged as ``to_mnist`` would average it where it is larger
    than it reads (a stripe at a time: never the whole picture in floats).

    The colours are read in the narrowest saved width that holds them (``SAVED_DEPTHS``), as a 16-bit grey
    picture's values are; the alpha, on PNG's 16-bit scale, or a transparent colour (tRNS), is its own.

    Pillow keeps 8 bits a channel, so the high and the low bytes take a decoding each: ``image`` itself holds the
    first, and nothing is decoded a third time (an 8,000² PNG took three decodings, 880 MB and 19 s, PNG's EXIF
    having been looked for after a decoding of its own). Each stripe's values are made once, averaged on their
    own scale and put on the colours' width at the end, for that width is known only once every stripe is seen
    (a transparent pixel's colour, outside that width, has no weight in an average)."""
    raw, key = _raw_mode(image), image.info.get("transparency")
    raws, premultiplied = SIXTEEN_BIT_COLOUR[raw], raw in PREMULTIPLIED
    decoded = [_decoded_as(image, raws[0])]
    turn = _orientation(image)  # after the decoding: a PNG's EXIF may follow its pixels, and Pillow loads for it
    if len(raws) > 1:
        if not isinstance(source, Path):
            source.seek(0)
        decoded.append(_decoded_as(Image.open(source), raws[1]))
    try:
        width, height = image.size

        def values(top: int, bottom: int) -> np.ndarray:  # uint16 [rows, width, channels]: alpha last, if any
            parts = [np.asarray(part.crop((0, top, width, bottom)), np.uint16) for part in decoded]
            if len(parts) == 1:  # grey + alpha, its four bytes whole
                return parts[0][:, :, 0::2] << 8 | parts[0][:, :, 1::2]
            whole = parts[0] << 8 | parts[1]
            if premultiplied:  # colour × alpha / 65535 as saved: divided back, 0 where nothing shows
                alpha = whole[:, :, 3:].astype(np.uint32)
                colour = whole[:, :, :3] * np.uint32(65535) // np.maximum(alpha, 1)
                whole[:, :, :3] = np.minimum(colour, 65535)
            if isinstance(key, tuple) and whole.shape[2] == 3:
                clear = (whole == np.array(key, np.uint16)).all(axis=2)
                return np.dstack([whole, np.where(clear, 0, 65535).astype(np.uint16)])
            return whole

        factor = reduction_factor(height, width)
        top, reduced = 0, []
        for start in range(0, height, factor * 64):  # whole boxes
            part = values(start, min(start + factor * 64, height))
            shown = part[:, :, :-1][part[:, :, -1] > 0] if part.shape[2] in (2, 4) else part
            top = max(top, int(shown.max()) if shown.size else 0)
            reduced.append(box_average(part, factor, span=65535) if factor > 1 else part)
    finally:
        for low in decoded[1:]:
            low.close()
    scale = np.full(part.shape[2], 1 / saved_depth(top), np.float32)
    if part.shape[2] in (2, 4):
        scale[-1] = 1 / 65535
    if factor > 1:  # averaged on 65,535's scale; a shown colour is at most its width's top, but for rounding
        scale *= 65535
    picture = np.minimum(np.concatenate(reduced) * scale, np.float32(1))
    return _turned(picture, turn)


def _turned(picture: np.ndarray, turn: int | None) -> np.ndarray:
    """A picture's float values ([H, W, channels]) turned as the EXIF orientation ``turn`` says, by Pillow's own
    flips and turns (``_upright``), a channel at a time as a 32-bit float picture: an array has no EXIF to be
    turned by, and a table of our own restated Pillow's."""
    if turn is None:
        return picture
    planes = []
    for band in np.moveaxis(picture, 2, 0):
        plane = Image.fromarray(np.ascontiguousarray(band))
        plane.getexif()[ExifTags.Base.Orientation] = turn
        planes.append(np.asarray(_upright(plane)))
    return np.dstack(planes)


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


def _png_data_ends_short(source: Path | BinaryIO) -> bool:
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


def _png_chunk_too_long(source: Path | BinaryIO) -> tuple[str, int] | None:
    """The type and length of a PNG's first chunk other than image data (IDAT) that says it holds more than
    :data:`MAX_METADATA_BYTES` bytes, and the file has them, found from the chunks' headers alone; None for one that
    holds none, and for what is no PNG (or ends before its chunks are walked: Pillow words that)."""
    try:
        with _from_its_start(source) as (file, end):
            if file.read(8) != b"\x89PNG\r\n\x1a\n":
                return None
            while len(head := file.read(8)) == 8:
                length, kind = struct.unpack(">I4s", head)
                if kind == b"IEND":
                    return None
                # past the file's end, Pillow stops where the file does: damaged, in its words
                if kind not in (b"IDAT", b"fdAT") and MAX_METADATA_BYTES < length <= end - file.tell():
                    return kind.decode("latin-1"), length
                file.seek(length + 4, os.SEEK_CUR)
            return None
    except OSError:
        return None


def _jpeg_metadata_too_long(source: Path | BinaryIO) -> int | None:
    """How many bytes a JPEG's metadata segments (APP0 to APP15, comments) before its first scan hold together, where
    that is more than :data:`MAX_METADATA_BYTES` and the file has them, found from the segments' headers alone; None
    for less, and for what is no JPEG. PIL keeps every such segment: a 7 of 600 bytes behind 16,000 empty ones of
    64 kB (a sparse file of 1 GB, 63 MB on disk) took 1 GB and 3.9 s to be read."""
    try:
        with _from_its_start(source) as (file, end):
            total = 0
            if file.read(2) != b"\xff\xd8":
                return None
            while len(head := file.read(4)) == 4 and head[0] == 0xFF and head[1] not in (0xD9, 0xDA):
                length = int.from_bytes(head[2:], "big")
                if 0xE0 <= head[1] <= 0xEF or head[1] == 0xFE:
                    total += length
                    if total > MAX_METADATA_BYTES and file.tell() + length - 2 <= end:
                        return total
                file.seek(length - 2, os.SEEK_CUR)
            return None
    except OSError:
        return None


def _psd_metadata_too_long(source: Path | BinaryIO) -> int | None:
    """The length a Photoshop file's colour-mode data or image resources say they take (the sections before its
    layers), where that is more than :data:`MAX_METADATA_BYTES` and the file has them; None for less, and for what is
    no PSD. PIL reads both whole as it opens the file: a header whose colour-mode data said 3 GB (a sparse file) took
    3.2 GB and 23 s to be read as a blank page."""
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
                file.seek(length, os.SEEK_CUR)
            return None
    except OSError:
        return None


FITS_CARD = 80  # a FITS header is 80-byte cards up to one named END


def _fits_header_too_long(source: Path | BinaryIO) -> bool:
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


# The formats PIL reads whole into memory as it opens them, before their size is known (a WebP twice over): a WebP of
# 150 bytes and an AVIF of 455 followed by 3 GB of nothing (sparse files) took 6.3 GB and 13 to 27 s to be read. No
# still picture of at most MAX_PIXELS pixels takes 8 bytes a pixel compressed (raw RGBA takes 4), so a longer file of
# these formats is refused from its length: an animation that long is read by its first frame saved on its own.
READ_WHOLE = ("WEBP", "AVIF")
MAX_READ_WHOLE_BYTES = 8 * MAX_PIXELS


def _too_long_to_read_whole(source: Path | BinaryIO) -> tuple[str, int] | None:
    """The format and length of a file PIL would read whole (:data:`READ_WHOLE`) that is longer than
    :data:`MAX_READ_WHOLE_BYTES`, from its first bytes and its length; None for any other."""
    try:
        with _from_its_start(source) as (file, size):
            head = file.read(16)
    except OSError:
        return None
    Image.init()
    for kind in READ_WHOLE:
        accept = Image.OPEN.get(kind, (None, None))[1]
        with contextlib.suppress(Exception):
            if accept is not None and accept(head) is True and size > MAX_READ_WHOLE_BYTES:
                return kind, size
    return None


def _hidden_default_image(image: Image.Image) -> bool:
    """True for an APNG whose default image is not part of its animation, which Pillow counts as frame 0.

    That image is for viewers that cannot animate (often a still or a "cannot show this" notice); every browser
    and viewer that knows APNG shows the animation and never it. An APNG of a 7 whose default image was blank was
    "no ink in its first frame (of 3)": the first frame read is the animation's, as a browser shows it."""
    return image.format == "PNG" and getattr(image, "default_image", False) and getattr(image, "n_frames", 1) > 1


def pixels(image: Image.Image) -> np.ndarray:
    """A decoded picture as the array ``to_mnist`` reads, shrunk as :func:`_shrunk` says and turned upright: a
    palette picture by its colours (NumPy gives its indices, and ``to_mnist(np.asarray(Image.open(…)))`` read an
    indexed PNG's 7 as a blank page). A PIL image given to ``to_mnist`` is shrunk as a file's is: NumPy's whole
    copy of a 6,000² RGBA one took 370 MB, twice the picture.

    A 16-bit or float picture larger than ``to_mnist`` reads (``_shrunk`` leaves it whole) is averaged as it is
    stored and then turned, as an 8-bit one and a 16-bit colour one are: turned first, one turned upside down by
    its EXIF had its ragged last box of the average at the other end, every box a fraction of one apart from its
    8-bit twin's. A TIFF not yet loaded is loaded as stored (:func:`_load_as_stored`), a file's and a PIL image's."""
    _load_as_stored(image)  # to_mnist(Image.open(large.tif)) was turned by Pillow first, 0.09 off its PNG twin
    image = _shrunk(image)
    if reduction_factor(image.height, image.width) == 1:
        # rebound, so the shrunk picture goes before its turned copy's pixels are read (exif_transpose copies an
        # upright one too): held, a 6,000² palette picture took 16 MB more
        image = _upright(image)
        return _values(image)
    values = _prereduce(_values(image))
    turned = _turned(values.reshape(*values.shape[:2], -1), _orientation(image))
    return turned[:, :, 0] if values.ndim == 2 else turned


def _values(image: Image.Image) -> np.ndarray:
    """A decoded picture's pixels as they are (see :func:`pixels`), a palette picture's by its colours."""
    if image.mode in STRAIGHT_ALPHA:
        image = image.convert(STRAIGHT_ALPHA[image.mode])
    keyed = "transparency" in image.info and "A" not in image.getbands()  # one colour stands for transparency
    if image.mode in DIRECT_MODES and not keyed:
        return np.asarray(image)
    if keyed and image.mode.startswith("I;16"):  # Pillow's RGBA would clip 16-bit grey to 8 bits
        grey = np.asarray(image)
        clear = grey == image.info["transparency"]
        return np.dstack([grey, np.where(clear, 0, _opaque(grey[~clear])).astype(grey.dtype)])
    return np.asarray(image.convert("RGBA" if _has_alpha(image) else "RGB"))


def _opaque(shown: np.ndarray) -> int:
    """The alpha of an opaque pixel of a 16-bit grey picture whose ``shown`` values are these: the top of the
    width they are read in (``SAVED_DEPTHS``; 1 for a mask of 0s and 1s). The alpha's value counts in the picture's
    range, so 65,535 made a 12-bit picture (0…4,095) with a transparent colour a black page: "empty"."""
    top = int(shown.max()) if shown.size else 0
    return 1 if top <= 1 else saved_depth(top)


def check_picture_size(width: int, height: int) -> None:
    """Refuse a picture too large to read, from the size in its header, before decoding: the app's Qt-only formats
    are checked here too, so every reader refuses the same pictures in the same words."""
    if width * height > MAX_PIXELS:
        raise PictureError(_too_many_pixels(f"{width}×{height}"))
    if height > MAX_ROWS:
        raise PictureError(
            f"{width}×{height} pixels is more than the {MAX_ROWS:,} rows this program reads (scale the picture down "
            "first)"
        )


def too_large(path: str | os.PathLike[str]) -> bool:
    """True for a picture refused by its size alone, from its header (no pixel is decoded): the examples dock
    counted a 900-megapixel photo among its "damaged file(s)", a file that is whole. False for anything else, a
    file that cannot be opened too (its own error says why), and one swapped for a FIFO since it was checked (opened
    by name, it hung the dock's message line until something wrote to the pipe)."""
    try:
        with _pillow_quiet(), open_regular_file(path, "image") as file, Image.open(file) as image:
            check_picture_size(*image.size)
    except (PictureError, Image.DecompressionBombError):  # Pillow refuses twice its warning's size itself
        return True
    except Exception:  # not a picture, damaged, gone: not a matter of size
        return False
    return False


def _too_many_pixels(size: str | None) -> str:
    """Why a picture is refused by its size (``"12000×12000"``; None when Pillow did not say)."""
    pixels = f"{size} pixels is more than" if size else "more pixels than"
    return f"{pixels} the {MAX_PIXELS:,} this program reads (scale the picture down first)"


def _pillow_refusal(err: Exception) -> str:
    """Why Pillow would not read a picture, in words (its own, for a PNG's oversized metadata, named a constant)."""
    text = str(err)
    if isinstance(err, Image.DecompressionBombError):  # Pillow's limit (twice its warning's) is checked before ours
        pixels = re.search(r"\((\d+) pixels\)", text)  # "Image size (10000000000 pixels) exceeds limit of …"
        return _too_many_pixels(f"{int(pixels[1]):,}" if pixels else None)
    if "MAX_TEXT_CHUNK" in text or "MAX_TEXT_MEMORY" in text:  # PngImagePlugin's guards against zlib bombs
        return (
            "its metadata (a compressed text or colour-profile chunk of the PNG) unpacks to more than Pillow reads "
            f"({PngImagePlugin.MAX_TEXT_CHUNK // 2**20} MB a chunk, {PngImagePlugin.MAX_TEXT_MEMORY // 2**20} MB in "
            "all), a guard against decompression bombs; save the picture again without its metadata"
        )
    reason = err.strerror if isinstance(err, OSError) and err.strerror else text  # not "[Errno 13] …: 'path'"
    if "truncated" in reason.lower():  # "image file is truncated (0 bytes not processed)", "Truncated File Read"
        reason = CUT_OFF
    return f"cannot read the image ({reason})"


def read_picture(path: str | os.PathLike[str]) -> np.ndarray:
    """The first frame of any picture Pillow opens, as a grey, RGB or RGBA array (transparency kept).

    What is no path is refused in words: a picture's bytes, an open file and a PIL image failed in pathlib's and
    os.fspath's ("expected str, bytes or os.PathLike object, not BytesIO", where bytes then failed too)."""
    if not isinstance(path, str | os.PathLike):
        hint = ""
        if isinstance(path, bytes | bytearray | memoryview) or hasattr(path, "read"):
            hint = ": read_picture_data(data) reads a picture's bytes (an open file's: read_picture_data(file.read()))"
        elif hasattr(path, "getbands"):
            hint = ": to_mnist reads a PIL image as it is"
        raise TypeError(f"expected the picture's path (a str or a Path), got {type(path).__name__}{hint}")
    name, path = path, Path(path)
    opened: list[BinaryIO] = []  # the one opening of the file: every check and the decoding read it, not the name

    def size() -> int | None:
        return os.fstat(opened[0].fileno()).st_size if opened else None

    try:
        with contextlib.ExitStack() as closing, _worded_errors(name, lambda: _head(opened), size):
            opened.append(closing.enter_context(open_regular_file(name, "image")))  # "seven.png/" is no file
            if size() == 0:
                raise PictureError("an empty file (0 bytes), not a picture")
            return _decode_quietly(opened[0])
    except PictureError as err:
        # the message names no file (the commands and the app put the name before it), so the README's
        # `read_picture("seven.png")` ended a newcomer's traceback in "PictureError: no such file", and a loop over
        # a folder in "is a folder, not an image", whichever it was: the traceback names it below the message
        err.add_note(f"reading the picture {one_line(os.fspath(name))}")
        raise


def read_picture_data(data: bytes) -> np.ndarray:
    """The same for a picture's encoded bytes held in memory: a PNG pasted from an image editor is read as its
    file would be (the pixel limit from the header, averaged a stripe at a time), not decoded whole by Qt. A path or
    an open file failed in Python's words ("a bytes-like object is required, not '_io.BufferedReader'")."""
    if not isinstance(data, bytes | bytearray | memoryview):
        hint = ": read_picture(path) reads a file" if isinstance(data, str | os.PathLike) else ""
        hint = ": an open file's are file.read()" if hasattr(data, "read") else hint
        hint = ": to_mnist reads a PIL image as it is" if hasattr(data, "getbands") else hint
        raise TypeError(f"expected a picture's bytes, got {type(data).__name__}{hint}")
    data = bytes(data)  # a memoryview of no picture failed as "'memoryview' object has no attribute 'startswith'"
    with _worded_errors(None, lambda: data[:HEAD_BYTES], lambda: len(data)):
        return _decode_quietly(io.BytesIO(data))


@contextmanager
def _pillow_quiet() -> Iterator[None]:
    """Pillow's warnings and log messages kept off stderr while a picture is read: it warns from 89 Mpx (our own
    limit decides, with a worded error) and about damaged metadata (EXIF blocks, TIFF tags) whose pixels it reads
    all the same, and it logs some refusals it then raises, so `rowreader predict damaged.tif` printed "More
    samples per pixel than can be decoded: 122" (Python's last-resort log handler) above its own error line. Its
    messages still reach the handlers a program has set up."""
    with _WARNINGS_LOCK, warnings.catch_warnings():  # one picture at a time: the handler is added once
        warnings.simplefilter("ignore")
        _PILLOW_LOG.addHandler(_PILLOW_QUIET)
        try:
            yield
        finally:
            _PILLOW_LOG.removeHandler(_PILLOW_QUIET)


def _decode_quietly(source: Path | BinaryIO) -> np.ndarray:
    with _pillow_quiet():
        return _decode(source)


HEAD_BYTES = 512  # enough for a signature, and for an SVG's <svg tag after its XML declaration and comments


def _head(opened: list[BinaryIO]) -> bytes:
    """The first bytes of the file opened, if it was, or none where it cannot be read again."""
    try:
        opened[0].seek(0)
        return opened[0].read(HEAD_BYTES)
    except (OSError, ValueError, IndexError):
        return b""


@contextmanager
def _worded_errors(
    path: str | os.PathLike[str] | None, head: Callable[[], bytes], size: Callable[[], int | None]
) -> Iterator[None]:
    """Any failure to read a picture as a :class:`PictureError` that says why in words, naming no file (the caller
    names it: a link loop was "loop: cannot read the image (loop: cannot read this image (…))"). ``head`` and
    ``size``: the file's first bytes and its length, asked only then."""
    try:
        yield
    except PictureError:
        raise
    except FileNotFoundError as err:
        why = (broken_link(path) or unexpanded_home(path) or unexpanded_pattern(path)) if path is not None else None
        raise PictureError("no such file" + (f"; {why}" if why else "")) from err
    except IsADirectoryError as err:
        raise PictureError("is a folder, not an image") from err
    except Image.UnidentifiedImageError as err:
        raise unidentified(head(), size()) from err
    except (OSError, ValueError, SyntaxError, RuntimeError, Image.DecompressionBombError) as err:
        # RuntimeError: a damaged AVIF, and NotImplementedError (one of them) a DDS of a pixel format Pillow lacks
        if path is not None and isinstance(err, OSError) and str(err).startswith(f"{path}: "):
            raise PictureError(str(err).removeprefix(f"{path}: ")) from err  # regular_file's: a pipe, a link loop
        if str(err) == "could not create decoder object":  # Pillow's WebP reader, of a WebP cut off or damaged
            raise unidentified(head(), size()) from err
        raise PictureError(_pillow_refusal(err)) from err


MAX_FRAMES_COUNTED = 100  # counting walks the file: a 100-MB GIF of a million tiny frames took half a minute


def frame_count(path: str | os.PathLike[str] | BinaryIO) -> int:
    """How many frames (pages, animation frames) a picture file holds, up to :data:`MAX_FRAMES_COUNTED`; 1 when
    that cannot be told.

    Only the first is read (as the app's Qt reader reads it): which frame of an animation or which page of a scan
    shows the digit is not ours to guess. Asked when the first frame held no ink, so the message can say that
    other frames were not read."""
    try:
        with contextlib.ExitStack() as closing:
            if isinstance(path, str | os.PathLike):  # opened as read_picture opens it: a FIFO swapped in hung
                path = closing.enter_context(open_regular_file(path, "image"))
            with _pillow_quiet(), Image.open(path) as image:
                count = 1
                if getattr(image, "is_animated", False):  # looks at the second frame only
                    with contextlib.suppress(EOFError):
                        while count < MAX_FRAMES_COUNTED:
                            image.seek(count)  # finds the frame; its pixels are not decoded
                            count += 1
                return count - _hidden_default_image(image)
    except Exception:  # it was read a moment ago; if it cannot be counted now, say nothing of frames
        return 1


def frames_text(frames: int) -> str:
    """``"2"``, or ``"100 or more"`` at the counting limit."""
    return f"{frames} or more" if frames >= MAX_FRAMES_COUNTED else str(frames)


def first_frame_too_small(frames: int) -> str:
    """:data:`TOO_SMALL` for a picture of ``frames`` frames, whose first (the one read) holds only a dot: an animation
    of a digit drawn stroke by stroke was told to crop the picture to the digit."""
    return (
        f"the mark in its first frame (of {frames_text(frames)}) is too small to be a digit: only a picture's first "
        "frame is read"
    )


def too_small_in(path: str | os.PathLike[str] | BinaryIO) -> str:
    """Why a picture's one mark is not read: :data:`TOO_SMALL`, or :func:`first_frame_too_small` for one of several
    frames (the app and the examples folder said to crop such an animation, where ``predict`` said this)."""
    frames = frame_count(path)
    return TOO_SMALL if frames == 1 else first_frame_too_small(frames)


def no_ink_in(path: str | os.PathLike[str] | BinaryIO, blank: str = "no ink") -> str:
    """Why a picture gave no digit: ``blank``, or for a picture of several frames, no ink in the first (the one
    read). The app said only "no digit found" of an animation whose first frame is blank, where the CLI and the
    examples folder say that the later frames were not read."""
    frames = frame_count(path)
    if frames == 1:
        return blank
    return f"no ink in its first frame (of {frames_text(frames)}; only the first frame of a picture is read)"
