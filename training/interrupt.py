"""Ctrl-C and SIGTERM stop a training run once, as an exception its loop can answer by saying what it kept."""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator


class Interrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM: stop like Ctrl-C, remembering which signal, for the exit status (128 + its number)."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


# SIGTERM is how `kill`, `timeout`, batch systems and service managers stop a run. Left to its default it ended
# the process on the spot: no word of the kept checkpoint, and the pen-rendering workers lived on, orphaned.
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)


def _interrupt_once(signum: int, frame: object) -> None:
    """Ctrl-C (or SIGTERM) stops training once; further ones are ignored while it saves and exits (no shutdown
    tracebacks)."""
    for stop in STOP_SIGNALS:
        signal.signal(stop, signal.SIG_IGN)
    raise Interrupted(signum)


@contextlib.contextmanager
def signals_stop_the_run() -> Iterator[None]:
    """While the body runs, Ctrl-C and SIGTERM raise :class:`Interrupted` (once); afterwards, as they were.

    Only where they are ours to handle: the main thread, with Python's default handlers in place.
    """
    ours = threading.current_thread() is threading.main_thread()
    ours = ours and signal.getsignal(signal.SIGINT) is signal.default_int_handler
    ours = ours and signal.getsignal(signal.SIGTERM) == signal.SIG_DFL
    if ours:
        for stop in STOP_SIGNALS:
            signal.signal(stop, _interrupt_once)
    try:
        yield
    finally:
        if ours and signal.getsignal(signal.SIGINT) is _interrupt_once:  # not interrupted: as it was
            signal.signal(signal.SIGINT, signal.default_int_handler)
            signal.signal(signal.SIGTERM, signal.SIG_DFL)
