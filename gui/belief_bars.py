"""Live belief: ten probability bars with percentages after the last row read, the top class highlighted."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFocusEvent, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from gui.numbers import LEAST_WRITTEN, answer, belief_percent, leaders, the_rest_said
from gui.plain_text import wrapped
from gui.session_view import DigitPicker
from gui.theme import TITLE_INSET, blend, class_color, view_colours
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession

# Combined once: or-ing Qt enums costs microseconds in Python, and the bars draw ~20 texts per frame.
LEFT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft
RIGHT = Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight
# the keys that pick a digit while the bars have the keys, not the window's: one bar up or down, the first or the last
COUNTS = ("", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine")  # a tie's leaders, in words
PICK_KEYS = {Qt.Key.Key_Up: -1, Qt.Key.Key_Down: 1, Qt.Key.Key_Home: -CLASSES, Qt.Key.Key_End: CLASSES}
# its keys, for the window's list of shortcuts (Help ▸ Keyboard shortcuts), as the chart's are listed there
BARS_KEYS = (("Live belief (Tab to it): pick a digit, its line too / drop it", "↑, ↓, Home, End / Esc"),)


class BeliefBars(DigitPicker):
    """One horizontal bar per digit, in that digit's colour; the leader is opaque, bold and outlined."""

    MINIMUM_SIZE = (180, 150)
    SIZE_HINT = (260, 220)
    SIZE_POLICY = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
    TOOLTIP = wrapped(
        "The reader's belief after the last row it has read. Point at a bar (or Tab here and press ↑ or ↓) to pick "
        "out its line."
    )

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self.probs: np.ndarray | None = None  # what is shown now ([10]), or None with nothing to show
        self._rows_read = 0
        self._label: int | None = None
        self._has_model = False
        self.key_digit: int | None = None  # the digit the keys picked (shown and said as the pointer's), or none
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first
        self.setMouseTracking(True)

    def least_size(self) -> QSize:
        """Each of the ten rows a digit's height and a gap at least: with a 14-pt system font the smallest window gave
        them 12 px for 14-px digits, and each row's name and percentage overlapped the next (150 px at 9 pt)."""
        metrics = self.fontMetrics()
        header_h, _, label_w, pct_w, _, _ = self._bar_geometry()
        width = round(label_w + pct_w + 4 * metrics.averageCharWidth())  # and some room for the bars themselves
        height = round(header_h + CLASSES * (metrics.capHeight() + 4))
        return QSize(width, height).expandedTo(super().least_size())

    def _header_height(self) -> float:
        return self.fontMetrics().height() + 6

    def digit_at(self, y: float) -> int | None:
        """The digit whose bar row contains widget y, if any."""
        header, row_h, *_ = self._bar_geometry()
        row = int((y - header) // row_h) if y >= header else -1
        return row if 0 <= row < CLASSES else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        self._pointer = QPointF(event.position())
        self.key_digit = None  # the pointer moved: its pick, not the keys'
        self._pick(self.digit_at(self._pointer.y()))
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        self._pointer = None
        self._pick(None)
        super().leaveEvent(event)

    def refresh(self) -> None:
        current = self._session.current
        self.probs = None if current is None else current.probs
        self._rows_read = self._session.position
        self._label = self._session.label
        self._has_model = self._session.checkpoint is not None
        self.set_tab_stop(self.probs is not None)
        if self.probs is None and self.key_digit is not None:  # nothing to pick among: the keys' pick goes
            self._pick_key(None)
        if self._pointer is not None and self.key_digit is None:  # resized under a pointer at rest: the bar under it
            self._pick(self.digit_at(self._pointer.y()))
        self._speak()
        self.update()

    def _bar_geometry(self) -> tuple[float, float, float, float, float, float]:
        """(header height, row height, label width, percentage width, bar left, bar right) at this size and font."""
        metrics = self.fontMetrics()
        header_h = self._header_height()
        # the rows end inside the focus frame with a pixel spare, as the title starts: the 9 ran under its line
        row_h = (self.height() - header_h - TITLE_INSET) / CLASSES
        label_w = metrics.horizontalAdvance("✓ 0") + 12  # room for the true-label tick
        bold = QFont(self.font())
        bold.setBold(True)  # the leader's percentage is bold: at 14 pt its "100.0%" lost its "%" at the right edge
        pct_w = QFontMetrics(bold).horizontalAdvance("100.0%") + 10
        return header_h, row_h, label_w, pct_w, label_w, self.width() - pct_w

    def _tracks(self, header_h: float, row_h: float, bar_left: float, bar_right: float) -> list[QRectF]:
        """Each digit's track, the rounded slot its bar fills."""
        bar_h = max(4.0, row_h * 0.62)
        return [
            QRectF(bar_left, header_h + digit * row_h + (row_h - bar_h) / 2, bar_right - bar_left, bar_h)
            for digit in range(CLASSES)
        ]

    def _paint_static(self, painter: QPainter) -> None:
        """The ten empty tracks: they change only with the size, the font and the palette."""
        header_h, row_h, _, _, bar_left, bar_right = self._bar_geometry()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        for track in self._tracks(header_h, row_h, bar_left, bar_right):
            self._paint_track(painter, track)

    def _paint_track(self, painter: QPainter, track: QRectF) -> None:
        palette = self.palette()
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(
            blend(palette.color(QPalette.ColorRole.Window), palette.color(QPalette.ColorRole.WindowText), 0.08)
        )
        painter.drawRoundedRect(track, 3, 3)

    def _paint(self, painter: QPainter) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text, window, muted = view_colours(self.palette())
        header_h, row_h, label_w, pct_w, bar_left, bar_right = self._bar_geometry()
        # inside the focus frame, as the chart's title: its B lay half under the frame
        self._paint_header(painter, QRectF(TITLE_INSET, 0, self.width() - 2 * TITLE_INSET, header_h), text, muted)

        tops = [] if self.probs is None else leaders(self.probs)  # a tie leads together: none is singled out
        tracks = self._tracks(header_h, row_h, bar_left, bar_right)
        font = self.font()
        bold = QFont(font)
        bold.setBold(True)
        for digit in range(CLASSES):
            y = header_h + digit * row_h
            leader = digit in tops
            color = class_color(digit, window)
            track_rect = tracks[digit]
            if digit == self.highlight:  # picked out: a band behind the whole row, under its track
                painter.fillRect(track_rect.adjusted(-1, -1, 1, 1), window)  # the static layer's track, and its edge
                painter.setPen(Qt.PenStyle.NoPen)
                band = QColor(color)
                band.setAlphaF(0.15)
                painter.setBrush(band)
                painter.drawRoundedRect(QRectF(0, y + 1, self.width(), row_h - 2), 4, 4)
                self._paint_track(painter, track_rect)
            painter.setFont(bold if leader else font)
            painter.setPen(text if leader or not tops else muted)
            painter.drawText(QRectF(0, y, label_w - 6, row_h), RIGHT, str(digit))
            if self.probs is not None:
                p = float(self.probs[digit])
                fill = QColor(color)
                fill.setAlphaF(1.0 if leader else 0.55)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                if p >= LEAST_WRITTEN:  # drawn over 0.2 % alone, one "0.2%" had a bar and the next none
                    bar = QRectF(bar_left, track_rect.y(), max(3.0, track_rect.width() * p), track_rect.height())
                    painter.drawRoundedRect(bar, 3, 3)
                if leader:
                    painter.setPen(QPen(text, 1.2))
                    painter.setBrush(Qt.BrushStyle.NoBrush)
                    painter.drawRoundedRect(track_rect.adjusted(-1.5, -1.5, 1.5, 1.5), 4, 4)
                painter.setPen(text if leader else muted)
                painter.drawText(QRectF(bar_right + 6, y, pct_w - 6, row_h), LEFT, belief_percent(p))
            if digit == self._label:
                painter.setPen(QPen(text, 1.0))
                painter.setFont(font)
                painter.drawText(QRectF(TITLE_INSET, y, 12, row_h), LEFT, "✓")  # inside the focus frame

    # ---- the keys: a keyboard user picks a digit as the pointer does ------------------------------------------

    def takes_key(self, key: int) -> bool:
        """The pick's keys, while there is a reading; Escape only while the keys have picked one."""
        return self.probs is not None and (
            key in PICK_KEYS or (key == Qt.Key.Key_Escape and self.key_digit is not None)
        )

    def press_key(self, key: int) -> None:
        """Up and Down pick the next digit (the first press the leader, where the eye is), Home and End 0 and 9;
        Escape drops the pick."""
        if key == Qt.Key.Key_Escape:
            self._pick_key(None)
        elif self.key_digit is None and key in (Qt.Key.Key_Up, Qt.Key.Key_Down):
            self._pick_key(int(np.argmax(self.probs)))
        else:
            self._pick_key(int(np.clip((self.key_digit or 0) + PICK_KEYS[key], 0, CLASSES - 1)))

    def set_highlight(self, digit: int | None) -> None:
        """The chart's pointer picks a line: its pick takes over from the keys', as the pointer's here does (the bars
        lit its bar and still said the keys' digit)."""
        if digit != self.key_digit and self.key_digit is not None:
            self.key_digit = None
            self._speak()
        super().set_highlight(digit)

    def _pick_key(self, digit: int | None) -> None:
        """The keys' pick at ``digit`` (None: none), lit up here and on the chart, and said."""
        self.key_digit = digit
        self._pick(digit)
        self._speak()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.key_digit is not None:  # the pick goes with the keys, as the pointer's goes as it leaves
            self._pick_key(None)
        super().focusOutEvent(event)

    def _speak(self) -> None:
        said = self.spoken()
        if said != self.accessibleDescription():
            self.setAccessibleDescription(said)

    def spoken(self) -> str:
        """What a screen reader says of the bars: their reading as the header shows it, then every other value the
        bars write as a number, highest first. It said the header alone: of an unsure "perhaps 9 (67.8%)" the
        7 at 27.8 % beside it went unsaid. With a digit picked by the keys, that digit's value."""
        if self.key_digit is not None and self.probs is not None:
            return f"{self.key_digit} after row {self._rows_read}: {belief_percent(float(self.probs[self.key_digit]))}"
        return self.header_text() + ("" if self.probs is None else the_rest_said(self.probs))

    def header_text(self, width: float | None = None) -> str:
        """The line above the bars; when ``width`` (px) is given and the full line does not fit, a shorter one."""
        short = tiny = least = fewest = ""
        if self.probs is not None:
            said = answer(self.probs)
            line = f"Belief after row {self._rows_read}/{ROWS}: {said}"
            short = f"Row {self._rows_read}/{ROWS}: {said}"
            if self._session.unsure:
                said = said if said.startswith("all ten") else f"perhaps {said}"  # not "perhaps all ten at 10.0%"
                line = short = f"Unsure: {said}"
            tiny = said[0].upper() + said[1:]  # "All ten at 10.0%", "Perhaps 3 (42.0%)"
            # the leaders alone, their value on the bold bars beside: at the least width a tie was cut, "Perhaps 0, 1
            # or 2 (30.0% e…", and a tie of an MNIST digit lost its true label, "Perhaps 0 or 1 (50.0% each) · t…"
            least = tiny.split(" (")[0]
            # and where even that does not fit, their count in words (a numeral reads as a digit), the bold bars
            # naming them: a tie of five to seven with a true label, or of eight, was still cut, "Perhaps 0, 1, 2, 3
            # or 4 (18.…", the label lost
            tied = len(leaders(self.probs))
            fewest = f"One of {COUNTS[tied]}" if 1 < tied < CLASSES else ""
        # the hints too have a short form: beside My examples they were cut ("Draw a digit to see the reader's …")
        elif self._session.too_small:
            line, short = "Too small to be a digit: draw it larger", "Too small: draw it larger"
        elif not self._has_model:
            line, short = "No model loaded: open one with Ctrl+M", "No model: Ctrl+M opens one"
        elif self._rows_read == 0 and self._session.image is not None:
            # a true label's "· true 7" made even the short form too long beside My examples ("No rows read: →
            # or Space · true …"): the keys go first, then the hint
            line, short, tiny = "No rows read yet: press → or Space", "No rows read: → or Space", "No rows read"
        else:
            line, short = "Draw a digit to see the reader's belief", "Draw a digit"
        if self._label is not None:
            line += f"  ·  true label {self._label}"  # no tick: "3 (93.3%) · true 8 ✓" read as "right"
            short = (short or line.split("  ·  ")[0]) + f" · true {self._label}"  # (the bar of 8 has its tick)
            tiny = tiny and f"{tiny} · true {self._label}"
            least = least and f"{least} · true {self._label}"
            fewest = fewest and f"{fewest} · true {self._label}"
        if width is None:
            return line
        # at 200 % (the window at its smallest) even the short line lost "· true label" to its "…": the row,
        # shown beside the chart and in the status bar, goes before the true label does
        fits = [t for t in (line, short, tiny, least, fewest) if t and self.fontMetrics().horizontalAdvance(t) <= width]
        return fits[0] if fits else (tiny or short or line)

    def _paint_header(self, painter: QPainter, rect: QRectF, text: QColor, muted: QColor) -> None:
        painter.setPen(text if self.probs is not None else muted)
        line = self.header_text(rect.width())
        line = painter.fontMetrics().elidedText(line, Qt.TextElideMode.ElideRight, round(rect.width()))
        painter.drawText(rect, LEFT, line)
