"""One name for a model wherever the window shows it: the Models menu, the status bar, the belief chart."""

from __future__ import annotations

import os
from pathlib import Path

from rowreader.checkpoint import pretrained_path

SHIPPED = "Shipped model"


def model_name(path: Path | None, *, suffix: bool = False) -> str:
    """The shipped checkpoint is "Shipped model" (it was "rowreader" in the chart and "Comparing with"), any other
    its file name, without ``.safetensors`` unless ``suffix``."""
    if path is None:
        return "unsaved model"
    shipped = pretrained_path()
    if path == shipped or _same_file(path, shipped):
        return SHIPPED
    return path.name if suffix else path.name.removesuffix(".safetensors")


def _same_file(path: Path, other: Path) -> bool:
    """Whether the two name one file (a link to the shipped model is it). Never raises: ``Path.exists`` raised for
    a model on a mount gone stale (EIO) or in a folder closed since (EACCES), and the status bar, asked for the
    name at every pen movement, failed each time."""
    try:
        return os.path.samefile(path, other)
    except (OSError, ValueError):
        return False
