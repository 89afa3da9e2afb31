"""UNIPEN's test digits drawn with a ring round them, as people ring an answer: what marks5's and marks6's tests of
``rowreader.one_digit.ring_round`` draw and compare with the digit drawn alone."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


def ring(
    strokes: list[np.ndarray], pen: float, beyond: float = 2, turns: float = 2.1, start: float = 0.3
) -> np.ndarray:
    """A ring round ``strokes`` (canvas pixels), clear of their box's corners by a pen or more: an ellipse 1.45 times
    the box's half sides plus ``beyond`` pens, no narrower than three quarters of its height, ``turns`` half turns
    round (a little past one turn, as a hand closes it, or a little short) from ``start`` radians (0: the right, y
    down), so a ring left open faces where its start and end say."""
    points = np.concatenate(strokes)
    low, high = points.min(axis=0), points.max(axis=0)
    radii = (high - low) / 2 * 1.45 + beyond * pen
    radii = np.maximum(radii, 0.75 * radii.max())
    turn = np.linspace(start, start + turns * np.pi, 80)
    return (low + high) / 2 + radii * np.c_[np.cos(turn), np.sin(turn)]


def ringed_unlike_alone(
    unipen: list[PenDigit], pen: float, rings: Callable[[list[np.ndarray]], list[np.ndarray]]
) -> list[str]:
    """UNIPEN's test digits (every 150th; a glyph under half as tall as wide left out, as under half a ring's inside
    it is kept, as a dot or a bar in a 0 is) drawn with ``pen`` and the ``rings`` made of their strokes, named where
    the input is not the one drawn alone."""
    test = [digit for digit in unipen if digit.split == "test"]
    digits = [
        digit
        for digit in test[::150]
        if np.ptp(np.concatenate(digit.strokes)[:, 1]) >= np.ptp(np.concatenate(digit.strokes)[:, 0]) / 2
    ]
    assert len(digits) >= 15
    kept = []
    for digit in digits:
        strokes = fit_strokes(digit.strokes, pen, size=0.3)
        alone, ringed = normalise(draw_strokes(strokes, pen)), normalise(draw_strokes([*strokes, *rings(strokes)], pen))
        assert alone.image is not None and ringed.image is not None
        if not np.array_equal(alone.image, ringed.image):
            kept.append(f"{digit.writer} {digit.segment} ({digit.label})")
    return kept
