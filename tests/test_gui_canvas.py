"""The drawing canvas on its own: strokes through the mouse and pen paths, undo/redo/clear, ink, DPI, brush."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QPointingDevice, QTabletEvent
from PySide6.QtWidgets import QApplication

from gui.canvas import DEFAULT_BRUSH, DOC_SIDE, MAX_BRUSH, MIN_BRUSH, DrawingCanvas
from gui.demo import DIGITS, draw_digit, widget_strokes
from rowreader.pen import DEFAULT_PEN, draw_strokes


@pytest.fixture
def canvas(qtbot) -> DrawingCanvas:
    return shown(qtbot, DrawingCanvas(), (300, 300))


def test_a_stroke_puts_ink_where_it_was_drawn(canvas: DrawingCanvas) -> None:
    assert canvas.is_empty() and canvas.render_ink().max() == 0
    rect = canvas.document_rect()
    y = rect.center().y()
    canvas.draw_stroke([(rect.left() + 40, y), (rect.right() - 40, y)])
    ink = canvas.render_ink()
    assert ink.shape == (DOC_SIDE, DOC_SIDE) and ink.dtype == np.uint8
    rows = np.nonzero(ink.max(axis=1) > 128)[0]
    # a horizontal line through the middle, as thick as the brush (round caps, anti-aliased edges)
    assert abs(rows.mean() - DOC_SIDE / 2) < 2
    assert DEFAULT_BRUSH - 3 <= len(rows) <= DEFAULT_BRUSH + 3
    assert len(canvas.content.strokes) == 1 and canvas.undo_stack.count() == 1


def test_changed_fires_while_drawing_and_at_the_end(canvas: DrawingCanvas) -> None:
    seen: list[bool] = []
    canvas.changed.connect(lambda: seen.append(canvas.is_drawing))
    canvas.draw_stroke([(50, 50), (80, 90), (120, 140)])
    assert seen[0] is True and seen[-1] is False  # live updates during the stroke, one final one after
    assert len(seen) >= 3


def test_undo_redo_clear_per_stroke(canvas: DrawingCanvas) -> None:
    draw_digit(canvas, "7")  # two strokes
    full = canvas.render_ink()
    assert len(canvas.content.strokes) == 2
    canvas.undo_stack.undo()
    assert len(canvas.content.strokes) == 1
    assert canvas.render_ink().sum() < full.sum()
    canvas.undo_stack.redo()
    np.testing.assert_array_equal(canvas.render_ink(), full)
    canvas.clear()
    assert canvas.is_empty() and canvas.render_ink().max() == 0
    canvas.undo_stack.undo()  # a cleared drawing comes back
    np.testing.assert_array_equal(canvas.render_ink(), full)
    canvas.clear()
    canvas.clear()  # clearing an empty canvas adds no undo step
    assert canvas.undo_stack.index() == canvas.undo_stack.count() == 3


def test_a_single_click_draws_a_dot(canvas: DrawingCanvas) -> None:
    canvas.draw_stroke([(150, 150)])
    ink = canvas.render_ink()
    assert ink.max() == 255
    assert abs(int((ink > 128).sum()) - np.pi * (DEFAULT_BRUSH / 2) ** 2) < 0.2 * np.pi * (DEFAULT_BRUSH / 2) ** 2


def test_pen_tablet_events_draw_like_the_mouse(canvas: DrawingCanvas) -> None:
    device = QPointingDevice.primaryPointingDevice()

    def tablet(kind: QEvent.Type, x: float, y: float) -> QTabletEvent:
        buttons = Qt.MouseButton.NoButton if kind == QEvent.Type.TabletRelease else Qt.MouseButton.LeftButton
        pos = QPointF(x, y)
        return QTabletEvent(
            kind, device, pos, canvas.mapToGlobal(pos), 0.7, 0.0, 0.0, 0.0, 0.0, 0.0,
            Qt.KeyboardModifier.NoModifier, Qt.MouseButton.LeftButton, buttons,
        )  # fmt: skip

    events = [tablet(QEvent.Type.TabletPress, 60, 60)]
    events += [tablet(QEvent.Type.TabletMove, 60 + 10 * i, 60 + 10 * i) for i in range(1, 15)]
    events.append(tablet(QEvent.Type.TabletRelease, 205, 205))  # press + 14 moves + release = 16 points
    for event in events:
        QApplication.sendEvent(canvas, event)
        assert event.isAccepted()  # accepted: Qt will not synthesise a second, mouse copy of the stroke
    assert len(canvas.content.strokes) == 1
    assert len(canvas.content.strokes[0].points) == 16


def test_strokes_scale_with_the_widget(canvas: DrawingCanvas, qtbot) -> None:
    draw_digit(canvas, "1")
    small = canvas.render_ink()
    canvas.resize(600, 500)
    qtbot.waitUntil(lambda: canvas.document_rect().width() > 400)
    np.testing.assert_array_equal(canvas.render_ink(), small)  # the document, not the widget, holds the ink
    canvas.clear()
    draw_digit(canvas, "1")  # drawn again at the larger size: the same document strokes
    assert np.abs(canvas.render_ink().astype(int) - small).mean() < 2


def test_display_backing_image_carries_the_device_pixel_ratio(canvas: DrawingCanvas) -> None:
    draw_digit(canvas, "0")
    canvas.grab()  # forces a paint
    cache = canvas._display_cache
    assert cache is not None
    ratio = canvas.devicePixelRatioF()
    assert cache.devicePixelRatio() == ratio
    assert cache.width() == round(canvas.document_rect().width() * ratio)


def test_brush_width_is_clamped_and_used_by_new_strokes(canvas: DrawingCanvas) -> None:
    widths: list[float] = []
    canvas.brush_width_changed.connect(widths.append)
    canvas.set_brush_width(1000)
    canvas.set_brush_width(-5)
    assert widths == [MAX_BRUSH, MIN_BRUSH]
    with pytest.raises(ValueError, match="finite"):
        canvas.set_brush_width(float("nan"))
    canvas.set_brush_width(10)
    canvas.draw_stroke([(40, 150), (260, 150)])
    assert canvas.content.strokes[-1].width == 10


def test_bad_strokes_are_refused(canvas: DrawingCanvas) -> None:
    with pytest.raises(ValueError, match="at least one point"):
        canvas.draw_stroke([])
    with pytest.raises(ValueError, match="finite"):
        canvas.draw_stroke([(1.0, float("inf"))])
    assert canvas.is_empty() and canvas.undo_stack.count() == 0


def test_base_layer_is_validated_and_undoable(canvas: DrawingCanvas) -> None:
    with pytest.raises(ValueError, match="28×28"):
        canvas.load_base(np.zeros((10, 10)))
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        canvas.load_base(np.full((28, 28), 3.0))
    draw_digit(canvas, "1")
    image = np.zeros((28, 28), np.float32)
    image[4:24, 10:18] = 1.0
    canvas.load_base(image, label=0, source="test")
    assert canvas.content.base is not None and canvas.content.base.label == 0 and not canvas.content.strokes
    assert canvas.render_ink()[140, 140] == 255  # the block, enlarged 10×, covers the middle
    canvas.undo_stack.undo()
    assert canvas.content.base is None and len(canvas.content.strokes) == 1


@pytest.mark.parametrize("digit", ["0", "4", "7"])
def test_the_default_brush_draws_as_the_librarys_default_pen(canvas: DrawingCanvas, digit: str) -> None:
    """The canvas's default brush is the pen the benches and training draw people's digits with (``rowreader.pen``):
    what the reader gets from a drawing in the window is what they measured (why that width: rowreader/pen.py)."""
    assert canvas.brush_width == DEFAULT_PEN
    for stroke in widget_strokes(canvas, DIGITS[digit]):
        canvas.draw_stroke(stroke)
    drawn = canvas.render_ink() / 255.0  # ink 1 on 0

    def apart(pen: float) -> float:  # mean difference of the 280×280 inks
        library = 1 - draw_strokes([np.asarray(s, float) for s in DIGITS[digit]], pen) / 255.0
        return float(np.abs(drawn - library).mean())

    assert apart(DEFAULT_PEN) < min(apart(DEFAULT_PEN - 4), apart(DEFAULT_PEN + 4))


def test_the_empty_canvas_hint_stays_inside_a_small_canvas(qtbot) -> None:
    """At 150 % on a 1400-px screen the canvas is 190 px wide, and the one-line hint ran past both of its edges
    ("› / paste an image · Ctrl+R: a te"): it wraps now."""
    image = shown(qtbot, DrawingCanvas(), (190, 190)).grab().toImage()
    image = image.convertToFormat(image.Format.Format_Grayscale8)
    grey = np.frombuffer(image.constBits(), np.uint8).reshape(image.height(), image.bytesPerLine())[:, : image.width()]
    band = grey[int(0.55 * 190) : int(0.85 * 190), 2:-2]  # the small line, inside the paper's border
    columns = np.flatnonzero((band < 200).any(axis=0)) + 2
    # drawn into the paper less 8 px a side and cut at that edge (columns 9 and 180 when it ran past); wrapped,
    # its longest line ends well inside
    assert len(columns) and columns.min() >= 12 and columns.max() <= 190 - 13
