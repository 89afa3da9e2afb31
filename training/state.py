"""The training state saved after every epoch beside the checkpoint, so ``--resume`` can continue exactly.

It holds only tensors, numbers, strings and lists (loaded with ``weights_only=True``: no code runs on load)
and is written atomically, like the checkpoint itself.
"""

from __future__ import annotations

import io
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import torch

from rowreader.atomic import atomic_write_bytes


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


def save_state(path: Path, state: TrainingState) -> None:
    buffer = io.BytesIO()
    data = asdict(state)
    data["model"] = {k: v.detach().cpu() for k, v in state.model.items()}
    data["cpu_rng"], data["aug_rng"] = state.cpu_rng.cpu(), state.aug_rng.cpu()
    torch.save(data, buffer)
    atomic_write_bytes(path, buffer.getvalue())


def load_state(path: Path) -> TrainingState:
    if not path.is_file():
        raise FileNotFoundError(f"--resume: no training state at {path}; train once with the same --out first")
    try:
        data = torch.load(path, map_location="cpu", weights_only=True)
        return TrainingState(**data)
    except Exception as err:  # a damaged or foreign file: say which, never guess
        raise ValueError(f"--resume: {path} is not a readable training state ({err})") from err
