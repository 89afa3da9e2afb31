"""A chart's lines as NumPy arrays handed to Qt: each line's stretches of numbers (a NaN belief ends one), written
straight into a ``QPolygonF``'s storage, and the distance from the pointer to each line as it is drawn.

Kept apart from the belief chart (gui/timeline.py) that draws and points at them: plain geometry on arrays, the
one place that relies on how this binding of Qt hands out a polygon's storage (:func:`storage_is_shared`).
"""

from __future__ import annotations

from functools import cache

import numpy as np
from PySide6.QtCore import QPointF
from PySide6.QtGui import QPolygonF
from shiboken6 import VoidPtr


def distance_to_lines(pos: QPointF, points: tuple[np.ndarray, np.ndarray]) -> np.ndarray:
    """Per line, the distance in px from ``pos`` to the nearest point of its polyline (x [rows], y [rows, lines])."""
    xs, ys = points
    px, py = pos.x(), pos.y()
    if len(xs) == 1:  # one row read: each line is a dot
        return np.hypot(xs[0] - px, ys[0] - py)
    x0, dx = xs[:-1, None], np.diff(xs)[:, None]  # [segments, 1]: every line's segments share their x
    y0, dy = ys[:-1], np.diff(ys, axis=0)  # [segments, lines]
    t = np.clip(((px - x0) * dx + (py - y0) * dy) / (dx * dx + dy * dy), 0.0, 1.0)  # dx > 0: never 0 / 0
    return np.hypot(x0 + t * dx - px, y0 + t * dy - py).min(axis=0)


def finite_runs(values: np.ndarray) -> list[slice]:
    """The stretches of a line's values that are all numbers (a NaN belief ends one)."""
    finite = np.isfinite(values)
    if finite.all():
        return [slice(0, len(values))]
    edges = np.flatnonzero(np.diff(np.concatenate([[False], finite, [False]]).astype(np.int8)))
    return [slice(start, end) for start, end in zip(edges[::2], edges[1::2], strict=True)]


def as_polygon(xs: np.ndarray, ys: np.ndarray) -> QPolygonF:
    """The points (``xs``, ``ys``) as a polygon, written by NumPy straight into its storage: a QPointF made for each
    of the ten lines' points, and a run list of them, took a sixth of the chart's paint on every pen movement. Where
    this binding of Qt does not hand out that storage (the probe below), point by point."""
    if not storage_is_shared():
        return QPolygonF(list(map(QPointF, xs.tolist(), ys.tolist())))
    polygon = QPolygonF()
    polygon.resize(len(xs))
    storage = np.frombuffer(VoidPtr(polygon.data(), 16 * len(xs), True), np.float64).reshape(-1, 2)
    storage[:, 0], storage[:, 1] = xs, ys
    return polygon


@cache
def storage_is_shared() -> bool:
    """Whether ``QPolygonF.data()`` is the polygon's own first point (PySide6 hands it out so), tried on one point
    (so nothing is ever written past an object that turned out to be a copy)."""
    polygon = QPolygonF()
    polygon.resize(1)
    np.frombuffer(VoidPtr(polygon.data(), 16, True), np.float64)[:] = (3.0, 7.0)
    return polygon.at(0) == QPointF(3.0, 7.0)
