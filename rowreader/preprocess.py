"""Turn any drawing or picture of a digit into the 28×28 image the reader was trained on.

MNIST's makers normalised each NIST digit the same way: crop to the ink, scale the longer side to 20 pixels
with anti-aliasing (keeping the aspect ratio), then paste it into a 28×28 field so that its centre of mass sits
at the centre. Drawings that skip this look nothing like the training data, so ``to_mnist`` repeats it.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal, get_args

import numpy as np
from PIL import Image

# shown: json_text's, taken from caller_values, which checks what callers hand over (no step of a digit's path)
from rowreader.caller_values import (
    as_floats,
    channel_hint,
    flag_refused,
    host_array,
    is_flag,
    objects_held,
    shown,
    unread_hint,
)
from rowreader.model import COLUMNS, ROWS
from rowreader.one_digit import (
    along_edge,
    many_marks,
    marks_apart,
    marks_side_by_side,
    ruled_off,
    too_few_pixels,
    too_small,
)
from rowreader.resample import resize
from rowreader.strokes import normalise_stroke_width

PREPROCESS_VERSION = "2"  # bump when the output for the same input changes; stored in checkpoints
# Since the resize moved from torch to NumPy (rowreader.resample) the output is the same to 1e-5, except for a
# digit scaled to 1 px wide (none of MNIST's 10,000 test digits), which torch's kernel smeared vertically.
# A crop no larger than BOX keeps its strokes since 3 Dec 2026 (536 of MNIST's test digits at 28 px were thinned):
# still "2", as no picture the shipped model or a fine-tune replays is so small (MNIST is read as it is, pen and
# drawn digits are drawn on the 280-px canvas); its checkpoint says "2" (tested). A person's examples are indexed
# anew (rowreader.example_index.INDEX_VERSION).
BOX = 20  # the longer side of the digit after scaling
INK_THRESHOLD = 0.1  # ink below this (after normalising) counts as background noise
MIN_CONTRAST = 0.08  # ink standing out less than this from the page (of full scale) is paper noise, not a digit
# The paper's grain (a photo's noise) reaches this many median deviations of its border beyond its median shade:
# 7.5 deviations are 5 standard deviations of Gaussian noise (a pixel in 3.5 million beyond it).
GRAIN_REACH = 7.5
# The most a paper's grain spreads, as _grain measures it, in :func:`_only_grain`: a camera's 1-2 % grain, lifted out
# of a shadow or not, measured 0.07-0.16; noise over the whole range 1.8-2.0 (a black bar in it was "empty").
PAPER_GRAIN = 0.5
GRAIN_PARTS = 8  # a border's parts (each side's halves) whose grain is measured apart, in :func:`_only_grain`
# Pixels apart along the border that a grain's step is measured over, in :func:`_paper_grain`: a blurred paper's
# texture changes little from one pixel to the next (a 3 % texture blurred 2 px: a fifteenth of its spread), yet as
# much as a sharp grain 4-16 px on; a light falling across a 400-px border changes by a twenty-fifth of it over 16.
GRAIN_LAGS = (1, 2, 4, 8, 16)
# Ink stands out of a paper's grain (its reach, GRAIN_REACH) by this at least: a faint edge shadow's grain, lifted,
# reached 0.03 short of its farthest speck; MIN_CONTRAST took 3 of 40 MNIST digits at 20 % on a blurred texture.
GRAIN_MARGIN = MIN_CONTRAST / 2
# Pixels away from a ruled page's lifted rules that may stand out, GRAIN_MARGIN or more, on a page holding no digit:
# the 320 pages of the fifty-eighth round's pages10, blank, had at most 30 darker than 0.035; a pencil's digit 0.07
# from the paper (under MIN_CONTRAST at its darkest) had 100 or more darker than 0.055.
RULE_SPECKS = 30
MAX_INPUT_SIDE = 2048  # larger inputs are box-averaged to this before any full-size float copy exists
# Pictures with more pixels are refused before decoding, by the CLI and the app alike: 2**27 px (134 Mpx,
# 11,585²) is 512 MiB as RGBA, more than any photo of a digit needs and a bound on memory.
MAX_PIXELS = 2**27

Ink = Literal["auto", "dark", "light"]
InkColour = Literal["dark", "light"]  # the ink a picture is read in: dark strokes on light paper, or light on dark
_OTHER: dict[InkColour, InkColour] = {"dark": "light", "light": "dark"}
# The largest value of each width an integer picture is saved in: 8 bits, a camera's or scanner's 10, 12 and 14
# bits (kept in 16-bit files, the top bits unused), 16 bits.
SAVED_DEPTHS = (2**8 - 1, 2**10 - 1, 2**12 - 1, 2**14 - 1, 2**16 - 1)


def saved_depth(top: int) -> int:
    """The largest value of the narrowest width in ``SAVED_DEPTHS`` that holds ``top`` (0 … 65,535): the scale a
    picture's integer values are read on, wherever they come from (an array, a 16-bit file's channels)."""
    return next(full for full in SAVED_DEPTHS if top <= full)


def _value_range(arr: np.ndarray) -> tuple[float, float]:
    """``(low, span)`` such that ``(value - low) / span`` maps the array's values onto [0, 1].

    bool, and integers holding only 0s and 1s, are a mask: 0 and 1 (True) are the two ends, black and white, as
    the stream reads them (``(gray > 128).astype(np.uint8)`` was a black page with a digit of 1/255, "no ink").
    Other non-negative integers, whatever their dtype, are read in the narrowest of the widths pictures are saved
    in that holds them (``SAVED_DEPTHS``): 8 bits, a sensor's 10, 12 or 14 bits in a 16-bit file, 16 bits; their
    own min…max beyond that. A lab camera's 12-bit picture (0…4,095) in uint16 was read as 0…65535, its white
    paper 6 % grey: "empty". (uint8 is 0…255 as before; a uint16 picture reaching past 16,383 is 0…65535.) Floats are
    [0, 1], or 0…255 where their largest value is above 2 (a common convention); what lies beyond is clipped.
    Resampling overshoots: a [0, 1] digit enlarged with a bicubic filter holds -0.1…1.12, and was read as 0…255
    values, a black page ("no ink"); a 0…255 picture whose brightest pixel is 2 is black all the same.
    """
    if arr.dtype == bool:
        return 0.0, 1.0
    if arr.dtype.kind == "c":  # numbers all the same: "not numeric" was false, and gave no way on
        raise TypeError(
            f"image dtype {arr.dtype} holds complex numbers, not a picture's shades: image.real, or np.abs(image) "
            "for a magnitude, gives real ones"
        )
    if arr.dtype.kind not in "iuf":  # NumPy counts durations (timedelta64) as integers: they failed in a comparison
        held = f" (holding {objects_held(arr)})" if arr.dtype == object else ""
        raise TypeError(
            f"image dtype {arr.dtype} is not numeric{held}: pass ints of 64 bits, floats, Fractions or Decimals"
        )
    counted = _shown(arr)
    # .item(): Python numbers, so ``top - bottom`` cannot overflow the dtype (int8: 127 - (-128) wraps to -1).
    top, bottom = counted.max().item(), counted.min().item()  # NaN propagates through both: no full-size mask
    if np.issubdtype(arr.dtype, np.floating):
        finite = np.isfinite(top) and np.isfinite(bottom) and (counted is arr or np.isfinite(arr).all())
        if not finite:  # a long double's 1e400 is finite, float("inf") is not
            raise ValueError("image contains NaN or infinite values")
        return 0.0, 255.0 if top > 2.0 else 1.0
    if bottom >= 0 and top <= 1:
        return 0.0, 1.0
    if bottom >= 0 and top <= SAVED_DEPTHS[-1]:
        return 0.0, float(saved_depth(top))
    return bottom, float(max(top - bottom, 1))  # an int: float(2**62 + 3) is 2**62


def _shown(arr: np.ndarray) -> np.ndarray:
    """The values that decide a picture's value range: all of them, but of a float or wide-integer picture with
    an alpha channel, the colours hidden under full transparency are left out. A float RGBA digit in [0, 1] whose
    transparent pixels held 255 was read as 0…255 values, its strokes a black page ("no ink"). (uint8, an 8-bit
    file's, has its full range whatever it holds; a 16-bit file's range is chosen by its values, so it counts too.)"""
    if arr.ndim != 3 or arr.shape[2] not in (2, 4) or arr.dtype == np.uint8:
        return arr
    alpha = arr[:, :, -1]
    return np.concatenate([alpha.ravel(), arr[:, :, :-1][alpha != 0].ravel()])


def _minus_low(values: np.ndarray, low: float) -> np.ndarray:
    """``values - low`` (``low`` from :func:`_value_range`), exact for integers far from 0: as float64 (53 bits),
    2**62 + 0…255 was one shade, a blank page. They are subtracted as integers, wrapping into [0, span]."""
    if low == 0:
        return values
    return values.astype(np.uint64) - np.uint64(low % 2**64)


def _box_sums(a: np.ndarray, factor: int, axis: int) -> np.ndarray:
    """float32 sums of runs of ``factor`` entries along ``axis`` (0 or 1); the last run ends at the edge."""
    n = a.shape[axis]
    full = n // factor * factor
    cut = (slice(None),) * axis
    shape = (*a.shape[:axis], n // factor, factor, *a.shape[axis + 1 :])
    sums = a[(*cut, slice(0, full))].reshape(shape).sum(axis=axis + 1, dtype=np.float32)
    if full == n:
        return sums
    tail = a[(*cut, slice(full, n))].sum(axis=axis, keepdims=True, dtype=np.float32)
    return np.concatenate([sums, tail], axis=axis)


COUNTED_FACTOR = 8  # boxes up to this side are summed a row (a column) of boxes at a time: 2 × 8 slices a block;
# a 60,001 × 7 picture's boxes of 30² took 4 ms in reductions, 19 so sliced


def _counted_box_sums(block: np.ndarray, factor: int) -> np.ndarray:
    """:func:`_box_sums` down, then across, of 8-bit shades or a mask (``block``), bit for bit: sums of whole
    numbers under 2**24, exact in float32 as in integers. Added a row (a column) of boxes at a time, as integers: the
    float32 reductions, cast from uint8 as they went, took 260 of a 4000 × 3000 photo's 475 ms; so, 90."""
    down = np.zeros((-(-block.shape[0] // factor), *block.shape[1:]), np.uint32)
    for row in range(factor):
        part = block[row::factor]
        down[: part.shape[0]] += part
    sums = np.zeros((down.shape[0], -(-block.shape[1] // factor), *block.shape[2:]), np.uint32)
    for column in range(factor):
        part = down[:, column::factor]
        sums[:, : part.shape[1]] += part
    return sums.astype(np.float32)


def reduction_factor(height: int, width: int) -> int:
    """The side of the boxes a picture larger than ``MAX_INPUT_SIDE`` is averaged in (1: it is not reduced).

    The one definition both reducers use — ``prereduce`` here and ``rowreader.picture_pixels._shrunk`` — so a picture
    Pillow has shrunk arrives at ``to_mnist`` no larger than ``MAX_INPUT_SIDE`` and is not reduced twice."""
    return -(-max(height, width) // MAX_INPUT_SIDE)


def prereduce(arr: np.ndarray) -> np.ndarray:
    """Box-average an input whose longer side exceeds ``MAX_INPUT_SIDE`` into float32 values in [0, 1].

    The later steps make several float64 copies of the whole image, gigabytes for a 10,000² one; this works
    in blocks of a few output rows and columns, so memory stays bounded by the reduced size. Averaging is linear,
    so it commutes with the value scaling and the RGB → grey weights that ``_unit`` and ``_to_grey`` apply
    afterwards.
    Boxes at the picture's edge end there: padding them to whole boxes asked a 58-kB PNG of 1 × 60,000,000 pixels
    for 6 TiB. ``rowreader.picture_pixels._shrunk`` does the same averaging on a file's 8-bit pixels before NumPy ever
    holds them; this one takes any array (a library caller's, a 16-bit or float picture).
    """
    factor = reduction_factor(*arr.shape[:2])
    if factor <= 1:
        return arr
    return box_average(arr, factor, *_value_range(arr))


def box_average(arr: np.ndarray, factor: int, low: float = 0.0, span: float = 1.0) -> np.ndarray:
    """``arr`` averaged in boxes of ``factor``² pixels (``arr`` itself where ``factor`` is 1), as float32 in [0, 1]
    (``(value - low) / span``, clipped), in blocks: :func:`prereduce`'s averaging, which
    ``rowreader.picture_sixteen_bit`` also gives a 16-bit colour PNG's values a stripe at a time."""
    if factor <= 1:
        return arr
    height, width = arr.shape[:2]
    out_h, out_w, channels = -(-height // factor), -(-width // factor), arr.shape[2:]
    out = np.empty((out_h, out_w, *channels), np.float32)
    # Colours with an alpha are averaged weighted by it, as Pillow averages a file's and as they are composited: a
    # transparent pixel's hidden colour (white under black strokes) paled the strokes' edges, a file's not.
    weighted = channels in ((2,), (4,))
    # 8-bit shades (or a mask) are whole numbers whose box sums float32 holds exactly (under 2**24), however added
    counted = not weighted and arr.dtype in (np.uint8, bool) and factor <= COUNTED_FACTOR
    band, columns = 16, 256  # output rows and columns per block
    for r in range(0, out_h, band):
        for c in range(0, out_w, columns):
            block = arr[r * factor : (r + band) * factor, c * factor : (c + columns) * factor]
            if arr.dtype.kind == "f":  # clipped before averaging, as _unit clips a picture it does not reduce:
                block = np.clip(block, low, low + span)  # pixels of ±3e38 overflowed the float32 sums, to NaN
            block = _minus_low(block, low)
            if weighted:
                block = block.astype(np.float32)
                block[:, :, :-1] *= block[:, :, -1:]
            # else rows first, then columns: two contiguous reductions are several times faster than one over (1, 3)
            sums = _counted_box_sums(block, factor) if counted else _box_sums(_box_sums(block, factor, 0), factor, 1)
            out[r : r + sums.shape[0], c : c + sums.shape[1]] = sums
    # Edge boxes may be partial: divide each by its real pixel count.
    row_count = np.minimum(factor, height - factor * np.arange(out_h)).astype(np.float32)
    col_count = np.minimum(factor, width - factor * np.arange(out_w)).astype(np.float32)
    counts = np.outer(row_count, col_count).reshape(out_h, out_w, *(1 for _ in channels))
    if weighted:  # Σ colour·alpha / Σ alpha; where nothing is painted, Σ colour·alpha is 0
        alpha = out[:, :, -1:]
        np.divide(out[:, :, :-1], alpha, out=out[:, :, :-1], where=alpha > 0)
        alpha /= counts
    else:
        out /= counts
    out /= span
    return np.clip(out, 0.0, 1.0, out=out)


# What an image array may hold per pixel: grey, grey + alpha (NumPy's array of a PIL "LA" or "PA" picture), RGB, RGBA.
CHANNELS = (1, 2, 3, 4)
SHAPES = "a 2-D grey, grey + alpha, RGB or RGBA image"


LUMA = np.array([0.299, 0.587, 0.114])  # the weights of red, green and blue in a colour's luminance (ITU-R 601)


def _unit(image: np.ndarray) -> np.ndarray:
    """Any 2-D grey, grey + alpha, RGB or RGBA array of any numeric dtype → float64 values in [0, 1]."""
    arr = np.asarray(image)
    low, span = _value_range(arr)
    exact = arr.dtype in (np.uint8, np.uint16, bool)  # these map onto [0, 1] exactly: nothing to clip
    if arr.dtype.kind == "f" and arr.dtype.itemsize > 8:  # long doubles beyond float64's range (1e400) are
        arr = np.clip(arr, low, low + span)  # clipped first, not overflowed to inf in the cast (a NumPy warning)
    arr = _minus_low(arr, low).astype(np.float64)  # a copy: the caller's array is never changed
    arr /= span
    if not exact:
        np.clip(arr, 0.0, 1.0, out=arr)
    return arr


def _to_grey(arr: np.ndarray) -> np.ndarray:
    """:func:`_unit`'s values → float64 luminance in [0, 1], transparency composited over paper (``arr``: 2-D, or
    with 1 to 4 channels last, as :func:`normalise` checked)."""
    if arr.ndim == 2:
        return arr
    channels = arr.shape[2]
    grey = arr[:, :, 0] if channels <= 2 else _luminance(arr)
    if channels in (1, 3):
        return grey
    alpha = arr[:, :, -1]
    if alpha.max() == 0:  # nothing painted: a page of paper, whatever colours lie hidden under it
        return np.ones_like(grey)
    if np.ptp(alpha) == 0:
        return grey
    paper = _paper_behind(grey, alpha > alpha.max() / 2)
    return grey * alpha + paper * (1.0 - alpha)


def _luminance(arr: np.ndarray) -> np.ndarray:
    """The luminance of RGB(A) ``arr`` (:data:`LUMA`'s weights), as red plus the weighted steps to green and blue:
    a grey pixel (R = G = B) is its own shade, bit for bit. ``arr @ LUMA`` took 3 of 255 down by 1e-18 (the weights
    sum to 0.9999999999999999), and a faint digit saved as RGB lost its pixels at exactly a tenth of its ink, which
    its grey PNG kept: `rowreader predict` read the grey one a 4 (93.2 %), the RGB one "too small to be a digit"."""
    red = arr[:, :, 0]
    # (red + green's step) + blue's step, as written out, in two arrays, not five (a 2048² photo's are 32 MB each)
    grey = np.subtract(arr[:, :, 1], red)
    grey *= LUMA[1]
    grey += red
    blue = np.subtract(arr[:, :, 2], red)
    blue *= LUMA[2]
    grey += blue
    return grey


def _colour_ink(arr: np.ndarray) -> np.ndarray | None:
    """For an opaque colour picture (:func:`_unit`'s values), a grey of how far each pixel's colour lies from the
    paper's towards the ink's, the ink dark where it is darker than the paper; ``None`` for other pictures.

    Asked when the luminance shows no ink: a red pen on green paper (luminance 0.42 and 0.49, under
    ``MIN_CONTRAST`` apart) was "no ink", a digit any eye sees at once."""
    if arr.ndim != 3 or arr.shape[2] not in (3, 4):
        return None
    if arr.shape[2] == 4 and (np.ptp(arr[:, :, 3]) > 0 or arr[0, 0, 3] == 0):  # transparent, some or all of it
        return None
    # a channel at a time, never all three's differences at once: for a blank 2,048² page (every larger picture is
    # averaged to that) they, their squares and the copy of every pixel "near the ink" took 292 MB and a second
    channels = [arr[:, :, channel] for channel in range(3)]
    paper = [np.median(_border(channel)) for channel in channels]
    differences = (channel - shade for channel, shade in zip(channels, paper, strict=True))
    distance = _summed(np.square(difference, out=difference) for difference in differences)
    distance = np.sqrt(distance, out=distance)
    if (farthest := distance.max()) == 0:  # one colour throughout: no ink
        return None
    near = distance >= farthest / 2  # the ink's pixels
    towards = np.array([(channel[near] - shade).mean() for channel, shade in zip(channels, paper, strict=True)])
    length = float(np.linalg.norm(towards))  # the ink's colour, seen from the paper
    if length == 0:
        return None
    along = towards / length
    differences = (channel - shade for channel, shade in zip(channels, paper, strict=True))
    ink = _summed(
        np.multiply(difference, step, out=difference) for difference, step in zip(differences, along, strict=True)
    )
    # a camera's colour noise: its grain, both ways, before the clip, weighed as the grey's is (black to white spans
    # √3 of colour, 1 of grey)
    if _ink_of(ink / math.sqrt(3), "light", detected=True) is None:
        return None
    ink = np.clip(ink, 0.0, 1.0)
    if ink.max() - np.percentile(_border(ink), 90) < 2 * MIN_CONTRAST:  # a tint or noise on the paper, no ink
        return None
    return 1.0 - ink if towards @ LUMA <= 0 else ink


def _summed(terms: Iterator[np.ndarray]) -> np.ndarray:
    """``sum(terms)`` bit for bit (from 0, so a first -0.0 is 0.0), added into the first term, which the caller
    does not keep (``terms`` are made for it): a blank 2,048 × 1,536 photo's colour, summed into a new array a term,
    took 156 of its 440 ms, much of it fresh memory."""
    total = next(terms)
    total += 0.0
    for term in terms:
        total += term
    return total


# A coffee ring: a stain lets red through best and blue least, so it darkens a page's blue most, its green about
# halfway and its red a quarter to a half as much (a rim letting through 0.78, 0.62, 0.45: 0.22, 0.38, 0.55 of the
# paper); no pen does (black and pencil darken all three alike, a blue biro blue least, a red pen green and blue
# alike, an orange one no red). Read as ink, a ring on a blank page was a digit 11 of 12 times, and a digit beside
# one was read with it (4 of 12 right).
STAIN_RED = (0.2, 0.55)  # a stain darkens red by this share of blue's darkening
STAIN_GREEN = (0.35, 0.9)  # and green by this share
STAIN_BLUE = MIN_CONTRAST / 8  # blue darkened this much at the least, on average round a pixel
STAIN_BOX = 5  # px a side over which a pixel's darkening is averaged: a camera's grain, a fifth as coarse
STAIN_DARKEST = 0.4  # of the paper's luminance, the most a stain darkens: a pen in brown ink is darker
STAIN_REACH = 16  # px round a stain where its paler pixels are stain too: a JPEG's 8-px blocks blur its colour
STAIN_SAMPLES = 256  # a stain is first looked for on every n-th pixel, n making the picture at most this many a side
STAIN_LEAST = 0.001  # of the picture, the least a stain covers: a few warm specks are the paper's grain
# of the picture's shorter side, the least half-width of a stain: a ring's faint tint fills it, broad, while a pen's
# stroke in a stain's colour (a light brown) is narrow, or a stain's colour only at its soft edges (then its middle
# is darker): such a digit, read before, was made paper (6 of 6 "no digit")
STAIN_BROAD = 0.015


def _box_mean(values: np.ndarray, side: int) -> np.ndarray:
    """Each pixel's mean over the ``side``² square about it (``side`` odd), the edge's pixels repeated past it."""
    sums = np.pad(np.pad(values, side // 2, mode="edge").cumsum(axis=0).cumsum(axis=1), ((1, 0), (1, 0)))
    total = sums[side:, side:] - sums[:-side, side:] - sums[side:, :-side] + sums[:-side, :-side]
    return total / side**2


def _stained(values: np.ndarray, paper: np.ndarray, rules: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """Where ``values`` (opaque RGB, ``paper`` its paper's colour) is stain-coloured, averaged over ``STAIN_BOX``²
    pixels (a camera's grain, a fifth as coarse), the printed ``rules`` left out; and where it is warmer (blue
    darkened no less than red, so averaged; nor, unless faint, red too little for a stain: an orange pen's strokes)
    and how much darker than the paper (in luminance) each pixel is: no darker than a stain, a warm pixel near one is
    what a JPEG's blocks left of it."""
    red, green, blue = (_box_mean(paper[channel] - values[:, :, channel], STAIN_BOX) for channel in range(3))
    darker = LUMA @ paper - _luminance(values)
    # past the paper's grain too, five times as it is averaged: a camera's blue, noisier, darkens blue most, as a
    # stain does (a blank page of such grain was read as a digit)
    grain = float(np.std(_border(values[:, :, 2])))
    stain = (blue >= max(STAIN_BLUE, grain)) & (darker <= STAIN_DARKEST * (LUMA @ paper))
    stain &= (red >= STAIN_RED[0] * blue) & (red <= STAIN_RED[1] * blue)
    stain &= (green >= STAIN_GREEN[0] * blue) & (green <= STAIN_GREEN[1] * blue)
    if rules is not None:
        stain &= ~rules
    warm = (red <= blue) & ((red >= STAIN_RED[0] * blue) | (darker < 2 * MIN_CONTRAST))
    return stain, np.where(warm, darker, np.inf)


def _without_stains(values: np.ndarray, evened: np.ndarray, rules: np.ndarray | None) -> tuple[np.ndarray, np.ndarray]:
    """``values`` (:func:`_unit`'s, opaque RGB(A)) and its grey ``evened`` (its light evened, its printed ``rules``
    lifted) with a coffee stain made paper: its pixels, and those round it warm and no darker than it (a JPEG's
    blocks blur its colour), ``values`` in place (:func:`normalise`'s own); both themselves, the very arrays, where
    ``values`` holds none. A pen's strokes over a stain are darker than it, and stay; so do the rules (a stain's
    colour, averaged round a rule's pixel, outweighs it). A stain is broad and faint within (its tint), as a pen's
    stroke in a stain's colour is not: its colour counts only near such a tint. Looked for first on every n-th pixel
    (at most ``STAIN_SAMPLES`` a side), then within the stain's box: a 2048 × 1536 photo's CPU, best of 5, a load of
    11: a ringed digit 149 to 203–260 ms, a blank lined page 374–390 to 380–400, a light brown digit (no stain)
    133–139 to 146–148. Made paper within the box, in place: a copy of the whole picture was half of a ringed digit's
    normalise (221 ms, median of 7; so, 94)."""
    if values.ndim != 3 or values.shape[2] not in (3, 4) or min(values.shape[:2]) < 3:
        return values, evened
    if values.shape[2] == 4 and (np.ptp(values[:, :, 3]) > 0 or values[0, 0, 3] == 0):  # transparent: no photo
        return values, evened
    from rowreader.lighting import widened  # it needs this module's constants

    values3 = values[:, :, :3]
    paper = np.array([np.median(_border(values3[:, :, channel])) for channel in range(3)])
    step = max(1, -(-max(values.shape[:2]) // STAIN_SAMPLES))
    sampled, shade = _stained(values3[::step, ::step], paper, None if rules is None else rules[::step, ::step])
    # a stain's faint tint, where a square twice STAIN_BROAD a side fits in it (the printed rules across it counted
    # in: they cut it into strips): no pen's stroke is so broad and faint
    faint = sampled & (shade < MIN_CONTRAST)
    broad = round(STAIN_BROAD * min(sampled.shape))
    across = faint if rules is None else faint | rules[::step, ::step]
    sampled = faint & widened(~widened(~across, broad), broad, edge=False)
    if sampled.mean() < STAIN_LEAST:
        return values, evened
    rows, cols = np.flatnonzero(sampled.any(axis=1)), np.flatnonzero(sampled.any(axis=0))
    reach = STAIN_REACH + STAIN_BOX + step
    box = np.s_[
        max(rows[0] * step - reach, 0) : (rows[-1] + 1) * step + reach,
        max(cols[0] * step - reach, 0) : (cols[-1] + 1) * step + reach,
    ]
    stain, darker = _stained(values3[box], paper, None if rules is None else rules[box])
    # a stain's colour counts only near the broad stain: its blurred edge, a sampled pixel's span about it
    stain &= widened(_spread_over(sampled, step, box, values.shape[:2]), STAIN_REACH + step, edge=False)
    if not stain.any():
        return values, evened
    near = widened(stain, STAIN_REACH, edge=False) & (darker <= darker[stain].max() + GRAIN_MARGIN)
    if rules is not None:
        near &= ~rules[box]
    # made paper in place, within the box: a copy of the whole picture was half the cost of a 2048 × 1536 stain
    values[box][near, :3] = paper
    made = evened.copy()  # ``evened`` may be the picture's own grey, which a "too faint" names
    made[box][near] = _median(_border(evened))
    return values, made


def _spread_over(sampled: np.ndarray, step: int, box: tuple[slice, slice], shape: tuple[int, ...]) -> np.ndarray:
    """``box`` of a picture of ``shape`` (height, width), each pixel the pixel of ``sampled`` (its every
    ``step``-th) it lies in. The box's alone: the whole picture's was 3 MB a 2048 × 1536 photo, for a stain's box."""
    rows, cols = (range(*part.indices(size)) for part, size in zip(box, shape, strict=True))
    within = sampled[rows.start // step : -(-rows.stop // step), cols.start // step : -(-cols.stop // step)]
    spread = np.repeat(np.repeat(within, step, axis=0), step, axis=1)
    return spread[rows.start % step :, cols.start % step :][: len(rows), : len(cols)]


def _masked_as_transparent(arr: np.ndarray, masked: np.ndarray) -> np.ndarray:
    """A masked array's pixels (``arr``, its data) with an alpha channel in their own dtype, each masked pixel (any
    of its channels masked) transparent, so it is paper, as the stream reads a masked pixel as 0.

    ``np.asarray`` drops the mask: what lay under it (NaN from ``np.ma.masked_invalid``, a sentinel, old ink)
    was read as the picture. The value range is the shown pixels' own; a masked pixel holds its bottom, an opaque
    one's alpha its top, so the range is unchanged. Kept in the array's dtype, a large one is box-averaged as any
    other (a float32 copy of a 6,000² one took 21 s and 0.7 GB)."""
    hidden = masked if masked.ndim == 2 else masked.any(axis=2)
    shown = arr[~hidden]
    if shown.size == 0:  # nothing shown: a blank page
        return np.zeros((*hidden.shape, 2), np.uint8)
    low, span = _value_range(shown)
    if arr.dtype == bool:
        opaque: float | bool = True
    elif arr.dtype.kind == "f":
        opaque = low + span
    else:  # an int, kept within the dtype where float rounding took span past it (2**64 - 1 is 2.0**64)
        opaque = min(low + int(span), np.iinfo(arr.dtype).max)
    has_alpha = arr.ndim == 3 and arr.shape[2] in (2, 4)
    layers = arr if arr.ndim == 3 else arr[:, :, None]
    out = np.empty((*hidden.shape, layers.shape[2] + (not has_alpha)), arr.dtype)
    out[:, :, : layers.shape[2]] = layers
    if not has_alpha:
        out[:, :, -1] = opaque
    out[hidden] = low
    return out


def _paper_behind(grey: np.ndarray, painted: np.ndarray) -> float:
    """The shade of the paper a picture's transparent pixels stand for; ``painted`` marks the (mostly) opaque
    pixels (all of them, where the whole picture is more or less translucent).

    Transparency is paper, but the picture does not say of which shade. Strokes of one colour on nothing (a
    drawing app's PNG) stand on white or black, whichever they contrast with. When the painted pixels hold two
    shades, ink and paper, the paper is the end the pixels lying against the transparency are nearer: a GIF's
    7 anti-aliased against yellow paper, the yellow made transparent, has a yellowish halo round its strokes
    (it was composited over black, by the average of its painted pixels, so the halo read as ink and the 7 as
    an 8), and a page turned or cut out in an editor has its own paper round its edge. The ends are percentiles,
    so that a few stray pixels do not make one colour two."""
    shades = grey[painted]
    dark, light = np.percentile(shades, (1, 99))
    inside = painted.copy()  # painted pixels whose four neighbours are painted too (or beyond the picture)
    inside[1:] &= painted[:-1]
    inside[:-1] &= painted[1:]
    inside[:, 1:] &= painted[:, :-1]
    inside[:, :-1] &= painted[:, 1:]
    edge = grey[painted & ~inside]
    if light - dark < MIN_CONTRAST or edge.size == 0:  # one colour, or no pixel lies against transparency
        return 0.0 if shades.mean() > 0.5 else 1.0
    return float(light if light - np.median(edge) < np.median(edge) - dark else dark)


def _border(grey: np.ndarray) -> np.ndarray:
    """The pixels round a picture's edge, where its paper shows. A picture one or two pixels across is all edge
    along its length, so there only its two ends count: a 5,000 × 3 picture of a 1 (averaged to one column) or a
    1,500 × 1 one had a border mostly of ink, and its paper above and below the stroke was read as two dots."""
    height, width = grey.shape
    if width <= 2 < height:
        return np.concatenate([grey[0], grey[-1]])
    if height <= 2 < width:
        return np.concatenate([grey[:, 0], grey[:, -1]])
    return np.concatenate([grey[0], grey[-1], grey[:, 0], grey[:, -1]])


def _median(shades: np.ndarray) -> float:
    """``np.median(shades)`` of shades in [-1, 1], bit for bit, and at once where every shade is the same.

    A drawing's, an MNIST digit's or a scan's border is one shade all round, and finding the ink took its median
    three times a picture, each a partition and a mean costing more than the rest of the ink finding on a 28² digit.
    NumPy's mean is a sum from +0.0, so a border of -0.0 has the median 0.0: hence the ``+ 0.0``."""
    if shades.size and (shades == shades[0]).all():
        return float(shades[0]) + 0.0
    return float(np.median(shades))


def _ink(grey: np.ndarray, ink: Ink) -> tuple[np.ndarray, InkColour | None]:
    """Map luminance to ink in [0, 1] (background 0), detecting dark-on-light from the border if asked; with the
    ink's colour as read (None where "auto" found no ink), so that a reader can say which it was.

    The border's shade is only a first guess: a photo of paper in dim light (paper 0.4, ink 0.1) had its strokes
    looked for as light ones on a dark background and was "empty". When nothing stands out on the guessed side,
    the other side is tried. Nor is the camera's noise ink: on grey paper below the middle (110 of 255, noise σ 8)
    its brightest specks were read as light ink and the dark 7 lost, so where the guessed side reaches less than
    twice the paper's grain and the other side further, the other is tried first."""
    if ink != "auto":
        found = _ink_of(grey, ink, detected=False)
        return (found if found is not None else np.zeros_like(grey)), ink
    guess: InkColour = "dark" if _median(_border(grey)) > 0.5 else "light"
    if (reach := _in_grains(grey, guess)) < 2 and _in_grains(grey, _OTHER[guess]) > reach:
        guess = _OTHER[guess]
    for colour in (guess, _OTHER[guess]):
        if (found := _ink_of(grey, colour, detected=True)) is not None:
            return found, colour
    return np.zeros_like(grey), None


def _ink_past_rules(grey: np.ndarray, ink: Ink, rules: np.ndarray | None) -> tuple[np.ndarray, InkColour | None]:
    """:func:`_ink` of a page whose printed ``rules`` were lifted (``None``: none were), no ink where no more than
    ``RULE_SPECKS`` pixels away from them (:func:`rowreader.lighting.away_from_rules`) stand out ``GRAIN_MARGIN``
    from the paper: what stands out is what is left of the rules, their soft edges and a JPEG's ringing, as dark as
    faint ink (a blank squared page was read as a 4, its box the whole page). A digit's strokes reach past them, a
    pencil's too; its ink is as before, bit for bit. So is ink darker than any printed rule (``MIN_RULE_SHADE`` of
    the paper's light), more than a speck of it: no rule leaves that (none of 160 blank pages a pixel), and a small
    digit in a dark pen over the rules has few pixels past them (a 3 of 33 px on a squared page, 7)."""
    from rowreader.lighting import MIN_RULE_SHADE, away_from_rules  # it needs this module's constants

    strokes, read_in = _ink(grey, ink)
    if read_in is None or rules is None or (away := away_from_rules(rules)) is None:
        return strokes, read_in
    oriented = 1.0 - grey if read_in == "dark" else grey
    paper = _median(_border(oriented))
    if np.count_nonzero((oriented >= paper + GRAIN_MARGIN) & away) > RULE_SPECKS:
        return strokes, read_in
    if not too_few_pixels(oriented >= paper + (1.0 - MIN_RULE_SHADE) * (1.0 - paper)):
        return strokes, read_in
    return np.zeros_like(strokes), None


def finds_ink(grey: np.ndarray) -> bool:
    """Whether any ink, of either colour, stands out of ``grey`` (luminance in [0, 1], its light taken as it is):
    :mod:`rowreader.lighting` asks it of a grainy page lifted out of a deep shadow, a blank one's only."""
    return bool((_ink(grey, "auto")[0] >= INK_THRESHOLD).any())


def _in_grains(grey: np.ndarray, ink: InkColour) -> float:
    """How far the farthest shade of ``ink`` lies from the paper's, in reaches of the paper's grain (as
    :func:`_ink_of` measures it): ink reaches far past it, a camera's noise about one reach. Infinite where the
    paper has no grain; NaN, which compares with nothing, where the border spreads unevenly about its shade, ink
    among it (a tight crop's border mostly of ink, whose "grain" is the ink's contrast): no grain is believed."""
    oriented = 1.0 - grey if ink == "dark" else grey
    border = _border(oriented)
    background = _median(border)
    grain = _grain(border, background)
    if _lopsided(border, background, grain):
        return math.nan
    return (float(oriented.max()) - background) / grain if grain > 0 else math.inf


def _grain(border: np.ndarray, background: float) -> float:
    """How far the paper's grain reaches past its shade ``background`` (ink upwards, as oriented). Ink lies on one
    side of the paper's shade, the grain on both: measured on the other side, a digit touching the border (a tight
    crop) is not taken for grain."""
    return GRAIN_REACH * _median(background - border[border <= background])


def _lopsided(border: np.ndarray, background: float, grain: float) -> bool:
    """Whether ``border`` spreads twice as far below ``background`` (its ``grain``) as above it: ink among it, a
    tight crop's border mostly of ink, whose "grain" is the ink's contrast. A grain spreads both ways."""
    return grain > 2 * GRAIN_REACH * _median(border[border >= background] - background)


def _paper_grain(border: np.ndarray, background: float, grain: float, lags: tuple[int, ...] = GRAIN_LAGS) -> bool:
    """Whether ``grain`` is a paper's: it spreads both ways alike (not :func:`_lopsided`), and from pixel to pixel,
    or a few pixels on (``GRAIN_LAGS``: a blurred texture), as far as over the whole border (a light falling across
    it spreads far, yet slowly); noise over the whole range is no paper's grain (``PAPER_GRAIN``). Only a border of
    ``GRAIN_PARTS`` × 16 pixels or more tells: a 2 × 1 picture's one black pixel is its border too."""
    if border.size < GRAIN_PARTS * 16 or grain > PAPER_GRAIN or _lopsided(border, background, grain):
        return False
    step = max(_median(np.abs(border[lag:] - border[:-lag])) for lag in lags)
    return grain <= 2 * GRAIN_REACH * step


def _grain_either_way(border: np.ndarray, background: float) -> float | None:
    """The grain of a paper about ``background``, measured away from this reading's ink (:func:`_grain`) where that
    is a paper's (:func:`_paper_grain`), else away from the other colour's (``border`` mirrored about its shade):
    a band of the other colour along an edge (a shadow not quite lifted) spreads this side, and its grain was then
    taken for none, every speck of it ink. ``None`` where neither side's is a paper's grain."""
    for side in (border, 2 * background - border):
        grain = _grain(side, background)
        if _paper_grain(side, background, grain):
            return grain
    return None


def _only_grain(border: np.ndarray, background: float, grain: float, top: float) -> bool:
    """Whether the picture's farthest shade ``top`` lies within the grain of ``border`` (about ``background``), a
    paper's grain (:func:`_paper_grain`): a blank page's noise. Lifted out of a shadow a grain is coarser where
    the shadow was, so the coarsest of the border's parts (GRAIN_PARTS) is asked. A blank page with 1-2 % grain lit
    across to a quarter, lifted, was read as a 9 at 72 %, its grain taken for a tight crop's ink."""
    if not _paper_grain(border, background, grain, lags=(1,)):  # a texture's parts, a few specks each, vary
        return False
    below = (background - part[part <= background] for part in np.array_split(border, GRAIN_PARTS))
    return background + GRAIN_REACH * max(_median(part) for part in below if part.size) >= top


def _ink_of(grey: np.ndarray, ink: Ink, detected: bool) -> np.ndarray | None:
    """Ink of the colour ``ink`` in [0, 1], or None when nothing of that colour stands out from the border."""
    if ink == "dark":
        grey = 1.0 - grey
    top = grey.max()
    if top - grey.min() < MIN_CONTRAST:  # a page of one shade holds no digit, whatever the ink colour
        return None
    border = _border(grey)
    background = _median(border)
    grain = _grain(border, background)
    everywhere = background >= top  # nothing stands out from the border
    if everywhere:
        if detected:  # a blank page of any shade, e.g. uniform grey, or ink of the other colour
            return None
        background, grain = 0.0, 0.0  # the caller named the ink colour, so this is ink everywhere
    if top - background < MIN_CONTRAST:  # e.g. a scanned blank page of 250–255: stretching it would invent a digit
        return None
    if detected and _only_grain(border, background, grain, top):
        return None  # the paper's grain reaches as far as anything on it: a blank page's noise, lifted or not
    # the paper's grain, measured so whether the ink was named or found: a photo read as found and as named in
    # the same ink gave two images (the forty-ninth round's inkapp property failed)
    if not everywhere and (paper_grain := _grain_either_way(border, background)) is not None:
        if detected and top - background - paper_grain < GRAIN_MARGIN:  # nothing stands out of it as ink must
            return None
        grain = paper_grain
    elif grain > (top - background) / 2:  # no grain that coarse: a border mostly of ink (a tight crop), as before
        grain = 0.0
    paper = min(background + grain, top - MIN_CONTRAST)  # the paper's shades reach as far as its grain
    ink_map = grey - paper
    ink_map /= top - paper
    return np.clip(ink_map, 0.0, 1.0, out=ink_map)


@dataclass(frozen=True)
class Placement:
    """Where ``to_mnist`` took the digit from in the picture and where it put it in the 28×28 image.

    It maps the rows the reader reads back onto the picture, so a view of the drawing can show them.
    """

    crop: tuple[float, float, float, float]  # top, left, bottom, right (exclusive) of the ink, in picture pixels
    box: tuple[int, int, int, int]  # top, left, height, width of the scaled digit in the 28×28 image

    def __post_init__(self) -> None:
        """A placement of no size is refused here: a hand-made ``Placement((0, 0, 0, 0), …)`` was taken by the
        session's ``set_image``, and ``row_at`` then divided by zero (a box of no height did in ``rows_per_row``)."""
        crop, box = tuple(np.asarray(self.crop).tolist()), tuple(np.asarray(self.box).tolist())
        if len(crop) != 4 or not all(isinstance(v, int | float) and np.isfinite(v) for v in crop):
            raise ValueError(f"crop must be 4 finite numbers (top, left, bottom, right), got {self.crop!r}")
        if len(box) != 4 or not all(type(v) is int for v in box):
            raise ValueError(f"box must be 4 whole numbers (top, left, height, width), got {self.box!r}")
        if crop[2] <= crop[0] or crop[3] <= crop[1]:
            raise ValueError(f"a placement of no size: crop {crop} ends where it begins, or above or left of it")
        if box[2] < 1 or box[3] < 1:
            raise ValueError(f"a placement of no size: box {box} is less than a pixel high or wide")

    @property
    def rows_per_row(self) -> float:
        """Picture rows per 28×28 row (the vertical scale of the crop)."""
        return (self.crop[2] - self.crop[0]) / self.box[2]

    def picture_rows(self, row: int) -> tuple[float, float]:
        """Picture rows ``[y0, y1)`` that 28×28 row ``row`` (0-based) covers; empty rows above and below the
        digit continue at the same scale (and may lie outside the picture)."""
        y0 = self.crop[0] + (row - self.box[0]) * self.rows_per_row
        return y0, y0 + self.rows_per_row

    def row_at(self, y: float) -> int:
        """The 28×28 row (0-based, clamped to 0…27) that picture row ``y`` went into."""
        return int(np.clip(np.floor(self.box[0] + (y - self.crop[0]) / self.rows_per_row), 0, ROWS - 1))


@dataclass(frozen=True)
class Normalised:
    """What ``normalise`` made of a picture: the 28×28 image and its placement, or why there is none."""

    image: np.ndarray | None  # float32 [28, 28] in [0, 1], ink = 1; None when empty or too small
    placement: Placement | None
    too_small: bool = False  # ink was found, but too little to be a digit (see rowreader.one_digit.MIN_EXTENT)
    ink: np.ndarray | None = None  # the picture's ink in [0, 1] at its own resolution (≤ MAX_INPUT_SIDE px)
    marks: int = 1  # digit-sized marks side by side in the ink read as one digit (one_digit.MIN_APART); 1 of one
    many_marks: bool = False  # the ink is many small marks (text, a screenshot: one_digit.MANY_MARKS), read as one
    read_in: InkColour | None = None  # the ink's colour as read (asked, or found); None where "auto" found none
    spread: float = 0.0  # where no ink was found, how far its own shades lay apart (of full scale)
    rules_only: bool = False  # no ink but a page's printed rules, taken away (one_digit.ruled_off) or lifted (lighting)
    reduced: bool = False  # box-averaged to MAX_INPUT_SIDE first: ``ink``'s pixels are not the picture's own


def to_mnist(
    image: np.ndarray | Image.Image, ink: Ink = "auto", normalise_strokes: bool = True, allow_small: bool = False
) -> np.ndarray | None:
    """Normalise a digit image the way MNIST was made; ``None`` if there is no ink, only paper noise, or a mark
    too small to be a digit.

    ``image``: a 2-D grey, grey + alpha, RGB or RGBA array of any size and numeric dtype (a mask of booleans or of
    0s and 1s is 0 and 1, so its 1s on a page of 0s are the digit, as the stream reads them; other integers are
    read in the narrowest saved width that holds them: 0…255, a camera's 10, 12 or 14 bits, 0…65535, beyond that
    their own minimum to maximum; floats are [0, 1], or 0…255 where their largest is above 2, what lies beyond
    clipped; a transparent or masked pixel is paper), or a PIL
    image (read as :mod:`rowreader.picture` reads a file: a palette picture by its colours, upright as its EXIF
    says, in the ink a drawing the app saved says it has, where ``ink`` is "auto"). ``ink``: ``"dark"`` for dark
    strokes on a light ground, ``"light"`` for the reverse, ``"auto"`` to tell from the image's border.
    ``normalise_strokes``: thicken hairlines and thin very heavy strokes to MNIST's relative pen width
    (:mod:`rowreader.strokes`; a digit no larger than the 20-px box, MNIST's own at 28 px, keeps its strokes) — the one
    step MNIST's makers did not need; off gives their exact recipe.
    ``allow_small``: read specks, dots and a lone flat line too (see :data:`rowreader.one_digit.MIN_EXTENT` and
    :data:`rowreader.one_digit.FLATTEST`) instead of returning ``None``.
    Returns float32 ``[28, 28]`` in [0, 1], ink = 1. :func:`normalise` also says where the digit went.
    """
    return normalise(image, ink, normalise_strokes, allow_small).image


def _leading_ones(shape: tuple[int, ...]) -> int:
    """How many axes of 1 lead ``shape`` (3-D or more) before a picture, or 0. ``[1, 28, 28]`` (torchvision's
    ``ToTensor`` of a grey digit, or MNIST's ``x[:1]``) and ``[1, 1, 28, 28]`` (a DataLoader's batch of one) are one
    picture either way, and were told "channels first? … or 1 pictures? to_mnist reads one": it says which index
    gives it. It is refused, not read: the stream, ``forward``, ``evaluate_curve`` and the session refuse torchvision's
    layout with its index too, and a caller who sent a batch of one expecting a batch back learns it here."""
    ones = 0
    while ones < len(shape) - 2 and shape[ones] == 1:
        ones += 1
        if len(shape) - ones == 2 or (len(shape) - ones == 3 and shape[-1] in CHANNELS):
            break
    return ones


def normalise(
    image: np.ndarray | Image.Image, ink: Ink = "auto", normalise_strokes: bool = True, allow_small: bool = False
) -> Normalised:
    """``to_mnist`` with its working shown: the image, its :class:`Placement`, and whether ink was too small.

    The options are checked first: ``ink="Dark"`` was refused only once a 10,000² photo had been read, averaged
    and evened out (half a second), and ``normalise_strokes="no"`` (a true string) normalised the strokes."""
    if not isinstance(ink, str) or ink not in get_args(Ink):
        raise ValueError(f"ink must be 'auto', 'dark' or 'light', got {shown(ink)}")
    for name, flag in (("normalise_strokes", normalise_strokes), ("allow_small", allow_small)):
        if not is_flag(flag):  # a list of a million was named whole; an array was NumPy's "truth value … ambiguous"
            raise flag_refused(name, flag)
    if image is None:  # it was "expected a 2-D … image, got an array of shape ()"
        raise TypeError("expected an image's pixels, got None")
    if isinstance(image, str | os.PathLike):  # it was "expected a 2-D … image, got an array of shape ()"
        raise TypeError(
            f"expected an image's pixels, got a file name ({os.fspath(image)!r}): "
            "read the picture first, with rowreader.picture.read_picture(path)"
        )
    encoded = isinstance(image, bytes | bytearray) or (isinstance(image, memoryview) and image.ndim < 2)
    if encoded or hasattr(image, "read"):  # it was "got an array of shape ()" too (a memoryview's, "(62,)")
        raise TypeError(
            f"expected an image's pixels, got {type(image).__name__} (a picture file's bytes?): read the picture "
            "first, with rowreader.picture.read_picture_data(data) (an open file's: read_picture_data(file.read()))"
        )
    image = host_array(image)  # a torch tensor: detached, on the CPU, bfloat16 as float32
    if hasattr(image, "getbands"):  # a PIL image: NumPy reads a palette picture's indices as if they were grey
        from rowreader.picture_pixels import pixels
        from rowreader.stated_ink import ink_note, stated_ink

        opened, image = image, pixels(image)
        # as its file is read: a drawing saved inked round every edge says its ink (its paper was read as the digit)
        ink = stated_ink(ink_note(opened), image, ink)
    from rowreader.lighting import even_light_and_rules  # it needs this module's constants

    try:
        arr = np.asarray(image)
    except ValueError as err:  # it was NumPy's "inhomogeneous shape after 1 dimensions"
        raise ValueError(f"expected {SHAPES}, got lists of different lengths") from err
    if arr.ndim == 0 and arr.dtype == object:  # a PenDigit was "expected …, got an array of shape ()"
        pen = (
            "; pen strokes? draw them first: to_mnist(render_strokes(digit.strokes))"
            if hasattr(image, "strokes")
            else ""
        )
        raise TypeError(f"expected an image's pixels, got {type(image).__name__}{pen or unread_hint(image)}")
    arr = as_floats(arr, "an image")  # Fractions, Decimals
    if arr.ndim not in (2, 3) or (arr.ndim == 3 and arr.shape[2] not in CHANNELS):
        if ones := _leading_ones(arr.shape):
            index = f"image[{', '.join('0' * ones)}]"
            rest = arr.shape[ones:]  # [1, 3, 28, 28]'s image[0] was then refused as channels first
            if len(rest) == 3 and rest[0] in CHANNELS and rest[-1] not in CHANNELS:
                index += ".transpose(1, 2, 0)"
            raise ValueError(
                f"expected {SHAPES}, got an array of shape {arr.shape}: a batch of one, or torchvision's channel "
                f"first? to_mnist reads one picture: {index}"
            )
        # torchvision's ToTensor gives [3, 28, 28] of a colour picture: channels first, where picture libraries put
        # them last
        first = arr.ndim == 3 and arr.shape[0] in CHANNELS
        hint = "; channels first? put them last (image.transpose(1, 2, 0), or image[0] for grey)" if first else ""
        hint = hint or channel_hint(arr.shape, (ROWS, COLUMNS))  # a flattened digit: 784 pixels
        if arr.ndim >= 3:  # MNIST's x[:4] was told to put its "channels" last: its 4th digit then read as alpha
            many = f"{arr.shape[0]} pictures? to_mnist reads one: [to_mnist(p) for p in pictures]"
            hint += f"; or {many}" if hint else f"; {many}"
        raise ValueError(f"expected {SHAPES}, got an array of shape {arr.shape}{hint}")
    if arr.ndim == 2 and arr.shape[1] == ROWS * COLUMNS and 0 < arr.shape[0] < ROWS:
        # scikit-learn's fetch_openml("mnist_784") X[:1] (or X[:10]) was read as a picture 1 (10) pixels tall: its
        # ink a bar 2 rows high, a 7 at 85 %. No digit fits such a strip: ink under 32 px across is a speck there.
        how = "image.reshape(28, 28)" if arr.shape[0] == 1 else "[to_mnist(x.reshape(28, 28)) for x in images]"
        raise ValueError(
            f"expected {SHAPES}, got an array of shape {arr.shape}: "
            f"{'a flattened digit' if arr.shape[0] == 1 else f'{arr.shape[0]} flattened digits'} of {ROWS * COLUMNS} "
            f"pixels (fetch_openml's mnist_784, a CSV)? {how}"
        )
    if arr.shape[0] == 0 or arr.shape[1] == 0:
        raise ValueError(f"image has no pixels (shape {arr.shape})")
    if np.ma.is_masked(image):
        arr = _masked_as_transparent(arr, np.ma.getmaskarray(image))
    values = _unit(prereduce(arr))
    shades = grey = _to_grey(values)  # the picture's own, which a "too faint" names: not the light evened
    lit_as = {"light_ink": ink == "light", "ink_named": ink != "auto"}  # how the light and its rules are taken
    evened, printed_rules, desk_made_paper = even_light_and_rules(grey, **lit_as)
    # the printed rules the lighting lifted: looked for already, but for light ink (then asked where no ink is found)
    rules = None if lit_as["light_ink"] else printed_rules()
    values, evened = _without_stains(values, evened, rules)
    strokes, read_in = _ink_past_rules(evened, ink, rules)
    if not strokes.any():
        picture = desk_made_paper(values)
        # the colour's pixels where the grey's printed rules were lifted are paper too (a blue-ruled page's red margin
        # made its blank page a digit), and before its ink is looked for: made paper after, the rules' blue was the
        # ink's colour, their edges and a JPEG's tinted blocks left a digit (3 of 8 blank lined pages turned 2–6°)
        if picture.ndim == 3 and (rules := printed_rules()) is not None:
            paper = [np.median(_border(picture[:, :, channel])) for channel in range(picture.shape[2])]
            picture = np.where(rules[..., None], np.array(paper), picture)
        if (colour := _colour_ink(picture)) is not None:
            shades = colour
            strokes, read_in = _ink_past_rules(colour, ink, rules)
    factor = arr.shape[0] / strokes.shape[0] if strokes.shape[0] else 1.0  # prereduce's box size, if any
    inked = strokes >= INK_THRESHOLD
    strokes *= inked  # faint noise becomes background
    # The ink's bounding box from per-row and per-column "any": two cheap reductions instead of listing every
    # inked pixel's coordinates (np.nonzero), which cost more than the rest of this function on a canvas.
    rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    box = ruled_off(inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]) if rows.size else None
    # the rules and boxes first, then a mark beside the digit left (a tick, once the page's rules are gone)
    for taken_away in (lambda crop: box, marks_apart):
        if rows.size and (away := taken_away(inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1])) is not None:
            within = (slice(rows[0], rows[-1] + 1), slice(cols[0], cols[-1] + 1))
            inked[within] &= ~away
            strokes[within] *= ~away
            rows, cols = np.flatnonzero(inked.any(axis=1)), np.flatnonzero(inked.any(axis=0))
    # how faint what is there is, so that a reader can say "too faint", not "empty": measured once the light was
    # evened, a blank page in uneven light (100 to 160 of 255) was said to differ by 0.9 % at most
    if rows.size == 0:
        spread = float(np.ptp(shades))
        # rules taken away here, or lifted with the light (grey ones, a notebook's): either way the page's only marks
        if box is None and rules is None:
            rules = printed_rules()
        ruled = box is not None or rules is not None
        return Normalised(None, None, ink=strokes, read_in=read_in, spread=spread, rules_only=ruled)
    crop = strokes[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]  # ≤ 2048 px: resizing stays cheap
    if not allow_small and (too_small(crop, max(strokes.shape)) or along_edge(inked)):
        return Normalised(None, None, too_small=True, ink=strokes, read_in=read_in, reduced=factor > 1)
    picture_crop = (
        round(rows[0] * factor),
        round(cols[0] * factor),
        min(arr.shape[0], round((rows[-1] + 1) * factor)),
        min(arr.shape[1], round((cols[-1] + 1) * factor)),
    )
    # A crop no larger than the box is only ever enlarged: its strokes are all edge at that size, so the measure
    # reads them wide (it never reads one thin), and thinning them read MNIST's own digits worse (see strokes.py).
    if normalise_strokes and max(crop.shape) > BOX:
        crop = normalise_stroke_width(crop)

    scale = BOX / max(crop.shape)
    height, width = max(1, round(crop.shape[0] * scale)), max(1, round(crop.shape[1] * scale))
    digit = resize(crop, height, width)
    if digit.sum() <= 0:  # a faint speck that anti-aliasing averaged away
        return Normalised(None, None, too_small=True, ink=strokes, read_in=read_in, reduced=factor > 1)

    # Place the digit so that its centre of mass lands on the field's centre, keeping it inside the field.
    ys, xs = np.indices(digit.shape)
    mass = digit.sum()
    com_y, com_x = (ys * digit).sum() / mass, (xs * digit).sum() / mass
    # MNIST's own digits have their mean centre of mass at (14.0, 14.0) in pixel indices
    top = int(np.clip(round(ROWS / 2 - com_y), 0, ROWS - height))
    left = int(np.clip(round(COLUMNS / 2 - com_x), 0, COLUMNS - width))
    out = np.zeros((ROWS, COLUMNS), np.float32)
    out[top : top + height, left : left + width] = digit
    inked = inked[rows[0] : rows[-1] + 1, cols[0] : cols[-1] + 1]
    placement = Placement(picture_crop, (top, left, height, width))
    marks, many = marks_side_by_side(inked), many_marks(inked)
    return Normalised(out, placement, ink=strokes, marks=marks, many_marks=many, read_in=read_in)
