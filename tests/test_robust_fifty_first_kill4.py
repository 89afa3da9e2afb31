"""The fifty-first round of hostile testing, kill4: `python -m training.fit` (2,048 MNIST digits, 16 units, 4 epochs),
its `--resume` and `--finetune` sent SIGKILL, SIGTERM, SIGHUP and two SIGINTs at chosen moments, each then resumed
and its weights' hashes compared with an unbroken run's; `rowreader evaluate --json` stopped as it loaded and as it
read; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import signal

from stopped_runs import TINY, resume_stopped_while_checking, stopped_after_one_epoch

import training.fit as fit_module
from rowreader import cli


def test_a_resume_stopped_while_it_loads_says_the_saved_epoch_is_kept_for_the_next_resume(
    tmp_path, monkeypatch, capsys
):
    """`--resume` sent SIGTERM while it read MNIST said "stopped by SIGTERM before training began; nothing was written
    to m.safetensors", and no word of what to do, where the run's saved epoch was there as it was: now it says the
    saved run is kept as it was and that the same command (its --resume) goes on from it."""
    out = tmp_path / "m.safetensors"
    stopped_after_one_epoch(out, monkeypatch)
    real = fit_module.load_data

    def stopped_while_loading(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_module, "load_data", stopped_while_loading)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # as a new process finds it (the first run's stop left it taken)
    capsys.readouterr()
    assert fit_module.main([*TINY, "--out", str(out), "--resume"]) == 128 + signal.SIGTERM
    said = capsys.readouterr().err
    assert "before training began; nothing was written" in said
    assert "the run saved there is as it was" in said and "the same command goes on from its last saved epoch" in said


def test_evaluate_json_stopped_while_it_loads_is_a_whole_document_and_says_nothing_was_scored(monkeypatch, capsys):
    """`rowreader evaluate --json` sent SIGTERM in its first seconds (the model and MNIST's test digits read: 1.5 s
    and 3.5 s after its start at load 5) wrote nothing to stdout, no JSON for `| jq`, where its --help promises the
    document closed, and said "error: stopped by SIGTERM" alone, where `predict --json` so stopped writes `[]` and
    says "after 0 of N images". Now an empty document (`{}`), and the line says nothing was scored."""
    real = cli._read_mnist

    def stopped_while_reading(*args, **kwargs):
        signal.raise_signal(signal.SIGTERM)
        return real(*args, **kwargs)

    monkeypatch.setattr(cli, "_read_mnist", stopped_while_reading)
    assert cli.main(["evaluate", "--json", "--limit", "10", "--device", "cpu"]) == 128 + signal.SIGTERM
    out, err = capsys.readouterr()
    assert json.loads(out) == {}
    assert err.endswith("stopped by SIGTERM before the digits were read; nothing was scored, the document is empty\n")


def test_a_resume_stopped_before_its_state_was_looked_for_promises_no_saved_run(tmp_path, monkeypatch, capsys):
    """The words above are said only where a training state is there to go on from: a `--resume` of an --out that
    holds none, stopped before that was checked (as its outputs were), says "nothing was written" alone."""
    out = tmp_path / "m.safetensors"
    assert resume_stopped_while_checking(out, monkeypatch) == 128 + signal.SIGTERM
    assert capsys.readouterr().err.endswith(f"before training began; nothing was written to {out}\n")
