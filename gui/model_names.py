"""One name for a model wherever the window shows it: the Models menu, the status bar, the belief chart."""

from __future__ import annotations

import errno
import os
from pathlib import Path

from rowreader.checkpoint import CHECKPOINT_SUFFIX, pretrained_path
from rowreader.model import ReaderConfig
from rowreader.readable import readable

SHIPPED = "Shipped model"


def model_name(path: Path | None, *, suffix: bool = False, in_text: bool = False) -> str:
    """The shipped checkpoint is "Shipped model" (it was "rowreader" in the chart and "Comparing with"), any other
    its file name, without ``.safetensors`` unless ``suffix``, as :func:`readable` shows it (a name that is not UTF-8,
    ``mod\udce8le.safetensors``, was "modle.safetensors" once Qt's string had dropped its byte). ``in_text``: named
    inside a sentence, "the shipped model" (it said "Now reading with Shipped model", the menu's entry). A file of the
    user's named as the shipped model is (:func:`_reads_as_shipped`) keeps its whole name, never taken for it."""
    if path is None:
        return "unsaved model"
    if same_file(path, pretrained_path()):
        return "the shipped model" if in_text else SHIPPED
    stem = path.name.removesuffix(CHECKPOINT_SUFFIX)
    if not _reads_as_shipped(stem):
        return readable(path.name if suffix else stem)
    # a user's "Shipped model.safetensors" was "Shipped model" in the chart's legend beside the shipped one: shown
    # by its whole file name, quoted where that is all of it ("Shipped model", no suffix)
    return readable(path.name) if path.name != stem else f"“{readable(stem)}”"


def _reads_as_shipped(stem: str) -> bool:
    """Whether a file's name, less its suffix, could be taken for the shipped model's ("Shipped model", "shipped",
    "the  SHIPPED model"): letters alone, in any case and spacing."""
    letters = "".join(c for c in stem.casefold() if c.isalnum())
    return letters.removeprefix("the") in ("shipped", "shippedmodel")


def network_words(config: ReaderConfig) -> str:
    """The network as the window names it: "LSTM 256", or "GRU 2×64" where it stacks layers (layers first, as
    ``ReaderConfig.shape`` and the About box write it). The status bar said "GRU 64" of two layers of 64 units, the
    maps beside it 128 units wide, and a model file replaced by one of another depth was "another model" unnamed."""
    layers = f"{config.layers}×" if config.layers > 1 else ""
    return f"{config.cell.upper()} {layers}{config.hidden_size}"


def same_file(path: Path | None, other: Path | None) -> bool:
    """Whether the two name one model file: the same name, a link to it, or another hard link of it (a file that
    is gone is told by its name alone). The window compared by resolved name: the shipped model's hard link,
    named "Shipped model" here, was compared with the shipped model itself ("Shipped model · vs Shipped model
    (dashed)"), its dashed lines hidden under the solid ones. Never raises: ``Path.exists`` raised for a model on
    a mount gone stale (EIO) or in a folder closed since (EACCES), and the status bar, asked for the name at
    every pen movement, failed each time; a name holding NUL (a taught model's metadata names its base by any text)
    raised ValueError from ``Path.resolve``, and Help ▸ About never opened."""
    if path is None or other is None:
        return False
    if path == other:
        return True
    try:
        return os.path.samefile(path, other)
    except OSError as err:
        # too long for the system to look at (4 kB): no file, and resolving a taught model's base named by 3.8 MB of
        # folders (its metadata is anyone's) went through them one by one, Help ▸ About held for good
        if err.errno == errno.ENAMETOOLONG:
            return False
    except ValueError:
        pass
    try:
        return path.resolve() == other.resolve()
    except (OSError, RuntimeError, ValueError):  # a loop of links; "embedded null byte"
        return False
