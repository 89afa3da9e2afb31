"""The pen share of every training epoch: augmented renderings of the UNIPEN train writers' digits.

Rendering a pen digit (augment, ink at 280 px, ``to_mnist``) costs milliseconds of CPU, training on it
microseconds of GPU, so two things keep training from waiting:

* **a pool that is partly redrawn.** An epoch holds ``per_epoch`` renderings ("slots"). Each epoch redraws a
  ``1/reuse`` share of them, round-robin, so every rendering is used for ``reuse`` epochs (each time through a
  fresh batch augmentation in ``training.fit``) and every epoch brings new ones.
* **rendering ahead in worker processes.** While epoch *e* trains, a process pool draws epoch *e + 1*'s new slots.

What a slot holds at an epoch is a pure function of (seed, slot, epoch) — which digit, and the random
numbers of its rendering — so the result does not depend on the number of workers, and ``--resume`` rebuilds the
pool of the epoch it continues from bit for bit.
"""

from __future__ import annotations

import contextlib
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
from collections.abc import Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from multiprocessing import get_context
from multiprocessing.connection import wait

import numpy as np

from rowreader.pen import DEFAULT_PEN, draw_ink_window, fit_strokes
from rowreader.preprocess import to_mnist
from rowreader.unipen import PenDigit, UnipenFileError, load_unipen, unipen_file
from training.pen_augment import PenAugmentConfig, render_pen_digit

PEN_SEED_OFFSET = 2000  # keeps the pen renderings' random streams apart from every other use of --seed
CHUNK = 64  # slots per worker task: large enough to amortise the inter-process transfer, small enough to balance
# to_mnist's resize is a few small matrix products; a multi-threaded BLAS spends far more time waking its threads
# than computing them (measured with OpenBLAS on 2 busy cores: 70 renders per CPU-second instead of 290), and the
# workers are already one per core. Set for child processes only: a loaded BLAS reads these when it starts.
SINGLE_THREADED = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}


class PenWorkerLost(RuntimeError):
    """A rendering worker ended without being asked: killed outright, most likely by the system's out-of-memory
    killer, which picks the largest process (each worker holds about 0.5 GB); or it failed (a MemoryError where a
    limit on its memory, ``ulimit -v``, stops it first)."""


def train_writers_digits(pen_dir: str | None) -> list[PenDigit]:
    """The digits of UNIPEN's train writers, the only pen digits training and fine-tuning learn from (the test
    writers are the handwriting benchmark's yardstick); a file that holds none is refused by name. A file cut to
    its first lines (test writers' digits) ended training in an AssertionError traceback, and a fine-tune in
    "random_ expects 'from' to be less than 'to'"."""
    digits = load_unipen(pen_dir, split="train")
    if not digits:
        reason = "holds no digits of UNIPEN's train writers, the only ones training reads (a part of the file?)"
        raise UnipenFileError(unipen_file(pen_dir), None, reason)
    return digits


def pen_per_epoch(base: int, fraction: float) -> int:
    """How many pen renderings make them ``fraction`` of an epoch that already holds ``base`` other images."""
    if not 0 <= fraction < 1:
        raise ValueError(f"the pen share must be in [0, 1), got {fraction}")
    return round(base * fraction / (1 - fraction))


def refresh_epochs(slots: np.ndarray, epoch: int, reuse: int) -> np.ndarray:
    """The epoch at which each slot's current rendering was drawn: slot j is redrawn when (epoch + j) % reuse == 0."""
    drawn = epoch - (epoch + slots) % reuse
    return np.maximum(drawn, 0)


def holdout_split(digits: Sequence[PenDigit], share: float) -> tuple[list[PenDigit], list[PenDigit]]:
    """(kept, held out): whole persons are held out, in the order of their key's SHA-256, until ``share`` of the
    digits are — the data README's way of splitting test from train, so no person is on both sides."""
    if not 0 <= share < 1:
        raise ValueError(f"the held-out share must be in [0, 1), got {share}")
    counts: dict[str, int] = {}
    for d in digits:
        counts[d.person] = counts.get(d.person, 0) + 1
    held: set[str] = set()
    total = 0
    for person in sorted(counts, key=lambda key: hashlib.sha256(key.encode()).hexdigest()):
        if total >= share * len(digits):
            break
        held.add(person)
        total += counts[person]
    return [d for d in digits if d.person not in held], [d for d in digits if d.person in held]


def render_plain(digits: Sequence[PenDigit]) -> tuple[np.ndarray, np.ndarray]:
    """Each digit as drawn on the canvas with its defaults (24-px pen, 190 px tall, centred), after ``to_mnist``:
    uint8 ``[N, 28, 28]`` and int64 labels — a fixed set to watch training on."""
    images = np.empty((len(digits), 28, 28), np.uint8)
    for i, digit in enumerate(digits):
        strokes = fit_strokes(digit.strokes)
        image = to_mnist(255 - draw_ink_window(strokes, DEFAULT_PEN), ink="light")  # as the app reads its canvas
        if image is None:  # cannot happen: fitted to a digit's size
            raise RuntimeError(f"{digit.source} {digit.segment} came out blank")
        images[i] = np.round(image * 255)
    return images, np.array([d.label for d in digits], np.int64)


# ---- a worker process: it ends with its trainer, and renders what each task sends -------------------------


def _exit_with_parent() -> None:
    """End this worker as soon as the trainer that started it is gone.

    A trainer killed outright (SIGKILL, the OOM killer) cannot close its pool: its workers lived on for good,
    blocked writing a rendering to a pipe nobody reads, half a gigabyte each. The parent's sentinel becomes
    ready when the parent ends, however it ends.
    """
    parent = multiprocessing.parent_process()
    if parent is None:
        return

    def watch() -> None:
        wait([parent.sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


@contextlib.contextmanager
def _ctrl_c_kept_from_children() -> Iterator[None]:
    """Processes started inside start with Ctrl-C (SIGINT) blocked, so it never reaches them.

    Ctrl-C goes to every process of the terminal's group: a worker still starting (importing torch, 2–3 s) printed
    a KeyboardInterrupt traceback under the trainer's one line. A worker ignores Ctrl-C once it runs
    (:func:`_init_worker`), and ends with its trainer; a blocked signal mask is inherited through fork and exec,
    so it holds from the first instruction. The trainer itself still gets Ctrl-C: its other threads do not block
    it, and this one receives it when the block ends."""
    mask = getattr(signal, "pthread_sigmask", None)  # not on Windows, where Ctrl-C reaches no worker this way
    if mask is None:
        yield
        return
    blocked = mask(signal.SIG_BLOCK, {signal.SIGINT})
    try:
        yield
    finally:
        mask(signal.SIG_SETMASK, blocked)


# multiprocessing's resource tracker, a process of its own, unlinks the named semaphores of the pool's queues (five)
# once the trainer is gone, and warns of each left to it: after `kill -9` of a run (which can close nothing) it
# printed "resource_tracker: There appear to be 5 leaked semaphore objects to clean up at shutdown" after the
# shell's prompt, for semaphores it then removed. The warning is kept to the tracker the pool starts.
QUIET_TRACKER = "ignore::UserWarning:multiprocessing.resource_tracker"


def _start_quiet_resource_tracker() -> None:
    """Start this process's resource tracker with :data:`QUIET_TRACKER` as its last warning filter, unless one runs
    already; the trainer's own filters are then as they were. The tracker is started with the trainer's flags, its
    ``-W`` filters taken from ``sys.warnoptions``: the last given wins. Put in PYTHONWARNINGS, the filter lost to
    `python -W default` (a -W comes after the environment's) and was not read under `python -E`."""
    from multiprocessing import resource_tracker

    sys.warnoptions.append(QUIET_TRACKER)
    try:
        resource_tracker.ensure_running()
    finally:
        sys.warnoptions.pop()  # ours, the last: the trainer's own stay as they were


def _init_worker() -> None:
    """A worker ignores Ctrl-C (the trainer handles it) and ends with its trainer.

    It is sent nothing else at its start: what its trainer sends a starting worker waits in a pipe until the
    worker has imported everything (the trainer's module with torch: 2–7 s on a busy machine), and the pen data
    (5.5 MB) filled that pipe, so the trainer sat blocked, Ctrl-C held back, until then. Each task carries the
    strokes it renders instead (a few hundred kB)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    _exit_with_parent()


def _render(
    strokes: Sequence[tuple[np.ndarray, ...]],
    config: PenAugmentConfig,
    seed: int,
    slots: np.ndarray,
    drawn: np.ndarray,
) -> np.ndarray:
    """uint8 ``[len(slots), 28, 28]``: slot ``slots[i]``'s rendering of the digit drawn by ``strokes[i]``, made at
    epoch ``drawn[i]``."""
    out = np.empty((len(slots), 28, 28), np.uint8)
    for i, (slot, epoch) in enumerate(zip(slots.tolist(), drawn.tolist(), strict=True)):
        rng = np.random.default_rng([seed, PEN_SEED_OFFSET, slot, epoch])
        out[i] = np.round(render_pen_digit(strokes[i], config, rng) * 255)
    return out


class PenEpochs:
    """Yields each epoch's pen renderings (uint8 ``[per_epoch, 28, 28]`` + labels) of train-writer digits only.

    ``workers``: processes that render ahead (0: render in this process, when asked). Close it (or use ``with``)
    to stop them.
    """

    def __init__(
        self,
        digits: Sequence[PenDigit],
        per_epoch: int,
        reuse: int,
        seed: int,
        workers: int = 0,
        config: PenAugmentConfig | None = None,
    ) -> None:
        splits = {d.split for d in digits}
        if splits != {"train"}:  # the test writers are the yardstick: never a training image
            raise ValueError(f"pen training digits must all be from the 'train' split, got {sorted(splits)}")
        if per_epoch < 1 or reuse < 1 or workers < 0:
            raise ValueError(f"need per_epoch ≥ 1, reuse ≥ 1, workers ≥ 0; got {per_epoch}, {reuse}, {workers}")
        self.per_epoch, self.reuse, self.seed = per_epoch, reuse, seed
        self.config = config or PenAugmentConfig()
        self._labels_of = np.array([d.label for d in digits], np.int64)
        self._order = np.random.default_rng([seed, PEN_SEED_OFFSET]).permutation(len(digits))
        self._slots = np.arange(per_epoch)
        self._images = np.zeros((per_epoch, 28, 28), np.uint8)
        self._digit = np.full(per_epoch, -1, np.int64)  # which digit each slot holds now
        self._drawn = np.full(per_epoch, -1, np.int64)  # at which epoch that rendering was made
        self._ahead: tuple[int, np.ndarray, list[Future]] | None = None
        self._strokes = [d.strokes for d in digits]
        self._executor = None
        if workers:
            for name, value in SINGLE_THREADED.items():  # inherited by the spawned workers; the user's choice wins
                os.environ.setdefault(name, value)
            _start_quiet_resource_tracker()
            self._executor = ProcessPoolExecutor(
                workers,
                mp_context=get_context("spawn"),
                initializer=_init_worker,
            )

    def _plan(self, epoch: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The slots whose rendering differs at ``epoch`` from what the pool holds, with their digit and epoch."""
        drawn = refresh_epochs(self._slots, epoch, self.reuse)
        # the digit rotates with each redraw, so a pool smaller than the data set still visits every digit
        digits = self._order[(self._slots + drawn * self.per_epoch) % len(self._order)]
        stale = np.flatnonzero(drawn != self._drawn)
        return stale, digits[stale], drawn[stale]

    def _strokes_of(self, digits: np.ndarray) -> list[tuple[np.ndarray, ...]]:
        return [self._strokes[digit] for digit in digits.tolist()]

    def _submit(self, epoch: int) -> tuple[int, np.ndarray, list[Future]]:
        stale, digits, drawn = self._plan(epoch)
        assert self._executor is not None
        with _ctrl_c_kept_from_children():  # the first submit starts the workers
            chunks = [slice(i, i + CHUNK) for i in range(0, len(stale), CHUNK)]
            futures = [
                self._executor.submit(_render, self._strokes_of(digits[c]), self.config, self.seed, stale[c], drawn[c])
                for c in chunks
            ]
        return epoch, stale, futures

    def epoch(self, epoch: int) -> tuple[np.ndarray, np.ndarray]:
        """Images (uint8 ``[per_epoch, 28, 28]``, a copy) and labels (int64) of ``epoch`` (0-based)."""
        if self._executor is None:
            stale, digits, drawn = self._plan(epoch)
            if len(stale):
                self._images[stale] = _render(self._strokes_of(digits), self.config, self.seed, stale, drawn)
        else:
            if self._ahead is None or self._ahead[0] != epoch:
                self._cancel()
                self._ahead = self._submit(epoch)
            _, stale, futures = self._ahead
            try:
                rendered = [f.result() for f in futures]
            except BrokenProcessPool as err:  # "A process in the process pool was terminated abruptly while …"
                raise PenWorkerLost(
                    "a pen-rendering worker ended without being asked (killed: the system may be short of memory, "
                    "each worker holds about 0.5 GB; fewer --pen-workers need less)"
                ) from err
            except Exception as err:  # raised in a worker: two tracebacks (its own and the trainer's), exit 1
                memory = isinstance(err, MemoryError)  # NumPy's is "_ArrayMemoryError"
                short = " (short of memory: each worker holds about 0.5 GB; fewer --pen-workers need less)"
                raise PenWorkerLost(
                    f"a pen-rendering worker failed: {'MemoryError' if memory else type(err).__name__}: {err}"
                    + (short if memory else "")
                ) from err
            if len(stale):
                self._images[stale] = np.concatenate(rendered)
            self._ahead = None
        self._drawn = refresh_epochs(self._slots, epoch, self.reuse)
        self._digit = self._order[(self._slots + self._drawn * self.per_epoch) % len(self._order)]
        images, labels = self._images.copy(), self._labels_of[self._digit]
        if self._executor is not None:
            self._ahead = self._submit(epoch + 1)  # rendered while this epoch trains
        return images, labels

    def _cancel(self) -> None:
        if self._ahead is not None:
            for future in self._ahead[2]:
                future.cancel()
            self._ahead = None

    def close(self) -> None:
        """Stop the workers: pending renderings are dropped, and the workers ended, not waited for (a worker still
        starting held Ctrl-C's end of the run back until it had imported torch, 2–7 s on a busy machine). Killed
        (SIGKILL), as a worker writes nothing: a stopped one (SIGSTOP, a debugger) holds SIGTERM until it is
        continued, and the run, its Ctrl-C said, waited for it for good."""
        self._cancel()
        if self._executor is not None:
            for process in list(self._executor._processes.values()):  # Python 3.14: executor.kill_workers()
                process.kill()
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None

    def __enter__(self) -> PenEpochs:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
