"""The forty-eighth round of hostile testing, fitflags: ``python -m training.fit`` (a training run and ``--finetune``)
run with each flag at its edges (``--replay 0``, ``--train-samples`` not a whole number of steps or more than the
epochs hold, ``--folds`` and ``--eval-digits`` over what there is, ``--force`` onto the shipped models), then what the
checkpoint records read back against what the run really did; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from stopped_runs import TINY
from test_robust_eighteenth_second_look_cli import a_shipped_model
from test_robust_forty_seventh_finetunecli import a_thousand_digits
from test_robust_training import a_base_and_two_examples, fit

import training.finetune as finetune_module
from rowreader.checkpoint import read_metadata, save_checkpoint
from rowreader.example_store import ExampleStore
from training.arguments import parse_args
from training.augment import augment
from training.config import AUGMENTATIONS
from training.files import OutputError, check_checkpoint_out
from training.fit import main as fit_main


def _ten_digits(base: Path, examples: Path, reader) -> list[str]:
    """``reader`` saved as ``base`` and two different drawings of each digit in ``examples`` (bars, each of its own
    width): the fine-tune's command line's first flags."""
    save_checkpoint(base, reader, {"test_accuracy": 0.5})
    store = ExampleStore(examples)
    for digit in range(10):
        for width in (6 + 9 * digit, 10 + 9 * digit):
            drawing = np.full((100, 100), 255, np.uint8)
            drawing[20:80, 50 - width // 2 : 50 + width // 2] = 0
            store.add(digit, drawing)
    return ["--finetune", str(base), "--examples", str(examples), "--threads", "1"]


def test_a_fine_tune_with_no_replay_teaches_the_examples_alone(tmp_path, capsys, monkeypatch, tiny_reader):
    """``--finetune … --replay 0`` (every digit taught, so the whole batch the person's examples) ended, after the
    base and the examples were read, in torch's "Expected non-zero, positive output size. Got [0, 1, 28, 28]": the
    replay's empty share was distorted as if it held digits. It teaches the examples alone, and says so: no replay
    in its start line (not "mixed with …"), its batch, its dataset or its ``replay_data``."""
    monkeypatch.setattr(finetune_module, "load_replay", a_thousand_digits)
    argv = _ten_digits(tmp_path / "base.safetensors", tmp_path / "examples", tiny_reader)
    out = tmp_path / "mine.safetensors"
    argv += ["--replay", "0", "--folds", "0", "--train-samples", "32", "--batch-size", "16", "--out", str(out)]
    assert fit_main(argv) == 0, capsys.readouterr().err
    metadata = read_metadata(out)
    assert metadata["batch"] == {"examples": 16, "replay": 0} and metadata["replay_data"] is None
    assert metadata["dataset"].endswith(" own examples, no replay"), metadata["dataset"]
    start = capsys.readouterr().out.split("\n")[0]
    assert "; no replay on cpu" in start and "mixed with" not in start, start  # "mixed with random digits", of none
    empty = torch.zeros((0, 28, 28))
    assert augment(empty, AUGMENTATIONS["strong"], torch.Generator().manual_seed(0)).shape == (0, 28, 28)


def test_train_samples_that_are_not_a_whole_number_of_steps_are_refused(tmp_path, capsys):
    """``--train-samples 50 --batch-size 32`` trained one step, 32 samples, and its checkpoint recorded 50 (a
    fine-tune's ``--batch-size 48`` so trained 1,248 of its preset's 1,280, recorded as 1,280). Refused with the
    command line, naming the two counts that are whole steps; a preset's own count not typed over is its own (the
    seed's 100,000 in 781 steps of 128, the tutorial's)."""
    examples = tmp_path / "examples"
    examples.mkdir()
    refused = {
        ("--train-samples", "50", "--batch-size", "32"): "--train-samples 50 is not a whole number of steps of "
        "--batch-size 32: the run would train 32 samples (1 step) and record 50; give --train-samples 32 or 64",
        ("--finetune", str(tmp_path / "base.safetensors"), "--examples", str(examples), "--batch-size", "48"): (
            "--train-samples 1,280 (the finetune preset's) is not a whole number of steps of --batch-size 48: the "
            "run would train 1,248 samples (26 steps) and record 1,280; give --train-samples 1,248 or 1,296"
        ),
    }
    for argv, said in refused.items():
        with pytest.raises(SystemExit) as stop:
            parse_args(list(argv))
        err = capsys.readouterr().err
        assert stop.value.code == 2 and err.rstrip().endswith(said), err
    assert parse_args(["--preset", "seed"]).train_samples == 100_000
    assert parse_args(["--train-samples", "64", "--batch-size", "32"]).train_samples == 64


def test_train_samples_more_than_the_epochs_hold_are_refused_before_a_step(tmp_path, capsys):
    """``--limit 100 --epochs 1 --train-samples 1024 --batch-size 32`` announced "1 epoch × 3 steps of 32", trained
    96 samples and recorded 1,024, not a word of the 928 never trained. Refused before a step, naming the epochs that
    hold them; nothing is written."""
    out = tmp_path / "m.safetensors"
    argv = [*TINY[:-2], "--epochs", "1", "--limit", "100", "--train-samples", "1024", "--out", str(out)]
    assert fit_main(argv) == 2
    err = capsys.readouterr().err
    assert err.rstrip().endswith(
        "--train-samples 1,024 is more than --epochs 1 holds over 100 images (96 samples: 3 steps of 32); give "
        "--epochs 11, or --train-samples 96 or less"
    ), err
    assert not out.exists()


def test_a_fine_tunes_recipe_records_the_folds_and_digits_it_used(tmp_path, capsys, monkeypatch, tiny_reader):
    """``--folds 50 --eval-digits 50000`` on two drawings, with 1,000 test digits to read, made 2 fold models and read
    1,000 digits, and its recipe recorded 50 folds and 50,000 digits (its ``heldout_accuracy`` and ``mnist_eval`` the
    2 and the 1,000): what was asked, beside what was done. The recipe records what the teach did, as it records the
    base's network, not the default one."""
    monkeypatch.setattr(finetune_module, "load_replay", a_thousand_digits)
    base, examples, out = tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, examples, tiny_reader)
    argv = ["--finetune", base, "--examples", examples, "--out", out, "--folds", "50", "--eval-digits", "50000"]
    assert fit_main([*map(str, argv), "--train-samples", "16", "--batch-size", "16", "--threads", "1"]) == 0
    metadata = read_metadata(out)
    recipe = metadata["recipe"]
    assert (metadata["heldout_accuracy"]["folds"], metadata["mnist_eval"]["digits"]) == (2, 1000)
    assert (recipe["folds"], recipe["eval_digits"]) == (2, 1000), recipe
    assert "(2-fold cross-validated)" in capsys.readouterr().out


def test_no_run_writes_over_a_shipped_model_force_or_not(tmp_path, capsys, monkeypatch):
    """``--out rowreader/pretrained/seed.safetensors --force`` wrote an epoch's model over the seed model the app
    compares with (load_pretrained and the app read the shipped one so mid-run), and the run's state and metrics CSV
    into the package beside it; a fine-tune's or a merge's --force replaced it too. The README ships a model by a
    copy made once it is checked (training.ship's last line), never by a run: a shipped model as --out or --metrics
    is refused before any work, --force or not, the folder left as it was."""
    shipped = a_shipped_model(tmp_path, monkeypatch)
    folder = shipped.parent
    before = {path.name: path.read_bytes() for path in folder.iterdir()}
    capsys.readouterr()
    runs = {
        ("--force",): f"--out {shipped} is a model shipped with RowReader",
        (
            "--force",
            "--out",
            str(tmp_path / "m.safetensors"),
            "--metrics",
            str(shipped),
        ): f"--metrics {shipped} is a model shipped",
    }
    for flags, said in runs.items():
        assert fit(tmp_path, *flags, out=str(shipped)) == 2
        err = capsys.readouterr().err
        assert said in err and "no run writes over it, --force or not" in err, err
        assert {path.name: path.read_bytes() for path in folder.iterdir()} == before
    with pytest.raises(OutputError, match="no run writes over it, --force or not"):
        check_checkpoint_out(shipped, force=True)  # a fine-tune's and a merge's --out


def test_a_run_on_part_of_mnist_says_so_where_it_says_what_it_learnt_from(tmp_path, capsys):
    """``--limit 64`` trained on MNIST's first 64 training digits, and the checkpoint's ``dataset`` said "MNIST", which
    the app's About box shows as "Learnt from: MNIST", as of a model that learnt from all 60,000. It names the part."""
    out = tmp_path / "m.safetensors"
    assert fit_main([*TINY[:-2], "--epochs", "1", "--out", str(out)]) == 0
    metadata = read_metadata(out)
    assert metadata["dataset"] == "MNIST's first 64 training digits (--limit)", metadata["dataset"]


def test_teachers_given_no_share_of_the_loss_are_refused(capsys):
    """``--distill-from T --distill-weight 0`` read T every step for nothing (its share of the loss 0: the weights
    were those of the run without it), said "learning the beliefs of 1 reader too", and recorded T among the models
    it learnt from. Refused with the command line, as the other flags that would do nothing are."""
    with pytest.raises(SystemExit) as stop:
        parse_args(["--distill-from", "teacher.safetensors", "--distill-weight", "0"])
    err = capsys.readouterr().err
    assert stop.value.code == 2 and err.rstrip().endswith(
        "--distill-weight 0 gives --distill-from's readers no share of the loss: they would be read every step, "
        "teach nothing and be recorded as teachers; give a weight above 0 (the default is 0.8), or leave out "
        "--distill-from"
    ), err
    assert parse_args(["--distill-from", "teacher.safetensors", "--distill-weight", "0.5"]).distill_weight == 0.5
