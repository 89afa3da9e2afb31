"""Running one action in a second thread while the test's own thread waits: for tests of what a library object
does when another thread acts on it mid-call (deterministic: the caller is held until the action is done)."""

from __future__ import annotations

import threading
from collections.abc import Callable


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
