"""Each digit's mark: a small shape drawn on its belief line, so the lines are told apart without their hue.

The ten colours keep WCAG's 3:1 from the background, and most of them sit right at it: in greyscale (no colour vision,
a printed chart) 18 pairs were under ΔE2000 5 on the light scheme, 6 and 9 both exactly one grey, and lightness steps
wide enough for ten greys would leave the dark end no hue to tell it by. So the line carries a second sign: its own
shape, every :data:`EVERY` rows, and at its peak beside its name. A digit's marks fall on rows no other digit's do
(row ``FIRST + digit``, then every ten rows), so no two marks are drawn over one another; peaks fall anywhere, and
:func:`spread` keeps two at one spot apart.
"""

from __future__ import annotations

import functools
import math

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPainterPath, QPolygonF

from gui.polylines import distance_to_lines
from rowreader.model import CLASSES, ROWS

FIRST = 5  # the row of digit 0's first mark: rows 1–4 are blank in most drawings, every line on 10 % there
EVERY = CLASSES  # rows between a digit's marks: one digit's mark a row
SIZE = 4.0  # px: a mark's scale (the circle's radius is 0.8 of it)
REACH = SIZE * 1.3  # px from a mark's centre to its furthest point (a triangle's or the star's tips)


def marked_rows(digit: int, read: int) -> list[int]:
    """The 1-based rows, of the ``read`` so far, where ``digit``'s line carries its mark."""
    return list(range(FIRST + digit, min(read, ROWS) + 1, EVERY))


def _polygon(points: list[tuple[float, float]]) -> QPainterPath:
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    path.closeSubpath()
    return path


def _regular(corners: int, turn: float, radius: float) -> list[tuple[float, float]]:
    """The corners of a regular polygon around (0, 0), the first ``turn`` of a full turn from straight up."""
    angles = (2 * math.pi * (turn + k / corners) for k in range(corners))
    return [(radius * math.sin(a), -radius * math.cos(a)) for a in angles]


def _star(radius: float) -> list[tuple[float, float]]:
    outer, inner = _regular(5, 0.0, radius), _regular(5, 0.1, radius * 0.45)
    return [point for pair in zip(outer, inner, strict=True) for point in pair]


def _cross(radius: float, turn: float) -> list[tuple[float, float]]:
    """A plus (``turn`` 0) or an x (1/8) with arms a third of its width wide."""
    w = radius / 3
    arm = [(-w, -radius), (w, -radius), (w, -w), (radius, -w), (radius, w), (w, w), (w, radius), (-w, radius)]
    arm += [(-w, w), (-radius, w), (-radius, -w), (-w, -w)]
    c, s = math.cos(2 * math.pi * turn), math.sin(2 * math.pi * turn)
    return [(x * c - y * s, x * s + y * c) for x, y in arm]


def mark_path(digit: int, centre: QPointF) -> QPainterPath:
    """Digit ``digit``'s mark around ``centre``: 0 a circle, 1 a square, 2 a triangle up, 3 a diamond, 4 a triangle
    down, 5 a plus, 6 an x, 7 a star, 8 a triangle left, 9 a triangle right. The circle is the smallest: as large as
    the square it differed from it in 18 % of its pixels, and the closest pair now differ in 27 % (the square and the
    x), none reads much bolder than another (the star has 0.75 of the square's pixels, the circle 0.67)."""
    return _shape(digit).translated(centre)


@functools.cache
def _shape(digit: int) -> QPainterPath:
    """``digit``'s mark around (0, 0), made once: made anew for each mark, with all ten shapes' corners worked out
    each time, the marks cost 24–39 µs each, 1.6 ms of a chart's 4 ms paint, and a pen move comparing with seed went
    from 14 to 17 ms at p95 (UI thread's CPU time), past the 16-ms frame."""
    if digit == 0:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), SIZE * 0.8, SIZE * 0.8)
        return path
    shapes = {
        1: _regular(4, 0.125, SIZE * 1.2),
        2: _regular(3, 0.0, REACH),
        3: _regular(4, 0.0, SIZE * 1.2),
        4: _regular(3, 0.5, REACH),
        5: _cross(SIZE * 1.1, 0.0),
        6: _cross(SIZE * 1.1, 0.125),
        7: _star(REACH),
        8: _regular(3, 0.75, REACH),
        9: _regular(3, 0.25, REACH),
    }
    return _polygon(shapes[digit])


def spread(
    centres: list[tuple[float, float]],
    lines: list[tuple[np.ndarray, np.ndarray]],
    left: float,
    right: float,
    floor: float,
) -> list[tuple[float, float] | None]:
    """``centres`` of peak marks, first first, each moved sideways as little as keeps it whole beside those before it
    (and its centre within ``left``…``right``): two lines' peaks at one spot were drawn one over the other, a
    drawing's solid 0 and seed's dashed 8 both near 100 % at row 24, the 8's hollow triangle over the 0's circle.
    The first keeps its place; one set beside another keeps its peak's height.

    Moved sideways only as far as its own line (``lines``: each mark's, x [points] and y [points] as drawn) stays
    within a mark's width of it; else to the nearest point of that line where it is whole, none lower than ``floor``
    (a y: on the floor, where the lines lie on one another, no mark tells one); None where there is none. Set aside as
    far as it took, a mark floated off its line, up to 81 px at the smallest chart, and read as the line beside it."""
    gap = 2 * (REACH + 1)  # centre to centre: two marks' furthest tips and their 1-px rings
    placed: list[tuple[float, float]] = []

    def clear(cx: float, cy: float) -> bool:
        return left <= cx <= right and all(abs(cx - px) > gap - 1e-6 or abs(cy - py) >= gap for px, py in placed)

    def spot(x: float, y: float, xs: np.ndarray, ys: np.ndarray) -> tuple[float, float] | None:
        """Where the mark of the peak at (``x``, ``y``) goes: the first clear place, best first."""
        if clear(x, y):
            return x, y
        near = [px + side * gap for px, py in placed if abs(py - y) < gap for side in (-1, 1)]
        for cx in sorted(near, key=lambda cx: abs(cx - x)):
            if clear(cx, y) and _reaches(xs, ys, cx, y, gap):
                return cx, y
        along = [(px, py) for px, py in zip(xs.tolist(), ys.tolist(), strict=True) if py <= floor]
        return next((p for p in sorted(along, key=lambda p: math.hypot(p[0] - x, p[1] - y)) if clear(*p)), None)

    found: list[tuple[float, float] | None] = []
    for (x, y), (xs, ys) in zip(centres, lines, strict=True):
        found.append(place := spot(x, y, xs, ys))
        if place is not None:
            placed.append(place)
    return found


def _reaches(xs: np.ndarray, ys: np.ndarray, x: float, y: float, reach: float) -> bool:
    """Whether the line through (``xs``, ``ys``) passes within ``reach`` px of (``x``, ``y``)."""
    return float(distance_to_lines(QPointF(x, y), (xs, ys[:, None]))[0]) <= reach + 1e-6
