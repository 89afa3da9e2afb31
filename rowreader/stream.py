"""Streaming inference: feed a digit one row at a time and get the reader's belief after each row.

This is the GUI's hot path, so it runs in NumPy (float32, no torch) on weights folded once when the stream is made:

* the input Linear (and the pixel normalisation) is folded into the first layer's input weights — exact, since
  both are affine;
* each layer is one matrix product over ``[input, h, 1]`` and a few in-place ufuncs, written by its cell
  (``rowreader/cells``: the gate layout and the step are the cell's business);
* biases ride in the matrix products, as a last weight row met by a constant 1 after h;
* every row's state (h, and the LSTM's c) is written straight into a preallocated history, which makes
  ``rewind(k)`` free; each layer's h history doubles as that layer's matmul operand, so h is never copied.

The result matches ``RowReader.forward`` to float32 rounding (tested to 1e-5).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import numpy as np

from rowreader.cells import get_cell
from rowreader.model import CLASSES, COLUMNS, ROWS, ReaderConfig, weights_mismatch


@dataclass(frozen=True)
class RowPrediction:
    """The belief of one stream after reading row ``row`` (0-based; ``rows_read = row + 1``)."""

    # The states are left out of the repr: printed whole, a prediction of the shipped model was 10,000 characters.
    row: int
    probs: np.ndarray  # [10] class probabilities
    hidden: np.ndarray = field(repr=False)  # [layers, hidden_size] hidden state after this row
    cell: np.ndarray = field(repr=False)  # [layers, hidden_size] LSTM cell state ([layers, 0] for cells without one)

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
    """The beliefs of B lock-step streams after reading row ``row`` (0-based; ``rows_read = row + 1``); arrays
    carry a leading batch axis."""

    row: int
    probs: np.ndarray  # [B, 10]
    hidden: np.ndarray = field(repr=False)  # [B, layers, hidden_size]
    cell: np.ndarray = field(repr=False)  # [B, layers, hidden_size] ([B, layers, 0] for cells without a cell state)

    @property
    def rows_read(self) -> int:
        return self.row + 1

    @property
    def top(self) -> np.ndarray:
        return self.probs.argmax(axis=1)

    @property
    def probability(self) -> np.ndarray:
        return self.probs.max(axis=1)


UNSURE_BELOW = 0.6  # a final top probability under this is reported as unsure, not as an answer


def decided_at(probabilities: np.ndarray, sure: float = UNSURE_BELOW) -> np.ndarray:
    """The row (1-based) from which the final answer holds at least ``sure`` of the belief through the last row.

    ``probabilities`` are beliefs after each row read, ``[rows, 10]`` or ``[rows, B, 10]``, as
    :attr:`RowStream.probabilities` gives them. Returns int64 ``[]`` or ``[B]``: 0 where the final answer holds
    under ``sure`` (unsure, so never decided). The one definition of "decided at row k": the app's chart and
    :attr:`rowreader.session.DigitSession.decided_at` use it, and a study of how early the reader decides
    can run it over 10,000 digits at once. Being on top alone is not deciding: before the first inked rows every
    digit sits near 10 %, and a drawn 7 that led there by a hair was "decided at row 4" with 10.3 %.
    """
    if isinstance(sure, bool) or not isinstance(sure, int | float | np.floating) or not 0 < sure <= 1:
        raise ValueError(f"sure must be a probability in (0, 1], not a percentage: got {sure!r}")
    probs = np.asarray(probabilities)
    if probs.ndim not in (2, 3) or probs.shape[-1] != CLASSES or len(probs) > ROWS:
        first = " (rows first: forward's batch-first [B, 28, 10] is .swapaxes(0, 1))" if probs.ndim == 3 else ""
        raise ValueError(
            f"expected probabilities [rows, {CLASSES}] or [rows, B, {CLASSES}], got {list(probs.shape)}{first}"
        )
    if len(probs) == 0:
        return np.zeros(probs.shape[1:-1], np.int64)
    final = probs[-1].argmax(axis=-1)
    held = np.take_along_axis(probs, final[None, ..., None], axis=-1)[..., 0] >= sure  # [rows, ...]
    # The run of rows that hold, counted back from the last one.
    run = np.cumprod(held[::-1], axis=0).sum(axis=0)
    return np.where(run > 0, len(probs) - run + 1, 0)


# exp() of a float32 logit stays finite and normal for |logit| ≤ 80 (e^88.7 overflows), so when the output
# layer cannot produce larger logits the softmax may skip subtracting the maximum.
_SAFE_LOGIT = 80.0


def _aligned(values: np.ndarray, alignment: int = 64) -> np.ndarray:
    """A C-contiguous float32 copy starting on a cache-line boundary.

    BLAS's matrix–vector kernels run about a quarter faster on 64-byte-aligned weights (measured here: 285 × 1024
    gemv 14.5 → 10.9 µs); NumPy itself only guarantees 16 bytes.
    """
    count = values.size
    buffer = np.empty(count + alignment // 4, np.float32)
    start = (-buffer.ctypes.data % alignment) // 4
    out = buffer[start : start + count].reshape(values.shape)
    out[...] = values
    return out


# The largest Σ|w| of one unit's weights the stream accepts. Above it a float32 dot product of inputs in any
# sane range could overflow to ±inf, and inf − inf is NaN; no trained network comes near it.
MAX_WEIGHT_SUM = 1e30
MAX_STREAM_BYTES = 2**32  # state history of one stream; a batch that needs more is refused, not attempted


def _fits_float32(values: np.ndarray, what: str) -> np.ndarray:
    """``values`` ([inputs, units]) if finite with each unit's Σ|w| ≤ ``MAX_WEIGHT_SUM``; else ValueError."""
    if not np.isfinite(values).all() or np.abs(values).sum(axis=0).max(initial=0.0) > MAX_WEIGHT_SUM:
        raise ValueError(f"the {what} weights are NaN, infinite or too large for float32: this model cannot stream")
    return values


class _FoldedWeights:
    """The reader's weights rearranged for one fused matmul per layer (see module docstring)."""

    def __init__(self, config: ReaderConfig, weights: Mapping[str, np.ndarray]) -> None:
        cell = get_cell(config.cell)
        p = {k: np.asarray(v, np.float64) for k, v in weights.items()}
        w_in, b_in = p["input.weight"], p["input.bias"]
        # x' = (x - mean) / std, so input(x') = (W/std) x + (b - W·1·mean/std)
        w_in_folded = w_in / config.pixel_std
        b_in_folded = b_in - w_in.sum(axis=1) * config.pixel_mean / config.pixel_std
        # Per layer: [inputs + hidden + 1, columns] for x @ W; the last row is the bias, which the stream
        # multiplies by a constant 1 at the end of its [input, h, 1] vector (one op fewer per row).
        self.weights: list[np.ndarray] = []
        for layer in range(config.layers):
            name = f"{cell.name}.{{}}_l{layer}"
            w_ih, w_hh = p[name.format("weight_ih")], p[name.format("weight_hh")]
            b_ih, b_hh = p[name.format("bias_ih")], p[name.format("bias_hh")]
            if layer == 0:  # the input projection is affine, so it composes into the cell's input weights
                b_ih = b_ih + w_ih @ b_in_folded
                w_ih = w_ih @ w_in_folded
            self.weights.append(_aligned(_fits_float32(cell.fold(w_ih, w_hh, b_ih, b_hh), f"layer {layer}")))
        # [hidden + 1, 10]: the last row is the bias, met by the constant 1 that follows h in the stream's buffers.
        out = np.concatenate([p["output.weight"].T, p["output.bias"][None]], axis=0)
        self.out_weight = _aligned(_fits_float32(out, "output"))
        # Both cells' h lies in (-1, 1), so no logit can exceed Σ|W| + |b| of its row.
        bound = float((np.abs(p["output.weight"]).sum(axis=1) + np.abs(p["output.bias"])).max())
        self.softmax_needs_shift = not bound <= _SAFE_LOGIT


def value_text(value: float | np.number) -> str:
    """A pixel value in a message, as ``{:g}`` writes it, except a long double beyond float64's range (1e400),
    which ``{:g}`` calls "inf" (the same pixels were "got 0…inf" here and "NaN or infinite" elsewhere)."""
    if np.isfinite(value) and abs(value) > np.finfo(np.float64).max:
        return str(value)
    return f"{value:g}"


def _out_of_range(low: float, high: float, what: str) -> str:
    """Why a row was refused. A NaN would poison the state of every later row; pixels of 0…255 (``load_mnist``'s
    uint8 digits fed as they are) were read without a word, and MNIST's test digits came out 13.5 % right."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return f"{what} must hold finite pixel values (in [0, 1]), got NaN or infinity"
    hint = "; divide 0…255 pixels (load_mnist's uint8 digits) by 255 first" if 1.0 < high <= 255.0 else ""
    return f"{what} must hold pixel values in [0, 1] (ink = 1), got {value_text(low)}…{value_text(high)}{hint}"


def _pixels(values: object, shape: tuple[int, ...], what: str) -> np.ndarray:
    """``values`` as float32 pixels of ``shape`` in [0, 1]: TypeError for what holds no real numbers, ValueError
    for any other shape or value. Complex rows lost their imaginary part with only a NumPy warning, and text failed
    as "could not convert string to float". The values are checked before they become float32: a row of 1e300
    overflowed in the cast (a RuntimeWarning) and was refused as holding "NaN or infinity"; and ragged lists
    failed in NumPy's words ("inhomogeneous shape after 1 dimensions")."""
    if values is None:  # it was "got an array of object"
        raise TypeError(f"expected {what} of shape {shape}, got None (to_mnist gives None for a picture with no ink)")
    try:
        array = np.asarray(np.ma.filled(values, 0))  # a masked pixel is paper (0), as to_mnist reads it
    except ValueError as err:
        raise ValueError(f"expected {what} of shape {shape}, got lists of different lengths") from err
    if array.dtype.kind not in "biuf":  # bool, integers, floats; not complex, text, objects, dates or durations
        raise TypeError(f"pixels must be real numbers in [0, 1], got an array of {array.dtype}")
    if array.shape != shape:
        # A single stream given a batch (or a batched one given one row or image) said only the shapes.
        if array.shape[1:] == shape:
            hint = f"; stream(batch={len(array)}) reads {len(array)} in lock-step"
        elif array.shape == shape[1:]:
            hint = f"; this stream reads a batch of {shape[0]}: stream() reads one"
        else:
            hint = ""
        raise ValueError(f"expected {what} of shape {shape}, got {array.shape}{hint}")
    low, high = array.min(), array.max()
    if not (low >= 0.0 and high <= 1.0):  # NaN fails both comparisons too
        raise ValueError(_out_of_range(low, high, what))  # "a row must hold …" was said of whole images too
    return array.astype(np.float32, copy=False)


class RowStream:
    """A stateful reader: ``feed`` one row at a time, ``rewind`` to any earlier row, ``reset`` to start again.

    ``batch=None`` is one stream (rows are ``[28]``, predictions are :class:`RowPrediction`); ``batch=B``
    reads B images in lock-step (rows are ``[B, 28]``, predictions are :class:`BatchRowPrediction`).
    """

    def __init__(self, config: ReaderConfig, weights: Mapping[str, np.ndarray], batch: int | None = None) -> None:
        if batch is not None and (isinstance(batch, bool) or not isinstance(batch, int | np.integer) or batch < 1):
            raise ValueError(f"batch must be a positive integer or None, got {batch!r}")
        batch = None if batch is None else int(batch)  # len(images) of a NumPy shape is np.int64: a whole number too
        if not isinstance(config, ReaderConfig):  # a dict was "'dict' object has no attribute 'layers'"
            hint = " (ReaderConfig.from_dict makes one of a dict)" if isinstance(config, dict) else ""
            raise TypeError(f"config must be a ReaderConfig, got {type(config).__name__}{hint}")
        if not isinstance(weights, Mapping):  # a list of arrays was "unhashable type: 'numpy.ndarray'"
            kind = type(weights).__name__
            raise TypeError(f"weights must map tensor names to arrays (as Checkpoint.weights), got {kind}")
        # The state history is (rows + 1) × batch × (input + hidden + 1) floats per layer: bound it before allocating.
        needed = 4 * (ROWS + 1) * (batch or 1) * config.layers * (config.input_size + 2 * config.hidden_size + 1)
        if needed > MAX_STREAM_BYTES:
            raise ValueError(
                f"a stream of batch {batch} for this model needs {needed / 2**30:.1f} GiB of state, more than "
                f"{MAX_STREAM_BYTES / 2**30:.0f} GiB; read the images in smaller batches"
            )
        if (mismatch := weights_mismatch(config, weights)) is not None:  # a KeyError or a broadcast error before
            raise ValueError(mismatch)
        self.config = config
        self.batch = batch
        self._w = _FoldedWeights(config, weights)
        cell = get_cell(config.cell)
        b, layers, hs = batch or 1, config.layers, config.hidden_size
        # Slot t of the state history holds the state after t rows (slot 0 = the zero initial state).
        # Each layer's h lives inside that layer's matmul operand [input, h, 1]: slot t is exactly what step t
        # multiplies by the fused weights (once its input part is filled in), so h is never copied.
        self._xh = [np.zeros((ROWS + 1, b, w.shape[0]), np.float32) for w in self._w.weights]
        for xh in self._xh:
            xh[..., -1] = 1.0
        self._c = np.zeros((ROWS + 1, layers, b, cell.memory_size(hs)), np.float32)
        self._probs = np.zeros((ROWS, b, CLASSES), np.float32)
        self._position = 0
        self._build_views()

    # What a copy or a pickle carries: the folded weights (shared by copies: nothing writes them) and the state.
    # Everything else is views into the state and the kernel's scratch, rebuilt for each copy: copy.deepcopy gave
    # a stream whose views were copies of their own, cut off from its state (its beliefs 0.97 off), copy.copy one
    # that wrote into the original's history, and pickle failed on the kernel ("Can't pickle local object").
    _STATE = ("config", "batch", "_w", "_xh", "_c", "_probs", "_position")

    def __getstate__(self) -> dict[str, object]:
        return {name: getattr(self, name) for name in self._STATE}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._build_views()

    def copy(self) -> RowStream:
        """An independent stream in this one's state: feed each its own continuation (the weights are shared)."""
        clone = RowStream.__new__(RowStream)
        state = self.__getstate__()
        clone.__setstate__(
            {**state, "_xh": [xh.copy() for xh in self._xh], "_c": self._c.copy(), "_probs": self._probs.copy()}
        )
        return clone

    def __copy__(self) -> RowStream:
        return self.copy()

    def __deepcopy__(self, memo: dict[int, object]) -> RowStream:
        return self.copy()

    def _build_views(self) -> None:
        """Slice every buffer the hot path touches once, here, so ``_step`` does no indexing or allocation; and
        the cell's kernel, with its own scratch.

        A single stream works on 1-D vectors (NumPy's cheapest path); a batched one on ``[B, ·]`` matrices.
        """
        one = self.batch is None
        hs = self.config.hidden_size
        self._kernel = get_cell(self.config.cell).kernel(hs, self.batch)
        self._row_shape = (COLUMNS,) if self.batch is None else (self.batch, COLUMNS)
        self._h = [xh[..., -1 - hs : -1] for xh in self._xh]  # per layer: [ROWS + 1, B, hs] views

        def v(a: np.ndarray) -> np.ndarray:  # [B, n] → [n] for a single stream
            return a[0] if one else a

        slots = range(ROWS + 1)
        # Per slot, per layer: the whole [input, h, 1] operand, its input part, its h part; the last layer's [h, 1].
        self._xhv = [[v(xh[t]) for xh in self._xh] for t in slots]
        self._inv = [[v(xh[t, :, : -1 - hs]) for xh in self._xh] for t in slots]
        self._hv = [[v(h[t]) for h in self._h] for t in slots]
        self._h1v = [v(self._xh[-1][t, :, -1 - hs :]) for t in slots]
        self._cv = [[v(self._c[t, layer]) for layer in range(self.config.layers)] for t in slots]
        self._pv = [v(self._probs[t]) for t in range(ROWS)]
        # What a single stream's prediction copies out: the state of every layer after each row.
        self._c_out = [self._c[t, :, 0] for t in slots]
        self._h_out = [self._h[0][t] if len(self._h) == 1 else [h[t, 0] for h in self._h] for t in slots]
        self._logits = v(np.zeros((self.batch or 1, CLASSES), np.float32))
        # Row sums as a matrix product: a scalar for one stream, [B, 1] for a batch (broadcasts in the divide).
        self._ones = np.ones(CLASSES if one else (CLASSES, 1), np.float32)

    @property
    def rows_read(self) -> int:
        """How many rows the current state has taken in (0 … 28)."""
        return self._position

    def reset(self) -> None:
        """Forget everything: the next row fed is row 0."""
        self._position = 0

    def rewind(self, rows: int) -> None:
        """Return to the state after ``rows`` rows (0 = the start) without recomputing anything."""
        if isinstance(rows, bool) or not isinstance(rows, int | np.integer):
            raise TypeError(f"rewind takes a whole number of rows, got {rows!r}")
        rows = int(rows)
        if not 0 <= rows <= self._position:
            raise ValueError(f"can rewind to 0…{self._position} rows, not {rows}")
        self._position = rows

    def feed(self, row: np.ndarray) -> RowPrediction | BatchRowPrediction:
        """Read the next pixel row (values in [0, 1], ink = 1; others are refused) and return the belief after it."""
        t = self._position
        if t >= ROWS:
            raise RuntimeError(f"all {ROWS} rows have been read; reset() or rewind() first")
        x = _pixels(row, self._row_shape, "a row")
        self._step(x, t)
        self._position = t + 1
        return self._prediction(t)

    def feed_image(self, image: np.ndarray) -> list[RowPrediction] | list[BatchRowPrediction]:
        """Reset and read all 28 rows of ``image`` (``[28, 28]``, or ``[B, 28, 28]`` for a batched stream)."""
        expected = (ROWS, COLUMNS) if self.batch is None else (self.batch, ROWS, COLUMNS)
        image = _pixels(image, expected, "an image")  # refused whole, before the state is touched
        self.reset()
        return [self.feed(image[..., r, :]) for r in range(ROWS)]

    def _step(self, x: np.ndarray, t: int) -> None:
        """One row through every layer and the softmax; prepared views and positional ``out`` arguments only."""
        step, operand, inputs = self._kernel, self._xhv[t], self._inv[t]
        h_prev, c_prev, h_next, c_next = self._hv[t], self._cv[t], self._hv[t + 1], self._cv[t + 1]
        layer_input = x
        for layer, w in enumerate(self._w.weights):
            np.copyto(inputs[layer], layer_input)
            step(w, operand[layer], h_prev[layer], c_prev[layer], h_next[layer], c_next[layer])
            layer_input = h_next[layer]
        logits, probs = self._logits, self._pv[t]
        np.dot(self._h1v[t + 1], self._w.out_weight, logits)
        if self._w.softmax_needs_shift:
            logits -= logits.max(axis=-1, keepdims=True)
        np.exp(logits, probs)
        np.divide(probs, np.dot(probs, self._ones), probs)

    def _prediction(self, t: int) -> RowPrediction | BatchRowPrediction:
        if self.batch is None:
            h = self._h_out[t + 1]  # one layer: a [1, hs] view; several: a list of [hs] views
            hidden = h.copy() if isinstance(h, np.ndarray) else np.stack(h)
            return RowPrediction(t, self._pv[t].copy(), hidden, self._c_out[t + 1].copy())
        return BatchRowPrediction(
            t,
            self._probs[t].copy(),
            np.stack([h[t + 1] for h in self._h], axis=1),
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
