"""The forty-fifth round of hostile testing, polish: what this round's window, newcomer and float helpers saw and
left (docs/robustness.md), each fixed: the teach's words for copies set aside, its bar and heading at one step, a
model's name mid-sentence, the teach chart's first axis, training.finetune's --help, and `--device cuda` without CUDA;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest

from rowreader.cli import main


def test_evaluate_refuses_a_device_not_here_as_a_command_line(capsys, monkeypatch):
    """`rowreader evaluate --device cuda` without CUDA exited with status 1, where `training.fit --device cuda` and
    `python -m gui --device cuda` exit 2 for the same refusal. Now a device that is not there is a refused command
    line in every command: status 2, evaluate's usage and the same words."""
    import torch

    monkeypatch.setattr(torch.cuda, "is_available", lambda: False)
    with pytest.raises(SystemExit) as stop:
        main(["evaluate", "--device", "cuda"])
    err = capsys.readouterr().err
    assert stop.value.code == 2, err
    assert err.startswith("usage: rowreader evaluate"), err
    assert "rowreader evaluate: error: device 'cuda' was asked for, but CUDA is not available here" in err, err
