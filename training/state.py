"""The training state saved after every epoch beside the checkpoint, so ``--resume`` can continue exactly.

It holds only tensors, numbers, strings and lists (loaded with ``weights_only=True``: no code runs on load)
and is written atomically, together with the epoch's checkpoint (``training.saving.save_epoch``).
"""

from __future__ import annotations

import io
import math
import zipfile
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from training.metrics import COLUMNS


@dataclass
class TrainingState:
    model: dict[str, torch.Tensor]
    optimizer: dict[str, Any]
    scheduler: dict[str, Any]
    cpu_rng: torch.Tensor
    aug_rng: torch.Tensor
    epoch: int
    step: int
    best: float
    elapsed: float
    train_seconds: float
    config: dict[str, Any]
    history: list[dict]


def state_path(checkpoint: Path) -> Path:
    """``runs/model.safetensors`` → ``runs/model.state.pt``."""
    return checkpoint.with_name(checkpoint.stem + ".state.pt")


def state_bytes(state: TrainingState) -> bytes:
    """The training state file's contents (written together with the epoch's checkpoint, see ``save_epoch``)."""
    buffer = io.BytesIO()
    data = asdict(state)
    data["model"] = {k: v.detach().cpu() for k, v in state.model.items()}
    data["cpu_rng"], data["aug_rng"] = state.cpu_rng.cpu(), state.aug_rng.cpu()
    torch.save(data, buffer)
    return buffer.getvalue()


def _is_count(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def _is_non_negative(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value) and value >= 0


def _is_tensor_dict(value: Any) -> bool:
    return isinstance(value, dict) and all(isinstance(v, torch.Tensor) for v in value.values())


# Each field's test and its wording: a damaged state must fail here, by name, not as a TypeError mid-training.
_SCHEMA: dict[str, tuple[str, Any]] = {
    "model": ("a dict of tensors", _is_tensor_dict),
    "optimizer": ("a dict", lambda v: isinstance(v, dict)),
    "scheduler": ("a dict", lambda v: isinstance(v, dict)),
    "cpu_rng": ("a uint8 tensor", lambda v: isinstance(v, torch.Tensor) and v.dtype == torch.uint8),
    "aug_rng": ("a uint8 tensor", lambda v: isinstance(v, torch.Tensor) and v.dtype == torch.uint8),
    "epoch": ("a whole number ≥ 0", _is_count),
    "step": ("a whole number ≥ 0", _is_count),
    "best": ("a number in [0, 1]", lambda v: _is_non_negative(v) and v <= 1),
    "elapsed": ("a number ≥ 0", _is_non_negative),
    "train_seconds": ("a number ≥ 0", _is_non_negative),
    "config": ("a dict", lambda v: isinstance(v, dict)),
    # rows of the metrics CSV: a field it has no column for stopped --resume in csv's words, no file named
    "history": (
        "a list of the metrics CSV's rows",
        lambda v: isinstance(v, list) and all(isinstance(r, dict) and set(r) <= set(COLUMNS) for r in v),
    ),
}


# What marks a training state as ours, of any version and even damaged (a missing field is then reported by
# load_state, not taken for someone else's file): the model, optimiser, schedule, generators and recipe.
_MARKS = frozenset({"model", "optimizer", "scheduler", "cpu_rng", "aug_rng", "config"})


def is_training_state(path: Path) -> bool:
    """True for a file of :func:`state_bytes` (of any version): a torch archive holding a dict with our fields.

    Being a zip file is not enough: every ``torch.save`` file is one (someone's own ``model.state.pt``), and so are
    a ``.docx`` or a ``.jar``. Read with ``weights_only=True`` (no code runs) and memory-mapped (no tensor is read).
    """
    if not zipfile.is_zipfile(path):
        return False
    try:
        data = torch.load(path, map_location="cpu", weights_only=True, mmap=True)
    except Exception:  # not a torch archive, or one holding more than plain data: not ours either way
        return False
    return isinstance(data, dict) and _MARKS.issubset(data)


def load_state(path: Path) -> TrainingState:
    if not path.is_file():
        raise FileNotFoundError(f"--resume: no training state at {path}; train once with the same --out first")
    if not zipfile.is_zipfile(path):  # torch's word for it is a paragraph about miniz
        raise ValueError(
            f"--resume: {path} is cut short or damaged (not a whole training state), so the run cannot go on from "
            "it; start the run anew without --resume (--force writes over it)"
        )
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
    except Exception as err:  # a damaged or foreign file: say which, never guess
        raise ValueError(f"--resume: {path} is not a readable training state ({err})") from err
    if not isinstance(data, dict) or set(data) != set(_SCHEMA):
        raise ValueError(f"--resume: {path} is not a training state of this version (fields differ)")
    for name, (wanted, valid) in _SCHEMA.items():
        if not valid(data[name]):
            raise ValueError(f"--resume: {path} is damaged: {name} must be {wanted}")
    if (odd := _first_not_finite(data)) is not None:
        raise ValueError(f"--resume: {path} is damaged: {odd} holds NaN or infinite values")
    return TrainingState(**data)


def _first_not_finite(data: dict[str, Any]) -> str | None:
    """The first weight or Adam moment of a state holding NaN or ±inf, in words. ``save_epoch`` writes none, so one
    is damage (a bit flipped on disk): resuming from it said "loss became nan at step 5; try a lower --lr"."""
    moments = data["optimizer"].get("state")
    named = [(f"weight {name}", tensor) for name, tensor in data["model"].items()]
    if isinstance(moments, dict):
        named += [
            (f"Adam's {kind} of parameter {index}", value)
            for index, kinds in moments.items()
            if isinstance(kinds, dict)
            for kind, value in kinds.items()
            if isinstance(value, torch.Tensor)
        ]
    return next((name for name, tensor in named if not torch.isfinite(tensor).all()), None)
