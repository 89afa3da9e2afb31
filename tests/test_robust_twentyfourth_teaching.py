"""The twenty-fourth round of hostile testing, teaching: "Teach it my handwriting" end to end, in a real window and
from the command line (3 Dec 2026)."""

from __future__ import annotations

import errno
import json
import os
import shutil
import tempfile
from pathlib import Path

import numpy as np
import pytest
from gui_window import window_without_model
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QMimeData, QUrl

import rowreader
import rowreader.checkpoint
from gui.canvas import UNDO_STEPS
from gui.main_window import MainWindow
from rowreader.checkpoint import SEED_NAME, pretrained_path
from rowreader.example_folder import ExamplesError, load_examples
from rowreader.example_store import ExampleStore
from training.files import OutputError, check_checkpoint_out


def diagonal(shift: int) -> np.ndarray:
    """A 280×280 drawing of a stroke, a different one for every ``shift``: examples that are not the same file."""
    ink = np.full((280, 280), 255, np.uint8)
    for i in range(40, 240):
        ink[i, max(0, min(279, i + shift - 20)) : max(0, min(279, i + shift + 4))] = 0
    return ink


def kept(window: MainWindow, count: int) -> list:
    store = window.teaching.store
    for i in range(count):
        store.add(i % 10, diagonal(i))
    window.teaching.panel.reload()
    return list(window.teaching.panel.found.examples)


def test_every_example_deleted_one_by_one_comes_back_with_ctrl_z(qtbot, tmp_path: Path) -> None:
    """53 examples deleted one by one, then Ctrl+Z 53 times: 50 came back, the first 3 were lost for good with no word
    (the undo history, the drawing's, holds 50 steps). A delete only holds its files' bytes, so every one is kept."""
    window = window_without_model(qtbot, tmp_path)
    examples = kept(window, UNDO_STEPS + 3)
    pictures = {e.path: e.path.read_bytes() for e in examples}
    for example in examples:
        window.teaching.panel.delete(example)
    assert not any(path.exists() for path in pictures)
    for _ in examples:
        window.actions_.undo.trigger()
    assert {path: path.read_bytes() for path in pictures if path.exists()} == pictures


def test_a_deletion_outlives_fifty_edits_of_the_drawing_after_it(qtbot, tmp_path: Path) -> None:
    """An example deleted, then 51 edits of the drawing (25 digits drawn and cleared): Ctrl+Z could no longer bring
    it back. The drawing's last 50 edits undo first, then the next Ctrl+Z brings the example back."""
    window = window_without_model(qtbot, tmp_path)
    (example,) = kept(window, 1)
    picture = example.path.read_bytes()
    window.teaching.panel.delete(example)
    canvas = window.canvas
    for n in range(UNDO_STEPS + 1):
        canvas.load_base(np.eye(28, dtype=np.float32), source=f"{n}.png")
    sources = []
    while canvas.undo_stack.canUndo() and not example.path.exists():
        sources.append(canvas.content.base.source if canvas.content.base is not None else None)
        window.actions_.undo.trigger()
    assert example.path.read_bytes() == picture
    assert sources == [f"{n}.png" for n in range(UNDO_STEPS, 0, -1)] + ["0.png"]  # the 50 edits, then the example
    assert not canvas.undo_stack.canUndo()  # the emptied edit went with it: Undo greys, as after 50 edits alone


def test_undo_greys_after_the_drawings_fifty_edits(qtbot, tmp_path: Path) -> None:
    """With nothing but the drawing's edits, Undo greys after the 50th Ctrl+Z, as it did: the emptied older edits
    are dropped with it, not left for a Ctrl+Z that does nothing."""
    window = window_without_model(qtbot, tmp_path)
    for n in range(UNDO_STEPS + 10):
        window.canvas.load_base(np.eye(28, dtype=np.float32), source=f"{n}.png")
    for _ in range(UNDO_STEPS):
        assert window.actions_.undo.isEnabled()
        window.actions_.undo.trigger()
    assert not window.actions_.undo.isEnabled() and window.canvas.content.base.source == "9.png"


def another_installation(tmp_path: Path) -> Path:
    """A second RowReader beside this one (another clone, another virtualenv's package): its pretrained folder."""
    package = tmp_path / "site-packages" / "rowreader"
    (package / "pretrained").mkdir(parents=True)
    shutil.copy(rowreader.checkpoint.__file__, package / "checkpoint.py")
    for name in (pretrained_path().name, SEED_NAME):
        shutil.copy(pretrained_path().with_name(name), package / "pretrained" / name)
    return package / "pretrained"


@pytest.mark.parametrize("name", [pretrained_path().name, SEED_NAME])
def test_another_installations_shipped_model_is_not_written_over(tmp_path: Path, name: str) -> None:
    """`python -m training.fit --finetune … --out /work/main/rowreader/pretrained/rowreader.safetensors`, run from a
    second clone, wrote its fine-tune over the other checkout's shipped model (which that checkout's app and
    load_pretrained read), unrefused: only this installation's own were known. Refused before any work, and by
    save_checkpoint, unless forced (a run, since the forty-eighth round, forced or not)."""
    shipped = another_installation(tmp_path) / name
    before = shipped.read_bytes()
    (tmp_path / "link.safetensors").symlink_to(shipped)
    for out in (shipped, tmp_path / "link.safetensors"):
        with pytest.raises(OutputError, match="is a model shipped with RowReader"):
            check_checkpoint_out(out, force=False)
        with pytest.raises(FileExistsError, match="it is a model shipped with RowReader"):
            rowreader.save_checkpoint(out, rowreader.load_checkpoint(shipped), {"note": "mine"})
    assert shipped.read_bytes() == before
    with pytest.raises(OutputError, match="no run writes over it, --force or not"):  # since the forty-eighth round
        check_checkpoint_out(shipped, force=True)


def test_a_copy_of_the_shipped_model_outside_a_package_is_the_users_to_write_over(tmp_path: Path) -> None:
    """Only a package's own pretrained folder is guarded: a copy in a folder of the user's named pretrained (no
    RowReader module beside it), or another name in the package's folder, is written as any checkpoint is."""
    mine = tmp_path / "rowreader" / "pretrained" / pretrained_path().name
    mine.parent.mkdir(parents=True)
    shutil.copy(pretrained_path(), mine)
    check_checkpoint_out(mine, force=False)
    other = another_installation(tmp_path) / "mine.safetensors"
    shutil.copy(pretrained_path(), other)
    check_checkpoint_out(other, force=False)


@settings(max_examples=20, deadline=None)
@given(st.integers(0, 9), st.sampled_from(["{}", " {} ", "{}\n"]))
def test_a_sidecar_whose_label_is_the_digit_as_text_says_so(digit: int, written: str) -> None:
    """A sidecar written by another program, its label the text "6", skipped its picture in folder 6 as "sidecar says
    label '6' but the file is in folder 6": a contradiction on its face. It says the label is text, not a number."""
    with tempfile.TemporaryDirectory() as folder:
        store = ExampleStore(folder)
        example = store.add(digit, diagonal(digit))
        data = json.loads(example.sidecar.read_text())
        data["label"] = written.format(digit)
        example.sidecar.write_text(json.dumps(data))
        (problem,) = load_examples(folder).problems
        assert f"label is the text {written.format(digit)!r}, not the number {digit}: write it as {digit}" in problem


def test_a_read_only_models_folder_is_not_met_with_advice_to_choose_another(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+T with the app's models folder on a read-only disk said "…: it is mounted read-only: choose a folder on
    another disk", the command line's advice: the app's models folder is chosen by no setting. It names the folder
    and what teaching needs; an import into a read-only examples folder drops that advice likewise."""
    window = window_without_model(qtbot, tmp_path)
    kept(window, 2)
    models = window.teaching.user_dir / "models"
    examples = window.teaching.store.root
    real_open = os.open

    def read_only(path, *args, **kwargs):
        if Path(path).parent in (models, examples):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), path)
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only)
    base = tmp_path / "base.safetensors"
    shutil.copy(pretrained_path(), base)
    found = window.teaching.store.load()
    monkeypatch.setattr(window.mnist_offer, "ensure", lambda why, then: True)
    window.teaching._start_teaching(base, found)
    title, message = window.last_error
    assert title == "Teaching was not started" and "Read-only file system" in message, message
    assert "choose a folder" not in message and f"teaches in {models}, and nowhere else" in message
    with pytest.raises(ExamplesError) as refused:
        window.teaching.store.import_folder(tmp_path / "mine")
    assert "Read-only file system" in str(refused.value) and "choose a folder" not in str(refused.value)


def test_a_folder_of_examples_dropped_on_the_window_points_to_import(qtbot, tmp_path: Path) -> None:
    """A folder of examples (0/ … 9/) dragged onto the window, as one would onto My examples, said "odd: is a folder,
    not an image" and no word of Import. It names Import; a folder of something else is still not an image."""
    window = window_without_model(qtbot, tmp_path)
    store = ExampleStore(tmp_path / "from a friend")
    store.add(3, diagonal(3))
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(store.root))])
    assert window.pictures.accept_mime(mime, "dropped")
    title, message = window.last_error
    assert title == "Not an image" and "is a folder of examples" in message and "Import examples…" in message
    other = tmp_path / "holiday"
    other.mkdir()
    mime.setUrls([QUrl.fromLocalFile(str(other))])
    window.pictures.accept_mime(mime, "dropped")
    qtbot.waitUntil(lambda: window.last_error is not None and "is a folder, not an image" in window.last_error[1])
