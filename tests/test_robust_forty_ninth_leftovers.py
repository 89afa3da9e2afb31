"""The forty-ninth round of hostile testing, leftovers: the small defects this round's other areas saw and left
(docs/robustness.md's forty-ninth round bullets, "Seen, not changed"), driven offscreen (pytest-qt) and through the
library; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import errno
from pathlib import Path

import numpy as np
import pytest
from gui_window import open_shipped_window
from PySide6.QtWidgets import QMessageBox

import rowreader.atomic
from rowreader.example_store import png_bytes


def test_ctrl_s_onto_a_full_disk_says_what_to_do(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+S of a drawing onto a full disk said only the system's "…/digit.png: No space left on device", where
    every other write onto a full disk says what to do. It now says it too: "free some space there, or choose a
    folder on another disk"; nothing is written."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.canvas.draw_stroke([(140, 40), (140, 240)])  # a 1
    qtbot.waitUntil(lambda: not window.tasks.busy)

    def full(*args):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(rowreader.atomic, "_write_temporary", full)
    with pytest.raises(OSError):
        window.saving.save_drawing(tmp_path / "digit.png")
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    title, message = window.last_error
    assert title == "Could not save the drawing"
    assert message == (
        f"{tmp_path / 'digit.png'}: No space left on device; free some space there, or choose a folder on another disk"
    )
    assert not list(tmp_path.glob("*.png"))


def test_a_lock_whose_folder_was_moved_away_is_removed_where_it_went(tmp_path: Path) -> None:
    """A teach's fine-tune (``training.fit``) holds ``<model>.lock`` and removes it by its name at the end: its models
    folder moved away mid-teach (renamed in a shell), the empty lock stayed in the folder where it went, for good.
    It is now removed wherever it went, as the file held (found through the open handle); a file at the old name
    that is not the one held is left alone."""
    out = tmp_path / "models" / "mine.safetensors"
    handle = rowreader.atomic.take_lock(out)
    moved = tmp_path / "moved"
    (tmp_path / "models").rename(moved)
    (tmp_path / "models").mkdir()
    theirs = rowreader.atomic.lock_path(out)
    theirs.write_bytes(b"")  # another's at the old name, made again
    rowreader.atomic.drop_lock(out, handle)
    assert handle.closed
    assert not (moved / "mine.safetensors.lock").exists()
    assert theirs.exists()


def test_the_teach_pictures_are_written_both_or_neither(qtbot, tmp_path: Path, monkeypatch) -> None:
    """``gui.teach_screenshot`` saved its two pictures one after the other: a disk filling between them left the new
    teach-window.png beside the last run's teach-chart.png, a pair of two runs (and the docs' tests hold the words
    to the window's picture). Both are now written first, then put in place: a failure leaves both as they were."""
    from PySide6.QtGui import QPixmap

    from gui.image_io import save_grabs

    pictures = [tmp_path / "teach-window.png", tmp_path / "teach-chart.png"]
    grab = QPixmap(8, 8)
    grab.fill()
    kind = "a picture of a window"
    save_grabs([(picture, grab) for picture in pictures], kind, {"run": "last run's"})  # RowReader's, so replaceable
    last = [picture.read_bytes() for picture in pictures]
    real, calls = rowreader.atomic._write_temporary, []

    def second_fails(*args):
        calls.append(args)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        return real(*args)

    monkeypatch.setattr(rowreader.atomic, "_write_temporary", second_fails)
    with pytest.raises(OSError, match="No space left on device"):
        save_grabs([(picture, grab) for picture in pictures], kind, {"run": "{}"})
    assert [picture.read_bytes() for picture in pictures] == last
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(p.name for p in pictures)  # no temporary left
    monkeypatch.setattr(rowreader.atomic, "_write_temporary", real)
    save_grabs([(picture, grab) for picture in pictures], kind, {"run": "{}"})
    now = [picture.read_bytes() for picture in pictures]
    assert all(new.startswith(b"\x89PNG") and new != old for new, old in zip(now, last, strict=True))


def test_a_ctrl_i_turned_away_by_a_stroke_says_how_to_read_it_again(qtbot, tmp_path: Path) -> None:
    """Ctrl+I pressed, then a stroke begun before the re-reading came: it is turned away (the drawing kept), and the
    status line said "Not put over your drawing: one.png, which arrived after you began drawing (open, drop or paste
    it again to use it)", though nothing was opened, dropped or pasted, and the picture is still shown under the
    stroke. It now says what was not done and how to have it: Ctrl+Z the strokes, then Ctrl+I."""
    drawing = np.zeros((100, 100), np.uint8)
    drawing[20:80, 45:55] = 255
    picture = tmp_path / "one.png"
    picture.write_bytes(png_bytes(drawing))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.pictures.open_image(picture)
    qtbot.waitUntil(lambda: window.actions_.other_ink.isEnabled(), timeout=10_000)
    window.actions_.other_ink.trigger()
    window.canvas.draw_stroke([(40, 40), (40, 240)])  # before the worker's answer: that needs the event loop
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    qtbot.wait(50)
    assert window.canvas.content.base.source == "one.png" and len(window.canvas.content.strokes) == 1
    assert window.statusBar().currentMessage() == (
        "Not read in the other ink: one.png, drawn on before its reading came (Ctrl+Z your strokes, then Ctrl+I)."
    )
