"""The forty-eighth round of hostile testing, fitflags: ``python -m training.fit`` (a training run and ``--finetune``)
run with each flag at its edges (``--replay 0``, ``--train-samples`` not a whole number of steps or more than the
epochs hold, ``--folds`` and ``--eval-digits`` over what there is, ``--force`` onto the shipped models), then what the
checkpoint records read back against what the run really did; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from test_robust_forty_seventh_finetunecli import _a_thousand_digits

import training.finetune as finetune_module
from rowreader.checkpoint import read_metadata, save_checkpoint
from rowreader.example_store import ExampleStore
from training.augment import augment
from training.config import AUGMENTATIONS
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
    monkeypatch.setattr(finetune_module, "load_replay", _a_thousand_digits)
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
