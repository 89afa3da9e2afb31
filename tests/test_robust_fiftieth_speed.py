"""The fiftieth round of hostile testing, speed: how fast the canvas answers a pen, measured before and after (strokes
of 200-px jumps with the default and the widest pen at 100 % and 200 %, their pen-ups); each gain is tested by the
pixels painted, not by the clock, and each test is checked to fail on the code before its fix."""

from __future__ import annotations

import itertools

import numpy as np
import pytest
import shiboken6
from gui_window import shown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent
from PySide6.QtWidgets import QApplication

import gui.canvas
from gui.canvas import MAX_BRUSH, DrawingCanvas

LEFT, NONE, NOMOD = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier
SIDE = 602  # the canvas's widget pixels: a 600-px page, 600 / 280 pixels a page unit
JUMPS = [(100, 100), (300, 120), (120, 300), (480, 480), (300, 500), (500, 160), (150, 450), (450, 300)]


def _pixels(image: QImage) -> np.ndarray:
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def _mouse(canvas: DrawingCanvas, kind: QEvent.Type, point: tuple[int, int]) -> None:
    """The mouse pressed, moved (the left held) or let go at ``point``, as Qt hands it over; nothing else is run."""
    pos = QPointF(*point)
    button = NONE if kind == QEvent.Type.MouseMove else LEFT
    buttons = NONE if kind == QEvent.Type.MouseButtonRelease else LEFT
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, NOMOD))


def _canvas(width: float) -> DrawingCanvas:
    """A canvas of the tests' size drawing with a ``width`` pen."""
    canvas = DrawingCanvas()
    canvas.resize(SIDE, SIDE)
    canvas.set_brush_width(width)
    return canvas


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


def test_a_move_repaints_the_pixels_its_segment_reaches_not_the_whole_image(qtbot, painted) -> None:
    """Each move re-stroked the stroke's reaching segments on the whole canvas image through a clip, and Qt's
    rasteriser covers a path's whole extent whatever the clip: with the widest pen and 200-px jumps a move took up to
    57 ms of CPU at 200 % (p95 42 ms; 100 %: 22, p95 14). Now they are stroked on a copy of the pixels the new segment
    reaches alone (p95 21 ms at 200 %, 7 at 100 %), and the picture mid-stroke is still pen-up's, pixel for pixel."""
    canvas = shown(qtbot, DrawingCanvas(), (SIDE, SIDE))
    canvas.set_brush_width(MAX_BRUSH)
    reach = MAX_BRUSH * (SIDE - 2) / 280 / 2 + 3  # a round cap's radius in widget pixels, its anti-aliasing, rounding
    _mouse(canvas, QEvent.Type.MouseButtonPress, JUMPS[0])
    _mouse(canvas, QEvent.Type.MouseMove, JUMPS[1])
    canvas.grab()  # painted now; this first move hides the empty page's hint (a check on the 280-px page)
    for (x0, y0), (x1, y1) in itertools.pairwise(JUMPS[1:]):
        painted.clear()
        _mouse(canvas, QEvent.Type.MouseMove, (x1, y1))
        canvas.render_ink()
        canvas.grab()  # painted now: repaint() waits for the offscreen window
        segment = (abs(x1 - x0) + 2 * reach) * (abs(y1 - y0) + 2 * reach)
        assert len(painted) == 2 and max(painted) <= segment, f"{painted} pixels painted, the segment reaches {segment}"
    live, screen = canvas.render_ink(), _pixels(canvas.grab().toImage())
    _mouse(canvas, QEvent.Type.MouseButtonRelease, JUMPS[-1])
    fresh = shown(qtbot, DrawingCanvas(), (SIDE, SIDE))
    fresh.set_brush_width(MAX_BRUSH)
    fresh.draw_stroke(JUMPS)  # sent at once, painted once after: the stroke rendered whole
    assert np.array_equal(live, fresh.render_ink())
    assert np.array_equal(screen, _pixels(fresh.grab().toImage()))


def test_a_stroke_retracing_itself_is_mid_stroke_as_rendered_whole(qtbot) -> None:
    """A move re-stroked the segments reaching its pixels as runs, each a subpath of its own with its own caps, where
    the whole stroke has joins: a 4-px stroke along the page's top edge and back over itself was off the stroke
    rendered whole by 10/255 mid-stroke (found by the test below). Now the segments from the first reaching there to
    the last are stroked as one polyline, as pen-up does: the ink and the screen mid-stroke are the whole stroke's."""
    points = [(2, -1), (23, 0), (25, 0), (0, 0), (2, -1)]
    canvas = shown(qtbot, DrawingCanvas(), (SIDE, SIDE))
    canvas.set_brush_width(4.0)
    _mouse(canvas, QEvent.Type.MouseButtonPress, points[0])
    for point in points[1:]:
        _mouse(canvas, QEvent.Type.MouseMove, point)
        canvas.render_ink()
        canvas.grab()  # painted now: repaint() waits for the offscreen window
    live, screen = canvas.render_ink(), _pixels(canvas.grab().toImage())
    fresh = shown(qtbot, DrawingCanvas(), (SIDE, SIDE))
    fresh.set_brush_width(4.0)
    fresh.draw_stroke(points)  # sent at once, painted once after: the stroke rendered whole
    whole = fresh.render_ink()
    assert np.array_equal(live, whole), f"off by {np.abs(live.astype(int) - whole).max()}/255"
    assert np.array_equal(screen, _pixels(fresh.grab().toImage()))


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(st.tuples(st.integers(-40, 640), st.integers(-40, 640)), min_size=1, max_size=30),
    width=st.sampled_from([4.0, 13.0, 24.0, 64.0]),
)
@example(points=[(2, -1), (23, 0), (25, 0), (0, 0), (2, -1)], width=4.0)  # the retraced stroke above
def test_pen_up_keeps_the_picture_drawn_live_rendering_nothing_again(qapp, painted, points, width) -> None:
    """Pen-up rendered the whole stroke again on the whole canvas image (and the reader's), though every move had
    already re-stroked it exactly: up to 77 ms of CPU at 200 % with the widest pen, a hitch as the pen is lifted. Now
    pen-up keeps the images drawn live (painting at most the last segment's pixels and the 280-px page's check that
    the stroke inks it), and they are those of the stroke rendered whole at once, for any path."""
    canvas, fresh = _canvas(width), _canvas(width)  # hidden: a grab paints them
    try:
        _mouse(canvas, QEvent.Type.MouseButtonPress, points[0])
        for point in points[1:]:
            _mouse(canvas, QEvent.Type.MouseMove, point)
            canvas.render_ink()
            canvas.grab()
        painted.clear()
        _mouse(canvas, QEvent.Type.MouseButtonRelease, points[-1])
        assert not any(area >= (SIDE - 2) ** 2 for area in painted), f"pen-up painted {painted} pixels"
        fresh.draw_stroke(points)  # sent at once, painted once after: the stroke rendered whole
        assert np.array_equal(canvas.render_ink(), fresh.render_ink())
        assert np.array_equal(_pixels(canvas.grab().toImage()), _pixels(fresh.grab().toImage()))
    finally:  # gone at once, not left to a garbage collection in a later test's timed move (up to 128 ms)
        shiboken6.delete(canvas)
        shiboken6.delete(fresh)
