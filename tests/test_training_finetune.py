"""Fine-tuning on a person's examples: the exact command line, its errors, cancelling, the held-out folds."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import TINY, run_with_stdout_gone
from PIL import Image

import rowreader
import training.replay
from rowreader.example_folder import load_examples, picture_kinds
from rowreader.example_store import ExampleStore
from training.config import FitConfig, apply_preset
from training.finetune import (
    FinetuneCancelled,
    examples_per_batch,
    finetune,
    make_folds,
)
from training.fit import main
from training.merge import main as merge_main
from training.pen_data import train_writers_digits
from training.replay import load_replay

REPO = Path(__file__).resolve().parents[1]
FAST = ["--train-samples", "64", "--batch-size", "16", "--eval-digits", "200", "--threads", "1"]


@pytest.fixture(scope="module")
def train_writers() -> list:
    """UNIPEN's train writers' digits ($ROWREADER_UNIPEN), read once for this file's replay tests: each read checks
    every point of 15,003 digits (8 s alone, 20 s loaded), and three reads were most of two tests' 60 s and 45 s."""
    return train_writers_digits(None)


@pytest.fixture
def unipen_read_once(monkeypatch, train_writers: list) -> None:
    """The pen replay drawn from :func:`train_writers` (the digits a read gives, each time the same)."""
    read = train_writers_digits
    monkeypatch.setattr(training.replay, "train_writers_digits", lambda at: train_writers if at is None else read(at))


@pytest.fixture
def folder(mnist_examples: Path) -> Path:
    """Two MNIST test digits of each class, as dark-on-white 280-px PNGs in DIR/<digit>/ (a scanner's folder)."""
    return mnist_examples


def test_the_exact_command_line_writes_a_finetuned_checkpoint(tmp_path, tiny_base, folder):
    out = tmp_path / "mine.safetensors"
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "training.fit",
            "--finetune",
            str(tiny_base),
            "--examples",
            str(folder),
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=240,
        env={**os.environ, "PYTHONPATH": str(REPO), "OMP_NUM_THREADS": "1"},  # one core: others share it
    )
    assert done.returncode == 0, done.stderr
    assert "held-out examples (3-fold cross-validated)" in done.stdout and "MNIST test (2,000 digits)" in done.stdout
    meta = rowreader.load_checkpoint(out).metadata
    assert meta["finetuned_from"]["path"] == str(tiny_base) and len(meta["finetuned_from"]["sha256"]) == 64
    assert meta["examples"]["count"] == 20 and meta["examples"]["per_digit"]["7"] == 2
    assert len(meta["examples"]["files"]) == 20 and meta["examples"]["files"][0].startswith("0/")
    held = meta["heldout_accuracy"]
    assert held["folds"] == 3 and 0 <= held["before"] <= 1 and 0 <= held["after"] <= 1
    assert held["curve"][0][0] == 0 and held["curve"][-1][0] == 40
    assert meta["mnist_eval"]["digits"] == 2000 and meta["recipe"]["preset"] == "finetune"
    assert meta["recipe"]["model"] == TINY.to_dict()  # the base's network, not the default lstm 1×256
    assert meta["recipe"]["lr"] == 3e-4 and meta["steps"] == 40
    assert meta["command"].startswith("python -m training.fit --finetune")
    # the base model is untouched and no stray file is left beside the result
    assert rowreader.load_checkpoint(tiny_base).metadata["test_accuracy"] == 0.5
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.safetensors", "examples", "mine.safetensors"]


def test_json_progress_lines_for_the_app(tmp_path, tiny_base, folder, capsys):
    out = tmp_path / "mine.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--progress", "json"]
    assert main([*args, *FAST]) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert events[0]["event"] == "start" and events[0]["examples"] == 20
    steps = [e for e in events if e["event"] == "progress"]
    assert [e["step"] for e in steps] == [0, 1, 2, 3, 4, 4]
    assert "mnist" in steps[0] and "heldout" in steps[0] and "mnist" in steps[-1]
    assert events[-1]["event"] == "done" and events[-1]["out"] == str(out)


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: (root / "seven").mkdir(), "class folders must be named by their digit, 0 to 9 (not 'seven')"),
        (lambda root: (root / "loose.png").write_bytes(b""), "outside any class folder has no label"),
    ],
)
def test_bad_class_names_fail_before_training_with_the_reason(tmp_path, tiny_base, make, message, capsys):
    """A folder with no digit's folder, only what is not one, is not laid out as ImageFolder: refused."""
    scans = tmp_path / "scans"
    scans.mkdir()
    make(scans)
    out = tmp_path / "mine.safetensors"
    code = main(["--finetune", str(tiny_base), "--examples", str(scans), "--out", str(out), *FAST])
    assert code == 2 and message in capsys.readouterr().err and not out.exists()


def test_a_stray_folder_beside_the_digits_is_named_and_the_digits_taught(tmp_path, tiny_base, folder, capsys):
    """`--examples DIR` with an `old/` beside 0 … 9 was refused ("class folders must be named by their digit"),
    nothing taught, as the app's dock showed no example. It is named among the skipped, and the digits taught."""
    (folder / "old").mkdir()
    (folder / "old" / "a.png").write_bytes((folder / "3").glob("*.png").__next__().read_bytes())
    out = tmp_path / "mine.safetensors"
    code = main(["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), *FAST])
    err = capsys.readouterr().err
    assert code == 0 and out.is_file(), err
    assert f"warning: skipped {folder / 'old'}: a folder not named by a digit (0 to 9)" in err


def test_refusals(tmp_path, tiny_base, folder, capsys):
    empty, o = tmp_path / "empty", str(tmp_path / "o.safetensors")
    (empty / "3").mkdir(parents=True)
    assert main(["--finetune", str(tiny_base), "--examples", str(empty), "--out", o, *FAST]) == 2
    assert "no usable examples" in capsys.readouterr().err
    assert main(["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(tiny_base), *FAST]) == 2
    assert "is the base model itself" in capsys.readouterr().err
    bad = tmp_path / "bad.safetensors"
    bad.write_bytes(b"junk")
    assert main(["--finetune", str(bad), "--examples", str(folder), "--out", o, *FAST]) == 2
    assert "not a readable safetensors file" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["--finetune", str(tiny_base), "--out", o])
    assert "--finetune BASE and --examples DIR go together" in capsys.readouterr().err
    for flags, text in ((["--replay", "1"], "--replay"), (["--folds", "1"], "--folds")):
        with pytest.raises(SystemExit):
            main(["--finetune", str(tiny_base), "--examples", str(folder), *flags])
        assert text in capsys.readouterr().err


def test_a_refused_input_makes_no_folder_for_out(tmp_path, tiny_base, capsys):
    """A mistyped --examples (or base) made --out's missing folders, then failed (merge's --out alike)."""
    out = tmp_path / "new" / "deeper" / "mine.safetensors"
    assert main(["--finetune", str(tiny_base), "--examples", str(tmp_path / "typo"), "--out", str(out), *FAST]) == 2
    assert "typo: no such folder" in capsys.readouterr().err
    assert merge_main([str(tiny_base), str(tmp_path / "typo.safetensors"), "--out", str(out)]) == 2
    assert "checkpoint not found" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.safetensors"]


@pytest.mark.parametrize("where", ["3/first.png", "model.safetensors", "3/model.safetensors"])
def test_the_model_is_never_written_into_the_examples_folder(tmp_path, tiny_base, folder, capsys, where):
    """``--out`` one of the examples with ``--force`` wrote the checkpoint over the user's picture of a 3."""
    picture = sorted((folder / "3").glob("*.png"))[0]
    target = picture if where == "3/first.png" else folder / where
    before = picture.read_bytes()
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(target), "--force", *FAST]
    if target == picture:  # a picture's name: refused as no model's, with the command line (the 42nd round)
        with pytest.raises(SystemExit):
            main(args)
        said = "does not end in .safetensors"
    else:
        assert main(args) == 2
        said = "is inside the examples folder"
    assert said in capsys.readouterr().err
    assert picture.read_bytes() == before and (target == picture or not target.exists())


def test_cancel_stops_before_anything_is_written_and_the_base_is_unchanged(tiny_base, folder):
    base = rowreader.load_checkpoint(tiny_base)
    before = {k: v.clone() for k, v in base.reader.state_dict().items()}
    config = apply_preset(FitConfig(), "finetune")
    polls = []

    def stop() -> bool:
        polls.append(1)
        return len(polls) > 2

    with pytest.raises(FinetuneCancelled, match="stopped at step 3"):
        finetune(base, load_examples(folder), load_replay(config), config, should_stop=stop)
    assert all(torch.equal(before[k], v) for k, v in base.reader.state_dict().items())


def test_only_the_chosen_layers_change(tiny_base, folder):
    base = rowreader.load_checkpoint(tiny_base)
    config = apply_preset(FitConfig(), "finetune")
    config = replace(config, train_layers="output", train_samples=32, folds=0)
    result = finetune(base, load_examples(folder), load_replay(config), config)
    old, new = base.reader.state_dict(), result.reader.state_dict()
    changed = {k for k in old if not torch.equal(old[k], new[k])}
    assert changed == {"output.weight", "output.bias"}
    assert result.metadata["heldout_accuracy"]["folds"] == 0 and result.metadata["heldout_accuracy"]["after"] is None


@pytest.mark.parametrize(("digits", "expected"), [(10, 8), (5, 4), (3, 2), (1, 1)])
def test_each_taught_digit_gets_the_batch_share_it_has_in_a_full_set(digits, expected):
    config = apply_preset(FitConfig(), "finetune")  # batch 32, three quarters replay: 8 examples with all ten
    assert examples_per_batch(config, digits) == expected
    assert examples_per_batch(replace(config, replay=0.5), digits) == max(1, round(16 * digits / 10))


def test_a_replay_share_that_leaves_no_room_for_examples_is_refused():
    with pytest.raises(ValueError, match="leaves no room for the examples"):
        examples_per_batch(replace(apply_preset(FitConfig(), "finetune"), replay=0.99), 10)


def test_teaching_one_digit_gives_it_one_tenth_of_the_examples_share(tmp_path, tiny_base, folder):
    """Four flagged 1s given a full quarter of every batch taught the shipped reader that 7-like shapes are 1s
    (MNIST −0.59 points); with one digit's share, −0.15 (README). The run records how its batches were made."""
    ones = tmp_path / "ones"
    (ones / "1").mkdir(parents=True)
    for source in sorted((folder / "1").glob("*.png")):
        (ones / "1" / source.name).write_bytes(source.read_bytes())
    base = rowreader.load_checkpoint(tiny_base)
    config = replace(apply_preset(FitConfig(), "finetune"), train_samples=64, folds=0, eval_digits=100)
    replay = load_replay(config)
    one_digit = finetune(base, load_examples(ones), replay, config).metadata
    all_digits = finetune(base, load_examples(folder), replay, config).metadata
    assert one_digit["batch"] == {"examples": 1, "replay": 31}
    assert all_digits["batch"] == {"examples": 8, "replay": 24}


@pytest.mark.parametrize(("per_digit", "folds"), [(3, 3), (1, 3), (5, 3), (2, 2)])
def test_folds_are_stratified_and_balanced(per_digit, folds):
    labels = np.repeat(np.arange(10), per_digit)
    fold_of = make_folds(labels, folds, seed=0)
    sizes = np.bincount(fold_of, minlength=folds)
    assert sizes.max() - sizes.min() <= 1
    for digit in range(10):
        per_fold = np.bincount(fold_of[labels == digit], minlength=folds)
        assert per_fold.max() - per_fold.min() <= 1


def test_copies_of_one_picture_are_never_split_between_taught_and_held_out(tmp_path, tiny_base, folder, capsys):
    """A folder imported twice: each copy held out while its twin was taught made the held-out accuracy a training
    accuracy; five copies of one drawing were "cross-validated" at all."""
    doubled = ExampleStore(tmp_path / "doubled")
    shutil.copytree(folder, doubled.root)
    for picture in sorted(doubled.root.glob("*/*.png")):  # each picture under a second name
        shutil.copyfile(picture, picture.with_name(f"copy-{picture.name}"))
    images, labels = load_examples(doubled.root).arrays()
    fold_of = make_folds(labels, 3, seed=0, kinds=picture_kinds(images))
    for kind in np.unique(picture_kinds(images)):
        assert len(set(fold_of[picture_kinds(images) == kind])) == 1
    assert sorted(np.bincount(fold_of)) == [12, 14, 14]  # 20 pictures dealt as before, each with its twin
    same = ExampleStore(tmp_path / "same")
    first = next(iter(sorted((folder / "3").glob("*.png"))))
    for _ in range(5):
        same.add(3, np.asarray(Image.open(first)))
    out = tmp_path / "same.safetensors"  # refused, as the app refuses it: nothing to hold out
    assert main(["--finetune", str(tiny_base), "--examples", str(same.root), "--out", str(out), *FAST]) == 2
    assert "5 examples of one drawing; teaching needs at least two different drawings" in capsys.readouterr().err
    assert not out.exists()


def test_bench_keeps_unseen_digits_for_every_person(bench_module):
    bench = bench_module("bench_finetune")
    labels = np.array([0, 0, 0, 0, 1, 1, 2, 3, 3, 3], np.int64)
    person = bench.Person("p", np.zeros((len(labels), 28, 28), np.float32), labels)
    train, unseen = bench.split(person, 3, np.random.default_rng(0))
    assert sorted(np.concatenate([train, unseen])) == list(range(len(labels)))
    assert list(np.bincount(labels[train], minlength=4)) == [3, 1, 0, 2]  # a digit written once stays unseen
    examples = bench.as_examples(person, train)
    assert len(examples) == 6 and examples.counts()[0] == 3


def test_pen_digits_are_replayed_when_unipen_is_here_and_cached(tmp_path, monkeypatch, unipen_read_once):
    import training.replay as replay_module

    render_plain = replay_module.render_plain
    monkeypatch.setattr(replay_module, "user_cache_dir", lambda: tmp_path / "cache")
    images, labels = replay_module.pen_replay(None, count=30)  # $ROWREADER_UNIPEN (conftest)
    assert images.shape == (30, 28, 28) and images.dtype == np.uint8 and labels.dtype == np.int64
    assert len(set(labels.tolist())) >= 5 and 0.05 < images.mean() / 255 < 0.4  # varied digits, MNIST-like ink
    (cached,) = (tmp_path / "cache").glob("pen-replay-*-30-p*.npz")

    def no_render(_):
        raise AssertionError("the cache should have been read")

    monkeypatch.setattr(replay_module, "render_plain", no_render)
    again = replay_module.pen_replay(None, count=30)
    assert np.array_equal(again[0], images) and np.array_equal(again[1], labels)
    cached.write_bytes(b"PK\x03\x04 damaged")  # a damaged cache is drawn anew, not trusted and not fatal
    monkeypatch.setattr(replay_module, "render_plain", render_plain)
    redrawn = replay_module.pen_replay(None, count=30)
    assert np.array_equal(redrawn[0], images)
    assert replay_module.pen_replay(str(tmp_path / "no-unipen-here"), count=30) is None


def test_replay_batches_mix_in_pen_digits_at_the_set_share():
    from training.replay import PEN_REPLAY_SHARE, ReplayData

    mnist = torch.zeros((50, 28, 28), dtype=torch.uint8)
    pen = torch.full((20, 28, 28), 255, dtype=torch.uint8)
    digits = torch.arange(50) % 10
    with_pen = ReplayData(mnist, digits, mnist[:5], digits[:5], "both", pen, digits[:20])
    images, labels = with_pen.draw(100, torch.Generator().manual_seed(0), torch.device("cpu"))
    assert images.shape == (100, 28, 28) and labels.shape == (100,) and images.dtype == torch.float32
    assert (images.mean(dim=(1, 2)) == 1).sum() == round(100 * PEN_REPLAY_SHARE)
    mnist_only = ReplayData(mnist, digits, mnist[:5], digits[:5])
    images, _ = mnist_only.draw(100, torch.Generator().manual_seed(0), torch.device("cpu"))
    assert images.max() == 0


def test_a_finetune_records_what_it_replayed(tiny_base, folder, tmp_path, monkeypatch, unipen_read_once):
    import training.replay as replay_module

    monkeypatch.setattr(replay_module, "user_cache_dir", lambda: tmp_path / "cache")
    monkeypatch.setattr(replay_module, "PEN_REPLAY_DIGITS", 40)
    config = replace(apply_preset(FitConfig(), "finetune"), train_samples=32, folds=0, eval_digits=50)
    replay = load_replay(config)
    assert replay.pen_labels is not None and len(replay.pen_labels) == 40
    result = finetune(rowreader.load_checkpoint(tiny_base), load_examples(folder), replay, config)
    assert result.metadata["replay_data"] == "MNIST + UNIPEN train writers' pen digits"
    # a fresh install has no UNIPEN: synthetic canvas digits stand in (MNIST alone taught less, see drawn_replay)
    no_pen = load_replay(replace(config, pen_dir=str(tmp_path / "nowhere")))
    assert no_pen.name == "MNIST + synthetic drawn digits" and len(no_pen.pen_labels) == 40
    result = finetune(rowreader.load_checkpoint(tiny_base), load_examples(folder), no_pen, config)
    assert result.metadata["replay_data"] == "MNIST + synthetic drawn digits"


def test_drawn_digits_stand_in_for_pen_data_and_are_cached(tmp_path, monkeypatch):
    import training.replay as replay_module

    monkeypatch.setattr(replay_module, "user_cache_dir", lambda: tmp_path / "cache")
    images, labels = replay_module.drawn_replay(count=25)
    assert images.shape == (25, 28, 28) and images.dtype == np.uint8 and labels.dtype == np.int64
    assert np.bincount(labels, minlength=10).min() >= 2  # every class, about alike
    assert 0.05 < images.mean() / 255 < 0.4  # MNIST-like ink, white on black as the reader takes it
    (cached,) = (tmp_path / "cache").glob("drawn-replay-*-25-p*.npz")

    def no_drawing(*_):
        raise AssertionError("the cache should have been read")

    monkeypatch.setattr(replay_module.drawn, "drawn_dataset", no_drawing)
    again = replay_module.drawn_replay(count=25)
    assert np.array_equal(again[0], images) and np.array_equal(again[1], labels)
    cached.write_bytes(b"damaged")  # drawn anew, not trusted
    with pytest.raises(AssertionError, match="cache should have been read"):
        replay_module.drawn_replay(count=25)


def test_bench_recipe_settings_are_checked_fields(bench_module):
    import argparse

    bench = bench_module("bench_finetune")
    assert bench.recipe_setting("lr=1e-3") == ("lr", 0.001, "1e-3")  # the value, and as typed for its refusal
    assert bench.recipe_setting("train_layers=output") == ("train_layers", "output", "output")
    for bad in ("learning_rate=1", "lr=", "lr"):
        with pytest.raises(argparse.ArgumentTypeError, match="--set takes augment, batch_size"):
            bench.recipe_setting(bad)


@pytest.mark.parametrize(
    "args, message",
    [
        (["--k", "3", "0"], "--k: must be a whole number of at least 1"),
        (["--k", "3", "3"], "--k must be distinct"),  # taught and measured every person twice, minutes for nothing
        (["--hardest", "-2"], "--hardest: must be a whole number of at least 0"),
        (["--others", "-1"], "--others: must be a whole number of at least 0"),
        (["--hardest", "0", "--others", "0"], "no person to teach"),
        (["--set", "lr=-1"], "argument --set: --lr: must be a number"),
        (["--set", "replay=2"], "argument --set: --replay: must be a number at least 0"),
    ],
)
def test_bench_refuses_meaningless_settings_before_any_work(bench_module, capsys, args, message):
    """Each was a traceback after a minute of rendering, or a run that measured nothing (k = -1)."""
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_finetune").main(["--checkpoint", "/nowhere/never-read.safetensors", *args])
    assert exit_.value.code == 2 and message in capsys.readouterr().err


def test_a_small_pen_data_set_is_cached_whole_and_read_back(tmp_path, monkeypatch):
    """With fewer train digits than the replay asks for, all of them are drawn once and the cache is used after."""
    import gzip

    import training.replay as replay_module
    from rowreader.unipen import FILE_NAME, unipen_file

    with gzip.open(unipen_file(None), "rt") as f:
        lines = f.read().splitlines()
    train = [line for line in lines if '"train"' in line][:12]
    small = tmp_path / "small"
    small.mkdir()
    with gzip.open(small / FILE_NAME, "wt") as f:
        f.write("\n".join(train) + "\n")
    monkeypatch.setattr(replay_module, "user_cache_dir", lambda: tmp_path / "cache")
    images, labels = replay_module.pen_replay(str(small), count=30)
    assert images.shape == (12, 28, 28) and labels.shape == (12,)

    def no_render(_):
        raise AssertionError("the cache should have been read")

    monkeypatch.setattr(replay_module, "render_plain", no_render)
    again = replay_module.pen_replay(str(small), count=30)
    assert np.array_equal(again[0], images) and np.array_equal(again[1], labels)


def test_a_single_example_is_refused_and_folds_0_says_why_there_is_no_estimate(tmp_path, tiny_base, folder, capsys):
    only = ExampleStore(tmp_path / "one")
    first = next(iter(sorted((folder / "3").glob("*.png"))))
    only.add(3, np.asarray(Image.open(first)))
    out = tmp_path / "one.safetensors"  # the app's rule (test_robust_twentyfifth_teaching): before any work
    assert main(["--finetune", str(tiny_base), "--examples", str(only.root), "--out", str(out), *FAST]) == 2
    assert "one example; teaching needs at least two different drawings" in capsys.readouterr().err
    code = main(["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--folds", "0", *FAST])
    assert code == 0 and "no estimate (--folds 0)" in capsys.readouterr().out


def test_a_finetune_keeps_to_the_loss_its_base_was_trained_with(tmp_path, folder):
    """The seed model learnt from its last row only; teaching it every row cost 7.6 MNIST points, its own 1.5."""
    from training.arguments import parse_args

    torch.manual_seed(0)
    last_row = tmp_path / "last-row.safetensors"
    rowreader.save_checkpoint(last_row, rowreader.RowReader(TINY), {"recipe": {"loss": "final"}})
    every_row = tmp_path / "every-row.safetensors"
    rowreader.save_checkpoint(every_row, rowreader.RowReader(TINY), {"recipe": {"loss": "every-row"}})
    unrecorded = tmp_path / "unrecorded.safetensors"
    rowreader.save_checkpoint(unrecorded, rowreader.RowReader(TINY))

    def loss(base: Path, *flags: str) -> str:
        return parse_args(["--finetune", str(base), "--examples", str(folder), *flags]).loss

    assert loss(last_row) == "final" and loss(every_row) == "every-row"
    assert loss(unrecorded) == apply_preset(FitConfig(), "finetune").loss  # nothing recorded: the preset's
    assert loss(last_row, "--loss", "every-row") == "every-row"  # an explicit flag wins
    assert loss(tmp_path / "missing.safetensors") == apply_preset(FitConfig(), "finetune").loss  # reported later
    out = tmp_path / "mine.safetensors"
    assert main(["--finetune", str(last_row), "--examples", str(folder), "--out", str(out), *FAST]) == 0
    assert rowreader.load_checkpoint(out).metadata["recipe"]["loss"] == "final"


def test_help_states_the_values_a_fine_tune_uses(capsys, monkeypatch):
    """`--lr` said "(default: 0.003)", the training default, not the fine-tune's 3e-4; its other flags named fixed
    numbers beside the preset, which could drift apart from it. `--batch-size` and `--augment` still said 128 and
    light where a fine-tune takes 32 and strong: every flag a fine-tune reads names its own default where it differs."""
    from training.arguments import FINETUNE_ONLY, TRAINING_ONLY

    monkeypatch.setenv("COLUMNS", "1000")  # one flag a line: argparse breaks "fine-tune" at its hyphen
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    text = " ".join(out.split())
    plain, tuned = FitConfig(), apply_preset(FitConfig(), "finetune")
    flags = {"preset", "schedule", *TRAINING_ONLY, *FINETUNE_ONLY}  # no flag, the kind of run itself, or one kind's
    differ = [f for f in FitConfig.__dataclass_fields__ if f not in flags and getattr(plain, f) != getattr(tuned, f)]
    assert {"batch_size", "lr", "augment", "train_samples"} <= set(differ)
    for field in differ:
        (said,) = [
            " ".join(b.split()) for b in re.split(r"\n(?=  -)", out) if b.startswith(f"  --{field}".replace("_", "-"))
        ]
        assert re.search(rf"fine-tune('s default)?: {re.escape(str(getattr(tuned, field)))}\)", said), said
    assert f"in proportion (default: {tuned.replay})" in text and f"(default: {tuned.eval_digits})" in text
    assert f"(a fine-tune's default: {tuned.train_samples})" in text


@pytest.mark.parametrize("change", ["deleted", "replaced"])
def test_a_base_model_deleted_or_replaced_mid_run_is_recorded_as_it_was_read(tiny_base, folder, change):
    """The base's SHA-256 was read after the last step: a base deleted meanwhile (the taught model taught from, removed
    in a file manager) threw the whole run away at its end ("No such file"), and one replaced (a training run writing
    that file anew) was recorded as the new file's digest. It is the digest of the file the model was read from."""
    digest = hashlib.sha256(tiny_base.read_bytes()).hexdigest()
    base = rowreader.load_checkpoint(tiny_base)
    config = replace(apply_preset(FitConfig(), "finetune"), train_samples=32, batch_size=16, eval_digits=50)

    def meanwhile(progress) -> None:
        if progress.step == 1 and tiny_base.exists():
            tiny_base.unlink() if change == "deleted" else tiny_base.write_bytes(b"another model")

    result = finetune(base, load_examples(folder), load_replay(config), config, on_progress=meanwhile)
    assert result.metadata["finetuned_from"]["sha256"] == digest


def test_a_picture_kept_under_two_digits_is_warned_of(tmp_path, tiny_base, folder, capsys):
    """A 1 copied into the 7s' folder was taught as both digits without a word; the fine-tune warns of it."""
    one = next((folder / "1").glob("*.png"))
    shutil.copyfile(one, folder / "7" / "copy.png")
    out = tmp_path / "out.safetensors"
    assert main(["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), *FAST]) == 0
    assert f"warning: the same picture is kept as a 1 (1/{one.name}) and as a 7 (7/copy.png)" in capsys.readouterr().err


def test_a_finetunes_lines_print_file_names_escaped(tmp_path, tiny_base, folder, capsys):
    """The fine-tune's first and last lines printed the base's and --out's names raw: an escape sequence in one
    reached the terminal (training and merge escaped theirs in the same round)."""
    odd_base = tmp_path / "\x1b[31mbase.safetensors"
    tiny_base.rename(odd_base)
    out = tmp_path / "\x1b[31mmine.safetensors"
    assert main(["--finetune", str(odd_base), "--examples", str(folder), "--out", str(out), *FAST, "--folds", "0"]) == 0
    printed = capsys.readouterr().out
    assert "\x1b" not in printed and printed.count("\\x1b[31m") == 2, printed


def test_the_apps_start_line_carries_the_warnings(tmp_path, tiny_base, folder, capsys):
    """The app reads the JSON lines, not stderr: a picture kept as two digits, and files skipped, were said only
    in the terminal a user of the app never sees."""
    one = next((folder / "1").glob("*.png"))
    shutil.copyfile(one, folder / "7" / "copy.png")
    (folder / "3" / "broken.png").write_bytes(b"not a picture")
    out = tmp_path / "out.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--progress", "json"]
    assert main([*args, *FAST]) == 0
    start = json.loads(capsys.readouterr().out.splitlines()[0])
    assert start["event"] == "start" and len(start["warnings"]) == 2
    assert (
        start["warnings"][0]
        == f"skipped {folder / '3/broken.png'}: a text file starting 'not a picture', not a picture"
    )
    assert start["warnings"][1] == f"the same picture is kept as a 1 (1/{one.name}) and as a 7 (7/copy.png)"


@pytest.mark.skipif(os.name != "posix", reason="a closed pipe seen by poll")
def test_the_apps_fine_tune_stops_when_the_app_is_gone(tmp_path, tiny_base, folder):
    """The app killed (kill -9) mid-teach: its fine-tune ran on alone, a core busy for 40 s, and wrote a model into
    the models folder where its stderr was still read. With ``--progress json`` (the app's lines) it stops as Cancel
    stops it, once the reader of its lines is gone, and writes nothing."""
    out = tmp_path / "mine.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--progress", "json"]
    child = run_with_stdout_gone(["-m", "training.fit", *args, *FAST])  # the app gone before the first line
    assert child.returncode == 1, child.stderr  # what it prints cannot be written (no SIGTERM was sent)
    assert "lines is gone" in child.stderr and "nothing was written" in child.stderr and not out.exists()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.safetensors", "examples"]  # no lock, no temporary


def test_a_line_the_app_cannot_read_stops_the_fine_tune_without_the_watch(tmp_path, tiny_base, folder):
    """The watch on the pipe is a thread, which a loaded machine may run late: a JSON line that cannot be written
    (its reader gone) stops the fine-tune by itself, as Cancel does, where it went on to write a model nobody took."""
    out = tmp_path / "mine.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), "--progress", "json", *FAST]
    script = (
        "import sys\n"
        "import training.finetune\n"
        "training.finetune.stop_when_the_reader_leaves = lambda: None  # no watch: the lines alone\n"
        "from rowreader.launch import run_main\n"
        f"sys.argv = ['training.fit', *{args!r}]\n"
        "sys.exit(run_main('training.fit', 'training.fit'))\n"
    )
    child = run_with_stdout_gone(["-c", script])
    assert child.returncode == 1, child.stderr
    assert "lines is gone" in child.stderr and "nothing was written" in child.stderr and not out.exists()


def test_the_reader_leaving_is_seen_after_stdout_went_to_the_null_device():
    """The app gone before the first line: that line's failed write points descriptor 1 at the null device, and a
    watch that began after it watched the null device, so the fine-tune would run to its end (exit 0 and a model
    nobody took). The pipe is watched through a descriptor of its own: here the watch begins late on purpose."""
    script = (
        "import sys, threading, time\n"
        "from training.finetune import stop_when_the_reader_leaves\n"
        "from training.interrupt import signals_stop_the_run\n"
        "from rowreader.output import silence_stdout\n"
        "class Late(threading.Thread):\n"
        "    def run(self):\n"
        "        time.sleep(0.5)\n"
        "        super().run()\n"
        "threading.Thread = Late\n"
        "stop_when_the_reader_leaves()\n"
        "silence_stdout()  # as the first line's failed write does\n"
        "with signals_stop_the_run():  # the stop, as a fine-tune meets it\n"
        "    try:  # short sleeps: a simulated stop is raised between them, not at the end of one long one\n"
        "        for _ in range(200):\n"
        "            time.sleep(0.1)\n"
        "    except KeyboardInterrupt:\n"
        "        sys.exit(5)\n"
    )
    child = run_with_stdout_gone(["-c", script], timeout=15)
    assert child.returncode == 5, child.stderr


def test_python_m_training_finetune_fine_tunes_or_says_what_is_missing(tmp_path, tiny_base):
    """``python -m training.finetune`` loaded torch, then did nothing, exit status 0, without a word; it is the
    command line's fine-tune (``training.fit --finetune``), and says what is missing."""
    run = [sys.executable, "-m", "training.finetune"]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    bare = subprocess.run(run, capture_output=True, text=True, env=env, timeout=300)
    assert bare.returncode == 2 and "the model to teach is missing: give --finetune BASE" in bare.stderr
    (tmp_path / "empty").mkdir()
    out = str(tmp_path / "o.safetensors")
    args = ["--finetune", str(tiny_base), "--examples", str(tmp_path / "empty"), "--out", out]
    empty = subprocess.run([*run, *args], capture_output=True, text=True, env=env, timeout=300)
    assert empty.returncode == 2 and "no usable examples" in empty.stderr  # training.fit's own check


def test_python_m_training_finetune_says_what_is_missing_before_loading_torch():
    """Without ``--finetune`` it said what was missing only after torch's 5-second import; it says so first."""
    probe = (
        "import runpy, sys\n"
        "sys.argv = ['finetune', '--examples', 'ex', '--out', 'o.safetensors']\n"
        "try:\n"
        "    runpy.run_module('training.finetune', run_name='__main__')\n"
        "except SystemExit as end:\n"
        "    print(end.code, 'torch' in sys.modules)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    run = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, env=env, timeout=300)
    assert run.stdout.split() == ["2", "False"], run.stdout + run.stderr
    assert "the model to teach is missing" in run.stderr


def test_the_held_out_examples_read_as_another_digit_are_named(tmp_path, tiny_base, folder, capsys):
    """Two examples kept under the wrong digit held a teach at "93.3 % → 93.3 %" without a word of which: the
    held-out examples still read as another digit at the end are named (file, digit read), as many as the
    held-out accuracy leaves out, in the checkpoint, the app's "done" line and the printed summary."""
    out = tmp_path / "out.safetensors"
    args = ["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), *FAST]
    assert main(args) == 0
    printed = [line for line in capsys.readouterr().out.splitlines() if "read as another digit" in line]
    held = rowreader.load_checkpoint(out).metadata["heldout_accuracy"]
    count = held["misread_count"]
    assert count == round((1 - held["after"]) * 20) and len(held["misread"]) == count == len(printed) > 0
    files = rowreader.load_checkpoint(out).metadata["examples"]["files"]
    for entry, line in zip(held["misread"], printed, strict=True):
        assert entry["file"] in files and entry["label"] == int(entry["file"][0]) != entry["read_as"]
        assert line == f"  read as another digit: {entry['file']} as a {entry['read_as']}"
    assert main([*args, "--progress", "json", "--force"]) == 0
    done = json.loads(capsys.readouterr().out.splitlines()[-1])
    assert done["event"] == "done" and done["heldout_accuracy"]["misread_count"] == round(
        (1 - done["heldout_accuracy"]["after"]) * 20
    )


@pytest.mark.parametrize("refused", ["not a checkpoint", "no room"])
def test_a_refused_out_is_said_before_the_examples_are_read(tmp_path, tiny_base, folder, capsys, monkeypatch, refused):
    """An --out that is a file of the user's (or on a full disk) was refused only after every example was decoded:
    minutes for a first reading of 10,000. It is refused once the folder's layout is checked, before any decoding."""
    import training.files
    import training.finetune

    def no_decoding(*args, **kwargs):
        raise AssertionError("the examples were read before --out was checked")

    monkeypatch.setattr(training.finetune, "load_examples", no_decoding)
    out = tmp_path / "notes.safetensors"
    if refused == "not a checkpoint":
        out.write_text("my notes")
        said = "exists and is not a RowReader checkpoint"
    else:
        full = type("Usage", (), {"total": 10**9, "free": 1000, "used": 0})()
        monkeypatch.setattr(training.files.shutil, "disk_usage", lambda _: full)
        said = "no room in"
    assert main(["--finetune", str(tiny_base), "--examples", str(folder), "--out", str(out), *FAST]) != 0
    assert said in capsys.readouterr().err
    assert refused == "no room" or out.read_text() == "my notes"


def test_an_examples_folder_without_a_picture_makes_no_folder_for_out(tmp_path, tiny_base, capsys):
    """--out is checked before the examples are decoded (a first reading of 10,000 takes minutes), and that check
    makes --out's missing folders: a folder of empty class folders must still be refused before it, as a typo is."""
    for digit in "37":
        (tmp_path / "examples" / digit).mkdir(parents=True)
    (tmp_path / "examples" / "3" / "notes.txt").write_text("not a picture")
    out = tmp_path / "new" / "deeper" / "mine.safetensors"
    assert main(["--finetune", str(tiny_base), "--examples", str(tmp_path / "examples"), "--out", str(out), *FAST]) == 2
    assert "no usable examples" in capsys.readouterr().err
    assert not (tmp_path / "new").exists()


def test_no_usable_example_names_what_is_there_instead(tmp_path, tiny_base, capsys):
    """The 3s in an `old/` beside an empty `3/`: "no usable examples (expected DIR/0/*.png …)", not a word of the
    folder that holds them. The skipped folder is named, as when some examples are usable."""
    scans = tmp_path / "scans"
    (scans / "3").mkdir(parents=True)
    (scans / "old").mkdir()
    (scans / "old" / "a.png").write_bytes(b"\x89PNG not read")
    out = tmp_path / "mine.safetensors"
    code = main(["--finetune", str(tiny_base), "--examples", str(scans), "--out", str(out), *FAST])
    err = capsys.readouterr().err
    assert code == 2 and "no usable examples" in err and not out.exists()
    assert f"warning: skipped {scans / 'old'}: a folder not named by a digit (0 to 9)" in err
