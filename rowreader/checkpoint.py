"""Checkpoints: weights + model config + metadata in one safetensors file.

safetensors holds only raw tensors and a JSON header, so loading a file from a stranger can never execute
code. A checkpoint is written with safetensors' NumPy API and read with plain reads (:mod:`rowreader.tensor_file`:
never memory-mapped, its header checked first), so reading digits from one needs no torch; the torch module is
built only when something asks for it (training, fine-tuning, batched evaluation). A file whose tensors do not fit
the model its config describes is refused before any is read, naming those that do not fit
(:func:`rowreader.model.weights_mismatch`).
"""

from __future__ import annotations

import glob
import json
import os
import re
import stat
import sys
import threading
from argparse import ArgumentParser  # a hint typing.get_type_hints resolves (refuse_model_file's)
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
from safetensors.numpy import save as safetensors_save

from rowreader.atomic import LOCK_SUFFIX, atomic_write_bytes, remove_stale_temporaries
from rowreader.caller_values import flag_refused, float32_weights, is_flag, read_only
from rowreader.data import MNIST_TEST_DIGITS
from rowreader.json_text import parse_json, shown, text_kind
from rowreader.later import later
from rowreader.model import ReaderConfig, a_config, is_real_number, weights_mismatch
from rowreader.output import name_seen
from rowreader.paths import NotARegularFileError, open_regular_file, refuse_nul, regular_file, what_is_there
from rowreader.preprocess import PREPROCESS_VERSION
from rowreader.stream import FoldedWeights, RowStream, surely_streams
from rowreader.tensor_file import (
    MAX_HEADER_BYTES,
    MAX_HEADER_VALUES,
    CutShort,
    GrownPast,
    header_values,
    json_count,
    read_header,
    read_tensors,
)

if TYPE_CHECKING:
    import torch

    from rowreader import network
else:  # reading imports no torch: these import it when a type hint is read (typing.get_type_hints)
    torch = later("torch", "device", "empty", "from_numpy", "inference_mode")
    network = later("rowreader.network", "RowReader")

FORMAT = "rowreader-checkpoint"
FORMAT_VERSION = "1"
CHECKPOINT_SUFFIX = ".safetensors"  # how a checkpoint's name ends: what is listed, offered and dropped as one
PRETRAINED_NAME = "rowreader.safetensors"
SEED_NAME = "seed.safetensors"  # shipped beside it, trained with --preset seed: the app compares with it


# Held while a checkpoint builds its torch module on first use: two threads asking ``checkpoint.reader`` at once built
# two modules, one of them kept, so one thread trained or evaluated a module the checkpoint did not hold. One lock for
# all checkpoints (a build is rare and a checkpoint, a dataclass, is pickled and copied without it).
_BUILDING_A_READER = threading.Lock()
# Held while a checkpoint makes its own fold lock (``Checkpoint._fold_lock``), which it holds while it folds its weights
# for its first stream: four threads asking ``checkpoint.stream()`` at once folded four times, each kept but the last
# thrown away (a 120 MB network: 0.95 GB more at the peak, not 0.20). One lock held for every model's fold made a first
# stream wait for another model's fold: the shipped model's, 24 ms alone, took 6.4 s beside a 450 MB network's.
_FOLDING = threading.Lock()


def _fresh_building_lock() -> None:
    """A forked child's locks: one held by a thread of the parent (a reader being built) was held for ever, and every
    ``checkpoint.reader`` of the child waited for it (8 of 10 pool workers forked beside a thread reading one model
    after another hung)."""
    global _BUILDING_A_READER, _FOLDING
    _BUILDING_A_READER, _FOLDING = threading.Lock(), threading.Lock()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_fresh_building_lock)


class CheckpointError(ValueError):
    """A file is not a RowReader checkpoint, is damaged, or does not fit the model it describes."""

    kind: str | None = None  # what the file is instead, where its first bytes tell ("a PNG picture")
    # a sound model that a newer RowReader wrote: a list of models (the app's Models menu) called it "damaged",
    # which invites deleting it
    newer: bool = False
    # why a file not cut short is no safetensors file RowReader reads (a header past its limits, a key named twice,
    # JSON not valid), in the reader's words: the Models menu called each "damaged" though loading it said why
    reason: str | None = None


def _is_reader(model: object) -> bool:
    """Whether ``model`` is a torch :class:`~rowreader.network.RowReader`, asked without importing torch: one made
    in this process has imported it already (while another thread imports it, its module is there without RowReader:
    it cannot have made one yet)."""
    reader = getattr(sys.modules.get("rowreader.network"), "RowReader", None)
    return reader is not None and isinstance(model, reader)


def _same_arrays(kept: tuple[tuple[str, np.ndarray], ...], now: tuple[tuple[str, np.ndarray], ...]) -> bool:
    """Whether two ``weights.items()`` name the very same arrays (not equal ones: comparing costs a fold's time)."""
    return len(kept) == len(now) and all(a == b and x is y for (a, x), (b, y) in zip(kept, now, strict=True))


def _read_only(array: object) -> bool:
    """Whether ``array`` and every array it views are read-only (a checkpoint's own weights are)."""
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        array = array.base
    return True


def not_a_model(model: object, wanted: str) -> TypeError:
    """Why ``model`` is no model, in words: a state_dict, a path or None failed as "'str' object has no attribute
    'numpy_weights'"."""
    hint = ""
    if isinstance(model, dict):
        hint = " (a state_dict? load it into RowReader(config) first)"
    elif isinstance(model, str | os.PathLike):
        hint = " (a file? load_checkpoint(path) reads it)"
    elif _is_reader(model):  # DigitSession(reader) and set_checkpoint(reader) said only "got RowReader"
        hint = " (a torch reader: Checkpoint.from_reader(reader) makes one of its weights)"
    # a reader wrapped for speed or for GPUs was refused by its wrapper's name alone ("got OptimizedModule")
    elif _is_reader(getattr(model, "_orig_mod", None)):
        hint = " (torch.compile's wrapper: give its ._orig_mod, the RowReader it compiled, which shares its weights)"
    elif _is_reader(getattr(model, "module", None)):
        hint = f" ({type(model).__name__}'s wrapper: give its .module, the RowReader it wraps)"
    return TypeError(f"expected {wanted}, got {type(model).__name__}{hint}")


@dataclass
class Checkpoint:
    """A model's config, its weights as read-only float32 NumPy arrays, and what was recorded about it.

    Reading digits needs only this (``stream()``); ``reader`` builds the torch module on first use.
    """

    config: ReaderConfig
    weights: dict[str, np.ndarray]
    metadata: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None
    _reader: network.RowReader | None = field(default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        """A checkpoint made by hand: a dict config, or metadata=None, failed later and elsewhere ("'NoneType' object
        has no attribute 'get'" from ``accuracy``), and a path given as text failed in the app ("'str' object has no
        attribute 'name'"). Its weights become read-only float32 arrays here, as a loaded file's are; whether they
        fit the config and are finite is checked where they are used (stream, reader, save). Its metadata is
        checked as a file's is (:func:`checked_metadata`): an accuracy of "abc" made a checkpoint whose repr
        raised, "0.9" was read as 0.9 and 2 shown as 200 %."""
        a_config(self.config)
        if not isinstance(self.weights, Mapping):
            raise TypeError(f"weights must map tensor names to arrays, got {type(self.weights).__name__}")
        self.weights = float32_weights(self.weights)
        self._built_from = tuple(self.weights.items()) if self._reader is not None else None  # from_reader's
        self.metadata = checked_metadata(self.metadata)
        if self.path is not None:
            if not isinstance(self.path, str | os.PathLike):
                raise TypeError(f"path must be the file's path or None, got {type(self.path).__name__}")
            self.path = Path(self.path)

    def __getstate__(self) -> dict[str, Any]:
        """What a pickle or a copy carries: not ``reader``'s torch module while it is only these weights on the CPU,
        which the copy builds again when asked. A checkpoint whose reader had been asked for (``evaluate_curve`` asks)
        pickled it too, twice the bytes, and unpickling it in a worker process that only reads imported torch. A
        reader changed since (trained in place) or on another device is carried, as the original holds it."""
        state = dict(self.__dict__)
        state.pop("_folded", None)  # the folded weights: as large as the weights, folded again where streamed
        state.pop("_folding", None)  # its fold lock: a lock cannot be pickled, and each copy folds its own
        reader = state["_reader"]
        if reader is not None and reader.device.type == "cpu" and not self._reader_changed():
            state["_reader"] = state["_built_from"] = None
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        """A deep copy or an unpickled checkpoint, its weights read-only as the original's: copied arrays came back
        writable, and ``w *= 0.5`` on one (meant for a copy of the arrays) changed that model without a word."""
        self.__dict__.update(state)
        read_only(*self.weights.values())

    def __repr__(self) -> str:
        """What the checkpoint is, in a line: the dataclass's own repr printed every weight (8,500 characters for the
        shipped model, a notebook cell's worth of numbers)."""
        parameters = sum(array.size for array in self.weights.values())
        return (
            f"Checkpoint(path={self.path!r}, config={self.config!r}, weights=<{len(self.weights)} tensors, "
            f"{parameters:,} parameters>, accuracy={self.accuracy!r})"
        )

    def __eq__(self, other: object) -> bool:
        """The same model: config, weights and metadata, wherever it was read from (the dataclass's own ``==``
        compared the weight arrays as truth values, "The truth value of an array … is ambiguous"). ``path`` is where
        it was read from, not what it is: compared as typed, a checkpoint saved and loaded back, or one file loaded as
        ``runs/m.safetensors`` and by its full path or a link, was unequal to itself (:func:`file_holds` and the app's
        ``same_file`` ask which file). NaN weights (a diverged model's) equal NaN in the same places: a checkpoint
        holding one was unequal to itself. Unhashable, as its weights may be put in place."""
        if not isinstance(other, Checkpoint):
            return NotImplemented
        return (
            (self.config, self.metadata) == (other.config, other.metadata)
            and self.weights.keys() == other.weights.keys()
            and all(np.array_equal(array, other.weights[name], equal_nan=True) for name, array in self.weights.items())
        )

    @classmethod
    def from_reader(
        cls, reader: network.RowReader, metadata: dict[str, Any] | None = None, path: Path | None = None
    ) -> Checkpoint:
        """A snapshot of a torch reader's current weights (e.g. just trained), keeping the module as ``reader``
        (``metadata`` is checked as every checkpoint's is)."""
        if not _is_reader(reader):
            raise not_a_model(reader, "a RowReader")
        return cls(reader.config, reader.numpy_weights(), metadata, path, reader)

    @property
    def accuracy(self) -> float | None:
        """Final-row test accuracy recorded at training time, if any (checked at load: a number in [0, 1])."""
        value = self.metadata.get("test_accuracy")
        return float(value) if value is not None else None

    @property
    def test_digits(self) -> int | None:
        """How many MNIST test digits ``accuracy`` was measured on, when the run recorded it (all 10,000 if not)."""
        return self.metadata.get("test_digits")

    def stream(self, batch: int | None = None) -> RowStream:
        """A NumPy row stream over these weights (no torch); ``batch=B`` reads B images in lock-step."""
        from rowreader.stream import RowStream

        self.refuse_a_changed_reader("a stream would read")
        # The weights folded for a stream (fused, checked to fit float32) are kept for the next: folding them took
        # 2.6 s for a 200 MB model, 24 s for 1.1 GB, on the app's window thread at every switch of model, after
        # load_checkpoint had folded them once already in the background. Kept against the very config and arrays
        # folded: weights or a config put in their place since are folded anew.
        if (folded := self._kept_fold()) is not None:
            return RowStream.of_folded(folded, batch)
        with self._fold_lock():  # one fold, which threads asking at once wait for and share
            if (folded := self._kept_fold()) is not None:
                return RowStream.of_folded(folded, batch)
            stream = RowStream(self.config, self.weights, batch=batch)
            self._folded = ((self.config, tuple(self.weights.items())), stream.folded)
        return stream

    def _fold_lock(self) -> threading.Lock:
        """This checkpoint's own lock for its one fold, made on first use. A forked child makes its own: one held by
        a thread of the parent (folding as it forked) would be held there for ever."""
        with _FOLDING:
            pid, lock = self.__dict__.get("_folding", (None, None))
            if lock is None or pid != os.getpid():
                lock = threading.Lock()
                self.__dict__["_folding"] = (os.getpid(), lock)
            return lock

    def _kept_fold(self) -> FoldedWeights | None:
        """The weights folded for an earlier stream, where they are still these: the very config and arrays."""
        key = (self.config, tuple(self.weights.items()))
        kept = self.__dict__.get("_folded")
        # Kept only for read-only arrays: a writable one put in the weights and then changed in place (``bias += 50``)
        # was read by every later stream as it had been folded, 7 2 1 0 where the weights, a save and a fresh
        # Checkpoint of them said 3 3 3 3.
        fixed = all(_read_only(array) for _, array in key[1])
        if kept is not None and kept[0][0] == key[0] and _same_arrays(kept[0][1], key[1]) and fixed:
            return kept[1]
        return None

    def refuse_a_changed_reader(self, doing: str) -> None:
        """ValueError if ``reader`` no longer holds these weights: ``ckpt.reader`` trained in place, then
        ``save_checkpoint(path, ckpt)``, saved the weights from before the training without a word (and ``stream``
        read them), while ``evaluate_curve(ckpt)`` scored the trained ones."""
        if not self._reader_changed():
            return
        raise ValueError(
            f"this checkpoint's reader was changed (trained?) since it was made of the weights {doing}; "
            "Checkpoint.from_reader(checkpoint.reader, checkpoint.metadata) holds the change"
        )

    def _reader_changed(self) -> bool:
        """Whether ``reader`` was built and no longer holds the weights it was built of (trained in place)."""
        if self._reader is None:
            return False
        now = self._reader.numpy_weights()
        built = self.__dict__.get("_built_from") or tuple(self.weights.items())
        return not all(np.array_equal(now[name], array) for name, array in built)

    def _weights_put_in_place(self) -> bool:
        """Whether ``weights`` hold other arrays than those ``reader`` was built of."""
        built = self.__dict__.get("_built_from")
        return built is not None and not _same_arrays(built, tuple(self.weights.items()))

    @property
    def reader(self) -> network.RowReader:
        """The torch module with these weights, in eval mode (imports torch; built once, on the CPU, and again where
        the weights were put in place since and it was not trained: ``evaluate_curve`` scored the weights of before,
        0.997 where the new ones score 0.08, and ``stream`` and ``save_checkpoint`` refused, calling it trained)."""
        if self._reader is None or self._weights_put_in_place():
            with _BUILDING_A_READER:
                if self._reader is not None and self._weights_put_in_place() and not self._reader_changed():
                    self._keep(self._reader.device)  # where the old one was
                if self._reader is None:  # another thread's build, waited for, is the one
                    self._keep("cpu")
        return self._reader

    def _keep(self, device: str | torch.device) -> None:
        """Build ``reader`` on ``device`` of the weights now held, which :meth:`_reader_changed` compares it with (set
        after it: a thread that finds them set finds it built)."""
        built = tuple(self.weights.items())
        self._reader = self.build_reader(device)
        self._built_from = built

    def build_reader(self, device: str | torch.device = "cpu") -> network.RowReader:
        """A new torch module with these weights on ``device`` (``auto | cpu | cuda | cuda:N``, or a torch device),
        in eval mode. A device that is not there is refused by :func:`rowreader.device.resolve_device`, before
        anything is built: ``device="cuda"`` without CUDA failed in torch's words ("Found no NVIDIA driver")."""
        device = _a_device(device)  # first: without torch, it says what needs it and how to install it
        import torch

        from rowreader.network import RowReader

        if (mismatch := weights_mismatch(self.config, self.weights)) is not None:  # it was torch's load_state_dict's
            raise ValueError(mismatch)
        # a copy in native float32: a hand-built Checkpoint of big-endian arrays (which the stream reads) failed in
        # torch's words about byte order
        native = {k: torch.from_numpy(np.array(v, np.float32, order="C")) for k, v in self.weights.items()}
        # Built of ordinary float32 tensors on the CPU whatever the caller's torch is set to: first asked for inside
        # `torch.inference_mode()` (a notebook's `evaluate_curve(ckpt, …)`), the kept reader was of inference tensors,
        # and training it, or a gradient of its input, failed ("Inference tensors cannot be saved for backward"); under
        # `torch.set_default_dtype(torch.bfloat16)` its weights were rounded, and `stream` and `save_checkpoint`
        # refused the checkpoint as "changed (trained?)"; inside `with torch.device("meta"):` (where a large model is
        # laid out before its weights) it failed as "Cannot copy out of meta tensor; no data!".
        with torch.inference_mode(False), torch.device("cpu"):
            reader = RowReader(self.config).float()
            reader.load_state_dict(native, strict=True)
            return reader.to(device).eval()


def _a_device(device: str | torch.device) -> str | torch.device:
    """``device`` where a torch module can be built, or why not: ``device="cuda"`` without CUDA failed in torch's words
    ("Found no NVIDIA driver"), ``device=0`` as "'int' object has no attribute 'type'" (imports torch)."""
    from rowreader.needs_torch import needing_torch

    with needing_torch("a torch module built of a checkpoint (load_checkpoint's device, Checkpoint.reader)"):
        import torch

    from rowreader.device import resolve_device

    if not isinstance(device, str | torch.device):
        raise TypeError(f"device must be auto, cpu, cuda, cuda:N or a torch.device, got {shown(device)}")
    if isinstance(device, str) or device.type in ("cpu", "cuda"):
        return resolve_device(str(device))
    # Another of torch's devices (Apple's mps, Intel's xpu) is used as given where torch has it. Asked for without
    # it, load_checkpoint read and checked the whole file, then failed in torch's words ("PyTorch is not linked with
    # support for mps devices"); the meta device built a reader with no weights at all.
    if device.type == "meta":
        raise ValueError("the meta device holds no values: a reader built there would have no weights; ask for 'cpu'")
    try:
        torch.empty(0, device=device)
    except Exception as err:  # torch's own: RuntimeError, NotImplementedError, AssertionError, ModuleNotFoundError
        why = _first_sentence(str(err)) or type(err).__name__
        raise RuntimeError(
            f"device {str(device)!r} was asked for, but torch {torch.__version__} cannot use it here ({why}); "
            "ask for 'cpu' or 'auto'"
        ) from err
    return device


def _is_share(value: Any) -> bool:
    return is_real_number(value) and 0.0 <= value <= 1.0


def _first_sentence(text: str, most: int = 200) -> str:
    """The first sentence of torch's error, at most ``most`` characters: its refusal of Apple's GPU on another machine
    is one line of 1,500 characters (every backend it has, a note for Facebook's employees), which the refusal of
    ``device=torch.device("mps")`` quoted whole."""
    line = text.strip().split("\n", 1)[0]
    sentence = re.split(r"(?<=[.!?])\s", line, maxsplit=1)[0]
    return sentence if len(sentence) <= most else sentence[: most - 1].rstrip() + "…"


# The metadata keys this library reads or writes, each with its test. Other keys are kept as they are (a later
# version may add some); these must have the right type, because the app and the CLI display them.
METADATA_SCHEMA: dict[str, tuple[str, Any]] = {
    "test_accuracy": ("a number in [0, 1] or null", lambda v: v is None or _is_share(v)),
    # how many MNIST test digits test_accuracy was measured on (absent: all 10,000); a fine-tune reads 2,000. A file
    # claiming 10^30 loaded, and Help ▸ About printed the 31 digits of it.
    "test_digits": (
        f"a whole number from 1 to {MNIST_TEST_DIGITS:,}",
        lambda v: isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MNIST_TEST_DIGITS,
    ),
    "accuracy_per_row": ("a list of numbers in [0, 1]", lambda v: isinstance(v, list) and all(map(_is_share, v))),
    "epochs_trained": ("a whole number ≥ 0", json_count),
    "drawn_digits": ("a whole number ≥ 0", json_count),  # a training run's synthetic drawn digits, --resume compares
    "steps": ("a whole number ≥ 0", json_count),
    "wall_seconds": ("a number ≥ 0", lambda v: is_real_number(v) and v >= 0),
    "train_seconds": ("a number ≥ 0", lambda v: is_real_number(v) and v >= 0),
    "samples_per_second": ("a number ≥ 0", lambda v: is_real_number(v) and v >= 0),
    "recipe": ("an object", lambda v: isinstance(v, dict)),
    # a fine-tune's cross-validated accuracy on the person's examples; the app's Models menu shows before → after
    "heldout_accuracy": (
        "an object whose before and after are numbers in [0, 1] or null",
        lambda v: isinstance(v, dict) and all(v.get(k) is None or _is_share(v.get(k)) for k in ("before", "after")),
    ),
    # a fine-tune's own examples, which Help ▸ About counts: 1e300 was shown as 301 digits, -5 as it was
    "examples": (
        "an object whose count is a whole number ≥ 0",
        lambda v: isinstance(v, dict) and (v.get("count") is None or json_count(v["count"])),
    ),
    # each leg's device of a resumed run, the first command's first; null: a leg an older version did not record
    "devices": (
        "a list of strings or nulls",
        lambda v: isinstance(v, list) and all(d is None or isinstance(d, str) for d in v),
    ),
    **{
        key: ("a string", lambda v: isinstance(v, str))
        for key in (
            "date",
            "library_version",
            "preprocess_version",
            "device",
            "dataset",
            "dataset_sha256",
            "command",
        )
    },
}


def checked_metadata(metadata: Any) -> dict[str, Any]:
    """``metadata`` (None: empty) as a file holds it, NumPy numbers made plain, its known keys checked: the one rule
    for every checkpoint's, made by hand, from a reader or read from a file. A file's NaN under a key of its own
    loaded, and the checkpoint's next save (a fine-tune's result) was refused."""
    return check_metadata(_plain_json(_a_dict(metadata)))


def check_metadata(metadata: Any) -> dict[str, Any]:
    """``metadata`` if it is a JSON object whose known keys have the types in ``METADATA_SCHEMA``; else ValueError.
    A device an older version named "cpu (1 threads)" (the shipped seed model's, which is not written again) is
    given as this version names it, "cpu (1 thread)"."""
    if not isinstance(metadata, dict):
        raise ValueError(f"metadata must be a JSON object, got {type(metadata).__name__}")
    for key, (wanted, valid) in METADATA_SCHEMA.items():
        if key in metadata and not valid(metadata[key]):
            raise ValueError(f"metadata {key!r} must be {wanted}, got {shown(metadata[key])}")
    if metadata.get("device") == OLD_ONE_THREAD:
        metadata["device"] = "cpu (1 thread)"
    return metadata


OLD_ONE_THREAD = "cpu (1 threads)"  # describe_device's words for one thread before it said "thread"


def check_weights_finite(weights: dict[str, np.ndarray], config: ReaderConfig | None = None) -> None:
    """Raise ValueError naming the first tensor holding NaN or ±inf: such a model answers NaN for everything. With
    ``config``, also where finite weights overflow float32 once folded for the stream (a unit's Σ|w| above 1e30), which
    :func:`load_checkpoint` refuses: a reader holding one float32's largest weight was saved, then never loaded."""
    for name, array in weights.items():
        if not np.isfinite(array).all():
            raise ValueError(f"weight {name} contains NaN or infinite values: the model is unusable")
    if config is not None:
        from rowreader.stream import RowStream

        if not surely_streams(config, weights):
            RowStream(config, weights)  # folds the weights as every stream does, and says which cannot


def _library_version() -> str:
    from rowreader import __version__

    return __version__


def _a_dict(metadata: Any) -> dict[str, Any]:
    """``metadata`` (None: empty) if it is a dict; a list of pairs failed as "'list' object is not a mapping"."""
    if metadata is None:
        return {}
    if not isinstance(metadata, dict):
        raise TypeError(f"metadata must be a dict of JSON values, got {type(metadata).__name__}")
    return metadata


def _plain_json(metadata: dict[str, Any], copy: bool = True) -> dict[str, Any]:
    """``metadata`` as JSON holds it: NumPy scalars (an accuracy from a user's own NumPy evaluation) become plain
    numbers, NumPy arrays lists; a value JSON cannot hold is a ValueError naming its key. ``np.int64(3)`` epochs
    were refused as "must be a whole number", other NumPy values ended in json's TypeError, no key named.
    The copy is read back as a file's metadata is (:func:`rowreader.json_text.parse_json`), so what a save writes
    loads: a whole number of 1,001 to 4,300 digits (a 4,096-bit seed has 1,234) was saved, and the model then
    refused at every load as "damaged". ``copy=False``: metadata just parsed from JSON, only checked (NaN,
    infinity), not built a second time."""

    def plain(value: Any) -> Any:
        if isinstance(value, np.generic):
            return value.item()
        if isinstance(value, np.ndarray):  # evaluate_curve's accuracy after every row was "not a JSON value"
            return value.tolist()
        raise TypeError(f"{type(value).__name__} is not a JSON value")

    copied = {}
    for key, value in metadata.items():
        if not isinstance(key, str):
            raise ValueError(f"metadata keys must be strings, got {shown(key)}")
        try:
            text = json.dumps(value, allow_nan=False, default=plain)
            if copy:
                copied[key] = parse_json(text, unique_keys=True)  # {1: …, "1": …} wrote "1" twice
        except (TypeError, ValueError, RecursionError) as err:
            raise ValueError(f"metadata {shown(key)} cannot be stored as JSON ({err})") from err
    return copied if copy else metadata


def checkpoint_bytes(model: network.RowReader | Checkpoint, metadata: dict[str, Any] | None = None) -> bytes:
    """The file :func:`save_checkpoint` writes, as bytes (training writes it together with its training state).

    Refuses (ValueError) weights that do not fit the config, weights with NaN or ±inf and metadata that breaks the
    schema, so every file made of these bytes loads again. A checkpoint saved without ``metadata`` keeps its own:
    ``save_checkpoint(path, load_pretrained())`` wrote a copy that had lost its accuracy, recipe and sources.
    """
    if not (isinstance(model, Checkpoint) or _is_reader(model)):
        raise not_a_model(model, "a RowReader or a Checkpoint to save")
    if metadata is None and isinstance(model, Checkpoint):
        metadata = model.metadata
    if isinstance(model, Checkpoint):
        model.refuse_a_changed_reader("a save would write")
    weights = model.weights if isinstance(model, Checkpoint) else model.numpy_weights()
    if (mismatch := weights_mismatch(model.config, weights)) is not None:  # it wrote files that never loaded
        raise ValueError(mismatch)
    check_weights_finite(weights, model.config)
    header = _header(model.config, metadata)
    if (said := _past_the_header(model.config, header)) is not None:  # before the weights are serialised
        raise ValueError(_too_large(header, said))
    tensors = {k: np.ascontiguousarray(v, np.float32) for k, v in weights.items()}
    data = safetensors_save(tensors, metadata=header)  # its own 100-MB limit is past the one measured above
    size = int.from_bytes(data[:8], "little")
    if (said := _beyond(data[8 : 8 + size])) is not None:  # no file is written that would not load
        raise ValueError(_too_large(header, said))
    return _in_order(data, header)


def _in_order(data: bytes, header: dict[str, str]) -> bytes:
    """safetensors' file ``data`` with its ``__metadata__`` in ``header``'s order, "format" first. safetensors keeps
    it in a Rust HashMap, whose order differs from process to process: two saves of one model differed in their
    bytes, and a checkpoint of ours cut short at 100 bytes was known as ours only where "format" or "config" came
    first (1 run in 13 of a test said otherwise). The same pairs in another order take the same bytes, so the
    weights stay where the header says they are."""
    size = int.from_bytes(data[:8], "little")
    table = json.loads(data[8 : 8 + size])
    table["__metadata__"] = {key: table["__metadata__"][key] for key in header}
    text = json.dumps(table, separators=(",", ":")).encode()  # ASCII, as safetensors writes these (see _header_text)
    return data[:8] + text.ljust(size) + data[8 + size :]


def _header(config: ReaderConfig, metadata: dict[str, Any] | None) -> dict[str, str]:
    """The ``__metadata__`` a save writes of ``config`` and ``metadata`` (its date and versions added), checked."""
    meta = {
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "library_version": _library_version(),
        "preprocess_version": PREPROCESS_VERSION,
        **_a_dict(metadata),
    }
    return {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "config": json.dumps(config.to_dict()),
        "metadata": json.dumps(checked_metadata(meta), allow_nan=False),
    }


def header_bytes(config: ReaderConfig, metadata: dict[str, Any] | None) -> int:
    """The bytes of the header a save of a model of ``config`` with ``metadata`` writes (its date and versions added,
    the spaces that pad it to 8 bytes counted), computed without a weight: the tensor table follows from the config.
    Training asks :func:`past_the_header`, which measures the same ``_header_text``; this is the number itself,
    which the tests hold to a real save's header."""
    return _padded(len(_header_text(a_config(config), _header(config, metadata))))


def _padded(size: int) -> int:
    """A header's ``size`` padded with spaces to 8 bytes, as safetensors pads it."""
    return -(-size // 8) * 8


def _header_text(config: ReaderConfig, header: dict[str, str]) -> bytes:
    """safetensors' header as it writes it: ``{"__metadata__":{…},"<name>":{"dtype":"F32","shape":[…],
    "data_offsets":[start,end]},…}``, the tensors by name and back to back. The values are ASCII JSON
    (``json.dumps``), which its JSON writer escapes as Python's does."""
    entries = [",".join(f"{json.dumps(k)}:{json.dumps(v)}" for k, v in header.items())]
    start = 0
    for name, shape in sorted(config.weight_shapes().items()):
        end = start + 4 * int(np.prod(shape, dtype=np.int64))
        dims = ",".join(map(str, shape))
        entries.append(f'{json.dumps(name)}:{{"dtype":"F32","shape":[{dims}],"data_offsets":[{start},{end}]}}')
        start = end
    return ('{"__metadata__":{' + entries[0] + "}," + ",".join(entries[1:]) + "}").encode()


def past_the_header(config: ReaderConfig, metadata: dict[str, Any] | None) -> str | None:
    """What a save of ``metadata`` with a model of ``config`` would take of the model file's header, in words, if more
    than it holds (:data:`MAX_HEADER_BYTES`, and :data:`MAX_HEADER_VALUES` values); else None. The one measure of the
    save's refusal, which training asks before its work with the metadata its run will record."""
    return _past_the_header(a_config(config), _header(config, metadata))


def _past_the_header(config: ReaderConfig, header: dict[str, str]) -> str | None:
    return _beyond(_header_text(config, header))


def _beyond(text: bytes) -> str | None:
    """What a header of ``text`` takes past what one holds, in words; else None. The one rule of the measure before
    the weights are serialised and of the header safetensors then wrote (padded already: its size is its own)."""
    if (size := _padded(len(text))) > MAX_HEADER_BYTES:
        return _taking(size)
    if (values := header_values(text)) > MAX_HEADER_VALUES:
        return _holding(values)
    return None


def _taking(size: int) -> str:
    return f"would take {size:,} bytes of the model file's header, which holds {MAX_HEADER_BYTES:,}"


def _holding(values: int) -> str:
    return f"would hold up to {values:,} JSON values in the model file's header, which holds {MAX_HEADER_VALUES:,}"


def _too_large(header: dict[str, str], why: str) -> str:
    return (
        f"its metadata is too large ({len(header['metadata']):,} characters as JSON): a checkpoint's header holds "
        f"at most {MAX_HEADER_BYTES // 10**6} MB and {MAX_HEADER_VALUES:,} values (it {why})"
    )


def save_checkpoint(
    path: str | os.PathLike[str],
    model: network.RowReader | Checkpoint,
    metadata: dict[str, Any] | None = None,
    *,
    force: bool = False,
) -> None:
    """Write a torch reader's (or a checkpoint's) weights, config and ``metadata`` (a checkpoint's own if not given)
    atomically to ``path``.

    Refuses (ValueError, nothing written) what :func:`checkpoint_bytes` refuses, and (FileExistsError) to replace
    a file that holds something other than a checkpoint unless ``force``: ``save_checkpoint("notes.txt", reader)``
    or a slip onto ``digit.png`` put the weights where the user's file had been. An empty file holds nothing.
    """
    if not is_flag(force):  # force="no" is a true string: it wrote over the file it was to keep
        raise flag_refused("force", force)
    _refuse_swapped(path, model)
    if not force and is_shipped(path):
        raise FileExistsError(
            f"cannot save {path}: it is a model shipped with RowReader (load_pretrained and the app read it); "
            "nothing is written over it (give another name, or force=True to replace it)"
        )
    if not force and (kind := foreign_file_kind(path)) is not None:
        raise FileExistsError(
            f"cannot save {path}: it is {kind}, not a RowReader checkpoint; nothing is written over it "
            "(give another name, or force=True to replace it)"
        )
    try:
        data = checkpoint_bytes(model, metadata)
    except ValueError as err:
        raise ValueError(f"cannot save {path}: {err}") from err
    atomic_write_bytes(path, data)
    # a process killed outright in an earlier save of this file left its temporary, as large as the model; the
    # commands swept them, a script's saves did not (266 saves of one file left a killed one's for good)
    remove_stale_temporaries(path)


def _refuse_swapped(path: object, model: object) -> None:
    """TypeError, before any work, for ``save_checkpoint(model, path)``: the model given as the path was let
    through and the path then refused as the model, "got str (a file? load_checkpoint(path) reads it)", advice to
    load where the caller meant to save. A name given as the model, and no name as the path, is swapped too: a
    compiled or wrapped reader (``torch.compile``'s, DataParallel's) given first was "expected the file's path"."""
    named_second = isinstance(model, str | os.PathLike) and not isinstance(path, str | os.PathLike)
    if isinstance(path, Checkpoint) or _is_reader(path) or named_second:
        raise TypeError(
            f"save_checkpoint takes the path first, then the model: path is a {type(path).__name__} "
            f"and model a {type(model).__name__} (save_checkpoint(path, model))"
        )
    refuse_nul(path, "file")  # path=None or 3: the model was serialised first, then the name refused


def foreign_file_kind(path: str | os.PathLike[str]) -> str | None:
    """What the regular file at ``path`` is, in words, when it holds something and that is no checkpoint; else None
    (nothing there, an empty file, a checkpoint; what is no regular file the atomic write refuses itself). Training
    names so what it will not write over."""
    try:
        status = os.stat(path)
    except (OSError, TypeError, ValueError):
        return None
    if not stat.S_ISREG(status.st_mode) or status.st_size == 0 or is_checkpoint(path):
        return None
    return _foreign_kind(Path(path)) or "a file"


# Files chosen as a model by mistake, by how they start: a picture, or training's own NAME.state.pt beside NAME (a
# tab completion offers both), which safetensors called "header too large". Nothing in them is read further.
_FOREIGN_STARTS = {
    b"\x89PNG": "a PNG picture",
    b"\xff\xd8\xff": "a JPEG picture",
    b"GIF8": "a GIF picture",
    b"BM": "a BMP picture",
    b"PK\x03\x04": "a zip archive, as torch.save writes (a .pt file?)",
    **{b"\x80" + bytes([protocol]): "a Python pickle, as torch.save wrote (a .pt file?)" for protocol in range(2, 6)},
}


# training.state.state_path's name for a run's training state: ``runs/m.safetensors`` → ``runs/m.state.pt``. This
# library may not import training; a torch file so named is taken for one (nothing in it is read).
TRAINING_STATE_SUFFIX = ".state.pt"
TRAINING_STATE = "a run's training state (what --resume reads)"
METRICS_SUFFIX = ".metrics.csv"  # beside it, the run's metrics: ``runs/m.safetensors`` → ``runs/m.metrics.csv``
# The names of the files training keeps beside a checkpoint, by what each is.
SIDE_FILES = {
    TRAINING_STATE_SUFFIX: "the training state beside a checkpoint",
    METRICS_SUFFIX: "the metrics CSV beside a checkpoint",
    LOCK_SUFFIX: "the lock file a run holds beside each file it writes",
}


def side_file_problem(name: str, checkpoint: bool) -> str | None:
    """Why ``name`` may not be given to a file a training command writes (``checkpoint``: a checkpoint, else a metrics
    CSV), or None: it ends as one of :data:`SIDE_FILES` does, or a checkpoint's does not end in .safetensors.
    `--out m.state.pt` wrote a checkpoint under the name of ``m.safetensors``'s state (its own state as
    ``m.state.state.pt``), and a run of `--out m.safetensors` then called it "the training state … not written by
    RowReader training … (it is a RowReader checkpoint)"."""
    if not name.strip():  # `--out ' '` was offered " .safetensors", a hidden file's name
        return f"{name_seen(name)} is spaces alone, no name (an unset shell variable, quoted?)"
    base = os.path.basename(name)  # `runs/.state.pt` is no file's side file, as `.state.pt` is none: "runs.…'s"
    for suffix, what in SIDE_FILES.items():
        if (checkpoint or suffix != METRICS_SUFFIX) and base.lower().endswith(suffix) and len(base) > len(suffix):
            stem = name[: -len(suffix)]
            own = Path(stem).name
            whose = f" ({own}{CHECKPOINT_SUFFIX}'s is {own}{suffix})" if suffix != LOCK_SUFFIX else ""
            if checkpoint:  # `--out m.pt.state.pt` was offered m.pt, refused in its turn as no .safetensors
                instead = _checkpoint_name_like(stem)
            else:  # a CSV's name: `--metrics m.safetensors.lock` was offered m.safetensors, the --out, refused so
                csv = stem.lower().endswith(".csv")
                bare = re.sub(rf"{re.escape(CHECKPOINT_SUFFIX)}$", "", stem, flags=re.I)
                instead = stem if csv else bare + METRICS_SUFFIX
            offer = f" ({instead}, say)"
            if len(name) > _OFFERED_WHOLE:  # a 4,100-character name was said four times, once would do
                whose, offer = "", ""
            return (
                f"{name_seen(name)} ends in {suffix}, the name training gives {what}{whose}, so one would be taken for "
                f"the other; give another name{offer}"
            )
    if checkpoint and not name.endswith(CHECKPOINT_SUFFIX) and not os.path.isdir(name):  # a folder: said as one
        return _not_a_checkpoints_name(name)
    if checkpoint and base.startswith("."):
        return _hidden_model(name)
    if checkpoint and base[:1].isspace():  # `--out ' m.safetensors'` wrote a file ls shows as "' m.safetensors'"
        return _spaced_model(name)
    return None


# A model file's endings in other formats, which a name given to a RowReader model replaces rather than keeps.
_OTHER_MODEL_SUFFIXES = (".pt", ".pth", ".ckpt", ".bin", ".pkl", ".h5", ".onnx", ".safetensor")
_OFFERED_WHOLE = 200  # a longer name is not said again as the name to give (the shell's line holds it)


def _not_a_checkpoints_name(name: str) -> str:
    """Why a checkpoint may not be written under ``name``, which does not end in .safetensors: `training.fit --out
    quick.pt` (a PyTorch user's name) wrote a safetensors file that torch.load cannot read, and that the app's Open
    model (its first filter) and a folder given as --checkpoint pass over, as they look for that ending. A name too
    long to read twice (4,100 characters: a line of 8,436) is said once, the ending to put on it named alone. Spaces
    at its ends (pasted with it) are left out of the name offered: `--out 'm.safetensors '` was offered
    "m.safetensors .safetensors", two words to a shell."""
    suffix = os.path.splitext(name.strip())[1]
    other = suffix.lower() in (*_OTHER_MODEL_SUFFIXES, CHECKPOINT_SUFFIX)
    instead = f"give {_checkpoint_name_like(name)}, say"
    if len(name) > _OFFERED_WHOLE:
        instead = f"put {CHECKPOINT_SUFFIX} in place of {suffix}" if other else f"add {CHECKPOINT_SUFFIX} to its end"
    return (
        f"{name_seen(name)} does not end in {CHECKPOINT_SUFFIX}: a RowReader model is a safetensors file (torch.load "
        f"cannot read it, whatever its name), and the app and the commands know a model by that ending; {instead}"
    )


def _hidden_model(name: str) -> str:
    """Why a checkpoint may not be written as ``name``, whose file's name begins with a dot: `training.fit --out
    runs/.safetensors` trained and wrote a hidden file, which ``ls`` and the app's Open model do not show, so the
    model a run made looked lost; so did `--out runs/.pt.safetensors`, the name `--out runs/.pt` was offered. The name
    offered has no spaces at its ends, as :func:`_not_a_checkpoints_name`'s has none: `--out ' runs/.m.safetensors'`
    was offered " runs/m.safetensors", its space unseen."""
    base = os.path.basename(name)
    why = f"has no name before {CHECKPOINT_SUFFIX}" if base == CHECKPOINT_SUFFIX else "begins with a dot"
    return (
        f"{name_seen(name)} {why}: the model would be a hidden file, which ls and the app's Open model do not show; "
        f"give {_checkpoint_name_like(name)}, say"
    )


def _spaced_model(name: str) -> str:
    """Why a checkpoint may not be written as ``name``, whose file's name begins with a space: `--out ' m.safetensors'`
    (a space pasted or typed inside the quotes) trained and wrote " m.safetensors", a name that ``--checkpoint
    m.safetensors`` does not find, and `--out 'runs/ .safetensors'` a file named " .safetensors", no name at all."""
    return (
        f"{name_seen(name)} begins its file's name with a space, which the next command typed without it does not "
        f"find; give {_checkpoint_name_like(name)}, say"
    )


def _checkpoint_name_like(name: str) -> str:
    """The name to offer in place of ``name``, one a checkpoint is written as: spaces at its ends left out, the dots
    that would hide it too, and ending in .safetensors (in place of another model's ending). Each refusal made its
    own, and some were refused in their turn: `--out 'runs/ '` was offered runs/.safetensors, a hidden file."""
    bare = _seen_by_ls(name.strip())
    stem, suffix = os.path.splitext(bare)
    if suffix == CHECKPOINT_SUFFIX:
        return bare
    other = suffix.lower() in (*_OTHER_MODEL_SUFFIXES, CHECKPOINT_SUFFIX)
    return _seen_by_ls((stem if other else bare) + CHECKPOINT_SUFFIX)


def _seen_by_ls(name: str) -> str:
    """``name`` with the spaces and dots that begin its file's name left out (``model`` where nothing else is left
    before .safetensors): a name to offer, never a hidden file's."""
    base = os.path.basename(name)
    shown = base.strip().lstrip(".")  # `runs/ .safetensors`: a space before the dot hid nothing, yet named nothing
    if shown.lower() == CHECKPOINT_SUFFIX.lstrip("."):
        shown = "model" + CHECKPOINT_SUFFIX
    return name[: len(name) - len(base)] + shown if shown != base else name


def _foreign_kind(path: Path) -> str | None:
    """What the file starts as ("a PNG picture", …), if it is one of :data:`_FOREIGN_STARTS`: a torch file named as
    a run's training state is called that, as training's commands call it ("a zip archive, as torch.save writes (a
    .pt file?)" was all ``rowreader evaluate --checkpoint m.state.pt`` said)."""
    if (start := _first_bytes(path, _TEXT_SHOWN_BYTES)) is None:
        return None
    kind = next((kind for magic, kind in _FOREIGN_STARTS.items() if start.startswith(magic)), None)
    if start[:1] == b"\x80" and start[2:3] in (b"", b"\x00"):  # no pickle opcode is 0: a safetensors header's
        kind = None  # length of 640, 896, 1,152 or 1,408 bytes (80 02 00 …), in a file cut short, is no pickle
    if start[:2] == b"BM" and start[6:10] != bytes(4):  # a BMP's four reserved bytes are 0: a CSV whose first
        kind = None  # column is "BMI" was "a BMP picture" (the seventeenth round's text property met it)
    if kind is not None and "torch.save" in kind and path.name.endswith(TRAINING_STATE_SUFFIX):
        return TRAINING_STATE
    return kind or text_kind(start)


_TEXT_SHOWN_BYTES = 64  # enough of a text file's first line to recognise it (a CSV's header, a JSON's opening)


def checkpoint_beside(state: Path) -> str:
    """The checkpoint a run's training state (``m.state.pt``) was written beside (``m.safetensors``, another suffix
    ``--out`` gave, or none: ``m``), or words for it where none is there: what to give instead of the state. A run of
    ``--out m`` was not found, and a run of ``--out m.safetensors`` then wrote over its state and metrics unwarned."""
    stem = state.name.removesuffix(TRAINING_STATE_SUFFIX)
    if stem == state.name:  # not named as training names a state: no checkpoint's name follows from it
        return "the checkpoint written beside it"
    named = [*state.parent.glob(f"{glob.escape(stem)}.*"), state.parent / stem]
    beside = sorted(p for p in named if p.stem == stem and is_checkpoint(p))
    return str(beside[0]) if beside else "the checkpoint written beside it"


def _size(path: str | os.PathLike[str]) -> int:
    """The bytes ``path`` holds (none: a file that failed to be written, a `touch` of the name); -1 where unseen."""
    try:
        return os.stat(path).st_size
    except OSError:
        return -1


def _read(path: str | os.PathLike[str], tensors: bool) -> tuple[ReaderConfig, dict[str, Any], dict[str, np.ndarray]]:
    """The checked config and metadata of a checkpoint file, and its tensors if asked (else none are read).

    Everything the header says is checked before a tensor is read (their names, shapes and types against the
    config), and the file is read, never memory-mapped (``rowreader.tensor_file`` says why)."""
    try:
        with open_regular_file(path, "checkpoint") as file:  # read as opened: a FIFO swapped in hung the read
            try:
                header = read_header(file)
            except ValueError as err:
                raise _unreadable(path, err) from err
            config, metadata = _checked_header(path, header.metadata)
            if not tensors:
                return config, metadata, {}
            # Shapes come from the config alone (nothing allocated), so a header that asks for a huge model, or
            # declares tensors the model lacks, is refused before any weight is read.
            if (mismatch := weights_mismatch(config, header.tensors)) is not None:
                raise CheckpointError(f"{path}: {mismatch}")
            for name, declared in header.tensors.items():
                if declared.dtype != "F32":
                    raise CheckpointError(f"{path}: tensor {name} is {declared.type_name}, the model needs float32")
            try:
                return config, metadata, read_tensors(file, header)
            except ValueError as err:
                raise CheckpointError(f"{path}: {err}") from err
    except OSError as err:
        if str(err).startswith(f"{path}: "):  # open_regular_file's words: a file swapped since it was checked
            raise CheckpointError(str(err)) from err
        raise CheckpointError(f"{path}: cannot read this checkpoint ({err.strerror or err})") from err


def not_a_checkpoint(path: str | os.PathLike[str]) -> CheckpointError | None:
    """Why the file at ``path`` is plainly no model, told by its first bytes (empty, a picture, a torch file, text)
    or else by what is wrong with its header, once that fails to read (as loading would), or None: cheap enough for
    a command line's check before anything loads, as ``python -m gui`` refuses a folder (`--checkpoint seven.png`
    opened the window on the shipped model, a dialog saying why). A header that reads is a model's whatever its
    first bytes: those are its length, and 1,408 bytes (``80 05``) start as a pickle does, so the app refused a real
    model a note of 135 characters had made."""
    try:
        with open_regular_file(path, "checkpoint") as file:
            read_header(file)
    except CutShort as err:  # a header's length past the file's end (2^63): no model, whatever its first bytes
        return _unreadable(path, err)  # as loading it says: the app and bench_gui_latency said only its second half
    except OSError:
        return _foreign(path)
    except ValueError as err:  # no safetensors header (1-7 bytes, a length of 0, JSON not an object), as loading says:
        # `gui.screenshot --checkpoint` passed such a file, made its window, then ended "no model", status 1
        return _unreadable(path, err)
    return None


def refused_model_file(flag: str, path: str | os.PathLike[str]) -> str | None:
    """Why a command line's model file (``flag PATH``) is refused before anything loads, in its refusal's words, or
    None: missing, no regular file, or plainly no model (:func:`not_a_checkpoint`). The app refused such a file so,
    but its screenshot commands made the window first and then said "no model: …", status 1."""
    try:
        regular_file(path, "checkpoint")
    except FileNotFoundError as err:  # and why, as the commands say it: `~ann/m` or a pattern left as typed
        return f"{flag}: {err}"
    except OSError as err:  # a folder, a pipe, a device: said as such
        return f"{flag} {err}"
    why = not_a_checkpoint(path)  # a picture, a file cut short: as plainly no model as a folder
    return None if why is None else f"{flag} {why}"


def refuse_model_file(parser: ArgumentParser, path: str | os.PathLike[str] | None, flag: str = "--checkpoint") -> None:
    """``parser.error`` (the command line refused, status 2) where ``path`` is given and :func:`refused_model_file`
    refuses it: six benchmarks loaded torch (3 s, 1.6 s of CPU) before saying a model was not there. Called once
    a command's own checks of its line are done, so theirs are said first, no model read."""
    if path is not None and (why := refused_model_file(flag, path)) is not None:
        parser.error(why)


def _foreign(path: str | os.PathLike[str]) -> CheckpointError | None:
    """Why the file at ``path``, whose header did not read, is plainly no model, told by its first bytes; or None."""
    if _size(path) == 0:  # "header too small", as if a header had been cut
        error = CheckpointError(f"{path}: an empty file (0 bytes), not a model checkpoint")
        error.kind = "an empty file"  # what it is, for a list of models (the app's Models menu)
        return error
    if (kind := _foreign_kind(Path(path))) is not None:  # "header too large" told a user nothing about a PNG
        give = f"; give {checkpoint_beside(Path(path))}" if kind == TRAINING_STATE else ""
        error = CheckpointError(f"{path}: {kind}, not a model checkpoint{give}")
        error.kind = kind
        return error
    return None


# What to do with a model file cut short, said by every command that reads one (the app's Open model… too): a
# guess between "truncated or foreign?" was all it said. Training's --resume says its own (``training.resume``).
CUT_SHORT_REMEDY = "copy it again whole from where it came, or choose another model"
# What only a checkpoint's header holds: its format, its config's first key, the library_version its metadata
# records (safetensors writes these in no set order: the shipped model's first 100 bytes hold the last alone).
_OURS = (f'"format":"{FORMAT}"'.encode(), b'"config":"{\\"input_size\\": ', b'\\"library_version\\": ')


def _unreadable(path: str | os.PathLike[str], err: ValueError) -> CheckpointError:
    """Why the file at ``path`` is no safetensors file, in the words that fit it best."""
    if (foreign := _foreign(path)) is not None:
        return foreign
    if isinstance(err, CutShort) and _begins_as_ours(path):
        what = "a RowReader checkpoint cut short, not a whole model"
        return CheckpointError(f"{path}: {what}: {err}; {CUT_SHORT_REMEDY}")
    if isinstance(err, GrownPast) and _begins_as_ours(path):  # "truncated or foreign?" of a file too long
        what = f"a RowReader checkpoint with {err.extra:,} bytes after its end, not a model as saved"
        return CheckpointError(f"{path}: {what}: {err}; {CUT_SHORT_REMEDY}")
    # no guess: "(truncated or foreign?)" was said of a whole file past a header's limits, ``err`` says what is wrong
    error = CheckpointError(f"{path}: not a readable safetensors file: {err}")
    if not isinstance(err, CutShort | GrownPast):  # one cut short or grown is "damaged"; the rest is what it says
        error.reason = str(err)
    return error


def cut_short(path: str | os.PathLike[str]) -> str | None:
    """Why the file at ``path`` is a checkpoint of ours cut short (where its header or its data ends too soon), or
    None: training names such a file at its --out so, not as a file it did not write."""
    try:
        with open_regular_file(path, "checkpoint") as file:
            read_header(file)
    except CutShort as err:
        return str(err) if _begins_as_ours(path) else None
    except (OSError, ValueError):
        return None
    return None


def without_remedy(error: BaseException | str) -> str:
    """``error``'s words less :data:`CUT_SHORT_REMEDY`, for a caller that says its own (the app of its shipped model,
    a teach, training of a file it would write over): two remedies, one about choosing a model to open, confused."""
    return str(error).removesuffix(f"; {CUT_SHORT_REMEDY}")


def _begins_as_ours(path: str | os.PathLike[str]) -> bool:
    """Whether the file at ``path`` begins as a checkpoint of ours does, its header (a JSON object from byte 8, the
    length its first 8 bytes say) naming the format or the config in the bytes it holds (the shipped model's first
    100 do): a file cut short that does not is said as before. Looked for anywhere in the first 64 KiB, the words
    made a tar of a whole model (its header at byte 512) "a RowReader checkpoint cut short"."""
    if (start := _first_bytes(path, 65_536)) is None:  # a checkpoint's header is a few kB
        return False
    header = start[8 : 8 + int.from_bytes(start[:8], "little")]
    return header.startswith(b"{") and any(mark in header for mark in _OURS)


def _first_bytes(path: str | os.PathLike[str], count: int) -> bytes | None:
    """The first ``count`` bytes of the regular file at ``path``; None for anything else. Each look at a file found
    no model opens it again by its name: a named pipe swapped in meanwhile was waited on for a writer, for ever."""
    try:
        with open_regular_file(path) as file:
            return file.read(count)
    except (OSError, ValueError):
        return None


def _checked_header(path: str | os.PathLike[str], header: dict[str, str]) -> tuple[ReaderConfig, dict[str, Any]]:
    """The config and metadata a checkpoint's ``__metadata__`` holds, checked; CheckpointError says what is wrong."""
    if header.get("format") != FORMAT:
        error = CheckpointError(f"{path}: not a RowReader checkpoint (no '{FORMAT}' header)")
        error.kind = "a safetensors file of another program"  # sound as such: the Models menu said "damaged"
        raise error
    if (version := header.get("format_version")) != FORMAT_VERSION:
        # a model from a newer RowReader was refused without a word of what to do
        number = isinstance(version, str) and version.isascii() and version.isdigit() and len(version) < 10
        newer = number and int(version) > int(FORMAT_VERSION)
        advice = ": a newer RowReader wrote it; update RowReader to read it" if newer else ""
        error = CheckpointError(
            f"{path}: checkpoint format version {shown(version)}; this library reads {FORMAT_VERSION!r}{advice}"
        )
        error.newer = bool(newer)
        raise error
    if "config" not in header:  # it was "damaged model config or metadata: 'config'", a KeyError's words
        raise CheckpointError(f"{path}: damaged checkpoint: its header holds no model config")
    try:
        config = ReaderConfig.from_dict(parse_json(header["config"], unique_keys=True))
        metadata = _plain_json(check_metadata(parse_json(header.get("metadata", "{}"), unique_keys=True)), copy=False)
    except (ValueError, TypeError) as err:
        error = CheckpointError(f"{path}: damaged model config or metadata: {err}")
        error.reason = f"damaged model config or metadata: {err}"  # a key named twice: the Models menu says which
        raise error from err
    return config, metadata


def read_metadata(path: str | os.PathLike[str]) -> dict[str, Any]:
    """A checkpoint's recorded metadata, checked as :func:`load_checkpoint` checks it, without reading a weight.

    For listing models (the app's Models menu): cheap, and a damaged or foreign file raises
    :class:`CheckpointError` instead of handing out values of the wrong type.
    """
    return _read_header(path)[1]


def read_config(path: str | os.PathLike[str]) -> ReaderConfig:
    """A checkpoint's network, checked as :func:`read_metadata` checks the metadata, without reading a weight."""
    return _read_header(path)[0]


def _read_header(path: str | os.PathLike[str]) -> tuple[ReaderConfig, dict[str, Any]]:
    try:
        regular_file(path, "checkpoint")
        return _read(path, tensors=False)[:2]
    except OSError as err:
        error = CheckpointError(str(err))
        # a folder, a pipe or a device: the Models menu said "damaged" of one (a kernel's file is "a file" there)
        if isinstance(err, IsADirectoryError | NotARegularFileError) and (kind := what_is_there(path)) != "a file":
            error.kind = kind
        raise error from err


def load_checkpoint(path: str | os.PathLike[str], device: str | torch.device | None = None) -> Checkpoint:
    """Load a checkpoint written by :func:`save_checkpoint` (on any device), without torch.

    With ``device``, the torch module is also built there at once (``checkpoint.reader``), for training or
    GPU evaluation.
    """
    if device is not None:  # checked first: a device that is not there was refused only once the file had been read
        device = _a_device(device)
    regular_file(path, "checkpoint")  # its refusals (no such file, a folder) as they are; then named as given
    config, metadata, weights = _read(path, tensors=True)  # read-only arrays, their names, shapes and types checked
    for name, array in weights.items():
        if not np.isfinite(array).all():
            raise CheckpointError(f"{path}: tensor {name} contains NaN or infinite values")
    checkpoint = _of_file(config, weights, metadata, Path(path))
    try:  # finite weights can still overflow float32 once folded: refuse here, not in every caller's stream()
        if not surely_streams(config, weights):  # folded only where a bound cannot vouch: 3.8 s for a 200 MB network
            checkpoint.stream()
    except ValueError as err:
        raise CheckpointError(f"{path}: {err}") from err
    if device is not None:
        checkpoint._keep(device)
    return checkpoint


def file_holds(path: str | os.PathLike[str], checkpoint: Checkpoint) -> bool:
    """Whether the checkpoint file at ``path`` holds ``checkpoint`` (its network, weights and metadata; raises as
    :func:`load_checkpoint` does for a file that is no checkpoint). ``load_checkpoint(path) == checkpoint`` says the
    same, but builds a stream to check the weights first: 1 to 5 s for a 200 MB model (0.15 s here), the app's window
    frozen at Ctrl+T while it asked whether the model in use was still its file's."""
    regular_file(path, "checkpoint")
    config, metadata, weights = _read(path, tensors=True)
    return _of_file(config, weights, metadata, checkpoint.path) == checkpoint


def _of_file(
    config: ReaderConfig, weights: dict[str, np.ndarray], metadata: dict[str, Any], path: Path | None
) -> Checkpoint:
    """A checkpoint of what :func:`_read` read, its metadata kept as parsed: ``_checked_header`` checked it as
    :func:`checked_metadata` does, and a second copy of it (which a ``Checkpoint`` made by hand takes, to own what its
    caller keeps writing) was another 0.4 GB at the 16 MB a header then held (5.3 million empty lists: 0.83 GB peak)."""
    checkpoint = Checkpoint(config, weights, None, path)
    checkpoint.metadata = metadata
    return checkpoint


def is_checkpoint(path: str | os.PathLike[str]) -> bool:
    """True if ``path`` is a regular file whose safetensors header says it is a RowReader checkpoint.

    Reads the header only: training uses it to tell its own earlier output from a file it must not overwrite.
    """
    try:
        with regular_file(path, "checkpoint").open("rb") as file:
            return read_header(file).metadata.get("format") == FORMAT
    except (OSError, ValueError):
        return False


def is_shipped(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is a model shipped in the package, ours or the seed model beside it (by any name or link):
    ``save_checkpoint(load_pretrained().path, checkpoint, {"note": …})`` replaced it inside the installed package,
    its recorded accuracy and recipe gone, and every later ``load_pretrained()`` and start of the app read the
    replacement, with no way back but a reinstall (the seed model, which the app compares with, was still written
    over so). So is another installation's (a second clone, another virtualenv's package): a fine-tune run from
    a clone with ``--out`` the installed package's model wrote over it, unrefused, though the app reads it."""
    shipped = pretrained_path()
    for model in (shipped, shipped.with_name(SEED_NAME)):
        try:
            if os.path.samefile(path, model):
                return True
        except (OSError, TypeError, ValueError):  # nothing there yet, or no path: the atomic write says what is wrong
            continue
    try:
        real = Path(os.path.realpath(path))
    except (TypeError, ValueError):
        return False
    package = real.parent.parent  # <package>/pretrained/<model>, beside the very module that loads it
    return (
        real.name in (PRETRAINED_NAME, SEED_NAME)
        and real.parent.name == "pretrained"
        and package.name == "rowreader"
        and (package / "checkpoint.py").is_file()
        and real.is_file()
    )


def pretrained_path() -> Path:
    """Where the shipped checkpoint lives inside the installed package."""
    return Path(str(resources.files("rowreader") / "pretrained" / PRETRAINED_NAME))


def load_pretrained(device: str | torch.device | None = None) -> Checkpoint:
    """Load the model shipped with the package (trained by ``python -m training.fit``, see the README)."""
    path = pretrained_path()
    if not path.exists():
        raise CheckpointError(
            f"no pretrained model is shipped in this installation (expected {path}); "
            "train one with `python -m training.fit` and pass it with --checkpoint"
        )
    return load_checkpoint(path, device)
