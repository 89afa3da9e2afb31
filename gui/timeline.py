"""Belief timeline: each digit's probability after rows 1–28, the current row, and where the answer settled
(``DigitSession.decided_at``: from there on it holds at least 60 %).

Each line carries its digit's mark (gui/markers.py) every ten rows and at its peak, so that the lines are told
apart in greyscale too, where most of the ten colours are one grey. Every digit that ever reaches
:data:`PEAK_LABEL_MIN` gets its name at its peak, so a digit that led for ten rows and then fell back can still be
named. Hovering shows the row and all ten probabilities, and picks out the
line under the pointer (``highlighted`` tells the window, which lights up the same digit's bar). Clicking or
dragging asks the window to go to that row (``seek_requested``, ``dragged_to``). A second reader's belief can be
laid over the first as dashed lines (:meth:`set_comparison`). Tab gives it the keys (framed then): Left, Right, Home
and End move a row cursor that shows the same read-out, Enter reads to its row, Escape hides it.

The read-out's words and box are gui/readout.py's; the lines' polygons and the pointer's distance to them
gui/polylines.py's.
"""

from __future__ import annotations

import dataclasses
import functools
import math
from dataclasses import dataclass

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFont,
    QFontInfo,
    QFontMetrics,
    QMouseEvent,
    QPainter,
    QPalette,
    QPen,
    QPixmap,
    QPolygonF,
)
from PySide6.QtWidgets import QWidget

from gui.markers import REACH, mark_path, marked_rows, spread
from gui.numbers import answer, belief_percent, leaders, the_rest_said, written_reaches
from gui.plain_text import isolated, wrapped
from gui.polylines import as_polygon, distance_to_lines, finite_runs
from gui.readout import (
    DASHED_COLUMN,
    MIN_NAME_SHOWN,
    ReadoutLayout,
    dashed_column_name,
    elided,
    paint_box,
    readout_bands,
    readout_heading,
    readout_value,
    unread_note,
)
from gui.session_view import ENTER_KEYS, DigitPicker, palette_key, pixel_phase
from gui.theme import TITLE_INSET, blend, class_color, muted_text, text_color, view_colours
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession

DASHED = "┄"  # what stands for the compared reader's dashed lines in the title line, before its name
TITLE = "Belief over rows"  # the chart's own title, left in the title line (the readings go right of it)
# its titles, longest first: the first that leaves the readings their room is shown (the cell map's are alike)
TITLES = (TITLE, "Belief")
# A digit whose belief ever reaches this, as written (14.97 % is "15.0%"), gets a label at its peak. Not 10 %: before
# the first inked row every digit sits near 10 %, and naming all ten there would say nothing.
PEAK_LABEL_MIN = 0.15
HIT_DISTANCE = 8.0  # px: how close the pointer must be to a line to pick it out
COINCIDE = 1.0  # px: lines this much further from the pointer than the nearest lie on it; no eye tells them apart
INSET = 5.0  # px between the frame and the 0 % / 100 % levels, so no line hides on the frame
READOUT_SMALLEST = 0.6  # the read-out's text is set no smaller than this share of the chart's font, to fit
READOUT_STEPS = 5  # sizes tried between the chart's font and the smallest
# ... and never under this many px: 60 % of a 9-pt font (7 px) was not read but guessed, in the smallest window
# comparing (row 13 beside the pointer in it, row 14 in two columns over it, 8.3 pt: the size jumped row to row)
READOUT_LEAST_PX = 10
MARK_LEAST = 0.02  # a line's mark is drawn where its belief is at least this (gui/markers.py)
CLEAR = REACH + 1.0  # px from a peak to its name's box: its mark's furthest tip and its 1-px ring
# how strongly the stretch where the answer has settled is shaded in the leader's colour. The lines (and marks) are
# coloured to stand out 3:1 from the shade where it is shown: coloured for the plot, at 14 % the light scheme's 8 in a
# 3's stretch fell to 2.3:1 and the dark scheme's 7 in an 8's to 2.0:1. Lighter, as at 14 % the colours moved so far
# that two a deutan tells apart by ΔE2000 8.4 on the plot were 2.6 apart; at 7 % every pair keeps 7.0 for protan and
# deutan dichromats and 18 for normal vision, and the shade is still seen (ΔE2000 2.7 light, 3.7 dark)
DECIDED_SHADE = 0.07
BAND = 0.18  # how strongly the read-out bands, in their colours, the digits whose lines are pointed at
# the keys that move the row cursor (or read to its row, or hide it) while the chart has the keys, not the window's
CURSOR_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_Right: 1, Qt.Key.Key_Home: -ROWS, Qt.Key.Key_End: ROWS}
# its keys, for the window's list of shortcuts (Help ▸ Keyboard shortcuts), as My examples' are listed there
CHART_KEYS = (
    ("Belief chart (Tab to it): row cursor", "←, →, Home, End"),
    ("Belief chart: read to the cursor row / hide it", "Enter / Esc"),
)


@dataclass(frozen=True)
class Comparison:
    """A second reader's belief over the same rows, drawn dashed."""

    name: str
    probabilities: np.ndarray  # [rows_read, 10]
    decided_at: int | None


def compared_part(name: str, tail: str) -> str:
    """The title line's part naming the compared reader, "┄ NAME: 7 at row 9", its name set apart (a number after a
    right-to-left name was drawn before it). One definition for the part built, the part an unsure reader's digit is
    added to and the part a screen reader hears: "┄ NAME: unsure" was built in one place and looked for in another."""
    return f"{DASHED} {isolated(name)}{tail}"


class BeliefTimeline(DigitPicker):
    """Ten lines over the rows read so far; the leader drawn last and thickest, its settled stretch shaded."""

    # never shorter than 150 px: at 150 % the first window gave the chart its old least height, 120 px, a plot of
    # 65 px where ten lines near 10 % lay a few pixels apart ("What the model sees" and the bars give up the room)
    MINIMUM_SIZE = (240, 150)
    SIZE_HINT = (420, 220)
    TOOLTIP = ""  # the hover read-out replaces a tooltip

    seek_requested = Signal(int)  # rows to read (1…28): the row clicked, or chosen with Enter
    dragged_to = Signal(int)  # the row a drag has reached: the window goes there once an event-loop pass

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self.probabilities = np.zeros((0, CLASSES), np.float32)  # what is shown now: [rows_read, 10]
        self.decided_at: int | None = None
        self.comparison: Comparison | None = None
        self.hover_row: int | None = None  # 1-based row under the pointer (past the rows read: a note, no values)
        self._hover_lines: list[int] = []  # see hover_lines
        self._hover_readers: list[tuple[int, bool]] = []  # see hover_readers
        self._highlight: int | None = None  # see highlight
        self._lines_due: tuple[QPointF, bool] | None = None  # a drag's pointer whose lines are not worked out yet
        self.key_row: int | None = None  # 1-based row of the keyboard's cursor (shown over the pointer's), or none
        self._rows_read = 0
        self._held = False  # a drag on the chart is held (its left button down)
        self._placed_key: tuple | None = None  # what the peaks' marks and names were last placed for
        self._placed: list[tuple[int, QPointF, QRectF | None, bool]] = []
        self._dashed_key: tuple | None = None  # what the compared reader's smoothed lines were last drawn for
        self._dashed: QPixmap | None = None
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first
        self.setMouseTracking(True)
        self.setCursor(Qt.CursorShape.PointingHandCursor)

    def refresh(self) -> None:
        self.probabilities = self._session.probabilities
        self.decided_at = self._session.decided_at
        self._rows_read = self._session.position
        self.set_tab_stop(self._readable())
        if not self._readable():  # the drawing cleared: the cursor goes with it (kept, it came back at its old row
            self.key_row = None  # on the next drawing, unasked)
        if self._pointer is not None:  # the read-out follows the rows as they come, under a pointer at rest:
            self._hover(self._pointer, True)  # during a scan (or stepping) it stayed at the row read when it arrived
        self._speak()
        self.update()

    def set_comparison(self, comparison: Comparison | None) -> None:
        """Lay a second reader's belief over the chart (dashed), or remove it with ``None``."""
        self.comparison = comparison
        # the window sets it after each row (``refresh`` ran first, on the old one): a dashed line reaching the
        # pointer at rest stayed unpicked, a gone one picked
        if self._pointer is not None:
            self._hover(self._pointer, True)
        self._speak()
        self.update()

    def _speak(self) -> None:
        """What a screen reader says of the chart: its title line whole, in words ("7: decided at row 9; compared
        with seed: 7 at row 15"). It said "Belief over rows" and nothing more, the bars beside it their reading.
        With the keyboard's row cursor shown, the read-out it shows, as the cursor moves, in words."""
        if (row := self.shown_row()) is not None and row == self.key_row:
            said = self._row_said(row)
        else:
            said = self._title_said()
        if said != self.accessibleDescription():
            self.setAccessibleDescription(said)

    def tooltip_at(self, pos: QPointF) -> str:
        """The title line whole, where the pointer is on it and it is shortened (a compared model's name cut in its
        middle, "Belief" for "Belief over rows", the title left out): every shortened text keeps its whole in a
        tooltip, and only a screen reader had this one. Elsewhere none: the hover read-out says the rest."""
        metrics = self.fontMetrics()
        if not self._title_rect(metrics).contains(pos):
            return ""
        read = len(self.probabilities)
        top = int(np.argmax(self.probabilities[-1])) if read else None
        whole = self.title_line(top, read, metrics, whole=True)
        if (self.shown_title(), self.title_line(top, read, metrics)) == (TITLE, whole):
            return ""
        return wrapped("\n".join([TITLE, *filter(None, whole.split("   "))]))

    def tip_spot(self, pos: QPointF) -> QRect:
        """The title line, where the title's tooltip is about."""
        return self._title_rect(self.fontMetrics()).toAlignedRect()

    def _title_said(self) -> str:
        """The title line in words, and the compared reader's values at the row read."""
        read = len(self.probabilities)
        top = int(np.argmax(self.probabilities[-1])) if read else None
        line = self.title_line(top, read, self.fontMetrics(), whole=True)
        # the first sign is the part's own (nothing before it holds one): a name holding "┄ " was said "compared
        # with a compared with b", every sign replaced
        own, sign, compared = line.partition(compared_part("", ""))
        said = f"{own.rstrip()}{'; ' if own.strip() else ''}compared with {compared}" if sign else line
        if not said:  # the title line is blank before a decision: a screen reader heard nothing, as of an empty chart
            said = f"no digit decided after row {read}/{ROWS}" if read else self._empty_note()
        # the compared reader's values at the row, as the bars say the model in use's: a keyboard or screen-reader
        # user had the dashed reader's "unsure" alone; pointing read them
        return said + self._compared_said(read)

    def _row_said(self, row: int) -> str:
        """The keyboard cursor's read-out in words, as the bars say a reading, the leader first: it was the box's
        text, read as "0: <0.1%  1: 99.9% … · ┄ seed: 0: 10.1% …", twenty values in digit order, the leader (bold
        on the screen) unmarked and the compared model's behind a box-drawing sign."""
        if not 1 <= row <= len(self.probabilities):
            return self.readout(row)  # not read yet: what the box says
        probs = self.probabilities[row - 1]
        return f"after row {row}: {answer(probs)}{the_rest_said(probs)}{self._compared_said(row)}"

    def _compared_said(self, row: int) -> str:
        """The compared reader's values after ``row`` in words ("; seed after row 9: 7 (88.0%); then …"), or ""."""
        if (other := self._compared_at(row)) is None or self.comparison is None:
            return ""
        return f"; {self.comparison.name} after row {row}: {answer(other)}{the_rest_said(other)}"

    def _empty_note(self) -> str:
        """What the empty plot says (a drawing not read yet, or none)."""
        return "no rows read yet" if self._session.ready else "the belief after each row appears here"

    # ---- geometry ----------------------------------------------------------------------------------------

    def plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 10
        top = metrics.height() + 10
        right = metrics.horizontalAdvance("00") + 10
        bottom = metrics.height() + 8
        return QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))

    def x_of(self, row: float, plot: QRectF) -> float:
        """x of 1-based ``row`` (rows 1 and 28 sit on the plot's edges)."""
        return plot.left() + (row - 1) / (ROWS - 1) * plot.width()

    def y_of(self, probability: float, plot: QRectF) -> float:
        """y of a probability; 0 % and 100 % lie :data:`INSET` px inside the frame."""
        return plot.bottom() - INSET - probability * (plot.height() - 2 * INSET)

    def row_at(self, x: float) -> int:
        """The 1-based row nearest to widget x (clamped to 1…28)."""
        plot = self.plot_rect()
        return int(np.clip(round((x - plot.left()) / plot.width() * (ROWS - 1)) + 1, 1, ROWS))

    def lines_at(self, pos: QPointF) -> list[int]:
        """The digits of :meth:`readers_at`, each once, the one drawn on top first."""
        return _digits(self.readers_at(pos))

    def readers_at(self, pos: QPointF) -> list[tuple[int, bool]]:
        """(digit, dashed) of the lines, solid or the comparison's dashed ones, that pass within :data:`HIT_DISTANCE`
        px of ``pos`` and lie on the nearest of them (within :data:`COINCIDE` px), in :meth:`drawing_order` from the
        top, each digit's solid line before its dashed one. Whose line it is, as well as whose digit: the read-out
        bands the values of the lines pointed at.

        Measured to each line as it is drawn, from row to row: measured to its value at the nearest row, the middle
        of a steep stretch (where the reader decides) picked out nothing. All the lines there, not the nearest by a
        hair: in the bundle at 0 % that was often a line hidden under another, and the rest went unsaid. On a peak
        label or a peak's mark, its digit alone."""
        for digit, peak, rect, dashed in self.peak_marks():  # drawn over the lines and out of its own line's reach (a
            # name beside the scan's last row, past it; a mark set beside another's at one spot, up to 55 px off its
            # peak at 560×300): pointing at it picked out nothing, or another line
            if (rect is not None and rect.contains(pos)) or math.hypot(pos.x() - peak.x(), pos.y() - peak.y()) <= CLEAR:
                return [(digit, dashed)]
        if not 1 <= self.row_at(pos.x()) <= len(self.probabilities):  # no line is drawn past the rows read
            return []
        plot = self.plot_rect()
        solid = distance_to_lines(pos, self._points_array(self.probabilities, plot))
        comparison = self.comparison
        dashed = np.full(CLASSES, np.inf)
        if comparison is not None and len(comparison.probabilities):
            dashed = distance_to_lines(pos, self._points_array(comparison.probabilities, plot))
        nearest = float(min(solid.min(), dashed.min()))
        if not nearest <= HIT_DISTANCE:
            return []
        return [
            (digit, reader)
            for digit in reversed(self.drawing_order())
            for reader, distance in ((False, solid), (True, dashed))
            if distance[digit] <= nearest + COINCIDE
        ]

    def drawing_order(self) -> list[int]:
        """The solid lines from the bottom up: by final belief, then the leaders (a tie's all), the one picked last."""
        if not len(self.probabilities):
            return list(range(CLASSES))
        final = self.probabilities[-1]
        tops = leaders(final)
        return sorted(range(CLASSES), key=lambda d: (d == self.highlight, d in tops, float(final[d])))

    def _compared_at(self, row: int) -> np.ndarray | None:
        """The compared reader's ten probabilities after ``row`` (1-based), if it has read that far."""
        comparison = self.comparison
        if comparison is None or not 1 <= row <= len(comparison.probabilities):
            return None
        return comparison.probabilities[row - 1]

    # ---- the mouse ---------------------------------------------------------------------------------------

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        if self.key_row is not None:  # the pointer moved: its read-out, not the keyboard's cursor's
            self._set_key_row(None)
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.dragged_to.emit(self.row_at(pos.x()))
        elif self._held:  # its release went elsewhere (a box opened mid-drag took it): held for good, the note of a
            self._held = False  # row not read never said a click reads to it, its lines put off to the paint
        self._pointer = QPointF(pos)
        self._hover(pos)

    def _hover(self, pos: QPointF, repainted: bool = False) -> None:
        """The row and the line under the pointer at ``pos``: paused at row 10, the pointer at row 20 read out
        row 10's values as if they were row 20's, where Inside the LSTM shows nothing; it says row 20 is not read.
        On the title line, none: pointed at, the title showed the row's read-out beside its own tooltip, two things
        said of one spot, the read-out of a row the pointer was above.

        While a drag is held, the row at once and the lines under the pointer once a paint (:meth:`settle`), where
        the chart is ``repainted`` anyway or the pointer reached another row: each move worked them out, and each row
        it read again, five times for the one paint of an event-loop pass (0.5 ms each). A move along one row works
        them out at once, the chart painted only if they changed."""
        on_title = self._title_rect(self.fontMetrics()).contains(pos)
        hover = self.row_at(pos.x()) if self._readable() and not on_title else None
        if self._held and (repainted or hover != self.hover_row or self._lines_due is not None):
            if hover != self.hover_row:
                self.hover_row = hover
            self._lines_due = (QPointF(pos), on_title)
            self.update()
            return
        self._lines_due = None
        self._pick_lines(pos, on_title, hover)

    def _pick_lines(self, pos: QPointF, on_title: bool, hover: int | None) -> None:
        """The lines under the pointer at ``pos`` (none on the title line), and the row ``hover``, shown."""
        readers = [] if on_title else self.readers_at(pos)
        lines = _digits(readers)
        digit = lines[0] if lines else None  # of lines on one another, the one drawn on top
        if hover != self.hover_row or digit != self._highlight or readers != self._hover_readers:
            self.hover_row, self._hover_lines, self._hover_readers = hover, lines, readers
            self.update()
        self._pick(digit)

    def settle(self) -> None:
        """A held drag's lines under the pointer, worked out now: before the window paints (its picked digit lit in
        the bars in the same paint), as the chart paints (where the window did not), or as they are read."""
        if self._lines_due is not None:
            (pos, on_title), self._lines_due = self._lines_due, None
            self._pick_lines(pos, on_title, self.hover_row)

    @property
    def hover_lines(self) -> list[int]:
        """Every digit whose line lies under the pointer, the one drawn on top first."""
        self.settle()
        return self._hover_lines

    @property
    def hover_readers(self) -> list[tuple[int, bool]]:
        """Whose lines :attr:`hover_lines` are: (digit, dashed)."""
        self.settle()
        return self._hover_readers

    @property
    def highlight(self) -> int | None:  # type: ignore[override]
        """The digit picked out (by the pointer here, or from the bars)."""
        self.settle()
        return self._highlight

    @highlight.setter
    def highlight(self, digit: int | None) -> None:
        self._highlight = digit

    def _readable(self) -> bool:
        """Rows read, or a digit to read: paused before the first row (Home, PageUp near the top), pointing at a
        row said nothing, where from row 1 on every row not read says a click reads to it."""
        return bool(len(self.probabilities)) or self._session.ready

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._held = True
            self.seek_requested.emit(self.row_at(event.position().x()))
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._held = False
            self.update()  # the note of a row not read says a click reads to it again
        super().mouseReleaseEvent(event)

    def _unread_note(self, row: int) -> str:
        """:func:`unread_note` of ``row`` for the cursor showing it: a drag held (see :func:`unread_note`), the
        keyboard's, or the pointer's."""
        return unread_note(row, self._held, keys=row == self.key_row == self.shown_row())

    def leaveEvent(self, event: QEvent) -> None:
        self.hover_row, self._hover_lines, self._hover_readers, self._pointer = None, [], [], None
        self._lines_due = None
        self._pick(None)
        self.update()
        super().leaveEvent(event)

    # ---- the keys ------------------------------------------------------------------------------------------

    def takes_key(self, key: int) -> bool:
        """The cursor's keys, once something is read; Escape and Enter only while it is shown."""
        shown = self.key_row is not None
        return self._readable() and (key in CURSOR_KEYS or (shown and key in (Qt.Key.Key_Escape, *ENTER_KEYS)))

    def press_key(self, key: int) -> None:
        """Left and Right move the row cursor a row (shown first at the row read), Home and End to rows 1 and 28;
        Enter reads to its row, as a click does; Escape hides it."""
        if key == Qt.Key.Key_Escape:
            self._set_key_row(None)
        elif key in ENTER_KEYS:
            self.seek_requested.emit(self.key_row)
        elif self.key_row is None and key in (Qt.Key.Key_Left, Qt.Key.Key_Right):
            self._set_key_row(max(self._rows_read, 1))
        else:
            self._set_key_row(int(np.clip((self.key_row or 1) + CURSOR_KEYS[key], 1, ROWS)))

    def _set_key_row(self, row: int | None) -> None:
        """The keyboard's cursor at ``row`` (None: hidden), shown and said."""
        if row != self.key_row:
            self.key_row = row
            self._speak()
            self.update()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self._set_key_row(None)  # the cursor goes with the keys: left behind, it covered the chart for good
        super().focusOutEvent(event)

    def shown_row(self) -> int | None:
        """The row whose read-out shows: the keyboard's cursor's, else the pointer's."""
        return self.key_row if self.key_row is not None else self.hover_row

    def readout(self, row: int | None = None) -> str:
        """The read-out as text: the row and all ten probabilities (``row`` defaults to :meth:`shown_row`), or that
        the row is not read yet."""
        row = self.shown_row() if row is None else row
        if row is None or not 1 <= row <= ROWS or not self._readable():
            return ""
        if row > len(self.probabilities):
            return self._unread_note(row)
        probs = self.probabilities[row - 1]
        cells = "  ".join(f"{d}: {belief_percent(float(probs[d]))}" for d in range(CLASSES))
        line = f"after row {row}: {cells}"
        if (other := self._compared_at(row)) is not None:
            cells = "  ".join(f"{d}: {belief_percent(float(other[d]))}" for d in range(CLASSES))
            line += f"  ·  ┄ {self.comparison.name}: {cells}"
        return line

    # ---- painting ----------------------------------------------------------------------------------------

    def _paint_static(self, painter: QPainter) -> None:
        """Plot area, grid and axis labels (the title goes with the readings, :meth:`_paint_title`)."""
        palette = self.palette()
        text, window, muted = view_colours(palette)
        plot = self.plot_rect()
        painter.fillRect(plot, palette.color(QPalette.ColorRole.Base))
        self._paint_axes(painter, plot, blend(window, text, 0.12), muted)

    def _paint(self, painter: QPainter) -> None:
        self.settle()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        title_text = view_colours(palette)[0]  # the title line is on the window, the rest on the plot: in Text,
        # which Qt pairs with Base. In WindowText, a palette of dark windows and light views wrote the read-out
        # white on white and the empty plot's note at 2.5:1
        base, text = palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text)
        muted = muted_text(base, text)
        plot = self.plot_rect()
        probs, read = self.probabilities, len(self.probabilities)
        top = int(np.argmax(probs[-1])) if read else None
        tops = leaders(probs[-1]) if read else []  # a tie's lines all drawn as leaders, as its bars are

        shade = QColor(text)  # rows still to come: a dimmed stretch (translucent, so the grid shows through)
        shade.setAlphaF(0.06)
        if read < ROWS:
            unread = QRectF(QPointF(self.x_of(max(read, 1), plot), plot.top()), plot.bottomRight())
            painter.fillRect(unread, shade)
        ground = base  # what the lines and their marks are coloured to stand out from
        if top is not None and self.decided_at is not None:
            band = QRectF(
                QPointF(self.x_of(self.decided_at, plot), plot.top()), QPointF(self.x_of(read, plot), plot.bottom())
            )
            fill = class_color(top, base)
            ground = blend(base, fill, DECIDED_SHADE)  # as it shows over the plot (the grid shows through)
            fill.setAlphaF(DECIDED_SHADE)
            painter.fillRect(band.adjusted(-2, 0, 2, 0), fill)
        self._paint_title(painter, top, read, title_text)
        self._draw_dashed(painter, plot, base, ground)
        if read:
            lines = self._lines(probs, plot)
            for digit in self.drawing_order():  # the leader and the picked-out digit last, on top
                self._paint_line(painter, lines[digit], digit, ground, leader=digit in tops)
                self._paint_marks(painter, probs, digit, plot, base, ground=ground)
            if self._rows_read > 0:  # the row read, under the peaks' marks and names: over them, it hid the mark
                highlight = palette.color(QPalette.ColorRole.Highlight)  # of a peak at that row (the leader's, read
                x = self.x_of(self._rows_read, plot)  # to the end, most often) but for a sliver either side
                painter.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
                painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            self._paint_peak_labels(painter, base, ground, tops)
        if not read:
            # wrapped, as the maps' notes are: at 200 % beside My examples it was cut at both ends
            flags, note = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self._empty_note()
            # on the plot's own colour: the 50 % line ran through its letters as a strike-through
            box = painter.boundingRect(plot, flags, note).adjusted(-4, -1, 4, 1) & plot
            painter.fillRect(box, base)
            painter.fillRect(box, shade)
            painter.setPen(muted)
            painter.drawText(plot, flags, note)
        if (row := self.shown_row()) is not None:
            self._paint_readout(painter, plot, row, text, base)

    def _draw_dashed(self, painter: QPainter, plot: QRectF, base: QColor, ground: QColor) -> None:
        """The compared reader's dashed lines and their marks, coloured to stand out from ``ground`` (the decided
        stretch's shade, where there is one), from a layer drawn anew only when they change.

        Smoothed: at 200 % their 2-px dashes were drawn aliased, as the solid thin lines are for speed, and each
        dash of a steep line was a little staircase of its own, the line a zigzag of them. Smoothed in every paint
        they cost 3.3 → 10–15 ms a grab at 560×300 at 200 %; a pointer that moves without picking out another line
        now pays for one copy. The layer is painted part-way into a pixel as the chart starts, as the static one."""
        comparison = self.comparison
        if comparison is None or not len(comparison.probabilities):
            return
        ratio, phase = self.devicePixelRatioF(), pixel_phase(painter)
        key = (
            comparison.probabilities.tobytes(),
            plot.getRect(),
            self.size().toTuple(),
            ratio,
            phase,
            palette_key(self),
            self.highlight,
            ground.rgba(),
        )
        if self._dashed is None or key != self._dashed_key:
            layer = QPixmap(math.ceil(self.width() * ratio + phase[0]), math.ceil(self.height() * ratio + phase[1]))
            layer.setDevicePixelRatio(ratio)
            layer.fill(Qt.GlobalColor.transparent)
            with QPainter(layer) as dashed:
                dashed.translate(phase[0] / ratio, phase[1] / ratio)
                dashed.setRenderHint(QPainter.RenderHint.Antialiasing)
                for digit, runs in enumerate(self._lines(comparison.probabilities, plot)):
                    self._paint_line(dashed, runs, digit, ground, dashed=True)
                    self._paint_marks(dashed, comparison.probabilities, digit, plot, base, True, ground)
            self._dashed, self._dashed_key = layer, key
        painter.drawPixmap(QPointF(-phase[0] / ratio, -phase[1] / ratio), self._dashed)

    def _paint_title(self, painter: QPainter, top: int | None, read: int, text: QColor) -> None:
        """ "Belief over rows" where it leaves the readings room (:meth:`title_room`), and "7: decided at row 9" and
        the comparison's, right-aligned in the title line."""
        title = self._title_rect(painter.fontMetrics())
        painter.setPen(text)
        if shown := self.shown_title():
            bold = QFont(self.font())
            bold.setBold(True)
            painter.setFont(bold)
            painter.drawText(title, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, shown)
            painter.setFont(self.font())
        if line := self.title_line(top, read, painter.fontMetrics()):
            painter.drawText(title, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, line)

    def title_line(
        self, top: int | None, read: int, metrics: QFontMetrics, whole: bool = False, leaning: bool = True
    ) -> str:
        """The title line's right part, fitted into :meth:`title_room` (a long model name overlapped the title), or
        ``whole``, as long as it is. ``leaning``: an unsure compared reader's digit named ("unsure, perhaps 4") where
        its name still fits whole beside it; else "unsure" alone, as before."""
        room = 100_000 if whole else self.title_room()
        return self._title_line(top, read, metrics, room, leaning)

    def _title_line(self, top: int | None, read: int, metrics: QFontMetrics, room: float, leaning: bool) -> str:
        """:meth:`title_line` in ``room`` px."""
        parts = []
        if top is not None and self.decided_at is not None:
            settled = "decided at row" if read == ROWS else "sure since row"  # the scan may yet change it
            parts.append(f"{top}: {settled} {self.decided_at}")
        elif top is not None and self.comparison is not None and len(self.comparison.probabilities):
            parts.append("unsure")  # beside "┄ NAME: unsure" or "┄ NAME: 5 at row 7": it was the dashed's alone
        comparison = self.comparison
        if comparison is not None and len(comparison.probabilities):
            other = int(np.argmax(comparison.probabilities[-1]))
            # named even when it has not decided: the dashed lines were otherwise nobody's
            since = comparison.decided_at
            if since is None:  # and the digit it leans to, which only pointing at the dashed lines told
                tail = ": unsure"
                if leaning and len(leaders(comparison.probabilities[-1])) == 1:
                    line = self._title_line(top, read, metrics, room, leaning=False)
                    named = compared_part(comparison.name, tail)
                    lean = line.replace(named, compared_part(comparison.name, f"{tail}, perhaps {other}"))
                    fits = lean != line and metrics.horizontalAdvance(lean) <= room
                    return lean if fits else line
            elif len(comparison.probabilities) < ROWS:  # scanning, "at row" read as settled: the scan may change it
                tail = f": {other} since row {since}"
            else:
                tail = f": {other} at row {since}"
            # a taught model's long name is shortened in its middle first ("mine-2026…cb8bfc"), the rest kept; a
            # name cut to a few letters ("Sh…el" beside My examples) makes room by "7 at row 9", as the dashed's
            # own part reads, and failing that the dashed lines are called what they are
            own = list(parts)  # as said alone, where no part of the dashed's fits beside it
            name = self._compared_name(parts, tail, room, metrics)
            if len(name) < MIN_NAME_SHOWN and name != comparison.name and self.decided_at is not None:
                parts[0] = f"{top} {'at' if read == ROWS else 'since'} row {self.decided_at}"  # as its tail
                name = self._compared_name(parts, tail, room, metrics)
            if len(name) < MIN_NAME_SHOWN and name != comparison.name:
                fits = metrics.horizontalAdvance("   ".join([*parts, compared_part("dashed", tail)])) <= room
                name = "dashed" if fits else ""
            if name:  # set apart: a number after a right-to-left name was drawn before it
                parts.append(compared_part(name, tail))
            elif metrics.horizontalAdvance("   ".join(own)) <= room:  # "5 at row 10" alone said less than "5:
                parts = own  # decided at row 10", which fitted, for nothing
        return elided(metrics, "   ".join(parts), Qt.TextElideMode.ElideRight, room) if parts else ""

    def _compared_name(self, parts: list[str], tail: str, room: float, metrics: QFontMetrics) -> str:
        """The compared model's name shortened in its middle to what ``parts`` and ``tail`` leave of ``room``."""
        assert self.comparison is not None
        spare = (
            room
            - metrics.horizontalAdvance("   ".join(parts))
            - metrics.horizontalAdvance("   " + compared_part("", tail))
        )
        return elided(metrics, self.comparison.name, Qt.TextElideMode.ElideMiddle, spare)

    def _title_rect(self, metrics: QFontMetrics) -> QRectF:
        """The title line, inside the focus frame: written from the chart's edges, its first and last pixel columns
        lay under the frame the chart shows with the keys."""
        return QRectF(TITLE_INSET, 0, self.width() - 2 * TITLE_INSET, metrics.height() + 4)

    def title_room(self) -> float:
        """px the title line's readings may take: right of the :meth:`shown_title` (bold) and 12 px clear of it,
        inside the focus frame's room at both ends, or the whole line where no title is shown."""
        whole = self.width() - 2 * TITLE_INSET
        title = self.shown_title()
        return whole - self._title_width(title) - 12 if title else whole

    def shown_title(self) -> str:
        """The longest of :data:`TITLES` beside which the readings fit, or "" (comparing in a narrow chart).

        Comparing, the whole line is the readings' where the compared reader's part would not always fit beside a
        title: in a chart under 360 px (My examples shown) the dashed lines were nobody's in the title line for all 300
        of MNIST's first test digits, for the words that say least. Then from 240 to 364 px the chart had no title at
        all; "Belief" now stands where it leaves them room (from 291 px at 9 pt). Decided by the chart's width, font
        and the compared model's name, not by the readings, so that the title does not come and go during a scan: the
        longest readings that name the dashed reader (both shortened) must fit. With nothing read (a drawing cleared
        or too small, Home) there are no readings: the title line was blank, so it is titled as it is alone."""
        if self.comparison is None or not len(self.comparison.probabilities):
            return TITLE
        whole = self.width() - 2 * TITLE_INSET
        # measured in the pieces :meth:`_compared_name` measures apart: whole, 1 px less, "seed" was cut at 290 px
        metrics, reading = self.fontMetrics(), f"8 since row {ROWS}"
        pieces = (reading, "   " + compared_part("", f": {reading}"), self.comparison.name)
        longest = sum(metrics.horizontalAdvance(piece) for piece in pieces)
        return next((title for title in TITLES if longest <= whole - self._title_width(title) - 12), "")

    def _title_width(self, title: str) -> int:
        """px of ``title`` in the chart's font, bold."""
        bold = QFont(self.font())
        bold.setBold(True)
        return QFontMetrics(bold).horizontalAdvance(title)

    def _paint_axes(self, painter: QPainter, plot: QRectF, grid: QColor, muted: QColor) -> None:
        metrics = painter.fontMetrics()
        span = self.y_of(0.0, plot) - self.y_of(1.0, plot)
        for p in (0.0, 0.5, 1.0):
            y = self.y_of(p, plot)
            painter.setPen(QPen(grid, 1.0))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            # a label where it has room from 100 %'s: a chart made 40 px tall printed all three on one another
            if p < 1.0 and (1.0 - p) * span < metrics.height():
                continue
            painter.setPen(muted)
            label = QRectF(0, y - metrics.height() / 2, plot.left() - 6, metrics.height())
            painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, f"{round(p * 100)}%")
        for row in (1, 7, 14, 21, 28):
            x = self.x_of(row, plot)
            painter.setPen(QPen(grid, 1.0))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
            painter.setPen(muted)
            label = QRectF(x - 20, plot.bottom() + 2, 40, metrics.height() + 4)
            painter.drawText(label, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignTop, str(row))

    def _points_array(self, probabilities: np.ndarray, plot: QRectF) -> tuple[np.ndarray, np.ndarray]:
        """The lines through ``probabilities`` [rows, 10] in widget coordinates: x [rows] and y [rows, 10]."""
        xs = plot.left() + np.arange(len(probabilities)) / (ROWS - 1) * plot.width()  # as x_of
        ys = plot.bottom() - INSET - np.asarray(probabilities, np.float64) * (plot.height() - 2 * INSET)  # as y_of
        return xs, ys

    def _lines(self, probabilities: np.ndarray, plot: QRectF) -> list[list[QPolygonF]]:
        """Each digit's line through ``probabilities`` [rows, 10], as the polygons of its stretches of numbers: a
        belief that is not a number is no point (through NaN, Qt's thick pen filled a triangle over the chart)."""
        xs, ys = self._points_array(probabilities, plot)
        return [[as_polygon(xs[run], ys[run, digit]) for run in finite_runs(ys[:, digit])] for digit in range(CLASSES)]

    def _paint_line(
        self,
        painter: QPainter,
        runs: list[QPolygonF],
        digit: int,
        ground: QColor,
        leader: bool = False,
        dashed: bool = False,
    ) -> None:
        """``digit``'s line, in its colour made to stand out from ``ground`` (the plot's, or the decided shade's)."""
        color = class_color(digit, ground)
        faded = self.highlight is not None and digit != self.highlight
        if faded:
            color.setAlphaF(0.3)
        if not dashed and (digit == self.highlight or (leader and not faded)):
            pen = QPen(color, 3.0 if digit == self.highlight else 2.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        elif dashed and digit == self.highlight:  # pointed at: it stayed thin, its digit's solid line thick elsewhere
            pen = QPen(color, 2.0, Qt.PenStyle.DashLine)
        else:
            # Whole device pixels wide and cosmetic, dashed or not, as thick at every scale. One device pixel (100 %)
            # Qt draws with its fast line rasteriser, not the path stroker (a 1.5-px dashed pen cost ~8× more); two
            # (150 %, 200 %) it draws that fast only without antialiasing, which the solid ones do not need there:
            # smoothed, the nineteen thin lines cost 24 ms a frame at 200 %. The dashed, whose dashes zigzagged so,
            # are smoothed once, in a layer of their own (:meth:`_draw_dashed`).
            pen = QPen(color, max(1.0, round(self.devicePixelRatioF())))
            pen.setCosmetic(True)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
        painter.setPen(pen)
        aliased = pen.isCosmetic() and pen.widthF() > 1 and not dashed
        for run in runs:
            if len(run) == 1:
                painter.setBrush(color)
                painter.drawEllipse(run.at(0), 2.5, 2.5)
                painter.setBrush(Qt.BrushStyle.NoBrush)
                continue
            if aliased:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawPolyline(run)
            if aliased:
                painter.setRenderHint(QPainter.RenderHint.Antialiasing)

    def _paint_marks(
        self,
        painter: QPainter,
        probs: np.ndarray,
        digit: int,
        plot: QRectF,
        base: QColor,
        dashed: bool = False,
        ground: QColor | None = None,
    ) -> None:
        """``digit``'s mark (gui/markers.py) on its line at its marked rows: filled on the solid line, hollow on the
        compared reader's dashed one, as their peak marks are; ringed in the plot's colour to stand off the lines.
        None under :data:`MARK_LEAST`, where the lines lie on one another at the floor: there a mark told no line from
        another, and a row of them along 0 % (the dark screenshot's rows 15–28) read as noise. Coloured as the lines,
        to stand out from ``ground`` (the plot's colour unless given)."""
        color = class_color(digit, base if ground is None else ground)
        if self.highlight is not None and digit != self.highlight:
            color.setAlphaF(0.3)
        ring = QColor(base)
        ring.setAlphaF(color.alphaF())
        painter.setPen(QPen(color if dashed else ring, 1.0))  # one path each: two (a ring, then the mark) cost 2 ms
        painter.setBrush(base if dashed else color)  # a frame more at 200 %
        for row in marked_rows(digit, len(probs)):
            value = float(probs[row - 1, digit])
            if value >= MARK_LEAST:  # and a number
                painter.drawPath(mark_path(digit, QPointF(self.x_of(row, plot), self.y_of(value, plot))))
        painter.setBrush(Qt.BrushStyle.NoBrush)

    def peak_labels(self) -> list[tuple[int, QRectF, bool]]:
        """(digit, box, dashed) of every peak label, for each digit whose line (solid, or the compared reader's
        dashed one) ever reaches :data:`PEAK_LABEL_MIN`. The paint and the pointer both place the names here."""
        return [(digit, box, dashed) for digit, _, box, dashed in self.peak_marks() if box is not None]

    def peak_marks(self) -> list[tuple[int, QPointF, QRectF | None, bool]]:
        """(digit, mark's centre, name's box or None, dashed) of every marked peak: the solid lines' first (higher
        peaks first), then the dashed lines'. Marked and named in turn by what a reader needs first, each reader's
        answer, then the higher peaks: each mark at its peak, or beside it on its line where an earlier peak's mark
        lies there (:func:`~gui.markers.spread`; not drawn where there is no such place); each name placed by
        :meth:`_place` (None: no spot clearly its own)."""
        read = len(self.probabilities)
        if not read:
            return []
        plot = self.plot_rect()
        comparison = self.comparison
        # placed once per chart as shown: each pointer movement placed them twice (what is under it, then the paint),
        # 1.4 ms each time for a crowded compared chart; its move and paint took 5.5 ms of CPU at 100 %, 3.2 so
        key = (
            self.probabilities.tobytes(),
            None if comparison is None else comparison.probabilities.tobytes(),
            plot.getRect(),
            self.font().key(),
        )
        if key == self._placed_key:
            return self._placed
        readers = [(self.probabilities, False)]
        if comparison is not None and len(comparison.probabilities):
            readers.append((comparison.probabilities, True))
        named = [(digit, px, py, dashed) for probs, dashed in readers for digit, px, py in self._peaks(probs, plot)]
        answers = {(digit, dashed) for probs, dashed in readers for digit in leaders(probs[-1])}
        # marked and named in turn by what a reader needs first: each reader's answer, then the higher peaks
        order = sorted(range(len(named)), key=lambda i: ((named[i][0], named[i][3]) not in answers, named[i][2]))
        points = {dashed: self._points_array(probs, plot) for probs, dashed in readers}
        lines = [(points[named[i][3]][0], points[named[i][3]][1][:, named[i][0]]) for i in order]
        floor = self.y_of(MARK_LEAST, plot)
        centres = spread([named[i][1:3] for i in order], lines, plot.left(), plot.right(), floor)
        marked = [(i, centre) for i, centre in zip(order, centres, strict=True) if centre is not None]
        peaks = [(named[i][0], *centre) for i, centre in marked]
        first = sum((named[i][0], named[i][3]) in answers for i, _ in marked)  # the answers lead the list
        boxes = self._place(peaks, plot, self._row_marks(readers, plot), first)
        kept = {i: (QPointF(*centre), box) for (i, centre), (_, box) in zip(marked, boxes, strict=True)}
        self._placed = [(digit, *kept[i], dashed) for i, (digit, _, _, dashed) in enumerate(named) if i in kept]
        self._placed_key = key
        return self._placed

    def _row_marks(self, readers: list[tuple[np.ndarray, bool]], plot: QRectF) -> list[tuple[float, float]]:
        """The centres of the marks every ten rows that :meth:`_paint_marks` draws, on every line of ``readers``."""
        return [
            (self.x_of(row, plot), self.y_of(float(probs[row - 1, digit]), plot))
            for probs, _ in readers
            for digit in range(CLASSES)
            for row in marked_rows(digit, len(probs))
            if probs[row - 1, digit] >= MARK_LEAST
        ]

    def _peaks(self, probs: np.ndarray, plot: QRectF) -> list[tuple[int, float, float]]:
        """(digit, x, y) of each peak of ``probs`` [rows, 10] that gets a name, the highest first; each at the first
        row written as its peak (:func:`~gui.numbers.belief_percent`): at the row of its largest float, a line holding
        "100.0%" from about row 12 was named at row 24, a place no reading tells (435 of the 3,154 names of MNIST's
        first 300 test digits, shipped and seed, up to 14 rows after the first)."""
        peaks = probs.max(axis=0)
        named = [d for d in range(CLASSES) if written_reaches(float(peaks[d]), PEAK_LABEL_MIN)]
        found = []
        for d in sorted(named, key=lambda d: -peaks[d]):
            top = belief_percent(float(peaks[d]))
            row = next(r for r, p in enumerate(probs[:, d], 1) if belief_percent(float(p)) == top)
            found.append((d, self.x_of(row, plot), self.y_of(float(probs[row - 1, d]), plot)))
        return found

    def _place(
        self, peaks: list[tuple[int, float, float]], plot: QRectF, row_marks: list[tuple[float, float]], answers: int
    ) -> list[tuple[int, QRectF | None]]:
        """Names for ``peaks`` (digit, x, y of its mark), in turn, each at the first free spot of a spiral of
        candidates around its mark (above, below, beside, then further out), inside the plot, never over another
        name or any peak's mark: every peak's mark is in the way from the start (kept clear of its own alone, the
        solid 7's name sat on the dashed 4's hollow triangle, a curly 9 compared with seed at 200 %).

        First among the eight spots right beside its mark, clear also of ``row_marks``, the marks every ten rows (a
        2's name at 50 % hid a level 1's square above it), and nearer its own mark than any other peak's, by
        :data:`CLEAR` at least; then within two rings of it, nearer its own mark than any other, clear of the row marks
        if it can be. Where no spot is, no name: the peak keeps its mark, and pointing at its line reads it out.
        Sought further, or anywhere clear of the names, a name read as the line it landed by: at 240×150, MNIST's
        first 300 test digits read by shipped and seed had 283 of their 3,154 names over 20 px from their mark (up to
        91) and 538 nearer another peak's; 57 and 44 so (the 44 all answers), 286 peaks unnamed. The first
        ``answers`` peaks, each reader's answer, are named whatever the crowd: beside their mark, else nearest it."""
        metrics = self.fontMetrics()
        h = metrics.height()
        w = metrics.horizontalAdvance("0") + 8
        box = functools.partial(_box_at, w=w, h=h, plot=plot)
        marks = [(x, y) for _, x, y in peaks]
        hard = [(x - CLEAR, y - CLEAR, x + CLEAR, y + CLEAR) for x, y in marks]
        soft = [(x - CLEAR, y - CLEAR, x + CLEAR, y + CLEAR) for x, y in row_marks]
        placed: list[tuple[int, QRectF | None]] = []
        for k, (digit, px, py) in enumerate(peaks):
            rivals = [(x, y) for x, y in marks if (x, y) != (px, py)]
            spot = (
                box(px, py, hard + soft, rivals, 1)
                or box(px, py, hard + soft, rivals, 2, margin=0.0)
                or box(px, py, hard, rivals, 2, margin=0.0)
            )
            if spot is None and k < answers:  # an answer is named whatever the crowd: beside its mark, else nearest
                spot = box(px, py, hard, None, 1) or box(px, py, hard, None, 12) or box(px, py, [], None, 1)
            if spot is not None:
                hard.append(spot)
            placed.append((digit, None if spot is None else QRectF(spot[0], spot[1], w, h)))
        return placed

    def _paint_peak_labels(self, painter: QPainter, base: QColor, ground: QColor, tops: list[int]) -> None:
        """Each label in its line's colour, framed as its line is drawn: solid, or dashed for the compared reader
        (whose peak mark is hollow); the mark coloured as its line is, for ``ground``."""
        bold = QFont(painter.font())
        bold.setBold(True)
        painter.setFont(bold)
        # whole: letting 15 % of the chart through, a line crossing the box took the names to 3.3:1 (the dark olive 1
        # over the mint 8), under the 4.5:1 their colour keeps from the background
        for digit, peak, rect, dashed in self.peak_marks():
            color = class_color(digit, ground)  # as its line is
            if dashed:
                painter.setPen(QPen(color, 1.5))
                painter.setBrush(base)
            else:  # ringed in the plot's colour, as its marks on the line are: unringed, on the leader's 2.6-px line
                painter.setPen(QPen(base, 1.0))  # the crossed 7's star at 100 % ran into it, a blob
                painter.setBrush(color)
            painter.drawPath(mark_path(digit, peak))  # its mark, as on its line: in greyscale the name's line
            if rect is None:  # no room for its name right beside it
                continue
            painter.setBrush(base)
            frame = QPen(class_color(digit, base), 1.5 if digit in tops or digit == self.highlight else 1.0)
            if dashed:
                frame.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(frame)
            painter.drawRoundedRect(rect, 4, 4)
            painter.setPen(text_color(digit, base))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, str(digit))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setFont(self.font())

    def unread_note_box(self, row: int, plot: QRectF, metrics: QFontMetrics) -> tuple[str, QRectF]:
        """:func:`unread_note` of ``row``, as it fits, and its box beside the guide, on the side away from the pointer,
        inside the part of the chart on the screen (:meth:`on_screen_rect`)."""
        seen = self.on_screen_rect()
        room = int(seen.width()) - 13  # at its smallest (240 px) the chart cut the whole note off at its edge
        note = self._unread_note(row)
        if metrics.horizontalAdvance(note) > room:
            note = metrics.elidedText(unread_note(row, short=True), Qt.TextElideMode.ElideRight, room)
        box = QRectF(0, 0, metrics.horizontalAdvance(note) + 12, metrics.height() + 8)
        x = self.x_of(row, plot)
        left = x - box.width() - 6 if x > (seen & plot).center().x() else x + 6
        box.moveTopLeft(QPointF(max(seen.left(), min(left, seen.right() - box.width() - 1)), plot.top() + 4))
        return note, box

    def _paint_unread_note(self, painter: QPainter, plot: QRectF, row: int, text: QColor, base: QColor) -> None:
        """:meth:`unread_note_box`'s note, painted."""
        note, box = self.unread_note_box(row, plot, painter.fontMetrics())
        paint_box(painter, box, text, base)
        painter.setPen(blend(base, text, 0.7))
        painter.drawText(box, Qt.AlignmentFlag.AlignCenter, note)

    def _paint_readout(self, painter: QPainter, plot: QRectF, row: int, text: QColor, base: QColor) -> None:
        """A guide at the hovered row and a box with all ten probabilities, on the side away from the pointer
        (past the rows read, a line saying the row is not read yet)."""
        x = self.x_of(row, plot)
        painter.setPen(QPen(blend(base, text, 0.5), 1.0, Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if row > len(self.probabilities):
            self._paint_unread_note(painter, plot, row, text, base)
            return
        probs = self.probabilities[row - 1]
        other = self._compared_at(row)  # the dashed reader's ten values beside the solid ones: they had none
        layout = self.readout_layout(x, plot, other is not None)
        if not self.seen_rect().contains(layout.box):
            # the guide alone where too little of the chart is seen for the box: scrolled to a 19-px sliver (200 % on
            # 1366×768), or made 40–60 px tall, cut at its edge after the second to fourth line, it said half, the
            # rest looking absent (the words are still read aloud)
            return
        font, box, lines, cell, dashed, compact = (
            layout.font,
            layout.box,
            layout.lines,
            layout.cell,
            layout.dashed,
            layout.compact,
        )
        bold = QFont(font)
        bold.setBold(True)
        h = QFontMetrics(font).height()
        paint_box(painter, box, text, base)
        painter.setFont(bold)
        painter.setPen(text)
        title = QRectF(box.left() + 6, box.top() + 4, box.width() - 12, h)
        heading = readout_heading(row, compact)
        painter.drawText(title, Qt.AlignmentFlag.AlignLeft, heading)
        muted = blend(base, text, 0.7)
        if other is not None:  # which column is the dashed reader's
            painter.setFont(font)
            painter.setPen(muted)
            painter.drawText(title, Qt.AlignmentFlag.AlignRight, self.dashed_heading(layout, row))
        ours = leaders(probs)  # every digit of a tie in bold, as the bars show them
        theirs = leaders(other) if other is not None else []
        # the line or lines on each other under the pointer: which ones (not at the keyboard's cursor, away from it).
        # One line alone was not banded: pointing at the 1 (12.5 %) beside the leader 4 set both in bold, and only
        # their hues told which was pointed at
        together = self.hover_readers if row == self.hover_row else []
        for digit in range(CLASSES):
            column, line = divmod(digit, lines)
            rect = QRectF(box.left() + 6 + column * cell, box.top() + 4 + (line + 1) * h, cell - 6 - dashed, h)
            name_on = base
            pointed = ((digit, False) in together, (digit, True) in together)
            name = QFontMetrics(bold).horizontalAdvance(str(digit))
            if bands := readout_bands(rect, name, dashed, pointed):
                band = class_color(digit, base)  # in its colour, as a hovered bar has
                name_on = blend(base, band, BAND)  # its name is set against the band: on the box it fell to 4.0:1
                band.setAlphaF(BAND)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(band)
                for piece in bands:
                    painter.drawRoundedRect(piece, 3, 3)
                painter.setBrush(Qt.BrushStyle.NoBrush)
            # bold for the leaders alone (a tie's all, as the bars): the line pointed at in bold too, banded now, read
            # as tied with the leader (8,237 of 9,472 spots on the lines of MNIST's first 300 digits, at 240×150)
            painter.setFont(bold if digit in ours else font)
            painter.setPen(text_color(digit, name_on))
            painter.drawText(rect, Qt.AlignmentFlag.AlignLeft, str(digit))
            painter.setPen(text)
            painter.drawText(rect, Qt.AlignmentFlag.AlignRight, readout_value(float(probs[digit]), compact))
            if other is not None:
                painter.setFont(bold if digit in theirs else font)
                painter.setPen(muted)
                rect = QRectF(rect.right(), rect.top(), dashed, h)
                painter.drawText(rect, Qt.AlignmentFlag.AlignRight, f"┄ {readout_value(float(other[digit]), compact)}")
        painter.setFont(self.font())

    def dashed_heading(self, layout: ReadoutLayout, row: int) -> str:
        """The heading of the compared reader's column in the read-out ``layout`` of ``row``, right of its own."""
        if self.comparison is None:
            return ""
        bold = QFont(layout.font)
        bold.setBold(True)
        heading = QFontMetrics(bold).horizontalAdvance(readout_heading(row, layout.compact))
        return dashed_column_name(self.comparison.name, layout.font, int(layout.box.width() - 24 - heading))

    def readout_layout(self, x: float, plot: QRectF, comparing: bool) -> ReadoutLayout:
        """Where the read-out of the row at ``x`` goes, and in what font: two columns on the side away from the
        pointer; else one column, if the chart is tall enough; else the same in a smaller font, down to
        :data:`READOUT_SMALLEST` of the chart's, but no smaller than :data:`READOUT_LEAST_PX`; else the first that fits
        against the chart's edge, over the axis's labels, beside the pointer (kept to the plot, comparing at 240×150
        it lay over the spot pointed at in 4,106 of 9,472); else the first that fits, over the pointer; where none
        fits, the largest size down to :data:`READOUT_LEAST_PX` that does (at 60 % of a 16-pt font a chart 150 px high
        lost the 8 and 9 past its foot). Comparing in a narrow chart (My examples shown), two columns of both readers'
        values covered the very row pointed at; with a large system font (16 pt) they were wider than the chart, the
        compared values of 5–9 cut off at its edge. Kept to the part on the screen (:meth:`on_screen_rect`) where it
        fits there; where not (the window mostly off it), placed as before."""
        seen, on_screen = self.seen_rect(), self.on_screen_rect()
        layout, fits = self._readout_in(x, plot, comparing, on_screen)
        return layout if fits or on_screen == seen else self._readout_in(x, plot, comparing, seen)[0]

    def _readout_in(self, x: float, plot: QRectF, comparing: bool, seen: QRectF) -> tuple[ReadoutLayout, bool]:
        """:meth:`readout_layout` inside ``seen``, and whether it fits there."""
        left_side = x > (max(plot.left(), seen.left()) + min(plot.right(), seen.right())) / 2

        def fits(box: QRectF) -> bool:
            return box.width() < seen.width() and box.bottom() < seen.bottom()

        def clear(layout: ReadoutLayout) -> bool:
            return not layout.box.left() - 2 <= x <= layout.box.right() + 2

        fitting: list[ReadoutLayout] = []  # those that fit in the chart, largest first, though over the pointer
        # compact (no "%") only where no whole read-out stands clear of the pointer (comparing at 240×150, rows 11–15)
        for compact in (False, True):
            sizes: list[ReadoutLayout] = []
            for font in self._readout_fonts():
                for columns in (1,) if compact else (2, 1):
                    # first as wide as the compared model's name, where that stands clear: else "┄ dashed" heads it
                    if comparing and not compact:
                        named = self._readout_box(font, columns, comparing, (x, left_side), plot, seen, named=True)
                        if fits(named.box) and clear(named):
                            return named, True
                    layout = self._readout_box(font, columns, comparing, (x, left_side), plot, seen, compact)
                    if fits(layout.box):
                        if clear(layout):
                            return layout, True
                        sizes.append(layout)
            # none in the plot beside the pointer: the largest that stands beside it against the chart's edge
            for layout in sizes:
                for edged in (self._at_edge(layout, seen, left_side), self._at_edge(layout, seen, not left_side)):
                    if clear(edged):
                        return edged, True
            fitting += sizes
        inside = fitting[0] if fitting else None  # the first that fits in the chart, though over the pointer
        if inside is None:  # a large font in a short chart: on down to the least size read, the largest that fits
            # from the chart's own size: the last size tried may be under the least already, and tried none
            for pixels in range(QFontInfo(self.font()).pixelSize() - 1, READOUT_LEAST_PX - 1, -1):
                font = QFont(self.font())
                font.setPixelSize(pixels)
                for columns in (2, 1):
                    layout = self._readout_box(font, columns, comparing, (x, left_side), plot, seen)
                    if fits(layout.box):
                        return layout, True
        # in the middle of a narrow chart over the pointer; in a tiny one, the smallest
        return (inside, True) if inside is not None else (layout, False)

    def _readout_fonts(self) -> list[QFont]:
        """The read-out's fonts to try, largest first: the chart's, then smaller in :data:`READOUT_STEPS` steps down to
        :data:`READOUT_SMALLEST` of it, none under :data:`READOUT_LEAST_PX`."""
        fonts = [QFont(self.font())]
        for step in range(1, READOUT_STEPS + 1):
            font = QFont(self.font())
            scale = 1 - (1 - READOUT_SMALLEST) * step / READOUT_STEPS
            if font.pointSizeF() > 0:
                font.setPointSizeF(font.pointSizeF() * scale)
            else:
                font.setPixelSize(max(1, round(font.pixelSize() * scale)))
            if QFontInfo(font).pixelSize() < READOUT_LEAST_PX:
                break
            fonts.append(font)
        return fonts

    def _readout_box(
        self,
        font: QFont,
        columns: int,
        comparing: bool,
        pointer: tuple[float, bool],
        plot: QRectF,
        seen: QRectF,
        compact: bool = False,
        named: bool = False,
    ) -> ReadoutLayout:
        """The read-out's box in ``font`` with the digits in ``columns`` columns, inside the part of the chart in view
        (``seen``, measured once by the caller for every size it tries) as far as it can, on the side away from the
        ``pointer`` (its x, and whether the box goes left of it); ``named``, comparing, wide enough to head the
        compared column with its reader's name, by at most a column's width more."""
        x, left_side = pointer
        h = QFontMetrics(font).height()
        # measured in bold, as the leaders' values are: a bold "100.0%" ran into the dashed column's "┄"
        bold = QFont(font)
        bold.setBold(True)
        wide = QFontMetrics(bold)
        value = wide.horizontalAdvance(readout_value(1.0, compact))
        dashed = wide.horizontalAdvance("┄ ") + value + 8 if comparing else 0
        cell = wide.horizontalAdvance("0 ") + value + dashed + 12
        lines = CLASSES // columns
        # as wide as its heading too: one column (the chart under the drawing at 150 % on an 800×600 screen) cut
        # "After row 11" to "After row 1" over row 11's values
        heading = wide.horizontalAdvance(readout_heading(ROWS, compact)) + 6
        if comparing:  # and its dashed column's name beside it: at least "┄ dashed" (the name alone was "┄")
            column = f"┄ {self.comparison.name}" if named and self.comparison is not None else DASHED_COLUMN
            name = min(
                QFontMetrics(font).horizontalAdvance(column), QFontMetrics(font).horizontalAdvance(DASHED_COLUMN) + cell
            )
            heading += 6 + name + (6 if compact else 0)
        # compact, 6 px right of the values as left of them (12 otherwise)
        box = QRectF(0, 0, max(columns * cell, heading) + (6 if compact else 12), (lines + 1) * h + 10)
        # under the plot's top, but never past the bottom edge: a short timeline (150 % on a 1366×768 screen) cut
        # off its last line and frame; it covers the title line for as long as the pointer stays instead
        top = max(seen.top(), min(max(plot.top(), seen.top()) + 4, seen.bottom() - box.height() - 1))
        left = max(plot.left(), seen.left()) + 6 if left_side else min(plot.right(), seen.right()) - box.width() - 6
        # no further from the pointer than its own width: against the far edge of a chart as wide as the window (1,580
        # px at 100 % on 1600×1000), row 1's read-out stood over rows 23–28, 1,200 px from the pointer
        left = max(left, x - 2 * box.width()) if left_side else min(left, x + box.width())
        box.moveTopLeft(QPointF(max(seen.left(), min(left, seen.right() - box.width() - 1)), top))
        return ReadoutLayout(font, box, lines, cell, dashed, compact)

    @staticmethod
    def _at_edge(layout: ReadoutLayout, seen: QRectF, left_side: bool) -> ReadoutLayout:
        """``layout``'s box moved against the left (or right) edge of ``seen``, the chart's in view."""
        box = QRectF(layout.box)
        box.moveLeft(seen.left() + 1 if left_side else seen.right() - box.width() - 1)
        return dataclasses.replace(layout, box=box)


def _digits(readers: list[tuple[int, bool]]) -> list[int]:
    """The digits of (digit, dashed) lines, each once, in their order."""
    return list(dict.fromkeys(digit for digit, _ in readers))


def _box_at(
    px: float,
    py: float,
    boxes: list[tuple[float, float, float, float]],
    rivals: list[tuple[float, float]] | None,
    rings: int,
    w: float,
    h: float,
    plot: QRectF,
    margin: float = CLEAR,
) -> tuple[float, float, float, float] | None:
    """The first box ``w`` × ``h`` (left, top, right, bottom) of the spiral around the mark at (``px``, ``py``)
    that meets none of ``boxes`` and, given ``rivals`` (other marks' centres), lies nearer its own mark than any of
    them by :data:`CLEAR` at least; None if there is none. QRectF's contains and intersects on plain floats: up to
    96 candidates per name on every pen movement, several times cheaper without a QRectF each."""
    left, top, right, bottom = plot.left(), plot.top(), plot.right(), plot.bottom()
    # only the boxes a candidate can meet (each lies within the outer ring, slid into the plot): a chart's every
    # mark is in the way, and 20 names among 56 marks cost 1.39 ms of CPU, 1.16 ms so (a crowded synthetic chart)
    far = CLEAR + (rings - 1) * h * 0.6
    x2, x3 = min(max(px - w - far, left), right - w), min(max(px + far, left), right - w) + w
    y2, y3 = min(max(py - h - far, top), bottom - h), min(max(py + far, top), bottom - h) + h
    boxes = [b for b in boxes if b[0] < x3 and x2 < b[2] and b[1] < y3 and y2 < b[3]]
    for ring in range(rings):  # clear of its peak's mark: 2 px out, the name's box hid a star's lower arms
        reach = CLEAR + ring * h * 0.6
        for dx, dy in ((0, -1), (0, 1), (1, -1), (-1, -1), (1, 1), (-1, 1), (1, 0), (-1, 0)):
            x0, y0 = px - w / 2 + dx * (w / 2 + reach), py - h / 2 + dy * (h / 2 + reach)
            # slid inside the plot where it pokes out: dropped, a peak at an edge or corner (100 % at row 28) was
            # named only diagonally, rings out, beside another line's peak
            x0, y0 = min(max(x0, left), right - w), min(max(y0, top), bottom - h)
            x1, y1 = x0 + w, y0 + h
            if not all(x0 >= x3 or x2 >= x1 or y0 >= y3 or y2 >= y1 for x2, y2, x3, y3 in boxes):
                continue
            if rivals:
                own = math.hypot(max(x0 - px, 0, px - x1), max(y0 - py, 0, py - y1))
                if any(math.hypot(max(x0 - x, 0, x - x1), max(y0 - y, 0, y - y1)) < own + margin for x, y in rivals):
                    continue
            return (x0, y0, x1, y1)
    return None
