"""Memory a training run needs before its first step, checked against what the machine has free."""

from __future__ import annotations

import contextlib

import torch

from rowreader.model import ReaderConfig
from training.files import weight_bytes


def available_memory() -> int | None:
    """Bytes of memory the machine can give without swapping (Linux's MemAvailable); None where it is not known."""
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo") as f:
        for line in f:
            if line.startswith("MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


def check_memory(model: ReaderConfig, device: torch.device) -> None:
    """Refuse a network whose weights, gradients and Adam's two moments alone do not fit in the memory free.

    `--hidden 4096 --layers 8` passed every bound (each one allowed), read MNIST, then asked for 17 GB on a 23-GB
    machine: the OOM killer ended it, or another program. Only the CPU's memory is judged here (CUDA says its own).
    """
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
