"""RowReader: recognise a digit as a stream of rows with a stateful LSTM or GRU. No Qt in here (tested).

    model = rowreader.load_pretrained()         # the shipped model: its config and NumPy weights
    digit = rowreader.to_mnist(picture)         # any picture array → 28×28 float32, ink = 1 (None if blank)
    for p in model.stream().feed_image(digit):  # the belief after each of the 28 rows
        print(p.rows_read, p.top, p.probability)

Beside these names: ``rowreader.picture.read_picture`` (a file), ``rowreader.session.DigitSession`` (the app's
reading, without Qt), ``rowreader.evaluate.evaluate_curve`` (accuracy after every row; torch),
``rowreader.unipen.load_unipen`` and ``rowreader.pen.render_strokes`` (real pen digits, drawn as on the canvas).
docs/library.md has every call.

Reading digits (checkpoints, the row stream, ``to_mnist``) needs only NumPy; ``RowReader`` (the torch module)
and ``resolve_device`` import torch when first used, so an app that only reads starts without it (tested).
``from rowreader import *`` gives the reading names and ``resolve_device``, not ``RowReader``: ask for it by name
(``from rowreader import RowReader``), as training does; a star import of it loaded torch (tested).
The model itself is read from ``rowreader/model.py``, whose docstring maps its four files in reading order.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rowreader.checkpoint import (
        Checkpoint,
        CheckpointError,
        load_checkpoint,
        load_pretrained,
        save_checkpoint,
    )
    from rowreader.data import MnistFileError, load_mnist
    from rowreader.device import resolve_device
    from rowreader.model import ReaderConfig
    from rowreader.network import RowReader as RowReader  # re-exported, though not by a star import
    from rowreader.preprocess import to_mnist
    from rowreader.stream import BatchRowPrediction, RowPrediction, RowStream, decided_at, first_sure

__version__ = "0.1.0"

# Each name is imported when first asked for, so `import rowreader` costs nothing: `python -m rowreader` imports
# the package before anything else, and a Ctrl-C while it loaded NumPy was a traceback nothing could catch.
_HOME = {
    "BatchRowPrediction": "rowreader.stream",
    "Checkpoint": "rowreader.checkpoint",
    "CheckpointError": "rowreader.checkpoint",
    "MnistFileError": "rowreader.data",
    "ReaderConfig": "rowreader.model",
    "RowPrediction": "rowreader.stream",
    "RowReader": "rowreader.network",  # torch
    "RowStream": "rowreader.stream",
    "decided_at": "rowreader.stream",
    "first_sure": "rowreader.stream",
    "load_checkpoint": "rowreader.checkpoint",
    "load_mnist": "rowreader.data",
    "load_pretrained": "rowreader.checkpoint",
    "resolve_device": "rowreader.device",  # torch
    "save_checkpoint": "rowreader.checkpoint",
    "to_mnist": "rowreader.preprocess",
}


def __getattr__(name: str) -> Any:
    """``rowreader.load_checkpoint`` … and the submodules (``rowreader.checkpoint`` …), imported when first asked
    for; ``RowReader`` and ``resolve_device`` import torch, the rest only NumPy."""
    if name in _HOME:
        return getattr(importlib.import_module(_HOME[name]), name)
    if not name.startswith("_"):
        try:
            return importlib.import_module(f"{__name__}.{name}")
        except ModuleNotFoundError as err:
            if err.name != f"{__name__}.{name}":
                raise
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    """Every name above, the lazy ones and the submodules too: ``dir(rowreader)`` listed only ``Any``, ``importlib``
    and the like, so a notebook's tab completion and ``help(rowreader)`` offered none of the library."""
    import pkgutil

    submodules = {module.name for module in pkgutil.iter_modules(__path__) if not module.name.startswith("_")}
    return sorted({*globals(), *_HOME, *submodules})


# What `from rowreader import *` gives: every name above but the torch module, RowReader, whose import is torch's
# (over a second and hundreds of MB): the star import of a notebook that only reads loaded it, where the README
# promises that reading needs no torch. resolve_device imports torch only when called.
__all__ = [
    "BatchRowPrediction",
    "Checkpoint",
    "CheckpointError",
    "MnistFileError",
    "ReaderConfig",
    "RowPrediction",
    "RowStream",
    "__version__",
    "decided_at",
    "first_sure",
    "load_checkpoint",
    "load_mnist",
    "load_pretrained",
    "resolve_device",
    "save_checkpoint",
    "to_mnist",
]
