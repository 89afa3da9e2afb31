"""The twenty-second round of hostile testing, training: `python -m training.fit` (and merge, --resume) as a student
following docs/training.md, and as a careless one: read-only outputs, odd flag values, stops and resumes."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest
import torch
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader import save_checkpoint
from training.merge import main as merge_main


@pytest.mark.parametrize("protected", ["m.safetensors", "m.state.pt", "m.metrics.csv"])
def test_a_read_only_output_is_refused_unless_forced(tmp_path, capsys, protected):
    """A run's checkpoint, training state or metrics CSV made read-only (`chmod 444`, to keep it) was replaced by the
    next run's first save without a word, writable again: a save renames a new file over the old, which the old
    file's mode does not stop. It is refused before any data is read, unless --force."""
    assert fit(tmp_path) == 0
    path = tmp_path / protected
    path.chmod(0o444)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    capsys.readouterr()
    assert fit(tmp_path) == 2
    err = capsys.readouterr().err
    assert f"{path} is read-only (mode 444), and this run would replace it; nothing was written" in err
    assert "--force" in err
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before
    assert stat.S_IMODE(path.stat().st_mode) == 0o444
    assert fit(tmp_path, "--force") == 0  # the user's say-so
    assert path.stat().st_mode & stat.S_IWUSR


def test_a_read_only_merge_out_is_refused_unless_forced(tmp_path, capsys, tiny_reader):
    """A merge's --out too (its rename replaced a read-only checkpoint)."""
    a, b, out = tmp_path / "a.safetensors", tmp_path / "b.safetensors", tmp_path / "ab.safetensors"
    save_checkpoint(a, tiny_reader, {"test_accuracy": 0.5})
    with torch.no_grad():
        for p in tiny_reader.parameters():
            p.add_(0.01)
    save_checkpoint(b, tiny_reader, {"test_accuracy": 0.5})
    save_checkpoint(out, tiny_reader, {"test_accuracy": 0.5})
    out.chmod(0o444)
    kept = out.read_bytes()
    assert merge_main([str(a), str(b), "--out", str(out), "--data-dir", str(tmp_path / "none")]) == 2
    assert f"{out} is read-only (mode 444)" in capsys.readouterr().err
    assert out.read_bytes() == kept


def test_a_link_as_out_is_judged_as_a_link_not_by_its_target(tmp_path, capsys):
    """The run replaces a link with its own file and leaves the target as it is: a read-only target is no reason
    to refuse (only a read-only file the run would replace is)."""
    (tmp_path / "other").mkdir()
    assert fit(tmp_path, out="other/m.safetensors") == 0
    target = tmp_path / "other" / "m.safetensors"
    target.chmod(0o444)
    (tmp_path / "l.safetensors").symlink_to(Path("other", "m.safetensors"))
    assert fit(tmp_path, out="l.safetensors") == 0
    assert not (tmp_path / "l.safetensors").is_symlink() and stat.S_IMODE(target.stat().st_mode) == 0o444


def test_a_run_of_an_out_without_suffix_is_found_beside_its_state(tmp_path, capsys):
    """`--out m` (no suffix) wrote m.state.pt and m.metrics.csv, the names a run of `--out m.safetensors` writes too,
    and a second run wrote over its state and its metrics unwarned (m's --resume then refused: "from different
    runs"). Since the forty-second round such an --out is refused by its name, before any file is written, so no
    two runs' --outs share a state."""
    with pytest.raises(SystemExit):
        fit(tmp_path, out="m")
    assert f"--out {tmp_path / 'm'} does not end in .safetensors" in capsys.readouterr().err
    assert list(tmp_path.iterdir()) == []


def test_distill_from_given_twice_keeps_every_teacher(tmp_path):
    """`--distill-from A --distill-from B` (as `-I a -I b` is written) learnt from B alone, A dropped without a word:
    the second list replaced the first. Each list adds its readers; one reader named twice is still refused later."""
    from training.arguments import parse_args

    a, b, c = (str(tmp_path / f"{name}.safetensors") for name in "abc")
    assert parse_args(["--distill-from", a, "--distill-from", b, c]).distill_from == (a, b, c)
    assert parse_args(["--distill-from", a, b]).distill_from == (a, b)
    assert parse_args([]).distill_from == ()


def test_ship_also_given_twice_keeps_every_flag(tmp_path, capsys):
    """`training.ship --also '--limit 512' --also '--epochs 1'` planned every stage with `--epochs 1` alone: a
    "rehearsal" on all of MNIST and 44,000 pen renderings a stage. Each --also adds its flags."""
    from training.ship import main as ship_main

    assert ship_main(["--dry-run", "--runs", str(tmp_path), "--also", "--limit 512", "--also", "--epochs 1"]) == 0
    stages = [line for line in capsys.readouterr().out.splitlines() if line.startswith("python -m training.fit")]
    assert len(stages) == 4
    assert all(" --limit 512 --epochs 1 --out " in line for line in stages)


def test_a_run_ended_by_train_samples_is_finished(tmp_path, capsys, monkeypatch):
    """A run that --train-samples ended within its epochs said "done", yet counted as unfinished by its epochs: the
    same command said "holds epoch 1 of 3 of an earlier run; … --resume goes on with it instead", --resume read
    MNIST and then said "nothing to train …; raise --epochs" (which --resume ignores), and ship resumed such a stage
    on every run. It is a finished run: --resume refuses it before any data is read, and ship skips it."""
    import training.fit
    from training.ship import progress

    samples = ["--epochs", "3", "--train-samples", "64"]  # one step of 64 of an epoch's 64 × 1: ends in epoch 1
    assert fit(tmp_path, *samples, "--limit", "128") == 0
    capsys.readouterr()

    def no_data(*args, **kwargs):
        raise AssertionError("MNIST was read")

    with monkeypatch.context() as m:
        m.setattr(training.fit, "load_data", no_data)
        assert fit(tmp_path, *samples, "--limit", "128", "--resume") == 2
        err = capsys.readouterr().err
        assert "already finished its 64 samples (--train-samples) of its recipe" in err
        assert "start a new run with the --train-samples you want" in err
        m.setattr(training.fit, "load_data", lambda *a, **k: (_ for _ in ()).throw(KeyboardInterrupt))
        assert fit(tmp_path, *samples, "--limit", "128") == 130  # the note, then stopped before any data
        assert "holds a finished run of 64 samples (--train-samples); this run replaces it" in capsys.readouterr().err
    assert progress(tmp_path / "m.safetensors") == "done"


def test_a_resume_without_the_runs_metrics_flag_says_where_the_rows_go(tmp_path, monkeypatch, capsys):
    """A run begun with `--metrics logs/run1.csv`, resumed as training.md says (the same --out and --resume), wrote
    its rows to m.metrics.csv without a word, logs/run1.csv left at the epoch it was stopped in. It says so, and
    how to go on there."""
    metrics = tmp_path / "logs" / "run1.csv"
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--metrics", metrics, out="m.safetensors")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume") == 0
    assert capsys.readouterr().err.startswith(
        f"note: this run began with --metrics {metrics}; resumed without it, it writes its metrics CSV, every row, to "
        f"{tmp_path / 'm.metrics.csv'} (give --metrics {metrics} to go on there)"
    )
    assert len((tmp_path / "m.metrics.csv").read_text().splitlines()) == 3  # the header and both epochs


def test_a_stop_while_the_epochs_pair_is_made_waits_for_the_save(tmp_path, monkeypatch, capsys):
    """SIGTERM right after "epoch 1: test …" was printed landed while the checkpoint and state were being made (held
    only while written): "epoch 1 was not saved (stopped before it was); nothing was saved", the epoch lost (at 2,048
    units the making is 1.7 s of a 3.6-s save on a busy CPU). A stop now waits for the whole save, as training.md
    says, and the epoch is kept."""
    import os
    import signal

    import training.saving

    real = training.saving.state_bytes

    def stopped_while_made(state):
        os.kill(os.getpid(), signal.SIGINT)  # as Ctrl-C pressed while the state is serialised
        return real(state)

    monkeypatch.setattr(training.saving, "state_bytes", stopped_while_made)
    assert fit(tmp_path, "--epochs", "2") == 130
    err = capsys.readouterr().err
    assert "the last good checkpoint is kept" in err and "(epoch 1; resume with the same --out and --resume)" in err
    assert (tmp_path / "m.state.pt").is_file() and (tmp_path / "m.safetensors").is_file()
    assert len((tmp_path / "m.metrics.csv").read_text().splitlines()) == 2  # the header and epoch 1's row
