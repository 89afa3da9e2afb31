"""Ctrl-C, SIGTERM and SIGHUP stop a training run once, as an exception its loop can answer by saying what it kept."""

from __future__ import annotations

import _thread
import contextlib
import importlib
import signal
import threading
from collections.abc import Iterator

from rowreader.launch import STOP_SIGNALS, Stopped, exit_statuses, loading_note, starting, stop_by_signal, stops_held


def exit_status_help(also: str = "", lost: str = "", stopped: str = "") -> str:
    """A training command's exit statuses, for its --help (``also``: a status of its own, "; 3 when …"), in the
    words :func:`rowreader.launch.exit_statuses` gives ``rowreader``'s: unusable input or output is 2 here.
    ``lost``: what else its output lost does ("; a run outlives …"), where that is not to stop; ``stopped``: what
    a stop leaves (" (…)")."""
    unusable = "input or output that cannot be used (missing or damaged data, a file that is not ours, a full disk: "
    # what it prints, lost (`> /dev/full`, `| head`), ended it with status 1, which its --help never named
    printed = f"; 1 when it stops as what it prints cannot be written (stdout on a full disk{lost})"
    return exit_statuses(unusable + "a line on stderr says which)", 2, printed + also, stopped)


def load_once_read(prog: str, *modules: str) -> None:
    """Import ``modules`` (torch, or what imports it) once a command's line has been read, not with the command: its
    --help needed torch (in a Python without it, "needs PyTorch" came instead of the help). Held as run_main holds a
    command's import: a stop waits for the import to end (inside torch's own import it killed Python, or came out
    as torch's failure) and is said as one while starting, nothing done; torch missing is run_main's one line."""
    with starting(), stops_held(loading_note(prog)):
        for module in modules:
            importlib.import_module(module)


# SIGTERM is how `kill`, `timeout`, batch systems and service managers stop a run; SIGHUP, a terminal closed under
# it (an ssh session dropped, a laptop's lid shut). Left to its default either ended the process on the spot: no
# word of the kept checkpoint, and its locks left beside it (SIGTERM's pen-rendering workers lived on, orphaned).
# STOP_SIGNALS (rowreader.launch's, the app's too) holds SIGHUP where the system has one.


def _interrupt_once(signum: int, frame: object) -> None:
    """Ctrl-C (or SIGTERM, SIGHUP) stops training once; further ones are ignored while it saves and exits (no shutdown
    tracebacks)."""
    for stop in STOP_SIGNALS:
        if signal.getsignal(stop) is _interrupt_once:  # one left to someone else stays theirs
            signal.signal(stop, _stopped_already)
    raise Stopped(signum)  # the commands' own stop: a KeyboardInterrupt that remembers its signal


def _stopped_already(signum: int, frame: object) -> None:
    """A stop after the first, while the run says what it kept and exits: nothing (``run_main`` ignores them all as
    the process ends). A handler, not SIG_IGN: two stops of different signals that came in one of torch's long calls
    (SIGTERM and SIGHUP 20 ms apart, as a closed terminal's session sends them) were both pending when the first's
    handler set the other to SIG_IGN, and Python then said "OSError: Signal 15 ignored due to race condition" with
    a traceback, above the run's line (1 of 100 stops sent at random in the thirty-fourth round)."""


# What each stop signal's handler is when it is ours to take: Python's own, or the commands' SIGTERM handler
# (run_main's, as `python -m training.finetune` leaves it). One found otherwise is left alone: Ctrl-C ignored (a run
# started by a script with `&`, or under nohup) is not SIGTERM ignored, which still stops the run.
# SIGHUP ignored (`nohup`) stays ignored: the run outlives its terminal, as nohup promises.
DEFAULT_HANDLERS = {
    stop: (signal.default_int_handler,) if stop == signal.SIGINT else (signal.SIG_DFL, stop_by_signal)
    for stop in STOP_SIGNALS
}


def stop_from_the_start() -> None:
    """SIGTERM and SIGHUP stop a training command as Ctrl-C does from its first moment, before torch is imported
    (seconds): until ``main`` took it, SIGTERM ended a run with status 143 and not a word. Each left alone where not
    the default (SIGHUP under ``nohup``)."""
    for stop in STOP_SIGNALS:
        if stop != signal.SIGINT and signal.getsignal(stop) == signal.SIG_DFL:
            signal.signal(stop, _interrupt_once)


# Set once a fine-tune's --progress json lines have lost their reader: the stop that follows is said as that
READER_LEFT = threading.Event()


def stop_as_the_reader_left() -> None:
    """A fine-tune's ``--progress json`` lines lost their reader (the app killed, ``| head -1``): stop the run as
    its Cancel does, remembering why, so that its last line says what happened. It sent itself SIGTERM and said
    "stopped by SIGTERM", status 143, where nobody had sent one. The stop is simulated in the main thread
    (:func:`_thread.interrupt_main`), not sent: from a thread of its own or from the main thread, SIGTERM's Python
    handler runs (held while a save is held); where SIGTERM is not Python's (ignored) nothing happens, as before."""
    READER_LEFT.set()
    _thread.interrupt_main(signal.SIGTERM)


_SAID_DONE: set[int] = set()  # the stops nothing_left_to_stop turned off, to be turned on where the body ends


def nothing_left_to_stop() -> None:
    """The run's files are whole and it is about to say "done": a stop from now on is ignored. One in the seconds
    after "done" ended the run 130 or 143, every file whole, or said "interrupted before training began; nothing
    was written"; :func:`signals_stop_the_run` turns them back on as it ends, where the process goes on."""
    if threading.current_thread() is not threading.main_thread():  # handlers are the main thread's to set
        return
    for stop in STOP_SIGNALS:
        if signal.getsignal(stop) is _interrupt_once:
            signal.signal(stop, signal.SIG_IGN)
            _SAID_DONE.add(stop)


@contextlib.contextmanager
def signals_stop_the_run() -> Iterator[None]:
    """While the body runs, Ctrl-C, SIGTERM and SIGHUP raise :class:`rowreader.launch.Stopped` (once); afterwards,
    as they were.

    Only in the main thread, and each only where Python's default handler is in place: a run started in the
    background with Ctrl-C ignored left SIGTERM alone too, and `kill` ended it on the spot without a word.
    """
    found = {stop: signal.getsignal(stop) for stop in DEFAULT_HANDLERS}
    main_thread = threading.current_thread() is threading.main_thread()
    taken = {stop: handler for stop, handler in found.items() if main_thread and handler in DEFAULT_HANDLERS[stop]}
    for stop in taken:
        signal.signal(stop, _interrupt_once)
    _SAID_DONE.clear()
    try:
        yield
    finally:
        for stop, handler in found.items():  # not interrupted, or done: as it was
            if (stop in taken and signal.getsignal(stop) is _interrupt_once) or stop in _SAID_DONE:
                signal.signal(stop, handler)
        _SAID_DONE.clear()
