"""The twenty-ninth round's app defects: the app killed at bad moments (Ctrl+S, a delete or a move), the last
round's leftovers decided; each test checked to fail on the code before its fix."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtWidgets import QMessageBox

import rowreader.atomic
from rowreader.atomic import lock_file


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
    write's temporary of that name, unlocked, goes (at any age since the fifty-sixth round); one held (a save under
    way in another copy) and the user's own hidden files stay."""
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
    writing = os.open(fresh, os.O_RDONLY)  # a write under way holds its temporary's lock until its rename
    try:
        assert lock_file(writing)
        window.saving.save_drawing(tmp_path / "digit.png")
    finally:
        os.close(writing)
    left = sorted(p.name for p in tmp_path.iterdir() if p.name.startswith(".digit"))
    assert left == sorted([fresh.name, own.name])


class Killed(BaseException):
    """The process ended here (SIGKILL): no handler of the code under test runs."""


@pytest.mark.parametrize("step", ["delete", "move"])
def test_twentyninth_app_a_delete_or_move_killed_between_its_deletes_leaves_no_hidden_strokes(
    tmp_path: Path, monkeypatch, step: str
) -> None:
    """A delete (or a Move, which deletes the example once copied) removed the picture, then its strokes' NAME.json:
    killed between the two (measured: `kill -9` while strace held the second unlink), NAME.json stayed alone, which
    no reading shows ("0 examples, 0 problems"), in the user's folder for good. The strokes go first: what a kill
    there leaves is an example the folder's reading lists."""
    import numpy as np

    from rowreader.example_folder import PenStroke
    from rowreader.example_store import ExampleStore

    store = ExampleStore(tmp_path / "examples")
    ink = np.full((280, 280), 255, np.uint8)
    ink[40:240, 120:150] = 0
    kept = store.add(1, ink, (PenStroke(((140.0, 40.0), (140.0, 240.0)), 28.0),))
    real, deleted = Path.unlink, []

    def killed_at_the_second(path: Path, missing_ok: bool = False) -> None:
        if path.parent == kept.path.parent:
            deleted.append(path.name)
            if len(deleted) == 2:
                raise Killed
        real(path, missing_ok=missing_ok)

    monkeypatch.setattr(Path, "unlink", killed_at_the_second)
    with pytest.raises(Killed):
        store.remove(kept) if step == "delete" else store.relabel(kept, 7)
    monkeypatch.undo()
    files = sorted(p.relative_to(tmp_path / "examples") for p in (tmp_path / "examples").rglob("*") if p.is_file())
    lone = [f for f in files if f.suffix == ".json" and f.with_suffix(".png") not in files]
    found = ExampleStore(tmp_path / "examples").load()
    assert not lone, f"{lone} left with no picture: {len(found.examples)} examples, {len(found.problems)} problems"
    assert kept.path in [example.path for example in found.examples]  # still there, to delete again


def test_twentyninth_app_the_seed_model_in_use_is_remembered_by_its_name(qtbot, tmp_path: Path) -> None:
    """Switched to the seed model (Models ▸ Compared: seed.safetensors), the app saved its whole path
    (measured: `…/wt/app/rowreader/pretrained/seed.safetensors`), as the shipped model's was until the last round:
    a start from another installation (a new clone or venv) read that one's seed model, or said "The last model
    used, seed.safetensors, is gone" once it was removed. It is remembered by its name, and the next start reads the
    seed model of the installation it starts from."""
    from PySide6.QtCore import QSettings

    from gui.comparing import SEED_MODEL
    from gui.main_window import MainWindow
    from gui.model_loading import MODEL_KEY

    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.open_model(SEED_MODEL)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == SEED_MODEL and not window.tasks.busy, timeout=20_000)
    ini = str(tmp_path / "settings.ini")
    remembered = QSettings(ini, QSettings.Format.IniFormat).value(MODEL_KEY)
    assert remembered == SEED_MODEL.name, f"remembered as {remembered}"
    window.close()
    again = MainWindow(settings=QSettings(ini, QSettings.Format.IniFormat), user_dir=tmp_path / "mine")
    qtbot.addWidget(again)
    qtbot.waitUntil(lambda: again.session.checkpoint is not None and not again.tasks.busy, timeout=20_000)
    assert again.session.checkpoint.path == SEED_MODEL, again.statusBar().currentMessage()


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(st.characters(codec="utf-8", exclude_characters="/\0"), min_size=1, max_size=12).map(
        lambda text: f"m{text}\n.safetensors"
    )
)
def test_twentyninth_app_a_model_named_with_a_newline_is_named_on_one_line(qtbot, tmp_path: Path, name: str) -> None:
    """`python -m gui --checkpoint $'/tmp/new\\nline.safetensors'` (a file that is no model): the error box said
    "/tmp/new" on one line and "line.safetensors: not a readable safetensors file …" on the next, as if it named
    another file; `rowreader predict` says the same name as one line (`new\\nline.safetensors`). The box does too."""
    from rowreader.output import one_line

    path = tmp_path / name
    path.write_bytes(b"x")
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.open_model(path)
    qtbot.waitUntil(lambda: window.last_error is not None and not window.tasks.busy, timeout=20_000)
    said = window.last_error[1].split("\n\n")[0]
    assert "\n" not in said and one_line(name) in said, said
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    window.close()


def test_twentyninth_app_a_picture_named_with_a_newline_is_named_on_one_line(qtbot, tmp_path: Path) -> None:
    """The same for pictures: Open image of `new\\nline.png` (no picture) and Ctrl+S into a folder `no\\nfolder` that
    is not there were said over two lines each, in the error box and the status bar."""
    from rowreader.output import one_line

    bad = tmp_path / "new\nline.png"
    bad.write_bytes(b"not a picture")
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    window.pictures.open_image(bad)
    qtbot.waitUntil(lambda: window.last_error is not None and not window.tasks.busy, timeout=20_000)
    assert "\n" not in window.last_error[1] and one_line(bad.name) in window.last_error[1], window.last_error
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    with pytest.raises(OSError):
        window.saving.save_drawing(tmp_path / "no\nfolder" / "seven.png")
    assert "\n" not in window.last_error[1] and "no\\nfolder" in window.last_error[1], window.last_error
    window.error_dialog.done(QMessageBox.StandardButton.Ok)
