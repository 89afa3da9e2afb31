"""The drawing canvas: round anti-aliased strokes, undo/redo per stroke, and the ink the model reads.

Strokes live in a fixed 280×280 *document* (the size MNIST-style drawing apps use), not in widget pixels, so
the drawing and the model's input stay the same however large the window grows; the widget only scales the
document to fit. Two images are kept: a crisp display image at the screen's device pixel ratio (re-rendered
only when content, size or palette change), and a 280×280 greyscale ink image for ``to_mnist``.
What is drawn is a frozen value (:class:`~gui.canvas_content.Content`, in gui/canvas_content.py), so each undo step
simply swaps one value for another.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetricsF,
    QHideEvent,
    QImage,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
    QTabletEvent,
    QUndoCommand,
    QUndoStack,
)
from PySide6.QtWidgets import QApplication, QSizePolicy, QWidget

from gui.canvas_content import BaseLayer, Content
from gui.plain_text import wrapped
from gui.theme import blend, focus_colour, muted_text
from rowreader.example_folder import PenStroke
from rowreader.model import COLUMNS, ROWS
from rowreader.pen import CANVAS as DOC_SIDE  # document units per side; the ink image the model reads is as many px
from rowreader.pen import DEFAULT_PEN as DEFAULT_BRUSH  # why 24 px: rowreader/pen.py
from rowreader.pen import MAX_PEN as MAX_BRUSH
from rowreader.pen import MIN_PEN as MIN_BRUSH
from rowreader.pen import MIN_STEP  # document units a pointer must move before a new point is recorded (drops jitter)
from rowreader.preprocess import Placement

# The document's side, the brush's default and bounds and the pointer's least step are rowreader.pen's, which draws
# the pen digits training and the benchmarks read as this canvas draws them: two copies of each could drift apart.

# A stroke ends after this much length and the next takes up from its end: 20 document widths is several times the ink
# of any digit (the page is black long before), and it bounds the time one stroke takes to paint. Without it one
# stroke of 20,000 jumps across the page took minutes to render.
MAX_STROKE_LENGTH = 20 * DOC_SIDE
MODEL_INK = QColor(255, 255, 255)  # how the ink the model reads is painted: 255 on 0, as MNIST has it
# Edits of the drawing Ctrl+Z can take back. Without a limit every picture opened stayed in memory for the undo history
# (4 MB each at 2,048 px: 60 opened and cleared took 310 MB more). The undo steps of My examples share the history but
# not that limit: a deleted example holds its files' bytes (1–5 kB), and the 51st delete in a row lost the first for
# good, as did 50 strokes drawn after a delete. An older edit of the drawing is emptied and passed over by Ctrl+Z.
UNDO_STEPS = 50
ALL_STEPS = 10_000  # steps of any kind: a delete, a move or a keep of an example, or an emptied edit (under 1 kB)
CACHED_UNDO_STEPS = 8  # undo steps that keep their rendered images, so undo/redo swap images instead of repainting
# Segments of the live stroke a pen movement re-strokes where its own lands (see _LiveLayer), at most. A digit's
# stroke reaches 9 to 45 of them; a blob coloured in with 5,000 tablet points reached thousands, and a move took up to
# 170 ms. Past this many, the new segment alone is laid on what is there.
MAX_RESTROKED = 96


Images = tuple["QImage | None", "QImage | None"]  # (ink cache, display cache) rendered for one Content


class _ReplaceContent(QUndoCommand):
    """Every undoable edit: a stroke added, the canvas cleared, a picture loaded.

    It keeps the images rendered for both sides, so undo and redo swap images instead of repainting every
    stroke (which, for long stroke lists, blocked the UI for seconds per step).
    """

    def __init__(
        self,
        canvas: DrawingCanvas,
        before: Content,
        after: Content,
        text: str,
        after_images: Images,
        continues: bool = False,
    ) -> None:
        super().__init__(text)
        self._canvas, self._before, self._after = canvas, before, after
        self.images = {id(before): canvas._images(), id(after): after_images}
        self.continues = continues  # a long stroke's piece after its first (MAX_STROKE_LENGTH): one step with it

    def id(self) -> int:
        """One kind for all, so that QUndoStack asks :meth:`mergeWith` of each edit pushed on another."""
        return 1

    def mergeWith(self, other: QUndoCommand) -> bool:
        """A long stroke's next piece, pushed on the piece before it: one step, as it was one press of the button.
        Each a step of its own, Ctrl+Z after a long scribble took back its last piece alone and left the rest."""
        if not (isinstance(other, _ReplaceContent) and other.continues and other._before is self._after is not None):
            return False
        self.images.pop(id(self._after), None)
        self._after = other._after
        self.images[id(other._after)] = other.images[id(other._after)]
        return True

    def redo(self) -> None:
        self.images[id(self._before)] = self._canvas._images()
        self._canvas._apply(self._after, self.images[id(self._after)])

    def undo(self) -> None:
        self.images[id(self._after)] = self._canvas._images()
        self._canvas._apply(self._before, self.images[id(self._before)])

    def empty(self) -> None:
        """Past the drawing's UNDO_STEPS: its contents (a picture, maybe) go, and Ctrl+Z passes over it (obsolete)."""
        self._before = self._after = None
        self.images = {}
        self.setObsolete(True)

    def forget_images(self, ink: bool = True) -> None:
        """Drop the kept display images (they hold palette colours), and the ink images too unless ``ink=False``."""
        self.images = {key: (None if ink else images[0], None) for key, images in self.images.items()}


def _stroke_pen(color: QColor, width: float) -> QPen:
    pen = QPen(color, width)
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _paint_stroke(painter: QPainter, points: Sequence[tuple[float, float]], width: float, color: QColor) -> None:
    """Stroke the polyline through ``points`` as one path, its caps and joins round."""
    painter.setPen(_stroke_pen(color, width))
    if len(points) == 1:
        painter.drawPoint(QPointF(*points[0]))  # a round cap turns a single point into a dot of the brush's width
        return
    path = QPainterPath()
    path.addPolygon(QPolygonF([QPointF(x, y) for x, y in points]))
    painter.drawPath(path)


def _on_page(stroke: PenStroke) -> bool:
    """Whether ``stroke`` leaves any ink on the page, drawn alone."""
    image = QImage(DOC_SIDE, DOC_SIDE, QImage.Format.Format_Grayscale8)
    image.fill(0)
    with QPainter(image) as painter:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        _paint_stroke(painter, stroke.points, stroke.width, MODEL_INK)
    return bool(np.frombuffer(image.constBits(), np.uint8, DOC_SIDE * image.bytesPerLine()).any())


def empty_hint(metrics: QFontMetricsF, width: float) -> str:
    """The empty canvas's second hint, a part a line where one line is too wide: wrapped word by word, a line began
    with the dot that joins them ("· Ctrl+R: a test digit")."""
    hint = "or drop / paste an image · Ctrl+R: a test digit"
    return hint if metrics.horizontalAdvance(hint) <= width else hint.replace(" · ", "\n")


@lru_cache(maxsize=4)  # the base and its colours for the display and the ink: rebuilt only on a new picture
def _base_image(base: BaseLayer, rgba: int) -> QImage:
    """The picture's ink as an image of colour ``rgba`` whose alpha is the ink, for scaling onto any background."""
    color = QColor.fromRgba(rgba)
    alpha = base.ink()
    height, width = alpha.shape
    argb = np.empty((height, width, 4), np.uint8)  # QImage's ARGB32 is B, G, R, A in memory on little-endian
    argb[..., 0], argb[..., 1], argb[..., 2], argb[..., 3] = color.blue(), color.green(), color.red(), alpha
    return QImage(argb.data, width, height, width * 4, QImage.Format.Format_ARGB32).copy()


class _LiveLayer:
    """A cached image plus the stroke being drawn, repainted where each new segment lands, never redrawn whole.

    A pointer can report hundreds of moves per stroke; re-stroking the whole polyline on each would cost time
    growing with the stroke. Each move repaints only the pixels its new segments can touch: the cache's pixels there,
    then the stroke from the first segment that reaches them to the last, as one polyline. Laid piece on piece
    instead, the anti-aliased edges where pieces met or crossed were inked twice (up to 98/255 darker than the stroke
    rendered whole at pen-up, and the bars moved by up to 25 points at pen-up); now the picture mid-stroke is the one
    pen-up renders.
    """

    def __init__(self, cache: QImage, scale: float) -> None:
        self.cache = cache
        self.image = cache.copy()
        self.scale = scale * cache.devicePixelRatio()  # document units → image pixels
        self.drawn = 0  # points of the live stroke already on the image
        self.exact = True  # every move re-stroked where it landed: the image is the stroke rendered whole on the cache
        self._boxes = np.empty((64, 4))  # per segment drawn: the image pixels it can touch (left, top, right, bottom)

    def extend(self, points: list[tuple[float, float]], width: float, color: QColor) -> QImage:
        if self.drawn >= len(points):
            return self.image
        first = max(0, self.drawn - 1)  # the first new segment begins at the last point drawn
        xy = np.asarray(points[first:], np.float64) * self.scale
        reach = width * self.scale / 2 + 2  # a round cap's radius and the anti-aliasing around it
        lo, hi = xy.min(axis=0) - reach, xy.max(axis=0) + reach
        dirty = QRect(QPoint(math.floor(lo[0]), math.floor(lo[1])), QPoint(math.ceil(hi[0]), math.ceil(hi[1])))
        dirty &= self.image.rect()
        self._add_boxes(xy, reach)
        self.drawn = len(points)
        if dirty.isEmpty():
            return self.image
        segments = self._touching(dirty)
        if len(segments) <= MAX_RESTROKED:
            patch = self.cache.copy(dirty)  # the pixels there as they were
            # from the first segment reaching there to the last, as one polyline: as runs, each a subpath with caps
            # where the whole stroke has joins, a stroke retracing itself was off pen-up by 10/255
            start, stop = (int(segments[0]), int(segments[-1]) + 1) if len(segments) else (0, 0)  # (0, 0): a dot
        else:  # a blob coloured in, where pen-up's ink is nearly all full anyway: the new piece on what is there
            patch = self.image.copy(dirty)
            start, stop = first, self.drawn - 1
            self.exact = False
        # Painted on a copy of the dirty pixels alone, not on the whole image through a clip: Qt's rasteriser covers
        # a path's whole extent whatever the clip, so a 200-px jump with the widest pen at 200 % re-stroked every
        # reaching segment over the whole 1400² image (p95 42 ms a move). Shifted by whole pixels, the same ink.
        patch.setDevicePixelRatio(1.0)
        with QPainter(patch) as painter:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.translate(-dirty.x(), -dirty.y())
            painter.scale(self.scale, self.scale)
            _paint_stroke(painter, points[start : stop + 1], width, color)  # points start to stop
        ratio = self.image.devicePixelRatio()
        self.image.setDevicePixelRatio(1.0)  # placed in image pixels
        with QPainter(self.image) as painter:
            painter.setCompositionMode(QPainter.CompositionMode.CompositionMode_Source)
            painter.drawImage(dirty.topLeft(), patch)
        self.image.setDevicePixelRatio(ratio)
        return self.image

    def whole(
        self, cache: QImage | None, points: list[tuple[float, float]], width: float, color: QColor
    ) -> QImage | None:
        """``cache`` with the stroke through ``points`` rendered whole, as this layer holds it where it was drawn on
        that cache and re-stroked exactly at every move; else None (a blob laid piece on piece: pen-up renders it)."""
        if cache is None or self.cache is not cache:
            return None
        image = self.extend(points, width, color)
        return image if self.exact else None

    def _add_boxes(self, xy: np.ndarray, reach: float) -> None:
        """Note the boxes of the segments joining the points ``xy`` (image pixels), the first point's drawn before."""
        count = max(0, self.drawn - 1)  # segments already noted
        new = len(xy) - 1
        if count + new > len(self._boxes):
            self._boxes = np.resize(self._boxes, (2 * (count + new), 4))  # doubled: O(1) a point, as a list grows
        if new > 0:
            box = self._boxes[count : count + new]
            box[:, :2] = np.minimum(xy[:-1], xy[1:]) - reach
            box[:, 2:] = np.maximum(xy[:-1], xy[1:]) + reach

    def _touching(self, dirty: QRect) -> np.ndarray:
        """The segments whose ink can reach the pixels of ``dirty``: the new ones, and older ones crossing them."""
        box = self._boxes[: max(0, self.drawn - 1)]
        reach = (
            (box[:, 0] <= dirty.right() + 1)
            & (box[:, 2] >= dirty.left())
            & (box[:, 1] <= dirty.bottom() + 1)
            & (box[:, 3] >= dirty.top())
        )
        return np.flatnonzero(reach)


class DrawingCanvas(QWidget):
    """A square drawing surface; observers connect to ``changed`` and read ``render_ink()`` / ``content``."""

    changed = Signal()  # the ink changed: a stroke grew, or an edit was applied or undone
    stroke_started = Signal()
    brush_width_changed = Signal(float)
    scrub_requested = Signal(float)  # right-drag or Shift+drag: go to the row at this document y
    scrub_started = Signal()  # such a drag begins (its first row follows, as scrub_requested)

    SCRUB_HINT = "Right-drag or Shift+drag to go to a row"

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.undo_stack = QUndoStack(self)
        self.undo_stack.setUndoLimit(ALL_STEPS)
        self._content = Content()
        self._active: list[tuple[float, float]] | None = None  # the stroke being drawn, in document units
        self._active_length = 0.0  # its length so far, in document units
        # its width, the brush's at pen-down: ] pressed mid-stroke drew its rest thicker, and at pen-up all of it
        self._active_width = DEFAULT_BRUSH
        # the stroke being drawn once it inks the page, and how far it was looked at before (``_shows_hint``)
        self._inked: list[tuple[float, float]] | None = None
        self._inked_from: tuple[list[tuple[float, float]] | None, int] = (None, 0)
        # where the document square lay on the screen as the stroke began: the window resized (or the LSTM view
        # shown by Ctrl+L) mid-stroke, the canvas moved under a still pointer, and the stroke drew a line to it
        self._active_frame = QRectF()
        self._brush = DEFAULT_BRUSH
        self._ink_cache: QImage | None = None  # base + committed strokes, 280×280 greyscale
        self._display_cache: QImage | None = None  # the same at screen resolution, in palette colours
        self._live_ink: _LiveLayer | None = None  # the caches plus the stroke being drawn
        self._live_display: _LiveLayer | None = None
        self._scrubbing: Qt.MouseButton | None = None  # the button dragging to a row (right, or left with Shift)
        self._paused_width: float | None = None  # a stroke's, ended by the right button pressed: the left draws on
        self._continues = False  # the stroke drawn takes up from a piece kept of the same one: one undo step with it
        self._tabbed_in = False  # the keyboard focus came by Tab: framed, until the mouse is used here
        self.row_band: tuple[float, float, bool] | None = None  # (top, bottom, reading) in document units
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        # 150 px, not 160: at 200 % on a 1024×700 screen the views were 6 px wider than the window's room at their
        # least, and the bars' percentages a scroll away (see ModelInputView.MINIMUM_SIZE)
        self.setMinimumSize(150, 150)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAttribute(Qt.WidgetAttribute.WA_TabletTracking, False)
        # _paint covers every pixel (its background first), so Qt need not paint the window under the canvas on
        # every pen movement.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        drawn = f"Draw a digit with the mouse or a pen (Ctrl+Z undoes a stroke, Esc clears). {self.SCRUB_HINT}."
        self.setToolTip(wrapped(drawn))
        # a screen reader read the tooltip, the mouse's ways alone, to someone who has the keys on the canvas
        self.setAccessibleDescription(
            f"{drawn} Without a mouse: Ctrl+O opens a picture, Ctrl+V pastes one, Ctrl+R reads a random MNIST test "
            "digit; Space plays the rows, the arrows step them."
        )

    # ---- state -------------------------------------------------------------------------------------------

    @property
    def content(self) -> Content:
        return self._content

    def held(self) -> set[int]:
        """The ids of the contents shown now or by Ctrl+Z or Ctrl+Shift+Z: what remembers a content (the picture's
        ink, gui.picture_inputs) keeps only these, not those a new edit dropped from the undo history."""
        held = {id(self._content)}
        for index in range(self.undo_stack.count()):
            if isinstance(command := self.undo_stack.command(index), _ReplaceContent):
                held |= {id(shown) for shown in (command._before, command._after) if shown is not None}
        return held

    @property
    def is_drawing(self) -> bool:
        """True between pen-down and pen-up."""
        return self._active is not None

    def is_empty(self) -> bool:
        return self._content.is_empty and not self._active

    def _shows_hint(self) -> bool:
        """Whether the empty canvas's hint is painted: a stroke pressed beside the page hid it until let go, though
        it drew nothing (and is dropped then); it goes once the stroke being drawn inks the page."""
        if not self._content.is_empty:
            return False
        active = self._active
        if not active or self._inked is active:
            return not active
        # the points not yet looked at, with the one before (their first segment): each move looks at its own alone
        if self._inked_from[0] is not active:
            self._inked_from = (active, 0)
        if _on_page(PenStroke(tuple(active[max(self._inked_from[1] - 1, 0) :]), self._active_width)):
            self._inked = active
            return False
        self._inked_from = (active, len(active))
        return True

    @property
    def brush_width(self) -> float:
        return self._brush

    def set_brush_width(self, width: float) -> None:
        """Width of the next strokes in document units (a 280-unit square), clamped to a usable range."""
        if not math.isfinite(width):
            raise ValueError(f"brush width must be a finite number, got {width!r}")
        width = float(min(max(width, MIN_BRUSH), MAX_BRUSH))
        if width != self._brush:
            self._brush = width
            self.brush_width_changed.emit(width)

    def _images(self) -> Images:
        return self._ink_cache, self._display_cache

    def _apply(self, content: Content, images: Images = (None, None)) -> None:
        """Show ``content``; ``images`` are already rendered for it (None: render when next needed)."""
        self._content = content
        self._ink_cache, self._display_cache = images
        self._live_ink = self._live_display = None
        self.update()
        self.changed.emit()

    def _edit(self, after: Content, text: str, after_images: Images = (None, None), continues: bool = False) -> None:
        """``after`` shown, an undo step; ``continues``: one with the step before (see _ReplaceContent.mergeWith)."""
        self.undo_stack.push(_ReplaceContent(self, self._content, after, text, after_images, continues))  # applies it
        # Older steps drop their images (memory stays bounded); undoing that far renders once, as before.
        old = self.undo_stack.index() - 1 - CACHED_UNDO_STEPS
        if old >= 0:
            command = self.undo_stack.command(old)
            if isinstance(command, _ReplaceContent):
                command.forget_images()
        kept = 0
        for index in range(self.undo_stack.index() - 1, -1, -1):  # the edit past UNDO_STEPS, if any, is emptied
            command = self.undo_stack.command(index)
            if isinstance(command, _ReplaceContent) and not command.isObsolete():
                kept += 1
                if kept > UNDO_STEPS:
                    command.empty()
                    break
            elif isinstance(command, _ReplaceContent):  # the emptied ones all lie below
                break

    def _with_stroke(self, stroke: PenStroke, live: Images = (None, None)) -> Images:
        """The current images with ``stroke`` painted on top: adding a stroke costs that stroke alone, nothing where
        ``live`` already holds them so (see _live_images)."""
        ink, display = live
        if ink is None and self._ink_cache is not None:
            ink = self._ink_cache.copy()
            with QPainter(ink) as painter:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                _paint_stroke(painter, stroke.points, stroke.width, MODEL_INK)
        if display is None and self._display_cache is not None:
            display = self._display_cache.copy()
            with QPainter(display) as painter:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)
                scale = display.width() / display.devicePixelRatio() / DOC_SIDE
                painter.scale(scale, scale)
                _paint_stroke(painter, stroke.points, stroke.width, self._ink())
        return ink, display

    # ---- edits (all undoable) -----------------------------------------------------------------------------

    def clear(self) -> None:
        """Remove everything (undoable, so a drawing is never lost by a stray Esc); no-op when already empty.

        A stroke being drawn goes too: pressed in the middle of the first stroke on an empty page, Esc dropped it
        from the page, but with no edit to tell of it the model went on reading the stroke's first half."""
        cancelled = self._cancel_active()
        if not self._content.is_empty:
            self._edit(Content(), "Clear")
        elif cancelled:
            self.changed.emit()

    def load_base(
        self,
        image: np.ndarray,
        label: int | None = None,
        source: str = "",
        picture: np.ndarray | None = None,
        placement: Placement | None = None,
    ) -> None:
        """Show a picture as the new drawing, replacing strokes (undoable): ``image`` is its 28×28 input (values in
        [0, 1]), ``picture`` the picture itself (uint8 ink, shown at its own resolution; default: ``image``) and
        ``placement`` where the input's rows lie on it."""
        if picture is not None and (picture.ndim != 2 or picture.dtype != np.uint8 or 0 in picture.shape):
            raise ValueError(f"a base picture must be a 2-D uint8 array, got {picture.dtype} {picture.shape}")
        arr = np.asarray(image, dtype=np.float32)
        if arr.shape != (ROWS, COLUMNS):
            raise ValueError(f"a base image must be {ROWS}×{COLUMNS}, got {arr.shape}")
        if not np.isfinite(arr).all() or arr.min() < 0 or arr.max() > 1:
            raise ValueError("a base image must hold finite values in [0, 1]")
        self._cancel_active()
        arr = arr.copy()
        arr.setflags(write=False)
        self._edit(Content(BaseLayer(arr, label, source, picture, placement)), f"Open {source or 'image'}")

    def draw_stroke(self, points: Iterable[tuple[float, float]]) -> None:
        """Draw one stroke through widget coordinates as a person would: press, moves, release (for scripts)."""
        pts = [QPointF(float(x), float(y)) for x, y in points]
        if not pts:
            raise ValueError("a stroke needs at least one point")
        if not all(math.isfinite(p.x()) and math.isfinite(p.y()) for p in pts):
            raise ValueError("stroke points must be finite numbers")
        left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
        modifiers = Qt.KeyboardModifier.NoModifier
        events = [QMouseEvent(QEvent.Type.MouseButtonPress, pts[0], self.mapToGlobal(pts[0]), left, left, modifiers)]
        events += [QMouseEvent(QEvent.Type.MouseMove, p, self.mapToGlobal(p), none, left, modifiers) for p in pts[1:]]
        events.append(
            QMouseEvent(QEvent.Type.MouseButtonRelease, pts[-1], self.mapToGlobal(pts[-1]), left, none, modifiers)
        )
        for event in events:
            QApplication.sendEvent(self, event)

    # ---- pointer input ------------------------------------------------------------------------------------

    def document_rect(self) -> QRectF:
        """Where the 280-unit document square sits in the widget: as large as fits, centred across, at the top
        (under its caption). Centred down a column taller than wide, it began 90 px below the caption at 200 % on a
        1024×700 screen, its lower half scrolled out of view at start."""
        side = max(1.0, min(self.width(), self.height()) - 2.0)
        return QRectF((self.width() - side) / 2, 1.0, side, side)

    def to_document(self, pos: QPointF) -> tuple[float, float]:
        rect = self.document_rect()
        scale = DOC_SIDE / rect.width()
        return ((pos.x() - rect.left()) * scale, (pos.y() - rect.top()) * scale)

    def undo(self) -> None:
        """Take back the last edit; mid-stroke, the stroke being drawn (Redo brings it back), and the pen draws nothing
        more until it is lifted. Ctrl+Z mid-stroke took back the edit before (a Clear: the old drawing came back under
        the stroke) while the stroke went on, and the stroke's pen-up then dropped that edit's Redo."""
        self.end_stroke()
        self._drop_emptied()
        self.undo_stack.undo()
        self._drop_emptied()  # so Undo greys once only emptied edits are left

    def _drop_emptied(self) -> None:
        """Drop the emptied edits of the drawing (see UNDO_STEPS) just below the step Ctrl+Z takes back next."""
        stack = self.undo_stack
        while stack.canUndo() and stack.command(stack.index() - 1).isObsolete():
            stack.undo()  # obsolete: QUndoStack deletes it without undoing it

    def _frame(self) -> QRectF:
        """The document square on the screen."""
        rect = self.document_rect()
        return QRectF(self.mapToGlobal(rect.topLeft()), rect.size())

    def end_stroke(self) -> None:
        """Make the stroke being drawn a step of its own now: its pen-up will not come (an error box opened over
        the window while the button was held, and the box takes the mouse). Left drawing, the stroke stopped where
        it was, Undo stayed grey, and the next pen-down replaced it: the stroke was lost."""
        self._finish(None)

    def _begin(self, pos: QPointF) -> None:
        self.end_stroke()  # one whose pen-up never came, however that happened
        self._active = [self.to_document(pos)]
        self._active_length = 0.0
        self._active_width = self._brush
        self._active_frame = self._frame()
        self._live_ink = self._live_display = None
        self._continues = False
        self.stroke_started.emit()
        self.update()
        self.changed.emit()

    def _extend(self, pos: QPointF) -> None:
        if self._active is None:
            return
        if self._frame() != self._active_frame:  # the canvas moved or resized under the pen: the stroke ends there,
            width = self._active_width  # and the pen draws on from where it now is, with the same width
            self._begin(pos)
            self._active_width = width
            return
        x, y = self.to_document(pos)
        last_x, last_y = self._active[-1]
        step = math.hypot(x - last_x, y - last_y)
        if step < MIN_STEP or step > MAX_STROKE_LENGTH:  # a jump longer than any stroke: let go far outside, no line
            return
        if self._active_length + step > MAX_STROKE_LENGTH:  # at its longest: it ends, the next takes up from its end
            width, frame, before = self._active_width, self._active_frame, self._content  # (it stopped growing, and
            self.end_stroke()  # the pen drew no more)
            self._active, self._active_length = [(last_x, last_y)], 0.0
            self._active_width, self._active_frame = width, frame
            self._continues = self._content is not before  # a piece kept: the next is one undo step with it
        self._active_length += step
        self._active.append((x, y))
        self.update(self._segment_rect((last_x, last_y), (x, y)))  # the rest of the drawing is as it was
        self.changed.emit()

    def _segment_rect(self, start: tuple[float, float], end: tuple[float, float]) -> QRect:
        """The widget pixels a stroke segment between two document points can touch: its round caps and a pixel of
        antialiasing around. Repainting only these, a pen movement no longer repaints the whole drawing."""
        rect = self.document_rect()
        scale = rect.width() / DOC_SIDE
        reach = self._active_width * scale / 2 + 2
        (x0, y0), (x1, y1) = start, end
        left, right = rect.left() + min(x0, x1) * scale - reach, rect.left() + max(x0, x1) * scale + reach
        top, bottom = rect.top() + min(y0, y1) * scale - reach, rect.top() + max(y0, y1) * scale + reach
        return QRectF(left, top, right - left, bottom - top).toAlignedRect()

    def _finish(self, pos: QPointF | None) -> None:
        self._paused_width = None  # ended (Ctrl+Z, a menu, the left let go): the left held on draws no more
        if self._active is None:
            return
        if pos is not None and self._frame() == self._active_frame:  # lifted where the canvas moved to: no dot there
            self._extend(pos)
        stroke = PenStroke(tuple(self._active), self._active_width)
        live = self._live_images()
        self._active = self._live_ink = self._live_display = None
        # a double-click's second dot on its first, or a stroke wholly off the page (pressed beside or under it, or
        # drawn on where the canvas moved to): an edit that drew nothing, the hint gone and Ctrl+Z changing nothing seen
        if self._content.strokes[-1:] == (stroke,) or not _on_page(stroke):
            self.update()
            self.changed.emit()  # the dot drawn live is read no more
            return
        after = Content(self._content.base, (*self._content.strokes, stroke))
        self._edit(after, "Stroke", self._with_stroke(stroke, live), self._continues)

    def _live_images(self) -> Images:
        """The live layers' images where they already hold the stroke being drawn as pen-up renders it whole (see
        _LiveLayer.whole): pen-up rendered it again over the whole display, up to 77 ms at 200 % with the widest pen."""
        assert self._active is not None
        width, ink, display = self._active_width, self._live_ink, self._live_display
        return (
            ink and ink.whole(self._ink_cache, self._active, width, MODEL_INK),
            display and display.whole(self._display_cache, self._active, width, self._ink()),
        )

    def _cancel_active(self) -> bool:
        """Drop the stroke being drawn, if any (its pen-up then draws nothing); whether there was one."""
        self._paused_width = None  # nor does the left held on after the right button let go (see mousePressEvent)
        if self._active is None:
            return False
        self._active = self._live_ink = self._live_display = None
        self.update()
        return True

    def set_row_band(self, band: tuple[float, float, bool] | None) -> None:
        """Mark the document rows ``(top, bottom)`` the reader read last (``reading``: rows below are still to
        come and are dimmed), or nothing."""
        if band != self.row_band:
            self.row_band = band
            self.update()

    def _scrub(self, pos: QPointF) -> None:
        self.scrub_requested.emit(self.to_document(pos)[1])

    def focusInEvent(self, event: QFocusEvent) -> None:
        """Framed when Tab brings the keys here, as the My examples rows and buttons are: coming back from them,
        nothing showed that Space, the arrows and Delete (which clears the drawing) now act on the canvas."""
        self._tabbed_in = event.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason)
        self.update()
        super().focusInEvent(event)

    def focusNextPrevChild(self, forward: bool) -> bool:
        """Framed too when Tab finds no other stop and the keys stay here (My examples hidden, as at a first start):
        no focus event comes then, and Tab, pressed to see where the keys were, showed nothing at all."""
        moved = super().focusNextPrevChild(forward)
        if self.hasFocus() and not self._tabbed_in:
            self._tabbed_in = True
            self.update()
        return moved

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._tabbed_in = False
        if event.reason() == Qt.FocusReason.PopupFocusReason:  # a menu opened mid-stroke (Alt+F) takes the mouse:
            self.end_stroke()  # the pen-up went to it, and Ctrl+Z took back the edit before the stroke left drawn
        self.update()
        super().focusOutEvent(event)

    def hideEvent(self, event: QHideEvent) -> None:
        """Minimised mid-stroke, the window manager unmaps the window and the pen-up goes nowhere (see focusOutEvent):
        the stroke ends where it was."""
        self.end_stroke()
        super().hideEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._tabbed_in:  # drawing on it shows where the keys go well enough
            self._tabbed_in = False
            self.update()
        scrub = event.button() == Qt.MouseButton.RightButton or (
            event.button() == Qt.MouseButton.LeftButton and event.modifiers() & Qt.KeyboardModifier.ShiftModifier
        )
        if scrub:
            # mid-stroke, the stroke ends here: the left still held after the right was let go drew a line from here
            # to wherever the row had taken the pen, and the row's band was not shown while a stroke was drawn
            if self._active is not None:
                width = self._active_width
                self.end_stroke()
                self._paused_width = width
            self._scrubbing = event.button()
            self.scrub_started.emit()
            self._scrub(event.position())
            event.accept()
        elif event.button() == Qt.MouseButton.LeftButton:
            if self._scrubbing is None:  # the left pressed while right-dragging: no stroke (it moves the row, not ink)
                self._begin(event.position())
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._scrubbing is not None:
            self._scrub(event.position())
            event.accept()
        elif event.buttons() & Qt.MouseButton.LeftButton and self._active is not None:
            self._extend(event.position())
            event.accept()
        elif event.buttons() & Qt.MouseButton.LeftButton and self._paused_width is not None:
            width = self._paused_width  # the right button let go, the left held: a stroke of its own from here on
            self._begin(event.position())
            self._active_width = width
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        """A stroke ends with the left button, a scrub with its own. The right button pressed mid-stroke (it goes to a
        row) and the left let go first, the scrub took the left's release: the stroke never ended, no edit, and Ctrl+Z
        took back the edit before it."""
        scrubbing = self._scrubbing is not None
        if event.button() == self._scrubbing:
            self._scrubbing = None
        if event.button() == Qt.MouseButton.LeftButton:
            self._finish(None if scrubbing else event.position())  # not where the scrub has taken the pointer
        if scrubbing or event.button() == Qt.MouseButton.LeftButton:
            event.accept()
        else:
            super().mouseReleaseEvent(event)

    def tabletEvent(self, event: QTabletEvent) -> None:
        """Pens draw like the mouse (same width: MNIST strokes have none of a pen's pressure variation), and their
        buttons act as its: a barrel button Qt reports as the right one, or Shift with the tip, goes to a row. Taken as
        a stroke whatever the button, the barrel button drew ink where the canvas's tooltip promised a row."""
        kinds = {
            QEvent.Type.TabletPress: (QEvent.Type.MouseButtonPress, self.mousePressEvent),
            QEvent.Type.TabletMove: (QEvent.Type.MouseMove, self.mouseMoveEvent),
            QEvent.Type.TabletRelease: (QEvent.Type.MouseButtonRelease, self.mouseReleaseEvent),
        }
        if event.type() not in kinds:
            event.ignore()
            return
        kind, handle = kinds[event.type()]
        mouse = QMouseEvent(
            kind,
            event.position(),
            event.globalPosition(),
            event.button(),
            event.buttons(),
            event.modifiers(),
            event.pointingDevice(),
        )
        handle(mouse)
        event.setAccepted(mouse.isAccepted())  # accepted: Qt will not repeat it as a synthetic mouse event

    # ---- the ink the model reads --------------------------------------------------------------------------

    def _render_ink_cache(self) -> QImage:
        if self._ink_cache is None:
            image = QImage(DOC_SIDE, DOC_SIDE, QImage.Format.Format_Grayscale8)
            image.fill(0)
            painter = QPainter(image)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            self._paint_content(painter, MODEL_INK)
            painter.end()
            self._ink_cache = image
        return self._ink_cache

    def _paint_content(self, painter: QPainter, ink: QColor) -> None:
        """Base picture and committed strokes in document coordinates (the painter is already scaled)."""
        base = self._content.base
        if base is not None:
            target = base.fitted()
            # Crisp pixels when the picture is enlarged on screen, smooth when it is reduced.
            device = painter.transform().m11() * painter.device().devicePixelRatioF() * target.width()
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, device < base.ink().shape[1])
            painter.drawImage(target, _base_image(base, ink.rgba()))
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, True)
        for stroke in self._content.strokes:
            _paint_stroke(painter, stroke.points, stroke.width, ink)

    def render_ink(self) -> np.ndarray:
        """The drawing as uint8 ``[280, 280]``, ink = 255 on 0, including a stroke still being drawn."""
        image = self._render_ink_cache()
        if self._active:
            if self._live_ink is None:
                self._live_ink = _LiveLayer(image, 1.0)
            image = self._live_ink.extend(self._active, self._active_width, MODEL_INK)
        rows = np.frombuffer(image.constBits(), np.uint8).reshape(DOC_SIDE, image.bytesPerLine())
        return rows[:, :DOC_SIDE].copy()

    # ---- painting -----------------------------------------------------------------------------------------

    def sizeHint(self) -> QSize:
        return QSize(DOC_SIDE + 2, DOC_SIDE + 2)

    def _paper(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Base)

    def _ink(self) -> QColor:
        return self.palette().color(QPalette.ColorRole.Text)

    def _render_display_cache(self, rect: QRectF, ratio: float) -> QImage:
        side = max(1, round(rect.width() * ratio))
        cache = self._display_cache
        if cache is None or cache.width() != side or cache.devicePixelRatio() != ratio:
            cache = QImage(side, side, QImage.Format.Format_ARGB32_Premultiplied)
            cache.setDevicePixelRatio(ratio)  # drawn at full screen resolution: crisp on high-DPI displays
            cache.fill(Qt.GlobalColor.transparent)
            painter = QPainter(cache)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
            painter.scale(rect.width() / DOC_SIDE, rect.width() / DOC_SIDE)
            self._paint_content(painter, self._ink())
            painter.end()
            self._display_cache = cache
        return cache

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:  # ends the painter even if drawing fails
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        painter.fillRect(self.rect(), self.palette().color(self.backgroundRole()))  # what the window showed here
        rect = self.document_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        paper, ink = self._paper(), self._ink()
        if self._tabbed_in:
            painter.setPen(QPen(focus_colour(self.palette()), 2.0))
        else:
            painter.setPen(QPen(blend(paper, ink, 0.25), 1.0))
        painter.setBrush(paper)
        painter.drawRoundedRect(rect.adjusted(-0.5, -0.5, 0.5, 0.5), 6, 6)
        painter.setClipRect(rect)
        cache = self._render_display_cache(rect, self.devicePixelRatioF())
        if self._active:
            if self._live_display is None or self._live_display.image.size() != cache.size():
                self._live_display = _LiveLayer(cache, rect.width() / DOC_SIDE)
            cache = self._live_display.extend(self._active, self._active_width, ink)
        painter.drawImage(rect.topLeft(), cache)
        if self.row_band is not None and not self._active:
            self._paint_row_band(painter, rect)
        if self._shows_hint():
            self._paint_hint(painter, rect, muted_text(paper, ink, 0.55))

    def _paint_row_band(self, painter: QPainter, rect: QRectF) -> None:
        """The rows just read, outlined across the drawing, and (while reading) the rows still to come dimmed."""
        assert self.row_band is not None
        top, bottom, reading = self.row_band
        scale = rect.width() / DOC_SIDE
        y0, y1 = rect.top() + top * scale, rect.top() + bottom * scale
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        if reading and y1 < rect.bottom():
            dim = QColor(self._paper())
            dim.setAlphaF(0.6)
            painter.fillRect(
                QRectF(rect.left(), max(y1, rect.top()), rect.width(), rect.bottom() - max(y1, rect.top())), dim
            )
        band = QColor(highlight)
        band.setAlphaF(0.22)
        painter.fillRect(QRectF(rect.left(), y0, rect.width(), max(1.5, y1 - y0)), band)
        painter.setPen(QPen(highlight, 1.5))
        painter.drawLine(QPointF(rect.left(), y1), QPointF(rect.right(), y1))

    def _paint_hint(self, painter: QPainter, rect: QRectF, color: QColor) -> None:
        painter.setPen(color)
        font = painter.font()
        font.setPointSizeF(font.pointSizeF() * 1.35)
        painter.setFont(font)
        painter.drawText(rect.adjusted(0, 0, 0, -rect.height() * 0.08), Qt.AlignmentFlag.AlignCenter, "Draw a digit")
        font.setPointSizeF(font.pointSizeF() / 1.35 * 0.9)
        painter.setFont(font)
        room = rect.adjusted(8, rect.height() * 0.56, -8, 0)
        # wrapped: on one line it ran past both edges of a small canvas ("› / paste an image · Ctrl+R: a te")
        flags = Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop | Qt.TextFlag.TextWordWrap
        painter.drawText(room, flags, empty_hint(QFontMetricsF(font), room.width()))

    def changeEvent(self, event: QEvent) -> None:
        if event.type() in (QEvent.Type.PaletteChange, QEvent.Type.ApplicationPaletteChange):
            self._display_cache = self._live_display = None  # ink and paper colours come from the palette
            for index in range(self.undo_stack.count()):
                command = self.undo_stack.command(index)
                if isinstance(command, _ReplaceContent):
                    command.forget_images(ink=False)
            self.update()
        super().changeEvent(event)
