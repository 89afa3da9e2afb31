"""The thirty-seventh round of hostile testing, soak: the app and the library used for a long time, as by a person who
leaves the window open all day (thousands of drawings, hundreds of model switches, dialogs, keeps, deletes and undos,
teaches in a row; the stream fed 100,000 rows; `predict` over thousands of files; a real window drawn on for a quarter
of an hour). What grew without bound is counted here over a few dozen repeats, each checked to fail on the code before
its fix."""

from __future__ import annotations

import gc
from pathlib import Path
from typing import TypeVar

import numpy as np
from conftest import counted_from_here
from gui_window import open_shipped_window, opened_menu
from PySide6.QtCore import QCoreApplication, QEvent, QObject, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from gui.main_window import MainWindow
from rowreader.example_folder import Example
from rowreader.example_store import ExampleStore

T = TypeVar("T")


def alive(kind: type[T]) -> list[T]:
    """Every object of exactly ``kind`` still alive: the garbage collected first, so that one kept only by a cycle of
    its own is not counted as held."""
    gc.collect()
    return [thing for thing in gc.get_objects() if type(thing) is kind]


def _deleted_later() -> None:
    """What ``deleteLater`` asked for, done now (the event loop would do it at its next pass)."""
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def _menus() -> int:
    return sum(isinstance(widget, QMenu) for widget in QApplication.allWidgets())


def test_opening_the_models_menu_all_day_makes_nothing_that_stays(qtbot, tmp_path: Path) -> None:
    """Each opening of the Models menu made a new "Compare with" submenu and two action groups that its clear() left
    (it deletes actions, not submenus or groups): measured, 200 switches by the menu left 200 more menus and 1,398
    more objects under the window. After 50 openings as after 5."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    menu = window.teaching.models_menu

    def counts() -> tuple[int, int]:
        # counted with the status bar quiet: its message holds a timer while it shows, and the start's ("Now reading
        # with the shipped model", 5 s) went between the two counts when each look took 0.4 s (372 → 371)
        window.statusBar().clearMessage()
        _deleted_later()
        return _menus(), len(window.findChildren(QObject))

    for _ in range(5):
        opened_menu(menu)
    after_five = counts()
    for _ in range(45):
        opened_menu(menu)
    assert counts() == after_five
    (compare,) = [act.menu() for act in menu.actions() if act.menu() is not None]  # still there, and only once
    assert compare.actions()[-1] is window.actions_.stop_compare


def _shown_menu() -> QMenu:
    (menu,) = [widget for widget in QApplication.topLevelWidgets() if isinstance(widget, QMenu) and widget.isVisible()]
    return menu


def _window_with_examples(qtbot, tmp_path: Path) -> MainWindow:
    store = ExampleStore(tmp_path / "mine" / "examples")
    picture = np.full((280, 280), 255, np.uint8)
    picture[60:220, 130:150] = 0  # a plain 1
    store.add(1, picture)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    qtbot.waitUntil(lambda: len(window.teaching.panel.found.examples) == 1, timeout=20_000)
    return window


def test_examples_kept_and_deleted_all_day_are_not_remembered(tmp_path: Path) -> None:
    """The examples folder's reading kept every example it had ever seen or written (its 28×28 input, 5 kB), deleted
    or not: 2,000 keeps and deletes, the folder read after each 50 as the dock reads it, held 2,010 of them for 10 on
    disk, 10 MB more. A whole reading forgets the files no longer there: of 40 kept and deleted, none is held (counted
    among the objects alive, not by memory: the allocations of a test before, still running, were counted too)."""
    with counted_from_here():
        store = ExampleStore(tmp_path / "examples")
        picture = np.full((280, 280), 255, np.uint8)
        picture[60:220, 130:150] = 0  # a plain 1
        store.add(1, picture)  # one that stays
        for _ in range(40):
            store.remove(store.add(1, picture))
            assert len(store.load().examples) == 1
        held = [example.path for example in alive(Example) if tmp_path in example.path.parents]
    assert len(held) == 1, held


def test_a_right_click_on_an_example_leaves_no_menu_behind(qtbot, tmp_path: Path) -> None:
    """The context menu of an example in My examples (Open, Move to digit, Delete) was made anew at each right-click and
    never deleted: 100 right-clicks left 200 menus (each with its submenu) under the dock. Closed (Esc here), it
    goes; chosen from, it goes too, after doing what was chosen."""
    window = _window_with_examples(qtbot, tmp_path)
    view = window.teaching.panel.view
    strip = view.rows[1][1]
    before = _menus()
    for _ in range(20):
        strip.customContextMenuRequested.emit(strip.visualItemRect(strip.item(0)).center())
        QTest.keyClick(_shown_menu(), Qt.Key.Key_Escape)
        _deleted_later()
    assert _menus() == before
    strip.customContextMenuRequested.emit(strip.visualItemRect(strip.item(0)).center())
    menu = _shown_menu()
    (delete,) = [act for act in menu.actions() if act.text().startswith("Delete")]
    menu.setActiveAction(delete)
    QTest.keyClick(menu, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not window.teaching.panel.found.examples, timeout=20_000)  # it did what it was asked
    _deleted_later()
    assert _menus() == before
