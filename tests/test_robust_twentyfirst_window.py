"""The twenty-first round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to
fail on the code before its fix."""

from __future__ import annotations

import threading

import pytest
from gui_window import open_shipped_window, shown
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QListWidgetItem
from test_gui_reading import hover

from gui.actions import PAGE_ROWS
from gui.app import APPLICATION, ORGANIZATION, create_app
from gui.canvas import DEFAULT_BRUSH
from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.settings import MAX_SETTINGS_BYTES
from rowreader.atomic import drop_lock, take_lock
from rowreader.example_folder import ExamplesError
from rowreader.example_store import ExampleStore
from rowreader.model import ROWS
from rowreader.player import DEFAULT_SPEED


def settings_in(tmp_path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    # a test here keeps an example: a folder of its own, not the session's (conftest)
    shown = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    draw_digit(shown.canvas, "7")
    return shown


def test_twentyfirst_window_page_up_and_down_move_the_row(window: MainWindow) -> None:
    """PageUp and PageDown did nothing on any view, where ← → Home and End move the row looked at: they go 7 rows
    (the chart's grid) back and on, pausing, and stop at either end."""
    actions, session = window.actions_, window.session
    QTest.keyClick(window.timeline, Qt.Key.Key_Home)
    assert not actions.page_back.isEnabled() and actions.page_forward.isEnabled()
    for expected in (PAGE_ROWS, 2 * PAGE_ROWS, 3 * PAGE_ROWS, ROWS):
        QTest.keyClick(window.timeline, Qt.Key.Key_PageDown)
        assert session.position == expected
    assert not actions.page_forward.isEnabled()
    QTest.keyClick(window.heatmap, Qt.Key.Key_PageUp)
    assert session.position == ROWS - PAGE_ROWS and window.status.position_label.text().startswith("Paused")
    brush = actions.brush  # a number box with the keys steps by ten, as any spin box does: they are not taken
    brush.setFocus()
    QTest.keyClick(brush, Qt.Key.Key_PageUp)  # up from the default: down ends at the least width, a step or not
    assert brush.value() == DEFAULT_BRUSH + 10 * brush.singleStep() and session.position == ROWS - PAGE_ROWS


def test_twentyfirst_window_the_maps_say_a_row_is_not_read_yet(window: MainWindow) -> None:
    """Past the rows read the maps said nothing under the pointer, where the chart says "row 20: not read yet;
    click to read to it": the maps and the belief-change strip say it too, and a click there reads to it."""
    heatmap = window.heatmap
    window.heatmap_dock.show()
    window.session.player.seek(5)
    strip, hidden, _, _ = heatmap._layout()
    for rect in (hidden, strip):
        hover(heatmap, rect.center().x(), rect.top() + rect.height() * 19.5 / ROWS)
        assert heatmap.readout() == "row 20: not read yet; click to read to it"
        assert not heatmap.readout_rect().isEmpty()
    QTest.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=hidden.center().toPoint())
    assert window.session.position == 15


def test_twentyfirst_window_an_oversized_settings_file_is_not_read(
    qtbot, qapp, tmp_path, monkeypatch, request, capsys
) -> None:
    """A 49 MB settings file (a million garbage keys) took Qt 4 s and 630 MB to read before the window showed. A
    file over 1 MB is not read: the window starts clean, says so on stderr and in the status bar, and leaves the
    file as it was at the close."""
    names = qapp.organizationName(), qapp.applicationName()
    request.addfinalizer(lambda: (qapp.setOrganizationName(names[0]), qapp.setApplicationName(names[1])))
    qapp.setOrganizationName(ORGANIZATION)  # the app's names, as create_app sets them
    qapp.setApplicationName(APPLICATION)
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path))
    conf = tmp_path / ORGANIZATION / f"{APPLICATION}.conf"
    conf.parent.mkdir()
    head = b"[scan]\nrows_per_second=3\n[garbage]\n"
    conf.write_bytes(head + b"k=1\n" * ((MAX_SETTINGS_BYTES - len(head)) // 4 + 1))
    window = shown(qtbot, MainWindow(load_model=False, user_dir=tmp_path / "mine"))
    assert window.session.player.speed == DEFAULT_SPEED  # started clean: nothing of the file was read
    assert f"rowreader-gui: {conf} is 1 MB, too large for settings" in capsys.readouterr().err
    qtbot.waitUntil(lambda: "RowReader.conf is too large: not read" in window.statusBar().currentMessage())
    before = conf.read_bytes()
    window.actions_.speed.setValue(12)
    window.close()
    assert conf.read_bytes() == before and not list(tmp_path.glob("*.conf"))  # nothing written, here or beside it


def test_twentyfirst_window_an_import_refused_says_whose_import_is_running(qtbot, tmp_path, mnist_examples) -> None:
    """A second import while the first ran was refused "in this window or another RowReader window" where the
    window knew it was its own: it says this window's, and the library says which process's it is."""
    store = ExampleStore(tmp_path / "store")
    store.root.mkdir()
    with store._one_import(), pytest.raises(ExamplesError, match=r"is running \(in this program\)"):
        store.import_folder(mnist_examples)
    running = take_lock(store.root / ".import")  # as another process holds it
    with pytest.raises(ExamplesError, match=r"is running \(in another RowReader window or program\)"):
        store.import_folder(mnist_examples)
    drop_lock(store.root / ".import", running)
    window = shown(qtbot, MainWindow(settings=settings_in(tmp_path), load_model=False, user_dir=tmp_path / "mine"))
    running_here = threading.Event()  # the stop of an import of this window's, copying
    window.teaching.transfer_stops["import"].append(running_here)
    window.teaching.import_folder(mnist_examples)
    assert window.last_error is not None
    assert window.last_error[1].startswith(f"This window is importing into {window.teaching.store.root} already")
    qtbot.waitUntil(lambda: not window.tasks.busy)
    assert window.teaching.importing == 1 and not list(window.teaching.store.root.glob("*/*"))  # nothing copied
    window.teaching.transfer_stops["import"].remove(running_here)


def test_twentyfirst_window_my_examples_never_scrolls_sideways(qtbot, tmp_path) -> None:
    """At the window's least width My examples scrolled sideways, each thumbnail cut at its right (the rows 136 px,
    the dock's area 120): the area is as wide as the rows' least width, a count of 1,000 widening it too."""
    window = MainWindow(settings=settings_in(tmp_path), load_model=False, user_dir=tmp_path / "mine")
    window.teaching.dock.show()
    shown(qtbot, window, (100, 100))  # refused: the least size
    panel = window.teaching.panel

    def fits() -> bool:
        rows = max(panel.view.width(), panel.view.minimumSizeHint().width())
        return 0 < rows <= panel.scroll.viewport().width()

    qtbot.waitUntil(fits)
    assert not panel.scroll.horizontalScrollBar().isVisible()
    strip = panel.view.rows[0][1]
    for _ in range(1000):
        strip.addItem(QListWidgetItem())
    panel.view.show_counts()  # "0 · 1,000": the label widens
    window.resize(100, 100)
    qtbot.waitUntil(fits)
    assert not panel.scroll.horizontalScrollBar().isVisible()


def test_twentyfirst_window_pen_movements_are_not_merged(qapp, request) -> None:
    """A zig-zag drawn at 1,400 points a second in a busy window kept 1 or 2 of its 360 points (Qt merges the pen
    movements queued into the last one), its corners cut straight across; 7 to 25 without the merging (the X
    server merges some of the rest itself). The app takes every movement Qt has. (Offscreen only: on X11 Qt turned the
    merging on again as it started, until the sixty-third round, tests/test_robust_sixty_third_live5.py.)"""
    names = qapp.organizationName(), qapp.applicationName(), qapp.applicationDisplayName(), qapp.desktopFileName()
    request.addfinalizer(
        lambda: (
            qapp.setOrganizationName(names[0]),
            qapp.setApplicationName(names[1]),
            qapp.setApplicationDisplayName(names[2]),
            qapp.setDesktopFileName(names[3]),
        )
    )
    create_app()
    assert not QApplication.testAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents)
    assert not QApplication.testAttribute(Qt.ApplicationAttribute.AA_CompressTabletEvents)


def test_twentyfirst_window_ctrl_z_while_a_keep_is_written_takes_the_keep_back(window: MainWindow, qtbot) -> None:
    """Ctrl+Z pressed while a keep was still being written (its undo step not pushed yet) undid the drawing's last
    stroke; the keep, landing after, dropped that stroke's Redo for good, and stayed kept. The keep is taken back
    once written, and the drawing stays whole."""
    strokes = window.canvas.content.strokes
    window.teaching.keep(6)
    window.actions_.undo.trigger()  # before the write comes back
    window.actions_.undo.trigger()  # a second press waits for it too
    assert window.canvas.content.strokes == strokes
    qtbot.waitUntil(lambda: not window.teaching.keeping and not window.tasks.busy)
    assert window.canvas.content.strokes == strokes
    assert not list(window.teaching.store.root.glob("6/*.png"))
    window.actions_.redo.trigger()  # keeps it again
    assert len(list(window.teaching.store.root.glob("6/*.png"))) == 1
