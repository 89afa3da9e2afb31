"""The fiftieth round of hostile testing, docks2: the window's docks as window5 (this round) saw and left them, a
panel's menu item chosen where the panel is the tab behind the other, and the window's settings written at 100 %
and read at 200 %; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import settled, shown, until, window_without_model
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QTabBar

from gui.main_window import MainWindow
from gui.screen_room import FRAME_ROOM, over_views_in_sight
from gui.window_room import FLOATED_FOR_ROOM, FLOATING_RATIO_KEY, HIDDEN_FOR_ROOM


def _front_tab(window) -> list[str]:
    """The names on the front tab of each tab group of the window's docks."""
    return [bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.count()]


@pytest.mark.parametrize("behind", ["My examples", "Inside the LSTM"])
def test_a_panels_command_brings_the_tab_behind_to_the_front(qtbot, tmp_path, behind):
    """Teach ▸ My examples chosen while My examples was the tab behind "Inside the LSTM" hid it (it counted as shown,
    and the command hides what is shown): nothing changed in sight, and a second choice brought it forward; Ctrl+L on
    the maps behind My examples the same. A panel out of sight behind a tab is brought to the front by its command,
    not hidden."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 720))
    examples, maps = window.teaching.dock, window.heatmap_dock
    examples.show()
    window.tabifyDockWidget(maps, examples)
    dock, other = (examples, maps) if behind == "My examples" else (maps, examples)
    other.raise_()
    qtbot.waitUntil(lambda: _front_tab(window) == [other.windowTitle()])
    dock.toggleViewAction().trigger()
    assert settled(qtbot, lambda: tuple(_front_tab(window)), polls=10) == (behind,)
    assert not dock.isHidden() and dock.toggleViewAction().isChecked()
    assert not dock.visibleRegion().isEmpty()
    dock.toggleViewAction().trigger()  # in front now: the command hides it, as before
    qtbot.waitUntil(dock.isHidden)


def left_at_100(qtbot, tmp_path, monkeypatch, floating: bool, examples_at_bottom: bool = False) -> QSettings:
    """The settings of a window closed on a 1600×1000 screen at 100 %, "Inside the LSTM" left floating under it (or
    docked under the views), My examples shown docked at the bottom; the screen then made 800×500 logical px, as 200 %
    makes 1600×1000, and the places saved marked as another scale's (the test's own is 1)."""
    free = QRect(0, 0, 1600, 1000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine")
    window.setGeometry(100, 60, 1100, 720)
    shown(qtbot, window)
    maps = window.heatmap_dock
    if floating:
        maps.setFloating(True)
        until(qtbot, lambda: maps.isFloating() and maps.isVisible())
        maps.setGeometry(100, 800, 1100, 170)  # under the window, as the user left it
    if examples_at_bottom:
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, window.teaching.dock)
        window.teaching.dock.show()
        until(qtbot, window.teaching.dock.isVisible)
    window.room.save()
    window.close()
    settings.setValue(FLOATING_RATIO_KEY, 0.5)  # written at another scale than the one it is read at
    settings.sync()
    free.setRect(0, 0, 800, 500)
    return settings


def test_maps_left_floating_at_100_come_back_at_200_hidden_for_room_and_said(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1600×1000 screen, maps left floating at 100 % came back over the whole belief chart without a
    word, where maps left docked are hidden for want of room and said to be. The maps restored floating that find no
    place clear of the drawing, the bars and the chart wait hidden for room, said, as docked ones do; Ctrl+L shows
    them."""
    settings = left_at_100(qtbot, tmp_path, monkeypatch, floating=True)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    maps = window.heatmap_dock
    settled(qtbot, lambda: (maps.isVisible(), maps.frameGeometry().getRect()), polls=10)
    covered = maps.isVisible() and over_views_in_sight(maps, window)
    said = window.statusBar().currentMessage()
    assert not covered, f"the maps at {maps.frameGeometry()} lie over the views in sight; said: {said!r}"
    assert maps.isHidden() and said == HIDDEN_FOR_ROOM
    window.room.save()  # quit so: at 100 % again they are back floating, shown
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    qtbot.waitUntil(lambda: again.heatmap_dock.isFloating() and again.heatmap_dock.isVisible())
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 800, 500))
    window.actions_.show_state.trigger()  # Ctrl+L: over the chart, as asked, and said to be
    qtbot.waitUntil(lambda: maps.isVisible() and window.statusBar().currentMessage() == FLOATED_FOR_ROOM)
    canvas = window.canvas
    placed = settled(qtbot, lambda: maps.frameGeometry().getRect())
    assert not QRect(*placed).intersects(QRect(canvas.mapToGlobal(QPoint()), canvas.size())), "over the drawing"


def test_my_examples_docked_at_the_bottom_at_100_leave_the_chart_in_sight_at_200(qtbot, tmp_path, monkeypatch):
    """At 200 % on a 1600×1000 screen My examples, docked at the bottom at 100 %, took the height the chart needed:
    the views scrolled, 31 of the chart's 150 px in sight. Docked at the bottom where the window with it there is too
    tall for the screen, it docks right of the views, where it docks at first; back at the bottom at the next start
    on a screen with room."""
    settings = left_at_100(qtbot, tmp_path, monkeypatch, floating=False, examples_at_bottom=True)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    examples, chart = window.teaching.dock, window.timeline
    settled(qtbot, lambda: (window.size().toTuple(), chart.visibleRegion().boundingRect().getRect()), polls=10)
    seen = chart.visibleRegion().boundingRect()
    assert examples.isVisible() and window.height() <= 500 - FRAME_ROOM.height(), window.size()
    assert seen.height() == chart.height(), f"{seen.height()} of the chart's {chart.height()} px in sight"
    window.room.save()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))  # 100 % again
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    assert again.dockWidgetArea(again.teaching.dock) == Qt.DockWidgetArea.BottomDockWidgetArea
