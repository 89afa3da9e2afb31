"""Checkpoints: weights + model config + metadata in one safetensors file.

safetensors holds only raw tensors and a JSON header, so loading a file from a stranger can never execute
code. Weights are loaded strictly into a model built from the stored config: a file of the wrong shape is
refused with the name of the first tensor that does not fit.
"""

from __future__ import annotations

import json
import math
import os
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import Any

import torch
from safetensors import SafetensorError, safe_open
from safetensors.torch import save as safetensors_save

from rowreader.atomic import atomic_write_bytes
from rowreader.model import ReaderConfig, RowReader
from rowreader.paths import regular_file
from rowreader.preprocess import PREPROCESS_VERSION

FORMAT = "rowreader-checkpoint"
FORMAT_VERSION = "1"
PRETRAINED_NAME = "rowreader.safetensors"


class CheckpointError(ValueError):
    """A file is not a RowReader checkpoint, is damaged, or does not fit the model it describes."""


@dataclass
class Checkpoint:
    """A loaded checkpoint: the ready model (in eval mode) and what was recorded about it."""

    reader: RowReader
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    @property
    def accuracy(self) -> float | None:
        """Final-row test accuracy recorded at training time, if any (checked at load: a number in [0, 1])."""
        value = self.metadata.get("test_accuracy")
        return float(value) if value is not None else None


def _is_number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _is_share(value: Any) -> bool:
    return _is_number(value) and 0.0 <= value <= 1.0


# The metadata keys this library reads or writes, each with its test. Other keys are kept as they are (a later
# version may add some); these must have the right type, because the app and the CLI display them.
METADATA_SCHEMA: dict[str, tuple[str, Any]] = {
    "test_accuracy": ("a number in [0, 1] or null", lambda v: v is None or _is_share(v)),
    "accuracy_per_row": ("a list of numbers in [0, 1]", lambda v: isinstance(v, list) and all(map(_is_share, v))),
    "epochs_trained": ("a whole number ≥ 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
    "steps": ("a whole number ≥ 0", lambda v: isinstance(v, int) and not isinstance(v, bool) and v >= 0),
    "wall_seconds": ("a number ≥ 0", lambda v: _is_number(v) and v >= 0),
    "train_seconds": ("a number ≥ 0", lambda v: _is_number(v) and v >= 0),
    "samples_per_second": ("a number ≥ 0", lambda v: _is_number(v) and v >= 0),
    "recipe": ("an object", lambda v: isinstance(v, dict)),
    **{
        key: ("a string", lambda v: isinstance(v, str))
        for key in (
            "date",
            "library_version",
            "preprocess_version",
            "device",
            "dataset",
            "dataset_sha256",
            "command",
        )
    },
}


def check_metadata(metadata: Any) -> dict[str, Any]:
    """``metadata`` if it is a JSON object whose known keys have the types in ``METADATA_SCHEMA``; else ValueError."""
    if not isinstance(metadata, dict):
        raise ValueError(f"metadata must be a JSON object, got {type(metadata).__name__}")
    for key, (wanted, valid) in METADATA_SCHEMA.items():
        if key in metadata and not valid(metadata[key]):
            raise ValueError(f"metadata {key!r} must be {wanted}, got {metadata[key]!r:.80}")
    return metadata


def check_weights_finite(reader: RowReader) -> None:
    """Raise ValueError naming the first parameter holding NaN or ±inf: such a model answers NaN for everything."""
    for name, tensor in reader.state_dict().items():
        if not torch.isfinite(tensor).all():
            raise ValueError(f"weight {name} contains NaN or infinite values: the model is unusable")


def _library_version() -> str:
    from rowreader import __version__

    return __version__


def save_checkpoint(path: str | os.PathLike[str], reader: RowReader, metadata: dict[str, Any] | None = None) -> None:
    """Write ``reader``'s weights, config and ``metadata`` (JSON-serialisable) atomically to ``path``.

    Refuses (ValueError, nothing written) weights with NaN or ±inf and metadata that breaks the schema, so every
    file this writes loads again.
    """
    check_weights_finite(reader)
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "library_version": _library_version(),
        "preprocess_version": PREPROCESS_VERSION,
        **(metadata or {}),
    }
    tensors = {k: v.detach().to("cpu").contiguous().clone() for k, v in reader.state_dict().items()}
    header = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(reader.config.to_dict()),
        "metadata": json.dumps(check_metadata(meta), allow_nan=False),
    }
    atomic_write_bytes(path, safetensors_save(tensors, metadata=header))


def load_checkpoint(path: str | os.PathLike[str], device: str | torch.device = "cpu") -> Checkpoint:
    """Load a checkpoint written by :func:`save_checkpoint` (on any device) onto ``device``."""
    path = regular_file(path, "checkpoint")
    try:
        with safe_open(str(path), framework="pt", device="cpu") as f:
            header = f.metadata() or {}
            tensors = {k: f.get_tensor(k) for k in f.keys()}  # noqa: SIM118 (safe_open is not a dict)
    except (SafetensorError, OSError, ValueError) as err:
        raise CheckpointError(f"{path}: not a readable safetensors file (truncated or foreign?): {err}") from err
    if header.get("format") != FORMAT:
        raise CheckpointError(f"{path}: not a RowReader checkpoint (no '{FORMAT}' header)")
    if header.get("format_version") != FORMAT_VERSION:
        raise CheckpointError(
            f"{path}: checkpoint format version {header.get('format_version')!r}; this library reads {FORMAT_VERSION!r}"
        )
    try:
        config = ReaderConfig.from_dict(json.loads(header["config"]))
        metadata = check_metadata(json.loads(header.get("metadata", "{}")))
    except (KeyError, ValueError, TypeError, RecursionError) as err:
        raise CheckpointError(f"{path}: damaged model config or metadata: {err}") from err

    # Shapes first, from a model on the meta device (no memory): a header that asks for a huge model is refused
    # before a single weight is allocated.
    with torch.device("meta"):
        expected = RowReader(config).state_dict()
    missing, unexpected = sorted(set(expected) - set(tensors)), sorted(set(tensors) - set(expected))
    if missing or unexpected:
        raise CheckpointError(f"{path}: tensors do not match the model: missing {missing}, unexpected {unexpected}")
    for name, tensor in tensors.items():
        if tensor.shape != expected[name].shape:
            raise CheckpointError(
                f"{path}: tensor {name} has shape {list(tensor.shape)}, "
                f"the config {config} needs {list(expected[name].shape)}"
            )
        if tensor.dtype != expected[name].dtype:
            raise CheckpointError(f"{path}: tensor {name} is {tensor.dtype}, the model needs {expected[name].dtype}")
        if not torch.isfinite(tensor).all():
            raise CheckpointError(f"{path}: tensor {name} contains NaN or infinite values")
    reader = RowReader(config)
    reader.load_state_dict(tensors, strict=True)
    reader.to(device).eval()
    return Checkpoint(reader, metadata, path)


def is_checkpoint(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a regular file whose safetensors header says it is a RowReader checkpoint.

    Reads the header only: training uses it to tell its own earlier output from a file it must not overwrite.
    """
    try:
        with safe_open(str(regular_file(path, "checkpoint")), framework="pt", device="cpu") as f:
            return (f.metadata() or {}).get("format") == FORMAT
    except (SafetensorError, OSError, ValueError):
        return False


def pretrained_path() -> Path:
    """Where the shipped checkpoint lives inside the installed package."""
    return Path(str(resources.files("rowreader") / "pretrained" / PRETRAINED_NAME))


def load_pretrained(device: str | torch.device = "cpu") -> Checkpoint:
    """Load the model shipped with the package (trained by ``python -m training.fit``, see the README)."""
    path = pretrained_path()
    if not path.exists():
        raise CheckpointError(
            f"no pretrained model is shipped in this installation (expected {path}); "
            "train one with `python -m training.fit` and pass it with --checkpoint"
        )
    return load_checkpoint(path, device)
