"""Why a file is not read as a picture, in words: :class:`PictureError`, whose message names no file (the
caller names it), and :class:`UnknownFormat`; a format told from the file's first bytes (a damaged PNG, a phone's
HEIC photo, a PDF, an SVG, a note saved as .png), a TIFF of a kind PIL has no mode for, a file cut off, and
Pillow's own refusals reworded (:func:`worded_errors`).
"""

from __future__ import annotations

import codecs
import contextlib
import os
import re
import struct
import traceback
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from PIL import Image, PngImagePlugin, TiffImagePlugin
from PIL.TiffImagePlugin import BITSPERSAMPLE, EXTRASAMPLES, PHOTOMETRIC_INTERPRETATION, SAMPLESPERPIXEL

from rowreader.json_text import text_kind
from rowreader.output import name_said
from rowreader.paths import why_not_found
from rowreader.preprocess import MAX_PIXELS


class PictureError(ValueError):
    """A file that cannot be read as a picture. The message says why, without the path: callers name the file
    (``str(err)``); :func:`read_picture` adds it as a note, which a traceback shows below the message. The app
    raises this class too, named (``"seven.png: why"``), for what Qt refuses and for a picture holding no digit."""


class UnknownFormat(PictureError):
    """Pillow does not know the picture's format (the app hands such a file to Qt); a damaged picture of a format
    Pillow knows is a plain :class:`PictureError`."""


class SvgDrawing(UnknownFormat):
    """An SVG drawing, which Pillow does not read and the app reads with Qt, as an SVG even where Qt does not tell
    it for one by its bytes (``<svg/>``, under the 9 Qt looks at): the app said the CLI's "save it as a PNG first
    (the app opens SVG)" of it."""


class TooLarge(PictureError):
    """A picture refused for its size alone (its pixels, rows, the memory or time its reading would take), from its
    headers: the examples dock counts such files apart from damaged ones (``rowreader.picture_checks.too_large``).
    A refusal for anything else (damage, entries no picture holds, a format not read) is a plain
    :class:`PictureError`."""


HEAD_BYTES = 512  # enough for a signature, and for an SVG's <svg tag after its XML declaration and comments


PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"  # a PNG's first 8 bytes, before its chunks
# The first bytes of the formats Pillow reads: a file that begins so but cannot be read is damaged, not foreign.
PILLOW_SIGNATURES = (
    (PNG_SIGNATURE, "PNG"),
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
# How a file that is whole but no picture (a note, a PDF, an empty file named .png) ends its name: an import's
# count of what it skipped looks for it (rowreader.skipped_files), so it is written here once
NOT_A_PICTURE = ", not a picture"


# Why a picture whose file ends too soon is not read (after "cannot read the image").
CUT_OFF = "the file ends before the picture does: cut off, as by a download or a copy that did not finish"


GZIPPED_HEAD_ROOM = 2**16  # the most of a gzipped file looked at for an SVG's head (a file's start, not the whole)


def gzipped_svg(data: bytes) -> bool:
    """Whether ``data`` is a gzipped SVG (an SVGZ) by the first bytes it unpacks to (:data:`HEAD_BYTES` at most), as an
    SVG is told by its head (:func:`unidentified`): Qt tells one by its first 16 gzipped bytes alone, which ``<svg/>``
    gzipped fills with its header, so the app said "not an image PIL can read" where plain it is "of no size", and
    `rowreader predict` said so of every SVGZ where it names an SVG as a drawing to save as a PNG."""
    if data[:2] != b"\x1f\x8b":
        return False
    unpacking, head = zlib.decompressobj(wbits=31), b""
    try:  # in pieces: damage after the head (a CRC, as a flipped bit leaves it) hid all it had unpacked
        for at in range(0, min(len(data), GZIPPED_HEAD_ROOM), 64):
            head += unpacking.decompress(data[at : at + 64], HEAD_BYTES - len(head))
            if len(head) >= HEAD_BYTES or unpacking.eof:
                break
    except zlib.error:  # damaged: told by what came before
        pass
    return holds_svg_tag(head)


def holds_svg_tag(head: bytes) -> bool:
    """Whether a file's first bytes hold an SVG's ``<svg`` tag, in UTF-8 or, told by its byte-order mark, UTF-16 (as
    Windows' Notepad saves "Unicode"): the app reads such an SVG, and `rowreader predict` said "not an image PIL can
    read" of it, plain or gzipped, where it names any other SVG a drawing to save as a PNG. UTF-16 without its mark
    too, told as expat tells it (:func:`missing_utf16_mark`)."""
    head = (missing_utf16_mark(head) or b"") + head
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        head = head.decode("utf-16", "replace").encode()  # a head cut inside a character: that one replaced
    return b"<svg" in head.lower()


# XML's first character, "<", in UTF-16 without a byte-order mark, and the mark it lacks
UTF16_UNMARKED = {b"<\0": codecs.BOM_UTF16_LE, b"\0<": codecs.BOM_UTF16_BE}


def missing_utf16_mark(head: bytes) -> bytes | None:
    """The byte-order mark a file in UTF-16 left off (XML's first character, ``<``, two bytes, one of them 0), or
    None. XML asks UTF-16 for its mark, but expat, which Firefox reads SVG with, tells the text without it: such an
    SVG (a program's own output, a script's ``encode("utf-16-le")``) was "not an image PIL can read" in the app and
    in `rowreader predict`, as if it held no drawing at all; the app hands Qt the file with its mark put first."""
    return UTF16_UNMARKED.get(head[:2])


def gzip_cut_short(data: bytes, room: int) -> bool:
    """Whether ``data`` is gzip that ends before its first member does (a download or a copy that did not finish),
    unpacked no further than ``room`` bytes: Qt said such an SVGZ "Unable to read image data", and Pillow one cut in
    its first 51 bytes (nothing unpacked yet to tell an SVG by) "not an image PIL can read"."""
    if data[:2] != b"\x1f\x8b":
        return False
    unpacking = zlib.decompressobj(wbits=31)
    try:
        while data and not unpacking.eof and room > 0:
            room -= len(unpacking.decompress(data, 2**20))
            data = unpacking.unconsumed_tail
    except zlib.error:  # damaged, not cut short
        return False
    return room > 0 and not unpacking.eof


def unidentified(head: bytes, size: int | None = None) -> PictureError:
    """Why Pillow could not tell a picture's format, from its first bytes: a PNG with a damaged header was "not an
    image PIL can read" from `rowreader predict` (as if PNG were not read) and "a damaged PNG picture" in the app.
    A phone's HEIC photo and a scanner's PDF were that too, as if they were not pictures at all: they are named.
    ``size``: the file's bytes, where known."""
    if (icon := damaged_icon(head, size)) is not None:
        return icon
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
        return UnknownFormat(f"a PDF document{NOT_A_PICTURE}: export its page as a PNG or JPEG first")
    if holds_svg_tag(head) or gzipped_svg(head):  # `predict seven.svg` (or .svgz) said only "not an image PIL
        # can read"; the app reads it
        return SvgDrawing(
            "an SVG drawing (vector graphics), which PIL cannot read: save it as a PNG first (the app opens SVG)"
        )
    if size is not None and size <= len(head) and gzip_cut_short(head, 2**20):  # an SVGZ cut before its <svg:
        return PictureError(f"cannot read the image ({CUT_OFF})")  # "not an image PIL can read", cut off in the app
    if head.startswith(b"/* XPM */"):  # C source: one all on a line, which Qt reads, was "a text file … not a picture"
        return UnknownFormat(
            "an XPM picture PIL cannot read (it reads one laid out a row a line, as GIMP writes it): save it as a PNG "
            "first (the app opens XPM)"
        )
    if (text := text_kind(head)) is not None:  # a CSV or a note saved as digit.png was "not an image PIL can read"
        return UnknownFormat(f"{text}{NOT_A_PICTURE}")
    return UnknownFormat("not an image PIL can read")


# An icon's and a cursor's first 4 bytes, as Pillow's readers accept them, then a count of directory entries
ICONS = {b"\0\0\1\0": "an ICO icon", b"\0\0\2\0": "a CUR cursor"}


def damaged_icon(head: bytes, size: int | None) -> PictureError | None:
    """Why an ICO icon or CUR cursor Pillow did not read is not, from its directory (``head``: its first bytes,
    ``size``: its length): one cut short, or whose directory puts a picture past its end, was "not an image PIL can
    read" (and Qt's "Unable to read image data" in the app), a whole cursor Pillow cannot read "cut off", and one
    listing no pictures "not an image PIL can read". None for what does not begin as an icon. An ICO whose directory
    is whole is damaged (Pillow reads every kind of picture an ICO holds: handed to Qt, a damaged PNG inside put
    libpng's own "libpng error: …" lines on stderr); such a CUR is an :class:`UnknownFormat`, which the app has Qt
    read (Pillow reads a cursor of a bitmap only, and not a grey one)."""
    if (kind := ICONS.get(head[:4])) is None:
        return None
    count = int.from_bytes(head[4:6], "little") if len(head) >= 6 else None
    if count == 0:
        return PictureError(f"{kind} that holds no pictures (its directory lists none)")
    end = len(head) if size is None else size
    entries = [head[at : at + 16] for at in range(6, 6 + 16 * (count or 0), 16)]
    beyond = any(len(entry) == 16 and sum(struct.unpack("<II", entry[8:])) > end for entry in entries)
    if count is None or end < 6 + 16 * count or beyond:
        return PictureError(f"cannot read {kind} ({CUT_OFF})")
    if kind == ICONS[b"\0\0\1\0"]:
        return PictureError("a damaged ICO icon (it begins as one, but cannot be read)")
    return UnknownFormat(f"{kind} that PIL cannot read (damaged, or of a kind it does not read)")


# TIFF's photometric interpretations, in words
PHOTOMETRIC = {0: "grey", 1: "grey", 2: "RGB", 3: "palette", 4: "mask", 5: "CMYK", 6: "YCbCr", 8: "CIE L*a*b*"}


def tiff_of_unknown_kind(source: Path | BinaryIO) -> str | None:
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
    # its directory contradicts itself (49,168 bits a sample, two depths of one sample) or stores its depths as text
    # (a tag of type ASCII: "'<=' not supported between instances of 'int' and 'str'" escaped as a TypeError): damaged
    depths_read = isinstance(depths, tuple) and all(isinstance(bits, int) and 1 <= bits <= 64 for bits in depths)
    if not depths_read or not isinstance(samples, int) or len(depths) not in (1, samples):
        return None
    colour = PHOTOMETRIC.get(tags.get(PHOTOMETRIC_INTERPRETATION), "unknown colours")
    alpha = " with an alpha" if any(kind in (1, 2) for kind in extra) else " and other samples" if extra else ""
    bits = "/".join(map(str, sorted(set(depths))))
    return f"{bits}-bit {colour}{alpha} ({samples} sample{'' if samples == 1 else 's'} a pixel)"


def too_many_pixels(size: str | None) -> str:
    """Why a picture is refused by its size (``"12000×12000"``; None when Pillow did not say)."""
    pixels = f"{size} pixels is more than" if size else "more pixels than"
    return f"{pixels} the {MAX_PIXELS:,} this program reads (scale the picture down first)"


def _pillow_refusal(err: Exception) -> str:
    """Why Pillow would not read a picture, in words (its own, for a PNG's oversized metadata, named a constant)."""
    text = str(err)
    if isinstance(err, Image.DecompressionBombError):  # Pillow's limit (twice its warning's) is checked before ours
        pixels = re.search(r"\((\d+) pixels\)", text)  # "Image size (10000000000 pixels) exceeds limit of …"
        return too_many_pixels(f"{int(pixels[1]):,}" if pixels else None)
    if "MAX_TEXT_CHUNK" in text or "MAX_TEXT_MEMORY" in text:  # PngImagePlugin's guards against zlib bombs
        return (
            "its metadata (a compressed text or colour-profile chunk of the PNG) unpacks to more than Pillow reads "
            f"({PngImagePlugin.MAX_TEXT_CHUNK // 2**20} MB a chunk, {PngImagePlugin.MAX_TEXT_MEMORY // 2**20} MB in "
            "all), a guard against decompression bombs; save the picture again without its metadata"
        )
    reason = err.strerror if isinstance(err, OSError) and err.strerror else text  # not "[Errno 13] …: 'path'"
    # "image file is truncated (0 bytes not processed)", "Truncated File Read"; "not enough image data": Pillow's
    # readers written in Python (QOI, DDS, an icon's mask), of data that ends before the last pixel
    if "truncated" in reason.lower() or reason == "not enough image data":
        reason = CUT_OFF
    return f"cannot read the image ({reason})"


@contextmanager
def worded_errors(
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
        why = why_not_found(path) if path is not None else None
        raise PictureError("no such file" + (f"; {why}" if why else "")) from err
    except IsADirectoryError as err:
        raise PictureError("is a folder, not an image") from err
    except Image.UnidentifiedImageError as err:
        raise unidentified(head(), size()) from err
    except (OSError, ValueError, SyntaxError, RuntimeError, Image.DecompressionBombError) as err:
        # RuntimeError: a damaged AVIF, and NotImplementedError (one of them) a DDS of a pixel format Pillow lacks
        named = f"{name_said(os.fspath(path))}: " if path is not None else None  # as regular_file names it
        if named is not None and isinstance(err, OSError) and str(err).startswith(named):
            raise PictureError(str(err).removeprefix(named)) from err  # regular_file's: a pipe, a link loop
        bomb = isinstance(err, Image.DecompressionBombError)  # of an icon too: its size is the error
        if not bomb and (icon := damaged_icon(head(), size())) is not None:  # Pillow's "truncated" of a whole cursor
            raise icon from err
        if str(err) == "could not create decoder object":  # Pillow's WebP reader, of a WebP cut off or damaged
            raise unidentified(head(), size()) from err
        raise (TooLarge if bomb else PictureError)(_pillow_refusal(err)) from err
    except Exception as err:
        # ours: a defect to see, not a damaged file; memory: what the callers say (`ulimit -v`), not damage either
        if isinstance(err, MemoryError) or not _raised_in_pillow(err):
            raise
        raise PictureError(_damaged(head(), err)) from err


def _raised_in_pillow(err: BaseException) -> bool:
    """Whether ``err`` was raised in Pillow's own code (its last Python frame is in the PIL package). Pillow may raise
    any exception of a damaged file, its own fuzzing harness says (it catches ``Exception``): a TIFF whose strip
    offsets are stored as floats ended in "TypeError: 'float' object cannot be interpreted as an integer", which
    escaped :func:`worded_errors`, so one such scan in an examples folder ended the whole folder's reading (a
    fine-tune's traceback) and ``predict`` said Python's words of it."""
    frames = traceback.extract_tb(err.__traceback__)
    return bool(frames) and Path(frames[-1].filename).is_relative_to(_PILLOW_FOLDER)


_PILLOW_FOLDER = Path(Image.__file__).parent


def _damaged(head: bytes, err: Exception) -> str:
    """Why a picture Pillow failed on is not read: damaged, its format named where its first bytes tell it."""
    kind = next((kind for signature, kind in PILLOW_SIGNATURES if head.startswith(signature)), None)
    what = f"a damaged {kind} picture" if kind is not None else "cannot read the image: it is damaged"
    return f"{what} (Pillow's reader failed: {type(err).__name__}: {err})"
