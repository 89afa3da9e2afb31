"""Streaming inference: feed a digit one row at a time and get the reader's belief after each row (the model's
fourth part, ``RowReader.forward`` in NumPy: ``rowreader/model.py`` says what each file holds).

This is the GUI's hot path, so it runs in NumPy (float32, no torch) on weights folded once when the stream is made:

* the input Linear (and the pixel normalisation) is folded into the first layer's input weights — exact, since
  both are affine;
* each layer is one matrix product over ``[input, h, 1]`` and a few in-place ufuncs, written by its cell
  (``rowreader/cells``: the gate layout and the step are the cell's business);
* biases ride in the matrix products, as a last weight row met by a constant 1 after h;
* one stream writes every row's state (h, and the LSTM's c) straight into a preallocated history, which makes
  ``rewind(k)`` free; a batch steps one state in place (see :class:`RowStream`); either way each layer's h
  doubles as that layer's matmul operand, so h is never copied.

The result matches ``RowReader.forward`` to float32 rounding (tested to 1e-5): over MNIST's 10,000 test digits the
shipped model's probabilities differ from ``forward``'s by 8.2e-6 at most, and a batch's from single streams' by
3.5e-6 (one matrix product against one product per digit).
"""

from __future__ import annotations

import decimal
import functools
import math
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ParamSpec, TypeVar

import numpy as np

from rowreader.caller_values import (
    as_floats,
    channel_hint,
    flag_refused,
    float32_weights,
    host_array,
    in_unit_range,
    is_flag,
    lacked_float,
    objects_held,
    pixel_array,
    read_only,
    real_part_hint,
    unread_hint,
    value_text,
)
from rowreader.cells import get_cell
from rowreader.json_text import shown
from rowreader.model import CLASSES, COLUMNS, ROWS, ReaderConfig, a_config, is_number, is_whole, weights_mismatch

if TYPE_CHECKING:  # the hot path imports no torch
    import torch


# Compared and hashed as objects (eq=False): a dataclass's == compared the arrays as a tuple, so `a == b` and
# `prediction in history` failed as "The truth value of an array … is ambiguous", and hash() as "unhashable type".
# Compare values with np.array_equal(a.probs, b.probs).
@dataclass(frozen=True, eq=False)
class RowPrediction:
    """The belief of one stream after reading row ``row`` (0-based; ``rows_read = row + 1``)."""

    # The states are left out of the repr: printed whole, a prediction of the shipped model was 10,000 characters.
    row: int
    probs: np.ndarray  # [10] class probabilities
    hidden: np.ndarray = field(repr=False)  # [layers, hidden_size] hidden state after this row
    cell: np.ndarray = field(repr=False)  # [layers, hidden_size] LSTM cell state ([layers, 0] for cells without one)

    @property
    def rows_read(self) -> int:
        """How many rows were read when this belief was held (1 … 28)."""
        return self.row + 1

    @property
    def top(self) -> int:
        """The digit believed most (0 … 9)."""
        return int(np.argmax(self.probs))

    @property
    def probability(self) -> float:
        """How much of the belief the top digit holds (0 … 1)."""
        return float(self.probs[self.top])


@dataclass(frozen=True, eq=False)  # as RowPrediction
class BatchRowPrediction:
    """The beliefs of B lock-step streams after reading row ``row`` (0-based; ``rows_read = row + 1``); arrays
    carry a leading batch axis.

    The states (``hidden``, ``cell``; read-only) of a prediction from ``feed_image`` or ``history`` are read again
    when first asked for: 28 rows of them for 10,000 digits are 570 MB, which a study of the beliefs never needs.
    """

    row: int
    probs: np.ndarray  # [B, 10]
    _states: Callable[[int], tuple[np.ndarray, np.ndarray]] = field(repr=False, compare=False)

    @property
    def hidden(self) -> np.ndarray:
        """``[B, layers, hidden_size]``: each stream's hidden state after this row."""
        return self._states(self.row)[0]

    @property
    def cell(self) -> np.ndarray:
        """``[B, layers, hidden_size]``: each stream's cell state after this row (``[B, layers, 0]`` for a cell
        without one)."""
        return self._states(self.row)[1]

    @property
    def rows_read(self) -> int:
        """How many rows were read when these beliefs were held (1 … 28)."""
        return self.row + 1

    @property
    def top(self) -> np.ndarray:
        """``[B]``: the digit each stream believes most."""
        return self.probs.argmax(axis=1)

    @property
    def probability(self) -> np.ndarray:
        """``[B]``: how much of each stream's belief its top digit holds."""
        return self.probs.max(axis=1)


UNSURE_BELOW = 0.6  # a final top probability under this is reported as unsure, not as an answer
# A threshold ``sure`` this little over 1 is 1 and a rounding error (float32's 1.0000001 is 1 + 1.2e-7), and was
# told "not a percentage". Refused all the same, not taken as 1: sure=1 decides a digit held at 1 (a float32 softmax
# gives 1.0), one over 1 none, and which was meant cannot be told. decided_at and --sure say it alike.
ROUNDED_OVER_ONE = 1 + 1e-6
ROUNDING_HINT = "over 1 by a rounding error? no belief is over 1: give 1 for all of the belief"
# A ``sure`` from here to 100 may be a percentage (1.01: "not a percentage"); one nearer 1, past a rounding error, is
# a number over 1 and said so: 1 + 2e-6 was "not a percentage", words of a slip no one made.
LEAST_PERCENTAGE = 1.01


def percent_text(probability: float) -> str:
    """A belief written to 0.1 %, "60.0%", as the app and ``rowreader predict`` write it: rounded, but a belief under
    :data:`UNSURE_BELOW` never up to it. 0.59974 was written "60.0%" beside "unsure (under 60%)", and on the chart
    at a row left out of "decided at row k": it is "59.9%"."""
    text = f"{probability:.1%}"
    if probability < UNSURE_BELOW <= float(text[:-1]) / 100:
        return f"{(round(UNSURE_BELOW * 1000) - 1) / 10:.1f}%"
    return text


NO_VALUE = "\N{EN DASH}"  # a belief that is not a number: models that could give one are refused at open
LEAST_WRITTEN = 0.001  # the least belief written as a number (0.1 %); under it, "<0.1%", and its bar is not drawn


def belief_percent(probability: float) -> str:
    """A digit's belief as a percentage to 0.1 % (:func:`percent_text`), "<0.1%" under that: the belief chart's
    read-out wrote "0.0%" for what the bars beside it called "<0.1%". NaN (no model the app opens gives one) is no
    value, "–", not "<0.1%"."""
    if not math.isfinite(probability):
        return NO_VALUE
    return percent_text(probability) if probability >= LEAST_WRITTEN else "<0.1%"


def leaders(probabilities: Sequence[float]) -> list[int]:
    """The digits whose belief is written as the highest: more than one when they tie as written. A model with
    the same belief in every digit was shown leading with 0 (the first index), bold and outlined beside nine bars
    of the same 10.0 %, and the header said "perhaps 0"; ``rowreader predict`` said "prediction: 0 (50.0%)" of a
    50/50 tie of 0 and 1. A value that is not a number never leads."""
    written = [belief_percent(float(p)) for p in probabilities]
    valued = [digit for digit, text in enumerate(written) if text != NO_VALUE]
    if not valued:
        return []
    top = written[max(valued, key=lambda d: float(probabilities[d]))]
    return [digit for digit, text in enumerate(written) if text == top]


def answer(probabilities: Sequence[float]) -> str:
    """The leading digit and its belief, "7 (98.1%)"; a tie names every digit in it, "3 or 5 (50.0% each)", and a
    tie of all ten says so, "all ten at 10.0%": the app's header and ``rowreader predict`` in one wording."""
    tied = leaders(probabilities)
    if not tied:
        return NO_VALUE
    percent = belief_percent(float(probabilities[tied[0]]))
    if len(tied) == 1:
        return f"{tied[0]} ({percent})"
    if len(tied) == len(probabilities):
        return f"all ten at {percent}"
    return f"{', '.join(map(str, tied[:-1]))} or {tied[-1]} ({percent} each)"


def _held_in(sure: object) -> str:
    """How to give the threshold an array or tensor holds: ``.item()``, where it holds one real number (of several
    or none, ``.item()`` raises: it was advised for ``np.array([0.6, 0.9])``; of ``np.True_``, ``np.str_("0.7")`` or
    a complex one it gives what is refused again, and was advised all the same); nothing for anything else. Nor of
    durations and dates: ``np.timedelta64(1)``'s ``.item()`` is the int 1, the number :func:`is_whole` refuses to
    read a duration as, and was advised."""
    if not hasattr(sure, "item") or getattr(getattr(sure, "dtype", None), "kind", "") in ("m", "M"):
        return ""
    count = sure.numel() if hasattr(sure, "numel") else getattr(sure, "size", None)
    if count == 1:
        try:
            held = sure.item()
        except (TypeError, ValueError, RuntimeError):  # a meta tensor holds no value
            return ""
        real = is_number(held)
        return " (an array or tensor: sure.item() gives the number it holds)" if real else ""
    return f" (an array or tensor of {count} numbers: sure is one, for every row)"


def _checked_sure(sure: object) -> float:
    """``sure``, one probability in (0, 1] of any real type, as the least float64 at or above it (a float64 belief
    holds it exactly where it holds that float), or ValueError. A Decimal is compared in a context of our own: a
    caller's ``localcontext`` trapping FloatOperation or Inexact raised them from these comparisons, where a
    refusal was due, and its NaN raised InvalidOperation. ``float(sure)`` rounds to the nearest: a Decimal, a
    Fraction or a long double a hair over 0.75 was 0.75, and a belief of 0.75 was held as at least it."""
    # any real number: np.int64(1) and Fraction(3, 5) were refused as "not a percentage"; so were, in error,
    # torch.tensor(0.5) and np.array([0.6]): no number, told apart here from a percentage, 0 and NaN
    # a Decimal is one number too, though no numbers.Real: it was refused as not "one number"
    if not is_number(sure):
        raise ValueError(f"sure must be a probability in (0, 1], one number: got {shown(sure)}{_held_in(sure)}")
    with decimal.localcontext(decimal.Context(traps=[])):  # a NaN compares as float's: False
        # which words, told of the float nearest to it as written (a NumPy float's shortest text, as value_text
        # writes it): the bounds are floats, a hair over the decimals they are written as, so Decimal("1.01") and
        # Fraction(101, 100) were "over 1 by 0.01" where the float 1.01 was "not a percentage", and
        # Decimal("1.000001") "over 1 by 1e-06" where the float was a rounding error. NaN (2 and over): neither.
        band = float(str(sure) if isinstance(sure, np.floating) else sure) if 1 < sure < 2 else math.nan
        if band <= ROUNDED_OVER_ONE:
            raise ValueError(f"sure must be a probability in (0, 1]: got {shown(sure)}, {ROUNDING_HINT}")
        if band < LEAST_PERCENTAGE:  # 1 + 2e-6 was "not a percentage", which no one had called it
            raise ValueError(
                f"sure must be a probability in (0, 1]: got {shown(sure)}, over 1 by {float(sure - 1):.2g}"
            )
        if not 0 < sure <= 1:
            said = ", not a percentage" if 1 < sure < math.inf else ""  # inf is none
            raise ValueError(f"sure must be a probability in (0, 1]{said}: got {shown(sure)}")
        nearest = float(sure)  # compared exactly, each type with a float
        # its float() is one read of it, and must be the number compared: a float or Fraction subclass whose
        # __float__ gave 2.0 for 0.5 was checked as 0.5 and held as 2.0, a belief no digit reaches. (NumPy's own
        # float() is its value; its float16 compares with a Python float cast to float16, so is not asked.)
        below, above = math.nextafter(nearest, -math.inf), math.nextafter(nearest, math.inf)
        if not (isinstance(sure, np.generic) or below < sure < above):
            raise ValueError(f"sure must be a probability in (0, 1]: got {shown(sure)}, whose float() is {nearest!r}")
        return nearest if nearest >= sure else math.nextafter(nearest, math.inf)


def _rows_first(
    probabilities: np.ndarray, sure: float, batch_first: bool | None, name: str
) -> tuple[np.ndarray, float]:
    """``probabilities`` as beliefs ``[rows, ..., 10]``, rows first, and ``sure`` as a float (:func:`_checked_sure`):
    the checks of :func:`decided_at` and :func:`first_sure` (``name``, the function the caller called), made once
    for both."""
    sure = _checked_sure(sure)
    if batch_first is not None and not is_flag(batch_first):  # 1 and 0 too, as every flag: batch_first=1 was refused
        raise flag_refused("batch_first", batch_first, "True, False or None")
    if np.ma.is_masked(probabilities):  # read through the mask: beliefs masked past row 12 were decided at row 25
        raise ValueError(
            "probabilities has masked entries (beliefs never held: rows not read?): pass only the rows read, "
            "probabilities[:rows]; a digit read fewer rows than the others, on its own"
        )
    probs = np.asarray(host_array(probabilities))
    if probs.dtype == object and probs.size and all(hasattr(item, "probs") for item in probs.flat):
        raise TypeError(  # a stream's history (feed_image's list) was "expected probabilities [rows, 10] …, got [28]"
            f"{name} takes beliefs, not predictions: stream.probabilities (or a session's) holds them, "
            "or np.stack([p.probs for p in predictions])"
        )
    probs = as_floats(probs, "probabilities")  # Fractions, Decimals, as sure takes them
    given = probs.shape  # the caller's object is read once: one with __array__ may give another shape a second time
    if probs.ndim == 0:  # a generator (NumPy wraps it whole), text or one number: each was "expected … got []"
        kind = type(probabilities).__name__ + (" (one number)" if probs.dtype.kind in "biuf" else "")
        raise TypeError(f"expected probabilities [rows, {CLASSES}] (an array), got {kind}{unread_hint(probabilities)}")
    layouts = {2: f"[rows, {CLASSES}]", 3: f"[B, rows, {CLASSES}]" if batch_first else f"[rows, B, {CLASSES}]"}
    if probs.ndim == 3 and batch_first is None:
        raise TypeError(
            f"beliefs of a batch, {list(probs.shape)}, need batch_first: False for [rows, B, {CLASSES}] (a batched "
            f"stream's probabilities), True for [B, rows, {CLASSES}] (the softmax of forward)"
        )
    if probs.ndim == 2 and batch_first:
        raise ValueError(f"batch_first=True takes [B, rows, {CLASSES}]; {list(probs.shape)} is one digit's [rows, 10]")
    if probs.ndim == 3 and batch_first:
        probs = probs.swapaxes(0, 1)
    if probs.ndim not in layouts or probs.shape[-1] != CLASSES or len(probs) > ROWS:
        wanted = layouts.get(probs.ndim, f"{layouts[2]} or a batch's {layouts[3]}")
        flipped = probs.ndim == 3 and len(probs) > ROWS >= probs.shape[1]
        hint = f" (batch_first={not batch_first} reads it)" if flipped else ""
        raise ValueError(f"expected probabilities {wanted} with at most {ROWS} rows, got {list(given)}{hint}")
    return probs, sure


def decided_at(
    probabilities: np.ndarray, sure: float = UNSURE_BELOW, *, batch_first: bool | None = None
) -> int | np.ndarray:
    """The row (1-based) from which the final answer holds at least ``sure`` of the belief through the last row.

    ``probabilities`` are beliefs after each row read: ``[rows, 10]`` for one digit, and for a batch either
    ``[rows, B, 10]`` (``batch_first=False``: :attr:`RowStream.probabilities`, rows first as they were read) or
    ``[B, rows, 10]`` (``batch_first=True``: the softmax of ``RowReader.forward``). A batch must say which: a shape
    cannot, since 28 digits read 28 rows is ``[28, 28, 10]`` either way, and forward's 10 digits ``[10, 28, 10]``
    were read in silence as 10 rows of 28 digits. Returns an ``int`` (one digit's: a 0-d array was refused by
    ``rewind``, ``seek`` and ``step`` as no whole number, and an ``np.int64`` by ``json.dumps``) or int64 ``[B]``:
    0 where the final answer holds under ``sure`` (unsure, so never decided). The one definition of "decided at
    row k": the app's chart and :attr:`rowreader.session.DigitSession.decided_at` use it, and a study of how early
    the reader decides can run it over 10,000 digits at once. Being on top alone is not deciding: before the first
    inked rows every digit sits near 10 %, and a drawn 7 that led there by a hair was "decided at row 4" with
    10.3 %.
    """
    probs, sure = _rows_first(probabilities, sure, batch_first, "decided_at")
    if probs.size == 0:
        return _one_or_many(np.zeros(probs.shape[1:-1], np.int64))
    _check_beliefs(probs, lacked_float(probabilities))
    return _one_or_many(decided_rows(probs, sure))


def decided_rows(probs: np.ndarray, sure: float) -> np.ndarray:
    """:func:`decided_at` of beliefs known to be beliefs (a session's own, from its model: checked, on every row a
    drag read, they were a fifth of the chart's refresh), ``[rows, ..., 10]`` rows first and not empty."""
    final = probs[-1].argmax(axis=-1)
    # compared in float64: NumPy casts ``sure`` to the beliefs' type, so float32's 0.9, 0.89999998, held 0.9 of the
    # belief and was "decided", the same number in float64 not (the value decides, not the type holding it)
    held = np.take_along_axis(probs, final[None, ..., None], axis=-1)[..., 0].astype(np.float64) >= sure  # [rows, ...]
    # The run of rows that hold, counted back from the last one.
    run = np.cumprod(held[::-1], axis=0).sum(axis=0)
    return np.where(run > 0, len(probs) - run + 1, 0)


def first_sure(
    probabilities: np.ndarray, sure: float = UNSURE_BELOW, *, batch_first: bool | None = None
) -> tuple[int | np.ndarray, int | np.ndarray]:
    """The first row (1-based) at which the top digit holds at least ``sure`` of the belief, and that digit: where a
    reader that answers as soon as it is sure would stop, and what it would answer (0 and -1 where no row is sure).

    :func:`decided_at` looks back from the last row, so it knows the final answer; a reader that must answer early
    (the question "how early can it decide") has only the rows read so far, and an answer sure at row 9 may be
    wrong where row 28's is right. ``probabilities`` and ``batch_first`` as :func:`decided_at` takes them; returns
    two ``int`` for one digit, two int64 ``[B]`` for a batch. A tie on top is the lowest digit tied (``argmax``'s),
    and beliefs are compared with ``sure`` as the numbers they are, whatever float type holds them. A softmax's top
    digit holds at least a tenth of the belief, so ``sure`` ≤ 0.1 stops every digit at row 1.
    """
    probs, sure = _rows_first(probabilities, sure, batch_first, "first_sure")
    if probs.size == 0:
        none = np.zeros(probs.shape[1:-1], np.int64)
        return _one_or_many(none), _one_or_many(none - 1)
    _check_beliefs(probs, lacked_float(probabilities))
    held = probs.max(axis=-1).astype(np.float64) >= sure  # [rows, ...]
    first = held.argmax(axis=0)  # the first row that holds (0 where none does: told apart by ``any``)
    top = np.take_along_axis(probs.argmax(axis=-1), first[None], axis=0)[0]
    ever = held.any(axis=0)
    return _one_or_many(np.where(ever, first + 1, 0)), _one_or_many(np.where(ever, top, -1))


def _one_or_many(rows: np.ndarray) -> int | np.ndarray:
    """One digit's row as a Python ``int`` (JSON writes it, ``seek`` takes it), a batch's as its array."""
    return int(rows) if rows.ndim == 0 else rows


def _check_beliefs(probs: np.ndarray, held: torch.dtype | None) -> None:
    """Refuse what is not beliefs: forward's logits (or log-probabilities, or percentages) passed as they are were
    read as beliefs without a word, "decided" wherever a logit passed 0.6, and NaN was never decided. ``held``:
    the torch type NumPy lacks they were in, and are written as such."""
    if probs.dtype.kind not in "biuf":
        held_objects = f" holding {objects_held(probs)}" if probs.dtype == object else ""
        hint = real_part_hint(probs, "probabilities")
        raise TypeError(f"probabilities must be real numbers, got an array of {probs.dtype}{held_objects}{hint}")
    low, high = probs.min(), probs.max()
    with np.errstate(over="ignore", invalid="ignore"):  # ±1e308 overflowed, inf − inf: NumPy's warning, not ours
        sums = probs.sum(axis=-1, dtype=np.float64)
    worst = float(np.abs(sums - 1.0).max())
    # bfloat16's softmax sums to 1 ± 0.003 (three digits); logits, log-probabilities and percentages are far off
    if not (low >= 0.0 and high <= 1.0 and worst <= 0.02):  # NaN fails every comparison
        shown = f"{value_text(low, held=held)}…{value_text(high, held=held)}"
        raise ValueError(
            f"probabilities must lie in [0, 1] and sum to 1 over the {CLASSES} classes, got {shown} summing to "
            f"{sums.min():g}…{sums.max():g}; forward gives logits: softmax them first (torch.softmax(logits, -1))"
        )


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
MAX_STREAM_BYTES = 2**32  # the buffers of one stream (_stream_bytes); a batch that needs more is refused, not attempted


def _fits_float32(values: np.ndarray, what: str) -> np.ndarray:
    """``values`` ([inputs, units]) if finite with each unit's Σ|w| ≤ ``MAX_WEIGHT_SUM``; else ValueError."""
    if not np.isfinite(values).all() or np.abs(values).sum(axis=0, dtype=np.float64).max(initial=0.0) > MAX_WEIGHT_SUM:
        raise ValueError(f"the {what} weights are NaN, infinite or too large for float32: this model cannot stream")
    return values


def surely_streams(config: ReaderConfig, weights: Mapping[str, np.ndarray]) -> bool:
    """True where ``weights`` (finite, fitting ``config``) cannot fail :func:`_fits_float32` once folded, told from
    each tensor's largest magnitude alone; False says only "fold them to know". Folding a 200 MB network takes seconds
    and gigabytes; a save asks this first (every trained network passes by thirty orders of magnitude)."""
    big = {name: float(np.abs(array).max(initial=0.0)) for name, array in weights.items()}
    cell, inputs, hidden = get_cell(config.cell).name, config.input_size, config.hidden_size
    w_in = big["input.weight"] / config.pixel_std  # the folded input layer's weights, and its bias below
    b_in = big["input.bias"] + COLUMNS * big["input.weight"] * abs(config.pixel_mean) / config.pixel_std
    bound = (hidden + 1) * max(big["output.weight"], big["output.bias"])  # Σ|w| of one unit: entries × the largest
    for layer in range(config.layers):
        w_ih, w_hh = big[f"{cell}.weight_ih_l{layer}"], big[f"{cell}.weight_hh_l{layer}"]
        bias = big[f"{cell}.bias_ih_l{layer}"] + big[f"{cell}.bias_hh_l{layer}"]
        fan_in = hidden
        if layer == 0:  # the input projection composed in: w_ih @ w_in, b_ih + w_ih @ b_in
            w_ih, bias, fan_in = inputs * w_ih * w_in, bias + inputs * w_ih * b_in, COLUMNS
        bound = max(bound, (fan_in + hidden + 1) * max(w_ih, w_hh, bias))
    return bound <= MAX_WEIGHT_SUM


_CELL_TENSORS = ("weight_ih", "weight_hh", "bias_ih", "bias_hh")  # each layer's, as torch names them


class FoldedWeights:
    """A reader's weights rearranged for one fused matmul per layer (see module docstring): what a stream reads with.

    Every :class:`RowStream` folds its weights as it is made, or is made of weights folded already
    (:meth:`RowStream.of_folded`, with another stream's :attr:`RowStream.folded`): a fold takes seconds for a large
    model, and ``Checkpoint.stream`` keeps its model's for the next stream. Weights that do not fit ``config``, or
    whose fold overflows float32, are refused in words. Fixed once folded, as streams and the checkpoint share them:
    their arrays are read-only and nothing is put in their place (fold anew to read other weights). An array edited
    in place, ``stream.folded.out_weight[-1, 3] += 50``, was read by every later ``model.stream()`` as 3 where the
    checkpoint's weights, a save and a fresh Checkpoint of them read 7 2 1 0."""

    def __init__(self, config: ReaderConfig, weights: Mapping[str, np.ndarray]) -> None:
        a_config(config)
        weights = float32_weights(_a_mapping(weights))
        if (mismatch := weights_mismatch(config, weights)) is not None:  # a KeyError or a broadcast error before
            raise ValueError(mismatch)
        set_field = functools.partial(object.__setattr__, self)
        set_field("config", config)
        cell = get_cell(config.cell)
        w_in, b_in = (np.asarray(weights[name], np.float64) for name in ("input.weight", "input.bias"))
        # x' = (x - mean) / std, so input(x') = (W/std) x + (b - W·1·mean/std)
        w_in_folded = w_in / config.pixel_std
        b_in_folded = b_in - w_in.sum(axis=1) * config.pixel_mean / config.pixel_std

        def layer(number: int) -> np.ndarray:
            """One layer folded, layer by layer and in the weights' float32 where the fold only moves, adds two and
            halves them (each as exact as in float64): every tensor in float64 at once made the fold of a 135 MB
            network peak at 4.6 times its size."""
            w_ih, w_hh, b_ih, b_hh = (weights[f"{cell.name}.{kind}_l{number}"] for kind in _CELL_TENSORS)
            if number == 0:  # the input projection is affine, so it composes into the cell's input weights (float64)
                b_ih = b_ih + w_ih @ b_in_folded
                w_ih = w_ih @ w_in_folded
            # two biases of ±3e38 overflow as they are added: the sum is checked, and refused in words, just below;
            # NumPy's "overflow encountered in add" came first (an exception under `-W error`, 3 Dec 2026)
            with np.errstate(over="ignore", invalid="ignore"):
                folded = cell.fold(w_ih, w_hh, b_ih, b_hh)
            return _aligned(_fits_float32(folded, f"layer {number}"))

        # Per layer: [inputs + hidden + 1, columns] for x @ W; the last row is the bias, which the stream
        # multiplies by a constant 1 at the end of its [input, h, 1] vector (one op fewer per row). An underflow is no
        # error (a weight of float32's smallest, halved, is 0): np.seterr(all="raise") made it "underflow in cast".
        with np.errstate(under="ignore"):
            set_field("weights", tuple(layer(number) for number in range(config.layers)))
        # [hidden + 1, 10]: the last row is the bias, met by the constant 1 that follows h in the stream's buffers.
        w_out, b_out = weights["output.weight"], weights["output.bias"]
        set_field("out_weight", _aligned(_fits_float32(np.concatenate([w_out.T, b_out[None]], axis=0), "output")))
        # Both cells' h lies in (-1, 1), so no logit can exceed Σ|W| + |b| of its row.
        bound = float((np.abs(w_out).sum(axis=1, dtype=np.float64) + np.abs(b_out)).max())
        set_field("softmax_needs_shift", not bound <= _SAFE_LOGIT)
        read_only(*self.weights, self.out_weight)

    def __repr__(self) -> str:
        """What was folded and its size: the default named only the class and an address."""
        size = sum(array.nbytes for array in (*self.weights, self.out_weight))
        return f"<FoldedWeights {self.config.shape()}, {size / 2**20:.1f} MiB>"

    def __setattr__(self, name: str, value: object) -> None:
        self.__delattr__(name)

    def __delattr__(self, name: str) -> None:
        raise AttributeError(
            f"folded weights are fixed once folded (streams share them): FoldedWeights(config, weights) folds others; "
            f"{name} cannot be put in place"
        )

    def __setstate__(self, state: dict[str, object]) -> None:
        """A copy's or a pickle's (a stream's carries its own), read-only as the original's: NumPy gives them back
        writable."""
        self.__dict__.update(state)
        read_only(*self.weights, self.out_weight)


def _a_mapping(weights: object) -> Mapping[str, np.ndarray]:
    """``weights`` if it maps names to arrays; a list of arrays was "unhashable type: 'numpy.ndarray'"."""
    if not isinstance(weights, Mapping):
        raise TypeError(
            f"weights must map tensor names to arrays (as Checkpoint.weights), got {type(weights).__name__}"
        )
    return weights


def _a_batch(batch: object) -> int | None:
    """``batch`` as a stream takes it: None (one stream) or a positive whole number (``len`` of a NumPy shape is
    ``np.int64``: a whole number too)."""
    if batch is not None and (not is_whole(batch) or batch < 1):
        raise ValueError(f"batch must be a positive integer or None, got {shown(batch)}")
    return None if batch is None else int(batch)


def _refuse_too_large(config: ReaderConfig, batch: int | None) -> None:
    """ValueError where a stream's state would take more than ``MAX_STREAM_BYTES``: bounded before anything is
    allocated."""
    if (needed := _stream_bytes(config, batch)) > MAX_STREAM_BYTES:
        most = MAX_STREAM_BYTES // _stream_bytes(config, 1)
        # {:.3g}: batch=2**70 needed "12688364184535040.0 GiB", seventeen digits no one reads
        raise ValueError(
            f"a stream of batch {batch} for this model needs {needed / 2**30:.3g} GiB of state, more than "
            f"{MAX_STREAM_BYTES / 2**30:.0f} GiB; read the images in batches of {most:,} or fewer"
        )


def _stream_bytes(config: ReaderConfig, batch: int | None) -> int:
    """The bytes a stream's buffers take: one stream keeps its state after every row, a batch its current state, the
    rows it read and its beliefs (per digit, about the size of the images themselves); both the cell's scratch."""
    hidden, layers = config.hidden_size, config.layers
    operands = (COLUMNS + hidden + 1) + (layers - 1) * (2 * hidden + 1)  # each layer's [input, h, 1]
    state = operands + layers * get_cell(config.cell).memory_size(hidden)
    scratch = 5 * hidden  # the gates and a temporary, at most (rowreader/cells)
    if batch is None:
        return 4 * ((ROWS + 1) * state + ROWS * CLASSES + scratch)
    return 4 * batch * (state + ROWS * (COLUMNS + CLASSES) + scratch)


_P = ParamSpec("_P")
_R = TypeVar("_R")


class _InUse:
    """Who is using a stream: one change (a feed, a rewind) alone, or reads (a copy, a pickle, the history, the
    probabilities) side by side. Two threads feeding one stream interleaved their rows in its one state, and 33 of 80
    digits read so came out with another's beliefs, without a word; a read during a feed held a row half written.
    Reads beside reads are refused by nothing: one lock for all refused 347 of 400 copies eight threads made at once of
    one stream, each to read on alone, as the refusal itself advises.

    Each use is its thread's (by thread id), and a call ends by putting its thread's back as it found it
    (:func:`_guarded`): a Ctrl-C that landed after :meth:`enter` marked the stream in use but before the
    call's ``try`` began left it so for good, and every later call said "this stream is being read in another
    thread" (13 of 1,000 Ctrl-Cs into a loop feeding rows, in a notebook's one thread)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()  # held only to look at and set the two below
        self._changing: int | None = None  # the thread whose change is under way
        self._reads: dict[int, int] = {}  # the reads under way, by thread

    def mine(self) -> tuple[int, bool, int]:
        """This thread's id and its use now (changing, reads): what a call puts back as it ends."""
        me = threading.get_ident()
        with self._lock:
            return me, self._changing == me, self._reads.get(me, 0)

    def enter(self, change: bool) -> None:
        """Begin a call; RuntimeError where a change, or (for a change) anything, is under way."""
        me = threading.get_ident()
        with self._lock:
            if self._changing is not None or (change and any(self._reads.values())):
                raise RuntimeError(
                    "this stream is being read in another thread: a stream has one state, so give each thread its "
                    "own (stream.copy(), or checkpoint.stream())"
                )
            if change:
                self._changing = me
            else:
                self._reads[me] = self._reads.get(me, 0) + 1


def _guarded(change: bool) -> Callable[[Callable[_P, _R]], Callable[_P, _R]]:
    """A stream's method that changes its state (``change``) or only reads it, refused as :class:`_InUse` says."""

    def decorate(method: Callable[_P, _R]) -> Callable[_P, _R]:
        @functools.wraps(method)
        def guarded(*args: _P.args, **kwargs: _P.kwargs) -> _R:
            stream = args[0]
            assert isinstance(stream, RowStream)
            in_use = stream._in_use
            me, changing, reads = in_use.mine()
            try:  # enter inside: a stop landing just after it marked the stream in use is undone too
                in_use.enter(change)
                return method(*args, **kwargs)
            finally:
                # This thread's use put back as it was, whether or not enter got as far as to change it, with no call
                # on the way: a stop (Ctrl-C, SIGTERM) is raised only at a call or a loop's turn, so one landing in a
                # method called here to do this left the stream in use too. Another thread's use is not touched.
                if in_use._changing == me and not changing:
                    in_use._changing = None
                in_use._reads[me] = reads

        return guarded

    return decorate


_one_thread_at_a_time = _guarded(change=True)  # feed, feed_image, reset, rewind
_read_beside_reads = _guarded(change=False)  # copy, pickle, history, probabilities


class RowStream:
    """A stateful reader: ``feed`` one row at a time, ``rewind`` to any earlier row, ``reset`` to start again.

    ``batch=None`` is one stream (rows are ``[28]``, predictions are :class:`RowPrediction`); ``batch=B``
    reads B images in lock-step (rows are ``[B, 28]``, predictions are :class:`BatchRowPrediction`).

    One stream keeps its state after every row, so ``rewind`` is free (the app rewinds on every pen movement). A
    batch keeps only its current state, stepped in place, and the rows it read: kept after every row, the state of
    10,000 digits took 1.3 GB to read MNIST's test set. A batch re-reads its rows after a ``rewind``, with the same
    arithmetic on the same arrays, so every number comes out bit for bit as the first time.
    """

    def __init__(self, config: ReaderConfig, weights: Mapping[str, np.ndarray], batch: int | None = None) -> None:
        """A stream of ``weights`` (tensor name → array, as ``Checkpoint.weights``), folded as it is made."""
        batch = _a_batch(batch)
        a_config(config)
        _a_mapping(weights)
        _refuse_too_large(config, batch)
        self._begin(FoldedWeights(config, weights), batch)

    @classmethod
    def of_folded(cls, folded: FoldedWeights, batch: int | None = None) -> RowStream:
        """A stream of weights folded already (another stream's :attr:`folded`, or :class:`FoldedWeights` of a
        config and its weights), which are not folded again: ``Checkpoint.stream`` keeps its model's so."""
        if not isinstance(folded, FoldedWeights):
            raise TypeError(f"folded must be FoldedWeights (a stream's .folded), got {type(folded).__name__}")
        batch = _a_batch(batch)
        _refuse_too_large(folded.config, batch)
        stream = cls.__new__(cls)
        stream._begin(folded, batch)
        return stream

    def _begin(self, folded: FoldedWeights, batch: int | None) -> None:
        self.config = folded.config
        self.batch = batch
        self._w = folded
        self._allocate()

    @property
    def folded(self) -> FoldedWeights:
        """The folded weights this stream reads with, for :meth:`of_folded` (shared by its copies)."""
        return self._w

    def __repr__(self) -> str:
        """What it reads and where it is: the default named only the class and an address."""
        config, batch = self.config, "" if self.batch is None else f", batch={self.batch}"
        return f"<RowStream {config.shape()}{batch}, {self._position} of {ROWS} rows read>"

    def _allocate(self) -> None:
        """Fresh buffers for the state, at the start."""
        b, layers, hs = self.batch or 1, self.config.layers, self.config.hidden_size
        # Slot t of a single stream's history holds the state after t rows (slot 0 = the zero initial state); a
        # batch has one slot. Each layer's h lives inside that layer's matmul operand [input, h, 1]: slot t is
        # exactly what step t multiplies by the fused weights (once its input part is filled in), so h is never
        # copied.
        slots = ROWS + 1 if self.batch is None else 1
        self._xh = [np.zeros((slots, b, w.shape[0]), np.float32) for w in self._w.weights]
        for xh in self._xh:
            xh[..., -1] = 1.0
        self._c = np.zeros((slots, layers, b, get_cell(self.config.cell).memory_size(hs)), np.float32)
        self._probs = np.zeros((ROWS, b, CLASSES), np.float32)
        if self.batch is None:
            self._rows = None  # kept in slot t's operand
        else:
            self._rows = np.zeros((ROWS, b, COLUMNS), np.float32)
        self._position = 0
        self._state_at = 0  # how many rows a batch's one slot has read: more than _position after a rewind
        self._build_views()

    # What a copy or a pickle leaves out: the views into the state, the kernel's scratch and the lock, which
    # _build_views makes for each copy. copy.deepcopy gave a stream whose views were copies of their own, cut off
    # from its state (its beliefs 0.97 off), copy.copy one that wrote into the original's history, and pickle failed
    # on the kernel ("Can't pickle local object"). Everything else is carried: the folded weights (shared by copies:
    # nothing writes them), the state, and what a subclass keeps of its own.
    _VIEWS = frozenset(
        {"_kernel", "_in_use", "_row_shape", "_h", "_xhv", "_inv", "_hv", "_h1v", "_cv", "_pv", "_c_out", "_h_out"}
        | {"_logits", "_ones"}
    )

    @_read_beside_reads
    def __getstate__(self) -> dict[str, object]:
        return self._state()

    def _state(self) -> dict[str, object]:
        """Everything but the views, a subclass's ``__slots__`` too: they lie outside ``__dict__``, and a copy or a
        pickle of a subclass keeping its tag in a slot came back without it."""
        state = {name: value for name, value in self.__dict__.items() if name not in self._VIEWS}
        return state | {name: getattr(self, name) for name in _slots(type(self)) if hasattr(self, name)}

    def __setstate__(self, state: dict[str, object]) -> None:
        slots = _slots(type(self))
        self.__dict__.update({name: value for name, value in state.items() if name not in slots})
        for name in slots & state.keys():
            object.__setattr__(self, name, state[name])
        self._build_views()

    @_read_beside_reads
    def copy(self) -> RowStream:
        """An independent stream in this one's state: feed each its own continuation (the weights are shared). A
        subclass's copy is of its class, its own attributes shared as ``copy.copy`` shares them (it was a RowStream)."""
        clone = type(self).__new__(type(self))
        state = self._state()
        copies = {name: state[name].copy() for name in ("_c", "_probs", "_rows") if state[name] is not None}
        clone.__setstate__({**state, **copies, "_xh": [xh.copy() for xh in self._xh]})
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
        self._in_use = _InUse()  # who is changing or reading the state (_one_thread_at_a_time, _read_beside_reads)
        self._row_shape = (COLUMNS,) if self.batch is None else (self.batch, COLUMNS)
        self._h = [xh[..., -1 - hs : -1] for xh in self._xh]  # per layer: [slots, B, hs] views

        def v(a: np.ndarray) -> np.ndarray:  # [B, n] → [n] for a single stream
            return a[0] if one else a

        slots = range(len(self._c))
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

    @_one_thread_at_a_time
    def reset(self) -> None:
        """Forget everything: the next row fed is row 0."""
        self._position = 0

    @_one_thread_at_a_time
    def rewind(self, rows: int) -> None:
        """Return to the state after ``rows`` rows (0 = the start): free for one stream; a batch re-reads its rows
        up to there when it next reads one."""
        if not is_whole(rows):
            raise TypeError(f"rewind takes a whole number of rows, got {shown(rows)}")
        rows = int(rows)
        if not 0 <= rows <= self._position:
            raise ValueError(f"can rewind to 0…{self._position} rows, not {rows}")
        self._position = rows

    @_one_thread_at_a_time
    def feed(self, row: np.ndarray) -> RowPrediction | BatchRowPrediction:
        """Read the next pixel row (values in [0, 1], ink = 1; others are refused) and return the belief after it."""
        t = self._position
        if t >= ROWS:
            raise RuntimeError(f"all {ROWS} rows have been read; reset() or rewind() first")
        row = self._pixels(row, self._row_shape, "a row")
        with np.errstate(under="ignore"):  # see _read
            self._read(row)
        if self.batch is None:
            return self._prediction(t)
        return BatchRowPrediction(t, self._probs[t].copy(), _Known(*self._batch_states()))

    @_one_thread_at_a_time
    def feed_image(self, image: np.ndarray) -> list[RowPrediction] | list[BatchRowPrediction]:
        """Reset and read all 28 rows of ``image`` (``[28, 28]``, or ``[B, 28, 28]`` for a batched stream)."""
        expected = (ROWS, COLUMNS) if self.batch is None else (self.batch, ROWS, COLUMNS)
        image = self._pixels(image, expected, "an image")  # refused whole, before the state is touched
        self._position = 0  # as reset() does; a call of it here would find this call holding the stream
        with np.errstate(under="ignore"):  # once for the 28 rows: see _read
            for r in range(ROWS):
                self._read(image[..., r, :])
        return self._history()

    def _pixels(self, values: object, shape: tuple[int, ...], what: str) -> np.ndarray:
        """``values`` as float32 pixels of ``shape`` in [0, 1], or an error saying what is wrong and what reads it."""
        array = pixel_array(values, what, shape)
        if array.shape != shape:
            hint = self._shape_hint(array.shape, shape)
            raise ValueError(f"expected {what} of shape {shape}, got {array.shape}{hint}")
        return in_unit_range(array, what, held=lacked_float(values))

    def _shape_hint(self, got: tuple[int, ...], wanted: tuple[int, ...]) -> str:
        """What reads pixels of shape ``got``, given where this stream wanted ``wanted``: one digit where a batch
        reads B, a row where an image was wanted (or the reverse), a batch where one stream reads one digit. A single
        stream's ``feed_image(row)`` was told "this stream reads a batch of 28", and ``feed(image)`` to make a
        stream of batch 28."""
        lead = () if self.batch is None else (self.batch,)  # the batch axis, if any
        if hint := channel_hint(got, wanted):
            return hint
        if len(got) >= 3 and got[-1] in (3, 4) and got[:-1] == wanted:  # RGB or RGBA, told the shapes alone
            return "; a colour picture? to_mnist(picture) makes the grey 28×28 input, ink = 1"
        if self.batch is not None and got == wanted[1:]:
            return f"; this stream reads a batch of {self.batch}: stream() reads one"
        if got in ((*lead, COLUMNS), (*lead, ROWS, COLUMNS)):  # the other of a row and an image
            return "; feed takes one row, feed_image a whole image"
        if got == (*lead, ROWS * COLUMNS) and wanted == (*lead, COLUMNS):  # a flattened digit fed as a row
            return f"; feed takes one row, feed_image a whole image:{channel_hint(got, (*lead, ROWS, COLUMNS))[1:]}"
        if self.batch is None and got[1:] == wanted and got[0] > 0:
            return f"; stream(batch={got[0]}) reads {got[0]} in lock-step"
        # a picture as read_picture or Image.open gives it, grey or colour, the README's to_mnist step skipped
        picture = got[len(lead) :]
        if got[: len(lead)] == lead and (len(picture) == 2 or (len(picture) == 3 and picture[-1] in (3, 4))):
            return "; a picture? to_mnist(picture) makes the 28×28 input, ink = 1"
        return ""

    def _read(self, x: np.ndarray) -> None:
        """Read the checked row ``x`` at the current position; a batch first re-reads what a rewind took back.

        Called under ``np.errstate(under="ignore")`` (by ``feed``, and once for all 28 rows by ``feed_image``): a
        float32 underflow is no error here, whatever ``np.seterr`` says (a belief of e^-100 is 0, and so is a shut
        gate times a state near 0). Under ``np.seterr(all="raise")``, as a notebook hunting a NaN sets it, a 384-unit
        reader failed on MNIST's test digits as "FloatingPointError: underflow encountered in multiply"; under
        ``"warn"`` a single stream printed "underflow encountered in exp" where a batch did not (it caught only what
        raised, and read the row again). An overflow or a NaN, were there one, is still the caller's to hear of."""
        t = self._position
        if self._rows is not None:
            self._catch_up(t)
            self._rows[t] = x
            self._state_at = t + 1
        self._step(x, t)
        self._position = t + 1

    def _catch_up(self, rows: int) -> None:
        """Bring a batch's one slot to the state after ``rows`` rows: it holds a later one after a rewind. Under
        ``np.errstate(under="ignore")`` of its own, as :meth:`_read` is: the states a history is asked for are read
        here, outside ``feed``, and ``history[5].hidden`` asked after ``history[12].hidden`` failed under
        ``np.seterr(all="raise")`` as "FloatingPointError: underflow encountered in exp"."""
        if self._state_at == rows:
            return
        for layer, xh in enumerate(self._xh):
            xh[0, :, :-1] = 0.0  # the input and h; the constant 1 stays
            self._c[0, layer] = 0.0
        with np.errstate(under="ignore"):
            for t in range(rows):  # the same steps on the same arrays as the first time: the same bits
                self._step(self._rows[t], t)
        self._state_at = rows

    def _step(self, x: np.ndarray, t: int) -> None:
        """One row through every layer and the softmax; prepared views and positional ``out`` arguments only.

        A batch steps its one slot in place: each kernel reads h and c before it writes them, element by element.
        """
        before, after = (t, t + 1) if self._rows is None else (0, 0)
        step, operand, inputs = self._kernel, self._xhv[before], self._inv[before]
        h_prev, c_prev, h_next, c_next = self._hv[before], self._cv[before], self._hv[after], self._cv[after]
        layer_input = x
        for layer, w in enumerate(self._w.weights):
            np.copyto(inputs[layer], layer_input)
            step(w, operand[layer], h_prev[layer], c_prev[layer], h_next[layer], c_next[layer])
            layer_input = h_next[layer]
        logits, probs = self._logits, self._pv[t]
        np.dot(self._h1v[after], self._w.out_weight, logits)
        if self._w.softmax_needs_shift:
            logits -= logits.max(axis=-1, keepdims=True)
        np.exp(logits, probs)
        np.divide(probs, np.dot(probs, self._ones), probs)

    def _prediction(self, t: int) -> RowPrediction:
        """A single stream's belief and state after row ``t``, from its history."""
        h = self._h_out[t + 1]  # one layer: a [1, hs] view; several: a list of [hs] views
        hidden = h.copy() if isinstance(h, np.ndarray) else np.stack(h)
        return RowPrediction(t, self._pv[t].copy(), hidden, self._c_out[t + 1].copy())

    def _batch_states(self) -> tuple[np.ndarray, np.ndarray]:
        """A batch's current h and c, ``[B, layers, hidden_size]`` each, as read-only copies."""
        self._catch_up(self._position)
        hidden = np.stack([h[0] for h in self._h], axis=1)
        cell = self._c[0].transpose(1, 0, 2).copy()
        hidden.setflags(write=False)
        cell.setflags(write=False)
        return hidden, cell

    # What is read while another thread feeds is guarded too: a copy, a pickle, the history or the probabilities
    # taken mid-row held that row's beliefs half written (exp'd, not yet divided), without a word.
    @property
    @_read_beside_reads
    def history(self) -> list[RowPrediction] | list[BatchRowPrediction]:
        """The prediction after each row read so far, oldest first (a batch's states are read again when asked)."""
        return self._history()

    def _history(self) -> list[RowPrediction] | list[BatchRowPrediction]:
        if self.batch is None:
            return [self._prediction(t) for t in range(self._position)]
        states = _Rereading(self)
        return [BatchRowPrediction(t, self._probs[t].copy(), states) for t in range(self._position)]

    @property
    @_read_beside_reads
    def probabilities(self) -> np.ndarray:
        """Class probabilities after each row read so far: ``[rows_read, 10]`` (or ``[rows_read, B, 10]``)."""
        probs = self._probs[: self._position]
        return probs[:, 0].copy() if self.batch is None else probs.copy()


def _slots(cls: type) -> frozenset[str]:
    """The attributes ``cls`` and its bases keep in ``__slots__`` (a name alone may stand for the tuple)."""
    names = (getattr(base, "__slots__", ()) for base in cls.__mro__)
    return frozenset(n for slots in names for n in ((slots,) if isinstance(slots, str) else slots)) - {
        "__dict__",
        "__weakref__",
    }


class _Known:
    """The states of a batch after the row just fed, copied then (a :class:`BatchRowPrediction`'s source)."""

    def __init__(self, hidden: np.ndarray, cell: np.ndarray) -> None:
        self._states = hidden, cell

    def __setstate__(self, state: dict[str, object]) -> None:
        """A copy's or a pickle's states, read-only as the original's: they came back writable."""
        self.__dict__.update(state)
        read_only(*self._states)

    def __call__(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        return self._states


class _Rereading:
    """The states of a batch after each row it read, read again from a copy of its rows when first asked for.

    Only the rows asked for are kept (every row's states of 10,000 digits are 570 MB); asked for in order, all 28
    cost one more reading of the batch. The predictions of one history share it, and they are values a program may
    hand to threads: one reads at a time, the others wait (two threads asking for rows' ``hidden`` at once stepped
    its one reader together, and 27 of 28 rows' states came out wrong, without a word, or "'RowStream' object has no
    attribute '_position'")."""

    def __init__(self, stream: RowStream) -> None:
        assert stream._rows is not None
        self._batch, self._w = stream.batch, stream._w
        self._rows = stream._rows[: stream.rows_read].copy()
        self._reader: RowStream | None = None
        self._asked: dict[int, tuple[np.ndarray, np.ndarray]] = {}
        self._lock = threading.Lock()

    def __getstate__(self) -> dict[str, object]:  # a lock cannot be pickled or copied: each copy has its own
        with self._lock:  # not while another thread reads
            return {name: value for name, value in self.__dict__.items() if name != "_lock"}

    def __setstate__(self, state: dict[str, object]) -> None:
        """Each copy has its own lock; the states it was asked for stay read-only, as the original's (a deep copy of a
        history gave writable ones, which every prediction of that copy shares)."""
        self.__dict__.update(state)
        self._lock = threading.Lock()
        read_only(*(array for states in self._asked.values() for array in states))

    def __call__(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        with self._lock:
            return self._states(row)

    def _states(self, row: int) -> tuple[np.ndarray, np.ndarray]:
        if row not in self._asked:
            if self._reader is None:  # the same weights and batch at the start, reading these rows
                self._reader = RowStream.of_folded(self._w, self._batch)
            reader = self._reader
            reader.rewind(min(reader.rows_read, row + 1))
            while reader.rows_read <= row:
                reader.feed(self._rows[reader.rows_read])
            self._asked[row] = reader._batch_states()
        return self._asked[row]
