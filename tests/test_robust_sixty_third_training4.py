"""The sixty-third round, training4: a fine-tune whose batches replay nothing (``--replay 0``, all ten digits taught)
read the MNIST training pool and drew the whole pen replay anyway (UNIPEN's train writers' digits, or 1,000
synthetic canvas digits on a fresh install): the first such teach of a session paid their seconds for nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

import rowreader
from training import fit as fit_module
from training import replay as replay_module
from training.replay import ReplayData


def _teach(tmp_path: Path, monkeypatch, base: Path, examples: Path, share: str) -> tuple[dict, list[str]]:
    """Teach ``examples`` with ``--replay share`` (a few steps), the pen replay and the MNIST pool counted as they
    are asked for (small stand-ins: drawing 1,000 takes seconds): the record, and what was asked."""
    asked: list[str] = []
    digits = np.zeros((20, 28, 28), np.uint8), np.arange(20, dtype=np.int64) % 10
    monkeypatch.setattr(replay_module, "pen_replay", lambda *args: asked.append("pen") or digits)
    monkeypatch.setattr(replay_module, "drawn_replay", lambda *args: asked.append("drawn") or digits)
    load_mnist = replay_module.load_mnist

    def counted(*args, train: bool, **kwargs):
        asked.extend(["MNIST train"] if train else [])
        return load_mnist(*args, train=train, **kwargs)

    monkeypatch.setattr(replay_module, "load_mnist", counted)
    out = tmp_path / f"taught-{share}.safetensors"
    flags = ["--replay", share, "--train-samples", "32", "--folds", "0", "--eval-digits", "50", "--threads", "1"]
    assert fit_module.main(["--finetune", str(base), "--examples", str(examples), "--out", str(out), *flags]) == 0
    return rowreader.load_checkpoint(out).metadata, asked


def test_a_fine_tune_that_replays_nothing_draws_no_replay(tmp_path, monkeypatch, tiny_base, mnist_examples):
    """``--replay 0`` with every digit taught: the MNIST test digits alone are read (the before/after check); with a
    replay, the pen digits and the pool are read as before, and the record says which."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    none, asked = _teach(tmp_path, monkeypatch, tiny_base, mnist_examples, "0")
    assert asked == []
    assert none["replay_data"] is None and none["batch"]["replay"] == 0 and none["test_digits"] == 50
    some, asked = _teach(tmp_path, monkeypatch, tiny_base, mnist_examples, "0.5")
    assert asked == ["MNIST train", "pen"]
    assert some["replay_data"] == "MNIST + UNIPEN train writers' pen digits" and some["batch"]["replay"] == 16


def test_a_replay_of_no_digits_draws_none_and_refuses_more_in_words():
    """``draw(0)`` gives an empty batch without touching the generator (the teach's draws stay as they were, seed
    for seed); asked for digits it does not hold, it says so, not torch's "random_ expects 'from' …"."""
    test = torch.zeros((5, 28, 28), dtype=torch.uint8), torch.arange(5)
    empty = ReplayData(torch.zeros((0, 28, 28), dtype=torch.uint8), torch.zeros(0, dtype=torch.int64), *test)
    gen = torch.Generator().manual_seed(7)
    images, labels = empty.draw(0, gen, torch.device("cpu"))
    assert images.shape == (0, 28, 28) and images.dtype == torch.float32 and labels.shape == (0,)
    assert torch.equal(torch.rand(3, generator=gen), torch.rand(3, generator=torch.Generator().manual_seed(7)))
    with pytest.raises(ValueError, match="3 replay digits asked of MNIST, which holds none"):
        empty.draw(3, gen, torch.device("cpu"))
