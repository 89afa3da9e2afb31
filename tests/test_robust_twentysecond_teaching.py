"""The twenty-second round of hostile testing, teaching: "Teach it my handwriting" end to end (2 Dec 2026)."""

from __future__ import annotations

import threading
from pathlib import Path

import numpy as np
from conftest import TINY
from gui_window import open_shipped_window

import rowreader.stream
from rowreader import RowReader, save_checkpoint
from rowreader.checkpoint import Checkpoint, load_checkpoint, pretrained_path


def on_the_windows_thread() -> bool:
    """Asked by thread id: ``threading.current_thread()`` on a pool's thread makes a ``Dummy`` thread that lives on."""
    return threading.get_ident() == threading.main_thread().ident


def folds_on_threads(monkeypatch) -> list[bool]:
    """For each fold of a model's weights for a stream from now on, whether the window's thread did it."""
    threads: list[bool] = []
    fold = rowreader.stream._FoldedWeights.__init__

    def counted(self, *args, **kwargs) -> None:
        threads.append(on_the_windows_thread())
        fold(self, *args, **kwargs)

    monkeypatch.setattr(rowreader.stream._FoldedWeights, "__init__", counted)
    return threads


def test_a_model_switched_to_is_not_folded_again_on_the_windows_thread(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Switching models held the window 2.6 s for a 200 MB model and 24 s for 1.1 GB (the event loop's longest
    stall, load 4–7): ``load_checkpoint`` folded the weights for a stream in the background, to check them, and
    dropped them; the session folded them again on the window's thread. A checkpoint keeps its folded weights."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    model = tmp_path / "mine.safetensors"
    save_checkpoint(model, RowReader(TINY))
    threads = folds_on_threads(monkeypatch)
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)
    window.compare_with(pretrained_path())  # read beside it: its session's stream too
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    assert threads == [False, False], threads


def test_a_checkpoint_folds_again_weights_put_in_place_of_those_it_folded() -> None:
    """The folded weights kept are of the very arrays folded: weights put in their place since are read, not the
    old ones (a stale fold would read another model without a word)."""
    checkpoint = load_checkpoint(pretrained_path())
    row = np.r_[np.zeros(14), np.ones(14)].astype(np.float32)
    first = checkpoint.stream().feed(row).probs
    weights = dict(checkpoint.weights)
    weights["output.bias"] = weights["output.bias"] + np.eye(10, dtype=np.float32)[first.argmin()] * 5
    checkpoint.weights = weights
    again = checkpoint.stream().feed(row).probs
    fresh = Checkpoint(checkpoint.config, weights).stream().feed(row).probs
    assert (again == fresh).all() and not (again == first).all()
