"""The fiftieth round of hostile testing, leftovers4: what this round's other helpers saw and left, a stop while the
window is built, two windows remembering opened models; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

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
