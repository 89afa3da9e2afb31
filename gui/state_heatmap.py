"""Inside the LSTM (or GRU): how much each row moved the belief, and the hidden and cell state after every row.

Rows run top to bottom like the digit itself. The units are ordered by the row where each one changes most,
so the maps read as a story from top-left to bottom-right (units that react to the digit's top first)
instead of barcode noise. The order is fixed per drawing from all 28 rows, so it stays put while a scan
plays. The hidden state is already in (−1, 1); the cell state is unbounded, so it is shown through ``tanh``,
the squashing the LSTM applies to it before it becomes output, which keeps both maps on one colour scale (a GRU
has no cell state: its map says so).
The narrow strip on the left shows, per row, how far that row moved the belief (total variation distance
between the belief before and after it: 0 = no change, 1 = a complete switch). Hovering names the unit, the
row and the value under the map pointed at, and rings the cell it reads (past the rows read, that the row is not
read yet). Clicking or dragging asks the window to go to that row (``seek_requested``, ``dragged_to``), as on the
belief chart and the 28×28 view. Tab gives the maps the keys (framed then): the arrows move a cursor over the strip
and the maps' cells that reads out and rings the cell as the pointer does, Home and End go to a map's first and last
unit, Enter reads to its row, Escape hides it.
"""

from __future__ import annotations

import math

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, QSize, QSizeF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontMetrics,
    QImage,
    QLinearGradient,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QShowEvent,
)
from PySide6.QtWidgets import QWidget

from gui.numbers import belief_percent, signed
from gui.readout import elided, unread_note
from gui.session_view import ENTER_KEYS, SessionView
from gui.theme import (
    DIVERGING_LUT,
    blend,
    diverging_rgb32,
    graphic_colour,
    muted_on,
    paint_ring,
    ring_colours,
    view_colours,
)
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession

CELL_TITLE = "cell state tanh(c)"
CELL_TITLES = (CELL_TITLE, "cell state", "cell")  # the cell map's title, longest first: the one that fits is shown
# the hidden map's, as the cell map's: at the maps' least width (300 px) it was cut to "hidden sta…"
HIDDEN_TITLES = ("hidden state h (units by row of largest change)", "hidden state h", "hidden state", "hidden")
LEGEND_BAR_LEAST = 12.0  # px: the legend's bar where the cell map's title needs the rest of its line
UNREAD = -2  # the unit of a hover on a row not read yet (-1 is the belief-change strip's)
STRIP_WIDTH = 64.0  # px of the belief-change strip
LEGEND_BAR = (40.0, 132.0)  # px: the colour legend's bar, as wide as the cell map's title line leaves, in these
# what a screen reader says the maps show (with no tooltip it said their name alone), with no keyboard cursor on them
DESCRIPTION = (
    "After each row read, top to bottom: how far the row moved the belief, then every unit's hidden state"
    " and cell state, from −1 (dark blue) to +1 (light orange)"
)
# the keyboard cursor's moves, (columns, rows): a column is the strip's (-1) or a unit's, the hidden map's then the cell
# map's; Home and End go to the first and last unit of the map the cursor is on
CURSOR_MOVES = {Qt.Key.Key_Left: (-1, 0), Qt.Key.Key_Right: (1, 0), Qt.Key.Key_Up: (0, -1), Qt.Key.Key_Down: (0, 1)}
MAP_ENDS = (Qt.Key.Key_Home, Qt.Key.Key_End)
# its keys, for the window's list of shortcuts (Help ▸ Keyboard shortcuts), as the chart's are listed there
MAPS_KEYS = (
    ("Inside the LSTM (Tab to it): cursor", "arrows, Home, End"),
    ("Inside the LSTM: read to the cursor row / hide it", "Enter / Esc"),
)


def unit_order(states: np.ndarray) -> np.ndarray:
    """Units sorted by the row where each changes most (ties: by the size of that change, largest first)."""
    if not len(states):
        return np.arange(states.shape[1])
    steps = np.abs(np.diff(states, axis=0, prepend=0.0))
    peak_row = steps.argmax(axis=0)
    return np.lexsort((-steps.max(axis=0), peak_row))


def belief_change(probabilities: np.ndarray) -> np.ndarray:
    """Per row, the total variation distance between the belief before it (uniform before row 1) and after it."""
    if not len(probabilities):
        return np.zeros(0, np.float32)
    before = np.vstack([np.full((1, CLASSES), 1.0 / CLASSES, np.float32), probabilities[:-1]])
    return 0.5 * np.abs(probabilities - before).sum(axis=1)


def _heatmap_image(values: np.ndarray, width: float, height: float, ratio: float, reuse: QImage | None) -> QImage:
    """``values`` (rows read × units) coloured and enlarged to the panel's device pixels, nearest-neighbour.

    Enlarging by index arithmetic in NumPy gives crisp cells at any size and screen, and leaves QPainter a
    plain unscaled blit, several times cheaper than a scaled drawImage on every frame. Each row is widened
    once, then copied onto its screen lines, straight into ``reuse`` when it has the right size: fresh
    megabyte-sized buffers on every frame cost more in page faults than the colouring itself.
    """
    w, h = max(1, round(width * ratio)), max(1, round(height * ratio))
    rows = np.minimum((np.arange(h) * ROWS) // h, ROWS - 1)
    rows = rows[rows < len(values)]  # rows not read yet stay empty
    cols = (np.arange(w) * values.shape[1]) // w
    image = reuse
    if image is None or (image.width(), image.height(), image.devicePixelRatio()) != (w, len(rows), ratio):
        image = QImage(w, len(rows), QImage.Format.Format_RGB32)  # 32-bit pixels: no row padding
        image.setDevicePixelRatio(ratio)
    pixels = np.frombuffer(image.bits(), np.uint32).reshape(len(rows), w)
    diverging_rgb32(values).take(cols, axis=1).take(rows, axis=0, out=pixels)
    return image


def _drawn_at(offset: float, length: float, ratio: float, count: int) -> int:
    """Which of ``count`` rows or units :func:`_heatmap_image` shows ``offset`` px into a map ``length`` px long:
    by the device pixel there, as it draws them. With more units than pixels (256 in a 240-px map) the pointer's
    own arithmetic named the next unit on most pixels, whose colour was not the one under it."""
    pixels = max(1, round(length * ratio))
    pixel = min(max(int(offset * ratio), 0), pixels - 1)
    return min((pixel * count) // pixels, count - 1)


def _drawn_span(index: int, length: float, ratio: float, count: int) -> tuple[float, float]:
    """Where :func:`_heatmap_image` shows row or unit ``index`` of ``count`` in a map ``length`` px long: (offset,
    extent) in px, at least a device pixel."""
    pixels = max(1, round(length * ratio))
    start, end = -(-index * pixels // count), -(-(index + 1) * pixels // count)  # ceilings, in whole pixels
    return start / ratio, max(end - start, 1) / ratio


class StateHeatmap(SessionView):
    """Hidden and cell state per row (28 rows × units); rows not yet read stay empty."""

    MINIMUM_SIZE = (300, 90)
    SIZE_HINT = (640, 180)
    TOOLTIP = ""  # the hover read-out says what is under the pointer

    seek_requested = Signal(int)  # rows to read (1…28): the row clicked, or chosen with Enter
    dragged_to = Signal(int)  # the row a drag has reached: the window goes there once an event-loop pass

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self.hidden = np.zeros((0, 0), np.float32)  # [rows read, units], columns in display order
        self.cell = np.zeros((0, 0), np.float32)
        self.change = np.zeros(0, np.float32)  # belief change per row read
        self.order = np.zeros(0, np.int64)  # unit shown in each column
        self.hover: tuple[str, int, int, float] | None = None  # (map, unit, 1-based row, value) under the pointer
        self.key_cell: tuple[int, int] | None = None  # the keyboard cursor's (column, 1-based row); see CURSOR_MOVES
        self._seeking = False  # a left button went down on the maps: dragging goes from row to row
        self._order_image: np.ndarray | None = None
        # Per map: the values last drawn, at which size and ratio, and their image (rebuilt when any differ).
        self._images: dict[str, tuple[np.ndarray, tuple[QSizeF, float], QImage]] = {}
        self._rows_read = 0
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first
        self.setMouseTracking(True)
        self._speak()

    def refresh(self) -> None:
        self.set_tab_stop(self._readable())
        if not self._readable() and self.key_cell is not None:  # the drawing cleared: the cursor goes with it
            self._show_key_cell(None)  # kept, the empty maps said "Enter reads to it", where nothing does
        if not self.isVisible():
            return  # nobody is looking: skip the work; showEvent catches up
        hidden = self._session.hidden_states
        new_drawing = self._session.image is not self._order_image and len(hidden) == ROWS  # ordered on all rows
        if new_drawing or len(self.order) != hidden.shape[1]:
            self.order = unit_order(hidden)
            self._order_image = self._session.image
        self.hidden = hidden[:, self.order]
        cells = np.tanh(self._session.cell_states)  # width 0 for a cell without a cell state (a GRU)
        self.cell = cells[:, self.order] if cells.shape[1] else cells
        self.change = belief_change(self._session.probabilities)
        self._rows_read = self._session.position
        if self.key_cell is not None:  # the keyboard's cursor reads the values now there, as a pointer at rest
            self._show_key_cell((min(self.key_cell[0], self._last_column()), self.key_cell[1]))  # a narrower model's
        elif self._pointer is not None:  # a pointer at rest reads the values now there: a scan, a step or a new
            self.hover = self._hit(self._pointer)  # drawing left it naming the old value (or a row not read yet)
        self._speak()  # the row read, said as the bars and the chart say theirs
        self.update()

    def _readable(self) -> bool:
        """Rows read, or a digit to read (the maps say a row past the rows read is not read yet): the session's, not
        the rows last drawn, which a refresh asks before it takes them (and a hidden one never takes)."""
        return self._session.current is not None or self._session.ready

    # ---- the keys ------------------------------------------------------------------------------------------

    def takes_key(self, key: int) -> bool:
        """The cursor's keys, once there is something to read; Escape and Enter only while it is shown."""
        shown = self.key_cell is not None
        moves = key in CURSOR_MOVES or key in MAP_ENDS
        return self._readable() and (moves or (shown and key in (Qt.Key.Key_Escape, *ENTER_KEYS)))

    def press_key(self, key: int) -> None:
        """The cursor shown (first on the strip at the row read), moved, read to (Enter) or hidden (Escape)."""
        units = self.hidden.shape[1]
        if key == Qt.Key.Key_Escape:
            self._show_key_cell(None)
        elif key in ENTER_KEYS and self.key_cell is not None:
            self.seek_requested.emit(self.key_cell[1])
        elif self.key_cell is None:
            self._show_key_cell((-1, max(self._rows_read, 1)))
        elif key in MAP_ENDS:
            column, row = self.key_cell
            start = 0 if column < units else units  # the map it is on (the strip: the hidden map)
            count = units if start == 0 else self.cell.shape[1]
            self._show_key_cell((start if key == Qt.Key.Key_Home else start + max(count, 1) - 1, row))
        else:
            (column, row), (dx, dy) = self.key_cell, CURSOR_MOVES[key]
            self._show_key_cell((min(max(column + dx, -1), self._last_column()), min(max(row + dy, 1), ROWS)))

    def _last_column(self) -> int:
        """The cursor's last column: the cell map's last unit (a GRU's has none: the hidden map's last). A model of
        fewer units chosen with the cursor on the maps read unit 495 of 16, failing the model's switch."""
        return self.hidden.shape[1] + self.cell.shape[1] - 1

    def _show_key_cell(self, cell: tuple[int, int] | None) -> None:
        """The keyboard's cursor at ``cell`` (None: hidden): read out and ringed as the pointer's, and said."""
        self.key_cell = cell
        self.hover = None if cell is None else self._key_hover(*cell)
        self._speak()
        self.update()

    def _speak(self) -> None:
        """What a screen reader says of the maps: the keyboard cursor's read-out while it shows, else :meth:`said`."""
        said = self.readout() if self.key_cell is not None else self.said()
        if said != self.accessibleDescription():
            self.setAccessibleDescription(said)

    def said(self) -> str:
        """What a screen reader hears of the maps, the keyboard's cursor hidden: the row read and how far it moved the
        belief, as the strip's read-out says it, then what they show. It was :data:`DESCRIPTION` whatever was read,
        where the eye sees the row marked and its bar, and of a GRU a cell state it has not."""
        shown = DESCRIPTION
        if (gru := self.note("tanh(c)")) and gru != self.note("h"):  # no cell state: the map says so
            shown = DESCRIPTION.replace(" and cell state", f" ({gru})")
        if not len(self.change):
            return shown
        row = len(self.change)
        return f"Row {row} of {ROWS} read: it moved {belief_percent(float(self.change[-1]))} of the belief. {shown}"

    def _key_hover(self, column: int, row: int) -> tuple[str, int, int, float] | None:
        """What :attr:`hover` is with the cursor at ``column`` and ``row``, as :meth:`_hit` says it of a pointer."""
        units = self.hidden.shape[1]
        name, values, index = ("change", self.change, -1) if column < 0 else ("h", self.hidden, column)
        if column >= units:
            name, values, index = "tanh(c)", self.cell, column - units
        if row > len(values):
            return name, UNREAD, row, math.nan
        if name == "change":
            return name, -1, row, float(values[row - 1])
        return name, int(self.order[index]), row, float(values[row - 1, index])

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._show_key_cell(None)  # the cursor goes with the keys
        super().focusOutEvent(event)

    def least_size(self) -> QSize:
        """Room for the row axis's "1", "14" and "28" apart: with a 14-pt system font the smallest window gave the
        maps 30 px, and the three numbers lay on one another (90 px, the least at 9 pt, has room to spare)."""
        metrics = self.fontMetrics()
        title_h, legend_h = metrics.height() + 6, metrics.height() + 10  # as _layout lays them out
        area_h = (ROWS / 13) * (metrics.capHeight() + 4)  # rows 1, 14 and 28 lie 13 rows apart
        return QSize(*self.MINIMUM_SIZE).expandedTo(QSize(0, round(title_h + legend_h + area_h)))

    def _layout(self) -> tuple[QRectF, QRectF, QRectF, float]:
        """(strip, hidden map, cell map, title height) in widget coordinates."""
        metrics = self.fontMetrics()
        title_h = metrics.height() + 6
        axis_w = metrics.horizontalAdvance("28") + 10
        legend_h = metrics.height() + 10
        gap = 14.0
        area_h = max(10.0, self.height() - title_h - legend_h)
        strip = QRectF(axis_w, title_h, STRIP_WIDTH, area_h)
        width = (self.width() - strip.right() - 2 * gap - 4) / 2
        hidden = QRectF(strip.right() + gap, title_h, width, area_h)
        cell = QRectF(hidden.right() + gap, title_h, width, area_h)
        return strip, hidden, cell, title_h

    def note(self, name: str) -> str:
        """What an empty map says instead of colours, as the belief chart does: no rows read yet (paused before
        the first, where the maps were bare frames), nothing to read, or (the cell-state map of a GRU) that the
        model has no cell state; it was a blank frame under "cell state tanh(c)", as if nothing had been read."""
        checkpoint = self._session.checkpoint
        if name == "tanh(c)" and checkpoint is not None and not self._session.has_cell_state:
            return f"a {checkpoint.config.cell.upper()} has no cell state"
        if not self._session.ready:
            return "the state after each row appears here"
        return "no rows read yet" if self._session.position == 0 else ""

    def readout(self, width: float | None = None) -> str:
        """What the pointer is on, in words (empty when on nothing); when ``width`` (px) is given and the whole line
        does not fit, a shorter one (where it stands already says which map it reads)."""
        if self.hover is None:
            return ""
        name, unit, row, value = self.hover
        if unit == UNREAD:  # past the rows read, as the chart says it; a click there reads to it
            forms = (unread_note(row, self._seeking, self.key_cell is not None), unread_note(row, short=True))
        elif name == "change":
            return f"row {row} moved {belief_percent(value)} of the belief"  # in %, as the chart and the bars
        else:
            which = self._unit_words(name, unit)
            forms = (
                f"{name} {which}, after row {row}: {signed(value)}",
                f"{which}, after row {row}: {signed(value)}",
                f"{which}, row {row}: {signed(value)}",
            )
        fits = [text for text in forms if width is None or self.fontMetrics().horizontalAdvance(text) <= width]
        return fits[0] if fits else forms[-1]

    def readout_rect(self) -> QRectF:
        """Where the read-out is written: under the map (or strip) pointed at, from its left edge, so it says
        which map it reads (it sat under the cell-state map whichever was pointed at), inside the part of the maps on
        the screen (:meth:`on_screen_rect`); empty when on nothing."""
        if self.hover is None:
            return QRectF()
        strip, hidden, cell, _ = self._layout()
        # inside the part on the screen (the window dragged past its edge wrote it from the map's edge, off the screen)
        seen = self.on_screen_rect()
        start, end = seen.left(), min(self.width() - 2.0, seen.right())
        left = max({"change": strip, "h": hidden, "tanh(c)": cell}[self.hover[0]].left(), start)
        metrics = self.fontMetrics()
        if metrics.horizontalAdvance(self.readout(end - left)) > end - left:
            # at its smallest (300 px) even "unit 222, row 15: +0.98" was wider than the room right of the cell
            # map's edge, its value cut off: the line that fits the panel, ending at its edge, the map named
            left = max(start, end - metrics.horizontalAdvance(self.readout(end - start)))
        return QRectF(left, hidden.bottom() + 2, end - left, self.height() - hidden.bottom() - 2)

    def legend_rect(self) -> QRectF:
        """The colour legend, right-aligned in the cell map's title line: under the maps it took the row the
        read-out needs."""
        _, _, cell, title_h = self._layout()
        metrics = self.fontMetrics()
        labels = metrics.horizontalAdvance(signed(-1, 0)) + metrics.horizontalAdvance(signed(1, 0)) + 10
        bold = QFontMetrics(self._bold())
        title = bold.horizontalAdvance(CELL_TITLE) + 12
        bar = min(max(cell.width() - title - labels, LEGEND_BAR[0]), LEGEND_BAR[1])
        # narrower where the map is too narrow for "cell" beside it: its 40 px and the labels took the whole of the
        # cell map's title line (150 % on a 1366×768 screen, 200 % on 1366×768), and no title said which map it is
        bar = max(min(bar, cell.width() - labels - 8 - bold.horizontalAdvance(CELL_TITLES[-1])), LEGEND_BAR_LEAST)
        return QRectF(cell.right() - bar - labels, 3, bar + labels, title_h - 6)

    def _bold(self) -> QFont:
        bold = QFont(self.font())
        bold.setBold(True)
        return bold

    def titles(self) -> list[tuple[QRectF, str]]:
        """Each panel's title and where it is written (in bold): the cell map's in the room the legend leaves; the
        hidden and cell maps' their longest form that fits (:data:`HIDDEN_TITLES`, :data:`CELL_TITLES`), shortened
        only past the last."""
        return [(rect, shown) for rect, shown, _ in self._titles()]

    def _titles(self) -> list[tuple[QRectF, str, str]]:
        """:meth:`titles`, each with its longest form, which its tooltip says where it is shortened."""
        strip, hidden, cell, title_h = self._layout()
        metrics, legend = QFontMetrics(self._bold()), self.legend_rect()
        room = legend.left() - 6 - cell.left()
        found = []
        for rect, titles, width in (
            (strip, ("Δ belief",), strip.width() + 12),
            (hidden, HIDDEN_TITLES, hidden.width()),
            (cell, CELL_TITLES, room),
        ):
            title = next((form for form in titles if metrics.horizontalAdvance(form) <= width), titles[-1])
            shown = elided(metrics, title, Qt.TextElideMode.ElideRight, width)
            found.append((QRectF(rect.left(), 0, width, title_h), shown, titles[0]))
        return found

    def tooltip_at(self, pos: QPointF) -> str:
        """A title's longest form, where the pointer is on it and it is shortened: "hidden state h" said nothing of
        how its units are ordered, "(units by row of largest change)", and no tooltip held it. Elsewhere none: the
        hover read-out says what is under the pointer."""
        return next((whole for rect, shown, whole in self._titles() if rect.contains(pos) and shown != whole), "")

    def tip_spot(self, pos: QPointF) -> QRect:
        """The title pointed at, where its tooltip is about."""
        return next((rect.toAlignedRect() for rect, _, _ in self._titles() if rect.contains(pos)), self.rect())

    def _hovered_cell(self) -> QRectF | None:
        """The cell the read-out reads, in widget coordinates (a strip row for the belief change); None on a row
        not read yet (no cell there)."""
        if self.hover is None or self.hover[1] == UNREAD:
            return None
        strip, hidden, cell, _ = self._layout()
        name, unit, row, _ = self.hover
        top = (row - 1) / ROWS
        if name == "change":
            return QRectF(strip.left(), strip.top() + top * strip.height(), strip.width(), strip.height() / ROWS)
        rect, values = (hidden, self.hidden) if name == "h" else (cell, self.cell)
        column = int(np.flatnonzero(self.order == unit)[0])
        ratio = self.devicePixelRatioF()
        left, width = _drawn_span(column, rect.width(), ratio, values.shape[1])  # where the picture shows them
        top, height = _drawn_span(row - 1, rect.height(), ratio, ROWS)
        return QRectF(rect.left() + left, rect.top() + top, width, height)

    def row_at(self, pos: QPointF, clamp: bool = False) -> int | None:
        """The 1-based row at ``pos`` on the strip or a map, or None off them; with ``clamp``, the nearest row
        wherever ``pos`` is (a drag that leaves the maps keeps going)."""
        strip, hidden, cell, _ = self._layout()
        maps = QRectF(strip.topLeft(), QPointF(cell.right(), strip.bottom()))
        if not clamp and not maps.contains(pos):
            return None
        if pos.x() >= hidden.left():  # the row the maps' picture shows there, which the read-out names: at 150 % a
            # click on a cell read out as "after row 10" went to row 11 on 5 of a 51-px map's 76 lines
            return _drawn_at(pos.y() - strip.top(), strip.height(), self.devicePixelRatioF(), ROWS) + 1
        return int(np.clip((pos.y() - strip.top()) / strip.height() * ROWS + 1, 1, ROWS))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        # the maps did nothing on a click, where the chart, the 28×28 view and the drawing go to the row
        row = self.row_at(event.position()) if event.button() == Qt.MouseButton.LeftButton else None
        self._seeking = row is not None
        if row is not None:
            self.seek_requested.emit(row)
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        self._seeking = False
        self.update()  # the note of a row not read says a click reads to it again
        super().mouseReleaseEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self.key_cell is not None:  # the pointer moved: its read-out, not the keyboard's cursor's
            self._show_key_cell(None)
        if self._seeking and event.buttons() & Qt.MouseButton.LeftButton:
            self.dragged_to.emit(self.row_at(event.position(), clamp=True))
        on_maps = self._seeking or self.row_at(event.position()) is not None  # a hand where a click goes to a row
        self.setCursor(Qt.CursorShape.PointingHandCursor if on_maps else Qt.CursorShape.ArrowCursor)
        self._pointer = QPointF(event.position())
        if (hover := self._hit(self._pointer)) != self.hover:  # the same cell: nothing new (a repaint every move)
            self.hover = hover
            self.update()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self.hover, self._pointer = None, None
        self.update()
        super().leaveEvent(event)

    def _hit(self, pos: QPointF) -> tuple[str, int, int, float] | None:
        strip, hidden, cell, _ = self._layout()
        for name, rect, values in (("h", hidden, self.hidden), ("tanh(c)", cell, self.cell)):
            if rect.contains(pos) and (len(values) or self._session.ready) and values.shape[1]:
                ratio = self.devicePixelRatioF()  # the unit and row the picture shows under the pointer
                row = _drawn_at(pos.y() - rect.top(), rect.height(), ratio, ROWS)
                column = _drawn_at(pos.x() - rect.left(), rect.width(), ratio, values.shape[1])
                if row < len(values):
                    return name, int(self.order[column]), row + 1, float(values[row, column])
                return name, UNREAD, row + 1, math.nan  # the maps said nothing there, where the chart does
        if strip.contains(pos) and (len(self.change) or self._session.ready):
            row = min(int((pos.y() - strip.top()) / strip.height() * ROWS), ROWS - 1)
            if row < len(self.change):
                return "change", -1, row + 1, float(self.change[row])
            return "change", UNREAD, row + 1, math.nan
        return None

    def _unit_words(self, name: str, unit: int) -> str:
        """A column's unit as the model numbers it: a model of stacked layers has them side by side here, and a
        2×64 GRU's "h unit 100" was its second layer's unit 36, which nothing said."""
        checkpoint = self._session.checkpoint
        layers = checkpoint.config.layers if checkpoint is not None else 1
        columns = (self.hidden if name == "h" else self.cell).shape[1]
        if layers < 2:
            return f"unit {unit}"
        layer, index = divmod(unit, columns // layers)
        return f"unit {index} of layer {layer + 1}"

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # catch up on anything skipped while hidden
        super().showEvent(event)

    def _paint_static(self, painter: QPainter) -> None:
        """Titles, the row axis, the colour legend and the strip's background."""
        text, _, muted = view_colours(self.palette())
        strip, hidden, _, title_h = self._layout()
        painter.setFont(self._bold())
        painter.setPen(text)
        legend = self.legend_rect()
        for rect, title in self.titles():
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, title)
        painter.setFont(self.font())
        painter.fillRect(strip, self._empty_fill())
        self._paint_row_axis(painter, QRectF(0, title_h, strip.left() - 4, hidden.height()), muted)
        self._paint_legend(painter, legend, muted)

    def _paint(self, painter: QPainter) -> None:
        text, window, muted = view_colours(self.palette())
        strip, hidden, cell, _ = self._layout()
        self._paint_panel(painter, "h", hidden, self.hidden, muted, window)
        self._paint_panel(painter, "tanh(c)", cell, self.cell, muted, window)
        self._paint_strip(painter, strip, muted, window)
        if (pointed := self._hovered_cell()) is not None:
            # ringed, at least a few pixels across (a unit's column is 2 px wide), dark inside light: it shows on
            # red, blue and white alike
            centre = pointed.center()
            ring = QRectF(0, 0, max(pointed.width(), 5.0) + 2, max(pointed.height(), 5.0) + 2)
            ring.moveCenter(centre)
            paint_ring(painter, ring, self.palette())
        if self.hover is not None:
            painter.setPen(text)
            where = self.readout_rect()
            flags = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
            painter.drawText(where, flags, self.readout(where.width()))

    def _empty_fill(self) -> QColor:
        """What the strip and the maps' rows not yet read are filled with: halfway between the view's and the
        window's background, in 8-bit channels as painted, so what is measured against it (the note, the bars) is
        measured against what is seen: unrounded, a note of 4.51:1 was drawn 4.47:1 and bars of 3.01:1 2.98:1."""
        palette = self.palette()
        halfway = blend(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Window), 0.5)
        return QColor.fromRgb(halfway.rgb())

    def _paint_strip(self, painter: QPainter, rect: QRectF, muted: QColor, window: QColor) -> None:
        """One bar per row read: how far that row moved the belief (full width = a complete switch)."""
        # standing out 3:1 from the strip's fill: as given, Fusion's #308cc6 was 1.3:1 on it under dark windows and
        # light views
        highlight = graphic_colour(self.palette().color(QPalette.ColorRole.Highlight), self._empty_fill())
        cell_h = rect.height() / ROWS
        for row, value in enumerate(self.change):
            bar = QRectF(rect.left(), rect.top() + row * cell_h, rect.width() * float(value), max(1.0, cell_h - 1))
            painter.fillRect(bar, highlight)
        painter.setPen(QPen(blend(window, muted, 0.5), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _paint_panel(
        self, painter: QPainter, name: str, rect: QRectF, values: np.ndarray, muted: QColor, window: QColor
    ) -> None:
        rows = len(values)
        unread = QRectF(
            rect.left(), rect.top() + rect.height() * rows / ROWS, rect.width(), rect.height() * (1 - rows / ROWS)
        )
        painter.fillRect(unread, self._empty_fill())
        if rows and values.shape[1]:
            ratio = self.devicePixelRatioF()
            drawn, size, image = self._images.get(name, (None, None, None))
            if drawn is not values or size != (rect.size(), ratio) or image is None:  # else a hover: reuse it
                image = _heatmap_image(values, rect.width(), rect.height(), ratio, image)
                self._images[name] = (values, (rect.size(), ratio), image)
            painter.drawImage(rect.topLeft(), image)
            if self._rows_read > 0:
                self._paint_row_marker(painter, rect, ratio)
        elif note := self.note(name):
            painter.setPen(muted_on(self._empty_fill(), self.palette()))  # written on that fill, not the window
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, note)
        painter.setPen(QPen(blend(window, muted, 0.5), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

    def _paint_row_marker(self, painter: QPainter, rect: QRectF, ratio: float) -> None:
        """The row just read framed just outside the pixels the map shows it in, a line in a band, each a logical px
        (whole device pixels), in :func:`ring_colours`. In the selection colour, 1.5 px, it stood out under 3:1 from
        the map's colours along 78-91 % of its top edge; drawn as the pointer's 3-px ring, it hid a row 3.4 px tall
        above it (100 %, the dock at its first height)."""
        top, height = _drawn_span(self._rows_read - 1, rect.height(), ratio, ROWS)
        row = QRectF(rect.left(), rect.top() + top, rect.width(), height)
        width = max(1, round(ratio)) / ratio
        line, band = ring_colours(self.palette())
        for colour, outer in ((band, 2 * width), (line, width)):
            frame = QPainterPath()  # odd-even: the rect grown by ``outer`` less that grown by one width less
            frame.addRect(row.adjusted(-outer, -outer, outer, outer))
            inner = outer - width
            frame.addRect(row.adjusted(-inner, -inner, inner, inner))
            painter.fillPath(frame, colour)

    def _paint_row_axis(self, painter: QPainter, rect: QRectF, muted: QColor) -> None:
        painter.setPen(muted)
        cell_h = rect.height() / ROWS
        h = painter.fontMetrics().height()
        for row in (1, 14, 28):
            y = rect.top() + (row - 0.5) * cell_h
            painter.drawText(
                QRectF(0, y - h / 2, rect.width(), h),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                str(row),
            )

    def _paint_legend(self, painter: QPainter, rect: QRectF, muted: QColor) -> None:
        metrics = painter.fontMetrics()
        lo, hi = signed(-1, 0), signed(1, 0)
        left = rect.left() + metrics.horizontalAdvance(lo) + 5
        bar = QRectF(left, rect.top() + 2, rect.right() - metrics.horizontalAdvance(hi) - 5 - left, rect.height() - 4)
        gradient = QLinearGradient(bar.topLeft(), bar.topRight())
        for stop in np.linspace(0, 1, 5):
            r, g, b = DIVERGING_LUT[round(stop * 255)]
            gradient.setColorAt(float(stop), QColor(int(r), int(g), int(b)))
        painter.fillRect(bar, gradient)
        painter.setPen(muted)
        painter.drawText(
            QRectF(rect.left(), rect.top(), bar.left() - rect.left() - 4, rect.height()),
            Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
            lo,
        )
        painter.drawText(
            QRectF(bar.right() + 4, rect.top(), rect.right() - bar.right() - 4, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            hi,
        )
