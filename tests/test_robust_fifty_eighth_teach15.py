"""The fifty-eighth round of hostile testing, teach15: teaching as a hostile user (Esc, Cancel, the window closed,
the worker killed, the folders taken away mid-teach); each test seen failing on the code before its fix."""

from __future__ import annotations

import shutil
import sys
import time
from pathlib import Path

from gui_window import (
    SLOW_TEACH,
    keep_examples,
    open_shipped_window,
    open_teach_dialog,
    taught_until,
    teach_under_way,
    until,
)
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (a fixture: what a screen reader is sent)

from gui.example_transfer import cut_short_noted
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def test_esc_in_a_running_teach_says_at_once_in_the_window_that_it_stops(qtbot, tmp_path: Path, mnist_test) -> None:
    """Esc in the teach dialog while it runs closes the dialog and stops the fine-tune, which may take Cancel's
    grace (3 s) to end: the window said nothing at all for those 2–3 s (teach14, in a real window), then
    "Cancelled. …". It says at once that the teach is stopping, the model in use staying, and "Cancelled" after."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert process.running and not dialog.isVisible()  # still stopping: the window says so now
    said = window.statusBar().currentMessage()
    assert said.startswith("Stopping the teach: the model in use stays, nothing is written"), said
    until(qtbot, lambda: not process.running, seconds=30)
    assert window.statusBar().currentMessage().startswith("Cancelled. Still reading with")


def test_a_teach_ended_after_esc_says_aloud_which_model_it_now_reads_with(
    qtbot,
    tmp_path: Path,
    announced: list[str],  # noqa: F811 (the fixture imported above)
) -> None:
    """Esc once the model is written ("…written; its process is ending…": nothing left to cancel) puts the dialog
    away, and the teach then ends taught, the window reading with the taught model. Its "Now reading with …" was
    kept from a screen reader (the dialog, it was thought, says it), and the dialog, hidden, said nothing: the model
    in use changed in silence. Said aloud where the dialog is not shown; where it is, the dialog says it once."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    taught = teach_under_way(window, pretrained_path(), "mine-20261206-150000-abcdef.safetensors", [(0, 1.0)])
    shutil.copyfile(pretrained_path(), taught)
    teaching.process.run.written = True
    teaching.dialog.show()
    teaching.dialog.reject()  # Esc
    assert not teaching.dialog.isVisible()
    teaching._taught(taught)
    until(qtbot, lambda: window.session.checkpoint.path == taught and not window.tasks.busy, seconds=20)
    assert any(said.startswith(f"Now reading with {taught.name}") for said in announced), announced


def test_mnist_gone_as_a_teach_starts_is_said_in_the_apps_words(qtbot, tmp_path: Path, mnist_test) -> None:
    """MNIST's folder moved away as Ctrl+T started the fine-tune (after the app had looked): the dialog said the
    command line's advice, "Pass the folder that holds them (--data-dir / root=), set $ROWREADER_DATA, or download
    them once: `python -m rowreader download --data-dir …` (or --download / download=True; needs internet)": flags,
    a Python argument and a command the app's user never typed. What is missing is said as before, then what the app
    does: Ctrl+T again offers to download them."""
    store = ExampleStore(tmp_path / "examples")
    keep_examples(store, mnist_test, per_digit=1)
    empty = tmp_path / "mnist"
    empty.mkdir()
    process = TeachProcess(pretrained_path(), store.root, tmp_path / "out.safetensors", empty)
    with qtbot.waitSignal(process.failed, timeout=60_000) as failed:
        process.start()
    said = failed.args[0]
    assert said.startswith(f"The fine-tune stopped: MNIST files not found in {empty}: train-images-idx3-ubyte"), said
    assert said.endswith("[.gz]. Teach again (Ctrl+T): RowReader then offers to download them."), said
    assert not any(word in said for word in ("--", "root=", "download=True", "python -m", "`")), said


def test_a_teach_cancelled_by_esc_then_the_window_closed_is_not_said_cut_short(
    qtbot, tmp_path: Path, mnist_test, capfd
) -> None:
    """Esc to stop the teach, then Ctrl+Q within the 2–3 s its fine-tune takes to stop: the close said on stderr,
    and the next start again, "Last time, the teach was cancelled as the window closed (…): no model was written;
    teach again (Ctrl+T) to finish it", of a teach the user had stopped: it was not the close that cut it short, and
    there is nothing to finish. A teach so stopped is not noted; one the close cancels still is (forty-fifth round)."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    dialog.reject()  # Esc
    assert process.running
    window.close()
    assert not process.running
    assert "cancelled as the window closed" not in capfd.readouterr().err
    assert cut_short_noted(user, "teach") is None


def test_a_teach_waited_on_is_not_spun_on_and_its_lines_are_read_while_it_works(qtbot, tmp_path: Path) -> None:
    """test_gui_teach's Cancel tests did not finish at loads 6–10 (teach14: its niced fine-tune given 39 s of CPU in
    14 min): ``taught_until`` asked pytest-qt's ``waitUntil`` whether the fine-tune wanted a CPU, which it always did,
    and ``waitUntil`` returns at once on a yes, neither waiting nor handling events, so the test spun at nice 0 beside
    a child at nice 10 (here it held 2 min 50 s of CPU in 5 min 28 s, the child 36 s), and the child's lines were not
    read, its "step 1" unseen, while it worked. A child busy for 1 s of CPU, then saying step 1: the wait handles its
    events as it works and ends on its line, using little CPU of its own."""
    busy = (
        "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.0:\n    pass\n"
        'print(\'{"event": "progress", "step": 1, "steps": 2}\', flush=True)\ntime.sleep(30)\n'
    )
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    process.process.start(sys.executable, ["-c", busy])
    assert process.process.waitForStarted(10_000)
    spent = time.thread_time()
    try:
        taught_until(qtbot, process, lambda: process.run.step >= 1, stalled_s=20)
        spent = time.thread_time() - spent
    finally:
        process.process.kill()
        process.process.waitForFinished(5_000)
    assert spent < 0.4, f"the wait spun: {spent:.2f} s of CPU while the child worked 1 s"
