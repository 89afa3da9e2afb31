"""Running one action in a second thread while the test's own thread waits: for tests of what a library object
does when another thread acts on it mid-call (deterministic: the caller is held until the action is done)."""

from __future__ import annotations

import threading
from collections.abc import Callable

import numpy as np
import pytest

from rowreader.stream import RowStream


class LockThatTells:
    """A stand-in for a library object's lock that sets ``reached`` when ``thread`` comes to it: the test's first
    thread learns that the second now waits there (or, before a fix that added the lock, went by without one)."""

    def __init__(self, lock: threading.Lock, thread: threading.Thread, reached: threading.Event) -> None:
        self._lock, self._thread, self._reached = lock, thread, reached

    def __enter__(self) -> None:
        if threading.current_thread() is self._thread:
            self._reached.set()
        self._lock.acquire()

    def __exit__(self, *exc: object) -> None:
        self._lock.release()


def outcome_in_another_thread(action: Callable[[], object]) -> object:
    """What ``action()`` returned in a second thread, or the RuntimeError it raised (the refusal under test)."""
    outcome: list[object] = []

    def other() -> None:
        try:
            outcome.append(action())
        except RuntimeError as err:
            outcome.append(err)

    thread = threading.Thread(target=other)
    thread.start()
    thread.join()
    return outcome[0]


def acted_on_from_another_thread_mid_reading(
    monkeypatch: pytest.MonkeyPatch, action: Callable[[], object]
) -> list[object]:
    """Once a stream has read 3 rows, ``action()`` runs in a second thread (the reading waits for it): what it
    returned, or the RuntimeError it raised, is the returned list's one item once the reading is done."""
    outcome: list[object] = []
    real_feed = RowStream.feed

    def feed(self: RowStream, row: np.ndarray):
        if self.rows_read == 3 and not outcome:
            outcome.append(outcome_in_another_thread(action))
        return real_feed(self, row)

    monkeypatch.setattr(RowStream, "feed", feed)
    return outcome
