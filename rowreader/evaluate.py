"""Accuracy after every row: how soon the reader knows the digit. Shared by the CLI and by training."""

from __future__ import annotations

import os
import threading
import weakref
from typing import NamedTuple

import numpy as np

from rowreader.needs_torch import needing_torch

with needing_torch("rowreader.evaluate (accuracy after every row)"):
    import torch

from rowreader.caller_values import (
    as_floats,
    channel_hint,
    host_array,
    lacked_float,
    objects_held,
    pixel_hint,
    tensor_values,
    value_text,
)
from rowreader.checkpoint import Checkpoint
from rowreader.device import resolve_device
from rowreader.model import CLASSES, COLUMNS, ROWS, is_whole
from rowreader.network import NO_WEIGHTS_ON_META, RowReader
from rowreader.stream import UNSURE_BELOW, decided_at, first_sure

ArrayLike = np.ndarray | torch.Tensor | list | tuple


class Evaluation(NamedTuple):
    """What one batched reading of labelled digits gives (:func:`evaluate_rows`)."""

    curve: np.ndarray  # float64 [28]: the fraction read right after row k = 1 … 28 (evaluate_curve's)
    decided: np.ndarray  # int64 [N]: each digit's decided row, 1 … 28, 0 if never (rowreader.decided_at's)
    answers: np.ndarray  # int64 [N]: each digit's top class after the last row; -1 where it holds NaN (no answer)
    sure_row: np.ndarray  # int64 [N]: the first row whose top digit holds ``sure``, 0 if none (first_sure's)
    sure_answer: np.ndarray  # int64 [N]: that row's top digit, the answer given there; -1 where none is sure


def _as_tensor(values: ArrayLike, name: str) -> torch.Tensor:
    """``values`` as a tensor torch can read. A masked pixel is paper (0), as everywhere else in the library: a
    batch masked whole was read through the mask, 98 % right; an array of objects failed in torch's words (its list
    of the fourteen dtypes it reads). A list or tuple (of digit tensors, of labels as ints: the worked study's
    ``[d.label for d in pen]``) is read as its values, as the stream reads one: it was refused as no array."""
    original = values
    if isinstance(values, list | tuple):
        try:
            values = np.asarray(host_array(values))
        except ValueError as err:  # digits of two shapes: NumPy's "inhomogeneous shape after 1 dimensions"
            raise ValueError(f"{name}: a list that is not one array of values to read ({err})") from None
    if isinstance(values, np.ndarray):
        values = as_floats(values, name)  # Fractions, Decimals
        if values.dtype.kind not in "biuf":
            # fetch_openml's MNIST holds its labels as text, '5'
            how = f"; digits as text? {_as_ints(original)}" if name == "labels" and _text(values) else ""
            how = how or (f" holding {objects_held(values)}" if values.dtype == object else "")
            raise TypeError(f"{name} must hold real numbers, got an array of {values.dtype}{how}")
        values = np.ma.filled(values, 0)
        if values.dtype.kind == "f" and values.dtype.itemsize > 8:  # torch has no long double: failed in its words
            values = values.astype(np.float64)
        if not values.dtype.isnative:  # torch reads only the machine's byte order: a file's >f4 failed in its words
            values = values.astype(values.dtype.newbyteorder("="))
        if not values.flags.c_contiguous:
            return torch.from_numpy(values.copy())
        if values.flags.writeable:
            return torch.from_numpy(values)
        # A read-only array (np.load(..., mmap_mode="r")) is shared, never written: each batch the reader gets is its
        # own copy. It was copied whole, torch wanting memory it may write: 157 MB more for 200,000 digits.
        try:
            return torch.from_dlpack(values)  # torch.from_numpy warns of a read-only array
        except (BufferError, TypeError):  # NumPy before 2.1 exports no read-only array
            return torch.from_numpy(values.copy())
    if isinstance(values, torch.Tensor):
        try:
            return tensor_values(values)  # dense, float8 as float32; a meta or nested one refused in words
        except ValueError as err:
            raise ValueError(f"{name}: {err}") from None
    raise TypeError(f"{name} must be a NumPy array or a torch tensor, got {type(values).__name__}")


def _as_ints(labels: ArrayLike) -> str:
    """The call that makes ``labels`` integers, in the caller's own type: a list has no ``astype``."""
    if isinstance(labels, torch.Tensor):
        return "labels.long()"
    return "labels.astype(int)" if isinstance(labels, np.ndarray) else "[int(label) for label in labels]"


def _text(values: np.ndarray) -> bool:
    """Whether ``values`` are text (fetch_openml's labels, '5', are an array of objects holding it): a list holding a
    None or an int past int64 is an array of objects too, and was asked "digits as text?"."""
    if values.dtype.kind == "O":
        return values.size > 0 and all(isinstance(value, str | bytes) for value in values.flat)
    return values.dtype.kind in "US"


def _extremes(images: torch.Tensor) -> tuple[int, int]:
    """The least and largest of integer ``images``. torch has no min or max of uint16…uint64: int64 holds them
    (uint64's top half wraps negative: no mask), 4,096 digits at a time (200,000 uint16 digits were copied whole
    into int64, 1.25 GB)."""
    if images.dtype not in (torch.uint16, torch.uint32, torch.uint64):
        return images.min().item(), images.max().item()
    parts = [(part.min().item(), part.max().item()) for part in (part.long() for part in images.split(4096))]
    return min(low for low, _ in parts), max(high for _, high in parts)


def _integer_mask(images: torch.Tensor) -> bool:
    """Whether integer ``images`` are a mask, as the library reads them: only 0s and 1s are one, as ``to_mnist`` and
    the stream read one (a uint8 mask, ``(images > 127).astype(np.uint8)``, was read as 0…255, nearly blank, 13 %
    right without a word, where the stream read the same array 99 % right); else uint8 is 0…255 (``load_mnist``'s)
    and the rest refused. A mask is read as it is, its 0s and 1s the pixels (a boolean copy of it, whole, was 157 MB
    more for 200,000 digits)."""
    if images.is_complex():
        raise TypeError(f"images must hold real numbers, got {images.dtype}")
    low, high = _extremes(images)
    if low >= 0 and high <= 1:
        return True
    if images.dtype != torch.uint8:
        raise TypeError(
            f"images must be uint8 (0…255), a mask (booleans, or integers holding only 0s and 1s) or floating point "
            f"pixels in [0, 1], got {images.dtype}"
        )
    return False


def _read_as(reader: torch.nn.Module) -> torch.dtype:
    """The floating type of ``reader``'s weights, which its input must have: a module of one's own in float64 or half
    failed as "mat1 and mat2 must have the same dtype, but got Float and Double" (a RowReader casts for itself)."""
    return next((p.dtype for p in reader.parameters() if p.is_floating_point()), torch.float32)


def _where(reader: torch.nn.Module) -> torch.device:
    """The device of ``reader``'s weights: a RowReader says it; any other module (a student's own reader by rows, a
    compiled one) failed as "'Sequential' object has no attribute 'device'"."""
    if isinstance(reader, RowReader):
        return reader.device
    return next((p.device for p in reader.parameters()), torch.device("cpu"))


# One evaluation of a module at a time: each sets its eval mode and restores the mode it found, so two at once (threads
# scoring test sets of one model) each read the other's restored train mode: a module with dropout scored 0.939 where
# it scores 0.992, 4 of 20 curves wrong, and was left in eval mode 2 times in 5. The others wait their turn.
_TURNS: weakref.WeakKeyDictionary[torch.nn.Module, threading.Lock] = weakref.WeakKeyDictionary()
_TURNS_LOCK = threading.Lock()


def _fresh_turns() -> None:
    """A forked child's locks: one held by a thread of the parent (an evaluation under way) would be held for ever."""
    global _TURNS_LOCK
    _TURNS_LOCK = threading.Lock()
    _TURNS.clear()


if hasattr(os, "register_at_fork"):  # not on Windows
    os.register_at_fork(after_in_child=_fresh_turns)


def _turn(reader: torch.nn.Module) -> threading.Lock:
    """The lock held while ``reader`` is evaluated (made once per module, kept as long as the module is)."""
    with _TURNS_LOCK:
        return _TURNS.setdefault(reader, threading.Lock())


def evaluate_rows(
    reader: RowReader | Checkpoint,
    images: ArrayLike,
    labels: ArrayLike,
    device: str | torch.device | None = None,
    batch_size: int = 2000,
    sure: float = UNSURE_BELOW,
) -> Evaluation:
    """:func:`evaluate_curve`'s accuracy after every row and, from the same forward pass, each digit's decided row
    (:func:`rowreader.decided_at` of the softmax, batch first: 0 where the final answer ends under ``sure``), final
    answer, and first sure row and the answer there (:func:`rowreader.first_sure`: where a reader that stops once
    its top digit holds ``sure`` stops, and what it says), taken as :class:`Evaluation`. A study of how early the
    reader decides needs them all, and reading the digits twice (the curve, then a stream for the rows) doubled its
    time. A digit whose logits hold NaN is never decided nor sure, and one whose last row holds NaN has answer -1:
    the curve counts it wrong (argmax took NaN for the top).
    """
    return _evaluate(reader, images, labels, device, batch_size, rows=True, sure=sure)


def evaluate_curve(
    reader: RowReader | Checkpoint,
    images: ArrayLike,
    labels: ArrayLike,
    device: str | torch.device | None = None,
    batch_size: int = 2000,
) -> np.ndarray:
    """Fraction of ``images`` whose top class after row k is the label, for k = 1 … 28: float64 ``[28]``. Logits
    that tie give the lowest of the digits tied (as ``argmax`` everywhere); a prediction holding NaN counts as wrong.

    ``images`` are ``[N, 28, 28]``, uint8 0…255 (as :func:`rowreader.load_mnist` returns them), floats in
    [0, 1], or a mask (booleans, or integers holding only 0s and 1s: 1 = ink, as ``to_mnist`` and the stream read
    one; ``images > 127`` was refused as "uint8 or floating point"); ``labels`` are ``[N]`` integers. Runs the
    reader's batched ``forward`` on ``device`` (``auto | cpu | cuda | cuda:N`` or a torch device; default: where the
    reader is), which must be where the reader is: moving the caller's model behind its back would surprise.
    The reader's train/eval mode is restored afterwards, so training loops can call this between epochs; threads
    evaluating one module at once take turns.
    Any torch module that maps ``[B, 28, 28]`` to logits ``[B, 28, 10]`` is read the same way (a model of one's own
    to compare with). A :class:`~rowreader.checkpoint.Checkpoint` is read by its torch module
    (``checkpoint.reader``): given ``load_pretrained()`` it failed as "'Checkpoint' object has no attribute 'device'".
    """
    return _evaluate(reader, images, labels, device, batch_size, rows=False).curve


def _evaluate(
    reader: RowReader | Checkpoint,
    images: ArrayLike,
    labels: ArrayLike,
    device: str | torch.device | None,
    batch_size: int,
    rows: bool,
    sure: float = UNSURE_BELOW,
) -> Evaluation:
    """The checks and the batched reading behind :func:`evaluate_curve` and :func:`evaluate_rows`; ``rows``: also
    each digit's decided row, final answer and first sure row and answer (empty arrays without)."""
    checkpoint = isinstance(reader, Checkpoint)
    if checkpoint:
        reader = reader.reader
    elif not isinstance(reader, torch.nn.Module):
        raise TypeError(f"reader must be a RowReader, a Checkpoint or a torch module, got {type(reader).__name__}")
    if np.ma.is_masked(labels):  # filled with 0 as a masked pixel is: an unknown digit was scored as a 0
        raise ValueError(
            "labels has masked entries (digits of no known class): leave them out, with their images: "
            "keep = ~np.ma.getmaskarray(labels); evaluate_curve(reader, images[keep], labels[keep])"
        )
    x, y = _as_tensor(images, "images"), _as_tensor(labels, "labels")
    if x.dim() != 3 or tuple(x.shape[1:]) != (ROWS, COLUMNS):
        hint = channel_hint(x.shape, (*x.shape[:1], ROWS, COLUMNS))  # len() of a 0-d tensor failed
        raise ValueError(f"images must have shape [N, {ROWS}, {COLUMNS}], got {list(x.shape)}{hint}")
    if y.dim() != 1 or len(y) != len(x):
        raise ValueError(f"labels must have shape [{len(x)}] to match the images, got {list(y.shape)}")
    if len(x) == 0:
        raise ValueError("no images to evaluate")
    bytes_of_255 = x.dtype == torch.uint8  # load_mnist's, divided by 255 below
    if x.dtype != torch.bool and not x.is_floating_point():
        bytes_of_255 = not _integer_mask(x)
    if x.is_floating_point():  # MNIST cast to float but not divided by 255 scored 12.8 % without a word; NaN, 99.3 %
        # in their own type (a float16's 1.2 was "1.2002"); bfloat16's, held as float32 (tensor_values), written as
        # bfloat16: its -0.3 was "-0.300781", its test here on x, which is never bfloat16, never true
        held = lacked_float(images)
        low, high = (t.cpu().numpy()[()] for t in x.aminmax())
        if not (low >= 0.0 and high <= 1.0):
            hint = pixel_hint(low, high)  # as the stream's
            shown = f"{value_text(low, held=held)}…{value_text(high, held=held)}"
            raise ValueError(f"float images must hold pixels in [0, 1] (ink = 1), got {shown}{hint}")
    if y.is_floating_point() or y.is_complex() or y.dtype == torch.bool:
        how = f"; {_as_ints(labels)} reads them" if y.is_floating_point() else ""  # a CSV's labels, 5.0
        # astype(int) made 3.5 a 3 without a word, and inf or 1e30 (whole, past int64) its lowest: no hint then
        if how and not (whole := (y == y.round()) & (y.abs() < 2.0**63)).all():
            how = f", {value_text(y[~whole][0].item(), held=lacked_float(labels))} among them, no digit"
        # said in the caller's own type: a NumPy array's float64 was "torch.float64"; a list has no dtype (it failed
        # as "'list' object has no attribute 'dtype'"): named by its values'
        held = f"a {type(labels).__name__} of {str(y.dtype).removeprefix('torch.')}"
        raise TypeError(f"labels must be integers, got {getattr(labels, 'dtype', held)}{how}")
    y = y.long()  # torch has no min or max of uint16…uint64: '"min_all" not implemented for 'UInt32''
    if not 0 <= y.min().item() <= y.max().item() < CLASSES:  # labels 1…10 (one-based) scored about 0 % in silence
        raise ValueError(f"labels must be digits 0–{CLASSES - 1}, got {y.min().item()}…{y.max().item()}")
    if not is_whole(batch_size) or batch_size < 1:
        raise ValueError(f"batch_size must be a positive integer, got {batch_size!r}")
    first_sure(np.full((1, CLASSES), 1.0 / CLASSES), sure)  # ``sure`` refused before the reading, not after it
    # through resolve_device, as everywhere: "auto" (which load_checkpoint takes) and "gpu" failed in torch's words,
    # a list of twenty device types, and "cuda" without CUDA was told to move the reader there
    held = _where(reader)
    if held.type == "meta":  # it scored nothing, then failed as "Cannot copy out of meta tensor; no data!"
        raise ValueError(NO_WEIGHTS_ON_META)
    wanted = resolve_device(device) if device is not None else held
    device = held
    if wanted.type != device.type or wanted.index not in (None, device.index):
        # a checkpoint's reader was told "reader.to(device)", of a reader the caller never held: it is built on the CPU
        how, whose = "move it first (reader.to(device))", "reader"
        if checkpoint:
            on = f"device='{wanted}'"
            how, whose = f"load it there: load_checkpoint(path, {on}), load_pretrained({on})", "checkpoint's reader"
        raise ValueError(f"the {whose} is on {device}, not on {wanted}; {how}")

    dtype = _read_as(reader)
    wide = torch.promote_types(dtype, torch.float32)  # MNIST's bytes are divided in float32 at least
    correct = torch.zeros(ROWS, dtype=torch.int64, device=device)
    decided: list[np.ndarray] = []
    answers: list[np.ndarray] = []
    sure_rows: list[np.ndarray] = []
    sure_answers: list[np.ndarray] = []
    with _turn(reader):  # the mode set and restored by one evaluation at a time
        was_training = reader.training
        reader.eval()
        try:
            with torch.inference_mode():
                for start in range(0, len(x), batch_size):
                    batch = x[start : start + batch_size].to(device, non_blocking=True)
                    batch = batch.to(wide)  # bool: 0 and 1
                    # the reader's own copy: a module normalising its input in place (x.sub_(mean)) changed the
                    # caller's float images, halved by one that halves them, so a second evaluation read others
                    batch = (batch / 255.0 if bytes_of_255 else batch).to(dtype, copy=True)
                    truth = y[start : start + batch_size].to(device, non_blocking=True)
                    logits = reader(batch)
                    if tuple(logits.shape) != (len(batch), ROWS, CLASSES):  # [b, 10] broadcast into a [b, b] "curve"
                        raise ValueError(
                            f"the reader gave {list(logits.shape)} for {list(batch.shape)} images; evaluate_curve "
                            f"needs logits [B, {ROWS}, {CLASSES}], a prediction after every row"
                        )
                    hits = logits.argmax(dim=-1) == truth[:, None]  # [b, 28]; ties: the lowest digit, as NumPy's
                    # torch's argmax takes NaN for the top: a reader with a NaN bias for 3 scored MNIST 10.1 % (its 3s)
                    hits &= ~logits.isnan().any(dim=-1)  # a prediction of NaN is no answer: wrong
                    correct += hits.sum(dim=0)
                    if rows:
                        # an infinite logit is the limit it stands for, belief 1 (or 0): torch's softmax of +inf is
                        # NaN, and decided_at refused the whole batch (a half reader's logit past 65,504 overflows)
                        finite = logits.float().nan_to_num(nan=float("nan"))
                        beliefs = torch.softmax(finite, dim=-1)
                        lost = logits.isnan().any(dim=-1).any(dim=-1)
                        beliefs[lost] = 1.0 / CLASSES  # no answer: never decided, never sure (below, for any ``sure``)
                        beliefs, lost = beliefs.cpu().numpy(), lost.cpu().numpy()
                        decided.append(np.where(lost, 0, decided_at(beliefs, sure, batch_first=True)))
                        row, answer = first_sure(beliefs, sure, batch_first=True)
                        sure_rows.append(np.where(lost, 0, row))
                        sure_answers.append(np.where(lost, -1, answer))
                        last = logits[:, -1]  # NaN is no answer here too: argmax took it for the top
                        answers.append(last.argmax(dim=-1).masked_fill(last.isnan().any(dim=-1), -1).cpu().numpy())
        finally:
            reader.train(was_training)
    curve = correct.cpu().numpy().astype(np.float64) / len(x)

    def whole(parts: list[np.ndarray]) -> np.ndarray:
        return np.concatenate(parts).astype(np.int64) if rows else np.zeros(0, np.int64)

    return Evaluation(curve, whole(decided), whole(answers), whole(sure_rows), whole(sure_answers))
