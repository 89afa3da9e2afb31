"""The twentieth round of hostile testing, teaching: a line of models taught one from another, names too long to
write again, … (2 Dec 2026)."""

from __future__ import annotations

import hashlib
import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil
from dataclasses import replace
from pathlib import Path

import pytest
import torch
from conftest import TINY
from gui_window import open_shipped_window, teach_under_way

import rowreader
import rowreader.atomic
import rowreader.example_folder
import rowreader.example_store
from rowreader.checkpoint import pretrained_path
from rowreader.example_folder import ExamplesError, by_file_alone, load_examples
from rowreader.example_store import COPIED, ExampleStore, Imported
from training.config import FitConfig, apply_preset
from training.finetune import finetune, learnt_before, taught_files
from training.replay import ReplayData

TOO_LONG = "its name is too long to write there once a write's temporary name is made of it (22 more), not copied"


def _names(folder: Path) -> list[str]:
    return sorted(f"{p.parent.name}/{p.name}" for p in folder.glob("*/*.png"))


def _taught(path: Path, files: list[str], base: Path | None, **more) -> Path:
    """A model taught by an older version from ``base`` on ``files``: it records its own files only."""
    metadata: dict = {"test_accuracy": 0.5, "examples": {"files": files, **more}}
    if base is not None:
        digest = hashlib.sha256(base.read_bytes()).hexdigest()
        metadata["finetuned_from"] = {"path": str(base), "sha256": digest}
    rowreader.save_checkpoint(path, rowreader.RowReader(TINY), metadata)
    return path


def test_taught_before_counts_what_every_model_of_the_line_learnt(
    tmp_path: Path, mnist_examples: Path, mnist_test
) -> None:
    """Teach A from the shipped model, B from A, C from B: C's "taught before" counted B's files only, so the 5
    examples A learnt that B's folder lacked (deleted then, brought back since) were called unseen, and C's held-out
    accuracy read high without a word. The line is followed back while each base is the file it was taught from
    (an A since changed is not), and each taught model records the line's files for the next."""
    torch.manual_seed(0)
    files = _names(mnist_examples)
    a = _taught(tmp_path / "a.safetensors", files[:12], None)
    b = _taught(tmp_path / "b.safetensors", files[7:14], a)  # 7…11 in both: counted once
    base = rowreader.load_checkpoint(b)
    examples = load_examples(mnist_examples)
    old = sorted(by_file_alone(name) for name in files[:14])  # an older version's names: the file alone
    assert taught_files(base.metadata) == set(old)
    config = replace(apply_preset(FitConfig(), "finetune"), train_samples=16, batch_size=16, eval_digits=20, folds=0)
    images, labels = torch.tensor(mnist_test[0][:40]), torch.tensor(mnist_test[1][:40]).long()
    c = finetune(base, examples, ReplayData(images, labels, images, labels), config).metadata
    assert c["heldout_accuracy"]["learnt_before"] == 14
    assert c["examples"]["taught_before"] == old
    rowreader.save_checkpoint(tmp_path / "c.safetensors", rowreader.RowReader(TINY), c)
    a.write_bytes(b"A written anew since")  # the line is read from the model recorded, whatever became of A
    assert taught_files(rowreader.checkpoint.read_metadata(tmp_path / "c.safetensors")) == set(files) | set(old)
    # B's own; A is no longer the file it was
    assert learnt_before(rowreader.load_checkpoint(b), examples) == 7


def test_a_line_that_loops_or_names_nothing_ends(tmp_path: Path) -> None:
    """Following the line back reads headers only, and stops at a base that is gone, not a checkpoint, or not the
    very file: recorded by hand, a model may name itself or a folder as its base."""
    folder = tmp_path / "a folder"
    folder.mkdir()
    for base in ({"path": str(folder), "sha256": "0" * 64}, {"path": 7}, "shipped", {"path": str(tmp_path / "x")}):
        metadata = {"examples": {"files": ["3/a.png", 4]}, "finetuned_from": base}
        assert taught_files(metadata) == {"3//a.png"}  # recorded as an older version did: the file alone
    itself = tmp_path / "itself.safetensors"
    rowreader.save_checkpoint(itself, rowreader.RowReader(TINY), {"examples": {"files": ["1/b.png"]}})
    looped = {"examples": {"files": ["1/b.png"]}, "finetuned_from": {"path": str(itself), "sha256": "ab"}}
    assert taught_files(looped) == {"1//b.png"}


def test_an_example_with_a_name_too_long_to_write_again_is_brought_back_moved_and_exported(
    tmp_path: Path, mnist_examples: Path
) -> None:
    """A picture of the user's own in the examples folder with a 240-character name (the file system takes 255,
    a write's temporary 22 more): deleted, Undo failed on its name ("[Errno 36] File name too long") for as long
    as the app ran, and it was gone at its close; a move failed alike, and an export ended at it, the digits after
    it never written. Undo and a move write it under a new name; the export names it and goes on."""
    store = ExampleStore(mnist_examples)
    own = mnist_examples / "3" / ("a" * 236 + ".png")
    picture = next((mnist_examples / "3").glob("*.png")).read_bytes()
    own.write_bytes(picture)
    (example,) = [e for e in store.load().examples if e.path == own]
    back = store.restore(store.remove(example))
    assert back.path.parent == own.parent and back.path.read_bytes() == picture and not own.exists()
    back.path.rename(own)
    (example,) = [e for e in store.load().examples if e.path == own]
    moved = store.relabel(example, 5)
    assert moved.path.parent.name == "5" and moved.path.read_bytes() == picture and not own.exists()
    moved.path.rename(mnist_examples / "3" / own.name)
    written, skipped, _ = store.export_folder(tmp_path / "out")
    assert written == 20 and skipped == [f"{tmp_path / 'out' / '3' / own.name}: {TOO_LONG}"]
    assert len(list((tmp_path / "out").glob("9/*.png"))) == 2


def test_a_base_deleted_while_it_was_taught_is_not_offered_to_switch_back_to(qtbot, tmp_path: Path) -> None:
    """The model taught from deleted mid-teach: the dialog ended "Switch back loses nothing" beside Switch back and
    Compare both, which then said it was gone. It says so at once, and offers and advises neither."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    base = tmp_path / "base.safetensors"
    shutil.copyfile(pretrained_path(), base)
    window.open_model(base)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == base and not window.tasks.busy, timeout=20_000)
    taught = teach_under_way(window, base, "mine-20261202-120000-abcdef.safetensors", heldout=[(0, 1.0), (2, 1.0)])
    shutil.copyfile(pretrained_path(), taught)
    base.unlink()
    teaching._taught(taught)
    dialog = teaching.dialog
    assert dialog.status.text().endswith("The model it was taught from, base.safetensors, is gone.")
    assert dialog.switch_back_button.isHidden() and dialog.compare_button.isHidden()
    assert "teaching had nothing to fix.\n" in dialog.summary.text() and "Switch back" not in dialog.summary.text()
    qtbot.waitUntil(lambda: window.session.checkpoint.path == taught and not window.tasks.busy, timeout=20_000)


def test_an_import_says_how_far_it_has_come_and_counts_as_the_dock_does(
    qtbot, tmp_path: Path, mnist_examples: Path, monkeypatch
) -> None:
    """5,000 examples imported on a busy machine took over a minute and a half: the status bar said "Importing…"
    alone, and that for its first minute only (then nothing), and at the end "Imported 5000 example(s)" beside the
    dock's "5,000 examples". It says how many are read, then copied, and counts them with commas."""
    for module in (rowreader.example_folder, rowreader.example_store):  # the reading and the copying
        monkeypatch.setattr(module, "PROGRESS_EVERY_S", 0)
    said: list[tuple[str, int, int]] = []
    imported = ExampleStore(tmp_path / "mine").import_folder(mnist_examples, progress=lambda *a: said.append(a))
    assert len(imported.added) == 20 and ("read", 0, 20) in said and (COPIED, 19, 20) in said
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")

    def many(folder, stop, progress) -> Imported:
        progress("read", 1234, 5000)
        return Imported([], [], 5678)

    monkeypatch.setattr(window.teaching.store, "import_folder", many)
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.teaching.import_folder(mnist_examples)
    qtbot.waitUntil(lambda: window.teaching.importing == 0, timeout=20_000)
    assert f"Importing examples from {mnist_examples}… (1,234 of 5,000 read)" in messages
    assert messages[-1] == "Imported 0 examples from examples; 5,678 were kept already"


def test_a_second_import_into_one_folder_while_the_first_runs_is_refused(tmp_path: Path, mnist_examples: Path) -> None:
    """One folder imported twice at once (picked again while the first ran, or in a second RowReader window): each
    found none of its pictures kept yet, and all 40 of 20 were on disk, every example doubled. The second is refused
    before anything is read, and imports again once the first is done, its pictures then kept already."""
    store = ExampleStore(tmp_path / "mine")
    store.root.mkdir()
    running = rowreader.atomic.take_lock(store.root / ".import")  # the first import, as another process holds it
    with pytest.raises(ExamplesError, match=f"^another import into {store.root} is running \\(in another RowReader "):
        store.import_folder(mnist_examples)
    assert not list(store.root.glob("*/*"))
    rowreader.atomic.drop_lock(store.root / ".import", running)
    assert len(store.import_folder(mnist_examples).added) == 20
    assert store.import_folder(mnist_examples).already_kept == 20 and sorted(os.listdir(store.root)) == list(
        "0123456789"
    )
