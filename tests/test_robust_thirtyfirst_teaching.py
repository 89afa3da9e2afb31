"""The thirty-first round of hostile testing, teaching: "teach it my handwriting" (the app's Ctrl+T and
`python -m training.finetune`) stopped, killed and fed as a careless user would, at the moments the earlier rounds
did not try (the model's own write)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
import torch
from PIL import Image

import training.finetune as finetune_module
from rowreader.checkpoint import ReaderConfig, is_checkpoint, load_checkpoint, save_checkpoint
from rowreader.network import RowReader
from training.fit import main as fit_main
from training.replay import ReplayData

POSIX = pytest.mark.skipif(not hasattr(signal, "SIGHUP"), reason="SIGHUP is POSIX's")


def _examples(folder: Path, digits=range(10), each: int = 3) -> Path:
    """``each`` different bar drawings of every digit in ``digits``, in the ImageFolder layout: a tick at its own
    height on each (bars alike but for their length are one 28×28 input once centred and scaled, copies a teach sets
    aside)."""
    for digit in digits:
        (folder / str(digit)).mkdir(parents=True)
        for k in range(each):
            picture = Image.new("L", (28, 28), 0)
            picture.paste(255, (4 + 2 * digit, 4 + k, 8 + 2 * digit, 22))
            picture.paste(255, (8 + 2 * digit, 6 + 4 * k, 10 + 2 * digit, 8 + 4 * k))  # a tick: no two alike
            picture.save(folder / str(digit) / f"{k}.png")
    return folder


def _tiny_replay(config, pool: int = 20_000) -> ReplayData:
    """A few random digits to replay and to measure on: the fine-tune's steps without MNIST's seconds of loading."""
    gen = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (64, 28, 28), generator=gen, dtype=torch.uint8)
    labels = torch.arange(64) % 10
    return ReplayData(images, labels, images[:20], labels[:20], name="random digits")


def _fine_tune_argv(tmp_path: Path, out: Path) -> list[str]:
    base = tmp_path / "base.safetensors"
    save_checkpoint(base, RowReader(ReaderConfig(hidden_size=8)))
    examples = _examples(tmp_path / "examples")
    return ["--finetune", str(base), "--examples", str(examples), "--out", str(out), "--threads", "1", "--folds", "0",
            "--train-samples", "32", "--batch-size", "32"]  # fmt: skip


@POSIX
@pytest.mark.parametrize("stop", [signal.SIGHUP, signal.SIGTERM, signal.SIGINT])
def test_a_stop_as_the_taught_model_is_put_in_place_does_not_say_nothing_was_written(
    tmp_path, capsys, monkeypatch, stop
):
    """SIGHUP (the terminal closed) the moment the fine-tuned model was renamed into place (`strace -e
    inject=rename:delay_enter=4s`, SIGHUP sent in the delay) ended `python -m training.finetune` with "stopped by
    SIGHUP; nothing was written to OUT", status 129, and OUT there, a whole 1.6-MB model: the user, told nothing was
    kept, teaches again or never looks. It says that the model was written, whole, where it is."""
    out = tmp_path / "taught" / "me.safetensors"
    real_save = finetune_module.save_checkpoint

    def saved_then_stopped(*args, **kwargs):
        real_save(*args, **kwargs)
        signal.raise_signal(stop)  # arrives as the rename returns: Python answers it at the next bytecode

    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    monkeypatch.setattr(finetune_module, "save_checkpoint", saved_then_stopped)
    argv = _fine_tune_argv(tmp_path, out)
    capsys.readouterr()
    assert fit_main(argv) == 128 + stop
    err = capsys.readouterr().err
    assert is_checkpoint(out) and load_checkpoint(out).metadata["finetuned_from"]  # whole, and taught
    assert "nothing was written" not in err, err
    assert f"as the fine-tuned model was written; it is whole, in {out}" in err, err
    assert not list(out.parent.glob("*.lock")) and not list(out.parent.glob(".*.tmp"))


@POSIX
def test_a_stop_before_the_model_is_written_still_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    """The other side of the line: a stop as the save begins, before anything is renamed, writes nothing, and says so
    (an earlier model at OUT, the user's, is kept as it was; a fine-tune's, the one kind a fine-tune replaces)."""
    out = tmp_path / "me.safetensors"
    earlier = {"mine": "the one before", "finetuned_from": {"path": "base.safetensors"}}
    save_checkpoint(out, RowReader(ReaderConfig(hidden_size=8)), earlier)
    before = out.read_bytes()

    def stopped_first(*args, **kwargs):
        signal.raise_signal(signal.SIGHUP)

    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    monkeypatch.setattr(finetune_module, "save_checkpoint", stopped_first)
    argv = _fine_tune_argv(tmp_path, out)
    capsys.readouterr()
    assert fit_main(argv) == 128 + signal.SIGHUP
    assert f"stopped by SIGHUP; nothing was written to {out}" in capsys.readouterr().err
    assert out.read_bytes() == before


def test_a_fine_tune_over_a_model_already_there_says_it_replaces_it(tmp_path, capsys, monkeypatch):
    """`--out mine.safetensors` given again (last week's taught model there) replaced that model at the end without
    a word, where training over a run's checkpoint says so; a link there was replaced by a file, silently too. Both
    are said before any work, and the model linked to is kept."""
    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    out = tmp_path / "mine.safetensors"
    argv = _fine_tune_argv(tmp_path, out)
    assert fit_main(argv) == 0
    taught = out.read_bytes()
    capsys.readouterr()
    assert fit_main(argv) == 0
    err = capsys.readouterr().err
    assert (
        f"note: {out} holds a model taught from base.safetensors on 30 examples; the fine-tuned model replaces it"
        in err
    )
    elsewhere = tmp_path / "elsewhere.safetensors"
    elsewhere.write_bytes(taught)
    out.unlink()
    out.symlink_to(elsewhere)
    assert fit_main(argv) == 0
    err = capsys.readouterr().err
    held = "which holds a model taught from base.safetensors on 30 examples"  # the link's model too (42nd round)
    assert f"note: {out} is a link to {elsewhere}, {held}; the fine-tuned model replaces the link" in err, err
    assert elsewhere.read_bytes() == taught and not out.is_symlink() and is_checkpoint(out)


def test_a_taught_models_temporary_left_by_a_kill_goes_at_a_later_start_though_its_lock_went_before(tmp_path):
    """The app and its fine-tune killed (`kill -9`) as the model was renamed into place (strace delaying the rename),
    the app started again 20 s later: that start removed the `.lock` (its writer dead) and left the 1.6-MB hidden
    temporary, under a minute old; every start after looked for locks only, so the temporary stayed for good. A
    later start removes it (a young one too, since the forty-second round: unlocked, a dead writer's at any age);
    one a live writer holds, and a file not a taught model's are kept."""
    from gui.taught_models import TAUGHT_PREFIX, models_dir, sweep_models_folder
    from rowreader.atomic import lock_file

    folder = models_dir(tmp_path)
    folder.mkdir()
    old = time.time() - 120
    orphan = folder / f".{TAUGHT_PREFIX}20261203-153030-e407dc.safetensors.16508b997db9579e.tmp"
    young = folder / f".{TAUGHT_PREFIX}20261203-153031-aaaaaa.safetensors.0123456789abcdef.tmp"
    held = folder / f".{TAUGHT_PREFIX}20261203-153032-bbbbbb.safetensors.fedcba9876543210.tmp"
    other = folder / ".notes.txt.0123456789abcdef.tmp"  # not a taught model's: the app leaves it
    for path in (orphan, young, held, other):
        path.write_bytes(b"x" * 1000)
    for path in (orphan, held, other):
        os.utime(path, (old, old))
    with open(held, "rb+") as writer:
        assert lock_file(writer.fileno())  # a live writer's: still being written
        sweep_models_folder(tmp_path)
    assert not orphan.exists() and not young.exists()
    assert held.exists() and other.exists()
