"""The fifty-first round of hostile testing, speed2: how fast the canvas answers a person drawing (strokes of 200-px
jumps with the widest pen at 200 %, blobs coloured in with hundreds of points), measured before and after, and the
picture seen mid-stroke set beside the one read after pen-up; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QRegion
from PySide6.QtWidgets import QApplication

import gui.canvas
from gui.canvas import MAX_BRUSH, DrawingCanvas

LEFT, NONE, NOMOD = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
SIDE = 602  # the canvas's widget pixels: a 600-px page


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def _mouse(canvas: DrawingCanvas, kind: QEvent.Type, point: tuple[float, float]) -> None:
    """The mouse pressed, moved (the left held) or let go at ``point``, as Qt hands it over; nothing else is run."""
    pos = QPointF(*point)
    button = NONE if kind == QEvent.Type.MouseMove else LEFT
    buttons = NONE if kind == QEvent.Type.MouseButtonRelease else LEFT
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, NOMOD))


DIAGONAL = [(60, 60), (200, 200), (340, 60), (480, 200), (340, 340), (200, 480), (60, 340), (200, 200), (540, 540)]


@pytest.fixture
def painted(monkeypatch) -> list[int]:
    """The pixels of every image a stroke is painted on, one number a paint (the rasteriser's work grows with it)."""
    areas: list[int] = []
    paint = gui.canvas._paint_stroke

    def counted(painter, *stroke) -> None:
        areas.append(painter.device().width() * painter.device().height())
        paint(painter, *stroke)

    monkeypatch.setattr(gui.canvas, "_paint_stroke", counted)
    return areas


def test_a_diagonal_jump_repaints_its_capsule_not_its_box(qapp, painted) -> None:
    """A move repainted the whole box of its segment, on screen and in the image under it: a diagonal 200-px jump
    with the widest pen at 200 % re-stroked the stroke over twice the pixels its capsule covers (p95 11.5–12.8 ms,
    at most 21–23 ms a move, over a 60 Hz frame). Now both are repainted in rows each cut to the capsule there
    (p95 10.0–10.1, at most 16–17 ms), and the picture mid-stroke is still pen-up's, pixel for pixel."""
    canvas = DrawingCanvas()
    canvas.resize(SIDE, SIDE)
    canvas.set_brush_width(MAX_BRUSH)
    asked: list[int] = []  # the widget pixels each move asks to be repainted
    update = canvas.update

    def counted(*area) -> None:
        asked.extend(sum(r.width() * r.height() for r in QRegion(rect)) for rect in area)
        update(*area)

    canvas.update = counted
    try:
        _mouse(canvas, QEvent.Type.MouseButtonPress, DIAGONAL[0])
        canvas.grab()
        for (x0, y0), (x1, y1) in itertools.pairwise(DIAGONAL):
            painted.clear()
            asked.clear()
            _mouse(canvas, QEvent.Type.MouseMove, (x1, y1))
            canvas.grab()  # painted now, as on screen
            reach = MAX_BRUSH * (SIDE - 2) / 280 / 2 + 3  # a round cap's radius in widget pixels, its anti-aliasing
            box = (abs(x1 - x0) + 2 * reach) * (abs(y1 - y0) + 2 * reach)
            capsule = math.hypot(x1 - x0, y1 - y0) * 2 * reach + math.pi * reach**2
            assert asked and asked[0] < 1.2 * capsule < 0.8 * box, f"{asked} pixels repainted, the capsule {capsule}"
            assert sum(painted) < 0.8 * box, f"{painted} pixels painted, the segment's box {box}"
        live, screen = canvas.render_ink(), _pixels(canvas.grab().toImage())
        _mouse(canvas, QEvent.Type.MouseButtonRelease, DIAGONAL[-1])
        assert np.array_equal(live, canvas.render_ink())
        assert np.array_equal(screen, _pixels(canvas.grab().toImage()))
    finally:
        shiboken6.delete(canvas)
