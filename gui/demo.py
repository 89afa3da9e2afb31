"""Digits drawn the way people draw them, as strokes, for tests, the latency benchmark and the README screenshot.

Coordinates are in the canvas's 280-unit document; :func:`widget_strokes` maps them onto a canvas of any size
so that ``canvas.draw_stroke`` replays them through the normal mouse path.
"""

from __future__ import annotations

import math

from gui.canvas import DOC_SIDE, DrawingCanvas

StrokePoints = list[tuple[float, float]]  # one stroke's points, document units (its width is the brush's)


def _ellipse(cx: float, cy: float, rx: float, ry: float, tilt: float = 0.0) -> StrokePoints:
    """An ellipse drawn from the top in 96 steps, counter-clockwise, closing on itself, as a "0" is usually
    written."""
    out = []
    for i in range(97):
        a = 2 * math.pi * i / 96
        x, y = -rx * math.sin(a), -ry * math.cos(a)
        out.append((cx + x * math.cos(tilt) - y * math.sin(tilt), cy + x * math.sin(tilt) + y * math.cos(tilt)))
    return out


def _line(x0: float, y0: float, x1: float, y1: float, points: int = 20) -> StrokePoints:
    return [(x0 + (x1 - x0) * t / points, y0 + (y1 - y0) * t / points) for t in range(points + 1)]


# Each digit: a list of strokes in document units (0…280), spanning roughly 190 units like a natural drawing.
DIGITS: dict[str, list[StrokePoints]] = {
    "0": [_ellipse(140, 140, 62, 95, tilt=0.12)],
    "1": [_line(126, 60, 150, 45, 4) + _line(150, 45, 138, 240, 24)[1:]],  # a small flag, then the downstroke
    "7": [_line(72, 52, 212, 50), _line(212, 50, 122, 242, 24)],
    "4": [_line(168, 40, 78, 172) + _line(78, 172, 222, 170)[1:], _line(178, 86, 172, 248)],
}


def widget_strokes(canvas: DrawingCanvas, strokes: list[StrokePoints]) -> list[StrokePoints]:
    """Document-unit strokes → the canvas widget's coordinates, for ``draw_stroke``."""
    rect = canvas.document_rect()
    scale = rect.width() / DOC_SIDE
    return [[(rect.left() + x * scale, rect.top() + y * scale) for x, y in stroke] for stroke in strokes]


def draw_digit(canvas: DrawingCanvas, digit: str) -> None:
    """Draw one of :data:`DIGITS` on ``canvas`` stroke by stroke, as a person would."""
    if digit not in DIGITS:
        raise KeyError(f"no demo strokes for {digit!r}; have {sorted(DIGITS)}")
    for stroke in widget_strokes(canvas, DIGITS[digit]):
        canvas.draw_stroke(stroke)
