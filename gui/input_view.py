"""What the model sees: the 28×28 input, enlarged, with rows already read bright and rows to come dimmed."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QPaintEvent, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QWidget

from rowreader.model import ROWS
from rowreader.session import DigitSession, Event

DIMMED = 0.28  # how bright a row still to come is, relative to a row already read


class ModelInputView(QWidget):
    """Pixel-exact 28×28 view (nearest-neighbour scaling) with the row being read outlined."""

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._image: np.ndarray | None = None
        self._rows_read = 0
        self.paint_count = 0  # for tests and the latency benchmark
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
        self.setMinimumSize(112, 112)
        self.setToolTip(
            "What the model sees: your drawing normalised like MNIST (28×28).\n"
            "Bright rows have been read; dimmed rows are still to come. The outlined row was read last."
        )
        unsubscribe = session.subscribe(self._on_session)
        self.destroyed.connect(lambda *_: unsubscribe())
        self._on_session("image")

    def _on_session(self, event: Event) -> None:
        self._image = self._session.image
        self._rows_read = self._session.position
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(196, 196)

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def grid_rect(self) -> QRectF:
        """The square the 28×28 pixels fill, leaving room on the left for the row marker."""
        margin = 14.0
        side = max(28.0, min(self.width() - margin - 2, self.height() - 2))
        side = float(int(side / ROWS) * ROWS) or ROWS  # whole screen pixels per cell keep the grid even
        return QRectF(margin + (self.width() - margin - side) / 2, (self.height() - side) / 2, side, side)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        with QPainter(self) as painter:  # ends the painter even if drawing fails
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        rect = self.grid_rect()
        cell = rect.height() / ROWS
        painter.fillRect(rect, QColor(0, 0, 0))
        if self._image is None:
            painter.setPen(QColor(150, 150, 150))
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, "nothing\nto read")
        else:
            grey = np.clip(self._image * 255.0 + 0.5, 0, 255).astype(np.uint8)
            grey[self._rows_read :] = (grey[self._rows_read :] * DIMMED).astype(np.uint8)
            grey = np.ascontiguousarray(grey)
            image = QImage(grey.data, ROWS, ROWS, ROWS, QImage.Format.Format_Grayscale8)
            painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform, False)  # show the real pixels
            painter.drawImage(rect, image)
        self._paint_grid(painter, rect, cell)
        if self._image is not None and self._rows_read > 0:
            self._paint_marker(painter, rect, cell)

    def _paint_grid(self, painter: QPainter, rect: QRectF, cell: float) -> None:
        if cell < 5:
            return  # a grid finer than this is just noise
        painter.setPen(QPen(QColor(255, 255, 255, 22), 0))
        for i in range(1, ROWS):
            painter.drawLine(rect.left() + i * cell, rect.top(), rect.left() + i * cell, rect.bottom())
            painter.drawLine(rect.left(), rect.top() + i * cell, rect.right(), rect.top() + i * cell)

    def _paint_marker(self, painter: QPainter, rect: QRectF, cell: float) -> None:
        row = self._rows_read - 1
        highlight = self.palette().color(QPalette.ColorRole.Highlight)
        band = QRectF(rect.left(), rect.top() + row * cell, rect.width(), cell)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(highlight, 2.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(band.adjusted(-1, -1, 1, 1))
        # A small arrow at the left edge points at the row just read.
        y, x = band.center().y(), rect.left() - 3
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(highlight)
        size = min(7.0, max(4.0, cell * 0.6))
        painter.drawPolygon([QPointF(x - size * 1.3, y - size), QPointF(x, y), QPointF(x - size * 1.3, y + size)])
