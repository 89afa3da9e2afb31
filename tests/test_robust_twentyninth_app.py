"""The twenty-ninth round's app defects: the app killed at bad moments (Ctrl+S, a delete or a move), the last
round's leftovers decided; each test checked to fail on the code before its fix."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PySide6.QtWidgets import QMessageBox

import rowreader.atomic


def test_twentyninth_app_ctrl_s_writes_the_drawing_and_its_input_together(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+S writes NAME.png and NAME-28x28.png, the input the model read of it. It wrote them one after the other:
    killed between the two (measured: `kill -9` while strace held the second file's fsync), or a disk full at the
    second, NAME.png held the new drawing and NAME-28x28.png the last drawing's input, a pair of two drawings, with
    the hidden `.NAME-28x28.png.<hex>.tmp` beside them. Both are written first, and only then put in place."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.canvas.draw_stroke([(140, 40), (140, 240)])  # a 1
    path, small = window.saving.save_drawing(tmp_path / "digit.png")
    before = path.read_bytes(), small.read_bytes()
    window.canvas.clear()
    window.canvas.draw_stroke([(60, 40), (220, 40), (120, 240)])  # a 7
    qtbot.waitUntil(lambda: not window.tasks.busy)
    real, calls = rowreader.atomic._write_temporary, []

    def second_fails(*args):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(28, "No space left on device")
        return real(*args)

    monkeypatch.setattr(rowreader.atomic, "_write_temporary", second_fails)
    with pytest.raises(OSError):
        window.saving.save_drawing(tmp_path / "digit.png")
    assert window.last_error[0] == "Could not save the drawing"
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    replaced = [file.name for file, was in zip((path, small), before, strict=True) if file.read_bytes() != was]
    assert not replaced, f"{replaced} replaced: the pair is no longer one drawing's"
    assert sorted(p.name for p in tmp_path.glob("*.png")) == ["digit-28x28.png", "digit.png"]


def test_twentyninth_app_ctrl_s_again_removes_what_a_killed_one_left(qtbot, tmp_path: Path) -> None:
    """A Ctrl+S killed mid-write left its hidden temporaries (`.digit.png.<hex>.tmp`, `.digit-28x28.png.<hex>.tmp`)
    beside the pictures, in the user's own folder, for good: a save of the same name done again left them. Only a
    write's temporary of that name a minute old and unlocked goes; a fresh one (a save under way in another copy)
    and the user's own hidden files stay."""
    killed = [tmp_path / f".digit{tail}.png.0123456789abcdef.tmp" for tail in ("", "-28x28")]
    fresh = tmp_path / ".digit.png.fedcba9876543210.tmp"
    own = tmp_path / ".digit.png.notes"
    for file in (*killed, fresh, own):
        file.write_bytes(b"half a picture")
    old = time.time() - 120
    for file in (*killed, own):
        os.utime(file, (old, old))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    window.saving.save_drawing(tmp_path / "digit.png")
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".digit"))
    assert left == sorted([fresh.name, own.name])
