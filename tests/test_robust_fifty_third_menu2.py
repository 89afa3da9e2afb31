"""The fifty-third round of hostile testing, menu2: the Models menu's look at the model files, off the window's
thread since speed4, against the window's thread changing what it looks at meanwhile; each test is checked to fail
on the code before its fix."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from gui_window import open_shipped_window, opened_menu
from PySide6.QtCore import QPoint

from gui import models_menu
from gui.models_menu import READ_AGAIN, STILL_READING
from gui.opened_models import write_opened
from rowreader.checkpoint import pretrained_path


def _texts(menu) -> list[str]:
    return [action.text() for action in menu.actions()]


def test_a_model_opened_while_the_menu_looks_at_the_files_is_listed_not_a_keyerror(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The menu's look, on its own thread, read the menu's list of opened models for their names, then again for
    its items (and once more for Forget opened), while the window's thread may remember one meanwhile (a model
    opened, put in use): a KeyError in the look (a traceback; the menu showed "Still reading the model files…" till
    it was opened again), or a list that disagreed with itself. The look is held here between its names and its
    items while a model is opened; it now reads one snapshot taken as it began, and the menu, still open, says to
    open it again once it ends (its rows kept: menu6), which lists both."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    menu = window.teaching.models_menu
    first, second = tmp_path / "a" / "first.safetensors", tmp_path / "b" / "second.safetensors"
    for path in (first, second):
        path.parent.mkdir()
        shutil.copyfile(pretrained_path(), path)
    write_opened(window.settings, [(first, None)])
    menu._remember()  # as a start reads the list
    named, go_on = threading.Event(), threading.Event()
    told_apart = models_menu.told_apart

    def held(paths: list[Path]) -> dict[Path, str]:
        found = told_apart(paths)
        # by its id: current_thread() on a Qt pool thread makes a dummy that stays alive, a thread left running
        if threading.get_ident() != threading.main_thread().ident and not named.is_set():
            named.set()  # the look has its names; its items are next
            go_on.wait(20)
        return found

    monkeypatch.setattr(models_menu, "told_apart", held)
    try:
        menu.popup(QPoint(0, 0))
        assert named.wait(20)
        window.open_model(second)  # on the window's thread, while the look is held
        qtbot.waitUntil(lambda: menu.opened == [second, first] and not window.tasks.busy, timeout=20_000)
    finally:
        go_on.set()
    qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=20_000)
    # the open menu says so rather than move its rows under the pointer (menu6); the next opening lists both
    assert _texts(menu)[0] == READ_AGAIN, _texts(menu)
    menu.hide()
    texts = _texts(opened_menu(menu))
    assert "Opened: second.safetensors" in texts and "Opened: first.safetensors" in texts, texts
