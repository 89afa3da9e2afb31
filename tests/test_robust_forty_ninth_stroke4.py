"""The forty-ninth round of hostile testing, stroke4: the canvas's drawing while the pen moves, again: two buttons at
once, a wheel, undo and redo, a resize and a 10,000-point stroke mid-stroke, the picture mid-stroke set beside the one
at pen-up; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import gc
import time

import numpy as np
from conftest import counted_from_here
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from gui.canvas import MAX_STROKE_LENGTH, DrawingCanvas

LEFT, NONE, NOMOD = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier


def _pixels(image: QImage) -> np.ndarray:
    """An image's pixels, to compare two."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def _tablet(canvas: DrawingCanvas, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton, buttons) -> None:
    """A pen's event on ``canvas``, as the tablet hands it over."""
    device = QPointingDevice.primaryPointingDevice()
    event = QTabletEvent(
        kind, device, pos, canvas.mapToGlobal(pos), 0.7, 0.0, 0.0, 0.0, 0.0, 0.0, NOMOD, button, buttons
    )
    QApplication.sendEvent(canvas, event)


def _mouse(canvas: DrawingCanvas, kind: QEvent.Type, x: float, y: float, button: Qt.MouseButton, buttons) -> None:
    """The mouse's event on ``canvas`` at (``x``, ``y``)."""
    pos = QPointF(x, y)
    QApplication.sendEvent(canvas, QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, NOMOD))


PRESS, MOVE, RELEASE = QEvent.Type.MouseButtonPress, QEvent.Type.MouseMove, QEvent.Type.MouseButtonRelease
RIGHT = Qt.MouseButton.RightButton


def test_the_right_button_pressed_mid_stroke_leaves_no_line_where_the_pen_went_to_a_row(qtbot) -> None:
    """Drawing with the left button, the right pressed goes to a row (the tooltip's "Right-drag"): the pen went down
    the page to a row, the right was let go, and the left, still held, drew on: a straight line of ink from where the
    right was pressed to where the pen then was (46, 46 → 92, 46 → 102, 232 in document units), where nothing was drawn,
    and the row band did not show while the right dragged (a stroke was still being drawn). Now the right button ends
    the stroke where it is (an edit of its own), the band shows, and the left still held draws on from where the pen
    is, as a stroke of its own of the same width."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    canvas.set_brush_width(13.0)
    rows: list[float] = []
    canvas.scrub_requested.connect(rows.append)
    _mouse(canvas, PRESS, 50, 50, LEFT, LEFT)
    _mouse(canvas, MOVE, 100, 50, NONE, LEFT)
    _mouse(canvas, PRESS, 100, 50, RIGHT, LEFT | RIGHT)
    assert not canvas.is_drawing and len(canvas.content.strokes) == 1  # the stroke so far, an edit of its own
    canvas.set_brush_width(40.0)  # the next stroke's width, not the one drawn on with the left still held
    for y in range(60, 260, 10):
        _mouse(canvas, MOVE, 100, y, NONE, LEFT | RIGHT)
        canvas.set_row_band((rows[-1] - 10, rows[-1], False))
        assert canvas.row_band is not None and not canvas.is_drawing  # the band is painted, no stroke under it
    _mouse(canvas, RELEASE, 100, 250, RIGHT, LEFT)
    _mouse(canvas, MOVE, 110, 250, NONE, LEFT)
    _mouse(canvas, MOVE, 150, 250, NONE, LEFT)
    _mouse(canvas, RELEASE, 150, 250, LEFT, NONE)
    ink = canvas.render_ink()
    middle = ink[60:200, 85:100]  # down the page where the pen went to rows, 13 px wide
    assert middle.max() == 0, f"ink {middle.max()}/255 where the pen went to a row"
    first, second = canvas.content.strokes
    assert [round(v) for v in first.points[-1]] == [92, 46] and first.width == second.width == 13.0
    assert [round(v) for v in second.points[0]] == [102, 232] and [round(v) for v in second.points[-1]] == [139, 232]
    canvas.undo()
    assert canvas.content.strokes == (first,)


def test_ctrl_z_or_esc_while_the_right_button_drags_leaves_the_left_drawing_nothing_more(qtbot) -> None:
    """Ctrl+Z or Esc mid-stroke ends the stroke and the pen draws nothing more until lifted (the forty-eighth round).
    With the right button pressed mid-stroke (see above), Ctrl+Z or Esc pressed while it dragged still let the left,
    held on after the right was let go, draw a new stroke. Now either ends the pen's drawing until it is lifted, as
    mid-stroke; the next press draws again."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    for take_back in (canvas.undo, canvas.clear):
        _mouse(canvas, PRESS, 50, 50, LEFT, LEFT)
        _mouse(canvas, MOVE, 100, 50, NONE, LEFT)
        _mouse(canvas, PRESS, 100, 50, RIGHT, LEFT | RIGHT)
        _mouse(canvas, MOVE, 100, 150, NONE, LEFT | RIGHT)
        take_back()
        _mouse(canvas, RELEASE, 100, 150, RIGHT, LEFT)
        _mouse(canvas, MOVE, 150, 150, NONE, LEFT)
        assert not canvas.is_drawing and canvas.render_ink().max() == 0, take_back.__name__
        _mouse(canvas, RELEASE, 150, 150, LEFT, NONE)
        assert canvas.is_empty()
    canvas.draw_stroke([(60, 60), (200, 200)])
    assert len(canvas.content.strokes) == 1


def test_a_10000_point_stroke_is_drawn_to_its_end(qtbot) -> None:
    """A stroke stops growing at MAX_STROKE_LENGTH (20 page widths: it bounds the time one stroke takes to paint): of
    a 10,000-point spiral held down, the first 3,723 points were drawn and the pen then moved over the page drawing
    nothing, saying nothing. Now a stroke at its longest ends there and the next takes up from its last point, with
    its width: every point is drawn (here 40 rows to and fro, 10,000 points), each stroke within the limit, the ink
    mid-stroke is pen-up's, and a move stays quick. A single jump longer than any stroke (let go 6,500 px outside)
    still draws no line."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    canvas.set_brush_width(4.0)
    across = np.linspace(10, 290, 250)
    path = np.concatenate([np.c_[across[:: (-1) ** row], np.full(250, 10 + 7 * row)] for row in range(40)])
    _mouse(canvas, PRESS, *path[0], LEFT, LEFT)
    slowest = 0.0
    # no collection in a timed move: one of the earlier tests' garbage took ~100 ms of CPU (the fiftieth round); that
    # garbage is frozen, not collected here, where it was finalised on this test's watch (the sixty-fifth round)
    with counted_from_here():
        gc.disable()
        try:
            for index, (x, y) in enumerate(path[1:]):
                started = time.thread_time()
                _mouse(canvas, MOVE, x, y, NONE, LEFT)
                if index % 10 == 0:  # the reader reads at the window's refresh, not every move
                    canvas.render_ink()
                slowest = max(slowest, time.thread_time() - started)
        finally:
            gc.enable()
    live = canvas.render_ink()
    _mouse(canvas, RELEASE, *path[-1], LEFT, NONE)
    strokes = canvas.content.strokes
    assert len(strokes) == 2 and all(_length(stroke.points) <= MAX_STROKE_LENGTH for stroke in strokes)
    assert strokes[0].points[-1] == strokes[1].points[0] and strokes[0].width == strokes[1].width == 4.0
    assert len(strokes[0].points) + len(strokes[1].points) - 1 == len(path)  # every point, none lost
    assert np.array_equal(live, canvas.render_ink())
    assert slowest < 0.05, f"a move took {slowest * 1000:.0f} ms of CPU"
    canvas.clear()
    _mouse(canvas, PRESS, 150, 150, LEFT, LEFT)
    _mouse(canvas, RELEASE, 6650, 150, LEFT, NONE)  # 6,067 units
    assert [len(stroke.points) for stroke in canvas.content.strokes] == [1]


def _length(points) -> float:
    """A polyline's length."""
    return float(np.hypot(*np.diff(np.asarray(points), axis=0).T).sum())
