"""Draw pen strokes the way the app's canvas does: a round pen, anti-aliased, black ink on a white 280-px square.

Whatever makes strokes — the synthetic generator (``training/drawn.py``) or real tablet recordings
(``rowreader/unipen.py``) — is inked here, so that training, benchmarks and the app see the same kind of picture:
the canvas (``gui/canvas.py``) strokes polylines with a round cap and round join at a width of 4–64 document units
(default 28) on a 280×280 document, and the model reads that through ``to_mnist``. Pillow has no anti-aliased
wide line, so the strokes are drawn at 2× and box-averaged down; round joins and caps are a disc at every vertex.
No Qt here: this runs wherever the library does, and in worker processes.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
from PIL import Image, ImageDraw

CANVAS = 280  # the app's document side, in pixels
DEFAULT_PEN = 28.0  # the canvas's default brush width, in canvas pixels
DEFAULT_SIZE = 190 / CANVAS  # a digit drawn ~190 px tall, as people draw on the canvas (see gui/canvas.py)
MIN_STEP = 0.75  # the canvas records a new point only after the pointer moved this far (canvas pixels)
MARGIN = 2.0  # canvas pixels kept free between the ink and the canvas edge
SUPERSAMPLE = 2  # anti-aliasing: draw at this factor, then box-average down


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


def draw_strokes(
    strokes: Sequence[np.ndarray], pen: float, size: tuple[int, int] = (CANVAS, CANVAS), antialias: bool = True
) -> np.ndarray:
    """Ink polylines given in canvas pixels (each ``[n, 2]`` of x, y; one point is a dot) with a round pen.

    Returns uint8 ``[height, width]`` (``size`` is width, height as in Pillow): ink 0 on white 255, grey at the
    anti-aliased edges. Ink off the image is clipped, as on the canvas.
    """
    if not (math.isfinite(pen) and pen > 0):
        raise ValueError(f"pen width must be a positive number, got {pen!r}")
    factor = SUPERSAMPLE if antialias else 1
    image = Image.new("L", (size[0] * factor, size[1] * factor), 255)
    draw = ImageDraw.Draw(image)
    width = pen * factor
    r = width / 2
    for stroke in strokes:
        points = np.asarray(stroke, np.float64)
        if points.ndim != 2 or points.shape[1] != 2 or not len(points):
            raise ValueError(f"a stroke must be a non-empty [n, 2] array of points, got shape {points.shape}")
        if not np.isfinite(points).all():
            raise ValueError("stroke coordinates must be finite")
        # Snapped to 1/16 px, so that moving strokes by whole pixels moves the ink exactly (Pillow's disc edges
        # otherwise flip with the last bits of the coordinates): see draw_ink_window.
        xy = [tuple(p) for p in (np.round(_thin(points, MIN_STEP) * (factor * 16)) / 16).tolist()]
        if len(xy) > 1:
            draw.line(xy, fill=0, width=max(1, round(width)))
        # Round joins and caps: a disc at every vertex. PIL's own joint="curve" is ~8× slower here and still
        # leaves hairline gaps between the many short segments of a smoothed curve.
        for x, y in xy:
            draw.ellipse((x - r, y - r, x + r, y + r), fill=0)
    if factor > 1:
        image = image.reduce(factor)
    return np.asarray(image)


def draw_ink_window(strokes: Sequence[np.ndarray], pen: float, antialias: bool = True) -> np.ndarray:
    """The pixels ``draw_strokes`` would put on the whole canvas, cut to the ink plus a white border.

    ``to_mnist`` crops to the ink and reads the page colour from the border, so it returns exactly the same
    28×28 image for this window as for the whole canvas — from a fraction of the pixels, which is what makes
    rendering thousands of digits per epoch affordable. The window starts at whole canvas pixels, so the
    anti-aliasing grid, and with it every pixel, is the same. One difference: ``to_mnist`` judges "too small to
    be a digit" relative to the picture, so a dot that the whole canvas would refuse is read in its window; a
    glyph fitted to a digit's size (``fit_strokes``) is never that small.
    """
    points = np.concatenate([np.asarray(s, np.float64) for s in strokes])
    pad = pen / 2 + MARGIN + 1
    lo, hi = np.floor(points.min(axis=0) - pad), np.ceil(points.max(axis=0) + pad)
    width, height = (int(v) for v in hi - lo)
    return draw_strokes([np.asarray(s, np.float64) - lo for s in strokes], pen, (width, height), antialias)


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
    no extent at all (a dot) is drawn as a dot at ``centre``.
    """
    for name, value in (("size", size), ("centre x", centre[0]), ("centre y", centre[1])):
        if not (math.isfinite(value) and 0 <= value <= 1) or (name == "size" and value == 0):
            raise ValueError(f"{name} must be a fraction of the canvas in (0, 1], got {value!r}")
    if not (math.isfinite(pen) and 0 < pen < side - 2 * MARGIN):
        raise ValueError(f"pen width must be between 0 and {side - 2 * MARGIN} canvas pixels, got {pen!r}")
    if not strokes:
        raise ValueError("a glyph needs at least one stroke")
    arrays = [np.asarray(s, np.float64) for s in strokes]
    points = np.concatenate(arrays)
    if points.ndim != 2 or points.shape[1] != 2 or not np.isfinite(points).all():
        raise ValueError("strokes must be [n, 2] arrays of finite coordinates")
    lo, hi = points.min(axis=0), points.max(axis=0)
    extent = hi - lo
    room = side - pen - 2 * MARGIN  # the pen's centre line must stay this far inside
    longer = float(extent.max())
    scale = min(size * side, room) / longer if longer > 0 else 0.0
    box = extent * scale
    # the box's centre, clamped so that box + pen fits on the canvas
    half_free = (room - box) / 2
    middle = side / 2
    target = np.clip(np.array(centre, np.float64) * side, middle - half_free, middle + half_free)
    origin = target - box / 2
    return [(a - lo) * scale + origin for a in arrays]


def render_strokes(
    strokes: Sequence[np.ndarray],
    pen: float = DEFAULT_PEN,
    size: float = DEFAULT_SIZE,
    centre: tuple[float, float] = (0.5, 0.5),
    antialias: bool = True,
) -> np.ndarray:
    """A glyph (strokes in any units, y down) as the canvas would hold it: uint8 ``[280, 280]``, black on white.

    ``pen``: pen width in canvas pixels (the app's brush: 4–64, default 28); ``size``: the glyph's longer side as
    a fraction of the canvas; ``centre``: where its bounding box's centre goes, as fractions of the canvas.
    """
    return draw_strokes(fit_strokes(strokes, pen, size, centre), pen, antialias=antialias)
