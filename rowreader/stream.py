"""Streaming inference: feed a digit one row at a time and get the reader's belief after each row.

This is the GUI's hot path, so it runs in NumPy (float32) on weights folded once when the stream is made:

* the input Linear (and the pixel normalisation) is folded into the first LSTM layer's input weights — exact,
  since both are affine;
* the four gates come from one matrix product over ``[input, h]``;
* the i/f/o gate rows are pre-scaled by ½ so that one ``tanh`` over all gates gives every sigmoid as
  ``σ(z) = ½·tanh(z/2) + ½``;
* every row's (h, c) is written straight into a preallocated history, which makes ``rewind(k)`` free.

The result matches ``RowReader.forward`` to float32 rounding (tested to 1e-5).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import torch

from rowreader.model import CLASSES, COLUMNS, ROWS

if TYPE_CHECKING:
    from rowreader.model import RowReader


@dataclass(frozen=True)
class RowPrediction:
    """The belief of one stream after reading row ``row`` (0-based; ``rows_read = row + 1``)."""

    row: int
    probs: np.ndarray  # [10] class probabilities
    hidden: np.ndarray  # [layers, hidden_size] LSTM hidden state after this row
    cell: np.ndarray  # [layers, hidden_size] LSTM cell state after this row

    @property
    def rows_read(self) -> int:
        return self.row + 1

    @property
    def top(self) -> int:
        return int(np.argmax(self.probs))

    @property
    def probability(self) -> float:
        return float(self.probs[self.top])


@dataclass(frozen=True)
class BatchRowPrediction:
    """The beliefs of B lock-step streams after reading row ``row``; arrays carry a leading batch axis."""

    row: int
    probs: np.ndarray  # [B, 10]
    hidden: np.ndarray  # [B, layers, hidden_size]
    cell: np.ndarray  # [B, layers, hidden_size]

    @property
    def top(self) -> np.ndarray:
        return self.probs.argmax(axis=1)

    @property
    def probability(self) -> np.ndarray:
        return self.probs.max(axis=1)


class _FoldedWeights:
    """The reader's weights rearranged for one fused matmul per layer (see module docstring)."""

    def __init__(self, reader: RowReader) -> None:
        cfg = reader.config
        hs = cfg.hidden_size
        # i, f, g, o (PyTorch's order) → i, f, o, g, so the three sigmoid gates are contiguous.
        order = np.r_[0 : 2 * hs, 3 * hs : 4 * hs, 2 * hs : 3 * hs]
        scale = np.ones(4 * hs)
        scale[: 3 * hs] = 0.5
        with torch.no_grad():
            p = {k: v.detach().to("cpu", torch.float64).numpy() for k, v in reader.state_dict().items()}
        w_in, b_in = p["input.weight"], p["input.bias"]
        # x' = (x - mean) / std, so input(x') = (W/std) x + (b - W·1·mean/std)
        w_in_folded = w_in / cfg.pixel_std
        b_in_folded = b_in - w_in.sum(axis=1) * cfg.pixel_mean / cfg.pixel_std
        self.weights: list[np.ndarray] = []  # per layer: [inputs + hidden, 4·hidden], transposed for x @ W
        self.biases: list[np.ndarray] = []
        for layer in range(cfg.layers):
            w_ih, w_hh = p[f"lstm.weight_ih_l{layer}"], p[f"lstm.weight_hh_l{layer}"]
            bias = p[f"lstm.bias_ih_l{layer}"] + p[f"lstm.bias_hh_l{layer}"]
            if layer == 0:
                bias = bias + w_ih @ b_in_folded
                w_ih = w_ih @ w_in_folded
            fused = np.concatenate([w_ih, w_hh], axis=1)[order] * scale[:, None]
            self.weights.append(np.ascontiguousarray(fused.T, dtype=np.float32))
            self.biases.append((bias[order] * scale).astype(np.float32))
        self.out_weight = np.ascontiguousarray(p["output.weight"].T, dtype=np.float32)
        self.out_bias = p["output.bias"].astype(np.float32)


class RowStream:
    """A stateful reader: ``feed`` one row at a time, ``rewind`` to any earlier row, ``reset`` to start again.

    ``batch=None`` is one stream (rows are ``[28]``, predictions are :class:`RowPrediction`); ``batch=B``
    reads B images in lock-step (rows are ``[B, 28]``, predictions are :class:`BatchRowPrediction`).
    """

    def __init__(self, reader: RowReader, batch: int | None = None) -> None:
        if batch is not None and (not isinstance(batch, int) or batch < 1):
            raise ValueError(f"batch must be a positive integer or None, got {batch!r}")
        self.config = reader.config
        self.batch = batch
        self._w = _FoldedWeights(reader)
        b, layers, hs = batch or 1, self.config.layers, self.config.hidden_size
        # Slot t of the state history holds the state after t rows (slot 0 = the zero initial state).
        self._h = np.zeros((ROWS + 1, layers, b, hs), np.float32)
        self._c = np.zeros((ROWS + 1, layers, b, hs), np.float32)
        self._probs = np.zeros((ROWS, b, CLASSES), np.float32)
        # Scratch buffers reused by every step.
        self._xh = [np.zeros((b, w.shape[0]), np.float32) for w in self._w.weights]
        self._gates = np.zeros((b, 4 * hs), np.float32)
        self._tmp = np.zeros((b, hs), np.float32)
        self._logits = np.zeros((b, CLASSES), np.float32)
        self._position = 0

    @property
    def rows_read(self) -> int:
        """How many rows the current state has taken in (0 … 28)."""
        return self._position

    def reset(self) -> None:
        """Forget everything: the next row fed is row 0."""
        self._position = 0

    def rewind(self, rows: int) -> None:
        """Return to the state after ``rows`` rows (0 = the start) without recomputing anything."""
        if not 0 <= rows <= self._position:
            raise ValueError(f"can rewind to 0…{self._position} rows, not {rows}")
        self._position = rows

    def feed(self, row: np.ndarray) -> RowPrediction | BatchRowPrediction:
        """Read the next pixel row (values in [0, 1], ink = 1) and return the belief after it."""
        t = self._position
        if t >= ROWS:
            raise RuntimeError(f"all {ROWS} rows have been read; reset() or rewind() first")
        x = np.asarray(row, dtype=np.float32)
        expected = (COLUMNS,) if self.batch is None else (self.batch, COLUMNS)
        if x.shape != expected:
            raise ValueError(f"expected a row of shape {expected}, got {x.shape}")
        self._step(x, t)
        self._position = t + 1
        return self._prediction(t)

    def feed_image(self, image: np.ndarray) -> list[RowPrediction] | list[BatchRowPrediction]:
        """Reset and read all 28 rows of ``image`` (``[28, 28]``, or ``[B, 28, 28]`` for a batched stream)."""
        image = np.asarray(image, dtype=np.float32)
        self.reset()
        return [self.feed(image[..., r, :]) for r in range(ROWS)]

    def _step(self, x: np.ndarray, t: int) -> None:
        hs = self.config.hidden_size
        gates, tmp = self._gates, self._tmp
        layer_input = x
        for layer, (w, b, xh) in enumerate(zip(self._w.weights, self._w.biases, self._xh, strict=True)):
            n_in = w.shape[0] - hs
            xh[:, :n_in] = layer_input
            xh[:, n_in:] = self._h[t, layer]
            np.matmul(xh, w, out=gates)
            gates += b
            np.tanh(gates, out=gates)
            sig = gates[:, : 3 * hs]
            sig *= 0.5
            sig += 0.5
            i, f, o, g = gates[:, :hs], gates[:, hs : 2 * hs], gates[:, 2 * hs : 3 * hs], gates[:, 3 * hs :]
            c_new, h_new = self._c[t + 1, layer], self._h[t + 1, layer]
            np.multiply(f, self._c[t, layer], out=c_new)
            np.multiply(i, g, out=tmp)
            c_new += tmp
            np.tanh(c_new, out=tmp)
            np.multiply(o, tmp, out=h_new)
            layer_input = h_new
        logits = self._logits
        np.matmul(layer_input, self._w.out_weight, out=logits)
        logits += self._w.out_bias
        logits -= logits.max(axis=1, keepdims=True)
        probs = self._probs[t]
        np.exp(logits, out=probs)
        probs /= probs.sum(axis=1, keepdims=True)

    def _prediction(self, t: int) -> RowPrediction | BatchRowPrediction:
        if self.batch is None:
            return RowPrediction(t, self._probs[t, 0].copy(), self._h[t + 1, :, 0].copy(), self._c[t + 1, :, 0].copy())
        return BatchRowPrediction(
            t,
            self._probs[t].copy(),
            self._h[t + 1].transpose(1, 0, 2).copy(),
            self._c[t + 1].transpose(1, 0, 2).copy(),
        )

    @property
    def history(self) -> list[RowPrediction] | list[BatchRowPrediction]:
        """The prediction after each row read so far, oldest first."""
        return [self._prediction(t) for t in range(self._position)]

    @property
    def probabilities(self) -> np.ndarray:
        """Class probabilities after each row read so far: ``[rows_read, 10]`` (or ``[rows_read, B, 10]``)."""
        probs = self._probs[: self._position]
        return probs[:, 0].copy() if self.batch is None else probs.copy()
