"""The forty-ninth round of hostile testing, stroke4: the canvas's drawing while the pen moves, again: two buttons at
once, a wheel, undo and redo, a resize and a 10,000-point stroke mid-stroke, the picture mid-stroke set beside the one
at pen-up; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QImage, QMouseEvent, QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from gui.canvas import DrawingCanvas

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
