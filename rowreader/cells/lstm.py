"""The LSTM cell (torch's ``nn.LSTM``, gate order i, f, g, o) with forget-gate bias, and its fused NumPy step.

Each row, from the row's input ``x`` and the state ``h, c`` after the row before, every gate is one affine map of
``[x, h, 1]``: ``i, f, o = σ(·)`` (input, forget, output), ``g = tanh(·)`` (the candidate memory); then
``c' = f ⊙ c + i ⊙ g`` and ``h' = o ⊙ tanh(c')``. The last layer's ``h'`` is what the output layer reads as the
belief after this row.

The NumPy step does one matrix product per layer over ``[input, h, 1]`` (the bias is the last weight row). Gates
are reordered to i, f, o, g so the three sigmoid gates are contiguous, and their rows are pre-scaled by ½ so one
``tanh`` over all four gates gives every sigmoid as ``σ(z) = ½·tanh(z/2) + ½``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rowreader.cells import Cell, Kernel, scratch_columns
from rowreader.later import later

if TYPE_CHECKING:
    from torch import nn
else:  # reading imports no torch: it is imported when a type hint is read (typing.get_type_hints)
    nn = later("torch.nn", "LSTM", "Module")


class LstmCell(Cell):
    name = "lstm"
    gates = 4
    has_memory = True

    def torch_module(self, config: Any) -> nn.Module:
        from torch import nn

        module = nn.LSTM(config.input_size, config.hidden_size, num_layers=config.layers, batch_first=True)
        self.reset(module, config)
        return module

    def reset(self, module: nn.Module, config: Any) -> None:
        """Set the forget gate's bias so that fresh cells remember by default (gate order is i, f, g, o)."""
        import torch

        h = config.hidden_size
        with torch.no_grad():
            for layer in range(config.layers):
                getattr(module, f"bias_ih_l{layer}")[h : 2 * h].fill_(config.forget_bias)
                getattr(module, f"bias_hh_l{layer}")[h : 2 * h].zero_()

    def fold(self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
        hs = w_hh.shape[1]
        order = np.r_[0 : 2 * hs, 3 * hs : 4 * hs, 2 * hs : 3 * hs]  # i, f, g, o → i, f, o, g
        fused = np.concatenate([w_ih, w_hh, (b_ih + b_hh)[:, None]], axis=1)[order]
        fused[: 3 * hs] *= 0.5  # in place, in the weights' own type: no third copy, none in float64
        return fused.T

    def kernel(self, hidden: int, batch: int | None) -> Kernel:
        one, hs = batch is None, hidden
        gates = np.zeros((batch or 1, 4 * hs), np.float32)
        whole, sig = scratch_columns(gates, 0, 4 * hs, one), scratch_columns(gates, 0, 3 * hs, one)
        i, f = scratch_columns(gates, 0, hs, one), scratch_columns(gates, hs, 2 * hs, one)
        o, g = scratch_columns(gates, 2 * hs, 3 * hs, one), scratch_columns(gates, 3 * hs, 4 * hs, one)
        tmp = scratch_columns(np.zeros((batch or 1, hs), np.float32), 0, hs, one)
        dot, mul, add, tanh = np.dot, np.multiply, np.add, np.tanh

        def step(w, operand, h_prev, c_prev, h_out, c_out) -> None:  # positional out= arguments only: the hot path
            dot(operand, w, whole)
            tanh(whole, whole)
            mul(sig, 0.5, sig)  # σ(z) = ½·tanh(z/2) + ½; the ½ inside was folded into the weights
            add(sig, 0.5, sig)
            mul(f, c_prev, c_out)
            mul(i, g, tmp)
            add(c_out, tmp, c_out)
            tanh(c_out, tmp)
            mul(o, tmp, h_out)

        return step


CELL = LstmCell()
