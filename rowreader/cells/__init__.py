"""Recurrent cells. Each module here is one cell, whole: its torch module, its initialisation, its NumPy step (the
model's third part: ``rowreader/model.py`` says what each file holds).

A cell is chosen by ``ReaderConfig.cell`` (the module's name). The torch side (``torch_module``,
``initialise``) imports torch only when called, so the reading path (``fold`` and ``kernel``, pure NumPy) stays
torch-free. Adding a cell is adding one file that defines ``CELL``; it is found by its module name.
"""

from __future__ import annotations

import importlib
import pkgutil
from abc import ABC, abstractmethod
from collections.abc import Callable
from functools import cache
from typing import TYPE_CHECKING, Any

import numpy as np

from rowreader.later import later

if TYPE_CHECKING:
    import torch
    from torch import nn
else:  # reading imports no torch: it is imported when a type hint is read (typing.get_type_hints)
    torch, nn = later("torch", "Generator", "no_grad", "rand"), later("torch.nn", "Module")

# One layer's step: (fused weights, operand [input, h_prev, 1], h_prev, memory_prev, h_out, memory_out) → None.
Kernel = Callable[[np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray, np.ndarray], None]


class Cell(ABC):
    """A recurrent cell in both runtimes. Its tensors keep torch's ``nn.LSTM``/``nn.GRU`` names per layer."""

    name: str  # the module name, stored in checkpoints as ``ReaderConfig.cell``
    gates: int  # blocks of ``hidden`` rows in each weight matrix (torch's layout)
    has_memory: bool  # whether a cell state c is carried beside h (the LSTM's); without, memory has width 0

    def weight_shapes(self, input_size: int, hidden: int, layers: int) -> dict[str, tuple[int, ...]]:
        """The module's tensors (``weight_ih_l0`` …) and their shapes, as torch's recurrent modules name them."""
        shapes: dict[str, tuple[int, ...]] = {}
        for layer in range(layers):
            width = input_size if layer == 0 else hidden
            shapes[f"weight_ih_l{layer}"] = (self.gates * hidden, width)
            shapes[f"weight_hh_l{layer}"] = (self.gates * hidden, hidden)
            shapes[f"bias_ih_l{layer}"] = (self.gates * hidden,)
            shapes[f"bias_hh_l{layer}"] = (self.gates * hidden,)
        return shapes

    def memory_size(self, hidden: int) -> int:
        return hidden if self.has_memory else 0

    # ---- torch: training -------------------------------------------------------------------------------

    @abstractmethod
    def torch_module(self, config: Any) -> nn.Module:
        """A batch-first module mapping ``[B, T, input]`` to ``([B, T, hidden], state)``, freshly initialised."""

    def initialise(self, module: nn.Module, config: Any, generator: torch.Generator) -> None:
        """Redraw every weight from ``generator`` (:func:`draw_uniform`), then ``reset``."""
        draw_uniform(module, config.hidden_size, generator)
        self.reset(module, config)

    def reset(self, module: nn.Module, config: Any) -> None:  # noqa: B027 (optional hook)
        """Adjust a freshly drawn module (e.g. the LSTM's forget bias); nothing by default."""

    # ---- NumPy: reading ----------------------------------------------------------------------------------

    @abstractmethod
    def fold(self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
        """One layer's weights as one matrix ``[inputs + hidden + 1, columns]`` for ``[input, h, 1] @ W``, in their
        own float type (float32, the first layer's float64), the arrays given left unwritten."""

    @abstractmethod
    def kernel(self, hidden: int, batch: int | None) -> Kernel:
        """A step function with its scratch buffers; ``batch=None`` works on 1-D vectors (NumPy's fastest path)."""


def draw_uniform(module: nn.Module, hidden: int, generator: torch.Generator) -> None:
    """Redraw ``module``'s parameters from ``generator``, in its parameter order, so a seed means the same weights
    on every machine: matrices uniform in ±1/√fan_in, as torch's ``nn.Linear`` draws its weight, vectors in
    ±1/√hidden. Torch draws otherwise: ``nn.Linear``'s bias in ±1/√fan_in, and every tensor of ``nn.LSTM`` and
    ``nn.GRU`` in ±1/√hidden; kept so that a seed gives the weights it always gave."""
    import torch

    with torch.no_grad():
        for p in module.parameters():
            bound = 1 / (p.shape[-1] ** 0.5) if p.dim() > 1 else 1 / (hidden**0.5)
            p.copy_((torch.rand(p.shape, generator=generator) * 2 - 1) * bound)


def scratch_columns(scratch: np.ndarray, start: int, stop: int, one: bool) -> np.ndarray:
    """Columns ``start:stop`` of a ``[B, n]`` scratch buffer, as a vector for a single stream."""
    view = scratch[:, start:stop]
    return view[0] if one else view


@cache
def cell_names() -> tuple[str, ...]:
    """Every cell this installation has: the modules of this package (private ones excluded)."""
    return tuple(sorted(m.name for m in pkgutil.iter_modules(__path__) if not m.name.startswith("_")))


@cache
def get_cell(name: str) -> Cell:
    if name not in cell_names():
        raise ValueError(f"unknown cell {name!r}; this installation has {list(cell_names())}")
    return importlib.import_module(f"{__name__}.{name}").CELL


__all__ = ["Cell", "Kernel", "cell_names", "draw_uniform", "get_cell"]
