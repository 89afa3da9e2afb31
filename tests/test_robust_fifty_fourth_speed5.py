"""The fifty-fourth round of hostile testing, speed5: the Models menu and the model files it reads. speed4 moved the
menu's reading off the window's thread, but the C JSON parser holds Python's lock while it reads: a 15.8 MB header
(one shape of 7.9 million sizes, speed3's file) in the models folder still held the window on an idle machine the
first time the menu read it. A RowReader model's header is a few kB, so the header's length, known from its first 8
bytes, is the boundary: one limit for every reader and the save (``rowreader.tensor_file.MAX_HEADER_BYTES``). And
with every look at the files slower than the opening's wait, the open menu read them again and again."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from gui_window import open_shipped_window, opened_menu
from PySide6.QtCore import QPoint

from gui import models_menu
from gui.models_menu import READ_NOW, STILL_READING
from rowreader import tensor_file
from rowreader.checkpoint import CheckpointError, read_metadata
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_HEADER_VALUES


def _many_dimensions(path: Path, dimensions: int, padded_to: int = 0) -> None:
    """A safetensors file at ``path`` of one tensor shaped ``[10, 1, 1, …]`` (``dimensions`` in all): speed3's file,
    no RowReader model, its header ``2 × dimensions`` bytes (holding ``dimensions + 11`` values), or ``padded_to``."""
    header = '{"output.bias":{"dtype":"F32","shape":[10' + ",1" * (dimensions - 1) + '],"data_offsets":[0,40]}}'
    header = header.encode().ljust(padded_to)  # spaces after it, as safetensors pads a header
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(len(header).to_bytes(8, "little") + header + bytes(40))


def test_fifty_fourth_speed5_an_outsized_header_in_the_models_folder_is_refused_before_it_is_parsed(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """speed3's 15.8 MB header among the taught models: the menu's first reading of it held the window 0.34 s at a
    load of 0.6 (1 s on the clean-clone CI), the parser holding Python's lock, though it read on the menu's pool.
    Now refused from its length, in words, before a byte of it is parsed; listed with why (as damaged until the
    fifty-eighth round)."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    big = user / "models" / "mine-20261206-020000-abcd.safetensors"
    _many_dimensions(big, 7_900_000)
    parsed: list[int] = []
    parse = tensor_file.parse_json
    monkeypatch.setattr(tensor_file, "parse_json", lambda text, **how: parsed.append(len(text)) or parse(text, **how))
    with pytest.raises(CheckpointError, match=f"header too large: it says 15,800,0.. bytes, more than {4_000_000:,}"):
        read_metadata(big)
    menu = opened_menu(window.teaching.models_menu)
    listed = [action.text() for action in menu.actions() if action.toolTip() == str(big)]
    # listed with the loader's reason (the fifty-eighth round: it was "(damaged: cannot be read)"), its middle
    # shortened to the screen: the limit it is past kept
    assert len(listed) == 1 and listed[0].startswith("Yours: mine-20261206-020000-abcd (cannot be read: ")
    assert listed[0].endswith(f"more than {MAX_HEADER_BYTES:,})"), listed
    assert all(size <= MAX_HEADER_BYTES for size in parsed), parsed  # nothing of it parsed
    # at the boundary: a header of the limit's bytes (and values, header6's) is parsed and judged by what it says
    _many_dimensions(big, MAX_HEADER_VALUES - 11, MAX_HEADER_BYTES)
    assert int.from_bytes(big.read_bytes()[:8], "little") == MAX_HEADER_BYTES
    with pytest.raises(CheckpointError, match="not a RowReader checkpoint"):
        read_metadata(big)


def _slowed(monkeypatch, looks: list[float]) -> None:
    """Every look at the model files slowed 0.4 s (a busy disk, a slow mount), past the opening's 0.25-s wait."""
    look = models_menu.ModelsMenu._look_now

    def slow(menu, asked):
        looks.append(time.monotonic())
        time.sleep(0.4)
        return look(menu, asked)

    monkeypatch.setattr(models_menu.ModelsMenu, "_look_now", slow)


def test_fifty_fourth_speed5_an_open_menu_whose_every_look_is_slow_is_filled_in_once(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """A look that ended while the menu was open and marked was followed by another (it might have begun before the
    opening, and be old), and that one, as slow, by another: "Still reading the model files…" for as long as the menu
    stayed open, every file read again and again. A look begun as the menu opened is shown as it ends."""
    looks: list[float] = []
    _slowed(monkeypatch, looks)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    menu = window.teaching.models_menu
    qtbot.wait(100)
    qtbot.waitUntil(lambda: not menu._looking, timeout=20_000)
    before = len(looks)
    menu.popup(QPoint(0, 0))
    try:
        assert menu.actions()[0].text() == STILL_READING
        qtbot.waitUntil(lambda: menu.actions()[0].text() == READ_NOW, timeout=5_000)
        qtbot.wait(600)  # no further look begun
    finally:
        menu.hide()
    assert len(looks) - before == 1, looks
