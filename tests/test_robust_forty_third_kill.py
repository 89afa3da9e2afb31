"""The forty-third round of hostile testing, kill: what the forty-second round changed (Import… and Export… with their
Stop, a teach's newest-per-digit cap, the start-up tidy of temporaries), stopped by SIGKILL, SIGTERM, SIGINT and
SIGHUP at swept times and started again, two app processes at once on one HOME; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

from gui_window import keep_examples, open_shipped_window, open_teach_dialog, unfinished_teaches

import rowreader.atomic as atomic
import rowreader.example_folder as example_folder
from gui.taught_models import TAUGHT_PREFIX, models_dir, new_model_path, sweep_models_folder
from gui.teach_process import TeachProcess
from gui.teach_record import RECORD_FORMAT
from rowreader.atomic import check_writable
from rowreader.example_store import ExampleStore


def test_a_teach_checking_its_models_folder_as_another_window_starts_keeps_its_probe(tmp_path, monkeypatch):
    """Ctrl+T looks whether its model can be written with a probe of the model's temporary name, which it did not
    lock; another RowReader window starting meanwhile (its tidy takes every unlocked temporary of a taught model, a
    dead writer's at any age) removed it, and the teach said "Teaching was not started … [Errno 2] No such file or
    directory: '…/.mine-….safetensors.<hex>.tmp'" of a folder that was fine (two processes, 859 of 51,963 checks
    under a tidy run over and over). The probe is locked as a write's temporary is: the tidy leaves it."""
    user = tmp_path / "user"
    models_dir(user).mkdir(parents=True)
    out = new_model_path(user)
    unlink, tidied = os.unlink, []

    def other_window_starts_first(path, *args, **kwargs):
        if not tidied and Path(path).parent == out.parent and Path(path).name.startswith(f".{out.name}."):
            tidied.append(path)
            sweep_models_folder(user)  # another window's start, in the instant before the probe goes
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "unlink", other_window_starts_first)
    check_writable(out, advise=False)
    assert tidied  # the other start came while the probe was there
    assert list(models_dir(user).iterdir()) == []  # and the probe went, as before


def test_a_teach_killed_among_thousands_is_said_to_have_learnt_from_the_newest_of_them(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """A teach learns from the newest ``NEWEST_PER_DIGIT`` examples of each digit (its dialog: "Learning from the
    newest 1,000 of your 3,000 examples"), but its note for the next start held every example found: the app and its
    fine-tune killed 6 s into a teach of 3,000, the start after said "The last teaching … on 3000 examples did not
    finish". The note holds how many it learns from and how many were kept, and says both, as the dialog does."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)  # killed before it said anything
    monkeypatch.setattr(example_folder, "NEWEST_PER_DIGIT", 2, raising=False)  # 100 in use; 3 of each kept here
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    open_teach_dialog(qtbot, window, mnist_test, per_digit=3)
    window.teaching.record._lock.close()  # the app killed: the OS frees its lock, the note stays
    (said,) = unfinished_teaches(models_dir(tmp_path / "user"))
    assert " on the newest 20 of your 30 examples did not finish" in said, said


def test_the_count_of_an_unfinished_teach_is_written_as_every_count_is(tmp_path):
    """ "The last teaching … on 3000 examples did not finish", where the dialog and the dock say "3,000": the count of
    an unfinished teach's note is written with its thousands separated."""
    note = tmp_path / f"{TAUGHT_PREFIX}20261204-205905-ec3528.safetensors.teaching"
    note.write_text(json.dumps({"format": RECORD_FORMAT, "started": "2026-12-04T20:59:00+00:00", "examples": 3000}))
    (said,) = unfinished_teaches(tmp_path)
    assert " on your 3,000 examples did not finish" in said, said


def _pressed_stop_as_it_ended(monkeypatch, window, kind: str) -> None:
    """Stop importing (exporting) pressed in the instant after the store's last copy, before the window heard of it."""
    real = getattr(ExampleStore, f"{kind}_folder")

    def then_stop(store, *args, **kwargs):
        result = real(store, *args, **kwargs)
        for asked in window.teaching.transfer_stops[kind]:
            asked.set()  # what the Stop button does (Events: safe from this thread)
        return result

    monkeypatch.setattr(ExampleStore, f"{kind}_folder", then_stop)


def test_a_stop_pressed_as_an_import_or_export_ended_does_not_say_it_was_stopped(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """Stop importing (Stop exporting) pressed as the last example was copied: every one was, and the status bar said
    "Import stopped: 20 example(s) copied …, each whole; no other begun" ("Export stopped: 20 …"), as if some were
    left. It says stopped only where the copying stopped before its end (tests/test_robust_forty_second_scale.py)."""
    source = ExampleStore(tmp_path / "source")
    keep_examples(source, mnist_test)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    _pressed_stop_as_it_ended(monkeypatch, window, "import")
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: not window.tasks.busy and not window.teaching.importing, timeout=20_000)
    assert window.statusBar().toolTip().startswith("Imported 20 examples from"), window.statusBar().toolTip()
    _pressed_stop_as_it_ended(monkeypatch, window, "export")
    window.teaching.export_folder(tmp_path / "stick")
    qtbot.waitUntil(lambda: not window.tasks.busy and not window.teaching.transfer_stops["export"], timeout=20_000)
    said = window.statusBar().currentMessage()
    assert said.startswith("Exported 20 examples to"), said


def stopped_as_its_handler_is_put_back(tmp_path: Path, main_body: str) -> subprocess.CompletedProcess:
    """A command whose ``main`` is ``main_body``, run by ``run_main`` in a child Python, and a SIGTERM sent to it in
    the instant ``run_main`` puts the system's handler back (where a stop once ended it, status 143, not a word)."""
    (tmp_path / "command.py").write_text(f"def main(argv):\n    {main_body}\n")
    script = (
        "import os, signal, sys\n"
        "from rowreader.launch import run_main\n"
        "put = signal.signal\n"
        "def and_stop(signum, handler):\n"
        "    before = put(signum, handler)\n"
        "    if signum == signal.SIGTERM and handler == signal.SIG_DFL:  # the stop comes in that instant\n"
        "        os.kill(os.getpid(), signal.SIGTERM)\n"
        "    return before\n"
        "signal.signal = and_stop\n"
        "sys.exit(run_main('command', 'command', []))\n"
    )
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(tmp_path), str(Path(__file__).resolve().parents[1])])}
    return subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)


def test_a_stop_in_the_instant_a_command_ends_leaves_its_status_as_it_decided(tmp_path):
    """Once ``main`` returned, ``run_main`` put the system's handler back, then ignored stops (a finished command's
    status stands): a SIGTERM in that instant, between the two, killed the process, status 143 and not a word. Stops
    are ignored from the moment ``main`` returns: the status is the one the command decided (here 141, its reader
    gone). The instant is placed by the test; the round met the same end, wider, through ``python -m rowreader.cli``
    (below)."""
    ended = stopped_as_its_handler_is_put_back(tmp_path, "return 141")
    assert ended.returncode == 141, (ended.returncode, ended.stderr)
    assert ended.returncode != -signal.SIGTERM and ended.stderr == ""


def test_rowreader_cli_run_as_a_module_ignores_a_stop_once_it_has_ended(tmp_path):
    """`timeout -s TERM 2 python -m rowreader.cli evaluate | head -1` (this round's way of running the command line):
    status 143 and not a word, 3 of 36 tries sent at 0.3–2.5 s, where the others said "rowreader: error: stopped by
    SIGTERM" or ended 141 (the reader gone). Run as a module, ``rowreader.cli`` called its ``main`` bare, not through
    ``run_main`` as ``rowreader`` and ``python -m rowreader`` do: once it returned, a stop as Python closed met the
    system's handler. It is run as they are: a SIGTERM as Python closes (an exit hook sends it here) is ignored."""
    script = (
        "import atexit, os, runpy, signal, sys\n"
        "atexit.register(lambda: os.kill(os.getpid(), signal.SIGTERM))  # the stop comes as Python closes\n"
        "sys.argv = ['rowreader', '--version']\n"
        "runpy.run_module('rowreader.cli', run_name='__main__', alter_sys=True)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parents[1])}
    ended = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, timeout=60)
    assert ended.returncode == 0, (ended.returncode, ended.stderr)
    # named as typed since the forty-sixth round
    assert ended.stdout.startswith("python -m rowreader.cli ") and ended.stderr == ""
