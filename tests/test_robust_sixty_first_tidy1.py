"""The sixty-first round of hostile testing, tidy1: code review leftovers and the test set-up's own defects. Each
test was seen failing on the code before its fix."""

from __future__ import annotations

import threading
import time

from conftest import wait_for_background_work
from PySide6.QtCore import QEvent
from PySide6.QtWidgets import QApplication, QWidget

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
