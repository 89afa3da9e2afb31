"""The forty-ninth round of hostile testing, layout: the app's window at the sizes people's screens have (Xvfb at
1280×800, 1366×768, 1024×768 and 1920×1080, and at 150 % and 200 %), resized, maximised, its docks floated, docked
and closed, and started again, screenshots looked at; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import keyed, settled, shown, window_without_model
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QToolBar
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (a fixture)

from gui.main_window import MainWindow
from gui.teach import TeachDialog
from rowreader.checkpoint import pretrained_path


def _window_on(qtbot, tmp_path: Path, monkeypatch, free: QRect) -> MainWindow:
    """A window without a model, 1100 × 720 at the middle of a screen whose free area is ``free``."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    window.setGeometry(251, 167, 1100, 720)
    return shown(qtbot, window)


def _covers(dock_frame: QRect, *views) -> list[str]:
    """The names of those ``views`` (widgets) a dock's frame lies over."""
    return [
        type(view).__name__
        for view in views
        if view.isVisible() and dock_frame.intersects(QRect(view.mapToGlobal(view.rect().topLeft()), view.size()))
    ]


def _in_sight(window: MainWindow) -> list:
    """What a dock in a window of its own keeps off first: the drawing, the bars, the chart, the menus, the toolbars
    and the status bar."""
    toolbars = window.findChildren(QToolBar)
    return [window.canvas, window.bars, window.timeline, window.menuBar(), *toolbars, window.statusBar()]


def test_maps_floated_beside_the_window_keep_off_its_views_once_it_fills_the_screen(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """ "Inside the LSTM" floated by its button, placed by the app beside the window (above it, on a 1600×1000
    screen), stayed there when the window was maximised (or made to fill the screen): it lay over the drawing, the
    bars, What the model sees and the toolbars. A dock the app placed is placed again once the window has settled
    (moved, resized, maximised or laid out anew), clear of the views kept in sight where the screen has room; one the
    user moved stays."""
    window = _window_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1600, 1000))
    maps = window.heatmap_dock
    maps.setFloating(True)
    qtbot.waitUntil(lambda: maps.isFloating() and maps.isVisible())
    qtbot.waitUntil(lambda: not _covers(maps.frameGeometry(), *_in_sight(window)), timeout=3_000)  # room for it
    window.setGeometry(0, 0, 1584, 952)  # maximised, as openbox does it on this screen
    qtbot.waitUntil(lambda: not _covers(maps.frameGeometry(), *_in_sight(window)), timeout=3_000)


def test_maps_floated_where_the_screen_has_room_above_the_window_go_there_not_over_the_chart(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """On a 1920×1080 screen (and 1600×1000) the float button on "Inside the LSTM" put the maps over the chart's
    lower half, squeezed to 600 × 94 px, where the screen had room for them above the window: the place
    found there touched the window's frame by a few px (its title bar, under openbox), and any place touching the
    window sent the maps to the spot meant for want of room. That spot is for a place over the drawing, the bars,
    the chart, the menus, the toolbars or the status bar only; the maps now lie above the window, covering none."""
    window = _window_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1920, 1080))
    window.setGeometry(410, 180, 1100, 720)
    maps = window.heatmap_dock
    maps.setFloating(True)
    qtbot.waitUntil(lambda: maps.isFloating() and maps.isVisible())
    placed = settled(qtbot, maps.frameGeometry)
    assert not _covers(placed, *_in_sight(window))


def test_my_examples_floated_keeps_off_the_status_bar(qtbot, tmp_path: Path, monkeypatch) -> None:
    """My examples floated on a 1280×800 screen went under the window's left end, over the status bar, where the
    news is said ("Deleted the example of 7 …: Ctrl+Z brings it back"): the status bar was no view a dock in a
    window of its own keeps off. It is now, after the toolbars: My examples goes over the window's right side."""
    window = _window_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1280, 800))
    window.setGeometry(90, 40, 1100, 720)
    examples = window.teaching.dock
    examples.show()
    settled(qtbot, window.frameGeometry)
    examples.setFloating(True)
    qtbot.waitUntil(lambda: examples.isFloating() and examples.isVisible())
    assert not _covers(settled(qtbot, examples.frameGeometry), *_in_sight(window))


def test_maps_the_user_moved_stay_where_they_were_put_when_the_window_fills_the_screen(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The other half of the first test: "Inside the LSTM" dragged by the user to a place of their own (here over
    the chart's foot) stays there when the window is maximised; only a place the app chose follows the window."""
    window = _window_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1600, 1000))
    maps = window.heatmap_dock
    maps.setFloating(True)
    qtbot.waitUntil(lambda: maps.isFloating() and maps.isVisible())
    settled(qtbot, maps.frameGeometry)
    maps.move(700, 700)  # where the user let it go
    own = settled(qtbot, maps.frameGeometry)
    window.setGeometry(0, 0, 1584, 952)
    qtbot.wait(800)  # past the window's settling (300 ms) and a placing
    assert maps.frameGeometry() == own


def test_a_teachs_end_says_now_reading_with_the_taught_model_once(qtbot, tmp_path: Path, announced) -> None:  # noqa: F811
    """A teach that ended well was told a screen reader twice: the dialog's "Done: now reading with mine-….
    safetensors (Models menu to switch)." and, once the taught model was read, the status line's "Now reading with
    mine-….safetensors". The dialog says it; the load that follows shows it in the status bar without saying it
    again."""
    window = window_without_model(qtbot, tmp_path)
    taught = tmp_path / "mine-taught.safetensors"
    shutil.copyfile(pretrained_path(), taught)
    teaching = window.teaching
    teaching.dialog = TeachDialog(window)
    keyed(qtbot, teaching.dialog)
    announced.clear()
    teaching._taught(taught)
    qtbot.waitUntil(lambda: window.session.checkpoint is not None and not window.models.loading, timeout=10_000)
    qtbot.waitUntil(lambda: "Now reading with" in window.statusBar().currentMessage(), timeout=3_000)
    (said,) = [said for said in announced if "now reading with" in said.lower()]
    assert said.startswith("Done: now reading with mine-taught.safetensors"), announced
