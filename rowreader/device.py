"""One place that turns ``auto | cpu | cuda | cuda:N`` into a torch device, refusing what is not there.

torch is imported inside the functions: a module that only names the choices (a ``--help`` text) stays light.
"""

from __future__ import annotations

import argparse
import re
from typing import TYPE_CHECKING

from rowreader.later import later

if TYPE_CHECKING:
    import torch
else:  # reading imports no torch: it is imported when a type hint is read (typing.get_type_hints)
    torch = later("torch", "cuda", "device", "get_num_threads", "version")

DEVICE_CHOICES = "auto | cpu | cuda | cuda:N"
# A --device's help: one not there is refused as a command line is, in every command (evaluate said it with status 1)
DEVICE_HELP = f"{DEVICE_CHOICES} (one that is not here, cuda without CUDA, is a refused command line: status 2)"
# What a device may be called, the one rule for both checks. `cpu:N` is the CPU, as torch takes it (it ignores the
# index): torch.device("cpu", 0) was "unknown device 'cpu:0'", a device torch itself names. Its index is in 0-9, as
# torch reads it: `cuda:٣` (Arabic-Indic 3) was taken as CUDA device 3, a name torch refuses ("Invalid device string").
_SPEC = re.compile(r"auto|cpu(?::[0-9]+)?|cuda(?::([0-9]+))?")


def device_problem(name: object) -> str | None:
    """Why ``name`` names no device of ours, or None: the one check of a device's name before torch is imported (the
    command line's, and ``FitConfig``'s, which took any text and met it only as the run began)."""
    from rowreader.json_text import shown  # a list of a million was named whole, a line of 5 MB

    if not isinstance(name, str):
        return f"expected {DEVICE_CHOICES} (text), got {shown(name)}"
    return None if _SPEC.fullmatch(name.strip().lower()) else _unknown(name)


def device_argument(text: str) -> str:
    """``type=`` of ``--device``: a name that is no device is refused with the command line (status 2) and before
    torch is imported; ``--device tpu`` was refused after the seconds torch takes to load, as a failed run (1)."""
    if (problem := device_problem(text)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return text


def _unknown(name: str) -> str:
    """Why ``name`` is no device of ours, for both checks: "unknown device 'mps'" told a Mac's user that Apple's GPU,
    which torch knows, was a slip of the keyboard. The name is shortened (:func:`~rowreader.json_text.shown`): 4,100
    characters made a line of 4,200."""
    from rowreader.json_text import shown

    apple = name.strip().lower() == "mps"
    return f"unknown device {shown(name)}; expected {DEVICE_CHOICES}" + (
        " (Apple's GPU, mps, is not one RowReader runs on; reading digits needs none: it is NumPy)" if apple else ""
    )


def resolve_device(spec: str | torch.device = "auto") -> torch.device:
    """``auto`` picks CUDA when present, else the CPU; an explicit CUDA request without CUDA fails at once. A torch
    device is checked the same way (it failed as "'torch.device' object has no attribute 'strip'", None too)."""
    from rowreader.json_text import shown  # `cuda:` and 5,000 digits was named whole, a line of 5,159 characters
    from rowreader.needs_torch import needing_torch

    with needing_torch("rowreader.resolve_device (a torch device)"):
        import torch

    if isinstance(spec, torch.device):
        spec = str(spec)
    if not isinstance(spec, str):
        raise TypeError(f"device must be {DEVICE_CHOICES} or a torch.device, got {shown(spec)}")
    spec = spec.strip().lower()
    if spec == "auto":
        return torch.device("cuda" if torch.cuda.is_available() else "cpu")
    match = _SPEC.fullmatch(spec)
    if not match:
        raise ValueError(_unknown(spec))
    if spec.startswith("cpu"):
        return torch.device("cpu")
    from rowreader.output import counted

    # worded for both callers: "--device cuda was asked for" named a flag a library caller never typed
    if not torch.cuda.is_available():
        raise RuntimeError(
            f"device {shown(spec)} was asked for, but CUDA is not available here "
            f"(torch {torch.__version__}, built for CUDA {torch.version.cuda or 'none'}); ask for 'cpu' or 'auto'"
        )
    digits = (match.group(1) or "0").lstrip("0") or "0"
    count = torch.cuda.device_count()
    # past 4,300 digits int() refuses in Python's words; an index of 10 digits is past any machine's devices
    if len(digits) >= 10 or (index := int(digits)) >= count:
        # counted: "only 1 CUDA device(s) exist" on a machine of one GPU
        has = f"this machine has {counted(count, 'CUDA device')} (0…{count - 1})"
        raise RuntimeError(f"device {shown(spec)} was asked for, but {has}")
    return torch.device("cuda", index)


def device_of_flag(spec: str) -> torch.device:
    """:func:`resolve_device` for a command's ``--device``: one not here is refused as every refused flag is,
    "argument --device: device 'cuda' was asked for, …" (`--device cuda` without CUDA named no flag, where `--device
    tpu` said "argument --device: unknown device 'tpu'"); a library caller's words, resolve_device's, name none."""
    try:
        return resolve_device(spec)
    except RuntimeError as err:
        raise RuntimeError(f"argument --device: {err}") from err
    except ValueError as err:
        raise ValueError(f"argument --device: {err}") from err


def describe_device(device: torch.device) -> str:
    """A human name for status bars and logs, e.g. ``cpu (2 threads)`` or ``cuda:0 (NVIDIA H100)``."""
    import torch

    if device.type == "cuda":
        return f"{device} ({torch.cuda.get_device_name(device)})"
    threads = torch.get_num_threads()
    return f"cpu ({threads} thread{'' if threads == 1 else 's'})"
