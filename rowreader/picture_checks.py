"""The one sequence of checks a picture file passes before Pillow decodes a pixel (:func:`opened_within_limits`), walked
by the picture reader (:mod:`rowreader.picture`) and by :func:`too_large`, which the examples dock asks to count a
folder's pictures too large apart from its damaged ones.

The two walked it in two copies, which drifted: a CUR whose PNG would take 412 MB to read was refused by reading as
"a damaged CUR cursor" and not counted too large; an EPS of 12,000² was counted too large though it is never read for
its kind; a WebP reading calls damaged (more chunks than any holds) was counted too large, and an ICNS of more
pictures than any icon holds too, where an ICO of as many was not. Now a refusal for the size alone is a
:class:`~rowreader.picture_errors.TooLarge`, what ``too_large`` counts; any other refusal is a plain
:class:`~rowreader.picture_errors.PictureError`, and both come from here, in one order, in one wording.
"""

from __future__ import annotations

import io
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO

from PIL import Image

from rowreader.paths import open_regular_file
from rowreader.picture_errors import (
    CUT_OFF,
    HEAD_BYTES,
    PictureError,
    TooLarge,
    UnknownFormat,
    tiff_of_unknown_kind,
    worded_errors,
)
from rowreader.picture_limits import (
    MAX_METADATA_BYTES,
    MAX_PPM_HEADER_BYTES,
    MAX_READ_WHOLE_BYTES,
    MAX_XPM_HEADER_BYTES,
    check_decoded_size,
    check_icon,
    check_picture_size,
    check_qoi,
    check_webp,
    cursor_png,
    fits_header_too_long,
    jpeg_metadata_too_long,
    netpbm_header_too_long,
    png_chunk_too_long,
    psd_metadata_too_long,
    qoi_too_short,
    too_long_to_read_whole,
    xpm_header_too_long,
)
from rowreader.picture_quiet import pillow_quiet

# Formats Pillow opens and this program does not read, by the words that say why. An EPS is a PostScript program
# that Ghostscript runs (a "picture" named evil.png made `rowreader predict` run it, and it wrote a file): nothing
# from a file is run. A metafile Pillow draws only on Windows: elsewhere it said "cannot find loader for this WMF
# file", and a folder of them was sent to `*.wmf` (the cli's hint leaves these formats' endings out).
NOT_READ = {"EPS": "an EPS (PostScript) file, a program Ghostscript would run"} | (
    {}
    if hasattr(Image.core, "drawwmf")
    else {"WMF": "a Windows metafile (WMF or EMF), a drawing Pillow draws only on Windows"}
)


@contextmanager
def opened_within_limits(source: Path | BinaryIO) -> Iterator[tuple[Image.Image, Path | BinaryIO]]:
    """``source`` opened by Pillow (its header read, no pixel decoded) once every check has passed, with what it was
    opened from: a CUR's PNG is opened in its place (Pillow reads a cursor of a bitmap only), and what the body
    raises of it is "a damaged CUR cursor: its PNG picture: …", but a refusal for its size (a cursor whose PNG is
    too large is whole). A refusal is a :class:`PictureError` in words, a :class:`TooLarge` for the size alone."""
    _refuse_from_headers(source)
    if (png := cursor_png(source)) is not None:
        try:
            with (
                worded_errors(None, lambda: png[:HEAD_BYTES], lambda: len(png)),
                opened_within_limits(io.BytesIO(png)) as opened,
            ):
                yield opened
        except TooLarge:
            raise
        except PictureError as err:  # damaged, not of a kind PIL lacks: Qt's libpng wrote "libpng error: …" of it
            raise PictureError(f"a damaged CUR cursor: its PNG picture: {err}") from err
        return
    try:
        image = Image.open(source)  # reads the header only: for an EPS, nothing has run yet
    except Image.UnidentifiedImageError as err:
        if (kind := tiff_of_unknown_kind(source)) is not None:
            raise UnknownFormat(f"a TIFF of {kind}, a kind PIL cannot read: save it as a PNG first") from err
        raise
    with image:
        if (kind := NOT_READ.get(image.format or "")) is not None:  # asked first: its size would not have it read
            raise PictureError(f"{kind}, so it is not read; save it as a PNG first")
        check_picture_size(*image.size)
        check_decoded_size(image)  # which sets a large JPEG to be decoded at a fraction of its size
        yield image, source


def _refuse_from_headers(source: Path | BinaryIO) -> None:
    """The checks made before Pillow opens a file, in order: what PIL would read as it opens it (a PNG's chunks, a
    JPEG's segments, a header that runs on) refused as damaged, then what it would read whole or decode too large,
    then a QOI cut off, then the sizes of a WebP, an icon's pictures and a QOI (a QOI of 5,000² cut off after its
    header is cut off, not too large)."""
    if (chunk := png_chunk_too_long(source)) is not None:
        raise PictureError(
            f"a damaged PNG picture{chunk[2]}: its {chunk[0]!r} chunk says it holds {chunk[1]:,} bytes, more than the "
            f"{MAX_METADATA_BYTES // 2**20} MB a PNG's metadata may take here"
        )
    if (metadata := jpeg_metadata_too_long(source)) is not None:
        raise PictureError(
            f"a damaged JPEG picture: its metadata segments hold {metadata:,} bytes or more, more than the "
            f"{MAX_METADATA_BYTES // 2**20} MB a picture's metadata may take here"
        )
    if (metadata := psd_metadata_too_long(source)) is not None:
        raise PictureError(
            f"a damaged Photoshop picture: its colour-mode data or image resources say they hold {metadata:,} bytes, "
            f"more than the {MAX_METADATA_BYTES // 2**20} MB a picture's metadata may take here"
        )
    if fits_header_too_long(source):
        raise PictureError(
            f"a damaged FITS picture: no END card ends its header in its first {MAX_METADATA_BYTES // 2**20} MB, "
            "more than a picture's metadata may take here"
        )
    if netpbm_header_too_long(source):
        raise PictureError(
            "a damaged Netpbm picture (PBM, PGM or PPM): its header does not end in its first "
            f"{MAX_PPM_HEADER_BYTES // 2**20} MB (a comment or white space runs on), more than a picture's header may "
            "take here"
        )
    if xpm_header_too_long(source):
        raise PictureError(
            f"a damaged XPM picture: its header and colour table do not end in its first "
            f"{MAX_XPM_HEADER_BYTES // 2**20} MB, more than a picture's header may take here"
        )
    if (whole := too_long_to_read_whole(source)) is not None:
        raise TooLarge(
            f"{'a WebP' if whole[0] == 'WEBP' else 'an AVIF'} file of {whole[1]:,} bytes, more than the "
            f"{MAX_READ_WHOLE_BYTES[whole[0]] / 2**30:g} GiB any such picture read here takes (PIL reads such a file "
            "whole, so it is not read; an animation's first frame saved on its own is)"
        )
    if (claimed := qoi_too_short(source)) is not None:
        raise PictureError(f"cannot read the QOI picture of {claimed[0]}×{claimed[1]} pixels ({CUT_OFF})")
    check_webp(source)  # before PIL opens it: it reads a WebP whole then, and decodes an icon
    check_icon(source)  # a cursor's too, before its PNG is read: one too large is not "a damaged CUR cursor"
    check_qoi(source)


def too_large(path: str | os.PathLike[str]) -> bool:
    """True for a picture the reader refuses by its size alone, from its headers, as it refuses it (no pixel is
    decoded): the examples dock counted a 900-megapixel photo among its "damaged file(s)", a file that is whole.
    False for anything else, a file that cannot be opened too (its own error says why), and one swapped for a FIFO
    since it was checked (opened by name, it hung the dock's message line until something wrote to the pipe)."""
    try:
        with pillow_quiet(), open_regular_file(path, "image") as file, opened_within_limits(file):
            return False
    except (TooLarge, Image.DecompressionBombError):  # Pillow refuses twice its warning's size itself
        return True
    except Exception:  # not a picture, damaged, of a kind not read, gone: not a matter of size
        return False
