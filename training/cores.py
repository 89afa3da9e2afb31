"""What this machine bounds: ``--threads`` and ``--pen-workers`` by its cores (and the latter's default), the
network by its free memory."""

from __future__ import annotations

import contextlib
import os

import torch

from rowreader.model import ReaderConfig
from rowreader.output import counted
from training.files import weight_bytes


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
            f"--pen-workers {workers} is more processes than this machine's {counted(cores, 'core')} (each holds "
            f"about 0.5 GB and renders on one core); give at most {cores}, or leave it out for {default_pen_workers()}"
        )


def check_threads(threads: int | None) -> None:
    """Refuse more torch threads than cores: they only take turns. On this project's busy 2-core machine a tiny run
    (1,024 digits, 64 units) read 100–2,400 samples/s with 1 or 2 threads, 148 with 64 and 10 with 1,024
    (104 s for 8 steps); `--threads 1000` for 10 cost a run that much. The same bound as --pen-workers."""
    cores = os.cpu_count() or 1
    if threads is not None and threads > cores:
        raise ValueError(
            f"--threads {threads} is more than this machine's {counted(cores, 'core')} (more threads only take "
            f"turns, and slow training down: 10 samples/s with 1,024 on 2 cores); give at most {cores}, or leave it out"
        )


def available_memory() -> int | None:
    """Bytes of memory the machine can give without swapping (Linux's MemAvailable); None where it is not known."""
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


def check_memory(model: ReaderConfig, device: torch.device) -> None:
    """Refuse a network whose weights, gradients and Adam's two moments alone do not fit in the memory free.

    `--hidden 4096 --layers 8` passes every bound (each one allowed) and needs 16.1 GB before its first step: with
    less free, it read MNIST and then left the out-of-memory killer to end it, or another program. Only the CPU's
    memory is judged here (CUDA says its own)."""
    need, free = 4 * weight_bytes(model), available_memory()
    if device.type != "cpu" or free is None or need <= free:
        return
    raise ValueError(
        f"{model.layers}×{model.hidden_size} {model.cell.upper()} units need at least {_size(need)} of memory to "
        f"train (their weights, gradients and Adam's two moments), and {_size(free)} are free here; choose a smaller "
        "--hidden or --layers (nothing was written)"
    )


def _size(count: int) -> str:
    return f"{count / 1e9:,.1f} GB" if count >= 1e9 else f"{count / 1e6:,.1f} MB"
