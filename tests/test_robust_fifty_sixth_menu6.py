"""The fifty-sixth round of hostile testing, menu6: the Models menu and menus in general where menu5 and window12
left them. A list that grew while the Models menu was open (a model saved into the models folder during a slow look)
came in above the rows a pointer was on, each moved down, so a click meant for one model chose another. And a menu
made as it opens (an example's right-click menu in My examples) heard only its own keys: the window's shortcuts
did nothing while it was open, unlike in the menu bar's menus."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMenu

from gui import models_menu
from gui.user_folder import EXAMPLES_FOLDER
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def _texts(menu: QMenu) -> list[str]:
    return [action.text() for action in menu.actions()]


def _held(monkeypatch) -> threading.Event:
    """Every look at the model files held until the event is set (a slow disk, a busy machine)."""
    go_on = threading.Event()
    look = models_menu.ModelsMenu._look_now

    def held(menu, asked):
        go_on.wait(20)
        return look(menu, asked)

    monkeypatch.setattr(models_menu.ModelsMenu, "_look_now", held)
    return go_on


def _taught(user: Path, stamp: str) -> Path:
    """A taught model in ``user``'s models folder, a copy of the shipped one named as a teach at ``stamp`` names it."""
    model = user / "models" / f"mine-{stamp}-abcdef.safetensors"
    model.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pretrained_path(), model)
    return model


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
