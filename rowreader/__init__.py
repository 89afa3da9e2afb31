"""RowReader: recognise a digit as a stream of rows with a stateful LSTM. No Qt in here (tested)."""

from rowreader.checkpoint import (
    Checkpoint,
    CheckpointError,
    load_checkpoint,
    load_pretrained,
    save_checkpoint,
)
from rowreader.data import MnistFileError, load_mnist
from rowreader.device import resolve_device
from rowreader.model import ReaderConfig, RowReader
from rowreader.preprocess import to_mnist
from rowreader.stream import BatchRowPrediction, RowPrediction, RowStream

__version__ = "0.1.0"

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
