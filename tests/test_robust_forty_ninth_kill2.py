"""The forty-ninth round of hostile testing, kill2: training and teaching killed and resumed, as a user at a terminal
would: `python -m training.fit` (--limit 1024 --epochs 3 --hidden 16) and `python -m training.finetune` stopped by
SIGINT, SIGTERM and SIGKILL at random moments (a loop with random delays), between the two renames of a save, on a
disk filled mid-run, two runs at one --out; each left state then resumed. Each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import shutil
import signal
import sys
import tempfile

from conftest import REPO
from stopped_runs import TINY, stopped_after_one_epoch
from test_robust_twentyeighth_docs import pen_folder

import training.fit as fit_module
from rowreader.checkpoint import read_metadata
from rowreader.launch import run_main
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


def test_a_stopped_bench_fit_names_no_file_of_its_runs(tmp_path, capsys, monkeypatch, bench_module):
    """`bench/bench_fit.py` stopped (SIGTERM, Ctrl-C) in one of its training.fit loops said "stopped by SIGTERM at
    step 7; no epoch had ended, so nothing was saved to /tmp/tmpkxpjhay0/bench.safetensors; start the run again",
    then "bench_fit.py: stopped by SIGTERM": a file in a folder the bench had already removed, and training.fit's
    advice for a run the user never started. The bench's one line says its runs wrote nothing that is kept."""
    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    bench_module("bench_fit")
    real = fit_module.train_epoch

    def stopped(run, data):
        signal.raise_signal(signal.SIGTERM)  # as `kill` sends it, in the first loop of training.fit
        return real(run, data)

    monkeypatch.setattr(fit_module, "train_epoch", stopped)
    monkeypatch.setattr(sys, "argv", [str(REPO / "bench" / "bench_fit.py")])
    assert run_main("bench_fit", "bench_fit.py", ["--steps", "1", "--batch-size", "8"]) == 128 + signal.SIGTERM
    err = capsys.readouterr().err
    assert "bench.safetensors" not in err and "start the run again" not in err, err
    assert err.strip().splitlines()[-1] == (
        "bench_fit.py: stopped by SIGTERM; nothing is kept (its training.fit runs train in a temporary folder, "
        "removed with them)"
    ), err
    assert list(tmp_path.iterdir()) == []


def test_a_stopped_person_examples_says_how_many_drawings_it_wrote(tmp_path, capsys, monkeypatch, bench_module):
    """`bench/person_examples.py` stopped (Ctrl-C) as it wrote a person's drawings said "person_examples.py:
    interrupted" alone, over a folder with 6 of its 30 drawings: a folder to teach from, half made, nothing said.
    The line says how many were written and where, and the same command writes the rest; each picture is whole."""
    examples = bench_module("person_examples")
    pen = pen_folder(tmp_path / "pen", [("abc/p1", d) for d in range(3)])
    out = tmp_path / "mine"
    real, calls = examples.write_own_png, []

    def stopped(path, image, *more, **named):
        calls.append(path)
        if len(calls) == 2:
            signal.raise_signal(signal.SIGINT)  # as Ctrl-C lands, while the second picture is made
        return real(path, image, *more, **named)

    monkeypatch.setattr(examples, "write_own_png", stopped)
    monkeypatch.setattr(sys, "argv", [str(REPO / "bench" / "person_examples.py")])
    argv = ["abc/p1", str(out), "--pen-dir", str(pen), "--k", "1"]
    assert run_main("person_examples", "person_examples.py", argv) == 128 + signal.SIGINT
    err = capsys.readouterr().err.strip()
    assert (
        err
        == f"person_examples.py: interrupted; 1 of 3 drawings was written into {out} (the same command writes them all)"
    )
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == ["0/0.png"]
    monkeypatch.setattr(examples, "write_own_png", real)
    assert run_main("person_examples", "person_examples.py", argv) == 0
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.png")) == ["0/0.png", "1/0.png", "2/0.png"]
