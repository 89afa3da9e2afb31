"""The fiftieth round of hostile testing, kill3: things interrupted as a hostile user would: a second Ctrl+C between
the renames of a checkpoint's files as `python -m training.fit` saves, a models folder moved away under a teach's
lock, `kill -9` of the app as it writes, SIGTERM and SIGHUP of `rowreader predict` reading a folder and of a training
run mid-save; what is on disk afterwards, and what the next start says. Each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest
from conftest import REPO
from stopped_runs import TINY

import rowreader.atomic as atomic
import training.fit as fit_module
from rowreader.atomic import lock_path
from rowreader.checkpoint import read_metadata
from training.state import load_state, state_path


def _stopped_twice_between_the_renames(out, epoch: int, monkeypatch) -> None:
    """A run whose ``epoch``-th save is stopped by Ctrl+C pressed twice (the second does not wait for the save)
    just after the checkpoint's rename, before the training state's."""
    real, saves = os.replace, []

    def replace(src, dst, *args, **kwargs):
        real(src, dst, *args, **kwargs)
        if os.fspath(dst) == os.fspath(out):
            saves.append(dst)
            if len(saves) == epoch:
                signal.raise_signal(signal.SIGINT)  # held: the save goes on
                signal.raise_signal(signal.SIGINT)  # insisted on: the save stops here

    monkeypatch.setattr(atomic.os, "replace", replace)
    assert fit_module.main([*TINY, "--out", str(out)]) == 128 + signal.SIGINT
    monkeypatch.setattr(atomic.os, "replace", real)


@pytest.mark.parametrize("epoch", [1, 2])
def test_a_second_ctrl_c_between_a_saves_renames_says_what_is_on_disk(tmp_path, capsys, monkeypatch, epoch):
    """A second Ctrl+C landing between the renames of a save's checkpoint and training state left the epoch's
    checkpoint in place without its state, and the run said what it would have said had neither been written: of
    epoch 1 "nothing was saved to m.safetensors; start the run again" (a checkpoint was there, which --resume then
    refused), of epoch 2 "the last good checkpoint is kept: m.safetensors (epoch 1 …)" of a file holding epoch 2.
    The line now names the epoch the checkpoint holds, that its state is not beside it, and the way on: --resume
    from epoch 1's state (repeating epoch 2, as it does), or the run begun again."""
    out = tmp_path / "m.safetensors"
    _stopped_twice_between_the_renames(out, epoch, monkeypatch)
    err = capsys.readouterr().err
    assert read_metadata(out)["epochs_trained"] == epoch
    line = err.strip().splitlines()[-1]
    assert "nothing was saved" not in line and "(epoch 1;" not in line, line
    assert f"epoch {epoch}'s checkpoint is in {out}, but not its training state (stopped again between the two)" in line
    if epoch == 1:
        assert not state_path(out).exists()
        assert line.endswith("so the run cannot be resumed: start it again without --resume"), line
        assert fit_module.main([*TINY, "--out", str(out), "--resume"]) == 2  # as the line says
    else:
        assert load_state(state_path(out)).epoch == 1
        assert line.endswith(f"--resume goes on from epoch 1's state in {state_path(out)}, epoch 2 trained again"), line
        assert fit_module.main([*TINY, "--out", str(out), "--resume"]) == 0  # as the line says
        assert read_metadata(out)["epochs_trained"] == 3


# A process that holds a model's lock as a teach's fine-tune does, on a system without /proc (its every path refused
# as macOS and Windows have none), until a line on its stdin tells it to end its run.
_HOLDER = """
import os, sys
real = os.readlink
def no_proc(path, *args, **kwargs):
    if os.fspath(path).startswith("/proc"):
        raise FileNotFoundError(2, "No such file or directory", path)
    return real(path, *args, **kwargs)
os.readlink = no_proc
from rowreader.atomic import drop_lock, take_lock  # training.files.run_lock's, without its seconds of torch
handle = take_lock(sys.argv[1])
print("held", flush=True)
sys.stdin.readline()
drop_lock(sys.argv[1], handle)
"""


def test_a_lock_whose_folder_was_moved_away_goes_without_proc(tmp_path):
    """The forty-ninth round removed a fine-tune's ``<model>.lock`` from a models folder moved away mid-teach by
    asking Linux's /proc where the file it holds now is; where there is no /proc (macOS, Windows' WSL1 aside) the
    empty lock stayed in the moved folder for good. The run now holds its lock's folder open and removes the lock
    there, wherever the folder went, with no /proc at all; a lock at the old name made since is left alone."""
    out = tmp_path / "models" / "mine.safetensors"
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    holder = subprocess.Popen(
        [sys.executable, "-c", _HOLDER, str(out)], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    )
    try:
        assert holder.stdout.readline() == "held\n"
        moved = tmp_path / "moved"
        out.parent.rename(moved)  # in a shell, mid-teach
        out.parent.mkdir()
        theirs = lock_path(out)
        theirs.write_bytes(b"")  # another's at the old name, made since
        holder.communicate("go on\n", timeout=30)
    finally:
        holder.kill()
    assert holder.returncode == 0
    assert sorted(p.name for p in moved.iterdir()) == []
    assert theirs.exists()
