"""The sixty-first round of hostile testing, tidy1: code review leftovers and the test set-up's own defects. The
teardown's wait was seen failing on the code before its fix; the quiet count's pin on the mutant it kills (``heard``
not renewed by a line on stdout)."""

from __future__ import annotations

import sys
import threading
import time

from conftest import wait_for_background_work
from gui_window import open_shipped_window, open_teach_dialog, taught_until, until
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget
from test_robust_sixtieth_teach17 import ON_CUE

from gui.teach_process import TeachProcess
from gui.workers import TaskRunner, wait_for_every_pool


def test_a_tests_end_waits_for_work_whose_window_it_deleted(qtbot) -> None:
    """The wait at each test's end (conftest) looked for busy runners under the windows still there; a runner whose
    window the test had deleted (its pool held in gui.workers until idle, pool1) was not found, and its work ran on
    into the next test. Every pool with work under way is waited for now."""
    owner = QWidget()  # not qtbot's: deleted here, as a test's own teardown or a closed dialog deletes its window
    runner = TaskRunner(owner, max_threads=1)
    ended: list[float] = []
    runner.run(lambda: time.sleep(0.5) or ended.append(time.monotonic()), print, print)
    owner.deleteLater()
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert not ended  # still working, its window gone
    wait_for_background_work()
    assert ended, "the test's end returned with the work of a deleted window still running"


def test_work_that_outlasts_the_wait_is_said(qapp) -> None:
    """The wait bounds a leak: work still running when it gives up is said (False), not taken for ended."""
    runner, release = TaskRunner(max_threads=1), threading.Event()
    runner.run(lambda: release.wait(10), print, print)
    try:
        assert not wait_for_every_pool(50)
    finally:
        release.set()
    assert wait_for_every_pool(5_000)


def test_the_quiet_count_starts_again_at_each_line_on_stdout(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """The dialog's "No word for N s" counts from the fine-tune's last line: a line on stdout not counted (``heard``
    left at its start) let every test of the quiet note pass, its steps resetting the note. Counted from the answer
    now, as a test of it may read it, however slow the machine."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: process.process.start(sys.executable, ["-c", ON_CUE]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    _, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    until(qtbot, lambda: process.running)
    time.sleep(0.2)  # its start a while ago, not the instant of its answer
    asked = time.monotonic()
    process.process.write(b"3\n")
    taught_until(qtbot, process, lambda: process.run.step == 3)
    assert process.quiet_s() <= time.monotonic() - asked
    process.cancel()
    taught_until(qtbot, process, lambda: not process.running)
