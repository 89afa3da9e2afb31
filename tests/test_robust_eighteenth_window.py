"""The eighteenth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

from gui_window import settled, shown, window_without_model
from PySide6.QtCore import QPoint, QRect, QSettings, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest

from gui.main_window import MainWindow


def _on_views(window: MainWindow, widget) -> QRect:
    views = window.views_area.widget()
    return QRect(widget.mapTo(views, widget.rect().topLeft()), widget.size())


def test_eighteenth_window_the_chart_goes_under_the_drawing_where_it_left_room_empty(qtbot, tmp_path) -> None:
    """With My examples docked beside the views and "Inside the LSTM" hidden, at 100 % on a 1600×1000 screen, the
    drawing (a square as wide as its column) left 300 px empty under it, and the chart was 320 px wide beside it.
    The chart goes under both columns there, as wide as the views, and the page keeps its size; with the maps
    shown and no dock, the chart stays under the bars, as before."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    canvas, chart, views = window.canvas, window.timeline, window.views_area.widget()
    page = settled(qtbot, lambda: _on_views(window, canvas))
    assert _on_views(window, chart).left() > page.right()  # beside the drawing, under the bars
    window.heatmap_dock.hide()
    window.teaching.dock.show()
    settled(qtbot, lambda: (_on_views(window, canvas), _on_views(window, chart)))
    page, below = _on_views(window, canvas), _on_views(window, chart)
    assert below.top() > page.bottom() and below.left() <= page.left() and below.width() > views.width() * 0.8
    assert below.height() >= 150 and views.height() - below.bottom() < 20  # the chart in the room, nothing left
    side = canvas.document_rect().toAlignedRect()
    assert side.width() >= page.width() - 4  # the page as wide as its column
    window.teaching.dock.hide()
    window.heatmap_dock.show()
    settled(qtbot, lambda: (_on_views(window, canvas), _on_views(window, chart)))
    assert _on_views(window, chart).left() > _on_views(window, canvas).right()


def test_eighteenth_window_a_dock_floated_by_a_double_click_on_its_title_stands_clear_of_the_views(
    qtbot, tmp_path, monkeypatch
) -> None:
    """ "Inside the LSTM" floated by a double-click on its title (as openbox and Qt allow) stayed where it had been
    docked, over the bottom of the drawing and the chart's lower half once the views took the room it left; its
    float button put it beside the window. Both do."""
    free = QRect(0, 0, 2400, 1300)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    window.move(100, 100)
    dock = window.heatmap_dock
    settled(qtbot, lambda: dock.geometry())
    QTest.mouseDClick(dock, Qt.MouseButton.LeftButton, pos=QPoint(20, 5))
    assert dock.isFloating()
    QTest.mouseRelease(window.statusBar(), Qt.MouseButton.LeftButton)  # let go where the dock no longer is

    def covered() -> list[QRect]:
        views = [QRect(view.mapToGlobal(QPoint(0, 0)), view.size()) for view in (window.canvas, window.timeline)]
        return [view for view in views if dock.frameGeometry().intersects(view)]

    settled(qtbot, lambda: (window.timeline.mapToGlobal(QPoint(0, 0)), window.timeline.size(), dock.geometry()))
    assert not covered(), (dock.frameGeometry(), covered())


def test_eighteenth_window_the_bars_values_are_in_view_at_200_percent_on_a_small_screen(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1024×700 screen (512 × 350 logical px) the views' least width (the drawing's 160 px, what the
    model sees at 112 px, the bars' 180) was 24 px wider than the window's room: the bars' percentages lay right of
    the view's edge, a scroll away. What the model sees gives way first; the bars are whole in view."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 512, 350))
    window = window_without_model(qtbot, tmp_path)
    room = QSize(512, 350) - QSize(16, 48)
    qtbot.waitUntil(lambda: window.width() <= room.width() and window.height() <= room.height())
    viewport = window.views_area.viewport()
    bars = settled(qtbot, lambda: QRect(window.bars.mapTo(viewport, QPoint(0, 0)), window.bars.size()))
    assert bars.right() <= viewport.rect().right(), (bars, viewport.rect())
    assert window.views_area.horizontalScrollBar().maximum() == 0


def test_eighteenth_window_the_maps_shown_again_in_their_own_window_stand_clear_of_the_drawing(
    qtbot, tmp_path, monkeypatch
) -> None:
    """ "Inside the LSTM" in a window of its own, hidden and shown again by Ctrl+L, came back where it was: saved at
    100 % and shown at 200 % on a 1600×1000 screen, over the drawing's upper half and what the model sees. It is
    placed as My examples shown again is."""
    free = QRect(0, 0, 2400, 1300)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    window.move(100, 100)
    dock = window.heatmap_dock
    dock.setFloating(True)
    settled(qtbot, lambda: dock.geometry())
    window.actions_.show_state.trigger()  # Ctrl+L: hidden
    assert dock.isHidden()
    page = QRect(window.canvas.mapToGlobal(QPoint(0, 0)), window.canvas.size())
    dock.setGeometry(QRect(page.center(), dock.size()))  # where a place saved at another scale puts it
    window.actions_.show_state.trigger()  # Ctrl+L: shown again
    assert dock.isVisible() and dock.isFloating()
    settled(qtbot, lambda: dock.geometry())
    assert not dock.frameGeometry().intersects(page), (dock.frameGeometry(), page)


def test_eighteenth_window_esc_in_the_middle_of_a_first_stroke_leaves_nothing_read(qtbot, tmp_path) -> None:
    """Esc pressed while the first stroke on an empty page was being drawn (the button still held) cleared the page,
    but the model went on reading the stroke's first half: "Draw a digit" on the page beside a 1 at 99.5 %. The
    page and what the model reads agree: nothing, and nothing is left to undo."""
    from gui.demo import draw_digit
    from rowreader.checkpoint import pretrained_path

    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(checkpoint=pretrained_path(), settings=settings, user_dir=tmp_path / "mine"))
    qtbot.waitUntil(lambda: not window.tasks.busy and window.session.checkpoint is not None, timeout=20_000)
    canvas = window.canvas
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, pos=QPoint(60, 60))
    for step in range(1, 12):
        QTest.mouseMove(canvas, QPoint(60 + 15 * step, 60 + 12 * step))
    qtbot.waitUntil(lambda: window.session.image is not None, timeout=5_000)  # the model reads it as it is drawn
    QTest.keyClick(canvas, Qt.Key.Key_Escape)
    assert canvas.is_empty() and not canvas.is_drawing
    qtbot.waitUntil(lambda: window.session.image is None, timeout=5_000)
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, pos=QPoint(240, 200))
    assert canvas.is_empty() and window.session.image is None and not canvas.undo_stack.canUndo()
    draw_digit(canvas, "7")  # and the next stroke is read as ever
    qtbot.waitUntil(lambda: window.session.image is not None, timeout=5_000)


def test_eighteenth_window_a_stop_signal_keeps_the_docks_in_their_own_windows(qtbot, qapp, tmp_path) -> None:
    """`kill` (SIGTERM), a logout or Ctrl-C closed every window in turn, the docks in windows of their own first: each
    closed (hidden) before the main window saved its layout, so "Inside the LSTM", floated and shown, was hidden at
    the next start (Ctrl+Q kept it). The main window closes first, saving the layout as it is."""
    from gui.app import StopSignals

    window = window_without_model(qtbot, tmp_path, size=(1100, 740))
    dock = window.heatmap_dock
    dock.setFloating(True)
    settled(qtbot, lambda: dock.geometry())
    assert dock.isVisible()
    stop = StopSignals(qapp)
    try:
        stop._close()  # what a stop signal does, from the event loop
    finally:
        stop.uninstall()
    assert not window.isVisible()
    again = window_without_model(qtbot, tmp_path, size=(1100, 740))
    qtbot.waitUntil(lambda: again.heatmap_dock.isVisible(), timeout=5_000)
    assert again.heatmap_dock.isFloating()
