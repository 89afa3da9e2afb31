"""What a row reader is, without torch: its shape (``ReaderConfig``), the image size it reads, its tensor names.

The default configuration is the shipped model's network (input Linear 28→128, one LSTM layer of 256 units with
forget-gate bias 1.0, output Linear 256→10, pixels centred with MNIST's mean and standard deviation).

The model, read in this order: four files, so that reading digits (the stream, the app, ``rowreader predict``)
never imports torch, each defining its part once.

1. here: its shape, the 28×28 image and 10 classes, and the names and shapes of its tensors;
2. ``rowreader/network.py``: the torch module, ``(pixels − mean) / std → Linear(28, input_size) → cell →
   Linear(hidden_size, 10)`` after every row, which training fits;
3. ``rowreader/cells/lstm.py`` (or ``gru.py``): the recurrent cell, its equations, torch module and NumPy step
   (the draw of the first weights, shared by every cell, is the package's: ``rowreader.cells.Cell.initialise``);
4. ``rowreader/stream.py``: the same function in NumPy, one row at a time, with the weights folded for speed
   (tested equal to ``forward`` to 1e-5); what the app and ``rowreader predict`` run.
"""

from __future__ import annotations

import decimal
import math
import numbers
import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np

from rowreader.cells import cell_names, get_cell
from rowreader.json_text import shown

ROWS = 28
COLUMNS = 28
CLASSES = 10
MNIST_MEAN, MNIST_STD = 0.1307, 0.3081
# How training draws the first weights (RowReader.initialise): "seed" is the seed tutorial's N(0, 1) in/out layers.
INITS = ("pytorch", "seed")
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
    hidden_size: int = 256  # recurrent units per layer
    layers: int = 1  # stacked recurrent layers
    forget_bias: float = 1.0  # the LSTM's first forget-gate bias, which training then changes (TensorFlow's
    # BasicLSTMCell, the seed's, added a fixed one at every step instead)
    # Inputs are images in [0, 1]; the model centres them itself so callers never normalise by hand.
    pixel_mean: float = MNIST_MEAN
    pixel_std: float = MNIST_STD
    cell: str = "lstm"  # the recurrent cell, a module of rowreader/cells; checkpoints without this field are LSTMs

    def __post_init__(self) -> None:
        # NumPy's numbers (a sweep over np.arange) are numbers too, kept as Python's: hidden_size=np.int64(8) was
        # "must be an integer", pixel_std=np.float32(0.3) "must be a finite number".
        for name, top in (("input_size", MAX_WIDTH), ("hidden_size", MAX_WIDTH), ("layers", MAX_LAYERS)):
            # Each value is read once, its int() or float() checked and kept: a subclass whose __int__ or __float__
            # gave another number each time (or one unlike its own) was checked as one number and kept as another.
            value = getattr(self, name)
            whole = int(value) if is_whole(value) else None
            if whole is None or not 1 <= whole <= top:
                raise ValueError(f"ReaderConfig.{name} must be a whole number from 1 to {top:,}, got {shown(value)}")
            object.__setattr__(self, name, whole)
        for name, (low, high) in FLOAT_RANGES.items():
            value = getattr(self, name)
            number = float_of(value) if is_number(value) else math.nan
            if not math.isfinite(number):
                raise ValueError(f"ReaderConfig.{name} must be a finite number, got {shown(value)}")
            if not low <= number <= high:  # its float: a Decimal compared with a float may trap FloatOperation
                raise ValueError(f"ReaderConfig.{name} must lie in [{low:g}, {high:g}], got {shown(value)}")
            object.__setattr__(self, name, number)
        if not isinstance(self.cell, str) or self.cell not in cell_names():  # an array's `in` was "ambiguous"
            raise ValueError(f"ReaderConfig.cell must be one of {list(cell_names())}, got {shown(self.cell)}")
        object.__setattr__(self, "cell", str(self.cell))  # NumPy's text (a sweep's np.str_) printed as np.str_('gru')

    def to_dict(self) -> dict[str, Any]:
        """The fields by name, as a checkpoint's header stores them (:meth:`from_dict` reads them back)."""
        return asdict(self)

    def shape(self) -> str:
        """The network in words, layers before units as every message writes it: ``lstm 1×256`` (training's first
        line wrote ``lstm 256×1``, where a merge, the stream and the app write layers first)."""
        return f"{self.cell} {self.layers}×{self.hidden_size}"

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReaderConfig:
        """Build from a checkpoint's config, refusing keys this version does not know."""
        return cls(**known_fields(cls, data))

    def weight_shapes(self) -> dict[str, tuple[int, ...]]:
        """Every tensor a reader of this shape has, by its name in checkpoints (``nn.Module.state_dict`` names)."""
        cell = get_cell(self.cell)
        recurrent = {
            f"{cell.name}.{k}": v for k, v in cell.weight_shapes(self.input_size, self.hidden_size, self.layers).items()
        }
        return {
            "input.weight": (self.input_size, COLUMNS),
            "input.bias": (self.input_size,),
            **recurrent,
            "output.weight": (CLASSES, self.hidden_size),
            "output.bias": (CLASSES,),
        }


def is_whole(value: object) -> bool:
    """Whether ``value`` is a whole number, Python's or NumPy's (``len`` of a shape is ``np.int64``), not a flag and
    not a duration: NumPy's timedelta64 is an integer to ``isinstance`` (``np.signedinteger``, ``numbers.Integral``),
    so ``rewind(np.timedelta64(5, "s"))`` and ``ReaderConfig(layers=…)`` failed in int()'s words ("not
    'datetime.timedelta'"), ``load_mnist(train=np.timedelta64(1, "s"))`` as ``KeyError``, and a label of 3 s was 3."""
    return isinstance(value, int | np.integer) and not isinstance(value, bool | np.timedelta64)


def is_real(value: object) -> bool:
    """Whether ``value`` is a real number of any type but a flag or a NumPy duration (:func:`is_whole`): ``sure`` or
    a pen of ``np.timedelta64(1, "s")`` failed in float()'s words, "not 'datetime.timedelta'"."""
    return isinstance(value, numbers.Real) and not isinstance(value, bool | np.timedelta64)


def is_number(value: object) -> bool:
    """Whether ``value`` is one real number a caller may pass: :func:`is_real`, or a Decimal, one number though no
    ``numbers.Real`` (``sure`` and the pen took one where ``ReaderConfig`` called ``Decimal('1')`` no finite number)."""
    return is_real(value) or isinstance(value, decimal.Decimal)


def finite(value: numbers.Real) -> bool:
    """Whether ``value`` is a finite float, or a number a float can hold finitely: a whole number of 400 digits (JSON
    reads it whole) is not, and ``math.isfinite`` raised OverflowError for it: a checkpoint's forget_bias or
    wall_seconds of 400 digits ended ``rowreader predict`` in a traceback."""
    try:
        return math.isfinite(value)
    except (OverflowError, ValueError):  # ValueError: a Decimal's sNaN, "cannot convert signaling NaN to float"
        return False


def float_of(number: object) -> float:
    """``float(number)``, read once; NaN where it has none (a Decimal's sNaN), ±inf past float's range (±10**400): the
    one reading of a caller's number (:class:`ReaderConfig`, and pixels and strokes as Fractions or Decimals)."""
    try:
        return float(number)
    except ValueError:
        return math.nan
    except OverflowError:  # its sign kept: -10**400 was +inf
        return -math.inf if number < 0 else math.inf


def is_real_number(value: object) -> bool:
    """Whether a value read from a file (JSON, a pickle) is a finite real number: an int or a float, not a bool (JSON's
    true), tested by :func:`finite` (a whole number of 400 digits is none, and raised nothing)."""
    return isinstance(value, int | float) and not isinstance(value, bool) and finite(value)


def a_config(config: object) -> ReaderConfig:
    """``config`` if it is a :class:`ReaderConfig`; else TypeError, with the way from a dict: ``RowReader(dict)`` and
    a stream of one failed as "'dict' object has no attribute 'cell'"."""
    if not isinstance(config, ReaderConfig):
        hint = " (ReaderConfig.from_dict makes one of a dict)" if isinstance(config, dict) else ""
        raise TypeError(f"config must be a ReaderConfig, got {type(config).__name__}{hint}")
    return config


def weights_mismatch(config: ReaderConfig, weights: Mapping[str, Any]) -> str | None:
    """Why ``weights`` (tensor name → array) cannot be the weights of ``config``'s reader, or None when their names
    and shapes fit: the one check for a file being loaded, a checkpoint being saved and a stream being built.
    The shapes are computed from the config, so nothing is allocated to find out."""
    expected = config.weight_shapes()
    missing = sorted(set(expected) - set(weights), key=_natural)
    unexpected = sorted(set(weights) - set(expected), key=_natural)
    if differ := [
        f"{side} {_some(names)}" for side, names in (("missing", missing), ("unexpected", unexpected)) if names
    ]:
        return f"tensors do not match the model: {', '.join(differ)}"  # "missing []" named nothing, as if something
    for name, array in weights.items():
        shape = tuple(getattr(array, "shape", ()))
        if shape != expected[name]:  # shown: a file's header may give any number of dimensions of 1 (300,000 chars)
            return f"tensor {name} has shape {shown(list(shape))}, the config {config} needs {list(expected[name])}"
    return None


def _natural(name: str) -> list[str | tuple[int, str]]:
    """Sort key of ``name`` with its runs of digits by value: ``l2`` before ``l10`` (sorted as text, a mismatch
    listed ``l1, l10, l11`` before ``l2``). A run compares by its length then its digits, so a name from a damaged
    file holding thousands of digits is never made an int."""
    parts = re.split(r"(\d+)", name)
    return [(len(part.lstrip("0")), part.lstrip("0")) if i % 2 else part for i, part in enumerate(parts)]


def _some(names: list[str], most: int = 4) -> str:
    """The first ``most`` names and how many more: a header asking for 16 layers listed all 60 missing tensors,
    1,300 characters in one error line."""
    more = [f"… {len(names) - most} more"] if len(names) > most else []
    return f"[{', '.join([shown(name) for name in names[:most]] + more)}]"


def check_label(label: object) -> None:
    """Refuse a label that is no digit 0–9 (``True``, ``3.0``, ``10``): the examples folder's keep and move and the
    drawn digits each wrote this check and its words out."""
    if not is_whole(label) or not 0 <= label < CLASSES:
        raise ValueError(f"label must be a digit 0–9, got {label!r}")


def known_fields(cls: type, data: dict[str, Any]) -> dict[str, Any]:
    """``data`` if every key is a field of the dataclass ``cls``; otherwise a ValueError naming the strangers.

    The one rule for every config read from a file or a dict: an unknown key is a typo or a newer version, and
    silently dropping it would train or load something other than what was asked for.
    """
    if not isinstance(data, dict):
        raise TypeError(f"a {cls.__name__} is a JSON object, got {type(data).__name__}")
    unknown = set(data) - {f.name for f in fields(cls)}
    if unknown:
        # sorted as text: a dict's keys of mixed types (1 and "x") failed in the sort ("'<' not supported …")
        raise ValueError(f"unknown {cls.__name__} fields: {_some(sorted(unknown, key=str))}")
    return data
