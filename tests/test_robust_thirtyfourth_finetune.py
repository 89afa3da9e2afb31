"""The thirty-fourth round of hostile testing, finetune: what a teach reads, and how often. The base model read every
example twice before the first step (the wrong-folder check, then the held-out "before"), and each fold model read its
held-out examples twice after the last (its accuracy, then the examples it misreads); each is read once now, with the
same warnings and the same numbers."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
import torch
from PIL import Image

import training.finetune as finetune_module
from rowreader import load_checkpoint, load_pretrained
from rowreader.checkpoint import Checkpoint
from rowreader.evaluate import evaluate_curve
from rowreader.example_folder import load_examples
from rowreader.network import RowReader
from training.config import FitConfig, apply_preset
from training.replay import ReplayData

SHIPPED = load_pretrained()
STEPS = 2  # --train-samples 64 --batch-size 32: the fold models read their held-out examples after each


def _tiny_replay(config, pool: int = 20_000) -> ReplayData:
    """A few MNIST-like digits to replay and to measure on: the teach's steps without MNIST's seconds of loading."""
    gen = torch.Generator().manual_seed(0)
    images = torch.randint(0, 256, (64, 28, 28), generator=gen, dtype=torch.uint8)
    labels = torch.arange(64) % 10
    return ReplayData(images, labels, images[:16], labels[:16], name="random digits")


@pytest.fixture(scope="module")
def folder(tmp_path_factory, mnist_test) -> Path:
    """Twelve 1s, four 3s and three 0s the shipped model reads right and sure, and a 7 kept among the 1s: dark on white,
    as the app keeps them."""
    images, labels = mnist_test
    said = SHIPPED.reader.eval()(torch.from_numpy(images[:500] / np.float32(255)))[:, -1].softmax(-1).detach()
    sure = (said.argmax(-1).numpy() == labels[:500]) & (said.max(-1).values.numpy() >= 0.99)
    root = tmp_path_factory.mktemp("examples")
    kept = [(d, i) for d, n in ((1, 12), (3, 4), (0, 3)) for i in np.flatnonzero(sure & (labels[:500] == d))[:n]]
    kept.append((1, np.flatnonzero(sure & (labels[:500] == 7))[0]))  # the 7 in 1/
    for label, i in kept:
        (root / str(label)).mkdir(exist_ok=True)
        Image.fromarray(255 - images[i]).save(root / str(label) / f"m{i:03d}.png")
    return root


def _teach(folder: Path, out: Path, monkeypatch, capsys) -> tuple[dict, dict]:
    """``python -m training.finetune --progress json`` on ``folder``: its start event and the model's metadata."""
    monkeypatch.setattr(finetune_module, "load_replay", _tiny_replay)
    argv = ["--finetune", str(SHIPPED.path), "--examples", str(folder), "--out", str(out), "--threads", "1",
            "--train-samples", "64", "--batch-size", "32", "--progress", "json"]  # fmt: skip
    assert finetune_module.main(argv) == 0
    events = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    return next(e for e in events if e["event"] == "start"), load_checkpoint(out).metadata


def test_each_example_is_read_once_by_the_base_and_once_a_check_by_its_fold_model(
    folder, tmp_path, monkeypatch, capsys
) -> None:
    """The wrong-folder check read every example with the base (1.7 s at 10,000, its NumPy stream), and the held-out
    "before" read each again with the same weights (2.2 s); after the last step each fold model read its fold twice,
    for its accuracy and for the examples it misreads. Counted here, every reading of a whole batch in eval mode:
    the base's of the examples, of MNIST before and after, and the fold models' at each of the two checks."""
    reads: list[int] = []
    forward = RowReader.forward

    def counted(self, images):
        if not self.training:
            reads.append(len(images))
        return forward(self, images)

    stream = Checkpoint.stream

    def streamed(self, batch=None):
        reads.append(batch)
        return stream(self, batch)

    monkeypatch.setattr(RowReader, "forward", counted)
    monkeypatch.setattr(Checkpoint, "stream", streamed)
    _teach(folder, tmp_path / "taught.safetensors", monkeypatch, capsys)
    examples, folds = 20, 3
    assert reads.count(examples) == 1, reads  # the base's one reading: the check's and the "before"'s
    assert len(reads) == 1 + 1 + STEPS * folds + 1, reads  # + MNIST before, each check's fold models, MNIST after


def test_the_one_reading_gives_the_warnings_and_numbers_the_two_gave(folder, tmp_path, monkeypatch, capsys) -> None:
    """The same warning of the 7 kept among the 1s as the stream's reading gives, the same held-out "before" as
    ``evaluate_curve``'s, and the misread examples named from the reading the held-out accuracy counts."""
    start, metadata = _teach(folder, tmp_path / "taught.safetensors", monkeypatch, capsys)
    examples = load_examples(folder)
    assert start["warnings"] == examples.kept_under_another_digit(SHIPPED) and len(start["warnings"]) == 1
    assert "reads as a 7. In the wrong folder?" in start["warnings"][0]
    images, labels = examples.arrays()
    held = metadata["heldout_accuracy"]
    assert held["before"] == float(evaluate_curve(SHIPPED, images, labels)[-1]) == 19 / 20
    assert held["misread_count"] == round((1 - held["after"]) * 20) and held["curve"][-1][1] == held["after"]


def test_beliefs_given_for_other_examples_are_refused_in_words(folder) -> None:
    """Beliefs already read may stand for the model (the fine-tune's one reading), one row of ten per example: a
    reading of other examples is refused, not matched up row by row with these."""
    examples = load_examples(folder)
    beliefs = np.full((len(examples) - 1, 10), 0.1, np.float32)
    with pytest.raises(ValueError, match=r"beliefs must be \[20, 10\], one row per example, got \[19, 10\]"):
        examples.kept_under_another_digit(beliefs)
    assert examples.kept_under_another_digit(np.full((len(examples), 10), 0.1, np.float32)) == []


def test_a_reading_of_other_examples_given_to_finetune_is_refused_in_words(folder) -> None:
    """``finetune``'s ``base_logits`` (the base's reading, made once by the command line) stand for these examples'
    "before": a reading of others is refused before any step, not counted against the wrong labels."""
    examples = load_examples(folder)
    config = apply_preset(FitConfig(finetune=str(SHIPPED.path), examples=str(folder), out="x.safetensors"), "finetune")
    with pytest.raises(
        ValueError, match=r"base_logits must be \[20, 10\], the base's reading of these examples, got \[3, 10\]"
    ):
        finetune_module.finetune(SHIPPED, examples, _tiny_replay(config), config, base_logits=torch.zeros(3, 10))
