"""A decoded picture as the array ``to_mnist`` reads (:func:`pixels`): by its mode (a palette picture by
its colours, premultiplied alpha made straight, a transparent colour kept), turned upright as its EXIF says, and,
larger than ``to_mnist`` reads, averaged in its boxes a stripe at a time (a JPEG decoded by libjpeg at a fraction of
its size first, a TIFF decoded as stored and turned after the averaging).
"""

from __future__ import annotations

import numpy as np
from PIL import ExifTags, Image, ImageOps, JpegImagePlugin, TiffImagePlugin

from rowreader.preprocess import prereduce, reduction_factor, saved_depth

# PIL modes NumPy reads as grey, RGB or RGBA arrays to_mnist understands; anything else is converted first.
DIRECT_MODES = frozenset({"1", "L", "I", "I;16", "I;16B", "I;16L", "F", "RGB", "RGBA"})


# Pillow's modes of premultiplied alpha (a TIFF of associated alpha opens as "La"), and the straight mode Pillow
# converts each to, dividing the alpha out. "RGBa" was converted to RGB, its alpha dropped: a transparent page read as
# black (88 of 200 MNIST digits right, against 188 as RGBA); "La" failed as "conversion from La to L not supported".
STRAIGHT_ALPHA = {"La": "LA", "RGBa": "RGBA"}


def pixels(image: Image.Image) -> np.ndarray:
    """A decoded picture as the array ``to_mnist`` reads, shrunk as :func:`_shrunk` says and turned upright: a
    palette picture by its colours (NumPy gives its indices, and ``to_mnist(np.asarray(Image.open(…)))`` read an
    indexed PNG's 7 as a blank page). A PIL image given to ``to_mnist`` is shrunk as a file's is: NumPy's whole
    copy of a 6,000² RGBA one took 370 MB, twice the picture.

    A 16-bit or float picture larger than ``to_mnist`` reads (``_shrunk`` leaves it whole) is averaged as it is
    stored and then turned, as an 8-bit one and a 16-bit colour one are: turned first, one turned upside down by
    its EXIF had its ragged last box of the average at the other end, every box a fraction of one apart from its
    8-bit twin's. A TIFF not yet loaded is loaded as stored (:func:`load_as_stored`), a file's and a PIL image's."""
    load_as_stored(image)  # to_mnist(Image.open(large.tif)) was turned by Pillow first, 0.09 off its PNG twin
    image = _shrunk(image)
    if reduction_factor(image.height, image.width) == 1:
        # rebound, so the shrunk picture goes before its turned copy's pixels are read (exif_transpose copies an
        # upright one too): held, a 6,000² palette picture took 16 MB more
        image = _upright(image)
        return _values(image)
    values = prereduce(_values(image))
    turned = turned_by_exif(values.reshape(*values.shape[:2], -1), exif_orientation(image))
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


def _upright(image: Image.Image) -> Image.Image:
    """The picture turned as its EXIF orientation says: a phone stores what the sensor saw and how to turn it (the
    app's Qt reader turns it too). The tag is optional: a damaged EXIF block (PIL warns on stderr, or raises
    ``struct.error`` and the like, found by fuzzing) leaves the picture as stored rather than failing it."""
    try:
        return ImageOps.exif_transpose(image)
    except Exception:  # any damage to optional metadata: the pixels are still good
        return image


def exif_orientation(image: Image.Image) -> int | None:
    """The picture's EXIF orientation tag, if it has one that can be read (see :func:`_upright`)."""
    try:
        return image.getexif().get(ExifTags.Base.Orientation)
    except Exception:  # damaged optional metadata, as in _upright
        return None


def turned_by_exif(picture: np.ndarray, turn: int | None) -> np.ndarray:
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

    The averaging is ``to_mnist``'s own (``preprocess.prereduce``: the same boxes, ``reduction_factor``, the
    edge boxes partial, colours weighted by their alpha; equal to within one grey level, tested) done one step
    earlier, on Pillow's pixels:
    NumPy's copy of a decoded 11,000² RGBA picture doubled its 484 MB (1.9 GB in all), and a palette picture
    was first converted whole to RGBA (1.5 GB). Other modes (16-bit, float) are left whole for
    ``prereduce``, which averages any array in blocks; a picture shrunk here arrives there small enough to pass
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
    if (turn := exif_orientation(image)) is not None:  # the new picture had none: every phone photo lay on its side
        shrunk.getexif()[ExifTags.Base.Orientation] = turn
    return shrunk


def load_as_stored(image: Image.Image) -> None:
    """Decode ``image``'s pixels as they are stored, its EXIF orientation kept to be applied after the averaging
    (:func:`pixels`), as for every other picture: Pillow turns a TIFF as it loads it (and drops the tag), so one over
    ``MAX_INPUT_SIDE`` turned by EXIF 2, 3, 4, 6, 7 or 8 was turned and then averaged, its ragged last box at the
    other end, and read up to 0.07 off its PNG twin. The tag is held back over the loading and put back, and the size
    Pillow gives a TIFF to be turned a quarter, its sides swapped, is the stored one's over it: an uncompressed TIFF
    opened by its name is mapped from the file at that size, so one not square turned by EXIF 5 to 8 was read row by
    wrong row, a digit's scan noise (0.9 off its PNG twin, in predict, the window and an examples folder alike)."""
    if isinstance(image, TiffImagePlugin.TiffImageFile) and image.tile and len(image.getbands()) == 1:
        _one_plane(image)
    exif = image.getexif() if isinstance(image, TiffImagePlugin.TiffImageFile) else None
    turn = exif.pop(ExifTags.Base.Orientation, None) if exif is not None else None
    if turn is not None:
        image.tag_v2.pop(ExifTags.Base.Orientation, None)
        image._size = getattr(image, "_tile_size", image.size)  # the stored size, to map or decode at
    image.load()
    if turn is not None:
        image._size = image.im.size  # as Pillow's own exif_transpose sets it
        image.getexif()[ExifTags.Base.Orientation] = turn


def _one_plane(image: TiffImagePlugin.TiffImageFile) -> None:
    """A one-band TIFF said to lie in separate planes (planar configuration 2), set up as the one plane it is (the
    same bytes): Pillow decodes a plane by its raw mode's first letter, "I" of "I;16", so a 16-bit grey TIFF so
    marked was "cannot read the image (unknown raw mode for given image mode)"."""
    if image.tag_v2.get(TiffImagePlugin.PLANAR_CONFIGURATION) == 2:
        image.tag_v2[TiffImagePlugin.PLANAR_CONFIGURATION] = 1
        image._setup()  # its tiles again, from its tags


# The scales libjpeg decodes a JPEG at through Pillow's ``draft``, largest first.
JPEG_SCALES = (8, 4, 2)


def drafted(image: Image.Image) -> None:
    """A JPEG larger than ``to_mnist`` reads, set to be decoded by libjpeg at 1/2, 1/4 or 1/8 of its size: the
    largest of these that divides its boxes' side (``reduction_factor``), so ``_shrunk`` averages what is left in
    the same boxes, edges and all. Decoded whole, a progressive JPEG of 11,585² took 968 MB (its coefficients and
    then its full-size pixels, four bytes each); at half size it takes 575 MB, its coefficients the most (libjpeg
    holds them all for a progressive scan). The reading differs from the whole picture's by 0.012 at most, of 1,
    in the 28×28 input (24 MNIST digits on pages of 4,096 to 16,000 px). Other pictures, and JPEGs whose boxes'
    side is odd, are left as they are (such a JPEG too large to decode whole is drafted by
    :func:`rowreader.picture_limits.check_decoded_size` instead)."""
    factor = reduction_factor(image.height, image.width)
    scale = next((scale for scale in JPEG_SCALES if factor % scale == 0), 1)
    if scale > 1 and isinstance(image, JpegImagePlugin.JpegImageFile):
        image.draft(image.mode, (max(1, image.width // scale), max(1, image.height // scale)))
