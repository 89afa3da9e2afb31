"""The forty-seventh round of hostile testing, uileft: the window's leftovers the forty-sixth round's dock2, keys2,
polish2 and window3 saw and left (a dock's toggles at 150 %, the floating maps' place shown again and at the next
start, Tab before anything is read, the pixel cursor's ring on the row marker), each tried in a real window (Xvfb,
openbox, xdotool, at 150 % and 200 % on 1600×1000, light and dark, screenshots looked at) and measured here offscreen;
each test checked to fail on the code before its fix."""

from __future__ import annotations

from gui_window import open_shipped_window
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest

from gui.demo import draw_digit
from rowreader.model import ROWS


def _ringed_on_the_marker(qtbot, tmp_path, scheme: QPalette | None):
    """What the model sees with a 7 read to row 28 and the pixel cursor on that row, the row marker's: its picture,
    at 200 %, and the cursor's pixel."""
    window = open_shipped_window(qtbot, tmp_path, size=(780, 640))
    if scheme is not None:
        window.input_view.setPalette(scheme)
    draw_digit(window.canvas, "7")
    view = window.input_view
    qtbot.waitUntil(lambda: view._rows_read == ROWS)
    view.setFocus(Qt.FocusReason.TabFocusReason)
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.key_cell is not None and view.key_cell[0] == ROWS - 1
    image = QImage(view.size() * 2, QImage.Format.Format_RGB32)  # as at 200 %, where a fraction of a pixel is whole
    image.setDevicePixelRatio(2)
    view.render(image)
    return image, view._cell_rect(*view.key_cell)


def _tinted(image: QImage, x: float, y: float) -> bool:
    """Whether the 200 % ``image`` at logical ``x``, ``y`` has a colour, not a grey: the marker's, there."""
    return image.pixelColor(int(x * 2), int(y * 2)).hsvSaturation() > 60


def _dark() -> QPalette:
    palette = QPalette()
    for role, colour in (
        (QPalette.ColorRole.Window, "#202124"),
        (QPalette.ColorRole.WindowText, "#e8eaed"),
        (QPalette.ColorRole.Highlight, "#8ab4f8"),
    ):
        palette.setColor(role, QColor(colour))
    return palette


def test_the_pixel_cursors_ring_on_the_row_marker_is_not_crossed_by_it(qtbot, tmp_path) -> None:
    """On the row read last the row marker's outline (the highlight colour) ran through the pixel cursor's ring,
    between it and its pixel, so the ring looked part of the marker (seen at 200 %, light and dark). The ring's
    inside is cleared to the pixel: nothing of the marker's colour (the one saturated colour there, the rest greys)
    between the ring and its pixel, in light and dark palettes; the marker goes on beside the ring."""
    for scheme in (None, _dark()):
        image, cell = _ringed_on_the_marker(qtbot, tmp_path, scheme)
        around, pixel = QRectF(cell.adjusted(-3, -3, 3, 3)), cell.toRect()
        gap = [
            (x / 2, y / 2)
            for y in range(int(around.top() * 2), int(around.bottom() * 2))
            for x in range(int(around.left() * 2), int(around.right() * 2))
            if not QRectF(pixel).contains(x / 2, y / 2)
        ]
        crossed = [spot for spot in gap if _tinted(image, *spot)]
        assert not crossed, (scheme is None, crossed)
        assert _tinted(image, around.left() - 2, cell.top() - 1)  # the marker's outline, left of the ring
