"""RowReader: recognise a digit as a stream of rows with a stateful LSTM or GRU. No Qt in here (tested).

Reading digits (checkpoints, the row stream, ``to_mnist``) needs only NumPy; ``RowReader`` (the torch module)
and ``resolve_device`` import torch when first used, so an app that only reads starts without it (tested).
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from rowreader.checkpoint import (
    Checkpoint,
    CheckpointError,
    load_checkpoint,
    load_pretrained,
    save_checkpoint,
)
from rowreader.data import MnistFileError, load_mnist
from rowreader.model import ReaderConfig
from rowreader.preprocess import to_mnist
from rowreader.stream import BatchRowPrediction, RowPrediction, RowStream

if TYPE_CHECKING:
    from rowreader.device import resolve_device
    from rowreader.network import RowReader

__version__ = "0.1.0"

_NEEDS_TORCH = {"RowReader": "rowreader.network", "resolve_device": "rowreader.device"}


def __getattr__(name: str) -> Any:
    """``rowreader.RowReader`` and ``rowreader.resolve_device`` import torch only when someone asks for them."""
    if name in _NEEDS_TORCH:
        return getattr(importlib.import_module(_NEEDS_TORCH[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


__all__ = [
    "BatchRowPrediction",
    "Checkpoint",
    "CheckpointError",
    "MnistFileError",
    "ReaderConfig",
    "RowPrediction",
    "RowReader",
    "RowStream",
    "__version__",
    "load_checkpoint",
    "load_mnist",
    "load_pretrained",
    "resolve_device",
    "save_checkpoint",
    "to_mnist",
]
