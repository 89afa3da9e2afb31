"""The forty-sixth round of hostile testing, review5: the forty-fifth round's whole change (``git diff
38d80d20..7ce54c1e``) read as a hostile reviewer reads it, each suspected defect proved by running the command or the
code it names; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import REPO

from gui.model_names import model_name
from rowreader.checkpoint import Checkpoint, load_checkpoint, pretrained_path


def _command(*argv: str) -> subprocess.CompletedProcess:
    """``python ARGV…`` run from the repository, as a person types it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_a_fine_tune_without_its_model_is_refused_under_the_name_it_was_typed_by():
    """The forty-fifth round named every command's refusals by how it was typed (``python -m training.finetune:
    error: --epochs does nothing in a fine-tune …``), but ``python -m training.finetune`` without ``--finetune``
    still began "training.finetune: error: the model to teach is missing", a command nobody typed, one line apart
    from its other refusals. It now begins with the name typed, as they do."""
    missing = _command("-m", "training.finetune", "--examples", "ex")
    refused = _command("-m", "training.finetune", "--finetune", "m.safetensors", "--epochs", "3")
    assert missing.returncode == refused.returncode == 2
    assert refused.stderr.splitlines()[-1].startswith("python -m training.finetune: error: --epochs does nothing")
    (line,) = missing.stderr.splitlines()
    assert line.startswith("python -m training.finetune: error: the model to teach is missing: give --finetune")


def test_the_readme_says_truly_under_which_name_each_command_gives_its_version():
    """The README's Command line said every entry point prints its version "under the name it was typed by
    (`python -m gui 0.1.0`, `rowreader-gui 0.1.0`)", a paragraph after "`python -m rowreader …` works the same";
    but `python -m rowreader --version` said "rowreader 0.1.0", as its refusals and hints named it ("rowreader
    predict: error: …"), not the name typed. The names round made it say the name typed; the README quotes it, and
    each version line it quotes, with the command it quotes it of, is what that command prints."""
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    quoted = re.findall(r'`((?:python -m [\w.]+)|rowreader) --version` (?:says|prints) "([^"]+)"', readme)
    assert ("python -m rowreader", "python -m rowreader 0.1.0") in quoted, quoted
    for command, said in quoted:
        argv = command.split()[1:] if command.startswith("python ") else ["-m", "rowreader"]
        assert _command(*argv, "--version").stdout.strip() == said
    refused = _command("-m", "rowreader", "predict").stderr.splitlines()[-1]
    assert refused.startswith("python -m rowreader predict: error: ")  # the name its version gives


def test_an_export_cut_short_by_the_close_is_said_under_the_name_the_app_was_typed_by(
    qtbot, tmp_path, mnist_test, monkeypatch, capfd
):
    """The forty-fifth round named the app's stop lines as it was typed (`python -m gui: stopped by SIGTERM`), but an
    export (an import, a teach) that the same close cut short still began "rowreader-gui: the export to …": two
    names for one process, one line apart, and one of them a command not typed. The line on stderr now begins with
    the name the app runs under; the note kept for the next start keeps its own form, which that start reads."""
    from gui_window import open_shipped_window
    from test_robust_forty_third_leftovers import export_cut_short_by_the_close

    from gui.example_transfer import cut_short_noted
    from rowreader import launch

    monkeypatch.setattr(launch, "_RUNNING", ["python -m gui"])  # as run_main runs `python -m gui`
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    target = tmp_path / "stick"
    export_cut_short_by_the_close(qtbot, window, monkeypatch, mnist_test, target)
    (line,) = [line for line in capfd.readouterr().err.splitlines() if "was cut short" in line]
    assert line.startswith(f"python -m gui: the export to {target} was cut short as the window closed: 1 example")
    (noted,) = cut_short_noted(user, "export")
    assert noted == line.replace("python -m gui: ", "rowreader-gui: ", 1)


def test_the_app_refuses_a_picture_given_as_its_model_without_loading_torch(tmp_path):
    """The forty-fifth round's test of this (`python -m gui --device cuda:7 --checkpoint seven.png` refused for the
    picture before torch loads for the device) asserted `"torch" in before or "torch" not in sys.modules`, in a test
    session whose conftest imports torch: that half could not fail, whatever the app imported. Run as the command
    runs, in a Python of its own, the refusal comes with torch not imported."""
    picture = tmp_path / "seven.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(32))
    probe = (
        "import sys\n"
        "from gui.__main__ import main\n"
        "try:\n"
        f"    main(['--device', 'cuda:7', '--checkpoint', {str(picture)!r}])\n"
        "except SystemExit as end:\n"
        "    print(end.code, 'torch' in sys.modules)\n"
    )
    run = _command("-c", probe)
    assert run.stdout.split() == ["2", "False"], run.stdout + run.stderr
    assert run.stderr.splitlines()[-1].endswith("a PNG picture, not a model checkpoint")


@pytest.mark.parametrize("count", [10**40, -5, 2.5, 1e300, True])
def test_the_about_box_leaves_out_a_taught_count_no_folder_could_hold(count):
    """The forty-fifth round's About box left out the copies and older examples a record counts past what a folder
    could hold (a whole number from 0 to a billion), its docstring says "a count the record holds that no folder
    could … is left out"; but the count taught itself was shown whenever it was a number: 10**40, which a model
    file's metadata may hold, as 53 characters, and a script's -5 as "your -5 examples", 2.5 as "your 2 examples",
    1e300 as 301 digits. Such a count is now left out, as the others are."""
    from types import SimpleNamespace

    from gui.about import model_lines

    shipped = load_checkpoint(pretrained_path())
    meta = {"finetuned_from": {"path": "/x/rowreader.safetensors"}, "examples": {"count": count, "left_out": 3}}
    taught = Checkpoint(shipped.config, shipped.weights, {}, Path("mine.safetensors"))
    taught.metadata = meta  # 10**40 a file may hold; the others only a script's checkpoint (a file's are refused)
    lines = model_lines(SimpleNamespace(model_named=model_name, session=SimpleNamespace(checkpoint=taught)))
    assert "Taught from rowreader.safetensors" in lines, lines


def test_the_about_box_still_names_a_taught_count_a_folder_could_hold():
    """What a folder can hold is said as the teach dialog said it, the older examples left out beside it."""
    from types import SimpleNamespace

    from gui.about import model_lines

    shipped = load_checkpoint(pretrained_path())
    meta = {"finetuned_from": {"path": "/x/rowreader.safetensors"}, "examples": {"count": 10**9, "left_out": 3}}
    taught = Checkpoint(shipped.config, shipped.weights, {}, Path("mine.safetensors"))
    taught.metadata = meta
    lines = model_lines(SimpleNamespace(model_named=model_name, session=SimpleNamespace(checkpoint=taught)))
    assert "Taught from rowreader.safetensors on the newest 1,000,000,000 of your 1,000,000,003 examples" in lines


@pytest.mark.parametrize(
    ("examples", "kept", "on"), [(10**40, 10**40 + 5, ""), (True, 3, ""), (30, 10**40, " on your 30 examples")]
)
def test_a_teachs_note_says_no_count_no_folder_could_hold(tmp_path, examples, kept, on):
    """A teach's note (``mine-….safetensors.teaching``, in the app's own folder, read at the next start) is a file
    anyone may edit: the About box's rule for a count (a whole number from 0 to a billion) was written out there
    alone, and the note's said "on your 10,000,…,000 examples" (53 characters of digits), "on your 1 example" of
    JSON's true, "the newest 30 of your 10,000,…,005 examples". A count the note holds past what a folder could is
    now left out by the one rule both use; what a folder could hold is said as before."""
    from gui_window import unfinished_teaches

    from gui.teach_record import RECORD_FORMAT

    note = tmp_path / "mine-x.safetensors.teaching"
    note.write_text(json.dumps({"format": RECORD_FORMAT, "examples": examples, "kept": kept, "copies": 0}))
    (said,) = unfinished_teaches(tmp_path)
    assert said.startswith(f"The last teaching{on} did not finish: "), said
    good = tmp_path / "mine-y.safetensors.teaching"
    good.write_text(json.dumps({"format": RECORD_FORMAT, "examples": 30, "kept": 35, "copies": 2}))
    (said,) = unfinished_teaches(tmp_path)
    assert said.startswith("The last teaching on the newest 30 drawings of your 35 examples (2 copies set aside, 3 "), (
        said
    )


def test_a_teachs_note_counts_what_the_fine_tune_said_it_read(qtbot, tmp_path, mnist_test, monkeypatch):
    """The note of a running teach, said at the next start if the app dies, counted its copies over the whole folder
    (kept less different), where the fine-tune counts those it meets before its cap of each digit's newest and says
    so in its first line, which the dialog shows: a digit with more different drawings than the cap and older copies
    of one, the dialog said "the newest 10 of your 23 examples" and the note after a crash "the newest 10 drawings of
    your 23 examples (3 copies set aside, 10 older left out)", copies the teach never set aside. Once the fine-tune
    has said what it read, the note holds its counts."""
    from gui_window import keep_examples, open_shipped_window, start_teaching, unfinished_teaches

    import rowreader.example_folder as example_folder
    from gui.taught_models import models_dir
    from gui.teach import examples_taught
    from gui.teach_process import TeachProcess

    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # killed once it has said what it read
    monkeypatch.setattr(example_folder, "NEWEST_PER_DIGIT", 1)  # the cap: a digit's newest drawing alone
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store = window.teaching.store
    keep_examples(store, mnist_test, per_digit=2)
    images, labels = mnist_test
    three = np.kron(255 - images[np.flatnonzero(labels == 3)[0]], np.ones((10, 10), np.uint8))
    for _ in range(3):  # the first 3 kept again: copies of its drawing, the newest 3s
        store.add(3, three)
    start_teaching(window, qtbot)
    process = window.teaching.process
    # its first line: the newest of each digit read (the 3 a copy, its drawing once), 13 older left out, none set aside
    process._apply({"event": "start", "examples": 10, "left_out": 13, "copies": 0, "warnings": []})
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)  # noted in the background
    window.teaching.record._lock.close()  # the app killed: the OS frees its lock, the note stays
    (said,) = unfinished_teaches(models_dir(tmp_path / "user"))
    assert f" on {examples_taught(process.run)} did not finish" in said, said
    assert "the newest 10 of your 23 examples" in said and "set aside" not in said, said
