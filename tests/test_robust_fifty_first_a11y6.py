"""The fifty-first round of hostile testing, a11y6: what a screen-reader and keyboard-only user meets among this
round's new and changed controls and messages (the Models menu's told-apart names, Ctrl+K's words taken back on a new
drawing, "Stop teaching?" withdrawn, the float buttons' keys): every announcement logged by a Qt update handler,
accessible names read with QAccessible, the keys followed, offscreen with pytest-qt; each test is checked to fail on
the code before its fix."""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

from gui_window import opened_menu, two_of_one_name
from PySide6.QtCore import QProcess
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (the fixture: what a screen reader is told)

from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path


def test_switching_between_two_opened_models_of_one_name_says_which(qtbot, tmp_path: Path, announced) -> None:  # noqa: F811
    """Two opened models of one file name (two projects' ``runs/rowreader.safetensors``) are told apart in the Models
    menu ("Opened: digits/runs/rowreader.safetensors"), but choosing one there announced "Now reading with
    rowreader.safetensors", and comparing with the other "Comparing with rowreader (dashed)": the same words whichever
    was chosen, so a screen-reader user could not tell what the choice had done; the status bar said "rowreader.
    safetensors · … · vs rowreader (dashed)" and the chart "compared with rowreader". Each is now named as the menu
    names it, there too."""
    window, first, _ = two_of_one_name(qtbot, tmp_path)
    menu = window.teaching.models_menu
    opened_menu(menu)
    announced.clear()
    (item,) = [act for act in menu.actions() if act.text() == "Opened: digits/runs/rowreader.safetensors"]
    item.trigger()
    qtbot.waitUntil(lambda: window.session.checkpoint.path == first and not window.tasks.busy, timeout=20_000)
    assert "Now reading with digits/runs/rowreader.safetensors" in announced, announced
    opened_menu(menu)
    announced.clear()
    (item,) = [act for act in menu.compare.actions() if act.text() == "Opened: letters/runs/rowreader.safetensors"]
    item.trigger()
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    assert "Comparing with letters/runs/rowreader (dashed)" in announced, announced
    window.resize(1600, 900)  # the status bar's model in full: its accessible name
    window.status.update()
    model = window.status.model_label.text()
    assert "digits/runs/rowreader.safetensors" in model and "vs letters/runs/rowreader (dashed)" in model, model
    assert window.timeline.comparison.name == "letters/runs/rowreader"  # the chart's "compared with …"


def _takes_sigterm(pid: int) -> bool:
    """Whether process ``pid`` has its own SIGTERM handler yet (its caught signals, from /proc): stopped before, it is
    killed by the signal, not stopped by it."""
    status = Path(f"/proc/{pid}/status").read_text()
    caught = next(line.split()[1] for line in status.splitlines() if line.startswith("SigCgt:"))
    return bool(int(caught, 16) >> (15 - 1) & 1)


def test_a_teach_stopped_from_outside_is_said_in_the_apps_words(qtbot, tmp_path: Path, mnist_examples) -> None:
    """A teach whose fine-tune was stopped from outside the app (a `kill`, a logout's or shutdown's SIGTERM) ended its
    dialog, read aloud as it ended, with the command line's words: 3 s in, "stopped by SIGTERM; nothing was written to
    /…/models/mine.safetensors (a fine-tune writes only at its end)", a signal's name, a file the user never named and
    a "fine-tune", lower-case at the dialog's head (and "nothing was written" twice with the teach's own end); as it
    started, a traceback's last lines ("rowreader.launch / . / Stopped / : / SIGTERM"). Either is now said as a process
    killed from outside is: "The fine-tune's process was stopped from outside RowReader …"."""
    (tmp_path / "models").mkdir()
    process = TeachProcess(pretrained_path(), mnist_examples, tmp_path / "models" / "mine.safetensors")
    said: list[str] = []
    process.failed.connect(said.append)
    process.start()
    try:
        qtbot.waitUntil(lambda: _takes_sigterm(process.process.processId()), timeout=20_000)
        process.process.terminate()  # as `kill PID` sends it, not the app's Cancel
        qtbot.waitUntil(lambda: bool(said), timeout=20_000)
    finally:
        process.process.kill()
        process.process.waitForFinished(5000)
    assert process.process.exitStatus() == QProcess.ExitStatus.NormalExit  # stopped by its handler, not killed
    assert said == [
        "The fine-tune's process was stopped from outside RowReader (SIGTERM: `kill`, a logout or a shutdown)"
    ]


def test_a_fine_tune_stopped_as_it_starts_says_so_without_a_traceback(tmp_path: Path) -> None:
    """SIGTERM sent to `python -m training.fit --finetune …` (the app's teach) as soon as it takes the signal (its
    handler, training's, set from its first moment) landed in run_main's import of the command's name (3 ms) and ended
    the run in a traceback, "rowreader.launch.Stopped: SIGTERM", status 1. It is now the stop every command says while
    it starts: "stopped by SIGTERM while starting; nothing was done", status 143."""
    out = tmp_path / "mine.safetensors"
    command = [sys.executable, "-m", "training.fit", "--finetune", str(pretrained_path()), "--examples", str(tmp_path)]
    child = subprocess.Popen([*command, "--out", str(out)], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 20
        while not _takes_sigterm(child.pid) and time.monotonic() < deadline:
            pass  # no sleep: the stop lands within microseconds of the handler
        child.terminate()
        _, err = child.communicate(timeout=20)
    finally:
        child.kill()
    said = err.decode()
    assert child.returncode == 143 and "Traceback" not in said, said
    assert said.rstrip().endswith("stopped by SIGTERM while starting; nothing was done"), said
    assert not out.exists()
