"""One name for a model wherever the window shows it: the Models menu, the status bar, the belief chart."""

from __future__ import annotations

from pathlib import Path

from rowreader.checkpoint import pretrained_path

SHIPPED = "Shipped model"


def model_name(path: Path | None, *, suffix: bool = False) -> str:
    """The shipped checkpoint is "Shipped model" (it was "rowreader" in the chart and "Comparing with"), any other
    its file name, without ``.safetensors`` unless ``suffix``."""
    if path is None:
        return "unsaved model"
    shipped = pretrained_path()
    if path == shipped or (path.exists() and shipped.exists() and path.resolve() == shipped.resolve()):
        return SHIPPED
    return path.name if suffix else path.name.removesuffix(".safetensors")
