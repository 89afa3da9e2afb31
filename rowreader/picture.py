"""Pictures from files as pixel arrays: the one reader ``rowreader predict`` and a person's examples share.

Two readers had drifted apart: the examples' refused nothing before decoding (a 12,000² PNG of 41 kB took 1.6 GB)
and turned 16-bit grey into 8-bit RGB by clipping, so a dark-grey digit saved at 16 bits became a white page
("no ink") in a fine-tune while ``rowreader predict`` read it. Here, pictures over ``MAX_PIXELS`` are refused
from their header, before any pixel is decoded, every mode ``to_mnist`` understands is passed on as it is, and a
photo's EXIF orientation is applied, as the app's Qt reader does (a phone's 7 was read lying on its side, as 5).

The reading is split by job. This module opens the file, checks it and decodes it, in that order (``_decode``);
the jobs it calls are each a module of their own:

* :mod:`rowreader.picture_checks` walks the checks below in their one order and opens the file
  (``opened_within_limits``), as ``too_large`` does to count a file refused for its size;
* :mod:`rowreader.picture_limits` refuses a file whose header promises too much (more pixels or rows than are read,
  pixels taking more memory to read than a picture may, a PNG chunk or JPEG, Photoshop or FITS metadata too long, a
  Netpbm or XPM header that runs on, a PNG's pixel data ending short, a QOI's data too short for its pixels, a QOI
  or an RLE BMP of more than PIL's Python decoder should be handed), before Pillow decodes a pixel;
* :mod:`rowreader.picture_pixels` makes a decoded picture the array ``to_mnist`` reads: its mode, its EXIF turn,
  a large one averaged a stripe at a time (``pixels``);
* :mod:`rowreader.picture_sixteen_bit` reads 16-bit colour PNGs and TIFFs, and TIFFs of separate colour planes,
  each value whole;
* :mod:`rowreader.picture_errors` says in words why a file is not read (``PictureError``, ``UnknownFormat``);
* :mod:`rowreader.picture_quiet` keeps Pillow's warnings and libtiff's messages off stderr meanwhile;
* :mod:`rowreader.picture_words` words a picture that is not one digit (digits side by side, many small marks, a
  mark too small, no ink, several frames).

``from rowreader.picture import read_picture, read_picture_data, PictureError`` (the names the README and
docs/library.md show) works; every other name is imported from its own module.
"""

from __future__ import annotations

import contextlib
import io
import os
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL.TiffImagePlugin import BITSPERSAMPLE

from rowreader.output import one_line
from rowreader.paths import open_regular_file
from rowreader.picture_checks import opened_within_limits
from rowreader.picture_errors import HEAD_BYTES, NOT_A_PICTURE, PictureError, worded_errors
from rowreader.picture_limits import png_data_ends_short
from rowreader.picture_pixels import load_as_stored, pixels
from rowreader.picture_quiet import pillow_quiet, what_libtiff_says
from rowreader.picture_sixteen_bit import (
    planes_read_whole,
    read_whole_values,
    separate_planes,
    sixteen_bit_colour,
)
from rowreader.picture_words import hidden_default_image
from rowreader.stated_ink import ink_note

__all__ = ["PictureError", "read_picture", "read_picture_data"]  # PictureError: the name docs/library.md shows

Noted = tuple[np.ndarray, str | None]  # a picture's pixels, and its "RowReader ink" note (rowreader.stated_ink)


def read_picture(path: str | os.PathLike[str]) -> np.ndarray:
    """The first frame of any picture Pillow opens, as a grey, RGB or RGBA array (transparency kept)."""
    return read_picture_and_note(path)[0]


def read_picture_data(data: bytes) -> np.ndarray:
    """The same for a picture's encoded bytes held in memory: a PNG pasted from an image editor is read as its
    file would be (the pixel limit from the header, averaged a stripe at a time), not decoded whole by Qt."""
    return read_picture_data_and_note(data)[0]


def read_picture_and_note(path: str | os.PathLike[str]) -> Noted:
    """:func:`read_picture`'s pixels, with the ink note the picture holds (None if none), from the one decoding: the
    note was read by opening and parsing the file again, and a note after the pixel data (where the PNG format lets
    any program put it) was missed, so a saved drawing inked all round its border was read by its border (0 at 61.6 %
    where the window had said 99.6 %).

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
        with contextlib.ExitStack() as closing, worded_errors(name, lambda: _head(opened), size):
            opened.append(closing.enter_context(open_regular_file(name, "image")))  # "seven.png/" is no file
            if size() == 0:
                raise PictureError(f"an empty file (0 bytes){NOT_A_PICTURE}")
            return _decode_quietly(opened[0])
    except PictureError as err:
        # the message names no file (the commands and the app put the name before it), so the README's
        # `read_picture("seven.png")` ended a newcomer's traceback in "PictureError: no such file", and a loop over
        # a folder in "is a folder, not an image", whichever it was: the traceback names it below the message
        err.add_note(f"reading the picture {one_line(os.fspath(name))}")
        raise


def read_picture_data_and_note(data: bytes) -> Noted:
    """:func:`read_picture_data`'s pixels, with the picture's ink note as :func:`read_picture_and_note` gives it. A
    path or an open file failed in Python's words ("a bytes-like object is required, not '_io.BufferedReader'")."""
    if not isinstance(data, bytes | bytearray | memoryview):
        hint = ": read_picture(path) reads a file" if isinstance(data, str | os.PathLike) else ""
        hint = ": an open file's are file.read()" if hasattr(data, "read") else hint
        hint = ": to_mnist reads a PIL image as it is" if hasattr(data, "getbands") else hint
        raise TypeError(f"expected a picture's bytes, got {type(data).__name__}{hint}")
    data = bytes(data)  # a memoryview of no picture failed as "'memoryview' object has no attribute 'startswith'"
    with worded_errors(None, lambda: data[:HEAD_BYTES], lambda: len(data)):
        return _decode_quietly(io.BytesIO(data))


def _decode_quietly(source: Path | BinaryIO) -> Noted:
    with pillow_quiet():
        return _decode(source)


def _decode(source: Path | BinaryIO) -> Noted:
    """Open, refuse an oversized picture from its header alone (the checks ``too_large`` walks too), decode, turn
    upright, hand over as an array, with the ink note its text chunks hold (those after the pixels too, which only
    the decoding reads)."""
    with opened_within_limits(source) as (image, source):
        if separate_planes(image) and not planes_read_whole(image):
            raise PictureError(
                f"a {max(image.tag_v2[BITSPERSAMPLE])}-bit TIFF whose colours lie in separate planes, which PIL "
                "reads to 8 bits a colour at most (a 12-bit scan's 4,096 shades as 16) unless they are uncompressed "
                "16-bit RGB: save it with its colours interleaved (contiguous, the usual way)"
            )
        if hidden_default_image(image):
            image.seek(1)
        elif image.format == "PNG" and png_data_ends_short(source):
            raise PictureError(
                "a damaged PNG picture: its pixel data ends before its last row (the rest would be read as black)"
            )
        said: list[str] = []  # what libtiff said, once its decoding is over
        try:
            with what_libtiff_says(said) if image.format == "TIFF" else contextlib.nullcontext():
                # a TIFF's first page stands alone (a scan of two pages, 12-bit, was read by its high bytes: a
                # black page)
                if read_whole_values(image):
                    return sixteen_bit_colour(source, image), None  # no drawing of ours: they are 8-bit grey
                load_as_stored(image)
                return pixels(image), ink_note(image)
        except OSError as err:  # Pillow's own words were "decoder error -2"
            if said:
                why = said[-1].strip().removeprefix("tempfile.tif: ").rstrip(".")  # Pillow's name for every TIFF
                raise PictureError(f"a damaged TIFF picture (libtiff: {why})") from err
            raise


def _head(opened: list[BinaryIO]) -> bytes:
    """The first bytes of the file opened, if it was, or none where it cannot be read again."""
    try:
        opened[0].seek(0)
        return opened[0].read(HEAD_BYTES)
    except (OSError, ValueError, IndexError):
        return b""
