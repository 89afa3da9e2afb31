"""The forty-eighth round of hostile testing, stroke3: drawing on the canvas as it feeds the reader while the pen
moves: the picture mid-stroke set beside the one at pen-up, strokes 200 px a move, leaving the canvas and coming back,
a tablet's stream of 5,000 points, pen-up outside the window, undo mid-stroke; each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import math
import time

import numpy as np
from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QImage, QPointingDevice, QTabletEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.canvas import DrawingCanvas
from rowreader import to_mnist

LEFT, NOMOD = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier


def _pixels(image: QImage) -> np.ndarray:
    """An image's pixels, to compare two."""
    image = image.convertToFormat(QImage.Format.Format_ARGB32)
    return np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine()).copy()


def _drawn_in_pieces(canvas: DrawingCanvas, points: list[tuple[int, int]]) -> tuple[np.ndarray, np.ndarray]:
    """``points`` drawn by QTest's mouse (press, a move to each, release where the last was), each move shown; the
    ink and the canvas on screen as they were just before the release."""
    QTest.mousePress(canvas, LEFT, NOMOD, QPoint(*points[0]))
    for point in points[1:]:
        QTest.mouseMove(canvas, QPoint(*point))
        canvas.render_ink()  # the reader reads each move, as the window's refresh does
        canvas.repaint()
    assert canvas.is_drawing
    live = canvas.render_ink(), _pixels(canvas.grab().toImage())
    QTest.mouseRelease(canvas, LEFT, NOMOD, QPoint(*points[-1]))
    assert not canvas.is_drawing
    return live


def _loop(turns: float, step: float) -> list[tuple[int, int]]:
    """A curl that crosses itself, a point every ``step`` degrees, as a hand draws a 6 or an 8."""
    return [
        (round(150 + 90 * math.sin(math.radians(a))), round(150 + 70 * math.sin(math.radians(2 * a))))
        for a in np.arange(0, 360 * turns, step)
    ]


def test_the_picture_mid_stroke_is_the_one_at_pen_up(qtbot) -> None:
    """A stroke being drawn was painted piece on piece, each piece with its own round caps: the anti-aliased edges
    where pieces met or crossed were inked twice, so at pen-up (the stroke rendered whole) the ink moved by up to
    98/255 and the bars by up to 25 points (40 random curls with 8–64 px pens). Now each move repaints only the pixels
    its segment reaches, with every segment of the stroke that reaches them as one path: mid-stroke the ink, the
    28×28 input and the canvas on screen are those of pen-up, pixel for pixel."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    for width, step in ((24.0, 7), (64.0, 3), (8.0, 11)):
        canvas.clear()
        canvas.set_brush_width(width)
        ink, screen = _drawn_in_pieces(canvas, _loop(1.2, step))
        after = canvas.render_ink()
        assert np.array_equal(ink, after), f"{width} px: ink moved by {np.abs(ink.astype(int) - after).max()}/255"
        assert np.array_equal(to_mnist(ink, ink="light"), to_mnist(after, ink="light"))
        assert np.array_equal(screen, _pixels(canvas.grab().toImage()))


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    points=st.lists(st.tuples(st.integers(-40, 340), st.integers(-40, 340)), min_size=1, max_size=40),
    width=st.sampled_from([4.0, 13.0, 24.0, 64.0]),
)
def test_any_path_reads_the_same_mid_stroke_and_at_pen_up(qtbot, points, width) -> None:
    """Any path, jumps across the page and off it included, is inked mid-stroke as at pen-up (see above)."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    canvas.set_brush_width(width)
    ink, screen = _drawn_in_pieces(canvas, points)
    assert np.array_equal(ink, canvas.render_ink())
    if canvas.undo_stack.canUndo():  # a stroke with no ink on the 280-px page is dropped, a sliver on screen too
        assert np.array_equal(screen, _pixels(canvas.grab().toImage()))


def _tablet(canvas: DrawingCanvas, kind: QEvent.Type, pos: QPointF, button: Qt.MouseButton, buttons, modifiers=NOMOD):
    """A pen's event on ``canvas``, as the tablet hands it over; whether the canvas took it."""
    device = QPointingDevice.primaryPointingDevice()
    event = QTabletEvent(
        kind, device, pos, canvas.mapToGlobal(pos), 0.7, 0.0, 0.0, 0.0, 0.0, 0.0, modifiers, button, buttons
    )
    QApplication.sendEvent(canvas, event)
    return event.isAccepted()


def test_a_pens_barrel_button_goes_to_a_row_as_the_right_button_does(qtbot) -> None:
    """The canvas's tooltip says "Right-drag or Shift+drag to go to a row"; with a pen, its barrel button (Qt's right
    button) and Shift with the tip both drew a stroke instead (every tablet press was a stroke, whatever the button).
    Now a pen's events go the mouse's way: the barrel button and Shift+tip go to a row and draw nothing, the tip alone
    draws."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    rows: list[float] = []
    canvas.scrub_requested.connect(rows.append)
    right, none, left = Qt.MouseButton.RightButton, Qt.MouseButton.NoButton, LEFT
    shift = Qt.KeyboardModifier.ShiftModifier
    for button, modifiers in ((right, NOMOD), (left, shift)):
        rows.clear()
        assert _tablet(canvas, QEvent.Type.TabletPress, QPointF(150, 40), button, button, modifiers)
        for y in range(50, 250, 20):
            assert _tablet(canvas, QEvent.Type.TabletMove, QPointF(150, y), none, button, modifiers)
        assert _tablet(canvas, QEvent.Type.TabletRelease, QPointF(150, 250), button, none, modifiers)
        assert canvas.is_empty() and not canvas.undo_stack.canUndo()
        assert len(rows) == 11 and rows[-1] > rows[0]  # the press and each move
    _tablet(canvas, QEvent.Type.TabletPress, QPointF(150, 40), left, left)
    _tablet(canvas, QEvent.Type.TabletMove, QPointF(150, 200), none, left)
    _tablet(canvas, QEvent.Type.TabletRelease, QPointF(150, 200), left, none)
    assert len(canvas.content.strokes) == 1 and len(rows) == 11


def test_a_tablets_5000_points_colouring_in_a_blob_stay_quick(qtbot) -> None:
    """A tablet's stream of 5,000 points colouring in a blob with the widest pen: re-stroking, on each move, every
    segment that reaches where it lands (see the first test) reached thousands there, and a move took up to 170 ms of
    CPU (58 s for these 5,000). Past MAX_RESTROKED the new segment is laid on what is there, as before this round: the
    5,000 moves, each read, stay quick (1.5 s)."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    canvas.set_brush_width(64.0)
    rng = np.random.default_rng(48)
    steps = rng.normal(0, 3, (5000, 2))
    path = 150 + np.cumsum(steps, axis=0)
    path = 150 + (path - 150) * (40 / np.maximum(40, np.abs(path - 150)))  # held inside an 80-px square
    none = Qt.MouseButton.NoButton
    started = time.thread_time()
    assert _tablet(canvas, QEvent.Type.TabletPress, QPointF(*path[0]), LEFT, LEFT)
    for x, y in path[1:]:
        _tablet(canvas, QEvent.Type.TabletMove, QPointF(x, y), none, LEFT)
        canvas.render_ink()
    live = canvas.render_ink()
    took = time.thread_time() - started
    _tablet(canvas, QEvent.Type.TabletRelease, QPointF(*path[-1]), LEFT, none)
    assert took < 2.5, f"5,000 moves took {took:.1f} s of CPU"
    assert len(canvas.content.strokes[0].points) > 1500  # until MAX_STROKE_LENGTH
    assert live.any() and canvas.undo_stack.canUndo()
