"""The forty-fifth round of hostile testing, dock: "Inside the LSTM" asked for (Ctrl+L) on a screen too short for it
under the views, measured in a real window (Xvfb, openbox, xdotool; 200 % and 150 % on 1600×1000 and 1366×768
screens) and here offscreen; each test checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import settled, shown, until
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow
from gui.window_room import FLOATED_FOR_ROOM, HIDDEN_FOR_ROOM

WIDE_ENOUGH = {
    "1600x1000@2": QRect(0, 0, 800, 500),  # 306 px beside the views at their least, for maps of 300
    "1366x768@1.5": QRect(0, 0, 910, 512),
}
SMALL_200 = QRect(0, 0, 683, 384)  # 1366×768 at 200 %: no room beside either


def window_on_screen(qtbot, tmp_path: Path, monkeypatch, screen: QRect) -> MainWindow:
    """The window, no model, on ``screen`` (its free area, logical px), the maps waiting hidden for want of room."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: screen)
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=saved, load_model=False, user_dir=tmp_path / "mine"))
    assert window.heatmap_dock.isHidden()
    qtbot.waitUntil(lambda: window.status._said[0] == HIDDEN_FOR_ROOM)  # said after the start
    return window


def on_screen(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


@pytest.mark.parametrize("screen", WIDE_ENOUGH.values(), ids=WIDE_ENOUGH.keys())
def test_ctrl_l_docks_the_maps_beside_the_views_where_the_width_allows(qtbot, tmp_path, monkeypatch, screen) -> None:
    """At 200 % on a 1600×1000 screen (and 150 % on 1366×768) Ctrl+L floated the maps in a window of their own over
    77 % of the belief chart, where 306 px (895) were free right of the views for maps of 300 at their least. They
    dock right of the views there, covering nothing, the window on the screen, each view at least its least size."""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, screen)
    maps = window.heatmap_dock
    window.actions_.show_state.trigger()  # Ctrl+L
    settled(qtbot, lambda: (window.geometry(), on_screen(maps)))
    assert maps.isVisible() and not maps.isFloating()
    assert window.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.statusBar().currentMessage() == ""  # neither hidden nor lying over the views
    assert screen.contains(window.frameGeometry()), window.frameGeometry()
    assert screen.contains(on_screen(window.statusBar()))
    for view in (window.canvas, window.input_view, window.bars, window.timeline):
        assert not on_screen(maps).intersects(on_screen(view)), view.accessibleName()
        assert view.width() >= view.minimumSizeHint().width() and view.height() >= view.minimumSizeHint().height()
    assert window.heatmap.width() >= window.heatmap.minimumSizeHint().width()
    assert window.views_area.horizontalScrollBar().isVisible() is False  # the views not squeezed into a sideways scroll


def test_where_nothing_fits_beside_the_maps_still_float_right_of_the_drawing(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1366×768 screen neither under nor beside the views has room (778 px for 667): the maps float,
    right of the drawing, as before. (Of this round's own first try: the window grown by the trial at the right
    was measured, and the maps lay over the drawing's right 40 %.)"""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, SMALL_200)
    maps = window.heatmap_dock
    window.actions_.show_state.trigger()
    settled(qtbot, maps.frameGeometry)
    assert maps.isFloating() and window.status._said[0] == FLOATED_FOR_ROOM
    assert SMALL_200.contains(window.frameGeometry())
    assert maps.frameGeometry().left() > on_screen(window.canvas).right(), maps.frameGeometry()


def test_the_maps_docked_beside_for_room_are_back_under_the_views_where_there_is_room(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Docked right of the views for want of room, the maps are back under them at the next start on a screen with
    room (left right of the views, Qt's saved layout would keep them there for good); hidden and shown again by
    Ctrl+L there, they come back beside. At the next start on the short screen they are beside again, as shown at
    quit (the forty-sixth round: they waited hidden there, the user's Ctrl+L forgotten at each start)."""
    screen = WIDE_ENOUGH["1600x1000@2"]
    window = window_on_screen(qtbot, tmp_path, monkeypatch, screen)
    maps, ctrl_l = window.heatmap_dock, window.actions_.show_state
    ctrl_l.trigger()
    ctrl_l.trigger()
    assert maps.isHidden()
    ctrl_l.trigger()
    assert maps.isVisible() and window.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    window.save_settings()
    again = shown(qtbot, MainWindow(settings=window.settings, load_model=False, user_dir=tmp_path / "mine"))
    assert again.heatmap_dock.isVisible() and not again.heatmap_dock.isFloating()  # as shown at quit
    assert again.dockWidgetArea(again.heatmap_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    again.save_settings()
    window.save_settings()
    monkeypatch.undo()
    roomy = shown(qtbot, MainWindow(settings=window.settings, load_model=False, user_dir=tmp_path / "mine"))
    assert roomy.heatmap_dock.isVisible() and not roomy.heatmap_dock.isFloating()
    assert roomy.dockWidgetArea(roomy.heatmap_dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_my_examples_shown_beside_the_docked_maps_float_them_rather_than_stack_the_views(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Of this round's own fix: at 200 % on a 1600×1000 screen, the maps docked beside the views for room, My
    examples shown (Teach ▸ My examples) docked beside them too, and the views, 289 px wide, went one above the other
    and scrolled 463 px: the bars and the chart out of sight. The maps then float, as Ctrl+L floats them where
    nothing fits beside: the views stay side by side, the maps clear of the drawing and of My examples."""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, WIDE_ENOUGH["1600x1000@2"])
    maps, examples = window.heatmap_dock, window.teaching.dock
    window.actions_.show_state.trigger()
    assert window.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    examples.show()
    settled(qtbot, lambda: (window.geometry(), maps.frameGeometry(), examples.geometry()))
    assert not window.views_area.widget().stacked
    assert maps.isVisible() and maps.isFloating() and window.status._said[0] == FLOATED_FOR_ROOM
    assert maps.frameGeometry().left() > on_screen(window.canvas).right(), maps.frameGeometry()
    assert not maps.frameGeometry().intersects(on_screen(examples)), maps.frameGeometry()


def test_the_maps_floated_from_beside_the_views_come_back_under_them(qtbot, tmp_path, monkeypatch) -> None:
    """Of this round's own fix: the maps floated for room after being docked beside the views (My examples shown
    beside them), the next start docked them where they had last been docked, right of the views: on a screen with
    room too, for good, and on the short screen shown at start. They come back under the views, as maps floated for
    room always did."""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, WIDE_ENOUGH["1600x1000@2"])
    window.actions_.show_state.trigger()
    window.teaching.dock.show()
    qtbot.waitUntil(window.heatmap_dock.isFloating)
    window.save_settings()
    short = shown(qtbot, MainWindow(settings=window.settings, load_model=False, user_dir=tmp_path / "mine"))
    assert short.heatmap_dock.isHidden() and not short.heatmap_dock.isFloating()
    monkeypatch.undo()
    roomy = shown(qtbot, MainWindow(settings=window.settings, load_model=False, user_dir=tmp_path / "mine"))
    assert roomy.heatmap_dock.isVisible() and not roomy.heatmap_dock.isFloating()
    assert roomy.dockWidgetArea(roomy.heatmap_dock) == Qt.DockWidgetArea.BottomDockWidgetArea


def test_the_maps_floated_for_my_examples_dock_beside_again_once_it_is_closed(qtbot, tmp_path, monkeypatch) -> None:
    """Of this round's own fix: the maps floated over the chart as My examples took the room beside the views (the
    test above); My examples closed, the room was back, and the maps went on lying over 77 % of the chart, Ctrl+L
    twice showing them there again. They dock beside the views again as it closes, the status line's news taken
    back; where there is no room beside even then (200 % on a 1366×768 screen), they stay where they float."""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, WIDE_ENOUGH["1600x1000@2"])
    maps, examples = window.heatmap_dock, window.teaching.dock
    window.actions_.show_state.trigger()
    examples.show()
    qtbot.waitUntil(maps.isFloating)
    examples.hide()  # its title bar's close button
    qtbot.waitUntil(lambda: not maps.isFloating())
    settled(qtbot, lambda: (window.geometry(), on_screen(maps)))
    assert maps.isVisible() and window.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.statusBar().currentMessage() != FLOATED_FOR_ROOM and not window.views_area.widget().stacked
    assert WIDE_ENOUGH["1600x1000@2"].contains(window.frameGeometry())


def at_rest(qtbot, window: MainWindow) -> QRect:
    """The maps' frame once the window's room has nothing left to do: its timers idle (the window's new layout
    places the docks the app floated again after ``MOVED_SETTLE_MS``, 300 ms), then the frame still."""
    room, maps = window.room, window.heatmap_dock
    timers = (room._fit_timer, room._changed_timer, room._moved_timer, room._screen_timer)
    now = lambda: (maps.frameGeometry(), any(timer.isActive() for timer in timers))  # noqa: E731
    until(qtbot, lambda: not settled(qtbot, now)[1], seconds=20)  # a layout asked for starts a timer a poll on
    return maps.frameGeometry()


def test_my_examples_closed_leaves_maps_floated_for_want_of_any_room_where_they_are(
    qtbot, tmp_path, monkeypatch
) -> None:
    """At 200 % on a 1366×768 screen nothing fits beside the views, My examples or not: closing My examples leaves
    the maps floating, never docked on trial and floated anew (this round's first try: the maps' least read as −1 px
    fitted them beside, the trial failed, and they floated again), placed where maps floated with My examples closed
    go. (The test read their place once 5 polls of 10 ms agreed and pinned it, x 170; the window's new layout places
    the maps the app floated again 300 ms on (16cd89c5), x 296, read so under load.)"""
    window = window_on_screen(qtbot, tmp_path, monkeypatch, SMALL_200)
    maps, examples = window.heatmap_dock, window.teaching.dock
    examples.show()
    window.actions_.show_state.trigger()
    at_rest(qtbot, window)
    assert maps.isFloating()
    docked_or_floated: list[bool] = []
    maps.topLevelChanged.connect(docked_or_floated.append)
    examples.hide()
    placed = at_rest(qtbot, window)
    assert maps.isFloating() and maps.isVisible() and docked_or_floated == []
    alone = window_on_screen(qtbot, tmp_path / "alone", monkeypatch, SMALL_200)  # My examples never shown
    alone.actions_.show_state.trigger()
    assert alone.heatmap_dock.isFloating() and at_rest(qtbot, alone) == placed


@pytest.mark.parametrize("screen", [WIDE_ENOUGH["1600x1000@2"], SMALL_200], ids=["beside", "floating"])
def test_ctrl_l_before_the_start_note_leaves_no_word_that_the_maps_are_hidden(
    qtbot, tmp_path, monkeypatch, screen
) -> None:
    """Ctrl+L pressed before the start's "No room for Inside the LSTM on this screen; Ctrl+L shows it" was said (it
    waits for the model's own message: 4 s after the start, in a real window at 200 % on 1600×1000), the maps shown
    beside the views, or floating: the note was said all the same, for 15 s, under the maps it said were hidden. It
    is taken back as it is said where the maps show."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: screen)
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=saved, load_model=False, user_dir=tmp_path / "mine"))
    assert window.status._said[0] != HIDDEN_FOR_ROOM  # not said yet
    window.actions_.show_state.trigger()  # Ctrl+L
    assert window.heatmap_dock.isVisible()
    qtbot.waitUntil(lambda: window.status._said[0] == HIDDEN_FOR_ROOM)
    qtbot.wait(20)
    assert window.statusBar().currentMessage() == "", window.statusBar().currentMessage()
