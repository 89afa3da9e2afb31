"""The fifty-second round of hostile testing, closehang: the window closed while its background work outlives the
close's wait (an export onto a stuck USB stick). The app must end within a bounded time whatever the work is doing,
leave no file half-written, and the next start must say what was left undone. Each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time

from gui_window import open_shipped_window
from test_robust_forty_second_scale import examples_kept, held_at, pictures_whole

import gui.main_window as main_window
from gui.example_transfer import CUT_SHORT_FILES, cut_short_noted
from rowreader.example_store import ExampleStore

# The app as started from a menu, its export's third write stuck for good (a stick that stopped answering) and its
# close's wait short; the test sends SIGTERM (closed as Quit closes it) once the write is stuck.
STUCK_APP = """
import sys, threading
import gui.main_window as main_window
import rowreader.example_store as example_store
from pathlib import Path
from PySide6.QtCore import QTimer

main_window.CLOSE_WAIT_MS = 300
write, calls = example_store._write_files, []

def stuck(*args, **kwargs):
    calls.append(1)
    if len(calls) == 3:
        print("stuck", flush=True)
        threading.Event().wait()
    return write(*args, **kwargs)

example_store._write_files = stuck
shown = main_window.MainWindow.show

def show(self):
    shown(self)
    print("user", self.teaching.user_dir, flush=True)
    QTimer.singleShot(0, lambda: self.teaching.export_folder(Path(sys.argv[1])))

main_window.MainWindow.show = show
from gui.__main__ import main
sys.exit(main([]))
"""


def test_an_export_stuck_past_the_close_ends_the_app_and_the_next_start_says_it_was_cut_short(
    qtbot, tmp_path, monkeypatch
):
    """An export onto a stick that stopped answering, the window closed (here SIGTERM, as Quit): the app ended at
    once, after its close's wait, the examples written each whole, but nothing said the export was cut short, on
    stderr or at the next start: a person took the stick's copy for whole. It is noted as a close between examples
    notes it, without a count (the write it was in is abandoned, its hidden temporary left for the next export)."""
    home = tmp_path / "home"
    user = home / ".local" / "share" / "RowReader"
    examples_kept(ExampleStore(user / "examples"), {1: 3, 4: 3})
    stick = tmp_path / "stick"
    env = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    env.pop("XDG_DATA_HOME", None)
    app = subprocess.Popen(
        [sys.executable, "-c", STUCK_APP, str(stick)], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    watchdog = threading.Timer(60, app.kill)  # a start that fails, or a close that hangs, ends the test too
    watchdog.start()
    try:
        assert app.stdout is not None
        lines = iter(app.stdout.readline, b"")
        assert next(lines).startswith(b"user "), "the window did not start"
        assert next(lines) == b"stuck\n"
        closed = time.monotonic()
        app.send_signal(signal.SIGTERM)
        _, err = app.communicate(timeout=30)
        ended = time.monotonic() - closed
    finally:
        watchdog.cancel()
        app.kill()
        app.wait()
    assert app.returncode == 143 and ended < 10, (app.returncode, ended, err)
    assert len(pictures_whole(stick)) == 2  # the two written before the stuck one, each whole
    words = f"the export to {stick} was cut short as the window closed, stuck copying an example"
    assert words in err.decode(), err.decode()
    assert (noted := cut_short_noted(user, "export")) is not None and len(noted) == 1 and words in noted[0]

    window = open_shipped_window(qtbot, tmp_path, user_dir=user)  # the next start
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Last time"), timeout=10_000)
    assert window.statusBar().currentMessage() == (
        "Last time, the window's close cut short an export to stick, stuck copying an example: those written before it "
        "are whole; export there again to finish it"
    )
    assert f"Last time, {words}" in window.statusBar().toolTip()


def _export_held_at_its_third(qtbot, tmp_path, monkeypatch):
    """A window exporting six kept examples to ``tmp_path/stick``, its third write held until ``release`` is set: the
    window, its user folder and ``release``."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    examples_kept(window.teaching.store, {1: 3, 4: 3})
    reached, release = held_at(monkeypatch, 3)
    window.teaching.export_folder(tmp_path / "stick")
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    return window, user, release


def test_an_export_given_up_by_the_close_and_ending_later_is_noted_once(qtbot, tmp_path, monkeypatch):
    """The close notes an export it could not wait for; where that write then ends (the stick answers again before
    the process is gone, as in a test or a window closed while others stay open), the export stops at its next
    example and notes nothing more: one transfer, one line for the next start."""
    monkeypatch.setattr(main_window, "CLOSE_WAIT_MS", 200)
    window, user, release = _export_held_at_its_third(qtbot, tmp_path, monkeypatch)
    window.close()
    release.set()
    assert window.tasks.wait(10_000)
    noted = cut_short_noted(user, "export")
    assert noted is not None and len(noted) == 1 and "stuck copying an example" in noted[0], noted
    assert len(pictures_whole(tmp_path / "stick")) == 3  # the held one written whole once let go, none after it
    assert (user / CUT_SHORT_FILES["export"]).read_text().count("\n") == 0


def test_a_close_whose_work_ends_within_its_wait_notes_nothing_new(qtbot, tmp_path, monkeypatch):
    """An export that ends within the close's wait is noted as before (between examples, with its count), and the
    close adds no line of its own."""
    window, user, release = _export_held_at_its_third(qtbot, tmp_path, monkeypatch)
    threading.Timer(0.3, release.set).start()
    window.close()
    noted = cut_short_noted(user, "export")
    assert noted is not None and len(noted) == 1, noted
    assert "3 examples written, each whole" in noted[0] and "stuck" not in noted[0]
