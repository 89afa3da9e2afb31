"""Belief timeline: each digit's probability after rows 1–28, the current row, and where the answer settled."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPen, QPixmap, QPolygonF
from PySide6.QtWidgets import QWidget

from gui.session_view import SessionView
from gui.theme import blend, class_color
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession

LABEL_MIN_PROBABILITY = 0.08  # lines ending below this get no end label (they crowd the bottom of the chart)


class BeliefTimeline(SessionView):
    """Ten lines over the rows read so far; the leader drawn last and thickest, its settled stretch shaded."""

    MINIMUM_SIZE = (240, 150)
    SIZE_HINT = (420, 220)
    TOOLTIP = (
        "How the belief moved as the rows came in: one line per digit.\n"
        "The shaded stretch starts at the row from which the current answer has stayed on top."
    )

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self.probabilities = np.zeros((0, CLASSES), np.float32)  # what is shown now: [rows_read, 10]
        self.decided_at: int | None = None
        self._rows_read = 0
        self._background_pixmap: QPixmap | None = None
        self._background_key: tuple = ()
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first

    def refresh(self) -> None:
        self.probabilities = self._session.probabilities
        self.decided_at = self._session.decided_at
        self._rows_read = self._session.position
        self.update()

    def plot_rect(self) -> QRectF:
        metrics = self.fontMetrics()
        left = metrics.horizontalAdvance("100%") + 10
        top = metrics.height() + 10
        right = metrics.horizontalAdvance("0 ") + 16
        bottom = metrics.height() + 8
        return QRectF(left, top, max(10.0, self.width() - left - right), max(10.0, self.height() - top - bottom))

    def x_of(self, row: float, plot: QRectF) -> float:
        """x of 1-based ``row`` (rows 1 and 28 sit on the plot's edges)."""
        return plot.left() + (row - 1) / (ROWS - 1) * plot.width()

    def _background(self) -> QPixmap:
        """Title, plot area, grid and axis labels: redrawn only when the size, screen or palette change."""
        ratio = self.devicePixelRatioF()
        key = (self.width(), self.height(), ratio, self.palette().cacheKey(), self.font().key())
        if self._background_key != key or self._background_pixmap is None:
            pixmap = QPixmap(round(self.width() * ratio), round(self.height() * ratio))
            pixmap.setDevicePixelRatio(ratio)
            pixmap.fill(Qt.GlobalColor.transparent)
            palette = self.palette()
            text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
            with QPainter(pixmap) as painter:
                painter.setFont(self.font())
                rect = QRectF(0, 0, self.width(), painter.fontMetrics().height() + 4)
                bold = QFont(self.font())
                bold.setBold(True)
                painter.setFont(bold)
                painter.setPen(text)
                painter.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, "Belief over rows")
                painter.setFont(self.font())
                plot = self.plot_rect()
                painter.fillRect(plot, palette.color(QPalette.ColorRole.Base))
                self._paint_axes(painter, plot, blend(window, text, 0.12), blend(window, text, 0.55))
            self._background_pixmap, self._background_key = pixmap, key
        return self._background_pixmap

    def _paint(self, painter: QPainter) -> None:
        painter.drawPixmap(0, 0, self._background())
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        muted = blend(palette.color(QPalette.ColorRole.Window), text, 0.55)
        plot = self.plot_rect()
        probs, read = self.probabilities, len(self.probabilities)
        top = int(np.argmax(probs[-1])) if read else None

        if read < ROWS:  # rows still to come: a dimmed stretch (translucent, so the grid shows through)
            unread = QRectF(QPointF(self.x_of(max(read, 1), plot), plot.top()), plot.bottomRight())
            shade = QColor(text)
            shade.setAlphaF(0.06)
            painter.fillRect(unread, shade)
        if top is not None and self.decided_at is not None:
            band = QRectF(
                QPointF(self.x_of(self.decided_at, plot), plot.top()), QPointF(self.x_of(read, plot), plot.bottom())
            )
            fill = class_color(top)
            fill.setAlphaF(0.16)
            painter.fillRect(band.adjusted(-2, 0, 2, 0), fill)
            settled = "decided at row" if read == ROWS else "on top since row"
            title = QRectF(0, 0, self.width(), painter.fontMetrics().height() + 4)
            painter.setPen(text)
            painter.drawText(
                title,
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                f"{top}: {settled} {self.decided_at}",
            )
        if read:
            order = sorted(range(CLASSES), key=lambda d: (d == top, probs[-1, d]))  # the leader last, on top
            for digit in order:
                self._paint_line(painter, plot, probs[:, digit], class_color(digit), digit == top)
            self._paint_end_labels(painter, plot, read, probs[-1], top)
        if read and self._rows_read > 0:
            highlight = palette.color(QPalette.ColorRole.Highlight)
            x = self.x_of(self._rows_read, plot)
            painter.setPen(QPen(highlight, 1.5, Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, plot.top()), QPointF(x, plot.bottom()))
        if not read:
            painter.setPen(muted)
            message = "no rows read yet" if self._session.ready else "the belief after each row appears here"
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter, message)

    def _paint_axes(self, painter: QPainter, plot: QRectF, grid: QColor, muted: QColor) -> None:
        metrics = painter.fontMetrics()
        for p in (0.0, 0.5, 1.0):
            y = plot.bottom() - p * plot.height()
            painter.setPen(QPen(grid, 1.0))
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
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

    def _paint_line(self, painter: QPainter, plot: QRectF, values: np.ndarray, color: QColor, leader: bool) -> None:
        points = [
            QPointF(self.x_of(r + 1, plot), plot.bottom() - float(v) * plot.height()) for r, v in enumerate(values)
        ]
        if leader:
            pen = QPen(color, 2.6)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
        else:
            # One device pixel wide and cosmetic: Qt draws these with its fast line rasteriser, not the path
            # stroker, which keeps nine of the ten lines nearly free on every frame.
            pen = QPen(color, max(1.0, round(self.devicePixelRatioF())))
            pen.setCosmetic(True)
        painter.setPen(pen)
        if len(points) == 1:
            painter.setBrush(color)
            painter.drawEllipse(points[0], 2.5, 2.5)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        else:
            painter.drawPolyline(QPolygonF(points))

    def _paint_end_labels(self, painter: QPainter, plot: QRectF, read: int, last: np.ndarray, top: int | None) -> None:
        """Name the lines that end high enough to matter, nudged apart so the labels never overlap."""
        metrics = painter.fontMetrics()
        h = metrics.height()
        shown = sorted(
            (d for d in range(CLASSES) if last[d] >= LABEL_MIN_PROBABILITY or d == top), key=lambda d: -last[d]
        )
        placed: list[float] = []
        x = self.x_of(read, plot) + 5
        bold = QFont(painter.font())
        bold.setBold(True)
        for digit in shown:
            y = plot.bottom() - float(last[digit]) * plot.height()
            for other in placed:
                if abs(y - other) < h:
                    y = other + h
            y = min(y, plot.bottom())
            placed.append(y)
            painter.setFont(bold if digit == top else self.font())
            painter.setPen(class_color(digit))
            painter.drawText(
                QRectF(x, y - h / 2, h * 2, h), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, str(digit)
            )
        painter.setFont(self.font())
