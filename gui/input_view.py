"""What the model sees: the 28×28 input, enlarged, with rows already read bright and rows to come dimmed."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QImage, QMouseEvent, QPainter, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.plain_text import wrapped
from gui.session_view import SessionView
from gui.theme import grey_rgb32
from rowreader.model import ROWS
from rowreader.session import DigitSession

DIMMED = 0.28  # how bright a row still to come is, relative to a row already read
GRID = 0.09  # grid lines lift a pixel this fraction of the way to white


class ModelInputView(SessionView):
    """Pixel-exact 28×28 view (nearest-neighbour scaling) with the row being read outlined."""

    # 3 px a pixel at least: at 200 % on a 1024×700 screen 4 px (and its caption on one line) pushed the bars'
    # percentages past the view's edge, a scroll away, where the model's reading matters more than its input's size
    MINIMUM_SIZE = (84, 84)
    SIZE_HINT = (196, 196)
    SIZE_POLICY = (QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    TOOLTIP = wrapped(
        "What the model sees: your drawing normalised like MNIST (28×28). Bright rows have been read; dimmed rows "
        "are still to come. The outlined row was read last. Click or drag to go to a row."
    )

    seek_requested = Signal(int)  # rows to read (1…28): the row clicked or dragged to

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self._image: np.ndarray | None = None
        self._rows_read = 0
        self._pixels: QImage | None = None  # what pixels() paints into, reused: a fresh buffer per frame costs more
        super().__init__(session, parent)  # subscribes and refreshes: the state above must exist first

    def row_at(self, y: float) -> int:
        """Rows to read so that the row at widget y is the last one read (1…28)."""
        rect = self.grid_rect()
        return int(np.clip((y - rect.top()) // (rect.height() / ROWS) + 1, 1, ROWS))

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.row_at(event.position().y()))
            event.accept()
        else:
            super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self.seek_requested.emit(self.row_at(event.position().y()))
            event.accept()
        else:
            super().mouseMoveEvent(event)

    def tooltip_at(self, pos: QPointF) -> str:
        """The pixel under ``pos`` and its ink (0 none, 1 full) before what the view shows: pointing at a pixel
        told nothing of the value the model reads there."""
        rect = self.grid_rect()
        if self._image is None or not rect.contains(pos):
            return self.TOOLTIP
        cell = rect.height() / ROWS
        row = min(int((pos.y() - rect.top()) // cell), ROWS - 1)
        column = min(int((pos.x() - rect.left()) // cell), ROWS - 1)
        when = "read" if row < self._rows_read else "still to come"
        return f"Row {row + 1}, column {column + 1}: ink {self._image[row, column]:.2f} ({when})\n\n{self.TOOLTIP}"

    def tip_spot(self, pos: QPointF) -> QRect:
        """The pixel under ``pos``: its read-out is shown anew as soon as the pointer leaves it."""
        rect = self.grid_rect()
        if not rect.contains(pos):
            return self.rect()
        cell = rect.height() / ROWS
        column, row = (pos.x() - rect.left()) // cell, (pos.y() - rect.top()) // cell
        return QRectF(rect.left() + column * cell, rect.top() + row * cell, cell, cell).toAlignedRect()

    def tip_clear_of(self) -> QRect:
        """The picture: the read-out of a pixel hid the rows under it."""
        return self.grid_rect().toAlignedRect()

    def refresh(self) -> None:
        self._image = self._session.image
        self._rows_read = self._session.position
        if self._tip is not None and QToolTip.isVisible() and QToolTip.text() == self._tip[1]:
            # the tooltip of a pointer at rest follows the rows as they come (as the chart's read-out does): a
            # scan passing under it left "read" or "still to come" (and the ink of the drawing before) as it was
            self.show_tip(self._tip[0])
        self.update()

    def hasHeightForWidth(self) -> bool:
        return True

    def heightForWidth(self, width: int) -> int:
        return width

    def grid_rect(self) -> QRectF:
        """The square the 28×28 pixels fill, leaving room on the left for the row marker.

        Whole device pixels per cell keep the grid even, and the square is exactly the picture :meth:`pixels`
        draws: in whole logical pixels per cell, at 150 % the picture came out up to a row and a half shorter than
        the square, so the row marker, a click and a pixel's tooltip went by a square the picture did not fill
        (row 28's outline lay under the picture)."""
        margin = 14.0
        side = max(28.0, min(self.width() - margin - 2, self.height() - 2))
        ratio = self.devicePixelRatioF()
        side = max(1, int(side * ratio / ROWS)) * ROWS / ratio
        return QRectF(margin + (self.width() - margin - side) / 2, (self.height() - side) / 2, side, side)

    def _paint(self, painter: QPainter) -> None:
        rect = self.grid_rect()
        cell = rect.height() / ROWS
        if self._image is None:
            painter.fillRect(rect, QColor(0, 0, 0))
            painter.setPen(QColor(150, 150, 150))
            message = "too small\nto be a digit" if self._session.too_small else "nothing\nto read"
            painter.drawText(rect, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, message)
            return
        painter.drawImage(rect.topLeft(), self.pixels(self.devicePixelRatioF()))
        if self._rows_read > 0:
            self._paint_marker(painter, rect, cell)

    def pixels(self, ratio: float) -> QImage:
        """The enlarged input at device resolution: whole device pixels per cell, dimmed rows, a faint grid.

        Built in NumPy and drawn unscaled, which is both pixel-exact on any screen and far cheaper than
        letting QPainter scale the image and stroke 54 grid lines on every frame. Each cell's three shades
        (plain, on a grid line, where two lines cross) are worked out on the 28×28 image, then written
        straight into the view's own buffer, which the next call repaints: copy the image to keep it.
        """
        assert self._image is not None
        side_px = round(self.grid_rect().height() * ratio)
        k = max(1, side_px // ROWS)
        grey = self._image * 255.0
        grey[self._rows_read :] *= DIMMED
        shades = [grey]
        grid = k >= 5 * ratio  # a grid finer than ~5 logical pixels is just noise
        if grid:
            for _ in range(2):  # lifted once on a grid line, twice where a row line crosses a column line
                shades.append(shades[-1] + (255.0 - shades[-1]) * GRID)
        plain, *lifted = (grey_rgb32(np.clip(shade + 0.5, 0, 255).astype(np.uint8)) for shade in shades)
        image = self._pixels
        if image is None or image.width() != k * ROWS or image.devicePixelRatio() != ratio:
            image = self._pixels = QImage(k * ROWS, k * ROWS, QImage.Format.Format_RGB32)
            image.setDevicePixelRatio(ratio)
        cells = np.frombuffer(image.bits(), np.uint32).reshape(ROWS, k, ROWS, k)  # [row, y in cell, column, x]
        cells[...] = plain[:, None, :, None]
        if grid:
            once, twice = lifted
            cells[:, 0] = once[:, :, None]  # the top line of every cell
            cells[:, :, :, 0] = once[:, None, :]  # the left line
            cells[:, 0, :, 0] = twice
        return image

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
