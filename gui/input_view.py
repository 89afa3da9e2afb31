"""What the model sees: the 28×28 input, enlarged, with rows already read bright and rows to come dimmed."""

from __future__ import annotations

import numpy as np
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFocusEvent, QImage, QMouseEvent, QPainter, QPainterPath, QPalette, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.plain_text import wrapped
from gui.screen_room import show_under
from gui.session_view import ENTER_KEYS, SessionView
from gui.theme import TITLE_INSET, grey_rgb32, paint_ring, view_colours
from rowreader.model import ROWS
from rowreader.session import DigitSession

DIMMED = 0.28  # how bright a row still to come is, relative to a row already read
GRID = 0.09  # grid lines lift a pixel this fraction of the way to white
# the pixel cursor's moves while the view has the keys, (rows, columns); Home and End go to its row's ends
PIXEL_MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
ROW_ENDS = {Qt.Key.Key_Home: 0, Qt.Key.Key_End: ROWS - 1}
# its keys, for the window's list of shortcuts (Help ▸ Keyboard shortcuts), as the chart's are listed there
INPUT_KEYS = (
    ("What the model sees (Tab to it): pixel cursor", "arrows, Home, End"),
    ("What the model sees: read to the cursor row / hide it", "Enter / Esc"),
)


class ModelInputView(SessionView):
    """Pixel-exact 28×28 view (nearest-neighbour scaling) with the row being read outlined."""

    # 3 px a pixel at least: at 200 % on a 1024×700 screen 4 px (and its caption on one line) pushed the bars'
    # percentages past the view's edge, a scroll away, where the model's reading matters more than its input's size
    MINIMUM_SIZE = (84, 84)
    SIZE_HINT = (196, 196)
    SIZE_POLICY = (QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Preferred)
    TOOLTIP = wrapped(
        "What the model sees: your drawing normalised like MNIST (28×28). Bright rows have been read; dimmed rows "
        "are still to come. The outlined row was read last. Click or drag to go to a row; Tab here and the arrows read "
        "a pixel."
    )

    seek_requested = Signal(int)  # rows to read (1…28): the row clicked, or chosen with Enter
    dragged_to = Signal(int)  # the row a drag has reached: the window goes there once an event-loop pass

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        self._image: np.ndarray | None = None
        self._rows_read = 0
        self._pixels: QImage | None = None  # what pixels() paints into, reused: a fresh buffer per frame costs more
        self.key_cell: tuple[int, int] | None = None  # (row, column) of the keyboard's pixel cursor, or none
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
            self.dragged_to.emit(self.row_at(event.position().y()))
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
        return f"{self.pixel_said(row, column)}\n\n{self.TOOLTIP}"

    def pixel_said(self, row: int, column: int) -> str:
        """The read-out of the pixel at 0-based ``row``, ``column``: where it is, its ink, whether it is read."""
        when = "read" if row < self._rows_read else "still to come"
        return f"Row {row + 1}, column {column + 1}: ink {self._image[row, column]:.2f} ({when})"

    # ---- the keys: a keyboard user reads a pixel as the pointer does -------------------------------------------

    def takes_key(self, key: int) -> bool:
        """The cursor's keys, while there is a picture; Escape and Enter only while the cursor is shown."""
        shown = self.key_cell is not None
        moves = key in PIXEL_MOVES or key in ROW_ENDS
        return self._image is not None and (moves or (shown and key in (Qt.Key.Key_Escape, *ENTER_KEYS)))

    def press_key(self, key: int) -> None:
        """The arrows move the pixel cursor (shown first in the middle of the row read last), Home and End to its
        row's ends; Enter reads to its row, as a click does; Escape hides it."""
        if key == Qt.Key.Key_Escape:
            self._set_key_cell(None)
        elif key in ENTER_KEYS:
            self.seek_requested.emit(self.key_cell[0] + 1)
        elif self.key_cell is None and key in PIXEL_MOVES:
            self._set_key_cell((max(self._rows_read - 1, 0), ROWS // 2))
        else:
            row, column = self.key_cell or (max(self._rows_read - 1, 0), ROWS // 2)
            if key in ROW_ENDS:
                column = ROW_ENDS[key]
            else:
                row, column = row + PIXEL_MOVES[key][0], column + PIXEL_MOVES[key][1]
            self._set_key_cell((min(max(row, 0), ROWS - 1), min(max(column, 0), ROWS - 1)))

    def _set_key_cell(self, cell: tuple[int, int] | None) -> None:
        """The pixel cursor at ``cell`` (None: hidden), shown, its read-out said and shown under the picture."""
        self.key_cell = cell
        self._speak()
        self.update()
        if cell is None:
            QToolTip.hideText()
            self._tip = None
        elif self.isVisible():
            spot = self._cell_rect(*cell)
            self._tip = (spot.center(), self.pixel_said(*cell))
            # under the picture, where the bars beside end their rows (a pixel of the chart's title was hidden lower)
            under = self.height() - TITLE_INSET
            show_under(self, self._tip[1], spot.center().toPoint(), spot.toAlignedRect(), self.tip_clear_of(), under)

    def _speak(self) -> None:
        """What a screen reader says of the view: the pixel cursor's read-out while it shows, else nothing more."""
        said = "" if self.key_cell is None or self._image is None else self.pixel_said(*self.key_cell)
        if said != self.accessibleDescription():
            self.setAccessibleDescription(said)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        if self.key_cell is not None:  # the cursor goes with the keys: left behind, its read-out stayed
            self._set_key_cell(None)
        super().focusOutEvent(event)

    def _cell_rect(self, row: int, column: int) -> QRectF:
        """The pixel at 0-based ``row``, ``column``, in the view's coordinates."""
        rect = self.grid_rect()
        cell = rect.height() / ROWS
        return QRectF(rect.left() + column * cell, rect.top() + row * cell, cell, cell)

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
        self.set_tab_stop(self._image is not None)
        if self.key_cell is not None:  # the cursor's read-out follows the rows too; with the picture gone, it goes
            self._set_key_cell(self.key_cell if self._image is not None else None)
        elif self._tip is not None and QToolTip.isVisible() and QToolTip.text() == self._tip[1]:
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
        if self.key_cell is not None:  # the keys' pixel, ringed just outside it, as the maps' cursor is
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            spot = self._cell_rect(*self.key_cell)
            ring = spot.adjusted(-2, -2, 2, 2)
            # the ring's inside cleared to its pixel: on the row read last the marker's outline ran through it, so
            # the ring looked part of the marker (at 200 %, light and dark)
            inside = QPainterPath()
            inside.addRect(ring)
            inside.addRect(spot)  # odd-even fill: the ring's inside less its pixel
            painter.fillPath(inside, view_colours(self.palette())[1])
            paint_ring(painter, ring, self.palette())

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
