"""The fiftieth round of hostile testing, leftovers4: what this round's other helpers saw and left, a stop while the
window is built, two windows remembering opened models; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QSettings
from stopped_runs import TINY

import training.fit as fit_module
from gui.opened_models import read_opened
from rowreader.checkpoint import pretrained_path

REPO = Path(__file__).resolve().parents[1]

# A background task that does not ask `stopping` (Qt decoding a picture cannot be interrupted) is running as the
# window is laid out, and a SIGTERM arrives then.
STRAY_TASK = textwrap.dedent(
    """
    import os, signal, sys, time
    import gui.main_window as mw
    from gui.__main__ import run

    resized = mw.MainWindow.resizeEvent
    def resize(self, event):
        if not getattr(self, "stopped", False):
            self.stopped = True
            self.tasks.run(lambda: time.sleep(60), print, print)
            os.kill(os.getpid(), signal.SIGTERM)
        resized(self, event)
    mw.MainWindow.resizeEvent = resize
    sys.exit(run())
    """
)


def test_fiftieth_leftovers4_a_stop_while_the_window_is_built_waits_for_the_load_only(tmp_path: Path) -> None:
    """A stop while the window was built waited, with no limit, for every background task of the window to end,
    where the note it printed promised "stopping once it has loaded (a few seconds)": a task that cannot be
    interrupted kept the process a minute. Now the model's load is waited for, the rest is left: the stop line,
    status 143, at once."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "HOME": str(tmp_path)}
    env.pop("XDG_CONFIG_HOME", None)
    env.pop("XDG_DATA_HOME", None)
    began = time.monotonic()
    try:
        done = subprocess.run([sys.executable, "-c", STRAY_TASK], cwd=REPO, env=env, capture_output=True, timeout=30)
    except subprocess.TimeoutExpired:
        pytest.fail("the stop waited for a stray background task, not just the model's load")
    stderr = done.stderr.decode(errors="replace")
    assert done.returncode == 143, stderr
    assert stderr.strip().splitlines()[-1] == "rowreader-gui: stopped by SIGTERM while starting; nothing was done"
    assert time.monotonic() - began < 25


def _opened_in(qtbot, window, model: Path) -> None:
    """``model`` (a copy of the shipped one, made here) opened in ``window`` as Ctrl+O opens it."""
    model.parent.mkdir(parents=True, exist_ok=True)
    model.write_bytes(pretrained_path().read_bytes())
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)


def test_fiftieth_leftovers4_two_windows_each_remember_the_models_they_opened(qtbot, tmp_path: Path) -> None:
    """Two app windows open at once each wrote their own list of the models opened: the last to open one wrote
    over the other's, and a model opened in the first window was gone from the Models menu at the next start. Each
    now merges what the settings hold as it writes: both are remembered, the newest first, and one forgotten in
    either window stays forgotten."""
    first, second = open_shipped_window(qtbot, tmp_path), open_shipped_window(qtbot, tmp_path)
    runs, downloads, third = (tmp_path / f"{d}" / "m.safetensors" for d in "abc")
    _opened_in(qtbot, first, runs)
    _opened_in(qtbot, second, downloads)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert [path for path, _ in read_opened(settings, 5)] == [downloads, runs]
    first.teaching.models_menu.forget(runs)
    _opened_in(qtbot, second, third)
    settings.sync()
    assert [path for path, _ in read_opened(settings, 5)] == [third, downloads]
    assert second.teaching.models_menu.opened == [third, downloads]


def test_fiftieth_leftovers4_a_run_whose_terminal_closed_ends_with_129(tmp_path: Path, monkeypatch) -> None:
    """A terminal closed as `python -m training.fit` loaded its digits (its SIGHUP taken then) ended the run with
    status 1, not the 129 its help promises for SIGHUP: the stop's line, written to the terminal that was gone,
    failed (EIO) and that error ended the command. The line is now said as the other stop lines are, lost where it
    cannot be written, and the status is 129."""
    master, terminal = os.openpty()
    os.close(master)  # the terminal's window closed: a write to it fails with EIO
    real = fit_module.load_data

    def load_data(*args, **kwargs):
        os.kill(os.getpid(), signal.SIGHUP)  # the hang-up, taken as the digits are read
        return real(*args, **kwargs)

    monkeypatch.setattr(fit_module, "load_data", load_data)
    gone = os.fdopen(terminal, "w", buffering=1)  # each line written as it ends, as to a terminal
    monkeypatch.setattr("sys.stderr", gone)
    try:
        status = fit_module.main([*TINY, "--out", str(tmp_path / "m.safetensors")])
    finally:
        with contextlib.suppress(OSError):  # what is left in its buffer cannot be written either
            gone.close()
    assert status == 128 + signal.SIGHUP
    assert not (tmp_path / "m.safetensors").exists()
