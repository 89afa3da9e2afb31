"""The eighteenth round of hostile testing, the command lines: `training.fit`, `training.ship`,
`training.unipen_convert` and friends, given what a demanding user gives them."""

from __future__ import annotations

from pathlib import Path

from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.atomic import atomic_write_bytes
from rowreader.checkpoint import checkpoint_bytes, load_checkpoint, read_metadata


def rewrite_metadata(path: Path, **changes: object) -> None:
    """The checkpoint at ``path`` with ``changes`` to its metadata, its weights as they are."""
    checkpoint = load_checkpoint(path)
    atomic_write_bytes(path, checkpoint_bytes(checkpoint, {**checkpoint.metadata, **changes}))


def test_a_resume_reads_the_drawn_digits_number_not_the_dataset_words(tmp_path, capsys, monkeypatch):
    """A resumed run read how many synthetic drawn digits its run began with out of the checkpoint's free-text
    "dataset" ("MNIST + 10 synthetic drawn digits"): worded otherwise (thousands written "1,000", say), a run was
    refused as "trained on 0 synthetic drawn digits". The checkpoint records the number (``drawn_digits``), which
    the resume compares; the words are only read from a checkpoint written before it."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "1", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    assert read_metadata(model)["drawn_digits"] == 10
    rewrite_metadata(model, dataset="MNIST and ten drawn digits")
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 0, capsys.readouterr().err
    assert read_metadata(model)["epochs_trained"] == 2 and read_metadata(model)["drawn_digits"] == 10


def test_a_resume_of_other_drawn_digits_is_refused_by_their_recorded_number(tmp_path, capsys, monkeypatch):
    """The number recorded rules, whatever the words say; a checkpoint without it (written before this round) is
    judged by its words, as before."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "1", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    rewrite_metadata(model, drawn_digits=7)  # within --drawn 1's 10 (more is refused as edited: training9)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 2
    assert "was trained on 7 synthetic drawn digits, and this version draws 10" in capsys.readouterr().err
    older = {k: v for k, v in load_checkpoint(model).metadata.items() if k != "drawn_digits"}
    atomic_write_bytes(model, checkpoint_bytes(load_checkpoint(model), {**older, "dataset": "MNIST"}))
    assert "drawn_digits" not in read_metadata(model)
    assert fit(tmp_path, "--epochs", "2", "--drawn", "1", "--resume") == 2
    assert "was trained on 0 synthetic drawn digits, and this version draws 10" in capsys.readouterr().err


def test_metrics_named_otherwise_of_another_run_is_not_replaced(tmp_path, capsys, monkeypatch):
    """`--metrics log.csv` where log.csv is the metrics CSV of another run (named otherwise than
    <out>.metrics.csv, so nothing said whose it was) was replaced without a word, that run's record of every epoch
    gone. It is refused unless --force, also on --resume (which writes the CSV anew from its state); the same
    command run again replaces its own, and a CSV that records no saved epoch is nobody's record."""
    log = tmp_path / "log.csv"
    assert fit(tmp_path, "--metrics", log, out="a.safetensors") == 0
    assert fit(tmp_path, "--metrics", log, out="a.safetensors") == 0  # the same run again: its own CSV
    kept = log.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--metrics", log, out="b.safetensors") == 2
    err = capsys.readouterr().err
    assert f"--metrics {log} is the metrics CSV of another run" in err and "--force" in err, err
    assert log.read_bytes() == kept and not (tmp_path / "b.safetensors").exists()
    stopped_in_its_second_epoch(tmp_path, monkeypatch, out="c.safetensors")  # c's own CSV, c to be resumed
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--resume", "--metrics", log, out="c.safetensors") == 2
    assert f"--metrics {log} is the metrics CSV of another run" in capsys.readouterr().err
    assert log.read_bytes() == kept
    assert fit(tmp_path, "--metrics", log, "--force", out="b.safetensors") == 0


def test_metrics_of_a_run_stopped_before_its_first_save_is_replaced(tmp_path, capsys, monkeypatch):
    """A run with --log-every stopped in its first epoch leaves the steps it logged, and no epoch saved: nobody's
    record, replaced when it runs again (as by a run of another --out)."""
    import training.fit

    log = tmp_path / "log.csv"

    def stop_after_the_first_logged_steps(run, data):
        for step in (1, 2):
            run.log.add(epoch=1, step=step, seconds=0.1 * step, loss=2.3, lr=1e-3, train_accuracy=0.1)
        raise KeyboardInterrupt

    with monkeypatch.context() as m:
        m.setattr(training.fit, "train_epoch", stop_after_the_first_logged_steps)
        assert fit(tmp_path, "--metrics", log, "--log-every", "1", out="a.safetensors") == 130
    assert len(log.read_text().splitlines()) == 3
    assert fit(tmp_path, "--metrics", log, out="b.safetensors") == 0, capsys.readouterr().err
