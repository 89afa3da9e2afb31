"""The forty-seventh round of hostile testing, uileft: the window's leftovers the forty-sixth round's dock2, keys2,
polish2 and window3 saw and left (a dock's toggles at 150 %, the floating maps' place shown again and at the next
start, Tab before anything is read, the pixel cursor's ring on the row marker), each tried in a real window (Xvfb,
openbox, xdotool, at 150 % and 200 % on 1600×1000, light and dark, screenshots looked at) and measured here offscreen;
each test checked to fail on the code before its fix."""

from __future__ import annotations

from gui_window import open_shipped_window, settled, shown
from PySide6.QtCore import QRect, QRectF, QSettings, Qt
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.model import ROWS


def floated_over_the_chart(qtbot, window: MainWindow) -> QRect:
    """The maps docked beside the views, floated by their button (placed over the chart, as for want of room), and
    where they then lie."""
    dock = window.heatmap_dock
    window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Horizontal)
    dock.show()
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.isFloating())
    QTest.mouseClick(dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(dock.isFloating)
    return settled(qtbot, dock.frameGeometry)


def test_the_maps_floated_then_hidden_come_back_where_they_were_left(qtbot, tmp_path) -> None:
    """The maps floated by their button (over the chart), hidden by Ctrl+L and shown again by Ctrl+L came back where
    the dialog rule puts a window: at 200 % on 1600×1000 at the window's top right, over the toolbar's end and the
    title bar (726,588 842×328 before, 996,38 604×230 after). Shown again they lie where the user last saw them."""
    window = open_shipped_window(qtbot, tmp_path, size=(780, 700))  # the screen is 800 px wide
    left = floated_over_the_chart(qtbot, window)
    dock, ctrl_l = window.heatmap_dock, window.actions_.show_state
    for _ in range(3):
        ctrl_l.trigger()
        qtbot.waitUntil(dock.isHidden)
        ctrl_l.trigger()
        qtbot.waitUntil(dock.isVisible)
        assert dock.isFloating() and settled(qtbot, dock.frameGeometry) == left


def test_the_maps_left_floating_at_quit_come_back_there_at_the_next_start(qtbot, tmp_path) -> None:
    """The maps left floating at the last close came back at the next start where the dialog rule puts a window (at
    the window's top right at 200 %, over the toolbar), not where they were left. At the scale they were left at, they
    come back there (kept on the screen); at another, where that rule puts them, as before."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"), (780, 700))
    left = floated_over_the_chart(qtbot, window)
    window.save_settings()
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    dock = again.heatmap_dock
    qtbot.waitUntil(dock.isVisible)
    assert dock.isFloating() and settled(qtbot, dock.frameGeometry) == left


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


def test_a_view_emptied_with_the_keys_is_passed_by_tab_once_they_leave_it(qtbot, tmp_path) -> None:
    """Views with nothing to read are passed by Tab (decided by the keys2 round, kept: no key does anything there,
    and the status line says "Nothing to read"). One emptied while it had the keys (Clear, Esc or Delete, from What
    the model sees or the chart) kept them, as it should, but stayed a Tab stop for good: Tab ran canvas → What the
    model sees → canvas → …, the empty view reached and the other three passed. Once the keys leave it, it is
    passed as the others are."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    draw_digit(window.canvas, "7")
    qtbot.waitUntil(lambda: window.session.image is not None)
    views = (window.input_view, window.bars, window.timeline, window.heatmap)
    for view in (window.input_view, window.timeline):
        view.setFocus(Qt.FocusReason.TabFocusReason)
        qtbot.waitUntil(view.hasFocus)
        window.actions_.clear.trigger()  # Esc or Delete
        qtbot.waitUntil(lambda: window.session.image is None)
        assert view.hasFocus()  # emptied with the keys, it keeps them
        reached = []
        for _ in range(4):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            reached.append(QApplication.focusWidget())
        assert not set(reached) & set(views), [widget.accessibleName() for widget in reached]
        window.actions_.undo.trigger()
        qtbot.waitUntil(lambda: window.session.image is not None)
