"""The fifty-fifth round of hostile testing, menu5: the Models menu where speed5 and the lead left it. Its first
opening during a slow look at the model files had no earlier list: the models came in above Compare with and Open
model… as the look ended, each row moved down under a pointer aiming at one. And the worst 4 MB header a model file
may have (a million empty lists) held Python's lock for seconds while parsed, the window standing still though the
menu reads it off the window's thread: the collector went through the growing header again and again."""

from __future__ import annotations

import gc
import shutil
import threading
import time
from pathlib import Path

from gui_window import looks_held, open_shipped_window, opened_during_a_held_look, opened_menu
from PySide6.QtCore import QPoint

from gui.models_menu import READ_AGAIN, READ_NOW, STILL_READING
from rowreader.checkpoint import pretrained_path
from rowreader.json_text import parse_json


def _texts(menu) -> list[str]:
    return [action.text() for action in menu.actions()]


def _taught(user: Path) -> Path:
    """A taught model in ``user``'s models folder: a copy of the shipped one, named as a teach names it."""
    model = user / "models" / "mine-20261206-050000-abcdef.safetensors"
    model.parent.mkdir(parents=True)
    shutil.copyfile(pretrained_path(), model)
    return model


def _rows_stay(qtbot, menu, go_on: threading.Event) -> list[str]:
    """The open menu's Compare with and Open model… rows, each under the point it was at as the menu opened, once
    the held look is let go and has ended: the menu's texts then."""
    points = {act.text(): menu.actionGeometry(act).center() for act in menu.actions() if act.text()}
    go_on.set()
    qtbot.waitUntil(lambda: STILL_READING not in _texts(menu), timeout=10_000)
    for text in ("&Compare with", "Open &model…"):
        under = menu.actionAt(points[text])
        assert under is not None and under.text() == text, (text, under and under.text(), _texts(menu))
    return _texts(menu)


def test_fifty_fifth_menu5_the_first_opening_during_a_slow_look_lists_the_models_each_in_its_row(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The menu's first opening while the look at the files took over the opening's wait showed "Still reading…",
    Compare with and Open model… alone; the look ended and the models came in above them, each row below moving down
    under the pointer. The files are looked at once as the window starts: that opening shows what they said then,
    marked, and fills in each row in place."""
    user = tmp_path / "user"
    model = _taught(user)
    menu, go_on = opened_during_a_held_look(qtbot, tmp_path, monkeypatch, user)
    try:
        assert _texts(menu)[:3] == [STILL_READING, "Shipped model", f"Yours: {model.stem}"], _texts(menu)
        texts = _rows_stay(qtbot, menu, go_on)
        assert texts[:3] == [READ_NOW, "Shipped model", f"Yours: {model.stem}"], texts
    finally:
        go_on.set()
        menu.hide()


def test_fifty_fifth_menu5_a_menu_opened_before_any_look_ended_keeps_its_rows_and_says_to_open_it_again(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Opened before the files had ever been read (the start's look held: a network folder, a loaded machine), the
    menu has no list to show; the look ended and the models came in above Compare with and Open model…, moving them
    down under the pointer. Now each row stays, and the first item says the files were read and how to see them."""
    user = tmp_path / "user"
    _taught(user)
    go_on = looks_held(monkeypatch)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    menu = window.teaching.models_menu
    menu.popup(QPoint(0, 0))
    try:
        assert _texts(menu)[0] == STILL_READING and not any(t.startswith("Yours: ") for t in _texts(menu))
        texts = _rows_stay(qtbot, menu, go_on)
        assert texts[0] == READ_AGAIN, texts
        qtbot.wait(300)  # no later look fills it in either
        assert _texts(menu) == texts
    finally:
        go_on.set()
        menu.hide()
    menu.popup(QPoint(0, 0))  # opened again: listed
    qtbot.waitUntil(lambda: any(t.startswith("Yours: ") for t in _texts(menu)), timeout=10_000)
    menu.hide()


def test_fifty_fifth_menu5_a_header_of_many_lists_is_parsed_without_the_collector_going_through_it() -> None:
    """A 4 MB header of a million empty lists (the most a model file's header may hold) held Python's lock 1.8 to
    3.8 s while parsed, the Models menu's reading of it off the window's thread standing the window still: each
    700 lists made, the collector went through the young ones, and now and then through all of them. The parser
    makes no cycle, so the collector waits until it is done (then 0.2 to 0.4 s)."""
    text = '{"a":[' + ",".join(["[]"] * 200_000) + "]}"
    passes: list[str] = []

    def counted(phase: str, info: dict) -> None:
        if phase == "start":
            passes.append(phase)

    gc.callbacks.append(counted)
    try:
        began = time.process_time()
        parsed = parse_json(text)
        spent = time.process_time() - began
    finally:
        gc.callbacks.remove(counted)
    assert len(parsed["a"]) == 200_000 and parsed["a"][-1] == []
    assert passes == [], f"the collector ran {len(passes)} times during the parse ({spent:.2f} s of CPU)"
    assert gc.isenabled()


def test_fifty_fifth_menu5_a_sound_model_the_app_cannot_use_is_not_listed_as_damaged(qtbot, tmp_path: Path) -> None:
    """A model saved by a newer RowReader (its format version 2: the models folder and the list of opened models are
    every install's), and a sound safetensors file of another program, were "(damaged: cannot be read)" in the
    Models menu, which invites deleting a sound file; choosing them said what they are. Now the menu says it too."""
    user = tmp_path / "user"
    sound = _taught(user)
    newer = sound.with_name("mine-20261206-060000-abcdef.safetensors")
    ours = pretrained_path().read_bytes()
    assert ours.count(b'"format_version":"1"') == 1
    newer.write_bytes(ours.replace(b'"format_version":"1"', b'"format_version":"2"'))
    header = b'{"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}'
    other = user / "models" / "mine-20261206-070000-abcdef.safetensors"
    other.write_bytes(len(header).to_bytes(8, "little") + header + bytes(8))
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    texts = _texts(opened_menu(window.teaching.models_menu))
    assert f"Yours: {newer.stem} (written by a newer RowReader: update RowReader to read it)" in texts, texts
    assert f"Yours: {other.stem} (not a model: a safetensors file of another program)" in texts, texts
    assert f"Yours: {sound.stem}" in texts, texts  # ours, as it was
    window.open_model(newer)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert window.last_error is not None and window.last_error[1].endswith("update RowReader to read it")


def test_fifty_fifth_menu5_an_opened_model_now_a_folder_or_a_pipe_is_said_to_be_one(qtbot, tmp_path: Path) -> None:
    """A model opened from elsewhere whose name is now a folder (a download unpacked to it) or a named pipe was
    "(damaged: cannot be read)" in the Models menu: no file there was damaged. Each is said for what it is."""
    import os

    from gui.opened_models import write_opened

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    folder, pipe = tmp_path / "a" / "folder.safetensors", tmp_path / "b" / "pipe.safetensors"
    folder.mkdir(parents=True)
    pipe.parent.mkdir()
    os.mkfifo(pipe)
    menu = window.teaching.models_menu
    write_opened(window.settings, [(folder, None), (pipe, None)])
    menu._remember()  # as a start reads the list
    texts = _texts(opened_menu(menu))
    assert "Opened: folder.safetensors (not a model: a folder)" in texts, texts
    assert "Opened: pipe.safetensors (not a model: a named pipe (FIFO))" in texts, texts
