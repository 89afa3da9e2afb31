"""The forty-ninth round of hostile testing, records: what a training run or a fine-tune writes about itself (the
checkpoint's metadata, the summary ``training.fit.fit`` returns, the lines it prints) read back against what the run
really did, after small runs (``--limit``, one or two epochs, 8 units) and fine-tunes of a tiny base on two drawings
with odd flags; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
from stopped_runs import TINY
from test_robust_forty_seventh_finetunecli import a_thousand_digits
from test_robust_training import a_base_and_two_examples

import training.finetune as finetune_module
from rowreader.checkpoint import read_metadata
from training.arguments import parse_args
from training.config import FitConfig, apply_preset
from training.fit import fit
from training.fit import main as fit_main
from training.resume import finished


def test_the_summary_a_run_returns_counts_the_epochs_it_trained(tmp_path, capsys):
    """``--epochs 2 --train-samples 64`` over 64 digits ends after its first epoch, and its checkpoint records
    ``epochs_trained: 1``; the summary ``fit`` returns (the checkpoint's record, said to be "also written into the
    checkpoint") said 2, the recipe's epochs, not those trained. It says 1, as the checkpoint does."""
    out = tmp_path / "m.safetensors"
    argv = [*TINY[:-2], "--epochs", "2", "--train-samples", "64", "--out", str(out)]
    summary = fit(parse_args(argv))
    metadata = read_metadata(out)
    assert metadata["epochs_trained"] == 1 and metadata["steps"] == 2, metadata
    assert summary["epochs_trained"] == 1, summary["epochs_trained"]
    same = ("epochs_trained", "steps", "test_accuracy", "accuracy_per_row", "dataset", "device", "command")
    assert {k: summary[k] for k in same} == {k: metadata[k] for k in same}
    assert "within 2 epochs" in capsys.readouterr().out


def test_a_fine_tune_records_the_device_it_ran_on(tmp_path, capsys, monkeypatch, tiny_reader):
    """A training run records ``device`` ("cpu (1 thread)"); a fine-tune recorded none, though its start line says
    where it ran ("… on cpu (1 thread)"), so a taught model did not say whether a GPU made it. It records it, in the
    words its start line uses."""
    metadata = _teach(tmp_path, monkeypatch, tiny_reader)
    start = capsys.readouterr().out.splitlines()[0]
    assert start.endswith(" on cpu (1 thread)"), start
    assert metadata.get("device") == "cpu (1 thread)", sorted(metadata)


@pytest.mark.parametrize(("flags", "recorded"), [((), 2), (("--newest", "5"), 2)])
def test_a_fine_tune_records_the_most_of_a_digit_it_taught(tmp_path, capsys, monkeypatch, tiny_reader, flags, recorded):
    """Two drawn 1s taught (the default cap, 100 of each digit, or ``--newest 5``) recorded ``newest_per_digit``
    100 (or 5), the cap, as "the most of each digit taught", where the most taught was 2 and nothing was left out. It
    records the most of one digit taught: the cap where it left older drawings out
    (tests/test_robust_forty_sixth_olderleft.py), else the most there were."""
    examples = _teach(tmp_path, monkeypatch, tiny_reader, *flags)["examples"]
    assert examples["count"] == recorded and examples["left_out"] == 2 - recorded, examples
    assert examples["newest_per_digit"] == recorded, examples


def _teach(tmp_path, monkeypatch, tiny_reader, *flags: str) -> dict:
    """A tiny base taught two drawn 1s with ``flags`` (one step of 16, 1,000 random digits replayed, no folds): the
    taught model's metadata."""
    monkeypatch.setattr(finetune_module, "load_replay", a_thousand_digits)
    base, examples, out = tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, examples, tiny_reader)
    argv = ["--finetune", str(base), "--examples", str(examples), "--out", str(out), "--threads", "1", "--device"]
    argv += ["cpu", "--train-samples", "16", "--batch-size", "16", "--eval-digits", "1000", "--folds", "0", *flags]
    assert fit_main(argv) == 0
    return read_metadata(out)


def test_a_limit_past_the_training_digits_is_refused(tmp_path, capsys):
    """``--limit 100000`` (MNIST has 60,000 training digits) trained on all of them and recorded ``limit: 100000``
    in its recipe, a limit that cut nothing: refused before a step, naming the digits there are and what to give,
    nothing written."""
    out = tmp_path / "m.safetensors"
    argv = ["--device", "cpu", "--limit", "100000", "--batch-size", "512", "--hidden", "8", "--threads", "1"]
    assert fit_main([*argv, "--epochs", "1", "--train-samples", "512", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "--limit 100,000 is more than the 60,000 MNIST training digits" in err, err
    assert not out.exists() and not list(tmp_path.iterdir())


def test_a_finished_seed_run_is_said_to_have_trained_the_samples_it_trained():
    """The seed preset's ``--train-samples`` 100,000 is 781 steps of 128, 99,968 samples (its start line says so);
    a finished run of it was "already finished its 100,000 samples (--train-samples)" on ``--resume``, and "a finished
    run of 100,000 samples" where a new run would replace it, 32 samples it never trained. Said as trained now, the
    count asked for beside it; a count of whole steps is said as before."""
    seed = apply_preset(FitConfig(), "seed").recipe()
    assert finished(seed, 1, 780) is None
    assert finished(seed, 1, 781) == "its 99,968 samples (781 steps of 128; --train-samples 100,000)"
    whole = {**seed, "train_samples": 640, "batch_size": 64}
    assert finished(whole, 1, 10) == "its 640 samples (--train-samples)"
