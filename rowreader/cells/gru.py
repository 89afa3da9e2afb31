"""The GRU cell (torch's ``nn.GRU``, gate order r, z, n) and its fused NumPy step.

``n = tanh(W_in·x + b_in + r ⊙ (W_hn·h + b_hn))`` keeps its input and hidden parts apart, so the one matrix
product per layer over ``[input, h, 1]`` yields four blocks: r and z (rows pre-scaled by ½, so one ``tanh`` gives
both sigmoids as ``½·tanh(z/2) + ½``), the input part of n, and the hidden part of n. A GRU carries no cell state
beside h (its memory has width 0) and has no forget gate, so ``ReaderConfig.forget_bias`` does not apply.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np

from rowreader.cells import Cell, Kernel, scratch_columns
from rowreader.later import later

if TYPE_CHECKING:
    from torch import nn
else:  # reading imports no torch: it is imported when a type hint is read (typing.get_type_hints)
    nn = later("torch.nn", "GRU", "Module")


class GruCell(Cell):
    name = "gru"
    gates = 3
    has_memory = False

    def torch_module(self, config: Any) -> nn.Module:
        from torch import nn

        return nn.GRU(config.input_size, config.hidden_size, num_layers=config.layers, batch_first=True)

    def fold(self, w_ih: np.ndarray, w_hh: np.ndarray, b_ih: np.ndarray, b_hh: np.ndarray) -> np.ndarray:
        hs, inputs = w_hh.shape[1], w_ih.shape[1]
        rz, n = slice(0, 2 * hs), slice(2 * hs, 3 * hs)
        fused = np.zeros((4 * hs, inputs + hs + 1), np.result_type(w_ih, w_hh, b_ih, b_hh))
        fused[: 2 * hs] = 0.5 * np.concatenate([w_ih[rz], w_hh[rz], (b_ih[rz] + b_hh[rz])[:, None]], axis=1)
        fused[2 * hs : 3 * hs, :inputs], fused[2 * hs : 3 * hs, -1] = w_ih[n], b_ih[n]  # n's input part
        fused[3 * hs :, inputs:-1], fused[3 * hs :, -1] = w_hh[n], b_hh[n]  # n's hidden part, before r ⊙
        return fused.T

    def kernel(self, hidden: int, batch: int | None) -> Kernel:
        one, hs = batch is None, hidden
        blocks = np.zeros((batch or 1, 4 * hs), np.float32)
        whole, rz = scratch_columns(blocks, 0, 4 * hs, one), scratch_columns(blocks, 0, 2 * hs, one)
        r, z = scratch_columns(blocks, 0, hs, one), scratch_columns(blocks, hs, 2 * hs, one)
        n_x, n_h = scratch_columns(blocks, 2 * hs, 3 * hs, one), scratch_columns(blocks, 3 * hs, 4 * hs, one)
        dot, mul, add, sub, tanh = np.dot, np.multiply, np.add, np.subtract, np.tanh

        def step(w, operand, h_prev, _c_prev, h_out, _c_out) -> None:  # positional out= arguments only
            dot(operand, w, whole)
            tanh(rz, rz)
            mul(rz, 0.5, rz)  # σ(z) = ½·tanh(z/2) + ½; the ½ inside was folded into the weights
            add(rz, 0.5, rz)
            mul(r, n_h, n_h)
            add(n_h, n_x, n_h)
            tanh(n_h, n_h)  # n
            sub(h_prev, n_h, h_out)  # h' = n + z ⊙ (h − n) = (1 − z) ⊙ n + z ⊙ h
            mul(z, h_out, h_out)
            add(h_out, n_h, h_out)

        return step


CELL = GruCell()
