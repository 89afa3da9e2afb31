"""The nineteenth round of hostile testing, teaching: a model taught twice, models that cannot be read, and an
``--out`` reached through a linked digit's folder (2 Dec 2026)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import errno
import shutil
from pathlib import Path

import torch
from conftest import TINY
from gui_window import open_shipped_window, opened_menu

import rowreader
import training.finetune
import training.replay
from gui.taught_models import models_dir
from gui.teaching import Teaching
from rowreader.checkpoint import pretrained_path, read_metadata
from training.fit import main as fit_main

FAST = ["--train-samples", "32", "--batch-size", "16", "--eval-digits", "100", "--threads", "1"]


def test_a_model_taught_again_on_its_own_examples_says_its_held_out_accuracy_is_not(
    tmp_path: Path, mnist_examples: Path, monkeypatch, capsys
) -> None:
    """Ctrl+T twice: the second teach starts from the first's model, which learnt every example, so each fold model
    knows the fold held out from it. Its "held-out" accuracy (100 % → 100 % in the window) was the accuracy on
    drawings it was taught, and nothing said so. It is said (the app shows the line) and recorded; and the base is
    recorded by its whole path: given as a relative one, the app's About box named it from wherever the app ran.
    And the examples read as another digit beyond the 100 named are counted: 100 lines of 180 read as all there were."""
    torch.manual_seed(0)
    files = sorted(f"{p.parent.name}/{p.name}" for p in mnist_examples.glob("*/*.png"))
    metadata = {"test_accuracy": 0.5, "examples": {"count": 17, "files": [*files[:17], "3/gone.png", 7]}}
    rowreader.save_checkpoint(tmp_path / "taught.safetensors", rowreader.RowReader(TINY), metadata)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(training.finetune, "MAX_MISREAD_LISTED", 2)  # a folder of thousands: 100 of 180 were named
    monkeypatch.setattr(training.replay, "PEN_REPLAY_DIGITS", 30)  # drawn in this test's cache: 1,000 took 18 s
    argv = ["--finetune", "taught.safetensors", "--examples", str(mnist_examples), "--out", "again.safetensors", *FAST]
    assert fit_main(argv) == 0
    said = capsys.readouterr()
    seen = "17 of these examples were taught to the model it starts from: not unseen, so held-out accuracy reads high"
    assert f"warning: {seen}\n" in said.err
    assert f"% ({seen})\n" in said.out  # the held-out line at the end
    meta = read_metadata(tmp_path / "again.safetensors")
    assert meta["heldout_accuracy"]["learnt_before"] == 17
    more = meta["heldout_accuracy"]["misread_count"] - 2
    assert more > 0 and f"\n  and {more} more read as another digit (the first 2 are named above)\n" in said.out
    assert meta["finetuned_from"]["path"] == str(tmp_path / "taught.safetensors")


def test_an_out_through_a_linked_digits_folder_is_inside_the_examples(
    tmp_path: Path, mnist_examples: Path, capsys
) -> None:
    """``--examples DIR`` whose ``3`` is a link to the 3s kept elsewhere, and ``--out DIR/3/<a drawing>.png --force``:
    the model was written over the drawing (the check looked for the examples folder itself among --out's
    folders). Refused before anything is read or written."""
    linked = tmp_path / "linked"
    linked.mkdir()
    for digit in range(10):
        (linked / str(digit)).symlink_to(mnist_examples / str(digit), target_is_directory=True)
    drawing = sorted((mnist_examples / "3").glob("*.png"))[0]
    before = drawing.read_bytes()
    out = linked / "3" / "m.safetensors"  # a model's name (a drawing's is refused as none since the 42nd round)
    argv = ["--finetune", str(tmp_path / "none.safetensors"), "--examples", str(linked), "--out", str(out), "--force"]
    assert fit_main([*argv, *FAST]) == 2
    assert f"--out {out} is inside the examples folder {linked}" in capsys.readouterr().err
    assert drawing.read_bytes() == before


def refuse_to_open(monkeypatch, unreadable: Path) -> None:
    """``unreadable`` as a file whose mode forbids reading it is to its user (the tests may run as root)."""
    opened = Path.open

    def guarded(self: Path, *args, **kwargs):
        if self == unreadable:
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(self))
        return opened(self, *args, **kwargs)

    def guarded_os_open(name, *args, **kwargs):  # how a checkpoint is opened (no waiting on a FIFO swapped in)
        if os.fspath(name) == os.fspath(unreadable):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), os.fspath(name))
        return os_open(name, *args, **kwargs)

    os_open = os.open
    monkeypatch.setattr(Path, "open", guarded)
    monkeypatch.setattr(os, "open", guarded_os_open)


def test_a_model_that_cannot_be_read_is_not_called_damaged(qtbot, tmp_path: Path, monkeypatch) -> None:
    """A taught model the user may not read (its mode changed) was listed "(damaged: cannot be read)" in the Models
    menu, and Ctrl+T from it said it was "changed or damaged": words that invite deleting a sound file. Both give
    the system's reason; a file whose bytes are wrong is still called damaged."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    models = models_dir(window.teaching.user_dir)
    models.mkdir(parents=True)
    locked, cut = models / "mine-20260101-000001.safetensors", models / "mine-20260101-000002.safetensors"
    shutil.copyfile(pretrained_path(), locked)
    cut.write_bytes(pretrained_path().read_bytes()[:5000])
    refuse_to_open(monkeypatch, locked)
    texts = [text for text, _ in window.teaching.models_menu.choices()]
    assert "Yours: mine-20260101-000001 (cannot be read: Permission denied)" in texts
    assert "Yours: mine-20260101-000002 (damaged: cannot be read)" in texts
    why = Teaching._base_unusable(locked)
    assert why is not None and why.startswith(f"The model in use cannot be read any more: {locked}: cannot read")
    assert "damaged" not in why and "Permission denied" in why
    assert "(changed or damaged since it was opened)" in str(Teaching._base_unusable(cut))


def test_the_models_menu_keeps_the_model_in_use_and_says_one_was_taught_again(qtbot, tmp_path: Path) -> None:
    """The model in use deleted in a file manager: the Models menu listed it no more and marked none, as if the window
    read with nothing; it is listed, marked, saying why it cannot be chosen. And a model taught again on its own
    examples was listed "(your examples 100.0% → 100.0%)", the figures the dialog warned of, with no word of it."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    models = models_dir(window.teaching.user_dir)
    models.mkdir(parents=True)
    again = models / "mine-20260101-000001.safetensors"
    held = {"before": 1.0, "after": 1.0, "learnt_before": 30}
    rowreader.save_checkpoint(again, rowreader.RowReader(TINY), {"heldout_accuracy": held})
    in_use = models / "mine-20260101-000002.safetensors"
    shutil.copyfile(pretrained_path(), in_use)
    window.open_model(in_use)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == in_use and not window.tasks.busy, timeout=20_000)
    in_use.unlink()
    choices = {path: text for text, path in window.teaching.models_menu.choices()}
    assert choices[again] == "Yours: mine-20260101-000001 (your examples 100.0% → 100.0%, 30 taught before)"
    assert choices[in_use] == "Yours: mine-20260101-000002 (cannot be read: No such file or directory)"
    opened_menu(window.teaching.models_menu)
    checked = [a.text() for a in window.teaching.models_menu.actions() if a.isChecked()]
    assert checked == [choices[in_use]]
