"""Issue 11, training: unusable checkpoints, files overwriting each other, resume, Ctrl-C, absurd flags."""

from __future__ import annotations

import contextlib
import os
import re
import signal
import subprocess
import sys
import time
from importlib.machinery import ModuleSpec
from pathlib import Path

import numpy as np
import pytest
import torch
from conftest import BENCHMARKS, SIGTERM_THEN_THE_REAL_ONE, counted_from_here, run_with_stdout_gone

import rowreader
from rowreader import save_checkpoint
from training.arguments import parse_args
from training.files import run_lock
from training.fit import main

REPO = Path(__file__).resolve().parents[1]
# One step of 64 per epoch: each run takes a few seconds.
TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "16", "--threads", "1", "--epochs", "1"]


def fit(tmp_path: Path, *extra: object, out: str = "m.safetensors") -> int:
    return main([*TINY, "--out", str(tmp_path / out), *map(str, extra)])


def stopped_in_its_second_epoch(
    tmp_path: Path, monkeypatch, *extra: object, out: str, by: BaseException | None = None, status: int = 130
) -> None:
    """Run two epochs to ``out`` and press Ctrl-C in the second (or raise ``by`` there), the run ending with
    ``status``: its training state is of epoch 1 of 2."""
    import training.fit

    real_epoch, epochs = training.fit.train_epoch, []

    def stop_in_the_second_epoch(run, data):
        epochs.append(run.epoch)
        if len(epochs) == 2:
            raise by or KeyboardInterrupt
        return real_epoch(run, data)

    with monkeypatch.context() as m:
        m.setattr(training.fit, "train_epoch", stop_in_the_second_epoch)
        assert fit(tmp_path, "--epochs", "2", *extra, out=out) == status


# ---- item 1: no unusable checkpoint, ever ----------------------------------------------------------------------


def a_base_and_two_examples(base: Path, examples: Path, reader) -> None:
    """A fine-tune's inputs at their smallest: ``reader`` saved as ``base``, and two different drawn 1s in
    ``examples`` (a teach needs two different drawings, one to hold out)."""
    import numpy as np

    from rowreader.example_store import ExampleStore

    save_checkpoint(base, reader, {"test_accuracy": 0.5})
    for width in (10, 20):
        drawing = np.full((100, 100), 255, np.uint8)
        drawing[20:80, 50 - width // 2 : 50 + width // 2] = 0
        ExampleStore(examples).add(1, drawing)


@pytest.mark.parametrize("lr", ["inf", "nan", "1e30", "0"])
def test_item1_absurd_learning_rates_are_refused(capsys, lr):
    with pytest.raises(SystemExit) as exc:
        parse_args(["--lr", lr])
    assert exc.value.code == 2 and "argument --lr: must" in capsys.readouterr().err


def test_item1_weights_broken_by_the_last_update_are_caught_before_saving(tmp_path, capsys, monkeypatch):
    """The loss is read before the epoch's last update; an update that makes the weights inf used to be saved."""
    real_step = torch.optim.Adam.step

    def poisoned_step(self, *args, **kwargs):
        result = real_step(self, *args, **kwargs)
        with torch.no_grad():
            self.param_groups[0]["params"][0].fill_(float("inf"))
        return result

    monkeypatch.setattr(torch.optim.Adam, "step", poisoned_step)
    assert fit(tmp_path) == 3
    assert "NaN or infinite" in capsys.readouterr().err
    assert not (tmp_path / "m.safetensors").exists() and not (tmp_path / "m.state.pt").exists()


# ---- item 5: training files never overwrite what is not theirs ---------------------------------------------


def test_item5_metrics_pointing_at_an_existing_model_is_refused(tmp_path, capsys, tiny_reader):
    model = tmp_path / "model.safetensors"
    save_checkpoint(model, tiny_reader)
    before = model.read_bytes()
    assert fit(tmp_path, "--metrics", model, out="new.safetensors") == 2
    assert "--metrics" in capsys.readouterr().err and model.read_bytes() == before


def test_item5_out_and_metrics_must_differ(tmp_path, capsys):
    assert fit(tmp_path, "--metrics", tmp_path / "m.safetensors") == 2
    assert "same file" in capsys.readouterr().err


def test_item5_a_foreign_file_is_kept_unless_forced(tmp_path, capsys):
    notes = tmp_path / "notes.safetensors"  # a model's name (any other is refused as none since the 42nd round)
    notes.write_text("my notes")
    assert fit(tmp_path, out="notes.safetensors") == 2
    assert "--force" in capsys.readouterr().err and notes.read_text() == "my notes"
    assert fit(tmp_path, "--force", out="notes.safetensors") == 0
    assert rowreader.load_checkpoint(notes).metadata["epochs_trained"] == 1


def test_item5_a_second_run_on_the_same_out_stops_at_once(tmp_path, capsys, monkeypatch):
    from training import fit as fit_module

    monkeypatch.setattr(fit_module, "load_data", lambda *a: pytest.fail("the second run read data"))
    with run_lock(tmp_path / "m.safetensors"):  # the first run, still training
        assert fit(tmp_path) == 2
    assert "another run is writing" in capsys.readouterr().err
    assert not (tmp_path / "m.safetensors").exists()


def test_item5_the_lock_is_free_again_after_a_run(tmp_path):
    assert fit(tmp_path) == 0
    assert fit(tmp_path) == 0  # a rerun replaces its own earlier output: its files (state too) are ours, no --force


def test_item5_a_failed_new_run_keeps_the_old_metrics(tmp_path, capsys, monkeypatch):
    assert fit(tmp_path) == 0
    metrics = tmp_path / "m.metrics.csv"
    before = metrics.read_text()
    assert len(before.splitlines()) == 2  # header and one epoch
    real_forward = rowreader.RowReader.forward
    monkeypatch.setattr(rowreader.RowReader, "forward", lambda self, x: real_forward(self, x) * float("nan"))
    assert fit(tmp_path) == 3
    assert metrics.read_text() == before


# ---- item 6: resuming a finished run -------------------------------------------------------------------------


def test_item6_resume_of_a_finished_run_says_one_consistent_thing(tmp_path, capsys):
    assert fit(tmp_path) == 0
    capsys.readouterr()
    assert fit(tmp_path, "--resume", "--epochs", "3") == 2
    err = capsys.readouterr().err
    assert "already finished its one epoch" in err and "another --out" in err
    assert "ignoring" not in err and "raise --epochs" not in err


# ---- item 16: a second Ctrl-C while the first is handled -----------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="sends SIGINT to a child process")
def test_item16_double_ctrl_c_exits_quietly_with_the_checkpoint_intact(tmp_path, interrupt_training):
    out = tmp_path / "m.safetensors"
    argv = [*TINY[:-2], "--limit", "512", "--batch-size", "32", "--epochs", "200"]
    code, err = interrupt_training(argv, out, presses=2)
    assert code == 130
    assert "Traceback" not in err and "last good checkpoint is kept" in err
    assert rowreader.load_checkpoint(out).metadata["epochs_trained"] >= 1


# ---- also: a seed too large for torch ----------------------------------------------------------------------


def test_also_a_huge_seed_is_refused_in_words(capsys):
    with pytest.raises(SystemExit) as exc:
        parse_args(["--seed", str(10**23)])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "argument --seed: must be a whole number from 0 to 4,294,967,295" in err
    assert "Traceback" not in err and "overflow" not in err.lower()


# ---- found while testing: a damaged training state ----------------------------------------------------------


@pytest.mark.parametrize(
    "damage, message",
    [
        (lambda d: d.update(epoch="abc"), "epoch must be a whole number"),
        (lambda d: d.update(config=[1]), "config must be a dict"),
        (lambda d: d["config"].update(hidden="many"), "holds a recipe this version does not run ("),
        (lambda d: d["model"].update({"input.weight": torch.zeros(3)}), "does not fit its own recipe"),
        (lambda d: d.pop("history"), "fields differ"),
        # the fourteenth round: a weight or moment flipped to NaN said "loss became nan … try a lower --lr" (exit 3);
        # a moment of another shape failed mid-epoch in torch's words, a schedule's odd field in a traceback, and an
        # empty schedule began anew without a word
        (lambda d: d["model"]["input.weight"].fill_(float("nan")), "weight input.weight holds NaN or infinite"),
        (lambda d: d["optimizer"]["state"][0]["exp_avg"].fill_(float("inf")), "exp_avg of parameter 0 holds NaN"),
        (lambda d: d["optimizer"]["state"][0].update(exp_avg=torch.zeros(2)), "exp_avg of parameter 0 is [2]"),
        (lambda d: d["scheduler"].update(last_epoch="1"), "learning-rate schedule stands at step '1', the run at 2"),
        (lambda d: d.update(scheduler={}), "learning-rate schedule stands at step None"),
        (lambda d: d["scheduler"].update(total_steps=1), "schedule has total_steps 1, the recipe's 2"),
        (lambda d: d["scheduler"].update(_schedule_phases=[]), "learning-rate schedule (_schedule_phases) is not"),
        # an lr flipped to NaN blamed the rate; betas of one value, and moments under another key, failed a step
        # later in torch's words ("not enough values to unpack") or began anew without a word
        (lambda d: d["optimizer"]["param_groups"][0].update(lr=float("nan")), "settings (param_groups[0].lr)"),
        (lambda d: d["optimizer"]["param_groups"][0].update(betas=(0.9,)), "settings (param_groups[0].betas)"),
        (lambda d: d["optimizer"]["state"].update(x=d["optimizer"]["state"].pop(0)), "of parameter 0 are missing"),
    ],
)
def test_found_a_damaged_training_state_is_one_clear_error(tmp_path, capsys, damage, message):
    assert main([*TINY[:-2], "--epochs", "2", "--out", str(tmp_path / "m.safetensors")]) == 0
    state_file = tmp_path / "m.state.pt"
    data = torch.load(state_file, weights_only=True)
    data["epoch"] = 1  # as if interrupted after the first of two epochs
    damage(data)
    torch.save(data, state_file)
    capsys.readouterr()
    assert main([*TINY[:-2], "--epochs", "2", "--resume", "--out", str(tmp_path / "m.safetensors")]) == 2
    err = capsys.readouterr().err
    assert "m.state.pt" in err and message in err and "Traceback" not in err


@pytest.mark.parametrize(
    "flag, value, said",
    [
        ("--out", "", "argument --out: an empty name (an unset shell variable?)"),  # no folder (cli21)
        ("--out", "runs/", "--out must name a file (not a folder)"),
        ("--metrics", "logs/", "--metrics must name a file (not a folder)"),
    ],
)
def test_found_out_and_metrics_must_name_files(capsys, flag, value, said):
    with pytest.raises(SystemExit) as exc:
        parse_args([flag, value])
    err = capsys.readouterr().err
    assert exc.value.code == 2 and said in err


@pytest.mark.skipif(not Path("/dev/null").exists(), reason="needs a device file")
def test_found_a_device_as_out_is_refused(tmp_path, capsys):
    (tmp_path / "null.safetensors").symlink_to("/dev/null")  # a model's name (/dev/null's is refused as none)
    assert main([*TINY, "--out", str(tmp_path / "null.safetensors")]) == 2
    assert "is a device" in capsys.readouterr().err


@pytest.mark.parametrize(("flags", "named"), [(["--hidden", "0"], "--hidden"), (["--layers", "99"], "--layers")])
def test_a_bad_network_flag_is_named_as_typed(capsys, flags, named):
    """``--hidden 0`` was refused as "ReaderConfig.hidden_size must be …", a name no user typed."""
    with pytest.raises(SystemExit):
        parse_args(flags)
    err = capsys.readouterr().err
    assert f"argument {named}: must be" in err and "ReaderConfig" not in err


# ---- the fourth round (30 Nov 2026): found by trying it as a hostile user, without a window ------------------


@pytest.mark.parametrize("kind", ["torch file", "zip archive"])
def test_fourth_someone_elses_torch_file_beside_out_is_not_taken_for_a_training_state(tmp_path, capsys, kind):
    """Any zip archive passed for a training state of ours, so a user's own model.state.pt (every torch.save file
    is a zip) or a zip named so was overwritten by the run's state without --force."""
    state = tmp_path / "m.state.pt"
    if kind == "torch file":
        torch.save({"my": torch.ones(3)}, state)
    else:
        import zipfile

        with zipfile.ZipFile(state, "w") as archive:
            archive.writestr("thesis.txt", "my thesis")
    before = state.read_bytes()
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert "the training state" in err and "--force" in err and state.read_bytes() == before
    assert fit(tmp_path, "--force") == 0 and state.read_bytes() != before


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_fourth_sigterm_stops_like_ctrl_c(tmp_path, interrupt_training):
    """`kill`, `timeout` and batch systems send SIGTERM: it ended the run on the spot (status −15), with no word of
    the checkpoint kept and how to resume."""
    out = tmp_path / "m.safetensors"
    code, err = interrupt_training([*TINY[:-2], "--epochs", "200"], out, signum=signal.SIGTERM)
    assert code == 143
    assert "last good checkpoint is kept" in err and "--resume" in err and "Traceback" not in err
    assert rowreader.load_checkpoint(out).metadata["epochs_trained"] >= 1
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _children(pid: int) -> set[int]:
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.add(int(stat.parent.name))
    return found


def _running(pids: set[int]) -> list[int]:
    """Those of ``pids`` still running: an orphan that has ended stays in /proc as a zombie until whoever adopted
    it reaps it, which a container's first process may never do."""
    running = []
    for pid in sorted(pids):
        with contextlib.suppress(OSError, IndexError):
            if Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in ("Z", "X"):
                running.append(pid)
    return running


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="lists processes through Linux's /proc")
def test_fourth_pen_workers_end_with_a_trainer_killed_outright(tmp_path):
    """A trainer killed with SIGKILL (or by the OOM killer) left its pen-rendering workers running for good,
    blocked on a pipe nobody reads, about 0.5 GB each."""
    out = tmp_path / "m.safetensors"
    args = [*TINY[:-2], "--epochs", "200", "--pen", "0.5", "--pen-workers", "1", "--out", str(out)]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    proc = subprocess.Popen([sys.executable, "-m", "training.fit", *args], stdout=subprocess.DEVNULL,
                            stderr=subprocess.DEVNULL, env=env)  # fmt: skip
    workers: set[int] = set()
    try:
        deadline = time.monotonic() + 120
        while not out.exists() and time.monotonic() < deadline and proc.poll() is None:
            time.sleep(0.05)
        assert out.exists(), "no checkpoint after the first epoch"
        workers = _children(proc.pid)
        assert workers, "the run started no worker processes"
        proc.kill()
        proc.wait()
        deadline = time.monotonic() + 60  # bounds "for good", not a speed: a busy machine is slow to end them
        while _running(workers) and time.monotonic() < deadline:
            time.sleep(0.1)
        alive = _running(workers)
        assert not alive, f"workers still running after their trainer was killed: {alive}"
    finally:
        proc.kill()
        for worker in workers:
            with contextlib.suppress(ProcessLookupError):
                os.kill(worker, signal.SIGKILL)


@pytest.mark.parametrize(
    "flags, named",
    [
        (["--epochs", "5"], "--epochs does nothing in a fine-tune"),
        (["--limit", "100", "--hidden", "64"], "--hidden and --limit do nothing in a fine-tune"),
        (["--resume"], "--resume does nothing"),
        (["--metrics", "m.csv", "--log-every", "5", "--pen", "0.3"], "--pen, --metrics and --log-every do nothing"),
    ],
)
def test_fourth_training_flags_given_to_a_finetune_are_refused_not_ignored(capsys, flags, named):
    """`--finetune … --limit 100` taught on everything, `--epochs 5` ran its 40 steps, `--hidden 64` kept the
    base's width and `--resume` started afresh, all without a word."""
    with pytest.raises(SystemExit) as exc:
        parse_args(["--finetune", "base.safetensors", "--examples", "examples", *flags])
    assert exc.value.code == 2 and named in capsys.readouterr().err


@pytest.mark.parametrize(
    "flags, named",
    [
        (["--folds", "5"], "--folds only matters"),
        (["--replay", "0.5", "--progress", "json"], "--replay and --progress"),
    ],
)
def test_fourth_finetune_flags_given_to_a_training_run_are_refused_not_ignored(capsys, flags, named):
    with pytest.raises(SystemExit) as exc:
        parse_args(flags)
    assert exc.value.code == 2 and named in capsys.readouterr().err
    assert parse_args(["--finetune", "b", "--examples", "e", *flags]).finetune == "b"  # where they belong


def test_fourth_the_recorded_command_runs_again_with_a_space_in_a_path(tmp_path):
    """The checkpoint records its command so that anyone can make the model again; the arguments were joined
    with spaces, unquoted, so `--out "my runs/m.safetensors"` came back as two arguments."""
    import shlex

    out = tmp_path / "my runs" / "m.safetensors"
    assert main([*TINY, "--out", str(out)]) == 0
    recorded = shlex.split(rowreader.load_checkpoint(out).metadata["command"])
    assert recorded[:3] == ["python", "-m", "training.fit"] and recorded[3:] == [*TINY, "--out", str(out)]


def test_fourth_ctrl_c_before_the_first_epoch_ends_does_not_promise_a_checkpoint(tmp_path, capsys, monkeypatch):
    """Interrupted in its first epoch, a run said "the last good checkpoint is kept … resume with --resume": there
    was none (--resume then failed), or worse, an earlier run's at the same --out, which --resume would continue."""
    import training.fit as fit_module

    assert fit(tmp_path) == 0  # an earlier run's files at the same --out
    capsys.readouterr()

    def interrupted(run, data):
        raise KeyboardInterrupt

    monkeypatch.setattr(fit_module, "train_epoch", interrupted)
    assert fit(tmp_path, "--seed", "1") == 130
    err = capsys.readouterr().err
    assert "nothing was saved" in err and "start the run again" in err and "--resume" not in err


def test_fourth_more_pen_workers_than_cores_are_refused_before_any_work(tmp_path, capsys, monkeypatch):
    """`--pen-workers` took up to 1,024: each worker imports torch and holds the pen data (about 0.5 GB, measured),
    so `--pen-workers 64` on a 2-core laptop asked for some 30 GB before training anything."""
    monkeypatch.setattr(os, "cpu_count", lambda: 2)
    assert fit(tmp_path, "--pen", "0.2", "--pen-workers", "3") == 2
    err = capsys.readouterr().err
    assert "--pen-workers 3 is more processes than this machine's 2 cores" in err
    assert not list(tmp_path.iterdir())  # nothing written, not even the lock


@pytest.mark.parametrize("below", ["", "sub/"])
def test_fifth_a_file_where_outs_folder_should_be_is_named(tmp_path, capsys, below):
    """--out blocked/x.safetensors with blocked a file said "cannot write to blocked: File exists"."""
    (tmp_path / "blocked").write_bytes(b"someone's file")
    assert main([*TINY, "--out", str(tmp_path / "blocked" / f"{below}x.safetensors")]) == 2
    assert f"{tmp_path / 'blocked'} is a file, not a folder" in capsys.readouterr().err
    assert (tmp_path / "blocked").read_bytes() == b"someone's file"


# ---- the sixth round (30 Nov 2026, night): hostile use without a window, again ---------------------------------


@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="names an open file through /proc (Linux)")
def test_sixth_a_disk_full_while_saving_leaves_a_run_that_starts_again_and_names_the_file(
    tmp_path, capsys, monkeypatch
):
    """On a 220-kB tmpfs the first epoch's training state (the larger file) was written, then the disk was full
    for its checkpoint: the run said only "[Errno 28] No space left on device", and `--resume` then refused it
    for good ("cannot be read to check the data it was trained on"). Both files now go to disk before either
    replaces anything, and the error names the file."""
    import rowreader.atomic

    real_fsync = os.fsync

    def full_for_checkpoints(fd: int) -> None:
        if ".m.safetensors." in os.readlink(f"/proc/self/fd/{fd}"):  # the checkpoint's temporary file
            raise OSError(28, "No space left on device")
        real_fsync(fd)

    monkeypatch.setattr(rowreader.atomic.os, "fsync", full_for_checkpoints)
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    out = tmp_path / "m.safetensors"
    assert f"cannot save epoch 1 to {out}: No space left on device; nothing was saved" in err
    assert not out.exists() and not (tmp_path / "m.state.pt").exists()  # no state without its checkpoint
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    monkeypatch.setattr(rowreader.atomic.os, "fsync", real_fsync)
    assert fit(tmp_path, "--epochs", "2") == 0  # the disk has room again: the same command works


def test_sixth_ctrl_c_while_the_data_loads_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    """Ctrl-C while MNIST was read or the pen workers started (seconds to minutes) ended the run with exit 130
    and not a word; the same press a moment later said what was kept."""
    import training.fit

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(training.fit, "load_data", interrupted)
    assert fit(tmp_path) == 130
    assert f"interrupted before training began; nothing was written to {tmp_path / 'm.safetensors'}" in (
        capsys.readouterr().err
    )


def test_sixth_the_pen_workers_stop_when_the_set_up_fails_after_starting_them(tmp_path, capsys, monkeypatch):
    """A run that failed after the pen workers started (its resume checks, a damaged training state) left them
    running in the process: `training.ship` runs its stages in one process, each worker about 0.5 GB."""
    import training.fit

    closed = []

    class Pens:
        per_epoch = 0

        def close(self) -> None:
            closed.append(True)

    def damaged(*args, **kwargs):
        raise ValueError("--resume: the state does not fit its own recipe (damaged?)")

    monkeypatch.setattr(training.fit, "open_pen_data", lambda *args: (Pens(), {}, ()))
    monkeypatch.setattr(training.fit, "start_run", damaged)
    assert fit(tmp_path) == 2
    assert "damaged" in capsys.readouterr().err and closed == [True]


def test_sixth_ship_does_not_take_a_rehearsals_checkpoints_for_the_real_stages(
    tmp_path, capsys, monkeypatch, tiny_reader
):
    """`training.ship --also '--limit 512 --epochs 1'` (the README's rehearsal) into the default runs/ left four
    finished toy checkpoints; the real command then skipped every stage as done and said to ship the toy."""
    import json

    import training.ship as ship

    runs = tmp_path / "runs"
    runs.mkdir()
    rehearsal = ["--also", "--limit 128 --epochs 1 --hidden 8"]
    argv = ship.stage_argv(ship.STAGES[0], runs, ship.parse_args(rehearsal).also)
    recipe = json.loads(json.dumps(parse_args(argv).recipe(), default=vars))
    save_checkpoint(runs / "stage1.safetensors", tiny_reader, {"epochs_trained": 1, "recipe": recipe})
    calls = []
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or 0)
    assert ship.main(["--runs", str(runs)]) == 2 and not calls
    err = capsys.readouterr().err
    assert "stage1.safetensors was made with another recipe than the first stage's (epochs, limit, model.hidden_" in err
    assert ship.main(["--runs", str(runs), *rehearsal]) == 0  # the rehearsal itself goes on: stage 1 is its own
    assert len(calls) == 3 and "skipped" in capsys.readouterr().out


def test_sixth_a_finetune_batch_with_no_room_for_examples_is_refused_before_any_work(capsys):
    """`--finetune … --batch-size 1` (replay 0.75) read the base, the examples and the replay digits (MNIST and
    UNIPEN renderings), then said the batch had no room for the examples."""
    with pytest.raises(SystemExit) as exc:
        parse_args(["--finetune", "base.safetensors", "--examples", "nowhere", "--batch-size", "1"])
    assert exc.value.code == 2
    assert "--replay 0.75 leaves no room for the examples in a batch of 1" in capsys.readouterr().err


def test_sixth_metrics_may_not_be_the_runs_lock_file(tmp_path, capsys):
    """`--metrics OUT.lock --force` replaced the lock file with the CSV (an atomic rename): a second run with the
    same --out then locked the new file while the first still held the old one, and both wrote the same files."""
    lock = tmp_path / "m.safetensors.lock"
    with pytest.raises(SystemExit, match="2"):  # by its name, with the command line
        fit(tmp_path, "--metrics", lock, "--force")
    assert f"--metrics {lock} ends in .lock, the name training gives the lock file" in capsys.readouterr().err


@pytest.mark.skipif(os.name != "posix", reason="closes a file descriptor in the child")
def test_sixth_training_with_stderr_closed_still_trains(tmp_path):
    """`python -m training.fit … 2>&-` (no sys.stderr in Python) died at the progress bar's first write, exit 1,
    and could not say why; the run now goes on without its bar and messages, the exit status still telling."""
    out = tmp_path / "m.safetensors"
    done = subprocess.run(
        [sys.executable, "-m", "training.fit", *TINY, "--out", str(out)],
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        preexec_fn=lambda: os.close(2),
        timeout=300,
    )
    assert done.returncode == 0 and rowreader.load_checkpoint(out).metadata["epochs_trained"] == 1


@pytest.mark.skipif(not hasattr(os, "pathconf"), reason="asks the file system for its longest name")
def test_sixth_an_out_name_too_long_for_the_temporary_files_is_refused_before_training(tmp_path, capsys):
    """A 236-character --out (the file system takes 255) passed the writability probe, whose name was shorter
    than a write's temporary file, and the run failed after its first epoch: "[Errno 36] File name too long"."""
    longest = os.pathconf(tmp_path, "PC_NAME_MAX")
    name = "a" * (longest - 10 - len(".safetensors")) + ".safetensors"  # fits; with 22 characters more, it does not
    assert fit(tmp_path, out=name) == 2
    assert f"its name ({longest - 10} bytes) is too long for this file system" in capsys.readouterr().err
    assert not [p for p in tmp_path.iterdir() if not p.name.endswith(".lock")]  # nothing trained, nothing written


def test_sixth_a_teacher_named_twice_is_refused_as_a_merge_refuses_it(tmp_path, capsys, tiny_reader):
    """`--distill-from A A B` trained without a word, A's beliefs two thirds of the lesson (a copy of A under
    another name too); `training.merge` already refused a reader named twice."""
    teacher = tmp_path / "a.safetensors"
    save_checkpoint(teacher, tiny_reader, {"test_accuracy": 0.5})
    (tmp_path / "copy.safetensors").write_bytes(teacher.read_bytes())
    assert fit(tmp_path, "--distill-from", teacher, tmp_path / "copy.safetensors") == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'copy.safetensors'} is the same reader as {teacher} (identical files)" in err
    assert not (tmp_path / "m.safetensors").exists()


def test_sixth_a_training_state_from_another_run_is_not_resumed_over_this_checkpoint(tmp_path, capsys, monkeypatch):
    """A run's `.state.pt` copied beside another run's checkpoint (same data) was resumed: the other run's
    training went on and its checkpoint was written over this one, without a word."""
    import shutil

    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--hidden", "8", out="a.safetensors")
    assert fit(tmp_path, out="b.safetensors") == 0  # another run: hidden 16, one epoch
    shutil.copy(tmp_path / "a.state.pt", tmp_path / "b.state.pt")
    before = (tmp_path / "b.safetensors").read_bytes()
    assert fit(tmp_path, "--resume", out="b.safetensors") == 2
    err = capsys.readouterr().err
    assert f"{tmp_path / 'b.state.pt'} and {tmp_path / 'b.safetensors'} are from different runs (epochs, model" in err
    assert (tmp_path / "b.safetensors").read_bytes() == before


# ---- the seventh round ------------------------------------------------------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="a closed pipe's EPIPE")
def test_seventh_training_outlives_the_reader_of_its_output(tmp_path):
    """`training.fit | head -1` ended the run with "error: [Errno 32] Broken pipe" (exit 2) at the next epoch's
    line, printed before that epoch was saved: the epoch was lost. It trains on, its output discarded."""
    out = tmp_path / "m.safetensors"
    done = run_with_stdout_gone(["-m", "training.fit", *TINY, "--epochs", "2", "--out", str(out)])
    assert done.returncode == 0, done.stderr
    assert "note: the output cannot be written (its reader left); going on without it" in done.stderr
    assert "Traceback" not in done.stderr and "Exception ignored" not in done.stderr
    assert rowreader.load_checkpoint(out).metadata["epochs_trained"] == 2


@pytest.mark.skipif(os.name != "posix", reason="a closed pipe's EPIPE")
def test_seventh_ship_dry_run_into_a_closed_pipe_ends_quietly():
    """`python -m training.ship --dry-run | head -2` ended in a BrokenPipeError traceback; it ends quietly, 141."""
    done = run_with_stdout_gone(["-m", "training.ship", "--dry-run"])
    assert done.returncode == 141 and done.stderr == ""


def test_seventh_a_finetune_read_on_one_mnist_digit_says_digit(tmp_path, capsys, tiny_reader):
    """`--finetune … --eval-digits 1` printed "MNIST test (1 digits)"."""

    base = tmp_path / "base.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)
    argv = ["--finetune", base, "--examples", tmp_path / "examples", "--out", tmp_path / "mine.safetensors"]
    assert main([*map(str, argv), "--train-samples", "16", "--batch-size", "16", "--eval-digits", "1"]) == 0
    assert "MNIST test (1 digit): " in capsys.readouterr().out


def test_seventh_a_quoted_tilde_in_out_is_refused_not_made_a_folder(tmp_path, capsys, monkeypatch):
    """`--out '~/m.safetensors'` (quoted, so no shell expanded it) made a folder named "~" in the current one and
    trained into it; it is refused, saying what to write instead. A folder named ~ made on purpose is used."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    (tmp_path / "home").mkdir()  # a home that is there: one that is not is offered no more (the fiftieth round)
    assert main([*TINY, "--out", "~/m.safetensors"]) == 2
    err = capsys.readouterr().err
    assert f"cannot write ~/m.safetensors: it begins with ~, which no shell expanded (was it quoted?); write " \
        f"{tmp_path / 'home' / 'm.safetensors'} instead" in err  # fmt: skip
    assert not (tmp_path / "~").exists()
    (tmp_path / "~").mkdir()
    assert main([*TINY, "--out", "~/m.safetensors"]) == 0 and (tmp_path / "~" / "m.safetensors").is_file()


@pytest.mark.parametrize(("bom", "separator"), [("\ufeff", ","), ("", ";"), ("\ufeff", "\t")])
def test_seventh_a_metrics_csv_saved_back_by_a_spreadsheet_is_still_ours(tmp_path, capsys, bom, separator):
    """A run's metrics CSV opened and saved in Excel ("CSV UTF-8" puts a BOM first; some locales separate with
    semicolons) was "not written by RowReader training", and the next run with that --out refused without --force."""
    from training.metrics import COLUMNS

    saved = bom + separator.join(COLUMNS) + "\r\n" + separator.join(["1"] * len(COLUMNS)) + "\r\n"
    (tmp_path / "m.metrics.csv").write_text(saved, newline="")
    assert fit(tmp_path) == 0, capsys.readouterr().err
    assert (tmp_path / "m.metrics.csv").read_text().startswith(",".join(COLUMNS))


def test_seventh_two_finetunes_with_one_out_the_second_stops(tmp_path, capsys, tiny_reader):
    """Two fine-tunes run by hand with one --out both ran, and the later silently replaced the other's model. A
    fine-tune locks its --out once its inputs are read (as training does from the start); the lock file goes with
    the run, so no empty `.lock` stays beside every taught model."""

    base, out = tmp_path / "base.safetensors", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)
    argv = [*map(str, ["--finetune", base, "--examples", tmp_path / "examples", "--out", out]), "--folds", "0"]
    argv += ["--train-samples", "16", "--batch-size", "16", "--eval-digits", "10", "--threads", "1"]
    with run_lock(out):  # the first fine-tune, still at work
        assert main(argv) == 2
    assert f"another run is writing {out} (it holds {out}.lock)" in capsys.readouterr().err and not out.exists()
    assert main(argv) == 0 and out.is_file()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["base.safetensors", "examples", "mine.safetensors"]


def test_seventh_a_merge_locks_its_out_too(tmp_path, capsys, tiny_reader, monkeypatch):
    from training.merge import main as merge_main

    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path / "none"))  # no MNIST: no curve to compute

    a, b, out = tmp_path / "a.safetensors", tmp_path / "b.safetensors", tmp_path / "ab.safetensors"
    save_checkpoint(a, tiny_reader, {"test_accuracy": 0.5})
    with torch.no_grad():
        next(tiny_reader.parameters()).add_(0.01)
    save_checkpoint(b, tiny_reader, {"test_accuracy": 0.5})
    with run_lock(out):
        assert merge_main([str(a), str(b), "--out", str(out)]) == 2
    assert "another run is writing" in capsys.readouterr().err and not out.exists()
    assert merge_main([str(a), str(b), "--out", str(out)]) == 0
    assert not (tmp_path / "ab.safetensors.lock").exists()


def test_seventh_ship_and_resume_read_recipes_recorded_by_an_older_version(tmp_path, capsys, monkeypatch, tiny_reader):
    """A stage's checkpoint from before a recipe key existed (its model without `cell`, no `pen_holdout`) was
    "made with another recipe" (model, pen_holdout differ), and so was one made before a fine-tune default
    (`replay`) changed, which training never reads; ship refused to skip or resume the stage. A real difference
    is still named, down to the model's field."""
    import json

    import training.ship as ship

    runs = tmp_path / "runs"
    runs.mkdir()
    argv = ship.stage_argv(ship.STAGES[0], runs, [])
    recipe = json.loads(json.dumps(parse_args(argv).recipe(), default=vars))
    older = {k: v for k, v in recipe.items() if k != "pen_holdout"} | {"replay": 0.5}
    older["model"] = {k: v for k, v in recipe["model"].items() if k != "cell"}
    save_checkpoint(runs / "stage1.safetensors", tiny_reader, {"epochs_trained": 30, "recipe": older})
    calls = []
    monkeypatch.setattr("training.fit.main", lambda argv: calls.append(argv) or 0)
    assert ship.main(["--runs", str(runs)]) == 0, capsys.readouterr().err
    assert len(calls) == 3 and "the first stage: " in capsys.readouterr().out  # stage 1 skipped as done
    from training.resume import recipe_differences

    assert recipe_differences(older | {"model": older["model"] | {"hidden_size": 7}}, recipe) == ["model.hidden_size"]


def test_seventh_runs_sharing_a_state_or_metrics_file_do_not_run_at_once(tmp_path, capsys, monkeypatch):
    """Only `<out>.lock` was held: runs with `--out m.safetensors` and `--out m.pt` (one m.state.pt, one
    m.metrics.csv), or two --outs with one --metrics, trained at once, each writing over the other's files."""
    from training import fit as fit_module

    monkeypatch.setattr(fit_module, "load_data", lambda *a: pytest.fail("the second run read data"))
    with run_lock(tmp_path / "m.safetensors"), run_lock(tmp_path / "m.state.pt"), pytest.raises(SystemExit):
        fit(tmp_path, out="m.pt")  # since the forty-second round refused by its name, with the command line
    assert f"{tmp_path / 'm.pt'} does not end in .safetensors" in capsys.readouterr().err
    with run_lock(tmp_path / "log.csv"):  # a run with --metrics log.csv
        assert fit(tmp_path, "--metrics", tmp_path / "log.csv", out="b.safetensors") == 2
    assert f"another run is writing {tmp_path / 'log.csv'}" in capsys.readouterr().err
    assert not list(tmp_path.glob("*.safetensors")) and not list(tmp_path.glob("*.pt"))


@pytest.mark.skipif(os.name != "posix", reason="makes a symbolic link")
def test_seventh_a_dangling_link_as_out_is_named_as_one(tmp_path, capsys):
    """A link to nothing as --out was "--out: --out not found: m.safetensors" (the write would replace the link)."""
    (tmp_path / "m.safetensors").symlink_to(tmp_path / "gone.safetensors")
    assert fit(tmp_path) == 2
    assert f"--out {tmp_path / 'm.safetensors'} is a link to {tmp_path / 'gone.safetensors'}, which does not exist" in (
        capsys.readouterr().err
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["grid.txt"], "the preview is a PNG: give a file name ending in .png, got grid.txt"),
        (["grid.png", "--seed", "-1"], "--seed: must be a whole number from 0 to 4,294,967,295, got '-1'"),
        (["blocked/grid.png"], "blocked is a file, not a folder"),
        ([""], "an empty name (an unset shell variable?)"),
    ],
)
def test_seventh_the_drawn_digits_preview_refuses_what_it_cannot_write_before_drawing(
    tmp_path, capsys, monkeypatch, args, message
):
    """`python -m training.drawn` drew the grid, then ended in a traceback: Pillow's "unknown file extension" for
    grid.txt (or "" for an empty name), NumPy's for --seed -1, FileNotFoundError for a missing folder; and its
    write was not atomic."""
    from training import drawn

    monkeypatch.chdir(tmp_path)
    (tmp_path / "blocked").write_text("mine")
    monkeypatch.setattr(drawn, "preview", lambda *a: pytest.fail("drew before checking"))
    with pytest.raises(SystemExit) as exc:
        drawn.main([*args, "--per-class", "1"])
    assert exc.value.code == 2 and message in capsys.readouterr().err


def test_seventh_the_drawn_digits_preview_makes_its_folder(tmp_path, capsys):
    from training import drawn

    assert drawn.main([str(tmp_path / "new" / "grid.png"), "--per-class", "1"]) == 0
    assert (tmp_path / "new" / "grid.png").read_bytes().startswith(b"\x89PNG")


def test_seventh_a_finetune_stopped_by_ctrl_c_says_nothing_was_written(tmp_path, capsys, monkeypatch, tiny_reader):
    """Training says what Ctrl-C kept; a fine-tune stopped by it ended with exit 130 and no word at all."""

    import training.finetune

    base, out = tmp_path / "base.safetensors", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(training.finetune, "load_replay", interrupted)
    assert main([*map(str, ["--finetune", base, "--examples", tmp_path / "examples", "--out", out])]) == 130
    assert f"interrupted; nothing was written to {out} (a fine-tune writes only at its end)" in capsys.readouterr().err
    assert not out.exists()


def test_seventh_a_metrics_csv_that_cannot_be_written_does_not_end_the_run(tmp_path, capsys, monkeypatch):
    """A full disk under `--metrics` ended the run at its first epoch's line, before the epoch was saved ("error:
    [Errno 28] No space left on device: 'm.csv'"): the log cost the model. Training goes on, says so once, and the
    next row that can be written rewrites the whole file."""
    import errno

    from training.metrics import MetricsLog

    real_rewrite, calls = MetricsLog._rewrite, []

    def full_once(self):
        calls.append(1)
        if len(calls) == 1:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real_rewrite(self)

    monkeypatch.setattr(MetricsLog, "_rewrite", full_once)
    assert fit(tmp_path, "--epochs", "2", "--metrics", tmp_path / "m.csv") == 0
    err = capsys.readouterr().err
    assert f"warning: cannot write the metrics CSV {tmp_path / 'm.csv'} (No space left on device)" in err
    assert rowreader.load_checkpoint(tmp_path / "m.safetensors").metadata["epochs_trained"] == 2
    lines = (tmp_path / "m.csv").read_text().splitlines()
    assert len(lines) == 3 and lines[1].startswith("1,") and lines[2].startswith("2,")  # header, both epochs


def test_seventh_more_threads_than_cores_are_refused(tmp_path, capsys, monkeypatch):
    """`--threads` took up to 1,024 whatever the machine: on 2 cores a tiny run read 10 samples/s with 1,024
    threads (100–2,400 with 1 or 2). More than the cores are refused before any work, as --pen-workers are."""
    import training.cores
    import training.fit

    monkeypatch.setattr(training.cores.os, "cpu_count", lambda: 2)
    monkeypatch.setattr(training.fit, "load_data", lambda *a: pytest.fail("read data"))
    assert main([*TINY[:-4], "--threads", "3", "--epochs", "1", "--out", str(tmp_path / "m.safetensors")]) == 2
    assert "--threads 3 is more than this machine's 2 cores" in capsys.readouterr().err
    assert main(["--finetune", "b.safetensors", "--examples", "ex", "--threads", "3", "--out", "x.safetensors"]) == 2
    assert "--threads 3 is more than this machine's 2 cores" in capsys.readouterr().err


def test_seventh_a_state_beside_a_merged_reader_is_refused_as_not_its_run(tmp_path, capsys, monkeypatch):
    """A run's `.state.pt` beside a merged reader (no recipe recorded) was refused as "the MNIST training set
    differs (None… then)": true of no file, and no help. It now says the checkpoint is no training run's."""
    import shutil

    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="a.safetensors")
    assert fit(tmp_path, out="b.safetensors") == 0
    merged = tmp_path / "ab.safetensors"
    from training.merge import main as merge

    assert merge([str(tmp_path / "a.safetensors"), str(tmp_path / "b.safetensors"), "--out", str(merged)]) == 0
    shutil.copy(tmp_path / "a.state.pt", tmp_path / "ab.state.pt")
    before = merged.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--resume", out="ab.safetensors") == 2
    err = capsys.readouterr().err
    assert f"{merged} records no training recipe (a merged reader, or not written by training.fit)" in err
    assert merged.read_bytes() == before


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_eighth_a_finetune_stopped_by_sigterm_exits_143_as_training_does(tmp_path, capsys, monkeypatch, tiny_reader):
    """`run_finetune` put a handler of its own over `training.fit.main`'s, which made SIGTERM a plain Ctrl-C: a
    fine-tune stopped by it exited with 130, training with 143 (128 + the signal's number, as shells count)."""

    import training.finetune

    base, out = tmp_path / "base.safetensors", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)

    def terminated(*args, **kwargs):
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None), "no handler: SIGTERM would end pytest"
        signal.raise_signal(signal.SIGTERM)
        time.sleep(5)  # the handler runs at once; this is never reached
        raise AssertionError("SIGTERM did not stop the fine-tune")

    monkeypatch.setattr(training.finetune, "load_replay", terminated)
    before = signal.signal(signal.SIGINT, signal.default_int_handler), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        assert main([*map(str, ["--finetune", base, "--examples", tmp_path / "examples", "--out", out])]) == 143
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    assert "nothing was written" in capsys.readouterr().err and not out.exists()


@pytest.mark.skipif(os.name != "posix", reason="flock: a second open file of one process is refused as another's")
def test_eighth_one_file_lock_for_a_runs_out_and_a_writes_temporary(tmp_path):
    """`rowreader.atomic` and `training.files` each defined a `_lock` (flock, or msvcrt's on Windows in one of
    them only): a run's lock is now the library's, which the temporaries of every write use too."""
    import rowreader.atomic
    import training.files
    from rowreader.atomic import lock_file
    from training.files import OutputError, lock_path

    assert not any(
        hasattr(module, name) for module in (training.files, rowreader.atomic) for name in ("_lock", "_lock_now")
    )
    out = tmp_path / "m.safetensors"
    with lock_path(out).open("a+") as held:
        assert lock_file(held.fileno())  # as another run holds it
        with pytest.raises(OutputError, match="another run is writing"), run_lock(out):
            pass
    with run_lock(out), lock_path(out).open("a+") as other:
        assert not lock_file(other.fileno())
    assert not lock_path(out).exists()


# ---- the eighth round (1 Dec 2026) ----------------------------------------------------------------------------


def test_eighth_a_finetune_on_a_damaged_mnist_file_says_what_to_do(tmp_path, capsys, tiny_reader):
    """A fine-tune (the app's Teach) over an MNIST file cut short said only "cannot be read as gzip": nothing said
    to delete it and download again, as `rowreader download` does. It says so now, and with `--progress json` a
    line tells the app (whose Ctrl+T then offers the download) that an MNIST file is damaged."""
    import json

    shared = Path(os.environ["ROWREADER_DATA"])
    data = tmp_path / "mnist"
    data.mkdir()
    for name in (
        "t10k-images-idx3-ubyte",
        "t10k-labels-idx1-ubyte",
        "train-images-idx3-ubyte",
        "train-labels-idx1-ubyte",
    ):
        (data / f"{name}.gz").write_bytes((shared / f"{name}.gz").read_bytes())
    cut = data / "train-images-idx3-ubyte.gz"
    cut.write_bytes(cut.read_bytes()[:100_000])
    base = tmp_path / "base.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)
    argv = ["--finetune", base, "--examples", tmp_path / "examples", "--out", tmp_path / "mine.safetensors"]
    assert main([*map(str, argv), "--data-dir", str(data), "--progress", "json"]) == 2
    out, err = capsys.readouterr()
    assert f"error: {cut}: cannot be read as gzip" in err
    # the eleventh round: into the folder given (a plain `rowreader download` fetched into $ROWREADER_DATA)
    assert f"delete that file and run `rowreader download --data-dir {data}` to fetch it anew" in err
    event = json.loads(out.strip().splitlines()[-1])
    assert event["event"] == "error" and event["damaged_mnist"] and event["message"].startswith(str(cut))
    assert not (tmp_path / "mine.safetensors").exists()


# ---- the eighth round ------------------------------------------------------------------------------------------


@pytest.mark.parametrize("module", ["training.fit", "training", "training.merge", "training.ship"])
def test_eighth_ctrl_c_while_torch_loads_is_one_line_and_exit_130(tmp_path, module):
    """Ctrl-C in the 1–3 s torch takes to import printed a page of importlib's traceback (Python died of SIGINT);
    it is one line and exit status 130, as Ctrl-C later is."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "torch.py").write_text("raise KeyboardInterrupt\n")  # as if Ctrl-C came while torch loaded
    env = {**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"}
    # readers there (a merge refuses one not there before torch loads, since the fifty-sixth round)
    members = [shadow / "a.safetensors", shadow / "b.safetensors"]
    for member in members:
        member.write_bytes(b"")
    argv = [*map(str, members), "--out", "c.safetensors"] if module == "training.merge" else []
    done = subprocess.run(
        [sys.executable, "-m", module, *argv], capture_output=True, text=True, env=env, cwd=tmp_path, timeout=60
    )
    assert done.returncode == 130, done.stderr
    # named as typed since the forty-fifth round, as its refusals name it
    assert done.stderr.strip() == f"python -m {module}: interrupted while starting; nothing was done"
    assert list(tmp_path.iterdir()) == [shadow]


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes exist on POSIX systems only")
def test_eighth_force_never_writes_over_a_pipe_or_a_device(tmp_path, capsys, tiny_reader):
    """`training.merge A B --out /dev/null --force` (as root) replaced the system's /dev/null with a checkpoint, and
    a named pipe the same way: a write renames its temporary over whatever is there. Such an --out is refused, with
    --force too, and the library's save refuses it as well."""
    from training import merge

    members = [tmp_path / "a.safetensors", tmp_path / "b.safetensors"]
    for path, scale in zip(members, (1.0, 0.5), strict=True):
        with torch.no_grad():
            for p in tiny_reader.parameters():
                p.mul_(scale)
        save_checkpoint(path, tiny_reader)
    pipe = tmp_path / "pipe.safetensors"
    os.mkfifo(pipe)
    assert merge.main([*map(str, members), "--out", str(pipe), "--force", "--data-dir", str(tmp_path)]) == 2
    err = capsys.readouterr().err
    assert "pipe.safetensors: is a named pipe (FIFO), not a regular file; nothing is written over it" in err
    with pytest.raises(OSError, match="is a named pipe"):
        save_checkpoint(pipe, tiny_reader)
    names = sorted(p.name for p in tmp_path.iterdir())
    assert pipe.is_fifo() and names == ["a.safetensors", "b.safetensors", "pipe.safetensors"]


def test_eighth_a_lock_file_name_that_is_taken_is_left_alone(tmp_path, capsys):
    """A run removes its `<out>.lock` at the end: a user's `m.safetensors.lock` (notes) was deleted by a run with
    `--out m.safetensors`, and a link of that name was followed (its target locked) and removed. Anything but an
    empty file there is refused now, before any work, and left as it is."""
    notes = tmp_path / "m.safetensors.lock"
    notes.write_text("my notes")
    (tmp_path / "n.safetensors.lock").symlink_to(notes)
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert f"{notes} is in the way: it would be this program's lock file, but it holds 8 bytes" in err
    assert fit(tmp_path, out="n.safetensors") == 2
    assert "n.safetensors.lock is in the way: it would be this program's lock file, but it is a link" in (
        capsys.readouterr().err
    )
    assert notes.read_text() == "my notes" and (tmp_path / "n.safetensors.lock").is_symlink()
    assert sorted(p.name for p in tmp_path.iterdir()) == ["m.safetensors.lock", "n.safetensors.lock"]
    (tmp_path / "d.safetensors.lock").mkdir()
    assert fit(tmp_path, out="d.safetensors") == 2
    assert "d.safetensors.lock is in the way: it would be this program's lock file, but it is a folder" in (
        capsys.readouterr().err
    )
    (tmp_path / "d.safetensors.lock").rmdir()
    notes.write_text("")  # an empty one: a lock a killed run left
    assert fit(tmp_path) == 0 and not notes.exists()


def test_eighth_an_out_ending_in_a_slash_is_refused_as_training_refuses_it(tmp_path, capsys):
    """`training.merge A B --out runs/` wrote a file named "runs", where training refuses such an --out (so did
    `bench_handwriting.py --save-errors`); the commands that write a file share one check now."""
    from training import merge

    with pytest.raises(SystemExit) as exc:
        merge.main(["a.safetensors", "b.safetensors", "--out", f"{tmp_path / 'runs'}/"])
    assert exc.value.code == 2 and "--out: must name a file (not a folder), got" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_eighth_a_finetune_prints_file_names_with_their_control_characters_escaped(tmp_path, capsys, monkeypatch,
                                                                                    tiny_reader):  # fmt: skip
    """A file in the examples folder named with an escape sequence (`bad<ESC>[2J.png`) reached the terminal in the
    fine-tune's "skipped" warning, and the terminal obeyed it (the screen cleared); so could an error naming a
    file. They are printed escaped, as `rowreader predict` prints names."""

    import training.finetune

    base, out = tmp_path / "base.safetensors", tmp_path / "mine.safetensors"
    a_base_and_two_examples(base, tmp_path / "examples", tiny_reader)
    (tmp_path / "examples" / "1" / "bad\x1b[2J\nname.png").write_text("not a picture")

    def stop(*args, **kwargs):
        raise ValueError("stopped at " + str(tmp_path / "x\x1b]0;title\x07"))

    monkeypatch.setattr(training.finetune, "load_replay", stop)
    assert main([*map(str, ["--finetune", base, "--examples", tmp_path / "examples", "--out", out])]) == 2
    err = capsys.readouterr().err
    said = "a text file starting 'not a picture', not a picture"
    assert f"bad\\x1b[2J\\nname.png: {said}" in err and "x\\x1b]0;title\\x07" in err
    assert "\x1b" not in err and "\x07" not in err


def test_eighth_the_drawn_digits_preview_on_a_full_disk_is_one_line(tmp_path, capsys, monkeypatch):
    """`python -m training.drawn grid.png` on a full disk ended in an OSError traceback; one line, nothing left."""
    import errno

    from rowreader import atomic
    from training import drawn

    def full(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(atomic.os, "fsync", full)
    with pytest.raises(SystemExit) as exc:
        drawn.main([str(tmp_path / "grid.png"), "--per-class", "1"])
    err = capsys.readouterr().err
    assert exc.value.code == 1 and "Traceback" not in err
    assert f"error: cannot write {tmp_path / 'grid.png'}: its disk is full (" in err  # the fiftieth round's words
    assert err.count("\n") == 1 and err.endswith("or choose a folder on another disk; nothing was written\n")
    assert list(tmp_path.iterdir()) == []


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="Ctrl-C reaches a process group on POSIX")
def test_eighth_ctrl_c_to_the_terminal_while_pen_workers_start_is_kept_from_them(unipen, capfd):
    """Ctrl-C goes to every process of the terminal's group: a `--pen` worker still starting (importing, 2–3 s)
    died of it with a KeyboardInterrupt traceback under the trainer's one line. Workers start with Ctrl-C blocked
    now; one that gets it while starting renders on."""
    from training.pen_data import PenEpochs

    digits = [d for d in unipen if d.split == "train"][:40]
    with PenEpochs(digits, 8, 1, seed=0, workers=1) as pens:
        pens._ahead = pens._submit(0)  # starts the worker
        for process in list(pens._executor._processes.values()):
            os.kill(process.pid, signal.SIGINT)  # as Ctrl-C would, while it still imports
        images, labels = pens.epoch(0)
    assert images.shape == (8, 28, 28) and len(labels) == 8
    assert "KeyboardInterrupt" not in capfd.readouterr().err


@pytest.mark.parametrize("lost", [1, 2])
def test_eighth_the_metrics_csv_claims_no_epoch_that_was_not_saved(tmp_path, capsys, monkeypatch, lost):
    """A run whose epoch could not be saved (a full disk) said "nothing was saved", and its metrics CSV held that
    epoch's row (and its step rows). The epoch's row is written once its files are; a failed save takes back its
    rows, and a run that saved no epoch leaves no CSV."""
    import errno

    import training.saving

    real_write, saves = training.saving.atomic_write_files, []

    def full_at_epoch_lost(files):
        saves.append(1)
        if len(saves) == lost:
            raise OSError(errno.ENOSPC, "No space left on device", str(files[0][0]))
        real_write(files)

    monkeypatch.setattr(training.saving, "atomic_write_files", full_at_epoch_lost)
    metrics = tmp_path / "m.csv"
    assert fit(tmp_path, "--epochs", "2", "--limit", "128", "--log-every", "1", "--metrics", metrics) == 2
    assert f"cannot save epoch {lost} to" in capsys.readouterr().err
    if lost == 1:
        assert not metrics.exists()
    else:
        rows = metrics.read_text().splitlines()[1:]
        assert rows and all(row.startswith("1,") for row in rows)  # epoch 1's step rows and its own, no more


def test_eighth_ship_into_a_named_pipe_says_it_is_one(tmp_path, capsys):
    """`training.ship --runs FIFO`: "cannot write FIFO/stage1.safetensors: FIFO is a file, not a folder"; it says
    it is a named pipe, before any data is read."""
    import training.ship as ship

    os.mkfifo(tmp_path / "runs")
    with pytest.raises(SystemExit) as refused:  # the forty-third round: refused with the command line
        ship.main(["--runs", str(tmp_path / "runs"), "--device", "cpu"])
    assert refused.value.code == 2
    assert f"{tmp_path / 'runs'} is a named pipe (FIFO), not a folder" in capsys.readouterr().err


# A trainer whose pen worker takes long to start, as importing torch does on a busy machine: run as a script, so a
# spawned worker runs this file again as `__mp_main__` and sleeps there, before it has read what it was sent.
SLOW_WORKER_START = """
import sys, time
if __name__ == "__mp_main__":
    time.sleep(20)
else:
    import numpy as np
    from rowreader.unipen import PenDigit
    from training.pen_data import PenEpochs

    line = (np.array([[0, 0], [1, 3]], np.float32),)
    digits = [PenDigit(i % 10, "w/1", "w", "train", line, "s", str(i)) for i in range(2000)]
    pens = PenEpochs(digits, 64, 1, seed=0, workers=1)
    print("starting", flush=True)
    try:
        pens.epoch(0)
    except KeyboardInterrupt:
        pens.close()
        print("stopped", flush=True)
"""


@pytest.mark.skipif(not hasattr(signal, "pthread_sigmask"), reason="workers start with Ctrl-C blocked on POSIX")
@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="finds the worker through Linux's /proc")
def test_ninth_ctrl_c_while_a_pen_worker_starts_ends_the_run_at_once(tmp_path):
    """Ctrl-C while the `--pen` workers started took 2–7 s to end the run: the trainer, Ctrl-C blocked while it
    started a worker, waited until the worker (importing torch) read the whole pen data sent to it, then waited for
    the worker to finish starting. The data travels with the work now, and a stopped run ends its workers."""
    script = tmp_path / "slow_worker_start.py"
    script.write_text(SLOW_WORKER_START)
    proc = subprocess.Popen([sys.executable, str(script)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(REPO)},
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))  # fmt: skip
    try:
        assert proc.stdout.readline() == "starting\n"
        started = time.monotonic()  # before the worker was: its start ends 20 s after this at the earliest
        while not _starting_workers(proc.pid) and proc.poll() is None:  # pytest-timeout bounds a hang
            time.sleep(0.01)
        proc.send_signal(signal.SIGINT)  # the worker is sleeping in its start
        out, err = proc.communicate(timeout=60)
        took = time.monotonic() - started
    finally:
        proc.kill()
    assert out == "stopped\n" and "Traceback" not in err, err
    # a run that waited for the worker's start ended 20 s after it at the earliest, however busy the machine (a
    # sleep of 1.5 s stood for "the worker is starting", and 8 s from the press was a speed a loaded one could miss)
    assert took < 20, f"{took:.1f} s from the run's start of its worker to its end (the worker's start takes 20)"


def _starting_workers(pid: int) -> set[int]:
    """The worker processes ``pid`` has spawned (``multiprocessing``'s spawn_main), from Linux's /proc: its
    resource tracker, started first, is not one."""
    found = set()
    for child in _children(pid):
        with contextlib.suppress(OSError):
            if b"spawn_main" in Path(f"/proc/{child}/cmdline").read_bytes():
                found.add(child)
    return found


def test_ninth_a_metrics_csv_on_a_full_disk_leaves_no_hidden_temporaries(tmp_path, capsys, monkeypatch):
    """On a full disk every failed write of the metrics CSV left its hidden temporary behind (`.m.csv.<hex>.tmp`: 12
    after a run of 8 steps with `--log-every 1`): a small file fails as it is flushed, closing it flushed and failed
    again, and the temporary was never removed."""
    import errno
    import io

    from training.metrics import MetricsLog

    class FullDisk(io.FileIO):
        def write(self, data):
            raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fdopen", lambda fd, mode: io.BufferedWriter(FullDisk(fd, "wb")))
    log = MetricsLog(tmp_path / "m.csv")
    log.start()
    for step in (1, 2):
        log.add(epoch=1, step=step, seconds=0.5, loss=2.3, lr=0.001, train_accuracy=0.1)
    assert "warning: cannot write the metrics CSV" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_ninth_a_failed_save_takes_its_rows_out_of_the_metrics_csv_on_a_full_disk(tmp_path, capsys, monkeypatch):
    """A save that failed on a full disk took the lost epoch's step rows back by writing the CSV anew, which needs
    room too: that failed as well, and the rows of the epoch that was not saved stayed (with a warning). The file is
    cut back to the saved rows now, which needs no room."""
    import errno

    import training.saving
    from training.metrics import MetricsLog

    real_write, real_rewrite, saves = training.saving.atomic_write_files, MetricsLog._rewrite, []

    def full_from_the_second_save(files):
        saves.append(files)
        if len(saves) >= 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(files[0][0]))
        real_write(files)

    def rewrite_unless_full(self):
        if len(saves) >= 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(self.path))
        real_rewrite(self)

    monkeypatch.setattr(training.saving, "atomic_write_files", full_from_the_second_save)
    monkeypatch.setattr(MetricsLog, "_rewrite", rewrite_unless_full)
    metrics = tmp_path / "m.csv"
    assert fit(tmp_path, "--epochs", "2", "--limit", "128", "--log-every", "1", "--metrics", metrics) == 2
    assert "cannot save epoch 2 to" in capsys.readouterr().err
    rows = metrics.read_text().splitlines()[1:]
    # epoch 1's first step, then its own row (its last step; once logged twice, until the fiftieth round)
    assert [row.split(",")[:2] for row in rows] == [["1", "1"], ["1", "2"]]


@pytest.mark.skipif(not hasattr(signal, "SIGXFSZ"), reason="a file size limit stands in for a full disk (POSIX)")
def test_ninth_a_metrics_row_cut_short_by_a_full_disk_is_not_left_in_the_csv(tmp_path, capsys):
    """A row appended to the metrics CSV as the disk filled was written in part: the run ended with half a row as
    the file's last line (`3,44,1.7,1.989804,3.98548e-05,0.29688,`), a number cut short read as a wrong value. A
    failed append cuts the file back to its whole rows."""
    import resource

    from training.metrics import MetricsLog

    path = tmp_path / "m.csv"
    log = MetricsLog(path)
    log.start()
    log.add(epoch=1, step=1, seconds=0.5, loss=2.3, lr=0.001, train_accuracy=0.1)
    whole = path.read_text()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (len(whole) + 12, hard))  # the next row fits in part: a full disk
    try:
        log.add(epoch=1, step=2, seconds=0.9, loss=2.2987654, lr=0.001, train_accuracy=0.2)
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    assert "warning: cannot write the metrics CSV" in capsys.readouterr().err
    assert path.read_text() == whole


@pytest.mark.parametrize("cut", ["m.state.pt", "m.safetensors"])
def test_ninth_resume_from_a_file_cut_short_says_so_and_does_not_advise_force(tmp_path, capsys, monkeypatch, cut):
    """`--resume` from a training state (or checkpoint) cut short (a copy that stopped, a disk that filled under
    another program) said it "exists and was not written by RowReader training; choose another path, or pass
    --force to overwrite it": resume reads that file, it is the run's own, and --force only then gave the reason.
    Resume names what is wrong with it, and a cut-short state is said to be one in a line, not torch's paragraph."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    damaged = tmp_path / cut
    damaged.write_bytes(damaged.read_bytes()[: damaged.stat().st_size // 2])
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 2
    err = capsys.readouterr().err
    named = f"--resume: {damaged}" if cut == "m.state.pt" else f"whose checkpoint, {damaged}, is cut short"
    assert named in err and "not written by RowReader" not in err
    # one line, the folder's name aside (pytest's is long, and the line names the run's files and how to go on)
    assert len(err.strip().splitlines()) == 1 and len(err.replace(str(tmp_path), "")) < 400, err


def test_ninth_a_run_with_no_room_for_its_first_save_stops_before_training(tmp_path, capsys, monkeypatch):
    """On a full disk a run trained its whole first epoch (minutes to hours with the real recipe) before its save
    said "No space left on device"; a folder without room for an epoch's checkpoint and state is refused first."""
    import collections
    import shutil

    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2_097_152, 2_000_000, 97_152))
    assert fit(tmp_path) == 2
    out, err = capsys.readouterr()
    assert "epoch 1" not in out and f"no room in {tmp_path} for an epoch's checkpoint and training state" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("stopped_at", [1, 2])
def test_ninth_ctrl_c_while_an_epoch_is_saved_says_that_epoch_was_not(tmp_path, capsys, monkeypatch, stopped_at):
    """Ctrl-C while the first epoch was saved (a large model takes seconds) said "no epoch had ended", under that
    epoch's own line ("epoch 1: test 0.13 …"); stopped while saving the second, it did not say the second was lost.
    It says which epoch was not saved, and what is kept."""
    import training.saving

    real_write, saves = training.saving.atomic_write_files, []

    def stopped_while_saving(files):
        saves.append(files)
        if len(saves) == stopped_at:
            raise KeyboardInterrupt
        real_write(files)

    monkeypatch.setattr(training.saving, "atomic_write_files", stopped_while_saving)
    assert fit(tmp_path, "--epochs", "2") == 130
    err = capsys.readouterr().err
    assert f"epoch {stopped_at} was not saved (stopped before it was)" in err and "no epoch had ended" not in err
    if stopped_at == 1:
        assert "nothing was saved" in err and "--resume" not in err
    else:
        assert "the last good checkpoint is kept" in err and "(epoch 1; resume with the same --out and --resume)" in err


def test_ninth_a_pen_worker_killed_outright_is_named_and_the_run_says_what_is_kept(
    unipen, tmp_path, capsys, monkeypatch
):
    """A `--pen` worker killed outright (the kernel's out-of-memory killer picks the largest process, and each
    worker holds about 0.5 GB) ended the run with concurrent.futures' words: "A process in the process pool was
    terminated abruptly while the future was running or pending.", nothing on what was saved. The worker's end is
    named, with the likely cause, and the run says what is kept and that --resume goes on from there."""
    from training.pen_data import PenEpochs, PenWorkerLost

    digits = [d for d in unipen if d.split == "train"][:40]
    with PenEpochs(digits, 8, 1, seed=0, workers=1) as pens:
        pens.epoch(0)  # epoch 1's renderings are on their way
        for process in list(pens._executor._processes.values()):
            os.kill(process.pid, signal.SIGKILL)
        with pytest.raises(PenWorkerLost, match="a pen-rendering worker ended without being asked"):
            pens.epoch(1)

    lost = PenWorkerLost("a pen-rendering worker ended without being asked")
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors", by=lost, status=2)
    err = capsys.readouterr().err
    assert "worker ended without being asked; epoch 1's checkpoint and state are kept (--resume goes on" in err


def test_ninth_a_metrics_csv_deleted_during_the_run_comes_back_whole(tmp_path):
    """A metrics CSV deleted while the run went on (a tidy-up of `runs/*.csv`) came back as the later rows alone,
    with no header, and the next run with that --out refused it: "exists and was not written by RowReader
    training". It is written whole again, header and every row."""
    from training.metrics import MetricsLog

    path = tmp_path / "m.csv"
    log = MetricsLog(path)
    log.start()
    log.add(epoch=1, step=1, seconds=0.5, loss=2.3, lr=0.001, train_accuracy=0.1)
    path.unlink()
    log.add(epoch=1, step=2, seconds=0.9, loss=2.2, lr=0.001, train_accuracy=0.2)
    lines = path.read_text().splitlines()
    assert lines[0].startswith("epoch,step,") and [line.split(",")[1] for line in lines[1:]] == ["1", "2"]


@pytest.mark.parametrize("also", [["--also", "--download"], ["--also", "--epochs=1"], ["--also=--download"]])
def test_ninth_ship_takes_a_single_flag_for_every_stage(capsys, also):
    """`training.ship --also --download` (or `--also '--epochs=1'`, one flag, no space in it) was "argument --also:
    expected one argument": argparse takes a value that starts with a dash for a flag of its own."""
    import training.ship as ship

    assert ship.main(["--dry-run", *also]) == 0
    out = capsys.readouterr().out
    assert out.count(f" {also[-1].removeprefix('--also=')} --out ") == 4


def test_ninth_ship_still_says_when_also_has_no_value(capsys):
    """`--also` given no value at all before another of ship's flags is still refused, not taken as that flag."""
    import training.ship as ship

    with pytest.raises(SystemExit):
        ship.main(["--also", "--dry-run"])
    assert "--also: expected one argument" in capsys.readouterr().err


@pytest.mark.parametrize(
    ("flags", "said"),
    [
        (["--preset", "finetune"], "--preset finetune is a fine-tune's recipe"),
        (["--preset", "shipped", "--finetune", "BASE", "--examples", "DIR"], "--preset shipped trains from scratch"),
        (["--preset", "seed", "--finetune", "BASE", "--examples", "DIR"], "--preset seed trains from scratch"),
    ],
)
def test_ninth_a_preset_of_the_other_kind_of_run_is_refused(flags, said, capsys):
    """`--preset finetune` without `--finetune` trained a model from scratch for 1,280 samples at the fine-tune's
    learning rate (a useless model, without a word), and `--finetune … --preset shipped` taught a person's examples
    with the training recipe (lr 3e-3, batch 128, 30 epochs' pen data settings) instead of the `finetune` preset
    the README gives. A preset of the other kind of run is refused, naming the one that fits."""
    with pytest.raises(SystemExit) as stop:
        parse_args(flags)
    assert stop.value.code == 2
    assert said in capsys.readouterr().err
    assert parse_args(["--preset", "shipped"]).preset == "shipped"  # each kind still takes its own


def test_ninth_a_training_state_given_for_a_checkpoint_is_named_as_one(tmp_path, capsys, tiny_reader):
    """`--start-from runs/m.state.pt` (the "state" to start from, a student's guess), `--distill-from`, `--finetune`
    or `training.merge` with a run's training state said "not a readable safetensors file (truncated or foreign?):
    Error while deserializing header: header too large"; it says it is a training state and names the checkpoint."""
    import training.merge

    assert fit(tmp_path) == 0
    state, checkpoint = tmp_path / "m.state.pt", tmp_path / "m.safetensors"
    said = f"{state} is a run's training state (what --resume reads), not a checkpoint; give {checkpoint}"
    tune = ["--finetune", state, "--examples", tmp_path / "examples"]
    for flags in (["--start-from", state], ["--distill-from", state], tune):
        capsys.readouterr()
        assert main([*map(str, flags), "--out", str(tmp_path / "new.safetensors")]) == 2
        assert said in capsys.readouterr().err
    assert training.merge.main([str(checkpoint), str(state), "--out", str(tmp_path / "merged.safetensors")]) == 2
    assert said in capsys.readouterr().err


def test_ninth_a_rehearsal_of_ship_does_not_say_to_ship_its_toy(tmp_path, capsys, monkeypatch):
    """`training.ship --also '--limit 256 --epochs 2 --hidden 8'` (the README's rehearsal) ended with "done: to ship
    it, cp runs/shipped.safetensors rowreader/pretrained/rowreader.safetensors": a model of 8 units that read 11.7 %
    of MNIST, offered as the shipped model. A rehearsal says what it was, and how to run the real recipe."""
    import training.ship as ship

    monkeypatch.setattr("training.fit.main", lambda argv: 0)
    assert ship.main(["--runs", str(tmp_path), "--also", "--limit 256 --epochs 2 --hidden 8"]) == 0
    out = capsys.readouterr().out
    assert "cp " not in out and "a rehearsal (--also changed epochs, limit, model.hidden_size)" in out
    for real in ([], ["--also", "--download"]):  # --also that leaves the recipe alone
        assert ship.main(["--runs", str(tmp_path), *real]) == 0
        assert f"done: to ship it, cp {tmp_path / 'shipped.safetensors'}" in capsys.readouterr().out


def test_ninth_the_metrics_warning_is_a_line_of_its_own_under_the_progress_bar(tmp_path, capsys, monkeypatch):
    """The metrics CSV's warning (a full disk) was printed straight after the progress bar's text, on its line:
    "epoch 1:  25%|██▌       | 64.0/256 [00:00<00:00, 476img/s]warning: cannot write the metrics CSV …". It is
    written as the bar writes a line (tqdm.write): a line of its own, the bar drawn again under it."""
    import errno

    from training.metrics import MetricsLog

    def full(self):
        raise OSError(errno.ENOSPC, "No space left on device", str(self.path))

    monkeypatch.setattr(MetricsLog, "_rewrite", full)
    assert fit(tmp_path, "--limit", "256", "--log-every", "1") == 0
    line = next(line for line in capsys.readouterr().err.split("\n") if "warning: cannot write the metrics" in line)
    assert line.split("\r")[-1].startswith("warning: cannot write the metrics CSV"), line


def test_ninth_a_finetune_with_no_room_for_its_model_stops_before_teaching(tmp_path, capsys, monkeypatch, tiny_reader):
    """On a full disk a fine-tune (the app's "Teach it my handwriting" too) taught for its 10–20 s, then said
    "[Errno 28] No space left on device: '…/mine.safetensors'"; a folder without room for the model is refused
    before any step, as training refuses one without room for an epoch."""
    import collections
    import shutil

    a_base_and_two_examples(tmp_path / "base.safetensors", tmp_path / "examples", tiny_reader)
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2_097_152, 2_090_000, 7_152))
    argv = ["--finetune", tmp_path / "base.safetensors", "--examples", tmp_path / "examples"]
    assert main([*map(str, argv), "--out", str(tmp_path / "mine.safetensors"), "--device", "cpu"]) == 2
    out, err = capsys.readouterr()
    assert f"no room in {tmp_path} for the fine-tuned model" in err and "MNIST" not in out


def test_ninth_a_merge_with_no_room_for_its_model_stops_before_measuring_it(tmp_path, capsys, monkeypatch):
    """On a full disk `training.merge` merged and read all of MNIST's test digits, then said "[Errno 28] No space
    left on device: '…/merged.safetensors'"; a folder without room for the merged model is refused first."""
    import collections
    import shutil

    import training.merge

    for seed in (1, 2):
        assert fit(tmp_path, "--seed", seed, out=f"m{seed}.safetensors") == 0
    capsys.readouterr()
    usage = collections.namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(2_097_152, 2_090_000, 7_152))
    members = [str(tmp_path / f"m{seed}.safetensors") for seed in (1, 2)]
    assert training.merge.main([*members, "--out", str(tmp_path / "merged.safetensors")]) == 2
    out, err = capsys.readouterr()
    assert f"no room in {tmp_path} for the merged model" in err and "MNIST" not in out


def test_ninth_a_training_state_whose_metrics_rows_are_damaged_is_named(tmp_path, capsys, monkeypatch):
    """A training state whose metrics rows hold a field the CSV has no column for (a state edited, or damaged)
    stopped `--resume` with csv's words alone: "error: dict contains fields not in fieldnames: 'bogus'", no file
    named. The state is refused by name, as for its other fields."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    state_file = tmp_path / "m.state.pt"
    data = torch.load(state_file, weights_only=True)
    data["history"][0]["bogus"] = 1
    torch.save(data, state_file)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 2
    assert f"--resume: {state_file} is damaged: history must be" in capsys.readouterr().err


# ---- the tenth round -------------------------------------------------------------------------------------------


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full (Linux)")
@pytest.mark.parametrize("command", [["-m", "training.fit", "--help"], ["-m", "training", "--help"]], ids=" ".join)
def test_tenth_training_help_to_a_full_disk_says_it_was_not_written(command):
    """`python -m training.fit --help > /dev/full` said nothing and exited 0 (argparse drops its write error), where
    `rowreader`, `training.ship` and `merge` say "cannot write the output" and exit 1; training does so too."""
    with open("/dev/full", "w") as full:
        env = {**os.environ, "PYTHONPATH": str(REPO)}
        result = subprocess.run(
            [sys.executable, *command], stdout=full, stderr=subprocess.PIPE, text=True, env=env, cwd=REPO, timeout=120
        )
    assert result.returncode == 1, result.stderr
    assert "cannot write the output: No space left on device" in result.stderr and "Traceback" not in result.stderr


@pytest.mark.parametrize("where", ["--out loop.safetensors", "--out loop/m.safetensors", "--metrics loop/m.csv"])
def test_tenth_an_output_through_a_link_that_loops_is_refused_by_name(tmp_path, capsys, monkeypatch, where):
    """`--out loop` (a link to a link back to it) said "error: Symlink loop from '/…/loop'", pathlib's words, not
    which flag or what to do; `--data-dir loop` and `merge --out loop/m` already named the link."""
    import training.fit

    (tmp_path / "loop").symlink_to(tmp_path / "back")
    (tmp_path / "back").symlink_to(tmp_path / "loop")
    (tmp_path / "loop.safetensors").symlink_to(tmp_path / "loop")  # a model's name, the loop behind it
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(training.fit, "load_data", lambda *a: pytest.fail("read data"))
    flag, path = where.split()
    extra = [] if flag == "--out" else ["--out", "m.safetensors"]
    assert main([*TINY, flag, path, *extra]) == 2
    err = capsys.readouterr().err
    assert f"{flag} {path} goes through a link that loops back on itself" in err and "Symlink loop" not in err, err
    out = path if flag == "--out" else "loop/m.safetensors"
    assert main(["--finetune", "base.safetensors", "--examples", "ex", "--out", out]) == 2  # a fine-tune's too
    assert "goes through a link that loops back on itself" in capsys.readouterr().err


def test_tenth_a_pen_file_without_train_writers_is_refused_by_name(tmp_path, capsys, monkeypatch):
    """A UNIPEN file holding no train writers' digits (cut to its first lines, which are test writers') ended
    training in an AssertionError traceback and a fine-tune's pen replay in "random_ expects 'from' to be less than
    'to'"; both name the file and say what it lacks."""
    import training.replay

    pen = unipen_cut_to(tmp_path, "test", 5)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))  # the fine-tune's replay cache
    said = f"{pen / 'digits.jsonl.gz'}: holds no digits of UNIPEN's train writers"
    assert fit(tmp_path, "--pen", "0.3", "--pen-workers", "0", "--pen-dir", pen) == 2
    assert said in capsys.readouterr().err
    with pytest.raises(ValueError, match=said):
        training.replay.pen_replay(str(pen), count=5)


def test_tenth_a_pen_holdout_that_leaves_no_writer_to_train_on_says_so(tmp_path, capsys):
    """With a UNIPEN file of one train writer, any --pen-holdout held that writer out and the run said "pen training
    digits must all be from the 'train' split, got []", though every digit was; it says the holdout took them all."""
    pen = unipen_cut_to(tmp_path, "train", 3)  # the file's first three train digits: one writer's
    assert fit(tmp_path, "--pen", "0.3", "--pen-holdout", "0.1", "--pen-workers", "0", "--pen-dir", pen) == 2
    err = capsys.readouterr().err
    assert f"--pen-holdout 0.1 holds out every train writer of {pen / 'digits.jsonl.gz'} (1 person)" in err, err


def test_tenth_training_and_merge_print_a_file_name_escaped(tmp_path, capsys, monkeypatch):
    """`--out $'\\e[31mred.safetensors'` reached the terminal as an escape sequence (and a newline in a name split
    the line) in training's "done: … → NAME", its Ctrl-C note, and merge's and drawn's last line; the benchmarks and
    errors already escaped names. They are written as `one_line` writes them."""
    import training.drawn
    import training.fit
    import training.merge

    odd = "\x1b[31mred\nline"
    for seed in (1, 2):
        assert fit(tmp_path, "--seed", seed, out=f"{odd}{seed}.safetensors") == 0
    members = [str(tmp_path / f"{odd}{seed}.safetensors") for seed in (1, 2)]
    with monkeypatch.context() as without_mnist:  # no curve to compute
        without_mnist.setenv("ROWREADER_DATA", str(tmp_path / "nowhere"))
        assert training.merge.main([*members, "--out", str(tmp_path / f"{odd}.safetensors")]) == 0
    assert training.drawn.main([str(tmp_path / f"{odd}.png"), "--per-class", "1"]) == 0
    monkeypatch.setattr(training.fit, "train_epoch", lambda run, data: (_ for _ in ()).throw(KeyboardInterrupt))
    assert fit(tmp_path, "--seed", 3, out=f"{odd}3.safetensors") == 130
    out, err = capsys.readouterr()
    assert "\x1b" not in out + err and "\\x1b[31mred\\nline" in out and "\\x1b[31mred\\nline3" in err
    assert out.count("\\x1b[31mred\\nline") == 4, out  # two runs' done lines, the merge's and drawn's


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_tenth_sigterm_stops_a_run_started_with_ctrl_c_ignored(tmp_path, capsys, monkeypatch):
    """A run started in the background by a script (`python -m training.fit … &`) or under nohup has Ctrl-C
    ignored, and training then left SIGTERM alone too: `kill` ended it on the spot, without a word of what was kept
    (status −15). SIGTERM stops it as Ctrl-C would; Ctrl-C stays ignored."""
    import training.fit

    def terminated(run, data):
        assert signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None), "no handler: SIGTERM would end pytest"
        assert signal.getsignal(signal.SIGINT) is signal.SIG_IGN, "Ctrl-C was ignored and must stay so"
        signal.raise_signal(signal.SIGTERM)
        raise AssertionError("SIGTERM did not stop the run")

    monkeypatch.setattr(training.fit, "train_epoch", terminated)
    before = signal.signal(signal.SIGINT, signal.SIG_IGN), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        assert fit(tmp_path) == 143
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    assert "stopped by SIGTERM at step 0; no epoch had ended" in capsys.readouterr().err  # the signal named


def test_tenth_resume_checks_the_checkpoint_is_the_states_run_first(tmp_path, capsys, monkeypatch):
    """A training state copied from another, finished run beside a checkpoint was "the run in m.safetensors already
    finished all 2 epochs" (it is the state's run, and the checkpoint's is another); and with the checkpoint gone,
    MNIST was read (and the pen workers started) before it was missed. Both are said before any data is read."""
    import shutil

    import training.fit

    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    assert fit(tmp_path, "--epochs", "2", "--seed", "7", out="other.safetensors") == 0  # another run, finished
    shutil.copy(tmp_path / "other.state.pt", tmp_path / "m.state.pt")
    capsys.readouterr()
    monkeypatch.setattr(training.fit, "load_data", lambda *a: pytest.fail("read data"))
    assert fit(tmp_path, "--epochs", "2", "--resume") == 2
    err = capsys.readouterr().err
    assert "are from different runs (seed differs)" in err and "already finished" not in err, err
    (tmp_path / "m.safetensors").unlink()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 2
    assert f"whose checkpoint, {tmp_path / 'm.safetensors'}, is not there" in capsys.readouterr().err  # 46th round


def test_tenth_the_banner_says_how_long_the_run_is_as_it_will_run():
    """`--preset seed` announced "2 epochs × 468 steps" and stopped after 781 (its 100,000 samples); "1 epochs"."""
    from training.fit import _schedule
    from training.resume import finished

    assert _schedule(2, 468, 781, 128) == "781 steps of 128 (99,968 samples, within 2 epochs)"
    assert _schedule(1, 10, 10, 64) == "1 epoch × 10 steps of 64"
    assert _schedule(8, 469, 3752, 128) == "8 epochs × 469 steps of 128"
    assert finished({"epochs": 1}, 1, 10) == "its one epoch" and finished({"epochs": 3}, 3, 30) == "all 3 epochs"


def test_tenth_rowreader_fit_calls_itself_rowreader_fit(tmp_path):
    """`rowreader-fit --epochs 0` said "python -m training.fit: error: …", a command the user had not typed."""
    import subprocess

    script = Path(sys.executable).with_name("rowreader-fit")
    done = subprocess.run([str(script), "--epochs", "0"], capture_output=True, text=True, timeout=120, cwd=tmp_path)
    assert done.returncode == 2 and done.stderr.startswith("usage: rowreader-fit"), done.stderr[-400:]
    assert "rowreader-fit: error:" in done.stderr


# ---- the tenth round, leftovers of the command lines ----------------------------------------------------------


@pytest.mark.parametrize("flag", ["--out", "--metrics"])
def test_tenth_left_a_dash_is_no_file_to_train_into(tmp_path, capsys, monkeypatch, flag):
    """`--out -` wrote files named `-`, `-.state.pt` and `-.metrics.csv`: these commands write files, and `-` is
    standard output to most commands."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        parse_args([flag, "-"])
    assert exc.value.code == 2 and f"{flag} must name a file: '-' would be standard output" in capsys.readouterr().err


def test_tenth_left_a_merge_into_a_dash_is_refused(tmp_path, capsys, monkeypatch):
    from training.merge import main as merge_main

    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exc:
        merge_main(["a.safetensors", "b.safetensors", "--out", "-"])
    assert exc.value.code == 2 and "'-' would be standard output" in capsys.readouterr().err
    assert not list(tmp_path.iterdir())


def test_tenth_left_an_out_name_over_the_file_systems_limit_is_worded(tmp_path, capsys, tiny_reader):
    """A 300-character --out was refused in Python's words, "[Errno 36] File name too long: 'aaa…'", by training
    and by a merge alike."""
    from training.merge import main as merge_main

    name = "a" * 300 + ".safetensors"
    assert fit(tmp_path, out=name) == 2
    err = capsys.readouterr().err
    assert "its name is 312 bytes long, and this file system takes names of" in err and "Errno" not in err
    a, b = tmp_path / "a.safetensors", tmp_path / "b.safetensors"
    save_checkpoint(a, tiny_reader, {"test_accuracy": 0.5})
    with torch.no_grad():
        next(tiny_reader.parameters()).add_(0.01)
    save_checkpoint(b, tiny_reader, {"test_accuracy": 0.5})
    out = tmp_path / ("b" * 300) / "ab.safetensors"
    assert merge_main([str(a), str(b), "--out", str(out), "--data-dir", str(tmp_path / "none")]) == 2
    err = capsys.readouterr().err
    assert "its folder name bbbbbbbbbbbbbbbbbbbb… is 300 bytes long" in err and "Errno" not in err


def test_tenth_left_ship_prints_names_escaped_and_dry_runs_refuse_what_runs_refuse(tmp_path, capsys, monkeypatch):
    """`training.ship --dry-run --runs NAME` printed an escape sequence in NAME raw, inside its quotes (the terminal
    obeys it), and printed four commands for a --runs that is a file, which the run refuses at its first stage."""
    from training import ship

    assert ship.main(["--dry-run", "--runs", str(tmp_path / "r\x1b[31mx")]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "r\\x1b[31mx/stage1.safetensors" in out
    (tmp_path / "afile").write_text("")
    for dry in (["--dry-run"], []):  # the forty-third round: refused with the command line
        with pytest.raises(SystemExit) as refused:
            ship.main([*dry, "--runs", str(tmp_path / "afile")])
        captured = capsys.readouterr()
        assert refused.value.code == 2
        assert f"error: argument --runs: {tmp_path / 'afile'} is a file, not a folder" in captured.err
        assert "training.fit" not in captured.out
    monkeypatch.chdir(tmp_path)
    Path("runs").write_text("")  # the default --runs, never read as typed, is checked by ship itself
    for dry in (["--dry-run"], []):
        assert ship.main(dry) == 2
        assert "error: --runs: runs is a file, not a folder; give a folder" in capsys.readouterr().err


def unipen_cut_to(tmp_path: Path, split: str, count: int) -> Path:
    """A UNIPEN folder holding the first ``count`` digits of ``split`` of the real file: a file cut short."""
    import gzip

    from rowreader.unipen import unipen_file

    with gzip.open(unipen_file(), "rt", encoding="utf-8") as whole:
        kept = [line for line, _ in zip((ln for ln in whole if f'"split":"{split}"' in ln), range(count), strict=False)]
    pen = tmp_path / "pen"
    pen.mkdir()
    with gzip.open(pen / "digits.jsonl.gz", "wt", encoding="utf-8") as part:
        part.writelines(kept)
    return pen


# ---- the eleventh round, leftovers ---------------------------------------------------------------------------------


def test_a_row_says_when_a_person_wrote_too_few_of_a_digit_for_k(bench_module) -> None:
    """`--k 5` of a person who wrote four 7s taught three of them (all but one), the row still labelled k = 5; the
    row says which digits were taught fewer than k times, and how many."""
    bench = bench_module("bench_finetune")
    person = bench.Person("p", np.zeros((11, 28, 28), np.float32), np.array([7] * 4 + [3] * 6 + [9]), 0)
    train_idx, _ = bench.split(person, 5, np.random.default_rng(0), [3, 7, 9])
    assert bench.fewer_than_k(person.labels[train_idx], 5, [3, 7, 9]) == "k = 5: only 3 of 7, 0 of 9"
    assert bench.fewer_than_k(person.labels[train_idx], 3, [3, 7]) == ""


def test_eleventh_a_batch_larger_than_the_epoch_is_refused(tmp_path, capsys):
    """`--limit 64 --batch-size 65536` announced "2 epochs × 1 steps of 65536" and recorded 96,665 samples/s: each
    step took the 64 images there were and was counted as a whole batch. It is refused before any step."""
    assert fit(tmp_path, "--batch-size", "128") == 2
    err = capsys.readouterr().err
    assert "--batch-size 128 is more than the 64 training images of an epoch; give --batch-size 64 or less" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_eleventh_train_samples_below_one_batch_is_refused_and_one_step_is_one_step():
    """`--train-samples 1` ran a whole step of 128 samples, announced as "1 steps of 128"."""
    from training.config import FitConfig
    from training.fit import _schedule

    with pytest.raises(ValueError, match="--train-samples 1 is less than one step of --batch-size 128"):
        FitConfig(train_samples=1)
    assert FitConfig(train_samples=128).train_samples == 128
    assert _schedule(3, 1, 1, 64) == "1 step of 64 (64 samples, within 3 epochs)"
    assert _schedule(2, 1, 2, 64) == "2 epochs × 1 step of 64"


def test_eleventh_a_run_needs_room_for_two_epochs_saves(tmp_path, capsys, monkeypatch):
    """On a 300-kB disk a run had room for one epoch's checkpoint and state, saved epoch 1, and failed at epoch 2
    ("No space left on device") on every try: the last pair stays until the next is written whole. Two pairs are
    asked for, less what a pair already there holds (it is replaced)."""
    import collections
    import shutil

    from training.fit import save_bytes

    pair = save_bytes(parse_args([*TINY, "--epochs", "2"]))
    usage = collections.namedtuple("usage", "total used free")
    real = shutil.disk_usage
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - pair - 1, pair + 1))
    assert fit(tmp_path, "--epochs", "2") == 2
    assert "an epoch's checkpoint and training state, twice over" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == []
    monkeypatch.setattr(shutil, "disk_usage", real)
    assert fit(tmp_path, "--epochs", "2") == 0  # an earlier run's pair, which the next replaces
    free = 2 * pair - sum(p.stat().st_size for p in tmp_path.glob("m.s*")) + 1
    monkeypatch.setattr(shutil, "disk_usage", lambda path: usage(10**9, 10**9 - free, free))
    assert fit(tmp_path, "--epochs", "2") == 0


@pytest.mark.parametrize("flag, value", [("--threads", "0"), ("--pen-workers", "-1")])
def test_eleventh_ship_refuses_its_own_flags_in_its_own_name(capsys, flag, value):
    """`training.ship --threads 0` printed training.fit's whole usage and "python -m training.fit: error: --threads
    must be …", a command the user had not typed; ship refuses its own flag, as training would."""
    from training import ship

    with pytest.raises(SystemExit) as exit_:
        ship.main(["--dry-run", flag, value])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"python -m training.ship: error: argument {flag}: must be a whole number" in err
    assert "training.fit" not in err


def test_eleventh_a_seed_that_is_not_a_number_is_named_as_such(bench_module, capsys):
    """`bench_drawn.py --seed x` said "invalid seed_argument value: 'x'", the name of a function in the code."""
    with pytest.raises(SystemExit):
        bench_module("bench_drawn").main(["--seed", "x"])
    err = capsys.readouterr().err
    assert "argument --seed: must be a whole number from 0 to 4,294,967,295, got 'x'" in err  # the forty-third round
    assert "seed_argument" not in err


def test_eleventh_a_pen_share_that_makes_no_pen_rendering_is_refused(tmp_path, capsys):
    """`--pen 0.001 --limit 64` trained on MNIST alone (0 renderings per epoch) without a word, and its checkpoint's
    recipe recorded pen 0.001. It is refused before the UNIPEN file is read."""
    assert fit(tmp_path, "--pen", "0.001", "--pen-dir", tmp_path / "no-such-folder") == 2
    err = capsys.readouterr().err
    assert "--pen 0.001 of an epoch of 64 images is not one pen rendering; raise --pen (or --limit)" in err
    assert sorted(p.name for p in tmp_path.iterdir()) == []


def test_eleventh_a_drawn_preview_too_large_to_open_is_refused_before_drawing(tmp_path, capsys):
    """`python -m training.drawn g.png --per-class 100000` drew for hours towards an 8-GB grid, a PNG of more pixels
    than Pillow opens; such a preview is refused at once."""
    from training.drawn import main as drawn_main

    with pytest.raises(SystemExit) as exit_:
        drawn_main([str(tmp_path / "g.png"), "--per-class", "100000"])
    said = capsys.readouterr().err
    assert exit_.value.code == 2 and "--per-class: must be a whole number from 1 to 1,000, got '100000'" in said
    assert not (tmp_path / "g.png").exists()


def test_eleventh_resume_names_what_it_ignores_and_what_it_keeps(tmp_path, capsys, monkeypatch):
    """`--resume --hidden 32` said "note: resuming with the saved recipe; ignoring ['model']": not which setting,
    nor what the run goes on with. It names each as the checkpoint's recipe does, with both values."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume", "--hidden", "32") == 0
    err = capsys.readouterr().err
    assert "the saved recipe, not this command's model.hidden_size 32 (the run's: 16)" in err and "['" not in err


def test_eleventh_a_resume_right_after_a_kill_while_saving_removes_its_temporaries(tmp_path, capsys, monkeypatch):
    """SIGKILL while an epoch was saved leaves hidden temporaries (each as large as the checkpoint or the state); a
    `--resume` within the minute (a script that retries at once) kept them for good, as if a live writer's. The
    run's own locks say no writer of those files lives: they go."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    left = [tmp_path / ".m.safetensors.0123456789abcdef.tmp", tmp_path / ".m.state.pt.0123456789abcdef.tmp"]
    for path in left:
        path.write_bytes(b"half of a file")
    assert fit(tmp_path, "--epochs", "2", "--resume") == 0
    assert not any(path.exists() for path in left)


@pytest.mark.parametrize("flag", ["--start-from", "--distill-from"])
def test_eleventh_no_output_of_a_run_is_written_over_its_input_models(tmp_path, capsys, flag):
    """`--start-from s.safetensors --metrics s.safetensors --force` (--force for an old --out) trained, then wrote
    the metrics CSV over the start checkpoint: only --out was compared with the run's inputs. Each output is."""
    assert fit(tmp_path, out="s.safetensors") == 0
    model = tmp_path / "s.safetensors"
    before = model.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, flag, model, "--metrics", model, "--force", out="new.safetensors") == 2
    assert f"--metrics {model} is " in capsys.readouterr().err and model.read_bytes() == before
    state = tmp_path / "new.state.pt"  # a checkpoint named as the new run's training state
    state.write_bytes(before)
    assert fit(tmp_path, flag, state, "--force", out="new.safetensors") == 2
    assert f"the training state {state} is " in capsys.readouterr().err and state.read_bytes() == before


# ---- the thirteenth round (1 Dec 2026): training hostile-tested again ------------------------------------------


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_thirteenth_a_stop_between_the_two_renames_keeps_one_pair(tmp_path, capsys, monkeypatch):
    """SIGTERM (or Ctrl-C) just after an epoch's checkpoint replaced its predecessor, before the training state did,
    left a checkpoint of epoch 2 beside a state of epoch 1, and the run said "epoch 2 was not saved … the last good
    checkpoint is kept (epoch 1)" of a checkpoint that was epoch 2's. A stop that comes while the pair is put in
    place waits for it: both files are of epoch 2, and the run says so."""
    import rowreader.atomic
    from rowreader.checkpoint import read_metadata
    from training.state import load_state

    real_replace, out = os.replace, tmp_path / "m.safetensors"
    renamed: list[str] = []

    def stopped_after_the_second_checkpoint(src, dst):
        real_replace(src, dst)
        renamed.append(str(dst))
        if renamed.count(str(out)) == 2 and renamed[-1] == str(out):
            signal.raise_signal(signal.SIGTERM)

    monkeypatch.setattr(rowreader.atomic.os, "replace", stopped_after_the_second_checkpoint)
    before = signal.signal(signal.SIGINT, signal.default_int_handler), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:  # a stopped run leaves both ignored (it is ending); pytest goes on, and its children would inherit that
        assert fit(tmp_path, "--epochs", "3") == 143
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    err = capsys.readouterr().err
    assert read_metadata(out)["epochs_trained"] == 2 and load_state(tmp_path / "m.state.pt").epoch == 2
    assert "the last good checkpoint is kept" in err and "(epoch 2;" in err and "not saved" not in err


def _idx_folder(folder: Path, train: np.ndarray, test: np.ndarray) -> Path:
    """An MNIST folder of raw IDX files holding ``train`` and ``test`` (uint8 [N, 28, 28]), every label a 1."""
    import struct

    folder.mkdir()
    for prefix, images in (("train", train), ("t10k", test)):
        (folder / f"{prefix}-images-idx3-ubyte").write_bytes(
            struct.pack(">4I", 2051, len(images), 28, 28) + images.tobytes()
        )
        (folder / f"{prefix}-labels-idx1-ubyte").write_bytes(
            struct.pack(">2I", 2049, len(images)) + bytes([1] * len(images))
        )
    return folder


def test_thirteenth_a_test_set_copied_into_the_training_files_is_refused(tmp_path, capsys):
    """A folder whose train-* files were copies of the t10k-* ones trained on the very digits it was then measured
    on, and the checkpoint recorded a test accuracy of unseen digits that were all seen. MNIST's two sets share no
    image; a run whose test digits are in its training set is refused before any step."""
    images = np.random.default_rng(0).integers(0, 256, (64, 28, 28), dtype=np.uint8)
    data = _idx_folder(tmp_path / "mnist", images, images)
    assert fit(tmp_path, "--data-dir", data) == 2
    err = capsys.readouterr().err
    assert "64 of the 64 test digits are also in the training set" in err
    assert not (tmp_path / "m.safetensors").exists()


def test_thirteenth_mnists_sets_swapped_are_refused(tmp_path, capsys):
    """train-* and t10k-* swapped (both pairs) trained on MNIST's 10,000 test digits and recorded, as the test
    accuracy, one measured on its 60,000 training digits. A training set smaller than its test set is refused."""
    rng = np.random.default_rng(1)
    data = _idx_folder(tmp_path / "mnist", *(rng.integers(0, 256, (n, 28, 28), dtype=np.uint8) for n in (64, 128)))
    assert fit(tmp_path, "--data-dir", data) == 2
    assert "the training files hold 64 digits and the test files 128" in capsys.readouterr().err
    assert not (tmp_path / "m.safetensors").exists()


def test_thirteenth_ship_says_what_to_do_with_a_file_not_ours_where_a_stage_goes(tmp_path, capsys):
    """A file of someone's own named RUNS/stage1.safetensors was kept, but ship said only "not a readable
    safetensors file (truncated or foreign?): Error while deserializing header: header too small", nothing of
    why it read that file nor what to do. It says ship writes a stage there, and what to do."""
    from training.ship import main as ship_main

    runs = tmp_path / "runs"
    runs.mkdir()
    (runs / "stage1.safetensors").write_bytes(b"mine")
    assert ship_main(["--runs", str(runs), "--device", "cpu"]) == 2
    err = capsys.readouterr().err
    assert f"{runs / 'stage1.safetensors'}" in err and "ship writes a stage's checkpoint there" in err
    assert "move it away, or give another --runs" in err and (runs / "stage1.safetensors").read_bytes() == b"mine"


def _help_entries(text: str) -> dict[str, str]:
    """``--help``'s options, each flag with its words (flag line and the indented lines under it joined)."""
    entries: dict[str, str] = {}
    flag = None
    for line in text.split("options:", 1)[1].splitlines():
        if line.startswith("  -"):
            flag, _, words = line.strip().partition("  ")
            flag = flag.split()[0].rstrip(",")
            entries[flag] = words.strip()
        elif flag and line.startswith("    "):
            entries[flag] += " " + line.strip()
    return entries


@pytest.mark.parametrize("name", BENCHMARKS)
def test_thirteenth_every_benchmark_flag_is_explained_and_folders_named_alike(bench_module, capsys, monkeypatch, name):
    """`bench_fit.py --help` said of `--batch-size` only "(default: 128)"; `bench_fidelity.py` and
    `bench_finetune.py` gave MNIST's default folder as "$ROWREADER_DATA" alone, where the cache is read without it;
    and `bench_finetune.py` took UNIPEN's folder as `--unipen`, where `training.fit` and `bench_handwriting.py`
    take `--pen-dir`. Every flag says what it does, the folder flags say the same things under the same names."""
    monkeypatch.setenv("COLUMNS", "200")
    with pytest.raises(SystemExit):
        bench_module(name).main(["--help"])
    entries = _help_entries(capsys.readouterr().out)
    for flag, words in entries.items():
        assert words.split("(default:")[0].strip(), f"{name} {flag} says nothing but its default"
    if "--data-dir" in entries:
        assert "$ROWREADER_DATA, else the cache" in entries["--data-dir"], entries["--data-dir"]
    assert "--unipen" not in entries
    if name in ("bench_finetune", "bench_handwriting"):
        assert "$ROWREADER_UNIPEN, else the cache" in entries["--pen-dir"], entries["--pen-dir"]


def test_thirteenth_a_network_too_large_for_the_memory_free_is_refused_before_any_data(tmp_path, capsys, monkeypatch):
    """`--hidden 4096 --layers 8` passes every bound and needs 16.1 GB (weights, gradients, Adam's moments): with
    less memory free, a run read MNIST and left the out-of-memory killer to end it, or another program. Such a run
    is refused first, in numbers, and this machine's real reading is more than a tiny run needs."""
    import training.cores
    import training.fit

    def no_data(*args, **kwargs):
        raise AssertionError("MNIST was read")

    monkeypatch.setattr(training.fit, "load_data", no_data)
    monkeypatch.setattr(training.cores, "available_memory", lambda: 100_000)  # 0.1 MB free
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert "1×16 LSTM units need at least 0.2 MB of memory to train" in err
    assert "and 0.1 MB are free here; choose a smaller --hidden or --layers" in err
    assert sorted(tmp_path.iterdir()) == []
    monkeypatch.undo()  # the real reading, where the machine gives it (Linux): more than a tiny run needs
    free = training.cores.available_memory()
    assert free is None or free > 10**8


def test_thirteenth_a_new_run_over_an_unfinished_one_says_what_it_replaces(tmp_path, capsys, monkeypatch):
    """The same command run again after Ctrl-C, without `--resume`, began afresh and replaced the stopped run's
    checkpoint with its own first epoch, without a word: the epochs trained were gone. It says, before any step,
    what the files hold and that `--resume` goes on with them; a finished run is named as one."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2") == 0
    err = capsys.readouterr().err
    out = tmp_path / "m.safetensors"
    assert f"note: {out} holds epoch 1 of 2 of an earlier run; this run replaces it" in err
    assert "--resume goes on with it instead" in err
    assert fit(tmp_path, "--epochs", "2") == 0
    assert f"note: {out} holds a finished run of 2 epochs; this run replaces it" in capsys.readouterr().err


def test_thirteenth_python_m_training_names_itself_as_typed(capsys, monkeypatch):
    """`python -m training --threads 0` (training/__main__.py, the same command) said "usage: python -m
    training.fit" and "python -m training.fit: error: …", a command not typed, as `rowreader-fit` once did."""
    monkeypatch.setattr(sys, "argv", [str(REPO / "training" / "__main__.py"), "--threads", "0"])
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", ModuleSpec("training.__main__", None))  # as -m sets it
    with pytest.raises(SystemExit):
        parse_args(["--threads", "0"])
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m training [-h]") and "\npython -m training: error: argument --threads" in err


@pytest.mark.parametrize("name", [*BENCHMARKS, "training.ship"])
def test_thirteenth_help_shows_no_docstring_markup(bench_module, capsys, monkeypatch, name):
    """`bench_stream.py --help` (and bench_fit, bench_fidelity, bench_startup, training.ship) printed its docstring
    with reStructuredText's double backticks: "Per-row latency of ``RowStream.feed`` …" on a terminal."""
    import importlib

    main_of = importlib.import_module(name).main if name.startswith("training.") else bench_module(name).main
    with pytest.raises(SystemExit):
        main_of(["--help"])
    assert "``" not in capsys.readouterr().out


def test_thirteenth_a_run_that_fails_before_writing_leaves_no_folders_it_made(tmp_path, capsys):
    """`--out new/sub/m.safetensors` with a mistyped `--data-dir` said MNIST was not found and left the empty
    folders new/sub behind (made to check --out could be written, and to hold the run's locks); a first run's
    failure left a `runs/` folder in whatever folder the shell stood in. Folders the run made go, if still empty."""
    (tmp_path / "kept").mkdir()
    out = tmp_path / "kept" / "new" / "sub" / "m.safetensors"
    assert main([*TINY, "--out", str(out), "--data-dir", str(tmp_path / "no-such-folder")]) == 2
    assert "MNIST files not found" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["kept"]


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_thirteenth_sigterm_while_torch_imports_says_what_happened(tmp_path):
    """SIGTERM in a run's first seconds, while torch still imported, ended it with status 143 and not a word
    (seen in the eleventh and twelfth rounds), where Ctrl-C then says "interrupted while starting". SIGTERM is
    taken from the first moment: the run says SIGTERM stopped it while starting, and nothing was written.

    The signal comes from inside torch's import (a stand-in that sends it and waits), as `test_eighth_…` sends
    Ctrl-C: sent from here once the run caught SIGTERM, it could land a few milliseconds later, after the
    command line had been read, where the run says "stopped by SIGTERM" alone (the fifteenth round). Since the
    thirty-second round the stop waits for the import (one inside numpy's or torch's own aborted Python, or became
    their ImportError), so the stand-in goes on to load the real torch, as torch's import goes on."""
    shadow = tmp_path / "shadow"
    shadow.mkdir()
    (shadow / "torch.py").write_text(SIGTERM_THEN_THE_REAL_ONE)
    work = tmp_path / "work"
    work.mkdir()
    done = subprocess.run(
        [sys.executable, "-m", "training.fit", *TINY, "--out", str(work / "m.safetensors")],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": f"{shadow}{os.pathsep}{REPO}"},
        cwd=work,
        timeout=60,
        preexec_fn=lambda: signal.signal(signal.SIGTERM, signal.SIG_DFL),  # as from a shell, whatever pytest's is
    )
    assert done.returncode == 143, done.stderr
    assert "training.fit: stopped by SIGTERM while starting; nothing was done" in done.stderr, done.stderr
    assert sorted(work.iterdir()) == []


def test_thirteenth_a_stop_before_the_data_is_read_says_nothing_was_written(tmp_path, capsys, monkeypatch):
    """Ctrl-C or SIGTERM while a run checked and locked its files (before the set-up's own handler) ended it with
    status 130 or 143 and not a word, where a moment later it said "interrupted before training began"."""
    import training.fit

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(training.fit, "check_outputs", interrupted)
    assert fit(tmp_path) == 130
    err = capsys.readouterr().err
    assert f"interrupted before training began; nothing was written to {tmp_path / 'm.safetensors'}" in err


def test_thirteenth_the_preview_grid_never_replaces_a_users_picture(tmp_path, capsys):
    """`python -m training.drawn photo.png` wrote its grid over any file of that name: a user's photo was lost.
    A file that is not a grid RowReader wrote is kept and refused before drawing; its own grid is replaced."""
    from PIL import Image

    import training.drawn

    photo = tmp_path / "photo.png"
    Image.new("RGB", (4, 4), "orange").save(photo)
    kept = photo.read_bytes()
    with pytest.raises(SystemExit) as refused:
        training.drawn.main([str(photo), "--per-class", "1"])
    assert refused.value.code == 2
    assert "photo.png exists and is not a picture RowReader made; it is kept" in capsys.readouterr().err
    assert photo.read_bytes() == kept
    grid = tmp_path / "grid.png"
    assert training.drawn.main([str(grid), "--per-class", "1"]) == 0
    assert training.drawn.main([str(grid), "--per-class", "2", "--seed", "1"]) == 0  # its own grid, replaced
    with Image.open(grid) as image:
        assert image.info["Software"] == "RowReader" and image.width > 0


@pytest.mark.parametrize("module", ["training.fit", "training.merge", "training.ship", "training.unipen_convert"])
def test_thirteenth_every_training_help_gives_the_exit_statuses(module, capsys):
    """`rowreader --help` gives its exit statuses; no training command's did, though a batch system or a script
    tells "stopped" (130, 143) from "refused" (2) or "diverged" (3) by them."""
    import importlib

    with pytest.raises(SystemExit) as shown:
        importlib.import_module(module).main(["--help"])
    assert shown.value.code == 0
    text = " ".join(capsys.readouterr().out.split())
    assert "Exit status: 0 when everything worked; 2 for a command line that is refused" in text
    assert "130 when stopped by Ctrl-C and 143 by SIGTERM" in text
    assert ("3 when training diverged" in text) == (module == "training.fit")


# ---- the fourteenth round (1 Dec 2026): the command lines' twins made one, their leftovers --------------------


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_fourteenth_a_second_stop_during_an_epochs_save_stops_it_at_once():
    """An epoch's save (its checkpoint and state put in place) held every Ctrl-C and SIGTERM until it ended, so a
    save stuck on a hung disk could be ended by ``kill -9`` alone. One definition holds a stop for a command's
    whole write now, rowreader's and training's: the first waits for the body, a second stops it at once."""
    from rowreader.launch import Stopped, stops_held
    from training.interrupt import signals_stop_the_run

    reached: list[str] = []
    before = signal.signal(signal.SIGINT, signal.default_int_handler), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with pytest.raises(Stopped) as stopped, signals_stop_the_run(), stops_held():
            signal.raise_signal(signal.SIGTERM)
            reached.append("held")
            signal.raise_signal(signal.SIGINT)
            reached.append("not stopped by the second")
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    assert reached == ["held"] and stopped.value.signum == signal.SIGINT


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_fourteenth_a_stop_held_through_a_save_stops_the_run_once_it_ends():
    """The first stop during the held body waits for its end, then stops the run as training's own stop does (the
    other stop signal then ignored while it saves and exits)."""
    from rowreader.launch import Stopped, stops_held
    from training.interrupt import _stopped_already, signals_stop_the_run

    reached: list[str] = []
    before = signal.signal(signal.SIGINT, signal.default_int_handler), signal.signal(signal.SIGTERM, signal.SIG_DFL)
    try:
        with pytest.raises(Stopped) as stopped, signals_stop_the_run():
            with stops_held():
                signal.raise_signal(signal.SIGTERM)
                reached.append("the body ends")
            reached.append("not stopped after it")
        ignored = signal.getsignal(signal.SIGINT)
    finally:
        signal.signal(signal.SIGINT, before[0])
        signal.signal(signal.SIGTERM, before[1])
    assert reached == ["the body ends"] and stopped.value.signum == signal.SIGTERM
    assert ignored is _stopped_already  # ignored: a handler that does nothing (thirty-fourth round)


@pytest.mark.parametrize("module", ["training.fit", "training.merge"])
def test_fourteenth_training_and_rowreader_give_their_exit_statuses_in_one_wording(module, capsys):
    """`rowreader --help` said "0 when everything worked; 1 when …", training's "0 when done; 2 for …": two texts
    for one job. Both come from rowreader.launch.exit_statuses, each with its own statuses."""
    import importlib

    from rowreader.cli import main as rowreader_main

    texts = []
    for run in (importlib.import_module(module).main, rowreader_main):
        with pytest.raises(SystemExit):
            run(["--help"])
        texts.append(" ".join(capsys.readouterr().out.split("Exit status:")[1].split()))
    for text in texts:
        assert text.startswith("0 when everything worked; ") and "2 for a command line that is refused" in text
        assert text.split("SIGTERM")[0].endswith("; 130 when stopped by Ctrl-C and 143 by ")
    assert "1 for an image" in texts[1] and "refused or input or output that cannot be used" in texts[0]


def test_fourteenth_an_error_line_is_read_back_by_one_rule():
    """The app read why a fine-tune failed from its child's lines that began "error:", while a refused flag's line
    began "python -m training.fit: error:" and so was never read (the app showed the log's last five lines)."""
    from rowreader.launch import error_reason

    assert error_reason("python -m training.fit: error: --replay must be in [0, 1)") == "--replay must be in [0, 1)"
    assert error_reason("rowreader-fit: error: no examples") == "no examples"
    assert error_reason("error: MNIST files not found in /x") == "MNIST files not found in /x"
    assert error_reason("RuntimeError: CUDA error: out of memory") is None
    assert error_reason("  File 'x.py', line 3: error: y") is None
    assert error_reason("epoch 1: loss 0.3") is None


@pytest.mark.parametrize(
    ("flag", "given", "said"),
    [
        ("--data-dir", "https://example.org/mnist", "is a URL, not a folder on this machine"),
        ("--pen-dir", "~rowreader-no-such-user/unipen", "which names no home folder"),
        ("--device", "tpu", "unknown device 'tpu'"),
        ("--start-from", "https://example.org/m.safetensors", "fetch it first (curl -O"),
    ],
)
def test_fourteenth_training_refuses_a_url_a_stray_tilde_or_no_device_with_the_command_line(flag, given, said, capsys):
    """`training.fit --data-dir https://…` said "MNIST files not found in https:/…" (a name nobody typed) after
    torch loaded; `--device tpu` and a `~user` that names no one were refused as a failed run. Each is a refused
    command line now, naming its flag."""
    with pytest.raises(SystemExit) as refused:
        parse_args([flag, given])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and f"error: argument {flag}: " in err and said in err


def test_fourteenth_training_help_states_every_default_and_groups_train_samples_with_every_run(capsys):
    """`--train-samples` (a training run's too) was listed among the fine-tuning flags, with only a fine-tune's
    default; --finetune and --examples said nothing of theirs."""
    import re

    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out.split("Exit status")[0]
    common, fine_tuning = text.split("fine-tuning on a person's examples:")
    assert "--train-samples TRAIN_SAMPLES" in common.split("usage:")[1].split("options:")[1]
    assert "--train-samples" not in fine_tuning
    for part in (common.split("options:")[1], fine_tuning):
        for option in (" ".join(e.split()) for e in re.split(r"\n  (?=-)", part) if e.strip().startswith("-")):
            assert option.startswith(("-h, --help", "--version")) or "default" in option, option


def test_fourteenth_python_m_training_finetune_names_itself_as_typed(capsys, monkeypatch):
    """`python -m training.finetune --finetune m --bogus` said "usage: python -m training.fit" and
    "python -m training.fit: error: …", a command not typed, as `python -m training` once did."""
    monkeypatch.setattr(sys, "argv", [str(REPO / "training" / "finetune.py"), "--finetune", "m", "--bogus"])
    monkeypatch.setattr(sys.modules["__main__"], "__spec__", ModuleSpec("training.finetune", None))  # as -m sets it
    with pytest.raises(SystemExit):
        parse_args(["--finetune", "m", "--bogus"])
    err = capsys.readouterr().err
    assert err.startswith("usage: python -m training.finetune [-h]")
    assert err.endswith("\npython -m training.finetune: error: unrecognized arguments: --bogus\n")


@pytest.mark.parametrize("flag", ["--out", "--metrics"])
def test_fourteenth_a_url_to_write_to_is_not_told_to_be_fetched(flag, capsys):
    """`training.fit --out https://…/m.safetensors` (and `training.merge --out`) was told to `curl -O` the file it
    was to write; a URL is no file on this machine to write."""
    from training.merge import main as merge

    with pytest.raises(SystemExit) as refused:
        parse_args([flag, "https://example.org/m.safetensors"])
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "curl" not in err
    assert f"argument {flag}: https://example.org/m.safetensors is a URL, not a file on this machine" in err
    with pytest.raises(SystemExit):
        merge(["a", "b", "--out", "https://example.org/m.safetensors"])
    assert "curl" not in capsys.readouterr().err


def test_fourteenth_a_training_commands_runtime_error_names_the_command(tmp_path, capsys):
    """`python -m training.fit` said a refused flag as "python -m training.fit: error: …" but a missing MNIST
    folder as a bare "error: …", a line that names no command in a log of several; merge, ship and unipen_convert
    alike. Every error line names its command now, as argparse's do."""
    from training.merge import main as merge

    assert fit(tmp_path, "--data-dir", str(tmp_path / "nothing")) == 2
    assert capsys.readouterr().err.startswith("python -m training.fit: error: MNIST files not found in ")
    members = [str(tmp_path / "a.safetensors"), str(tmp_path / "b.safetensors")]
    assert merge([*members, "--out", str(tmp_path / "m.safetensors")]) == 2
    assert capsys.readouterr().err.startswith("python -m training.merge: error: checkpoint not found: ")


def test_fourteenth_a_pen_folder_variable_naming_no_ones_home_says_so(monkeypatch):
    """`ROWREADER_UNIPEN='~ann/x' python -m training.fit --pen 0.2` (no user ann) said "error: Could not determine
    home directory.", naming neither the variable nor its value; it is read as $ROWREADER_DATA is."""
    from rowreader.unipen import unipen_file

    monkeypatch.setenv("ROWREADER_UNIPEN", "~rowreader-no-such-user/x")
    with pytest.raises(ValueError, match=r"^\$ROWREADER_UNIPEN=~rowreader-no-such-user/x: begins with ~rowreader-"):
        unipen_file()


@pytest.mark.parametrize(
    ("module", "argv"),
    [
        ("training.ship", ["--runs", "https://example.org/runs", "--dry-run"]),
        ("training.ship", ["--runs", "~rowreader-no-such-user/runs", "--dry-run"]),
        ("training.merge", ["a", "b", "--out", "m.safetensors", "--data-dir", "https://example.org/mnist"]),
        ("training.unipen_convert", ["https://github.com/GreenCappuccino/train_r01_v07", "--out", "x"]),
    ],
)
def test_fourteenth_a_training_commands_folder_that_is_a_url_or_no_ones_home_is_refused(module, argv, capsys):
    """`training.unipen_convert https://github.com/…` and `merge --data-dir https://…` were told to `curl -O` a
    folder; `ship --runs '~ann/r' --dry-run` printed four commands that would fail. Refused as folders now."""
    import importlib

    with pytest.raises(SystemExit) as refused:
        importlib.import_module(module).main(argv)
    err = capsys.readouterr().err
    assert refused.value.code == 2 and "curl" not in err
    assert "not a folder on this machine" in err or "which names no home folder" in err


@pytest.mark.parametrize("module", ["training.fit", "training", "training.finetune"])
def test_fourteenth_leftovers_a_device_that_is_none_is_refused_before_torch_loads(module):
    """`python -m training.fit --device tpu` was refused (status 2) only after torch's seconds of loading: naming
    the augmentations imported torch, and fit read its arguments after its imports. No torch is imported now."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", module, "--device", "tpu", "--finetune", "base.safetensors"],
        capture_output=True,
        text=True,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=120,
    )
    assert done.returncode == 2
    assert "unknown device 'tpu'" in done.stderr
    imported = [line.rsplit("|", 1)[-1].strip() for line in done.stderr.splitlines() if line.startswith("import time")]
    assert "rowreader.device" in imported and "torch" not in imported


def test_fourteenth_leftovers_includes_that_multiply_are_refused_not_read_for_hours(tmp_path):
    """A UNIPEN source whose `.INCLUDE`s nest eight deep, ten at each level, would be read 10^8 times: the depth
    limit stops loops only. One label file's includes are counted, all levels together (here four levels, 10^4)."""
    from training.unipen_format import MAX_INCLUDES, UnipenSourceError, read_label_file

    include = tmp_path / "include"
    include.mkdir()
    (include / "level4.inc").write_text(".PEN_DOWN\n0 0\n1 1\n")
    for level in range(3, -1, -1):
        (include / f"level{level}.inc").write_text(f".INCLUDE level{level + 1}.inc\n" * 10)
    label = tmp_path / "anna.dat"
    label.write_text(".VERSION 1.0\n.INCLUDE level0.inc\n")
    started = time.process_time()  # CPU time: a busy machine does not stretch it
    with pytest.raises(UnipenSourceError, match=rf"\.INCLUDE level\d\.inc: more than {MAX_INCLUDES:,} includes in"):
        read_label_file(label, include)
    assert time.process_time() - started < 10
    (include / "level0.inc").write_text(".INCLUDE level3.inc\n")  # 11 includes in all: read, and what they hold
    assert len(read_label_file(label, include).components) == 10


def test_fourteenth_leftovers_metrics_rows_with_text_where_numbers_go_are_refused(tmp_path, capsys, monkeypatch):
    """A training state whose metrics rows held text where numbers go (a spreadsheet formula, a word) was resumed,
    and the text written back to the metrics CSV as it was; such a state is refused by name, as for its fields."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    state_file = tmp_path / "m.state.pt"
    kept = state_file.read_bytes()
    damages = [
        ("loss", '=HYPERLINK("https://example.org","open me")'),
        ("seconds", "nan"),
        ("lr", "fast"),
        ("epoch", "1"),
        ("step", -5),
        ("train_accuracy", True),
    ]
    for column, value in damages:
        state_file.write_bytes(kept)
        data = torch.load(state_file, weights_only=True)
        data["history"][0][column] = value
        torch.save(data, state_file)
        capsys.readouterr()
        assert fit(tmp_path, "--epochs", "2", "--resume") == 2, (column, value)
        err = capsys.readouterr().err
        assert f"--resume: {state_file} is damaged: history must be" in err, (column, value)
        assert "HYPERLINK" not in (tmp_path / "m.metrics.csv").read_text()
    state_file.write_bytes(kept)  # and the state as it was saved resumes
    assert fit(tmp_path, "--epochs", "2", "--resume") == 0


@pytest.mark.parametrize("epoch", [0, 2, 5])
def test_fourteenth_leftovers_a_state_whose_epoch_alone_was_edited_is_refused(tmp_path, capsys, monkeypatch, epoch):
    """A training state whose epoch alone was edited (its step, schedule and Adam's moments agreeing) was resumed
    from that epoch, running again or skipping what the schedule had planned; the epoch must end at its step."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--epochs", "6", out="m.safetensors")
    state_file = tmp_path / "m.state.pt"
    data = torch.load(state_file, weights_only=True)
    assert (data["epoch"], data["step"]) == (1, 1)
    data["epoch"] = epoch
    torch.save(data, state_file)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "6", "--resume") == 2
    err = capsys.readouterr().err
    assert f"{state_file} does not fit its own recipe" in err
    assert f"it says epoch {epoch} ended at step 1, but an epoch {epoch} of its recipe ends at step {epoch}" in err


@pytest.mark.parametrize("name", ["../outside.dat", "xyz/../../outside.dat", "/etc/hostname"])
def test_fourteenth_leftovers_an_include_outside_include_is_refused(tmp_path, name):
    """A UNIPEN source's `.INCLUDE ../outside.dat` (or an absolute name) was read from outside the release's
    `include/` folder (read as UNIPEN, never run); it is an error naming the file and line."""
    from training.unipen_format import UnipenSourceError, read_label_file

    include = tmp_path / "release" / "include"
    (include / "xyz").mkdir(parents=True)
    (tmp_path / "release" / "outside.dat").write_text(".PEN_DOWN\n0 0\n1 1\n")
    (tmp_path / "outside.dat").write_text(".PEN_DOWN\n0 0\n1 1\n")
    label = tmp_path / "anna.dat"
    label.write_text(f".VERSION 1.0\n.INCLUDE {name}\n")
    says = rf"anna\.dat, line 2: \.INCLUDE {re.escape(name)}: names a file outside include/"
    with pytest.raises(UnipenSourceError, match=says):
        read_label_file(label, include)


# ---- the fifteenth round (1 Dec 2026): a stop inside the progress bar's constructor -----------------------------


@pytest.mark.skipif(os.name != "posix", reason="SIGTERM is POSIX's")
def test_fifteenth_a_stop_inside_the_progress_bars_constructor_leaves_no_half_built_bar(monkeypatch):
    """CI once printed a traceback under "the last good checkpoint is kept": SIGTERM came while tqdm was building
    the next epoch's bar, the stop was raised inside its constructor, and the half-built bar's clean-up failed at
    garbage collection ("'tqdm' object has no attribute 'pos'"). The bar is now made with stops held, so the stop
    comes once it stands, and it is closed on the way out."""
    import gc
    import io

    from rowreader.launch import Stopped
    from training.interrupt import signals_stop_the_run
    from training.progress import progress_bar

    class StopsWhileTheBarIsBuilt:
        def __str__(self) -> str:  # tqdm writes its postfix while building the bar, before it has its position
            signal.raise_signal(signal.SIGTERM)
            return "0.1"

    unraisable: list[object] = []
    monkeypatch.setattr(sys, "unraisablehook", unraisable.append)
    reached: list[str] = []
    with counted_from_here():  # its collection finalises the bar, not what earlier tests left (the sixty-fifth round)
        before = signal.signal(signal.SIGINT, signal.default_int_handler), signal.signal(signal.SIGTERM, signal.SIG_DFL)
        try:
            stopping = StopsWhileTheBarIsBuilt()
            with (
                pytest.raises(Stopped) as stopped,
                signals_stop_the_run(),
                progress_bar(total=4, file=io.StringIO(), postfix={"loss": stopping}),
            ):
                reached.append("the body ran")
        finally:
            signal.signal(signal.SIGINT, before[0])
            signal.signal(signal.SIGTERM, before[1])
        signum = stopped.value.signum
        del stopped  # its traceback holds the bar
        gc.collect()
    assert signum == signal.SIGTERM and reached == [] and unraisable == []


def test_fifteenth_cli_a_resumed_checkpoint_records_the_command_that_began_its_run(tmp_path, capsys, monkeypatch):
    """A resumed run recorded the resuming command as the one that made its model: `--resume --hidden 32 --seed 5`,
    flags the resume ignored, for a model of 16 units and seed 0. The command that began the run stays recorded (it
    parses to the recorded recipe), and each resuming command is listed after it."""
    import json
    import shlex

    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    resume = ["--epochs", "2", "--resume", "--hidden", "32", "--seed", "5"]
    assert fit(tmp_path, *resume) == 0
    metadata = rowreader.load_checkpoint(tmp_path / "m.safetensors").metadata
    began = shlex.split(metadata["command"])
    assert began[:3] == ["python", "-m", "training.fit"]
    assert json.loads(json.dumps(parse_args(began[3:]).recipe(), default=vars)) == metadata["recipe"]
    assert metadata["recipe"]["model"]["hidden_size"] == 16 and metadata["recipe"]["seed"] == 0
    assert [shlex.split(command)[3:] for command in metadata["resumed_with"]] == [
        [*TINY, "--out", str(tmp_path / "m.safetensors"), *resume]
    ]


@pytest.mark.parametrize("flag", ["--start-from", "--distill-from"])
def test_fifteenth_cli_a_run_refused_its_input_as_out_promises_no_replacement(tmp_path, capsys, flag):
    """`--start-from a.safetensors --out a.safetensors` said "note: a.safetensors holds a finished run …; this run
    replaces it when its first epoch is saved", then refused that --out as its input: the refusal alone is said."""
    assert fit(tmp_path, out="a.safetensors") == 0
    model = tmp_path / "a.safetensors"
    before = model.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, flag, model, out="a.safetensors") == 2
    err = capsys.readouterr().err
    assert "--out" in err and "write the result to a new file" in err and "replaces it" not in err
    assert model.read_bytes() == before


# ---- the seventeenth round -------------------------------------------------------------------------------------


def test_seventeenth_a_resume_with_fewer_drawn_digits_than_the_run_is_refused_by_name(tmp_path, capsys, monkeypatch):
    """A smoke run with --limit and --drawn begun before the sixteenth round (which drew --drawn's digits a class
    whatever --limit was) and resumed after it trained on a tenth of them: "does not fit its own recipe
    (damaged?)", or, where the steps of an epoch came out the same, without a word (seen in the last round). The
    resume names both counts."""
    import training.train_data

    with monkeypatch.context() as m:  # the run begun before: 10 drawn digits a class, --limit or not
        m.setattr(training.train_data, "drawn_per_class", lambda drawn, limit, mnist: drawn)
        stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "10", out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "10", "--resume") == 2
    err = capsys.readouterr().err
    assert "was trained on 100 synthetic drawn digits, and this version draws 10 for its recipe" in err, err
    assert "damaged" not in err


def test_seventeenth_a_resume_whose_drawn_digits_are_other_digits_is_refused(tmp_path, capsys, monkeypatch):
    """Drawn digits that come out otherwise (the renderer changed between the run's start and its resume, as the
    drawn digits have in earlier rounds) were trained on without a word: only MNIST's checksum was compared."""
    import training.train_data

    real = training.train_data.drawn_dataset
    with monkeypatch.context() as m:  # the run begun with other drawings of as many digits
        m.setattr(training.train_data, "drawn_dataset", lambda n, seed: real(n, seed + 1))
        stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "1", out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 2
    err = capsys.readouterr().err
    assert "the synthetic drawn digits differ from those" in err and "drawn_sha256" in err, err


def test_seventeenth_a_run_does_not_replace_another_outs_training_state_of_its_name(tmp_path, capsys, monkeypatch):
    """`--out m.pt` beside a run of `--out m.safetensors` (stopped, to be resumed) wrote its own m.state.pt and
    m.metrics.csv over that run's without a word: the same --out says what it replaces, another did not, and the
    first run's --resume was then refused (two runs' files). It is refused, naming the run's checkpoint."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="m.safetensors")
    kept = {name: (tmp_path / name).read_bytes() for name in ("m.state.pt", "m.metrics.csv")}
    capsys.readouterr()
    for force in ([], ["--force"]):  # since the forty-second round refused by its name, --force or not
        with pytest.raises(SystemExit):
            fit(tmp_path, *force, out="m.pt")
    err = capsys.readouterr().err
    assert f"{tmp_path / 'm.pt'} does not end in .safetensors" in err, err
    assert {name: (tmp_path / name).read_bytes() for name in kept} == kept and not (tmp_path / "m.pt").exists()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 0  # the first run goes on


def test_seventeenth_metrics_of_another_run_is_not_replaced(tmp_path, capsys):
    """`--metrics a.metrics.csv` in a run of `--out b.safetensors` replaced run a's record of every epoch without a
    word. It is refused, naming a's run, unless --force; b's own CSV is replaced as before."""
    assert fit(tmp_path, out="a.safetensors") == 0
    kept = (tmp_path / "a.metrics.csv").read_bytes()
    (tmp_path / "a.safetensors").unlink()  # a run whose checkpoint is gone is still named, by its --out
    for whose in (f"a run of --out {tmp_path / 'a'}.…", None):
        if whose is None:
            assert fit(tmp_path, out="a.safetensors") == 0
            kept, whose = (tmp_path / "a.metrics.csv").read_bytes(), f"{tmp_path / 'a.safetensors'}'s run"
        capsys.readouterr()
        assert fit(tmp_path, "--metrics", tmp_path / "a.metrics.csv", out="b.safetensors") == 2
        err = capsys.readouterr().err
        assert f"--metrics {tmp_path / 'a.metrics.csv'} is the metrics CSV of {whose}" in err, err
        assert (tmp_path / "a.metrics.csv").read_bytes() == kept and not (tmp_path / "b.safetensors").exists()
    assert fit(tmp_path, out="b.safetensors") == 0 and fit(tmp_path, out="b.safetensors") == 0  # its own, again
    assert fit(tmp_path, "--metrics", tmp_path / "a.metrics.csv", "--force", out="b.safetensors") == 0


def test_seventeenth_a_file_not_ours_as_an_output_is_named(tmp_path, capsys):
    """`--metrics notes.txt` (or a checkpoint, a picture) was refused with "exists and was not written by RowReader
    training" alone: the refusal says what the file is."""
    (tmp_path / "notes.txt").write_text("my notes on runs\n")
    assert fit(tmp_path, out="a.safetensors") == 0
    (tmp_path / "kept.pt").write_bytes((tmp_path / "a.state.pt").read_bytes())  # `--metrics a.state.pt`: its name
    capsys.readouterr()
    for given, what in [
        ("notes.txt", "a text file starting 'my notes on runs'"),
        ("a.safetensors", "a RowReader checkpoint"),
        ("kept.pt", "a training state"),
    ]:
        assert fit(tmp_path, "--metrics", tmp_path / given, out="b.safetensors") == 2
        err = capsys.readouterr().err
        assert f"--metrics {tmp_path / given} exists and was not written by RowReader training as a metrics CSV" in err
        assert f"(it is {what})" in err, err
