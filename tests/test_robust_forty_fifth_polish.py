"""The forty-fifth round of hostile testing, polish: what this round's window, newcomer and float helpers saw and
left (docs/robustness.md), each fixed: the teach's words for copies set aside, its bar and heading at one step, a
model's name mid-sentence, the teach chart's first axis, training.finetune's --help, and `--device cuda` without CUDA;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings
from test_robust_forty_fifth_dupes import identical_copies
from test_robust_forty_second_scale import FAST, examples_kept
from tqdm import tqdm

import training.finetune as finetune_module
from gui.about import model_lines as about_lines
from gui.main_window import MainWindow
from gui.model_names import model_name
from gui.teach import TeachDialog, examples_taught
from gui.teach_chart import TeachChart
from gui.teach_process import TeachProcess, TeachRun
from rowreader.checkpoint import pretrained_path, read_metadata
from rowreader.cli import main
from rowreader.device import DEVICE_HELP
from rowreader.example_folder import examples_named
from rowreader.example_store import ExampleStore
from training.fit import main as fit_main

REPO = Path(__file__).resolve().parents[1]


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
    said = "rowreader evaluate: error: argument --device: device 'cuda' was asked for, but CUDA is not available here"
    assert said in err, err  # cli25: "argument --device:", as every refused flag


def test_finetune_help_lists_only_what_a_fine_tune_takes():
    """`python -m training.finetune --help` listed training.fit's presets (default, seed, shipped) and a training
    run's flags (--epochs, --hidden, --limit, --resume, --start-from, --distill-from…), each then refused ("--epochs
    does nothing in a fine-tune"). Its help lists only what a fine-tune takes, each default a fine-tune's; the flags
    not listed are still refused in the same words."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    command = [sys.executable, "-m", "training.finetune"]
    done = subprocess.run([*command, "--help"], capture_output=True, text=True, env=env)
    said = " ".join(done.stdout.split())
    assert done.returncode == 0, done.stderr
    for refused in ("--epochs", "--hidden", "--cell", "--layers", "--limit", "--resume", "--drawn", "--pen",
                    "--start-from", "--distill", "--metrics", "--log-every", "shipped", "seed}"):  # fmt: skip
        assert refused not in said, (refused, said)
    for taken in ("--examples DIR", "--train-samples", "--replay", "--folds", "--lr", "--batch-size", "--out OUT"):
        assert taken in said, (taken, said)
    assert "images per step (default: 32)" in said, said  # a fine-tune's default, not a training run's 128
    tried = [*command, "--finetune", "x.safetensors", "--examples", str(REPO), "--epochs", "2"]
    refused = subprocess.run(tried, capture_output=True, text=True, env=env)
    assert refused.returncode == 2 and "--epochs does nothing in a fine-tune" in refused.stderr, refused.stderr


def test_the_teach_dialog_says_its_step_once(qtbot, tmp_path):
    """For a moment the teach dialog's bar read "step 19 of 40" under its heading's "step 18 of 40": QProgressBar
    repaints its text at once in setValue, the heading at the next pass. The step is said in one place, the heading;
    the bar shows how far it is without words of its own, so the two never disagree."""
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    process._apply({"event": "start", "examples": 30})
    for step in (18, 19):
        process._apply({"event": "progress", "step": step, "steps": 40})
        saying = [dialog.status.text()] + ([dialog.bar.text()] if dialog.bar.isTextVisible() else [])
        assert [s for s in saying if "of 40" in s] == [dialog.status.text()], saying
        assert f"step {step} of 40" in dialog.status.text() and dialog.bar.value() == step


def test_a_sentence_names_the_shipped_model_in_lower_case(qtbot, tmp_path):
    """ "Now reading with Shipped model", "Taught from Shipped model", "Comparing with Shipped model (dashed)": the
    Models menu's entry, capitalised mid-sentence. A sentence says "the shipped model"; the menu, the status bar's
    model line and the chart's legend keep their "Shipped model"."""
    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat), user_dir=tmp_path)
    qtbot.addWidget(window)
    qtbot.waitUntil(lambda: window.session.checkpoint is not None, timeout=20_000)
    assert window.statusBar().currentMessage() == "Now reading with the shipped model"
    assert model_name(pretrained_path()) == "Shipped model"  # the menu's entry, as it was
    assert "Shipped model" in window.status.model_label.text()
    base = {"finetuned_from": {"path": str(pretrained_path())}, "examples": {"count": 30}}
    window.session.checkpoint.metadata.update(base)
    assert "Taught from the shipped model on your 30 examples" in about_lines(window)
    assert "Model in use: Shipped model (1×256 LSTM)" in about_lines(window)  # a label, not a sentence


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(
    heldout=st.lists(st.floats(0, 1), min_size=1, max_size=5),
    mnist=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_the_teach_charts_first_axis_is_one_the_finished_chart_keeps(qtbot, tmp_path, heldout, mnist):
    """Before its first point the teach chart's axis ran from 25 % to 100 %, then leapt to 90–100 % at the first
    measurement of a model that reads well (the shipped one reads 99 % of MNIST): no teach's finished chart reads
    25–100 % unless its numbers are that low. It starts on its narrowest axis, 90–100 %, the part every finished
    axis holds: a point only ever widens it, never takes away a line the reader saw."""
    chart = TeachChart()
    qtbot.addWidget(chart)
    chart.resize(400, 200)
    run = TeachRun(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors", steps=40)
    chart.show_run(run)
    first = [label for _, _, label in chart.grid()]
    assert first[0] == "100%" and first[-1] == "90%", first
    run.heldout = [(step, value) for step, value in enumerate(heldout)]
    run.mnist_before, run.mnist_after = mnist
    finished = [label for _, _, label in chart.grid()]
    assert finished[0] == "100%" and float(finished[-1].rstrip("%")) <= 90, finished  # it holds 90–100 %


@settings(max_examples=200, deadline=None)
@given(taught=st.integers(1, 5000), copies=st.integers(0, 5000), older=st.integers(0, 20000))
def test_examples_named_says_what_was_set_aside_as_what_it_was(taught, copies, older):
    """The teach dialog called drawings set aside as copies "the newest 4 of your 9 examples", as if older ones were
    left out. One definition names them for the dialog, the command line and the About box: "newest" only where
    older ones were left out, the copies counted as copies, and every picture kept counted once."""
    named = examples_named(taught, copies, older)
    assert ("newest" in named) == bool(older)
    assert f"your {taught + copies + older:,} example" in named
    assert (f"{copies:,} cop" in named and "set aside" in named) if copies else "set aside" not in named
    assert (f"{older:,} older left out" in named) if copies and older else "left out" not in named
    assert examples_named(4, 5) == "4 drawings of your 9 examples (5 copies set aside)"
    assert examples_named(1000, 1, 2000) == "the newest 1,000 drawings of your 3,001 examples (1 copy set aside, " \
        "2,000 older left out)"  # fmt: skip


def test_a_teach_of_copies_is_named_alike_in_the_dialog_the_command_line_and_the_model(
    tmp_path, tiny_base, capsys, qtbot, monkeypatch
):
    """Five copies of one 3 kept after a person's 3s and 7s: the dialog said "Learning from the newest 6 of your 18
    examples", the command line "on 6 examples", the About box "on 6 of your examples". All three now say "6
    drawings of your 18 examples (12 copies set aside)", from the fine-tune's own counts."""
    monkeypatch.setattr(finetune_module, "NEWEST_PER_DIGIT", 5, raising=False)
    monkeypatch.setattr(tqdm, "monitor_interval", 0)  # no monitor thread left beside the window's checks
    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {3: 3, 7: 3})
    identical_copies(kept[3][0], 12)
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *FAST]
    assert fit_main([*argv, "--progress", "json"]) == 0
    start = json.loads(capsys.readouterr().out.splitlines()[0])
    assert fit_main([*argv, "--force"]) == 0
    said = capsys.readouterr().out
    named = "6 drawings of your 18 examples (12 copies set aside)"
    assert f"on {named}; per digit" in said, said
    run = TeachRun(tiny_base, store.root, out, steps=40)
    process = TeachProcess(tiny_base, store.root, out)
    process.run = run
    process._apply(start)
    assert examples_taught(run) == named
    metadata = read_metadata(out)
    assert examples_named(metadata["examples"]["count"], metadata["examples"]["copies_set_aside"]) == named


def test_training_fits_device_help_says_a_device_not_here_is_refused_as_evaluates_does() -> None:
    """The polish round made `rowreader evaluate --device cuda` without CUDA a refused command line (status 2), its
    help saying so from one definition (``DEVICE_HELP``); `training.fit`, refusing it alike (status 2), kept a help of
    its own that said nothing of it. Both say it in the same words now."""
    shown = subprocess.run(
        [sys.executable, "-m", "training.fit", "--help"], capture_output=True, text=True, timeout=120, check=True
    )
    assert " ".join(DEVICE_HELP.split()) in " ".join(shown.stdout.split()), shown.stdout
