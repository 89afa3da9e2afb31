"""The fiftieth round of hostile testing, records2: what a training run writes about itself (its checkpoint's
metadata, its training state) held against what it did, for runs cut short by ``--limit``, stopped and resumed, and
begun by an older version; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from stopped_runs import TINY, stopped_in_the_second_epoch

import training.fit as fit_module
from rowreader.checkpoint import load_checkpoint, read_metadata, save_checkpoint
from training.config import FitConfig
from training.fit import fit
from training.state import state_path


def test_a_presets_samples_past_what_the_limit_leaves_are_recorded_as_trained(tmp_path, capsys):
    """``--preset seed --limit 1000`` trained 2 epochs of 7 steps (1,792 samples) and recorded the preset's
    ``train_samples`` 100,000, which it never could have trained, without a word (typed, the same count is refused
    before a step). The preset's count, not typed, is cut to what the epochs hold: the run is the same step for
    step, it says so, and its recipe records the samples it trained."""
    out = tmp_path / "seed.safetensors"
    argv = ["--preset", "seed", "--hidden", "8", "--limit", "256", "--epochs", "1", "--device", "cpu"]
    assert fit_module.main([*argv, "--threads", "1", "--out", str(out)]) == 0
    err = capsys.readouterr().err
    assert (
        "note: the seed preset's 100,000 training samples are more than --epochs 1 holds over 256 images; the run "
        "trains those it holds, 256 samples (2 steps of 128), and records so" in err
    ), err
    metadata = read_metadata(out)
    assert metadata["steps"] == 2 and metadata["recipe"]["train_samples"] == 256, metadata["recipe"]
    assert metadata["recipe"]["train_samples"] == metadata["steps"] * metadata["recipe"]["batch_size"]


def test_a_presets_samples_cut_to_its_epochs_are_not_a_difference_on_resume(tmp_path, capsys, monkeypatch):
    """With the seed preset's count cut to what its epochs hold, the very command that began the run, ``--resume``
    added, was told "note: resuming with the saved recipe, not this command's train_samples 100000 (the run's:
    512)", a setting nobody typed. The same recipe, it goes on without a note, and records the samples trained."""
    out = tmp_path / "seed.safetensors"
    argv = [
        "--preset",
        "seed",
        "--hidden",
        "8",
        "--limit",
        "256",
        "--epochs",
        "2",
        "--device",
        "cpu",
        "--out",
        str(out),
    ]
    stopped_in_the_second_epoch(monkeypatch, [*argv, "--threads", "1"])
    capsys.readouterr()
    assert fit_module.main([*argv, "--threads", "1", "--resume"]) == 0
    assert "note:" not in capsys.readouterr().err
    metadata = read_metadata(out)
    assert metadata["steps"] == 4 and metadata["recipe"]["train_samples"] == 512 and metadata["epochs_trained"] == 2


def _a_run_begun_with_teachers_at_weight_0(folder: Path, monkeypatch) -> Path:
    """A run of three epochs learning from a teacher, stopped by SIGTERM in its second, whose checkpoint and state
    then record ``--distill-weight 0``, as a version before the forty-eighth round wrote them."""
    teacher, out = folder / "teacher.safetensors", folder / "run.safetensors"
    assert fit_module.main([*TINY[:-2], "--epochs", "1", "--out", str(teacher)]) == 0
    stopped_in_the_second_epoch(monkeypatch, [*TINY, "--distill-from", str(teacher), "--distill-weight", "0.5",
                                               "--out", str(out)])  # fmt: skip
    saved = torch.load(state_path(out), weights_only=False)
    saved["config"]["distill_weight"] = 0.0
    torch.save(saved, state_path(out))
    checkpoint = load_checkpoint(out)
    metadata = {**checkpoint.metadata, "recipe": {**checkpoint.metadata["recipe"], "distill_weight": 0.0}}
    save_checkpoint(out, checkpoint, metadata, force=True)
    return out


def test_a_run_begun_with_distill_weight_0_by_an_older_version_is_resumed(tmp_path, capsys, monkeypatch):
    """A run begun with ``--distill-from T --distill-weight 0`` before such a run was refused could not go on:
    ``--resume`` said its state "holds a damaged recipe (… give a weight above 0 …, or leave out --distill-from)",
    flags --resume ignores, and the epochs were lost. The refusal is of a new run's command: a saved run goes on with
    the recipe it began with, and records it; a new run of that recipe is still refused, by the library too."""
    out = _a_run_begun_with_teachers_at_weight_0(tmp_path, monkeypatch)
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 0, capsys.readouterr().err
    metadata = read_metadata(out)
    assert metadata["epochs_trained"] == 3 and metadata["recipe"]["distill_weight"] == 0.0
    assert len(metadata["distilled_from"]) == 1 and "damaged" not in capsys.readouterr().err
    teacher = str(tmp_path / "teacher.safetensors")
    new = FitConfig(distill_from=[teacher], distill_weight=0.0, out=str(tmp_path / "new.safetensors"))
    with pytest.raises(ValueError, match="--distill-weight 0 gives --distill-from's readers no share of the loss"):
        fit(new)
    assert not (tmp_path / "new.safetensors").exists()


def test_a_recipe_this_version_refuses_is_not_called_damaged_on_resume(tmp_path, capsys, monkeypatch):
    """A saved run whose recipe this version refuses (an ``--lr`` below 2^-32, refused since the second of December)
    was "holds a damaged recipe (…)", though a version before had run it, and nothing said what to do. It names both
    causes and the two ways on; nothing is written."""
    out = tmp_path / "run.safetensors"
    stopped_in_the_second_epoch(monkeypatch, [*TINY, "--out", str(out)])
    saved = torch.load(state_path(out), weights_only=False)
    saved["config"]["lr"] = 1e-12
    torch.save(saved, state_path(out))
    before = out.read_bytes()
    capsys.readouterr()
    assert fit_module.main([*TINY, "--resume", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--resume: {state_path(out)} holds a recipe this version does not run (--lr 1e-12 " in err, err
    assert err.rstrip().endswith(
        "damaged, or begun by another version; resume with the version that began the run, or start the run again "
        "without --resume"
    ), err
    assert out.read_bytes() == before
