"""The forty-ninth round of hostile testing, kill2: training and teaching killed and resumed, as a user at a terminal
would: `python -m training.fit` (--limit 1024 --epochs 3 --hidden 16) and `python -m training.finetune` stopped by
SIGINT, SIGTERM and SIGKILL at random moments (a loop with random delays), between the two renames of a save, on a
disk filled mid-run, two runs at one --out; each left state then resumed. Each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import shutil

from stopped_runs import TINY, stopped_after_one_epoch

import training.fit as fit_module
from rowreader.checkpoint import read_metadata
from training.state import state_path


def test_a_checkpoint_behind_its_state_is_not_called_a_finished_run(tmp_path, capsys, monkeypatch):
    """A finished run's command run again without --resume, killed outright (SIGKILL, a power cut) between its first
    save's two renames, leaves its epoch-1 checkpoint beside the finished run's state (epoch 3). `--resume` said "the
    run in m.safetensors already finished all 3 epochs of its recipe", so the user took the epoch-1 model for the
    finished one, and the command run again without --resume noted "--resume goes on with it instead". The pair is
    refused as two runs' files, each epoch named, with the way on, nothing written; the note says so too."""
    done, out = tmp_path / "done.safetensors", tmp_path / "m.safetensors"
    assert fit_module.main([*TINY, "--out", str(done)]) == 0
    stopped_after_one_epoch(out, monkeypatch)  # the run begun again: its first save's checkpoint in place
    shutil.copy(state_path(done), state_path(out))  # its state's rename never came: the finished run's is there
    before = {p: p.read_bytes() for p in (out, state_path(out))}
    capsys.readouterr()
    assert fit_module.main([*TINY, "--out", str(out), "--resume"]) == 2
    err = capsys.readouterr().err
    assert "already finished" not in err
    assert f"{out} holds epoch 1 of the run, behind {state_path(out)} at epoch 3" in err
    assert "start the run again without --resume" in err
    assert read_metadata(out)["epochs_trained"] == 1
    assert {p: p.read_bytes() for p in (out, state_path(out))} == before
    assert fit_module.main([*TINY, "--out", str(out)]) == 0  # the way on: the run begun again
    err = capsys.readouterr().err
    assert "holds epoch 1 of 3 of an earlier run; this run replaces it when its first epoch is saved" in err
    assert "--resume cannot go on with it: " in err and "--resume goes on with it instead" not in err
