"""Draw pen strokes the way the app's canvas does: a round pen, anti-aliased, black ink on a white 280-px square.

Whatever makes strokes — the synthetic generator (``training/drawn.py``) or real tablet recordings
(``rowreader/unipen.py``) — is inked here, so that training, benchmarks and the app see the same kind of picture:
the canvas (``gui/canvas.py``) strokes polylines with a round cap and round join at a width of 4–64 document units
(default 24) on a 280×280 document, and the model reads that through ``to_mnist``. Pillow has no anti-aliased
wide line, so the strokes are drawn at 2× and box-averaged down; round joins and caps are a disc at every vertex.
No Qt here: this runs wherever the library does, and in worker processes.
"""

from __future__ import annotations

import argparse
import itertools
import math
import numbers
import operator
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

from rowreader.caller_values import as_floats, flag_refused, host_array, is_flag, unread_hint
from rowreader.json_text import shown
from rowreader.model import finite, is_number, is_real
from rowreader.number_text import real_number
from rowreader.preprocess import MAX_PIXELS

CANVAS = 280  # the app's document side, in pixels
# The canvas's default brush width, in canvas pixels. At 24 px a digit ~190 px tall carries MNIST's ink and stroke
# width after to_mnist (600 UNIPEN train digits: 97 % of MNIST's mean ink, median relative width 0.134 against
# MNIST's 0.143), and the reader misreads fewer real digits than at the 28 px it was until 2 Dec 2026
# (docs/handwriting.md#the-canvass-default-brush: train writers 68 → 58 of 11,983, test writers 49 → 38 of 3,020).
DEFAULT_PEN = 24.0
MIN_PEN, MAX_PEN = 4.0, 64.0  # the canvas's brush widths, its narrowest and widest
DEFAULT_SIZE = 190 / CANVAS  # a digit drawn ~190 px tall, as people draw on the canvas (gui/demo.py's digits too)
MIN_STEP = 0.75  # the canvas records a new point only after the pointer moved this far (canvas pixels)
MARGIN = 2.0  # canvas pixels kept free between the ink and the canvas edge
SUPERSAMPLE = 2  # anti-aliasing: draw at this factor, then box-average down
# Wider than any picture drawn (MAX_PIXELS is 11,585²): a pen of 1e6 px drew for over a minute (Pillow's disc) and
# one of 3e9 failed in Pillow's words ("signed integer is greater than maximum").
WIDEST_PEN = 2.0**16


def brush_argument(text: str) -> float:
    """``type=`` of a benchmark's ``--brush``: a width the canvas draws with, :data:`MIN_PEN` to :data:`MAX_PEN`
    canvas pixels. bench_prototypes took any float and met `--brush nan` after reading MNIST and UNIPEN, as a
    traceback; bench_finetune and bench_handwriting refused it after the command line was read. Text that is no
    number is refused in the same words as a number beyond the range (a decimal comma gets its hint)."""
    value = real_number(MIN_PEN, MAX_PEN, wanted=BRUSH_WIDTHS)(text)
    if not MIN_PEN <= value <= MAX_PEN:  # not: NaN too
        raise argparse.ArgumentTypeError(f"must be {BRUSH_WIDTHS}, got {shown(text)}")
    return value


BRUSH_WIDTHS = f"from {MIN_PEN:g} to {MAX_PEN:g} canvas pixels"  # what --brush takes
brush_argument.__name__ = "float"  # a real number's flag


def checked_strokes(
    strokes: Sequence[np.ndarray], dtype: type[np.floating] = np.float64, *, parsed: bool = False
) -> list[np.ndarray]:
    """``strokes`` as ``dtype`` ``[n, 2]`` arrays of finite (x, y); else a TypeError or ValueError naming the stroke.

    The one check of strokes, wherever they come from: a caller's argument, a line of the UNIPEN file (which keeps
    float32 and adds the file and line to the error), or a kept example's sidecar (:func:`checked_stroke`, one at a
    time). One stroke passed bare (an ``[n, 2]`` array, not a list of them) failed as "The truth value of an array …
    is ambiguous", an empty one as "zero-size array to reduction operation", and text or complex coordinates were
    drawn (complex ones losing their imaginary part with a NumPy warning). ``parsed``: see :func:`checked_stroke`.
    """
    if isinstance(strokes, np.ndarray) and strokes.ndim == 2:
        raise ValueError(f"strokes must be a list of [n, 2] arrays, got one {strokes.shape} array: pass [stroke]")
    try:
        return [checked_stroke(stroke, k, dtype, parsed=parsed) for k, stroke in enumerate(strokes)]
    except TypeError:  # a PenDigit was "'PenDigit' object is not iterable"
        if hasattr(strokes, "__iter__"):
            raise
        its = ": pass its strokes (digit.strokes)" if hasattr(strokes, "strokes") else ""
        raise TypeError(f"strokes must be a list of [n, 2] arrays, got {type(strokes).__name__}{its}") from None


def checked_stroke(
    stroke: object, k: int = 0, dtype: type[np.floating] = np.float64, *, parsed: bool = False
) -> np.ndarray:
    """Stroke number ``k`` as a ``dtype`` ``[n, 2]`` array of finite (x, y), n ≥ 1; else an error naming it. A
    coordinate finite in float64 but too large for float32 (1e300) is refused too: it would be infinite. A torch
    tensor is its values; a masked point is refused: it was drawn where its hidden value lay, as if never masked.

    ``parsed``: the stroke is parsed JSON (lists of numbers), which holds no tensor, so none is looked for. Looking
    walks the lists point by point: 820,403 Python calls, 5 of the 7 s that reading UNIPEN's 15,003 digits took."""
    if np.ma.is_masked(stroke):
        raise ValueError(f"stroke {k} has masked points: split the stroke where they lie, or leave them out")
    if not parsed:  # "Can't call numpy() on Tensor that requires grad", "unsupported ScalarType BFloat16"
        stroke = host_array(stroke)
    try:
        raw = np.asarray(stroke)
        # An object array of small ints (pandas' values) was refused as "null, text or an integer beyond 64 bits":
        # it is read as its values; those stay objects.
        if raw.dtype.kind == "O":
            stroke = raw.tolist()
            raw = np.array(stroke) if raw.size else raw.astype(float)
    except ValueError as err:  # ragged lists
        raise ValueError(f"stroke {k} is not a list of (x, y) points") from err
    if raw.ndim == 0 and raw.dtype == object:  # NumPy wraps a generator whole: it was "null, text or an integer …"
        raise TypeError(f"stroke {k} must be a list of (x, y) points, got {type(stroke).__name__}{unread_hint(stroke)}")
    raw = as_floats(raw, f"stroke {k}")  # Fractions, Decimals: as the pen's width takes them
    if raw.dtype.kind not in "iuf":  # no text, booleans, None, complex or ints too large for int64
        what = "null, text or an integer beyond 64 bits" if raw.dtype.kind == "O" else raw.dtype
        raise TypeError(f"stroke {k} has coordinates that are not real numbers ({what})")
    if raw.ndim != 2 or raw.shape[1] != 2 or not len(raw):
        # a glyph of one stroke passed bare, [(0, 0), (1, 1)], has (x, y) pairs for strokes
        bare = (
            "; one point? a stroke is a list of (x, y) points, a glyph a list of strokes" if raw.shape == (2,) else ""
        )
        raise ValueError(f"stroke {k} must be a non-empty [n, 2] array of (x, y) points, got shape {raw.shape}{bare}")
    if _holds_a_flag(stroke):  # said as a stroke of flags alone is
        raise TypeError(f"stroke {k} has coordinates that are not real numbers (bool)")
    with np.errstate(over="ignore"):  # too large for dtype: refused just below
        points = raw.astype(dtype, copy=False)
    if not np.isfinite(points).all():
        too_large = f" or too large for {np.dtype(dtype).name}" if np.isfinite(raw).all() else ""
        raise ValueError(f"stroke {k} has coordinates that are not finite{too_large}")
    return points


def _holds_a_flag(points: object) -> bool:
    """Whether ``points``, as given (lists of (x, y) points), hold a bool, NumPy's or Python's (JSON's true): NumPy
    makes ``[[0, True]]`` integers, read as (0, 1), where ``[[True, False]]`` is bool and refused. Told by type in
    C (map, chain): UNIPEN's 15,003 digits are read through here."""
    if not isinstance(points, list | tuple):  # an array of numbers holds none
        return False
    return not _FLAGS.isdisjoint(map(type, itertools.chain.from_iterable(points)))


_FLAGS = {bool, np.bool_}


def checked_pen(pen: float, widest: float = WIDEST_PEN) -> float:
    """``pen`` as a float in (0, ``widest``); a pen of "10" or None failed as "must be real number, not str". Any
    real number, as ``sure`` takes one: a Fraction's or a Decimal's 24 was refused as no number."""
    if not is_number(pen):
        raise TypeError(f"pen width must be a number of canvas pixels, got {shown(pen)}")
    try:
        width = float(pen)
    except OverflowError:  # a whole number past float's range (10**400) was an OverflowError from math.isfinite
        raise ValueError(f"pen width must be between 0 and {widest:g} canvas pixels, got a number past 1e308") from None
    except ValueError:  # a Decimal's sNaN: "cannot convert signaling NaN to float"
        width = math.nan
    if not (math.isfinite(width) and 0 < width < widest):
        # Decimal("1E-400") is over 0 but 0 as a float: "must be between 0 and …" of a number between them
        why = f", under the thinnest a float holds ({math.ulp(0):.0e})" if width == 0 and pen > 0 else ""
        raise ValueError(f"pen width must be between 0 and {widest:g} canvas pixels, got {shown(pen)}{why}")
    return width


def _thin(points: np.ndarray, step: float) -> np.ndarray:
    """Drop points closer than about ``step`` along the stroke (a resting pen), as the canvas does; keeps both ends."""
    if len(points) < 3:
        return points
    s = np.concatenate([[0.0], np.cumsum(np.hypot(*np.diff(points, axis=0).T))])
    bucket = np.floor(s / step)
    keep = np.ones(len(points), bool)
    keep[1:] = bucket[1:] != bucket[:-1]
    keep[-1] = True
    return points[keep]


# Pillow wraps coordinates beyond about 2**31 around: a line to x = 3e9 inked 8 pixels, one to (1e10, 1e10) half
# the canvas. Strokes reaching farther than this from the image are cut to the part that can ink it.
FAR = 2.0**20
# Strokes reaching farther are refused: they were clipped one axis at a time, which bent a line to the diagonal.
FARTHEST = 1e290


def _near_the_image(points: np.ndarray, size: tuple[int, int], pad: float) -> list[np.ndarray]:
    """The polyline ``points`` cut to the image (``size``: width, height) grown by ``pad`` on every side: the runs of
    it that can ink the image, in coordinates Pillow draws. A segment that crosses the box keeps its part inside;
    one wholly outside is gone, and the polyline goes on as a new run where it comes back."""
    low, high = np.array([-pad, -pad]), np.array(size, np.float64) + pad
    if len(points) == 1:
        return [points] if ((points >= low) & (points <= high)).all() else []
    runs: list[list[np.ndarray]] = []
    joined = False  # whether the last segment kept reached its end, so the next one continues its run
    for start, end in itertools.pairwise(points):
        step = end - start
        t0, t1 = 0.0, 1.0
        for axis in (0, 1):  # Liang–Barsky: narrow [t0, t1] to where the segment is inside the box
            for towards, room in ((-step[axis], start[axis] - low[axis]), (step[axis], high[axis] - start[axis])):
                if towards == 0:
                    t0, t1 = (t0, t1) if room >= 0 else (1.0, 0.0)
                elif towards < 0:
                    t0 = max(t0, room / towards)
                else:
                    t1 = min(t1, room / towards)
        if t0 > t1:
            joined = False
            continue
        if joined and t0 == 0.0:
            runs[-1].append(end if t1 == 1.0 else start + t1 * step)
        else:
            runs.append([start + t0 * step, end if t1 == 1.0 else start + t1 * step])
        joined = t1 == 1.0
    return [np.array(run) for run in runs]


def _supersampled(antialias: bool) -> int:
    """The factor strokes are drawn at: ``antialias="no"``, a true string, anti-aliased without a word."""
    if not is_flag(antialias):  # an array's `in` was NumPy's "truth value … ambiguous"
        raise flag_refused("antialias", antialias)
    return SUPERSAMPLE if antialias else 1


def draw_strokes(
    strokes: Sequence[np.ndarray], pen: float, size: tuple[int, int] = (CANVAS, CANVAS), antialias: bool = True
) -> np.ndarray:
    """Ink polylines given in canvas pixels (each ``[n, 2]`` of x, y; one point is a dot) with a round pen.

    Returns uint8 ``[height, width]`` (``size`` is width, height as in Pillow), the caller's to write: ink 0 on
    white 255, grey at the anti-aliased edges. Ink off the image is clipped, as on the canvas; a stroke reaching past
    ±1e290 px is refused.
    """
    pen = checked_pen(pen)
    arrays = checked_strokes(strokes)
    factor = _supersampled(antialias)
    try:
        width_px, height_px = (operator.index(side) for side in size)
    except (TypeError, ValueError) as err:
        raise TypeError(f"size must be two whole numbers of pixels (width, height), got {size!r}") from err
    if width_px < 1 or height_px < 1 or width_px * height_px * factor**2 > MAX_PIXELS:
        # size=(10**6, 10**6), or a window around strokes far apart, was allocated: the process was killed
        raise ValueError(
            f"size must be at least 1×1 and at most {MAX_PIXELS:,} pixels drawn (anti-aliasing draws 2×2 per pixel), "
            f"got {width_px}×{height_px}"
        )
    for k, points in enumerate(arrays):  # the arithmetic below (snapping, cutting to the image) stays finite
        if (reach := float(np.abs(points).max())) > FARTHEST:
            raise ValueError(
                f"stroke {k} reaches {reach:g} canvas pixels from the origin, beyond the ±{FARTHEST:g} that can be "
                "drawn; fit the strokes to the canvas first (fit_strokes and render_strokes take any units)"
            )
    image = Image.new("L", (width_px * factor, height_px * factor), 255)
    draw = ImageDraw.Draw(image)
    width = pen * factor
    r = width / 2
    for points in arrays:
        # Snapped to 1/16 px, so that moving strokes by whole pixels moves the ink exactly (Pillow's disc edges
        # otherwise flip with the last bits of the coordinates): see draw_ink_window.
        snapped = np.round(_thin(points, MIN_STEP) * (factor * 16)) / 16
        runs = [snapped] if np.abs(snapped).max() <= FAR else _near_the_image(snapped, image.size, r + 2)
        for run in runs:
            xy = [tuple(p) for p in run.tolist()]
            if len(xy) > 1:
                draw.line(xy, fill=0, width=max(1, round(width)))
            # Round joins and caps: a disc at every vertex. PIL's own joint="curve" is ~8× slower here and still
            # leaves hairline gaps between the many short segments of a smoothed curve.
            for x, y in xy:
                draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    if factor > 1:
        image = image.reduce(factor)
    # a copy of the caller's own: NumPy's view of Pillow's bytes is read-only, so a speck added to a rendering
    # (`canvas[y, x] = 0`) failed as "assignment destination is read-only", and torch.from_numpy warned
    return np.array(image)


def draw_ink_window(strokes: Sequence[np.ndarray], pen: float, antialias: bool = True) -> np.ndarray:
    """The pixels ``draw_strokes`` would put on the whole canvas, cut to the ink plus a white border.

    ``to_mnist`` crops to the ink and reads the page colour from the border, so it returns exactly the same
    28×28 image for this window as for the whole canvas — from a fraction of the pixels, which is what makes
    rendering thousands of digits per epoch affordable. The window starts at whole canvas pixels, so the
    anti-aliasing grid, and with it every pixel, is the same. One difference: ``to_mnist`` judges "too small to
    be a digit" relative to the picture, so a dot that the whole canvas would refuse is read in its window; a
    glyph fitted to a digit's size (``fit_strokes``) is never that small.
    """
    arrays, pen = checked_strokes(strokes), checked_pen(pen)
    if not arrays:  # it was NumPy's "need at least one array to concatenate"
        raise ValueError("a glyph needs at least one stroke")
    points = np.concatenate(arrays)
    pad = pen / 2 + MARGIN + 1
    lo, hi = np.floor(points.min(axis=0) - pad), np.ceil(points.max(axis=0) + pad)
    factor = _supersampled(antialias)
    with np.errstate(over="ignore"):  # strokes ±1e308 apart span infinity: refused just below
        span = hi - lo
        drawn = float(span.prod()) * factor**2
    if not drawn <= MAX_PIXELS:  # it was draw_strokes' "size must be …, got 134217729×12", a size nobody gave
        width, height = (f"{side:g}" if math.isfinite(side) else "over 1e308" for side in span)
        raise ValueError(
            f"the strokes span {width} × {height} canvas pixels with the pen, and at most {MAX_PIXELS:,} pixels "
            f"can be drawn{' (anti-aliasing draws 2×2 per pixel)' if antialias else ''}; fit them to the canvas "
            "first (fit_strokes)"
        )
    return draw_strokes([a - lo for a in arrays], pen, (int(span[0]), int(span[1])), antialias)


def fit_strokes(
    strokes: Sequence[np.ndarray],
    pen: float = DEFAULT_PEN,
    size: float = DEFAULT_SIZE,
    centre: tuple[float, float] = (0.5, 0.5),
    side: int = CANVAS,
) -> list[np.ndarray]:
    """Scale a glyph (strokes in any units, y down) to canvas pixels, keeping its aspect ratio.

    The glyph's longer side becomes ``size``·``side`` (for an upright digit: its height), its bounding box is
    centred on ``centre`` (fractions of the canvas), and then both are reduced as needed so that the whole pen
    stays on the canvas. A very narrow glyph (a 1 drawn as a bar) keeps its width of nearly nothing; a glyph with
    no extent at all (a dot) is drawn as a dot at ``centre``. ``side``: the canvas's side in pixels (the app's 280).
    """
    try:
        x, y = centre
    except (TypeError, ValueError) as err:  # centre=0.5 was "'float' object is not subscriptable"
        raise ValueError(f"centre must be a pair (x, y) of fractions of the canvas, got {centre!r}") from err
    # side=0 was "pen width must be between 0 and -4 canvas pixels", side="280" "unsupported operand type(s) for -"
    wanted = f"side must be a whole number of canvas pixels above {2 * MARGIN:g} (its margins), got {side!r}"
    if not (is_real(side) and isinstance(side, numbers.Integral)):
        raise TypeError(wanted)
    if side <= 2 * MARGIN:
        raise ValueError(wanted)
    for name, value in (("size", size), ("centre x", x), ("centre y", y)):
        if not is_real(value):  # "must be real number, not str"
            raise TypeError(f"{name} must be a fraction of the canvas in (0, 1], got {value!r}")
        if not (finite(value) and 0 <= value <= 1) or (name == "size" and value == 0):
            raise ValueError(f"{name} must be a fraction of the canvas in (0, 1], got {value!r}")
    pen = checked_pen(pen, side - 2 * MARGIN)
    arrays = checked_strokes(strokes)
    if not arrays:
        raise ValueError("a glyph needs at least one stroke")
    room = side - pen - 2 * MARGIN  # the pen's centre line must stay this far inside
    reach = min(size * side, room)  # the glyph's longer side, in canvas pixels
    lo, extent = _bounds(arrays)
    longer = float(extent.max())
    # Units so large (±1e308: the extent overflows) or small (1e-310: the scale does) that the glyph came out NaN.
    if longer > 0 and not (math.isfinite(longer) and math.isfinite(reach / longer)):
        unit = float(max(np.abs(a).max() for a in arrays))
        arrays = [a / unit for a in arrays]  # the same shape in units of about 1
        lo, extent = _bounds(arrays)
    longer = float(extent.max())
    scale = reach / longer if longer > 0 else 0.0
    box = extent * scale
    # the box's centre, clamped so that box + pen fits on the canvas
    half_free = (room - box) / 2
    middle = side / 2
    target = np.clip(np.array((x, y), np.float64) * side, middle - half_free, middle + half_free)
    origin = target - box / 2
    return [(a - lo) * scale + origin for a in arrays]


def _bounds(arrays: list[np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
    """The glyph's top-left corner and its (width, height)."""
    points = np.concatenate(arrays)
    lo = points.min(axis=0)
    with np.errstate(over="ignore"):  # ±1e308 apart is an infinite extent: the caller rescales
        return lo, points.max(axis=0) - lo


def render_strokes(
    strokes: Sequence[np.ndarray],
    pen: float = DEFAULT_PEN,
    size: float = DEFAULT_SIZE,
    centre: tuple[float, float] = (0.5, 0.5),
    antialias: bool = True,
) -> np.ndarray:
    """A glyph (strokes in any units, y down) as the canvas would hold it: uint8 ``[280, 280]``, black on white.

    ``pen``: pen width in canvas pixels (the app's brush: 4–64, default 24); ``size``: the glyph's longer side as
    a fraction of the canvas; ``centre``: where its bounding box's centre goes, as fractions of the canvas.
    """
    return draw_strokes(fit_strokes(strokes, pen, size, centre), pen, antialias=antialias)
