"""The fifty-sixth round of hostile testing, menu6: the Models menu and menus in general where menu5 and window12
left them. A list that grew while the Models menu was open (a model saved into the models folder during a slow look)
came in above the rows a pointer was on, each moved down, so a click meant for one model chose another. And a menu
made as it opens (an example's right-click menu in My examples) heard only its own keys: the window's shortcuts
did nothing while it was open, unlike in the menu bar's menus."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest
from gui_window import opened_during_a_held_look, window_without_model
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from gui.models_menu import READ_AGAIN, STILL_READING
from gui.user_folder import EXAMPLES_FOLDER
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def _texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def _taught(user: Path, stamp: str) -> Path:
    """A taught model in ``user``'s models folder, a copy of the shipped one named as a teach at ``stamp`` names it."""
    model = user / "models" / f"mine-{stamp}-abcdef.safetensors"
    model.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pretrained_path(), model)
    return model


@pytest.mark.parametrize("change", ["saved", "removed"])
def test_fifty_sixth_menu6_a_model_saved_while_the_menu_is_open_moves_no_row_under_the_pointer(
    qtbot, tmp_path: Path, monkeypatch, change: str
) -> None:
    """Opened during a slow look, the menu showed the last list, marked; a teach ending meanwhile (a model saved into
    the models folder) came in at the top of Yours as the look ended, every row below moved down: a click meant for
    the older model chose the newer. One deleted meanwhile moved each row below it up. Each row now stays under the
    pointer; the first item says to open the menu again to list what changed, which the next opening does."""
    user = tmp_path / "user"
    older = _taught(user, "20261206-050000")
    gone = _taught(user, "20261206-040000")
    menu, go_on = opened_during_a_held_look(qtbot, tmp_path, monkeypatch, user)
    try:
        assert _texts(menu)[:3] == [STILL_READING, "Shipped model", f"Yours: {older.stem}"], _texts(menu)
        points = {act.text(): menu.actionGeometry(act).center() for act in menu.actions() if act.text()}
        if change == "saved":
            newer = _taught(user, "20261206-060000")  # a teach ends: newest first in the list
        else:
            gone.unlink()  # a file manager's delete: each row below it up one
        go_on.set()
        qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=10_000)
        for text, point in points.items():
            if text != STILL_READING:
                under = menu.actionAt(point)
                assert under is not None and under.text() == text, (text, under and under.text(), _texts(menu))
        assert _texts(menu)[0] == READ_AGAIN, _texts(menu)
    finally:
        go_on.set()
        menu.hide()
    menu.popup(QPoint(0, 0))  # opened again: listed as they are
    listed = [f"Yours: {path.stem}" for path in ([newer, older, gone] if change == "saved" else [older])]
    qtbot.waitUntil(lambda: [t for t in _texts(menu) if t.startswith("Yours: ")] == listed, timeout=10_000)
    menu.hide()


@pytest.mark.parametrize("floating", [False, True])
def test_fifty_sixth_menu6_a_menu_made_as_it_opens_hears_the_windows_shortcuts(
    qtbot, tmp_path: Path, floating: bool
) -> None:
    """An example's right-click menu in My examples, made as it opens, heard only its own keys: Ctrl+L (View ▸
    Inside the LSTM) did nothing while it was open, where the menu bar's menus close and do it. Every menu of the
    window now hears the window's shortcuts, from one place; its own keys stay its own."""
    user = tmp_path / "mine"
    picture = np.full((28, 28), 255, np.uint8)
    picture[6:22, 8] = picture[6:22, 19] = picture[6, 8:20] = picture[21, 8:20] = 0  # a 0
    ExampleStore(user / EXAMPLES_FOLDER).add(0, picture)
    window = window_without_model(qtbot, tmp_path, user_dir=user)
    strip = window.teaching.panel.view.rows[0][1]
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=20_000)
    window.teaching.dock.setFloating(floating)  # a window of its own, whose keys Qt takes for the window's
    shown_before = window.heatmap_dock.isVisible()

    def opened() -> QMenu:
        strip.customContextMenuRequested.emit(strip.visualItemRect(strip.item(0)).center())
        qtbot.waitUntil(lambda: isinstance(QApplication.activePopupWidget(), QMenu))
        return QApplication.activePopupWidget()

    menu = opened()
    QTest.keyClick(menu, Qt.Key.Key_Down)  # the menu's own: it stays open
    assert menu.isVisible()
    QTest.keyClick(menu, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: QApplication.activePopupWidget() is None, timeout=3_000)
    assert window.heatmap_dock.isVisible() != shown_before


def _on(menu: QMenu) -> str | None:
    """The text of the row of ``menu`` the keys are on."""
    return menu.activeAction().text() if menu.activeAction() is not None else None


@pytest.mark.parametrize("submenu", [False, True])
def test_fifty_sixth_menu6_the_keys_place_in_the_menu_stays_as_the_look_ends(
    qtbot, tmp_path: Path, monkeypatch, submenu: bool
) -> None:
    """Opened during a slow look and walked with the arrows to a model (in the menu, or in Compare with, opened by
    Right), the menu was filled in as the look ended, every item made anew: the highlight went, and the next Down
    began again at the top, Enter choosing nothing or another model. The rows the keys were on are the ones they are
    on after it, each row where it was."""
    user = tmp_path / "user"
    model = _taught(user, "20261206-050000")
    menu, go_on = opened_during_a_held_look(qtbot, tmp_path, monkeypatch, user)
    try:
        for _ in range(3 if submenu else 2):  # Shipped model, the taught one, Compare with
            QTest.keyClick(menu, Qt.Key.Key_Down)
        if submenu:
            QTest.keyClick(menu, Qt.Key.Key_Right)  # Compare with opened, its first row the keys'
            qtbot.waitUntil(menu.compare.isVisible)
        on = [_on(menu), _on(menu.compare)]
        assert on == (["&Compare with", f"Yours: {model.stem}"] if submenu else [f"Yours: {model.stem}", None])
        go_on.set()
        qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=10_000)
        assert [_on(menu), _on(menu.compare)] == on, _texts(menu)
        QTest.keyClick(menu.compare if submenu else menu, Qt.Key.Key_Down)  # on from there
        assert _on(menu.compare if submenu else menu) == ("&Compare with…" if submenu else "&Compare with")
    finally:
        go_on.set()
        menu.hide()
