"""How a command meets Ctrl-C and SIGTERM: one line on stderr and exit status 128 + the signal's number.

``python -m training.fit`` and ``python -m rowreader`` printed a page of importlib's traceback when Ctrl-C came
before ``main`` had started (Python's own exit: killed by SIGINT), and SIGTERM then (``kill``, ``timeout``, a
service manager) ended them with status 143 and no word at all. A command's module now starts through
:func:`run_main`, which imports it (this module imports nothing heavy, nor does the ``rowreader`` package) and
ends an interrupted import, or an interrupt that escapes ``main``, with one line, as Ctrl-C later does.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from types import FrameType


class Stopped(KeyboardInterrupt):
    """SIGTERM met as Ctrl-C is (a KeyboardInterrupt), remembering the signal for the exit status."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def _stop(signum: int, frame: FrameType | None) -> None:
    raise Stopped(signum)


def stop_status(err: KeyboardInterrupt) -> int:
    """The exit status a shell gives a command ended by the signal: 130 for Ctrl-C, 143 for SIGTERM."""
    return 128 + int(getattr(err, "signum", signal.SIGINT))


def stop_words(err: KeyboardInterrupt) -> str:
    """What stopped the command, in the words of its last line: "interrupted" (Ctrl-C) or "stopped by SIGTERM"."""
    signum = int(getattr(err, "signum", signal.SIGINT))
    return "interrupted" if signum == signal.SIGINT else f"stopped by {signal.Signals(signum).name}"


def _ours(signum: int, default: object) -> bool:
    """Whether the signal's handler is Python's own, so ours to take: one left ignored (``nohup``) or set by
    someone else stays theirs; handlers can be set only in the main thread."""
    return threading.current_thread() is threading.main_thread() and signal.getsignal(signum) == default


@contextlib.contextmanager
def sigterm_stops_like_ctrl_c() -> Iterator[None]:
    """While the body runs, SIGTERM raises :class:`Stopped`, which ends the command as Ctrl-C does (one line,
    nothing half-written, as each command promises for Ctrl-C); afterwards it is as it was."""
    taken = _ours(signal.SIGTERM, signal.SIG_DFL)
    if taken:
        signal.signal(signal.SIGTERM, _stop)
    try:
        yield
    finally:
        if taken and signal.getsignal(signal.SIGTERM) is _stop:
            signal.signal(signal.SIGTERM, signal.SIG_DFL)


@contextlib.contextmanager
def stops_held() -> Iterator[None]:
    """While the body runs (one result being written), Ctrl-C and SIGTERM wait for it to end, then stop the command.

    Ctrl-C inside a write cut a result in two, so what was written before it could not be closed into a whole JSON
    document. A second signal during the same write does not wait: a write blocked on a reader that never reads
    would otherwise hold the command for good.
    """
    came: list[int] = []

    def hold(signum: int, frame: FrameType | None) -> None:
        if came:
            raise Stopped(signum)
        came.append(signum)

    previous = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM)}
    stops = {signal.SIGINT: signal.default_int_handler, signal.SIGTERM: _stop}  # _stop: sigterm_stops_like_ctrl_c
    taken = [s for s in previous if _ours(s, stops[s])]
    for signum in taken:
        signal.signal(signum, hold)
    try:
        yield
    finally:
        for signum in taken:
            signal.signal(signum, previous[signum])
    if came:
        raise Stopped(came[0])


def run_main(module: str, prog: str, argv: Sequence[str] | None = None) -> int:
    """``module.main(argv)``, its module imported here; Ctrl-C or SIGTERM that reaches this far is one line on
    stderr, ``PROG: interrupted …`` (``PROG: stopped by SIGTERM …``), and exit status 128 + the signal's number."""
    started = False
    try:
        with sigterm_stops_like_ctrl_c():  # torch takes seconds to import: SIGTERM then ended it without a word
            main = importlib.import_module(module).main
        started = True  # SIGTERM is main's own now: training saves what it can before it stops
        return main(argv) if argv is not None else main()
    except KeyboardInterrupt as err:
        when = "" if started else " while starting; nothing was done"
        after_c = "\n" if stop_status(err) == 128 + signal.SIGINT else ""  # the terminal's "^C" ends no line
        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed (2>&-): the status says it
            print(f"{after_c}{prog}: {stop_words(err)}{when}", file=sys.stderr)
        return stop_status(err)
