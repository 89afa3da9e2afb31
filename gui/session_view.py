"""The one way a panel follows the :class:`DigitSession`: subscribe, refresh from its state, paint on demand."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QObject, QPointF, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import (
    QCursor,
    QFocusEvent,
    QHelpEvent,
    QKeyEvent,
    QMoveEvent,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QResizeEvent,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.screen_room import show_beside
from gui.theme import paint_focus_frame
from rowreader.session import DigitSession, Event

ENTER_KEYS = (Qt.Key.Key_Return, Qt.Key.Key_Enter)  # what reads to a view's cursor (each view's :meth:`press_key`)


class SessionView(QWidget):
    """A panel that shows part of a session and redraws when the session changes.

    Subclasses set the class attributes below, implement :meth:`refresh` (copy what they show out of the
    session, then ``update()``) and :meth:`_paint`. The constructor subscribes and refreshes once, so a
    subclass sets up the state its ``refresh`` and ``_paint`` use *before* calling ``super().__init__``.

    What does not change from one reading to the next (the background, titles, axes, grid, legends) a subclass
    paints in :meth:`_paint_static`; every paint starts with a copy of it (:meth:`_draw_static`), so a pen
    movement pays for one image copy instead of laying out the same text again.
    """

    MINIMUM_SIZE: tuple[int, int]
    SIZE_HINT: tuple[int, int]
    SIZE_POLICY = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    TOOLTIP: str  # what the view shows and how to work it, in lines of at most gui.plain_text.TIP_CHARS
    _tab_stop = True  # something to read: see set_tab_stop
    _stale = False  # rows were read that refresh has not shown yet (see _on_session)
    _pointer: QPointF | None = None  # where the pointer rests, for a view whose ``refresh`` reads out what is there

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.paint_count = 0  # for tests and the latency benchmark
        self.static_builds = 0  # times the static layer was painted anew (for tests)
        self._static: QPixmap | None = None
        self._static_key: tuple = ()
        self._tip: tuple[QPointF, str] | None = None  # where the pointer stood when the tooltip showed, and its text
        self.setSizePolicy(*self.SIZE_POLICY)
        self.setMinimumSize(*self.MINIMUM_SIZE)  # the font's own least size follows once the subclass is set up
        self.setToolTip(self.TOOLTIP)
        # Every paint starts with the opaque static layer, which covers every pixel: Qt need not paint the
        # parents' backgrounds (the window's, the dock's) under the view first, on every frame.
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        unsubscribe = session.subscribe(self._on_session)
        self.destroyed.connect(lambda *_: unsubscribe())  # the session outlives its views
        self.setMinimumSize(self.least_size())
        self.refresh()

    def least_size(self) -> QSize:
        """The least size at this font: :attr:`MINIMUM_SIZE`, or more where the font needs it. A least size in pixels
        alone gave a 14-pt system font's text less height than a line in the smallest window, and it overlapped."""
        return QSize(*self.MINIMUM_SIZE)

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:  # the system's font, or the app's, changed size
            self.setMinimumSize(self.least_size())
        super().changeEvent(event)

    def _on_session(self, event: Event) -> None:
        if event in ("model", "image", "player"):
            return  # a "rows" event follows a new model or image at once; the mode alone changes nothing shown
        if event == "position" and self._session.reading_on:  # the seek's last row is the one painted
            self._stale = True  # unless the seek is cut short (an observer raised): the paint catches up
            self.update()
            return
        self.refresh()
        self._stale = False

    def refresh(self) -> None:
        """Read what this view shows from the session and schedule a repaint."""
        raise NotImplementedError

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._follow_pointer()

    def moveEvent(self, event: QMoveEvent) -> None:
        super().moveEvent(event)
        self._follow_pointer()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Move:  # a dock or window holding the view, watched while the pointer is in it
            self._follow_pointer()
        return False

    def _watch_holders(self, watch: bool) -> None:
        """Watch (or stop watching) every widget the view lies in for moves: a window moved under a resting pointer,
        or the maps' dock moved down after they were resized (the window made as small as it goes), left the
        read-out at the row the pointer had been on. Only while the pointer is in the view: moves are rare, but
        every event of the window would pass through Python."""
        holder = self.parentWidget()
        while holder is not None:
            if watch:
                holder.installEventFilter(self)
            else:
                holder.removeEventFilter(self)
            holder = holder.parentWidget()

    def _follow_pointer(self) -> None:
        """A pointer at rest stands over another row once the view is resized or moved (the window maximised or
        moved from the keyboard, a dock opened beside): the read-out stayed at the row it was on, its line no longer
        under the pointer. It reads what is under the pointer now, or goes if the pointer is outside."""
        if self._pointer is None:
            return
        here = QPointF(self.mapFromGlobal(QCursor.pos()))
        if self.rect().contains(here.toPoint()):
            self._pointer = here
            self.refresh()
        else:
            self.leaveEvent(QEvent(QEvent.Type.Leave))

    def tooltip_at(self, pos: QPointF) -> str:
        """What the tooltip says with the pointer at ``pos``: :attr:`TOOLTIP`, unless the view reads out what is
        there."""
        return self.TOOLTIP

    def tip_spot(self, pos: QPointF) -> QRect:
        """The part of the view the tooltip shown at ``pos`` is about: it is shown anew once the pointer leaves it."""
        return self.rect()

    def tip_clear_of(self) -> QRect:
        """What the tooltip must not cover: the view (a view whose picture is part of it says which part)."""
        return self.rect()

    # ---- the keys, for a view with a keyboard cursor ------------------------------------------------------------

    def takes_key(self, key: int) -> bool:
        """Whether ``key`` (unmodified, pressed with the keys here) is this view's: its cursor's, not the window's
        shortcut's (Step and Live took the arrows, Home and End, Clear took Escape). None here."""
        return False

    def press_key(self, key: int) -> None:
        """Act on ``key``, one :meth:`takes_key` takes."""

    def _own_key(self, event: QKeyEvent) -> bool:
        """Whether ``event`` is the view's: with the keys here only, not a key sent to it unfocused."""
        modified = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        return self.hasFocus() and not modified and self.takes_key(event.key())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._own_key(event):
            self.press_key(event.key())
            event.accept()
        else:
            super().keyPressEvent(event)

    def set_tab_stop(self, readable: bool) -> None:
        """Reached by Tab while there is something to read, as My examples' rows with examples are; emptied with the
        keys, it keeps them till they leave (:meth:`focusOutEvent`). By Tab only: a click (which reads to a row)
        leaves the keys with the canvas, where the arrows step the rows."""
        self._tab_stop = readable
        tab = readable or self.hasFocus()
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus if tab else Qt.FocusPolicy.NoFocus)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()  # framed while it has the keys
        super().focusInEvent(event)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        # emptied with the keys, it stayed a Tab stop for good once they left (the other empty views passed); not
        # as its window goes inactive or a menu opens: the keys come back to it there
        away = event.reason() not in (Qt.FocusReason.ActiveWindowFocusReason, Qt.FocusReason.PopupFocusReason)
        if away and not self._tab_stop:
            self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        super().focusOutEvent(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and self._own_key(event):
            event.accept()  # no shortcut: the key press comes to keyPressEvent
            return True
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            self.show_tip(QPointF(event.pos()))
            return True
        if event.type() == QEvent.Type.Enter:
            self._watch_holders(True)
        if event.type() == QEvent.Type.Leave:
            self._tip = None
            self._watch_holders(False)
        return super().event(event)

    def show_tip(self, pos: QPointF) -> None:
        """Show the tooltip for the pointer at ``pos`` beside the view (:func:`gui.screen_room.show_beside`)."""
        text = self.tooltip_at(pos)
        if not text:
            self._tip = None
            QToolTip.hideText()
            return
        self._tip = (pos, text)
        show_beside(self, text, pos.toPoint(), self.tip_spot(pos), self.tip_clear_of())

    def seen_rect(self) -> QRectF:
        """The part of the view in sight: all of it, unless a scroll area shows only part (200 % on a 1024×700 screen),
        where the chart's read-out was placed by its whole width and its values of 5–9 cut off at the view's edge."""
        seen = self.visibleRegion().boundingRect()
        return QRectF(seen if not seen.isEmpty() else self.rect())

    def on_screen_rect(self) -> QRectF:
        """The part of :meth:`seen_rect` inside the screens' bounds, where a read-out goes: the window dragged partly
        past the screen's edge, the chart's read-out of row 1 lay right of the pointer, off the screen, and the maps'
        from the map's edge, its value (or all of it) off the screen. All of :meth:`seen_rect` where none of it is."""
        seen = self.seen_rect()
        if (screen := self.screen()) is None:
            return seen
        desk = QRectF(screen.availableVirtualGeometry())
        desk.moveTopLeft(QPointF(self.mapFromGlobal(desk.topLeft().toPoint())))
        on_screen = seen & desk
        return on_screen if not on_screen.isEmpty() else seen

    def sizeHint(self) -> QSize:
        return QSize(*self.SIZE_HINT)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._stale:  # rows a seek read were left untold (see _on_session): shown as they are now
            self._stale = False
            self.refresh()
        self.paint_count += 1
        with QPainter(self) as painter:  # ends the painter even if drawing fails
            self._draw_static(painter)
            self._paint(painter)
            if self.hasFocus():  # the keys are here: framed, as the canvas and My examples' rows are
                paint_focus_frame(painter, self.width(), self.height(), self.palette())

    def _paint(self, painter: QPainter) -> None:
        """Paint what changes, over the static layer."""
        raise NotImplementedError

    def _paint_static(self, painter: QPainter) -> None:
        """Paint what depends only on the widget's size, screen, palette and font, over its background."""

    def _draw_static(self, painter: QPainter) -> None:
        """Draw the static layer, repainting it first if the size, device pixel ratio, palette or font changed.

        Everything these pictures depend on is in the key (the palette's group current too: :func:`palette_key`), so
        a stale one can never show; it is drawn at the screen's device pixel ratio, so it is as crisp as painting
        directly. It is opaque (the widget's own
        background colour, which its parent would paint there), so it is copied rather than blended. At a
        fractional ratio (150 %) a widget can start part-way into a device pixel: the layer is painted with the
        same fraction and blitted onto whole pixels, so its edges anti-alias exactly as if painted in place.
        """
        background = self.palette().color(self.backgroundRole())
        if type(self)._paint_static is SessionView._paint_static:  # nothing but the background: no picture needed
            painter.fillRect(self.rect(), background)
            return
        ratio = self.devicePixelRatioF()
        phase = pixel_phase(painter)
        key = (self.width(), self.height(), ratio, phase, palette_key(self), self.font().key())
        if self._static is None or key != self._static_key:
            pixmap = QPixmap(math.ceil(self.width() * ratio + phase[0]), math.ceil(self.height() * ratio + phase[1]))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(background)  # opaque: blitted as a copy, not blended
            with QPainter(pixmap) as static:
                static.translate(phase[0] / ratio, phase[1] / ratio)
                static.setFont(self.font())
                self._paint_static(static)
            self._static, self._static_key = pixmap, key
            self.static_builds += 1
        painter.drawPixmap(QPointF(-phase[0] / ratio, -phase[1] / ratio), self._static)


def palette_key(widget: QWidget) -> tuple[int, QPalette.ColorGroup]:
    """What of ``widget``'s palette a picture painted from it depends on: its colours, and the group current as it
    paints (a window behind others paints in the Inactive one). The cacheKey alone is the same for every group: under
    Adwaita-dark the chart's axes painted while the window was behind stayed dim (2.2:1) once it was in front."""
    palette = widget.palette()
    return palette.cacheKey(), palette.currentColorGroup()


def pixel_phase(painter: QPainter) -> tuple[float, float]:
    """How far into a device pixel ``painter``'s origin lies (0 at whole ratios): a layer painted with it and blitted
    onto whole pixels lands where painting in place would (:meth:`SessionView._draw_static`)."""
    origin = painter.deviceTransform().map(QPointF(0, 0))
    return origin.x() % 1.0, origin.y() % 1.0


class DigitPicker(SessionView):
    """A view whose pointer picks out one digit (a bar, a line), which the window lights up in the other one too."""

    highlighted = Signal(object)  # the digit under the pointer, or None
    highlight: int | None = None  # the digit picked out (by the pointer here, or in the other view)

    def set_highlight(self, digit: int | None) -> None:
        """Pick out one digit (from the other view's pointer), or none."""
        if digit != self.highlight:
            self.highlight = digit
            self.update()

    def _pick(self, digit: int | None) -> None:
        """The digit under the pointer here (None: none), picked out and told to the window."""
        if digit != self.highlight:
            self.set_highlight(digit)
            self.highlighted.emit(digit)
