"""A fine-tune's last seconds, as the app sees them, from a real process speaking its protocol (the real one takes
15 s to start, and the gaps these tests aim at are milliseconds wide): its JSON lines, its model written whole
(atomically, as save_checkpoint writes it), "done" or not, then its process lingering. One definition for the teach
tests that end a teach there (teach3's Cancel and close as it ends, teach4's ``kill -9`` before "done")."""

from __future__ import annotations

import sys
from collections.abc import Callable

from gui_window import open_shipped_window, open_teach_dialog

from gui.main_window import MainWindow
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess

# argv: base, out, seconds to linger at the end, "done" to say it (else killed before it, as by the system)
LAST_SECONDS = """
import json, os, shutil, sys, time
base, out = sys.argv[1], sys.argv[2]
def say(**line):
    print(json.dumps(line), flush=True)
say(event="start", examples=10, per_digit={}, warnings=[], left_out=0, copies=0)
say(event="progress", step=0, steps=2, heldout=0.9, mnist=0.99)
say(event="progress", step=2, steps=2, heldout=1.0)
say(event="progress", step=2, steps=2, heldout=1.0, mnist=0.99)
shutil.copyfile(base, out + ".part")
os.replace(out + ".part", out)
if sys.argv[4] == "done":
    say(event="done", out=out, heldout_accuracy={"misread": [], "misread_count": 0}, mnist_eval={"digits": 100})
time.sleep(float(sys.argv[3]))
"""


def ends_slowly(linger_s: float, says_done: bool = True) -> Callable[[TeachProcess], None]:
    """``TeachProcess.start`` running :data:`LAST_SECONDS`, its process lingering ``linger_s`` after its model is
    written (and "done" said, if ``says_done``)."""

    def start(process: TeachProcess) -> None:
        run, done = process.run, "done" if says_done else "not said"
        process.process.start(sys.executable, ["-c", LAST_SECONDS, str(run.base), str(run.out), str(linger_s), done])

    return start


def teaching_to_its_end(
    qtbot, tmp_path, mnist_test, monkeypatch, linger_s: float, says_done: bool = True
) -> tuple[MainWindow, TeachDialog, TeachProcess]:
    """A window (its folder ``tmp_path / "user"``, one example of each digit kept) teaching with :func:`ends_slowly`'s
    fine-tune: its window, dialog and process, just started."""
    monkeypatch.setattr(TeachProcess, "start", ends_slowly(linger_s, says_done))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    return window, *open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
