"""The flags bounded by this machine's cores: ``--threads`` and ``--pen-workers`` (and the latter's default)."""

from __future__ import annotations

import os


def default_pen_workers() -> int:
    """One rendering process per core but the one that trains: at least one, at most 16 (each holds about 0.5 GB)."""
    return max(1, min(16, (os.cpu_count() or 2) - 1))


def check_pen_workers(workers: int | None) -> None:
    """Refuse more pen-rendering processes than cores: each imports torch and holds the pen data (about 0.5 GB),
    and they only render, so more than one a core gains nothing. `--pen-workers 64` on a 2-core laptop started
    64 of them, 30 GB, before anything was trained."""
    cores = os.cpu_count() or 1
    if workers is not None and workers > cores:
        raise ValueError(
            f"--pen-workers {workers} is more processes than this machine's {cores} cores (each holds about "
            f"0.5 GB and renders on one core); give at most {cores}, or leave it out for {default_pen_workers()}"
        )


def check_threads(threads: int | None) -> None:
    """Refuse more torch threads than cores: they only take turns. On this project's busy 2-core machine a tiny run
    (1,024 digits, 64 units) read 100–2,400 samples/s with 1 or 2 threads, 148 with 64 and 10 with 1,024
    (104 s for 8 steps); `--threads 1000` for 10 cost a run that much. The same bound as --pen-workers."""
    cores = os.cpu_count() or 1
    if threads is not None and threads > cores:
        raise ValueError(
            f"--threads {threads} is more than this machine's {cores} cores (more threads only take turns, and "
            f"slow training down: 10 samples/s with 1,024 on 2 cores); give at most {cores}, or leave it out"
        )
