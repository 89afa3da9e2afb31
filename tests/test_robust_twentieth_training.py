"""The twentieth round of hostile testing, training: what the nineteenth left (a subnormal --lr, outputs named as
training's side files, a stop after "done", FitConfig's device and preset, a cache variable naming a file), then
merges, conversions, teachers, starts and --out folders that go away."""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import TINY as TINY_READER
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_training import fit
from test_training_unipen_convert import label_file, release

import rowreader
from rowreader.data import MnistFileError, load_mnist
from rowreader.device import device_problem
from rowreader.model import ReaderConfig
from training.arguments import parse_args
from training.config import FitConfig
from training.distill import load_teachers
from training.merge import main as merge_main
from training.merge import merged_config
from training.unipen_convert import convert
from training.unipen_format import UnipenSourceError

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("field", "value", "ok"),
    [
        ("clip_grad", 1e-320, False),
        ("clip_grad", 0.0, True),
        ("distill_weight", 5e-324, False),
    ],
)
def test_a_factor_float32_cannot_carry_is_refused(field, value, ok):
    """`--lr 1e-320` trained for its minutes and changed no weight: below float32's smallest normal number the
    weights' arithmetic cannot carry a factor (clip_grad's and distill_weight's; --lr's bound is higher, the
    twenty-first round's)."""
    if ok:
        FitConfig(**{field: value})
        return
    with pytest.raises(ValueError, match=rf"--{field.replace('_', '-')} .* below float32's smallest normal number"):
        FitConfig(**{field: value})


@pytest.mark.parametrize(
    ("out", "metrics"),
    [("m.state.pt", None), ("m.metrics.csv", None), ("m.safetensors.lock", None), ("n.safetensors", "m.state.pt")],
)
def test_outputs_named_as_trainings_side_files_are_refused(out, metrics):
    """`--out m.state.pt` wrote a checkpoint under the name of m.safetensors's training state (its own as
    m.state.state.pt), and a later run of --out m.safetensors called it "not written by RowReader training"."""
    given = {"out": out} | ({"metrics": metrics} if metrics else {})
    named = metrics or out
    with pytest.raises(ValueError, match=rf"{named} ends in \.[a-z.]+, the name training gives"):
        FitConfig(**given)


def test_a_merge_to_a_side_files_name_is_refused(tmp_path, capsys):
    with pytest.raises(SystemExit):
        merge_main(["a.safetensors", "b.safetensors", "--out", str(tmp_path / "ab.state.pt")])
    assert "ab.state.pt ends in .state.pt, the name training gives the training state" in capsys.readouterr().err


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.text(max_size=12), st.sampled_from(["tpu", "mps", "cuda:x", "CPU:0", " cuda:1 ", "auto"])))
def test_fitconfig_takes_a_device_and_a_preset_as_their_flags_do(text):
    """FitConfig took any text as `device` (refused only as the run began) and `preset` (printed as the recipe's
    name); each is checked where the config is made, by the rule the command line follows."""
    try:
        FitConfig(device=text)
    except ValueError as err:
        assert device_problem(text) is not None and str(err).startswith("--device: ")
    else:
        assert device_problem(text) is None
    try:
        FitConfig(preset=text)
    except ValueError as err:
        assert str(err).startswith("--preset must be a preset's name")
    else:
        assert text.isascii() and text[:1].isalpha() and text == text.strip().lower()


def test_a_recipe_naming_another_versions_preset_still_reads():
    assert FitConfig.from_dict({**FitConfig().to_dict(), "preset": "pen"}).preset == "pen"


def test_a_stop_as_the_run_says_done_leaves_it_finished(tmp_path, monkeypatch):
    """Ctrl-C or SIGTERM in the seconds after "done" ended the run 130 or 143, or said "interrupted before training
    began; nothing was written", every file whole: it is ignored, and the run ends 0; afterwards, as they were."""
    import training.fit

    real = training.fit.accuracy_summary

    def stopped_as_done_is_said(*args):  # the "done" line's own words
        os.kill(os.getpid(), signal.SIGINT)
        os.kill(os.getpid(), signal.SIGTERM)
        return real(*args)

    monkeypatch.setattr(training.fit, "accuracy_summary", stopped_as_done_is_said)
    before = signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)
    assert fit(tmp_path) == 0
    assert (signal.getsignal(signal.SIGINT), signal.getsignal(signal.SIGTERM)) == before


@pytest.mark.skipif(os.name != "posix", reason="signals as POSIX sends them")
def test_a_stop_while_a_finished_command_closes_is_ignored(tmp_path):
    """After ``main`` returned, a stop while Python (and torch) closed killed the run by the signal, or printed an
    atexit hook's traceback: its status is the command's own."""
    (tmp_path / "finished.py").write_text("def main():\n    print('done')\n    return 0\n")
    code = (
        "import os, signal, sys; from rowreader.launch import run_main; status = run_main('finished', 'finished'); "
        "os.kill(os.getpid(), signal.SIGINT); os.kill(os.getpid(), signal.SIGTERM); sys.exit(status)"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(REPO)])},
    )
    assert (done.returncode, done.stdout, done.stderr) == (0, "done\n", "")


def test_a_cache_variable_naming_a_file_is_named(tmp_path, monkeypatch):
    """`XDG_CACHE_HOME=~/notes` (set long ago in a profile) said only "/home/me/notes is a file, not a folder"."""
    notes = tmp_path / "notes"
    notes.write_text("my notes")
    monkeypatch.delenv("ROWREADER_DATA", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(notes))
    with pytest.raises(MnistFileError, match=rf"\$XDG_CACHE_HOME={notes} is a file, not a folder"):
        load_mnist()


@pytest.mark.parametrize(
    ("flags", "typed"), [(["--hidden", "256"], "--hidden 256"), (["--cell", "lstm"], "--cell lstm")]
)
def test_a_network_flag_unlike_the_start_checkpoint_is_refused(tmp_path, capsys, flags, typed):
    """`--start-from` a reader of 8 units `--hidden 256` (the default) trained 8 units without a word, and
    `--cell lstm` from a GRU trained the GRU: a flag typed that disagrees is refused, as `--hidden 16` was."""
    start = tmp_path / "start.safetensors"
    rowreader.save_checkpoint(start, rowreader.RowReader(ReaderConfig(hidden_size=8, cell="gru")))
    with pytest.raises(SystemExit):
        parse_args(["--start-from", str(start), *flags])
    assert f"--start-from {start} decides the network (its own, gru 1×8): {typed} cannot" in capsys.readouterr().err
    assert parse_args(["--start-from", str(start), "--hidden", "8", "--cell", "gru"]).start_from == str(start)


def test_a_teacher_trained_on_its_last_row_only_is_refused_for_every_row(tmp_path):
    """`--distill-from` the seed model (trained on its last row) taught its untrained beliefs after every earlier
    row, without a word; with --loss final the last row alone is learnt, and that is taken."""
    teacher = tmp_path / "seed.safetensors"
    rowreader.save_checkpoint(teacher, rowreader.RowReader(TINY_READER), {"recipe": {"loss": "final"}})
    with pytest.raises(ValueError, match=r"trained on its last row only .* this run \(--loss every-row\)"):
        load_teachers(FitConfig(distill_from=(str(teacher),)))
    assert len(load_teachers(FitConfig(distill_from=(str(teacher),), loss="final"))) == 1


def test_a_run_whose_folder_went_says_its_epochs_are_gone(tmp_path, monkeypatch, capsys):
    """The --out folder removed while epoch 2 trained: "cannot save epoch 2 … epoch 1's checkpoint and state are
    kept (--resume goes on from there)", of files no longer there."""
    import training.fit

    folder, real_epoch = tmp_path / "runs", training.fit.train_epoch

    def remove_in_the_second(run, data):
        if run.epoch == 1:
            shutil.rmtree(folder)
        return real_epoch(run, data)

    monkeypatch.setattr(training.fit, "train_epoch", remove_in_the_second)
    assert fit(tmp_path, "--epochs", "2", out="runs/m.safetensors") == 2
    captured = capsys.readouterr()
    assert "lstm 1×16" in captured.out  # layers before units, as every other message writes a network
    assert f"epoch 1's checkpoint and state are no longer in {folder} (removed or moved" in captured.err


@pytest.mark.parametrize(
    "kind", ["folder", pytest.param("fifo", marks=pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="POSIX"))]
)
def test_an_include_that_is_no_file_is_named_for_what_it_is(tmp_path, kind):
    """An `.INCLUDE` naming a folder or a named pipe was "there is no file …", of something that is there."""
    source = release(tmp_path / "src", {"data/1a/xyz/anna.dat": label_file("xyz/odd.dat", "0 1")})
    odd = source / "include" / "xyz" / "odd.dat"
    odd.parent.mkdir(parents=True)
    odd.mkdir() if kind == "folder" else os.mkfifo(odd)
    what = "a folder" if kind == "folder" else "a named pipe (FIFO)"
    with pytest.raises(UnipenSourceError, match=rf"\.INCLUDE xyz/odd\.dat: {odd} is {re.escape(what)}, not a file"):
        convert(source)


def test_a_merge_of_readers_that_differ_names_the_difference():
    """Readers of another forget_bias alone were refused as "b is lstm 1×8 (input 128, pixels 0.1307±0.3081), a lstm
    1×8 (input 128, pixels 0.1307±0.3081)", the same words twice."""
    with pytest.raises(ValueError, match=r"b is lstm 1×8, a lstm 1×8: they differ in forget_bias \(2\.0 and 1\.0\)"):
        merged_config([ReaderConfig(hidden_size=8), ReaderConfig(hidden_size=8, forget_bias=2.0)], ["a", "b"])
