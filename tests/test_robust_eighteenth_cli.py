"""The eighteenth round of hostile testing, the command lines: `training.fit`, `training.ship`,
`training.unipen_convert` and friends, given what a demanding user gives them."""

from __future__ import annotations

from pathlib import Path

from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.atomic import atomic_write_bytes
from rowreader.checkpoint import checkpoint_bytes, load_checkpoint, read_metadata


def rewrite_metadata(path: Path, **changes: object) -> None:
    """The checkpoint at ``path`` with ``changes`` to its metadata, its weights as they are."""
    checkpoint = load_checkpoint(path)
    atomic_write_bytes(path, checkpoint_bytes(checkpoint, {**checkpoint.metadata, **changes}))


def test_a_resume_reads_the_drawn_digits_number_not_the_dataset_words(tmp_path, capsys, monkeypatch):
    """A resumed run read how many synthetic drawn digits its run began with out of the checkpoint's free-text
    "dataset" ("MNIST + 10 synthetic drawn digits"): worded otherwise (thousands written "1,000", say), a run was
    refused as "trained on 0 synthetic drawn digits". The checkpoint records the number (``drawn_digits``), which
    the resume compares; the words are only read from a checkpoint written before it."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "1", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    assert read_metadata(model)["drawn_digits"] == 10
    rewrite_metadata(model, dataset="MNIST and ten drawn digits")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 0, capsys.readouterr().err
    assert read_metadata(model)["epochs_trained"] == 2 and read_metadata(model)["drawn_digits"] == 10


def test_a_resume_of_other_drawn_digits_is_refused_by_their_recorded_number(tmp_path, capsys, monkeypatch):
    """The number recorded rules, whatever the words say; a checkpoint without it (written before this round) is
    judged by its words, as before."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "1", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    rewrite_metadata(model, drawn_digits=100)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 2
    assert "was trained on 100 synthetic drawn digits, and this version draws 10" in capsys.readouterr().err
    older = {k: v for k, v in load_checkpoint(model).metadata.items() if k != "drawn_digits"}
    atomic_write_bytes(model, checkpoint_bytes(load_checkpoint(model), {**older, "dataset": "MNIST"}))
    assert "drawn_digits" not in read_metadata(model)
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 2
    assert "was trained on 0 synthetic drawn digits, and this version draws 10" in capsys.readouterr().err
