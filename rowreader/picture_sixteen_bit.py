"""16-bit colour (and grey + alpha) PNGs and TIFFs read whole, and 16-bit TIFFs of separate colour
planes: Pillow keeps 8 bits a channel, so each value's two bytes are decoded apart and put together again
(``SIXTEEN_BIT_COLOUR``, :func:`sixteen_bit_colour`).
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import BinaryIO

import numpy as np
from PIL import Image
from PIL.TiffImagePlugin import BITSPERSAMPLE, PLANAR_CONFIGURATION

from rowreader.picture_pixels import exif_orientation, load_as_stored, turned_by_exif
from rowreader.preprocess import box_average, reduction_factor, saved_depth

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


def raw_mode(image: Image.Image) -> str | None:
    """The raw mode a PNG's or TIFF's pixels are decoded from (its tiles' one), before it is loaded; for a 16-bit
    TIFF of separate planes (see :func:`separate_planes`), the raw mode its planes make together."""
    if image.format not in ("PNG", "TIFF") or not image.tile:
        return None
    if separate_planes(image):
        return f"{image.mode};16{'B' if image.tag_v2.prefix == b'MM' else 'L'}"
    modes = {tile.args if isinstance(tile.args, str) else (tile.args or (None,))[0] for tile in image.tile}
    return modes.pop() if len(modes) == 1 else None


def read_whole_values(image: Image.Image) -> bool:
    """True for a picture :func:`sixteen_bit_colour` reads (a 16-bit colour or grey + alpha PNG or TIFF; an APNG's
    later frames are drawn over the earlier ones, so an animated one is left to Pillow), before it is loaded."""
    return raw_mode(image) in SIXTEEN_BIT_COLOUR and (image.format == "TIFF" or getattr(image, "n_frames", 1) == 1)


def separate_planes(image: Image.Image) -> bool:
    """True for a colour TIFF of more than 8 bits a sample whose colours lie in separate planes (planar
    configuration 2), not interleaved: Pillow decodes each plane with an 8-bit raw mode, so an uncompressed one of
    16 bits was read as noise (its bytes taken for pixels) and a compressed one, through libtiff, as its high bytes
    only (a 12-bit scan's 4,096 shades as 16; a 10-bit one's pale strokes gone). Uncompressed RGB and RGBA planes
    of 16 bits are read whole (``_decoded_as``); any other is refused by ``_decode``."""
    if image.format != "TIFF" or image.tag_v2.get(PLANAR_CONFIGURATION) != 2 or len(image.getbands()) == 1:
        return False
    return max(image.tag_v2.get(BITSPERSAMPLE) or (8,)) > 8


def planes_read_whole(image: Image.Image) -> bool:
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
    load_as_stored(image)
    return image


def sixteen_bit_colour(source: Path | BinaryIO, image: Image.Image) -> np.ndarray:
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
    raw, key = raw_mode(image), image.info.get("transparency")
    raws, premultiplied = SIXTEEN_BIT_COLOUR[raw], raw in PREMULTIPLIED
    decoded = [_decoded_as(image, raws[0])]
    turn = exif_orientation(image)  # after the decoding: a PNG's EXIF may follow its pixels, and Pillow loads for it
    if len(raws) > 1:  # Image.open reads a file given from its start
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
    return turned_by_exif(picture, turn)
