"""Run slow work (loading models, images, MNIST) on a thread pool and hand results back on the UI thread.

The runner is a QObject that lives on the UI thread and owns the signal; pool threads only *emit* it, so Qt
queues the delivery onto the UI thread and no QObject is ever created or destroyed off it.

Each runner's pool is no Qt child of it: deleted with its runner, ``~QThreadPool`` waited for the work still running,
and where Python code deleted the runner's owner (a ``deleteLater`` run under a Python ``event`` override) that wait
held the GIL the work needed: the app froze for good. A pool with work under way is held here instead
(:func:`_keep_until_idle`) and let go on the UI thread once its threads have ended: freed on its own thread (a job's
end dropping the last reference to a runner Python owned), it waited for itself, that thread stuck for good.
"""

from __future__ import annotations

import contextlib
import itertools
import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThreadPool, QTimer, Signal

PROGRESS_MS = 60_000  # a status message of slow work ("Loading…"): replaced when it ends, gone after this at the latest
KEPT_MS = 200  # how often the pools with work under way are looked at, to let go of those whose work has ended

_kept: set[QThreadPool] = set()  # every pool with work under way, held until it ends (see above)
_looking = False  # a look at them is due: one at a time, however many runners started work
_holding = threading.Lock()  # _kept and _looking, given work on any thread


def nothing_to_say(_: object) -> None:
    """A background task's end, done or failed, where its work itself keeps what it did (a note written, a line
    forgotten): ``TaskRunner.run``'s two callbacks."""


class TaskRunner(QObject):
    """``run(work, on_done, on_error)``: ``work()`` runs on a pool thread, the callbacks on the UI thread."""

    _finished = Signal(int, bool, object)  # task id, succeeded, result or exception
    busy_changed = Signal(bool)

    def __init__(self, parent: QObject | None = None, max_threads: int = 2) -> None:
        super().__init__(parent)
        self._pool = QThreadPool()  # no parent: see the module's docstring
        self._pool.setMaxThreadCount(max_threads)
        self._ids = itertools.count()
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]] = {}
        self._finished.connect(self._deliver)
        # set when the window closes: long work asks ``stopping.is_set`` between files and ends early, where the
        # close waited 10 s for an import or a reading of 3,000 examples (and the copying went on after it)
        self.stopping = threading.Event()
        self._running: set[int] = set()  # ids whose work has not ended, on the pool threads' side
        self._ended = threading.Condition()

    @property
    def busy(self) -> bool:
        """True while any task has not yet reported back."""
        return bool(self._pending)

    def run(
        self, work: Callable[[], Any], on_done: Callable[[Any], None], on_error: Callable[[BaseException], None]
    ) -> int:
        """Start ``work`` in the background; exactly one of the callbacks is called later on the UI thread."""
        task_id = next(self._ids)
        self._pending[task_id] = (on_done, on_error)
        if len(self._pending) == 1:
            self.busy_changed.emit(True)

        with self._ended:
            self._running.add(task_id)

        def job() -> None:
            try:
                result = work()
            except BaseException as err:
                ok, value = False, err
            else:
                ok, value = True, result
            finally:
                with self._ended:
                    self._running.discard(task_id)
                    self._ended.notify_all()
            # the window closed while this ran (its wait timed out): nobody to tell, and no traceback on stderr
            with contextlib.suppress(RuntimeError):
                self._finished.emit(task_id, ok, value)

        _keep_until_idle(self._pool)
        self._pool.start(job)
        return task_id

    def _deliver(self, task_id: int, ok: bool, value: object) -> None:
        callbacks = self._pending.pop(task_id, None)
        if callbacks is None:  # dropped at a close, which said "idle" then: said again, the window's cursor went twice
            return
        if not self._pending:
            self.busy_changed.emit(False)
        on_done, on_error = callbacks
        if ok:
            on_done(value)
        else:
            on_error(value)  # type: ignore[arg-type]

    def wait(self, msecs: int = -1) -> bool:
        """Block until the pool threads are idle (at shutdown); results still arrive through the event loop."""
        return self._pool.waitForDone(msecs)

    def wait_for(self, task_id: int) -> None:
        """Block until the work of ``task_id`` has ended (with no event loop, its callbacks are not called): a stop
        while the window is built waits for the model's load alone, not for work that cannot be interrupted."""
        with self._ended:
            self._ended.wait_for(lambda: task_id not in self._running)

    def cancel_callbacks(self) -> None:
        """Forget pending callbacks (the window is closing): late results are dropped, not delivered, and work
        that asks ``stopping`` ends early."""
        self.stopping.set()
        if self._pending:
            self._pending.clear()
            self.busy_changed.emit(False)


def _keep_until_idle(pool: QThreadPool) -> None:
    """Hold ``pool``, given work, until that work has ended, then let it go on the UI thread (see the module's
    docstring): freed with a job running, ``~QThreadPool`` waits for it, from Python holding the GIL the job needs.
    The look is the UI thread's whichever thread gave the work: a timer of a Python thread (no event loop) never
    came, and as one look at a time is kept, no pool was let go again, the UI thread's neither."""
    global _looking
    with _holding:
        _kept.add(pool)
        if _looking:
            return
        _looking = True
    _look.due.emit()


def wait_for_every_pool(msecs: int) -> bool:
    """Block until the work of every runner has ended, its owner deleted or not (the pools held here), ``msecs`` at
    most for each pool: False where some still runs. A test's end waits so: it looked for busy runners under the
    windows still there, and the work of one whose window the test had deleted ran on into the next test."""
    with _holding:
        held = list(_kept)
    return all(pool.waitForDone(msecs) for pool in held)


def _let_idle_go() -> None:
    """Let go of the held pools that are idle (freed then, they wait for nothing), and look again later while any
    is not."""
    global _looking
    with _holding:
        idle = [pool for pool in _kept if pool.waitForDone(0)]
        _kept.difference_update(idle)
        if not _kept:
            _looking = False
            return
    QTimer.singleShot(KEPT_MS, _let_idle_go)


class _Look(QObject):
    """Starts the look at the held pools on the thread this lives on, the UI thread (made as the app imports this),
    however many threads ask (``due``): a timer of the thread that asked never came where that had no event loop."""

    due = Signal()

    def __init__(self) -> None:
        super().__init__()
        self.due.connect(self._start)  # queued onto the UI thread where emitted elsewhere

    def _start(self) -> None:
        QTimer.singleShot(KEPT_MS, _let_idle_go)


_look = _Look()
