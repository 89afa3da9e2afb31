"""training.epoch: what an epoch checks and records that a run which still learns would not show.

A tiny run (512 digits, 16 steps of 32 an epoch) with one piece replaced: the loss on a chosen step, or the test
accuracy each epoch reports. Each test kills a change the mutation test of 1 Dec 2026 left alive.
"""

from __future__ import annotations

import numpy as np

from rowreader.model import ROWS
from training import epoch as epoch_module
from training.fit import main
from training.state import load_state, state_path

SMALL = ["--limit", "512", "--hidden", "8", "--batch-size", "32", "--threads", "1"]
STEPS_PER_EPOCH = 512 // 32


def test_a_nan_loss_on_an_epochs_last_step_stops_the_run_before_its_update(tmp_path, capsys, monkeypatch):
    """The loss is read every 10 steps and on the last: step 16 is not a tenth, so only the last-step check sees
    it. Without that check the NaN update reached the weights, the broken model was evaluated, and the run ended
    at the save with "weight … contains NaN or infinite values" instead."""
    real_row_loss = epoch_module.row_loss
    calls = []

    def nan_on_the_last_step(*args):
        calls.append(None)
        loss = real_row_loss(*args)
        return loss * float("nan") if len(calls) == STEPS_PER_EPOCH else loss

    monkeypatch.setattr(epoch_module, "row_loss", nan_on_the_last_step)
    out = tmp_path / "m.safetensors"
    assert main([*SMALL, "--epochs", "1", "--out", str(out)]) == 3
    assert f"loss became nan at step {STEPS_PER_EPOCH};" in capsys.readouterr().err
    assert len(calls) == STEPS_PER_EPOCH and not out.exists()


def test_the_best_accuracy_is_the_highest_epochs_not_the_last_ones(tmp_path, capsys, monkeypatch):
    """Epoch 1 reads 75 % of the test digits right after the last row, epoch 2 only 50 %: the best stays 75 %,
    printed and saved. Each curve rises from 10 % at row 1, so a best read off another row is seen too."""
    finals = iter([0.75, 0.5])
    monkeypatch.setattr(epoch_module, "evaluate_curve", lambda *args: np.linspace(0.1, next(finals), ROWS))
    out = tmp_path / "m.safetensors"
    assert main([*SMALL, "--epochs", "2", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "epoch 1: " in printed and "best 0.7500" in printed.split("epoch 2: ")[1]
    assert load_state(state_path(out)).best == 0.75
