"""The twenty-third round of hostile testing, training: the data pipeline under `python -m training.fit` (the pen
renderings' worker processes stopped and killed), `training.merge` and distillation on odd inputs, `--start-from` a
taught model, and whether the metadata each writes says truthfully where the weights came from."""

from __future__ import annotations

import os
import signal
import threading
import time

from training.pen_data import PenEpochs


def test_closing_the_pen_workers_ends_a_stopped_worker(unipen):
    """A pen-rendering worker stopped (SIGSTOP, a debugger, a hung process) kept the run from ending: Ctrl-C said
    "interrupted at step 0; … start the run again" and the trainer then waited for good (minutes, until the worker was
    killed by hand), as SIGTERM waits for a stopped process to be continued. Closing the pool ends such a worker."""
    digits = [d for d in unipen if d.split == "train"][:64]
    pens = PenEpochs(digits, per_epoch=8, reuse=1, seed=0, workers=1)
    pens._ahead = pens._submit(0)  # starts the worker
    workers = list(pens._executor._processes.values())
    assert workers
    for process in workers:
        os.kill(process.pid, signal.SIGSTOP)
    closing = threading.Thread(target=pens.close, daemon=True)
    started = time.perf_counter()
    closing.start()
    closing.join(timeout=20)
    try:
        assert not closing.is_alive(), "close() waited for a stopped worker"
        assert time.perf_counter() - started < 20
        assert all(not process.is_alive() for process in workers)
    finally:
        for process in workers:  # leave nothing stopped behind, whatever happened
            if process.is_alive():
                process.kill()
