"""The forty-sixth round of hostile testing, dock2: "Inside the LSTM" (Ctrl+L) and the drawing's room on real screens,
measured in a real window (Xvfb, openbox, xdotool; 200 % and 150 % on 1600×1000, 1366×768 and 1920×1080 screens,
every screenshot looked at) and here offscreen; each test checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import settled, shown
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow
from gui.window_room import HIDDEN_FOR_ROOM

SHORT_200 = QRect(0, 0, 800, 500)  # 1600×1000 at 200 %: no room under the views, room beside them


def _on_screen(widget) -> QRect:
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())


def _start(qtbot, settings: QSettings, tmp_path: Path) -> MainWindow:
    return shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))


def test_maps_shown_beside_the_views_at_quit_are_shown_there_at_the_next_start(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1600×1000 screen the maps, shown by Ctrl+L beside the views and left so at quit, were hidden
    again at the next start ("No room for Inside the LSTM on this screen; Ctrl+L shows it"): the user's Ctrl+L was
    forgotten at every start, where they fit beside as before. They come back beside, unsaid, covering nothing; a
    first start there, never asked for them, still waits hidden (the forty-fifth round's test)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: SHORT_200)
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = _start(qtbot, saved, tmp_path)
    assert window.heatmap_dock.isHidden()
    window.actions_.show_state.trigger()  # Ctrl+L: beside the views
    assert window.dockWidgetArea(window.heatmap_dock) == Qt.DockWidgetArea.RightDockWidgetArea
    window.save_settings()
    again = _start(qtbot, saved, tmp_path)
    maps = again.heatmap_dock
    settled(qtbot, lambda: (again.geometry(), _on_screen(maps)))
    assert maps.isVisible() and not maps.isFloating() and again.actions_.show_state.isChecked()
    assert again.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    assert SHORT_200.contains(again.frameGeometry()), again.frameGeometry()
    for view in (again.canvas, again.input_view, again.bars, again.timeline):
        assert not _on_screen(maps).intersects(_on_screen(view)), view.accessibleName()
    qtbot.wait(50)
    assert HIDDEN_FOR_ROOM not in again.status._said and again.statusBar().currentMessage() == ""


def test_maps_floated_for_room_at_quit_dock_beside_at_the_next_start_where_that_fits(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Floated over the chart at 200 % on a 1366×768 screen (no room beside the views there) and left shown at quit,
    the maps waited hidden at the next start at 200 % on 1600×1000, where they fit beside the views. They dock
    there, shown as they were left; back on the small screen they wait hidden again (floating, unasked, they would
    lie over the chart)."""
    small = QRect(0, 0, 683, 384)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: small)
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = _start(qtbot, saved, tmp_path)
    window.actions_.show_state.trigger()
    assert window.heatmap_dock.isFloating()
    window.save_settings()
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: SHORT_200)
    wide = _start(qtbot, saved, tmp_path)
    maps = wide.heatmap_dock
    assert maps.isVisible() and not maps.isFloating()
    assert wide.dockWidgetArea(maps) == Qt.DockWidgetArea.RightDockWidgetArea
    settled(qtbot, wide.geometry)
    assert SHORT_200.contains(wide.frameGeometry()), wide.frameGeometry()
    window.save_settings()  # floating again, as left on the small screen
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: small)
    again = _start(qtbot, saved, tmp_path)
    assert again.heatmap_dock.isHidden() and not again.heatmap_dock.isFloating()


def test_the_hidden_maps_title_says_a_whole_word_at_the_maps_least_width(qtbot) -> None:
    """At the maps' least width (300 px: docked beside the views at 200 % on 1600×1000, or floating) the hidden state
    map's title was cut to "hidden sta…", where the cell map's beside it gives way whole ("cell"). Its longest form
    that fits is written ("hidden state h", "hidden state", "hidden"), cut only past the last, as the cell map's; a
    wide panel still says it all."""
    from PySide6.QtGui import QFont, QFontMetrics

    from gui.state_heatmap import HIDDEN_TITLES, StateHeatmap
    from rowreader.checkpoint import load_pretrained
    from rowreader.session import DigitSession

    heatmap = shown(qtbot, StateHeatmap(DigitSession(load_pretrained())), StateHeatmap.MINIMUM_SIZE)
    bold = QFont(heatmap.font())
    bold.setBold(True)
    _, (where, title), _ = heatmap.titles()
    assert "…" not in title and title in HIDDEN_TITLES, title
    assert QFontMetrics(bold).horizontalAdvance(title) <= where.width(), (title, where)
    heatmap.resize(900, heatmap.height())
    assert heatmap.titles()[1][1] == HIDDEN_TITLES[0]
