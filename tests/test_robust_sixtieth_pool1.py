"""The sixtieth round, pool1: a freeze the fifty-ninth round's CI found in gui/workers.py. A TaskRunner's pool was a
Qt child of it, so deleting its owner ran ``~QThreadPool``, which waits for the work still running; where Python code
did the deleting (a ``deleteLater`` run under a Python ``event`` override, as MainWindow has) that wait held the GIL
the work needed to end, and the app froze for good; a runner Python owns, dropped mid-work, left its pool's thread
stuck for good. Each case runs in a process of its own with a time limit: a hang fails the test, it does not hang the
suite. The two deletions hung on the code before the fix (killed at the limit), the drop left 3 threads."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
LIMIT_S = 120  # a hang is killed here; the window's case takes 3–6 s on two busy cores

# The owner is deleted 0.1 s into a 2 s job of its runner; the jobs' ends, the pool let go, and what was told follow
CHILD = """
import sys, threading, time
from pathlib import Path
from PySide6.QtCore import QEvent, QSettings
from PySide6.QtWidgets import QApplication, QWidget
from gui.workers import TaskRunner

class Owner(QWidget):
    def event(self, event):  # a Python override: the deferred delete runs under it, the GIL held
        return super().event(event)

app = QApplication([])
if sys.argv[1] == "window":
    from gui.main_window import MainWindow

    tmp = Path(sys.argv[2])
    settings = QSettings(str(tmp / "settings.ini"), QSettings.Format.IniFormat)
    owner = MainWindow(settings=settings, load_model=False, user_dir=tmp / "mine")
    owner.show()
    # the Models menu's own reader, as the CI's window was deleted mid-read of it
    runner = next(r for r in owner.findChildren(TaskRunner) if r is not owner.tasks)
    owner.close()
else:
    owner = Owner()
    runner = TaskRunner(owner, max_threads=1)
ended = []
jobs = 2 if sys.argv[1] == "widget" else 1  # the widget's second waits in its pool's queue (one thread) as it goes

def work():
    time.sleep(2)
    total = sum(range(100_000))  # Python after the sleep: it needs the GIL
    print("ended", flush=True)
    ended.append(total)
    return total

for _ in range(jobs):
    runner.run(work, lambda _: print("told", flush=True), lambda err: print("failed", err, flush=True))
# the pool's own end (its C++ side), and whether on the UI thread: freed on its own thread, it waits for itself
ui, gone = threading.get_ident(), []
runner._pool.destroyed.connect(lambda *_: gone.append(threading.get_ident() == ui))
del runner
time.sleep(0.1)
owner.deleteLater()
QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
print("deleted", flush=True)
deadline = time.monotonic() + 30
# the widget's pool is let go once its work ends; the window's Python side may hold its menu's a while, idle
while (len(ended) < jobs or sys.argv[1] == "widget" and not gone) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
print("let go" if gone == [True] else f"held {gone}", flush=True)
"""


# Three runners Python owns, each dropped 0.1 s into its 0.5-s job: the process's threads after their work has ended
DROPPED = """
import os, time
from PySide6.QtWidgets import QApplication
from gui.workers import TaskRunner

def threads():
    return len(os.listdir("/proc/self/task"))

app = QApplication([])
before, ended = threads(), []
for _ in range(3):
    runner = TaskRunner(max_threads=1)
    runner.run(lambda: time.sleep(0.5) or ended.append(1), print, print)
    del runner  # its job holds it: the job's end drops it, on the pool's thread
time.sleep(0.1)
deadline = time.monotonic() + 10
while (len(ended) < 3 or threads() > before) and time.monotonic() < deadline:
    app.processEvents()
    time.sleep(0.02)
print(len(ended), threads() - before, flush=True)
"""


def said(child_code: str, tmp_path: Path, *args: str) -> list[str]:
    """The lines ``child_code`` says, run in a process of its own with ``args``; a hang fails the test."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])}
    env["QT_QPA_PLATFORM"] = "offscreen"
    child = subprocess.Popen(
        [sys.executable, "-c", child_code, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=tmp_path,
    )
    try:
        out, err = child.communicate(timeout=LIMIT_S)
    except subprocess.TimeoutExpired:
        child.kill()
        out, _ = child.communicate()
        pytest.fail(f"froze (killed after {LIMIT_S} s), having said {out!r}")
    assert child.returncode == 0, err
    assert "Traceback" not in err, err
    return out.split("\n")[:-1]


def deleted_mid_work(owner: str, tmp_path: Path) -> list[str]:
    """What CHILD says, deleting ``owner`` ("widget" or "window") while its runner works."""
    return said(CHILD, tmp_path, owner, str(tmp_path))


def test_a_widget_with_a_python_event_override_is_deleted_while_its_runner_works(tmp_path: Path) -> None:
    """The fifty-ninth round's 20-line reproduction: hung for good (killed at the limit) before the fix. Now the
    widget goes at once, before the work ends; the work still ends, the job queued behind it too (its work may keep
    what it did: a note written), nobody is told (its owner is gone), and the pool is deleted after them on the UI
    thread, not kept for good (without gui.workers' keeping of it, its Python side went on the pool's own thread and
    its Qt side was never seen to go)."""
    assert deleted_mid_work("widget", tmp_path) == ["deleted", "ended", "ended", "let go"]


def test_the_window_deleted_mid_read_of_its_models_menu_does_not_freeze(tmp_path: Path) -> None:
    """The CI's hang itself: a closed MainWindow (its ``event`` is Python's) deleted while the Models menu's reader
    works. Hung before the fix as the widget above did; now deleted at once, the work ending after it. With the
    pool fixed alone, it failed on a traceback: the resize's deferred ``say_again`` ran after the window was gone
    (``Internal C++ object (MainWindow) already deleted``)."""
    lines = deleted_mid_work("window", tmp_path)
    assert lines[:2] == ["deleted", "ended"] and len(lines) == 3, lines  # nobody told: the menu is gone


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="counts the process's threads in /proc")
def test_runners_python_owns_dropped_mid_work_leave_no_thread_stuck(tmp_path: Path) -> None:
    """A runner Python owns (``TaskRunner()``), its last reference dropped while it works: the job's end dropped it
    on the pool's own thread, and the pool, freed there, waited for that thread itself: stuck for good (before the
    fix "3 3": 3 threads more than at the start after 10 s; 5 runners so dropped left 5 or more 34 s on, past Qt's
    30-s expiry of idle ones). Now each pool is let go on the UI thread once its work has ended, its threads with it."""
    assert said(DROPPED, tmp_path) == ["3 0"]
