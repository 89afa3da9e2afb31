"""The row reader: an LSTM that reads a 28×28 digit one pixel row at a time and predicts after every row.

The default configuration is the seed tutorial's network (input Linear 28→128, one LSTM layer of 128 units
with forget-gate bias 1.0, output Linear 128→10). Larger variants only change the config.
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import TYPE_CHECKING, Any

import torch
from torch import nn

if TYPE_CHECKING:
    from rowreader.stream import RowStream

ROWS = 28
COLUMNS = 28
CLASSES = 10
# Upper bounds, checked before anything is allocated: a checkpoint header or a flag could otherwise ask for
# gigabytes (hidden 20,000 is 6.4 GB of LSTM weights). 4096 units is 16× the shipped model.
MAX_WIDTH = 4096
MAX_LAYERS = 16
# Sane ranges for the float fields. They keep the stream's folded weights (W / pixel_std) far from float32's
# limit, so the stream and ``forward`` compute the same finite numbers.
FLOAT_RANGES = {"forget_bias": (-100.0, 100.0), "pixel_mean": (-10.0, 10.0), "pixel_std": (1e-3, 1e3)}


@dataclass(frozen=True)
class ReaderConfig:
    """Shape of a row reader; stored in every checkpoint so weights are always loaded into the right model."""

    input_size: int = 128  # width of the input projection applied to each 28-pixel row
    hidden_size: int = 128  # LSTM units per layer
    layers: int = 1  # stacked LSTM layers
    forget_bias: float = 1.0  # added to the forget gate at initialisation, as TensorFlow's BasicLSTMCell did
    # Inputs are images in [0, 1]; the model centres them itself so callers never normalise by hand.
    pixel_mean: float = 0.0
    pixel_std: float = 1.0

    def __post_init__(self) -> None:
        for name, top in (("input_size", MAX_WIDTH), ("hidden_size", MAX_WIDTH), ("layers", MAX_LAYERS)):
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= top:
                raise ValueError(f"ReaderConfig.{name} must be an integer from 1 to {top}, got {value!r}")
        for name, (low, high) in FLOAT_RANGES.items():
            value = getattr(self, name)
            if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
                raise ValueError(f"ReaderConfig.{name} must be a finite number, got {value!r}")
            if not low <= value <= high:
                raise ValueError(f"ReaderConfig.{name} must lie in [{low:g}, {high:g}], got {value!r}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReaderConfig:
        """Build from a checkpoint's config, refusing keys this version does not know."""
        if not isinstance(data, dict):
            raise TypeError(f"a ReaderConfig is a JSON object, got {type(data).__name__}")
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown ReaderConfig fields: {sorted(unknown)}")
        return cls(**data)


class RowReader(nn.Module):
    """Input projection → stacked LSTM → class logits, applied after every row.

    ``forward`` processes whole images (training, evaluation); ``stream()`` returns a stateful reader that
    takes one row at a time (the GUI's hot path). Both compute the same function.
    """

    def __init__(self, config: ReaderConfig | None = None) -> None:
        super().__init__()
        self.config = config or ReaderConfig()
        c = self.config
        self.input = nn.Linear(COLUMNS, c.input_size)
        self.lstm = nn.LSTM(c.input_size, c.hidden_size, num_layers=c.layers, batch_first=True)
        self.output = nn.Linear(c.hidden_size, CLASSES)
        self.reset_forget_bias()

    def reset_forget_bias(self) -> None:
        """Set the forget gate's bias so that fresh cells remember by default (gate order is i, f, g, o)."""
        h = self.config.hidden_size
        with torch.no_grad():
            for layer in range(self.config.layers):
                getattr(self.lstm, f"bias_ih_l{layer}")[h : 2 * h].fill_(self.config.forget_bias)
                getattr(self.lstm, f"bias_hh_l{layer}")[h : 2 * h].zero_()

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Map images ``[B, 28, 28]`` in [0, 1] (ink = 1) to logits ``[B, 28, 10]``: one prediction per row."""
        if images.dim() != 3 or images.shape[1:] != (ROWS, COLUMNS):
            raise ValueError(f"expected images of shape [B, {ROWS}, {COLUMNS}], got {list(images.shape)}")
        x = (images - self.config.pixel_mean) / self.config.pixel_std
        hidden, _ = self.lstm(self.input(x))
        return self.output(hidden)

    def stream(self, batch: int | None = None) -> RowStream:
        """A stateful reader fed one row at a time; ``batch=B`` reads B independent images in lock-step.

        The stream copies the current weights, so train first, then stream.
        """
        from rowreader.stream import RowStream

        return RowStream(self, batch=batch)

    @property
    def device(self) -> torch.device:
        return self.output.weight.device
