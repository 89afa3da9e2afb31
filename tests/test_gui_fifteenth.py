"""The window's defects found in the fifteenth round of hostile testing (pytest-qt, offscreen): one test each,
each checked to fail on the code before its fix."""

from __future__ import annotations

import os
import re

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path
from types import SimpleNamespace

import pytest
from gui_window import open_shipped_window, settled, shown
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QByteArray, QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton
from test_together_window import large_system_font  # noqa: F401 (a fixture)

from gui.about import model_lines
from gui.main_window import MainWindow
from gui.model_names import model_name
from gui.numbers import grouped_numbers
from gui.screen_room import place_floating, screen_room
from gui.window_room import FIRST_SIZE
from rowreader import load_checkpoint
from rowreader.checkpoint import pretrained_path


def test_about_writes_the_shipped_models_counts_with_thousands_separators() -> None:
    # About said "Learnt from: MNIST + 40000 UNIPEN train-writer pen renderings per epoch" beside the app's "10,000"
    shipped = load_checkpoint(pretrained_path())
    lines = model_lines(SimpleNamespace(model_named=model_name, session=SimpleNamespace(checkpoint=shipped)))
    learnt = next(line for line in lines if line.startswith("Learnt from: "))
    assert "UNIPEN" in learnt and re.search(r"\d,\d{3} UNIPEN", learnt) and not re.search(r"\d{4}", learnt), learnt


@given(st.text(alphabet="0123456789 .,_vrxMNIST", max_size=30))
def test_grouping_numbers_changes_nothing_but_commas_and_only_in_runs_of_digits(text: str) -> None:
    grouped = grouped_numbers(text)
    assert grouped.replace(",", "") == text.replace(",", "")
    assert grouped_numbers(grouped) == grouped  # a grouped number is not grouped again


@pytest.mark.parametrize("garbage", [bytes(58), b"\xff" * 58, bytes(range(58))])
def test_a_saved_geometry_with_a_right_header_and_garbage_opens_at_the_first_start_size(
    qtbot, tmp_path: Path, garbage: bytes
) -> None:
    # Qt read it as a window of 0 × 0 or 1 × 1 px, and the app opened at its smallest
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("window/geometry", QByteArray(bytes.fromhex("01d9d0cb00030000") + garbage))
    window = shown(qtbot, MainWindow(settings=settings, load_model=False))
    room = screen_room(window)
    assert window.size() == FIRST_SIZE.boundedTo(room), (window.size(), room)


def test_a_window_saved_at_its_smallest_opens_at_its_smallest(qtbot, tmp_path: Path) -> None:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False), (300, 200))
    smallest = settled(qtbot, lambda: first.width() * 100_000 + first.height())
    first.close()
    again = shown(qtbot, MainWindow(settings=settings, load_model=False))
    assert again.width() * 100_000 + again.height() == smallest


@pytest.mark.usefixtures("large_system_font")
def test_a_message_keeps_its_room_in_the_smallest_window_with_a_large_font(qtbot, tmp_path: Path) -> None:
    # with a 14-pt font the model's text took half the window beside the position's label: "Could…text)"
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.resize(300, 200)  # held at its smallest
    settled(qtbot, window.width)
    message = "Could not read photo.png: not a picture (it holds text)"
    window.status.say(message)
    assert len(window.status.shown) >= 16, window.status.shown  # 11 before; 20 here
    assert "MNIST 99.41%" in window.status.model_label.toolTip()  # what the label left out is in its tooltip


def test_an_empty_home_is_read_as_the_commands_read_it(monkeypatch, capsys, tmp_path: Path) -> None:
    # Qt read `HOME=` as "/", and kept the settings and examples in //.local/share/RowReader
    import pwd

    import gui.__main__ as gui_main

    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr(pwd, "getpwuid", lambda uid: SimpleNamespace(pw_dir=str(tmp_path)))  # the user's home
    monkeypatch.delenv("ROWREADER_DATA", raising=False)
    monkeypatch.setattr(gui_main, "no_display", lambda: "stopped here, before Qt")
    with pytest.raises(SystemExit):
        gui_main.main([])
    assert "stopped here, before Qt" in capsys.readouterr().err
    assert os.environ["HOME"] == str(tmp_path)


def test_no_home_at_all_is_said_as_the_commands_say_it(monkeypatch, capsys) -> None:
    # "… set HOME (or XDG_CACHE_HOME) to a folder's absolute path; unset it, or set it to a folder such as ~/mnist":
    # the hint for $ROWREADER_DATA, after an error about $HOME
    import pwd

    import gui.__main__ as gui_main
    from rowreader.data import home_folder

    def unknown(uid: int) -> pwd.struct_passwd:
        raise KeyError(uid)

    monkeypatch.setenv("HOME", "")
    monkeypatch.setattr(pwd, "getpwuid", unknown)
    monkeypatch.setattr(gui_main, "no_display", lambda: "stopped here, before Qt")
    with pytest.raises(ValueError, match="HOME") as told:
        home_folder()
    with pytest.raises(SystemExit) as stopped:
        gui_main.main([])
    assert stopped.value.code == 2
    assert capsys.readouterr().err.strip().endswith(f"rowreader-gui: error: {told.value}")


def window_on_a_short_screen(qtbot, tmp_path: Path, monkeypatch) -> tuple[MainWindow, QRect]:
    """The shipped window filling a screen of 800×500 free logical pixels (1600×1000 at 200 %); and that screen."""
    free = QRect(0, 0, 800, 500)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    return open_shipped_window(qtbot, tmp_path, size=(800, 500), user_dir=tmp_path / "mine"), free


def test_inside_the_lstm_asked_for_on_a_short_screen_leaves_the_drawing_and_the_bars_clear(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """At 200 % on a 1600×1000 screen Ctrl+L floated the maps across the whole window, over the drawing's lower 40 %.
    Since the forty-fifth round (dock) they dock right of the views there, where 306 px are free for maps of 300
    (floating, they covered 77 % of the chart): on the screen, as tall as they need, the drawing and bars clear."""
    window, free = window_on_a_short_screen(qtbot, tmp_path, monkeypatch)
    dock = window.heatmap_dock
    assert dock.isHidden()  # no room for it under the maps
    window.actions_.show_state.trigger()
    assert dock.isVisible() and not dock.isFloating()
    maps = settled(qtbot, lambda: QRect(dock.mapToGlobal(QPoint(0, 0)), dock.size()))
    assert free.contains(maps) and dock.height() >= dock.minimumSizeHint().height()
    for view in (window.canvas, window.bars):
        seen = QRect(view.mapToGlobal(QPoint(0, 0)), view.size())
        assert not maps.intersects(seen), (maps, seen)


def test_a_dock_floated_by_its_button_stands_beside_the_window_not_over_the_views(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    # it stayed where it had been docked, and the views took the room it left: My examples lay over the bars
    free = QRect(0, 0, 2400, 1300)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.move(100, 100)
    dock = window.teaching.dock
    dock.show()
    qtbot.waitUntil(lambda: dock.isVisible() and not dock.isFloating())
    button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    QTest.mouseClick(button, Qt.MouseButton.LeftButton)
    assert dock.isFloating()

    def covered() -> list[QRect]:
        views = [QRect(view.mapToGlobal(QPoint(0, 0)), view.size()) for view in (window.canvas, window.bars)]
        views.append(QRect(window.timeline.mapToGlobal(QPoint(0, 0)), window.timeline.size()))
        return [view for view in views if dock.geometry().intersects(view)]

    settled(qtbot, lambda: window.bars.mapToGlobal(QPoint(0, 0)).x() * 100_000 + dock.x())  # the views took its room
    assert not covered(), (dock.geometry(), covered())
    assert free.contains(dock.frameGeometry())


def test_a_dock_let_go_partly_off_the_screen_comes_onto_it(qtbot, tmp_path: Path) -> None:
    # dragged partly below the screen's edge, My examples kept its buttons out of reach until the next start
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    dock = window.teaching.dock
    dock.show()
    dock.setFloating(True)
    screen = dock.screen().availableGeometry()
    settled(qtbot, dock.x)
    dock.move(screen.right() - dock.width() // 3, screen.bottom() - dock.height() // 4)  # as a drag leaves it
    QTest.mouseRelease(dock, Qt.MouseButton.LeftButton, pos=QPoint(10, 5))  # let go on its title
    qtbot.waitUntil(lambda: screen.contains(dock.frameGeometry()), timeout=10_000)


def test_a_floating_dock_with_no_room_beside_the_window_is_made_smaller_not_laid_over_the_bars(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    # at 200 % on a 1600×1000 screen My examples came back floating as tall as the screen, over the bars and the chart
    window, free = window_on_a_short_screen(qtbot, tmp_path, monkeypatch)
    dock = window.teaching.dock
    dock.show()
    dock.setFloating(True)
    settled(qtbot, dock.x)
    dock.setGeometry(QRect(300, 0, 332, 480))  # as saved at 100 %, read at 200 %
    place_floating(dock, window)
    assert free.contains(dock.geometry())
    for view in (window.canvas, window.bars):
        seen = QRect(view.mapToGlobal(QPoint(0, 0)), view.size())
        assert not dock.geometry().intersects(seen), (dock.geometry(), seen)
    assert dock.height() >= dock.minimumSizeHint().height()
