"""Inside the LSTM: its hidden state and (squashed) cell state after every row read, as two heatmaps.

Rows run top to bottom like the digit itself, units left to right. The hidden state is already in (−1, 1);
the cell state is unbounded, so it is shown through ``tanh`` — exactly the squashing the LSTM applies to it
before it becomes output — which keeps both maps on one colour scale.
"""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QImage, QLinearGradient, QPainter, QPalette, QPen, QShowEvent
from PySide6.QtWidgets import QWidget

from gui.session_view import SessionView
from gui.theme import DIVERGING_LUT, blend, diverging_rgb32
from rowreader.model import ROWS
from rowreader.session import DigitSession


def _heatmap_image(values: np.ndarray, width: float, height: float, ratio: float) -> QImage:
    """``values`` (rows read × units) coloured and enlarged to the panel's device pixels, nearest-neighbour.

    Enlarging by index arithmetic in NumPy gives crisp cells at any size and screen, and leaves QPainter a
    plain unscaled blit, several times cheaper than a scaled drawImage on every frame.
    """
    w, h = max(1, round(width * ratio)), max(1, round(height * ratio))
    rows = np.minimum((np.arange(h) * ROWS) // h, ROWS - 1)
    rows = rows[rows < len(values)]  # rows not read yet stay empty
    cols = (np.arange(w) * values.shape[1]) // w
    pixels = np.ascontiguousarray(diverging_rgb32(values)[rows][:, cols])
    image = QImage(pixels.data, w, len(rows), w * 4, QImage.Format.Format_RGB32).copy()
    image.setDevicePixelRatio(ratio)
    return image


class StateHeatmap(SessionView):
    """Hidden and cell state per row (28 rows × units); rows not yet read stay empty."""

    MINIMUM_SIZE = (300, 120)
    SIZE_HINT = (640, 180)
    TOOLTIP = (
        "The LSTM's memory after each row: hidden state h (what it outputs) and tanh of the cell state c\n"
        "(what it carries forward). Blue is negative, red positive; one column per unit."
    )

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self.hidden = np.zeros((0, 0), np.float32)
        self.cell = np.zeros((0, 0), np.float32)
        self._rows_read = 0
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first

    def refresh(self) -> None:
        if not self.isVisible():
            return  # nobody is looking: skip the work; showEvent catches up
        self.hidden = self._session.hidden_states
        self.cell = np.tanh(self._session.cell_states)
        self._rows_read = self._session.position
        self.update()

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()  # catch up on anything skipped while hidden
        super().showEvent(event)

    def _paint(self, painter: QPainter) -> None:
        palette = self.palette()
        text = palette.color(QPalette.ColorRole.WindowText)
        window = palette.color(QPalette.ColorRole.Window)
        muted = blend(window, text, 0.55)
        metrics = painter.fontMetrics()
        title_h = metrics.height() + 6
        axis_w = metrics.horizontalAdvance("28") + 10
        legend_h = metrics.height() + 10
        gap = 18.0
        width = (self.width() - axis_w - gap - 4) / 2
        area_h = self.height() - title_h - legend_h
        panels = (("hidden state h", self.hidden), ("cell state tanh(c)", self.cell))
        bold = QFont(painter.font())
        bold.setBold(True)
        for i, (title, values) in enumerate(panels):
            rect = QRectF(axis_w + i * (width + gap), title_h, width, area_h)
            painter.setFont(bold)
            painter.setPen(text)
            painter.drawText(
                QRectF(rect.left(), 0, rect.width(), title_h),
                Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                title,
            )
            painter.setFont(self.font())
            self._paint_panel(painter, rect, values, muted, window)
        self._paint_row_axis(painter, QRectF(0, title_h, axis_w - 4, area_h), muted)
        self._paint_legend(painter, QRectF(axis_w, title_h + area_h + 6, min(220.0, width), legend_h - 8), muted)

    def _paint_panel(self, painter: QPainter, rect: QRectF, values: np.ndarray, muted: QColor, window: QColor) -> None:
        rows = len(values)
        unread = QRectF(
            rect.left(), rect.top() + rect.height() * rows / ROWS, rect.width(), rect.height() * (1 - rows / ROWS)
        )
        painter.fillRect(unread, blend(self.palette().color(QPalette.ColorRole.Base), window, 0.5))
        if rows and values.shape[1]:
            ratio = self.devicePixelRatioF()
            painter.drawImage(rect.topLeft(), _heatmap_image(values, rect.width(), rect.height(), ratio))
            if self._rows_read > 0:
                cell_h = rect.height() / ROWS
                y = rect.top() + (self._rows_read - 1) * cell_h
                painter.setPen(QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5))
                painter.setBrush(Qt.BrushStyle.NoBrush)
                painter.drawRect(QRectF(rect.left(), y, rect.width(), cell_h))
        elif not self._session.ready:
            painter.setPen(muted)
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "no rows read")
        painter.setPen(QPen(blend(window, muted, 0.5), 1.0))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect)

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
        lo, hi = "−1", "+1"
        bar = QRectF(
            rect.left() + metrics.horizontalAdvance(lo) + 6, rect.top() + 2, rect.width() * 0.6, rect.height() - 4
        )
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
            QRectF(bar.right() + 4, rect.top(), 40, rect.height()),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            hi,
        )
