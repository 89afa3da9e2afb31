"""The fifty-first round of hostile testing, outs: what a run may replace. Each writer (a fine-tune, a merge, …) given
an ``--out`` that holds a file not its own (a training run's model, another kind of model, a picture, a folder) run as
a user runs it, with and without ``--force``; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch

import training.finetune
import training.merge
from rowreader.checkpoint import Checkpoint, load_checkpoint, save_checkpoint
from training.finetune import main as finetune_main
from training.merge import main as merge_main

TRAINED = {"epochs_trained": 3, "test_accuracy": 0.99}  # a training run's model, its state not beside it
TAUGHT = {"finetuned_from": {"path": "base.safetensors"}, "examples": {"count": 20}}
MERGED = {"merged_from": [{"file": f"t{n}.safetensors", "sha256": f"{n}" * 64} for n in (1, 2)]}


class ExamplesRead(Exception):
    """Raised where the fine-tune begins to read its examples: every check of ``--out`` lies behind it."""


@pytest.fixture
def no_examples_read(monkeypatch):
    """A fine-tune that stops, ExamplesRead, where it would begin to decode the examples."""

    def stop(*args, **kwargs):
        raise ExamplesRead

    monkeypatch.setattr(training.finetune, "load_examples", stop)


def _model(path: Path, base: Path, metadata: dict) -> bytes:
    path.parent.mkdir(parents=True, exist_ok=True)
    save_checkpoint(path, load_checkpoint(base), metadata)
    return path.read_bytes()


def test_a_fine_tune_without_out_refuses_a_training_runs_model_before_any_work(
    tiny_base, mnist_examples, tmp_path, capsys, monkeypatch, no_examples_read
):
    """`python -m training.finetune --finetune BASE --examples DIR` (no --out) wrote training.fit's default,
    runs/rowreader.safetensors, over the model a training run left there (hours of training), its state not beside it
    (copied from the GPU machine): a note at the start said so, and the model was gone at the end. A fine-tune now
    replaces only a model a fine-tune made; another is refused before the examples are read, naming --out and
    --force, and is kept byte for byte; --force, or a fine-tune's own model there, goes on."""
    monkeypatch.chdir(tmp_path)
    out = Path("runs/rowreader.safetensors")
    before = _model(out, tiny_base, TRAINED)
    args = ["--finetune", str(tiny_base), "--examples", str(mnist_examples), "--threads", "1"]
    assert finetune_main(args) == 2
    err = capsys.readouterr().err
    assert f"--out {out} holds a model training.fit trained for 3 epochs, not a fine-tune's" in err, err
    assert "give another --out, or pass --force to replace it" in err
    assert out.read_bytes() == before
    for given, metadata in ((["--force"], TRAINED), ([], TAUGHT)):
        _model(out, tiny_base, metadata)
        with pytest.raises(ExamplesRead):  # every check of --out passed
            finetune_main([*args, *given])


@pytest.mark.parametrize("held", [TRAINED, TAUGHT, {"test_accuracy": 0.5}])
def test_a_merge_refuses_a_model_that_is_not_a_merge(tiny_base, tmp_path, capsys, monkeypatch, held):
    """`training.merge A B --out M` over a training run's model (its state elsewhere), a fine-tune's or a model of
    no known kind replaced it at its end with a note at its start. It is refused now before any work, named, and
    kept; a merge's own earlier model there is replaced, as before."""
    monkeypatch.setattr(training.merge, "mnist_curve", lambda *args: {})
    second = load_checkpoint(tiny_base)
    with torch.no_grad():  # another reader of the same shape, not the base again
        for weights in second.reader.parameters():
            weights.add_(0.01)
    save_checkpoint(tmp_path / "b.safetensors", Checkpoint.from_reader(second.reader, {"test_accuracy": 0.5}))
    members = [str(tiny_base), str(tmp_path / "b.safetensors")]
    out = tmp_path / "m.safetensors"
    before = _model(out, tiny_base, held)
    assert merge_main([*members, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out} holds " in err and ", not a merge's" in err, err
    assert "pass --force to replace it" in err
    assert out.read_bytes() == before
    _model(out, tiny_base, MERGED)
    assert merge_main([*members, "--out", str(out)]) == 0
    assert "merged_from" in load_checkpoint(out).metadata


def test_person_examples_refuses_a_picture_not_its_own_before_writing_any(tmp_path, capsys):
    """`python bench/person_examples.py abc/p1 DIR` into a folder where DIR/7/0.png is a person's own picture wrote
    DIR/1/0.png … then stopped at 7/0.png: refused, but with a folder half of the person's digits and half this run's
    left behind. Every file it would write is checked first: nothing is written, the picture is kept, and it is
    named; a folder of its own from an earlier run is written again."""
    from conftest import load_bench
    from test_robust_twentyeighth_docs import pen_folder

    pen = pen_folder(tmp_path / "pen", [("abc/p1", 1), ("abc/p1", 3), ("abc/p1", 7)])
    out = tmp_path / "out"
    (out / "7").mkdir(parents=True)
    (out / "7" / "0.png").write_bytes(b"a drawing of mine")
    examples = load_bench("person_examples")
    assert examples.main(["abc/p1", str(out), "--pen-dir", str(pen)]) == 1
    assert f"{out}/7/0.png exists and is not a picture RowReader made; it is kept" in capsys.readouterr().err
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*")) == ["7", "7/0.png"]
    assert (out / "7" / "0.png").read_bytes() == b"a drawing of mine"
    (out / "7" / "0.png").unlink()
    assert examples.main(["abc/p1", str(out), "--pen-dir", str(pen)]) == 0
    assert examples.main(["abc/p1", str(out), "--pen-dir", str(pen)]) == 0  # its own, written again


@pytest.mark.parametrize("held", [TAUGHT, MERGED])
def test_a_training_run_refuses_a_fine_tunes_or_a_merges_model(tiny_base, tmp_path, capsys, held):
    """`python -m training.fit --out taught.safetensors` (or without --out, over the model a fine-tune left at
    runs/rowreader.safetensors) replaced a fine-tune's or a merge's model with its first epoch: any RowReader
    checkpoint was "written by training", though --force's help says it overwrites one that was not. Such a model is
    refused before MNIST is read, named, and kept; --force replaces it."""
    from training.fit import main as fit_main

    tiny = [
        "--device",
        "cpu",
        "--limit",
        "64",
        "--batch-size",
        "32",
        "--hidden",
        "8",
        "--threads",
        "1",
        "--epochs",
        "1",
    ]
    out = tmp_path / "taught.safetensors"
    before = _model(out, tiny_base, held)
    assert fit_main([*tiny, "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert f"--out {out} holds " in err and ", not a training run's; nothing was written" in err, err
    assert "pass --force to replace it" in err
    assert out.read_bytes() == before
    assert fit_main([*tiny, "--out", str(out), "--force"]) == 0  # a run's own is replaced: test_robust_training.py


def test_a_picture_command_refuses_a_picture_of_another_kind(tmp_path, capsys):
    """`python -m training.drawn DIR/7/0.png`, DIR a person's examples that person_examples.py wrote (to teach from),
    replaced that example with a grid of 100 drawn digits: any PNG marked as RowReader's was "ours", whichever
    command made it. Each command now records what its picture is, and replaces only a picture of its own kind (or
    one of ours from before the kinds were recorded): the example is refused, named, and kept."""
    from conftest import load_bench
    from test_robust_twentyeighth_docs import pen_folder

    from training.drawn import main as drawn_main

    pen = pen_folder(tmp_path / "pen", [("abc/p1", 7), ("abc/p1", 7)])
    out = tmp_path / "examples"
    assert load_bench("person_examples").main(["abc/p1", str(out), "--pen-dir", str(pen)]) == 0
    example = out / "7" / "0.png"
    before = example.read_bytes()
    with pytest.raises(SystemExit) as stopped:
        drawn_main([str(example), "--per-class", "1"])
    assert stopped.value.code == 2
    err = capsys.readouterr().err
    assert f"{example} is an example drawing RowReader made, not a grid of drawn digits; it is kept" in err, err
    assert example.read_bytes() == before
    grid = tmp_path / "grid.png"
    for _ in range(2):  # its own kind, replaced
        assert drawn_main([str(grid), "--per-class", "1"]) == 0
