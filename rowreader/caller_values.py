"""What a caller hands the library, as NumPy arrays, or refused in words: a torch tensor's values
(:func:`host_array`, :func:`tensor_values`), weights as read-only float32 arrays (:func:`float32_weights`), and
pixels of real numbers in [0, 1] (:func:`pixel_array`, then :func:`in_unit_range`), each refusal with a hint where
the values look like a form a student holds (0…255, normalised, a channel axis: :func:`pixel_hint`,
:func:`channel_hint`). Reading needs no torch: it is never imported here unless the caller holds a tensor.

Kept apart from :mod:`rowreader.stream`, which reads rows: the stream, the session, ``to_mnist``, ``evaluate_curve``,
a checkpoint, the pen renderer and the examples folder check what they are given here, alike.
"""

from __future__ import annotations

import decimal
import math
import sys
from collections.abc import Iterator, Mapping
from typing import TYPE_CHECKING

import numpy as np

from rowreader.json_text import shown
from rowreader.later import later
from rowreader.model import COLUMNS, MNIST_MEAN, MNIST_STD, ROWS, float_of, is_number, is_whole

if TYPE_CHECKING:
    import torch
else:  # reading imports no torch: it is imported when a type hint is read (typing.get_type_hints)
    torch = later(
        "torch", "Tensor", "complex32", "complex64", "dtype", "float16", "float32", "float64", "strided", "tensor"
    )


# A torch tensor handed to the NumPy side of the library. Reading needs no torch, but a student who has it holds
# tensors (forward's softmax, a torchvision digit), and NumPy could not take three kinds: one that requires grad
# ("Can't call numpy() on Tensor that requires grad"), a bfloat16 one ("Got unsupported ScalarType BFloat16") and
# one on a GPU ("can't convert cuda:0 device type tensor to numpy"). torch is never imported for it: without torch
# loaded, nothing can be a tensor.
def host_array(values: object) -> object:
    """``values`` unchanged, unless it is a torch tensor: then its values, detached and on the CPU, as a NumPy array.
    Floats NumPy lacks (bfloat16, float8) become float32, which holds each exactly, and a sparse tensor its dense
    values: a float8 tensor failed as "Got unsupported ScalarType Float8_e4m3fn", a sparse one as "can't convert
    Sparse layout tensor to numpy". A tensor on the meta device holds no values, a nested one no single shape:
    ValueError. A list or tuple holding tensors (``[digit, digit]``, rows ``torch.unbind`` gave) is a list of their
    values: NumPy read those that require grad, or bfloat16 ones, in torch's words ("Can't call numpy() on Tensor
    that requires grad", "Got unsupported ScalarType BFloat16")."""
    # getattr: while another thread imports torch (seconds) its module is in sys.modules half made, without Tensor:
    # 6 % of load_checkpoint calls in that time failed as "partially initialized module 'torch' has no attribute
    # 'Tensor'". No tensor can exist before Tensor does.
    tensor = getattr(sys.modules.get("torch"), "Tensor", None)
    if tensor is None:
        return values
    if isinstance(values, tensor):
        return np.asarray(tensor_values(values).cpu())
    return _tensors_in(values, tensor, 4)


def _tensors_in(values: object, tensor: type, depth: int) -> object:
    """``values`` with each torch tensor in its lists or tuples, ``depth`` deep at most, as its values (a batch of
    images as lists of rows is 3 deep; deeper is for NumPy to refuse: 5,000 deep was a RecursionError)."""
    if depth and isinstance(values, list | tuple) and any(isinstance(item, tensor | list | tuple) for item in values):
        return [
            host_array(item) if isinstance(item, tensor) else _tensors_in(item, tensor, depth - 1) for item in values
        ]
    return values


def tensor_values(tensor: torch.Tensor) -> torch.Tensor:
    """A torch tensor's values where it is (:func:`host_array` takes them to the CPU): detached, dense, bfloat16,
    float8 and quantised ones as float32, complex32 as complex64, a conjugate or negative view resolved; ValueError
    for one on the meta device or a nested one. ``evaluate_curve`` reads its images and labels so: a meta, sparse,
    nested or float8 tensor failed there in torch's words ("Tensor.item() cannot be called on meta tensors", "Could
    not run 'aten::min' with arguments from the 'SparseCPU' backend", '"min_all" not implemented for
    'Float8_e4m3fn''), a quantised one as "Creation of quantized tensor requires quantized dtype"."""
    import torch  # loaded already: the caller holds a tensor

    tensor = tensor.detach()
    if tensor.is_nested:  # its size() was "Internal error: NestedTensorImpl doesn't support sizes"
        raise ValueError("a nested tensor (of parts of different shapes) is not one array of values to read")
    if tensor.device.type == "meta":
        raise ValueError(f"a tensor on the meta device holds no values to read (shape {list(tensor.shape)})")
    if tensor.is_quantized:  # the values it stands for: "Got unsupported ScalarType QUInt8" in NumPy, torch's words
        tensor = tensor.dequantize()
    if tensor.dtype == torch.complex32:  # NumPy has none: "Got unsupported ScalarType ComplexHalf"; refused as complex
        tensor = tensor.to(torch.complex64)
    if tensor.layout != torch.strided:
        tensor = tensor.to_dense()
    if tensor.is_floating_point() and tensor.dtype not in (torch.float16, torch.float32, torch.float64):
        tensor = tensor.float()
    return tensor.resolve_conj().resolve_neg()


def is_flag(value: object) -> bool:
    """Whether ``value`` is a flag's True or False (NumPy's too, and 1 and 0 as whole numbers). Told by type first:
    ``value in (True, False)`` compared an array element by element, so ``force=np.zeros(3)`` was NumPy's "The truth
    value of an array with more than one element is ambiguous", and ``train=np.array(1)`` passed, to fail later as
    "unhashable type: 'numpy.ndarray'"; a duration, ``np.timedelta64(1, "s")``, passed as True."""
    return (isinstance(value, bool | np.bool_) or is_whole(value)) and value in (0, 1)


def flag_refused(name: str, value: object, flags: str = "True or False") -> TypeError:
    """The refusal of ``value`` given as the flag ``name`` (one of ``flags``), saying ``.item()`` where it is a 0-d
    or one-item array or tensor holding a flag: ``force=np.array(True)`` was "force must be True or False, got
    array(True)", the way to its value unsaid, though the docs promised it."""
    hint = ""
    try:
        if getattr(value, "size", None) == 1 or getattr(value, "numel", lambda: 0)() == 1:  # torch's size is a method
            hint = " (an array or tensor: .item() gives its value)" if is_flag(value.item()) else ""
    except (TypeError, ValueError, RuntimeError):  # an item() of no flag, or a meta tensor's: no hint
        pass
    return TypeError(f"{name} must be {flags}, got {shown(value)}{hint}")


def float32_weights(weights: Mapping[object, object]) -> dict[str, np.ndarray]:
    """``weights`` (tensor name → an array, nested lists, a torch tensor) as read-only float32 arrays, or an error
    naming the tensor: the one reading of weights given by hand, for a :class:`Checkpoint` and a stream alike. A name
    that is no text failed in the sort of a mismatch's names ("expected string or bytes-like object"), and a stream
    read text as the numbers it spelled, complex weights without their imaginary part, and failed on a torch module's
    parameters in torch's words ("Can't call numpy() on Tensor that requires grad")."""
    for name in weights:
        if not isinstance(name, str):
            raise TypeError(f"tensor names must be text, got {name!r} ({type(name).__name__})")
    return {name: _float32(name, values) for name, values in weights.items()}


def _float32(name: str, values: object) -> np.ndarray:
    """``values`` as a read-only float32 array (a copy unless it is one), or an error naming the tensor: float64
    weights beyond float32's range were saved as infinity, a file that never loaded."""
    try:
        array = np.asarray(host_array(values))
    except ValueError as err:  # a meta or nested tensor's words named no tensor
        raise ValueError(f"tensor {name}: {err}") from None
    if array.dtype.kind not in "biuf":
        raise TypeError(f"tensor {name} holds {array.dtype}, not real numbers")
    if array.dtype == np.float32 and _unchangeable(array):  # a loaded file's: no copy needed
        return array
    with np.errstate(over="ignore"):
        weights = array.astype(np.float32)  # a copy: the caller's array stays theirs to write
    if (np.isinf(weights) & np.isfinite(array)).any():
        raise ValueError(f"tensor {name} holds values beyond float32's range (±3.4e38)")
    weights.setflags(write=False)
    return weights


def _unchangeable(array: np.ndarray) -> bool:
    """Whether no one can write ``array``'s values: it is a read-only view of immutable bytes (a file's, read
    whole). A read-only view of the caller's own writable array, the caller's array made read-only (its owner may
    make it writable again) or a read-only memory-map of a file was kept as it was: the next training step (or the
    file written again) changed a checkpoint whose weights are read-only copies."""
    while isinstance(array, np.ndarray):
        if array.flags.writeable:
            return False
        array = array.base
    return isinstance(array, bytes)


def read_only(*arrays: np.ndarray) -> None:
    """Make ``arrays`` read-only: a copy's or a pickle's, whose arrays NumPy gives back writable where the original's
    were not (``copy.deepcopy`` and ``pickle`` do not keep the flag)."""
    for array in arrays:
        array.setflags(write=False)


def lacked_float(values: object) -> torch.dtype | None:
    """The float type of ``values`` where NumPy lacks it: a torch bfloat16 or float8 tensor, or a list or tuple of
    nothing else of one type (rows ``torch.unbind`` gave), whose values :func:`host_array` gives as float32. A
    refusal of them writes them as their own type holds them (:func:`value_text`'s ``held``). Asked once they are
    read as an array: at most as deep as NumPy's 64 axes, and the first item of another type ends it."""
    if isinstance(values, list | tuple):
        kinds = {lacked_float(item) for item in values} if values else {None}
        return kinds.pop() if len(kinds) == 1 else None
    dtype = getattr(values, "dtype", None)
    return dtype if str(dtype) == "torch.bfloat16" or str(dtype).startswith("torch.float8") else None


def value_text(value: float | np.number, *, held: torch.dtype | None = None) -> str:
    """A pixel value or a belief in a message, as ``{:g}`` writes it, except a NumPy float, written as its own type
    writes it (``{:g}`` goes through Python's float: a float16's -0.3 and 1.2 were "got -0.300049…1.2002", values
    no one gave), a long double beyond float64's range (1e400), which ``{:g}`` calls "inf" (the same pixels were
    "got 0…inf" here and "NaN or infinite" elsewhere), and a value a rounding error from 0 or 1, which it calls 0 or
    1 (1.0000000000000002 is written whole). An integer is written whole: int64 pixels of 2**62 were "got
    0…4.61169e+18", a value no one gave. ``held``: the torch type (bfloat16, float8: :func:`lacked_float`) that
    held the value, now float32: it is written in the fewest digits that give it back in that type, as torch rounds
    a Python float: bfloat16's -0.3 (-0.30078125) was "-0.300781", float8_e4m3fn's (-0.3125) "-0.3125"."""
    if isinstance(value, int | np.integer):
        return str(int(value))  # int(): a bool is 1, as {:g} wrote it
    if held is not None and np.isfinite(value):  # each bfloat16 or float8 value comes back from 9 digits or fewer
        import torch  # loaded already: the caller held a tensor

        # in an exponent only where {:g} writes one: MNIST's 255, 256 as float8, was "2.6e+02", a value no one gave
        texts = (f"{value:.{digits}g}" for digits in range(1, 10))
        texts = (t for t in texts if "e" not in t or "e" in f"{value:g}")
        if shortest := next((t for t in texts if torch.tensor(float(t), dtype=held).item() == value), None):
            return shortest  # None for a value the type does not hold: written as any other
    # a float's alone: abs() of int8's -128 overflowed, and NumPy's warning stood above the message
    if isinstance(value, np.floating) and np.isfinite(value) and abs(value) > np.finfo(np.float64).max:
        return str(value)
    text = f"{float(str(value)) if isinstance(value, np.floating) else value:g}"
    # a pixel a rounding error outside [0, 1] was "got 0…1", refused for lying outside what it said it was in
    return text if value in (0, 1) or float(text) not in (0, 1) else np.format_float_positional(value)


def _out_of_range(low: float, high: float, what: str, light_paper: bool, held: torch.dtype | None) -> str:
    """Why a row was refused. A NaN would poison the state of every later row; pixels of 0…255 (``load_mnist``'s
    uint8 digits fed as they are) were read without a word, and MNIST's test digits came out 13.5 % right."""
    if not (np.isfinite(low) and np.isfinite(high)):
        return f"{what} must hold finite pixel values (in [0, 1]), got NaN or infinity"
    shown = f"{value_text(low, held=held)}…{value_text(high, held=held)}"
    shown += pixel_hint(low, high, light_paper)
    return f"{what} must hold pixel values in [0, 1] (ink = 1), got {shown}"


# torchvision's MNIST examples normalise with Normalize((0.1307,), (0.3081,)): a pixel of 0 becomes this
_NORMALISED_PAPER = -MNIST_MEAN / MNIST_STD


def pixel_hint(low: float, high: float, light_paper: bool = False) -> str:
    """What to do with pixels from ``low`` to ``high`` (outside [0, 1]), said where they look like a form a student
    holds: 0…255 (``load_mnist``'s uint8 digits; above 2, as to_mnist reads floats as 0…255, so 1.0000000000000002
    is not told to divide by 255), or normalised as torchvision's MNIST examples do, -0.42…2.82, which was told to
    divide by 255 (then refused again for its negative paper), or to -1…1; the reader normalises pixels itself.
    Told by comparisons alone: ``low + 1`` of a white page's uint8 row (255) overflowed, NumPy's RuntimeWarning above
    the refusal, and under ``-W error`` (pytest's ``filterwarnings = error``) in its place. ``light_paper``: most
    pixels lie nearer ``high``, dark ink on light paper as a picture holds it (MNIST's 255 - x): told to divide it by
    255, the stream read its paper as ink, and 1,000 of MNIST's test digits so came out 12.0 % right (99.2 % through
    ``to_mnist``)."""
    if abs(low - _NORMALISED_PAPER) < 1e-3 and high <= (1 - MNIST_MEAN) / MNIST_STD + 1e-3:
        return (
            f"; normalised as torchvision's MNIST examples (Normalize(({MNIST_MEAN},), ({MNIST_STD},)))? the reader "
            f"normalises pixels itself: give them as they were, x * {MNIST_STD} + {MNIST_MEAN}"
        )
    if -1 - 1e-3 < low < -1 + 1e-3 and high <= 1 + 1e-3:  # Normalize((0.5,), (0.5,)), as GANs' examples do
        return "; normalised to -1…1 (Normalize((0.5,), (0.5,)))? give pixels in [0, 1]: (x + 1) / 2"
    if not (low >= 0 and 2.0 < high <= 255.0):
        return ""
    if light_paper:
        return "; dark ink on light paper, a picture? to_mnist(picture) makes the 28×28 input, ink = 1, as MNIST's"
    return "; divide 0…255 pixels (load_mnist's uint8 digits) by 255 first"


def channel_hint(shape: tuple[int, ...], wanted: tuple[int, ...]) -> str:
    """How to read ``shape`` where it is ``wanted`` with a channel axis of 1 before the two of pixels: torchvision's
    ``ToTensor`` makes a digit ``[1, 28, 28]`` and a DataLoader a batch ``[B, 1, 28, 28]``, the layout a researcher
    holds first, and the stream, ``forward``, ``evaluate_curve`` and the session refused it with the shapes alone.
    Or with its two axes of pixels flattened into one of 784: scikit-learn's ``fetch_openml("mnist_784")`` and MNIST
    as CSV hold a digit so, and each of them said only "expected (28, 28), got (784,)". Or with the channel axis
    last, as Keras's MNIST examples make it (``x.reshape(-1, 28, 28, 1)``), which was told the shapes alone too."""
    shape, wanted = tuple(shape), tuple(wanted)
    if len(shape) >= 1 and shape[-1] == ROWS * COLUMNS and (*shape[:-1], ROWS, COLUMNS) == wanted:
        how = "image.reshape(28, 28)" if len(shape) == 1 else "images.reshape(-1, 28, 28)"
        return f"; a flattened digit of {ROWS * COLUMNS} pixels (fetch_openml's mnist_784, a CSV)? {how}"
    if len(shape) >= 3 and shape[-1] == 1 and shape[:-1] == wanted:
        how = "image[..., 0]" if len(shape) == 3 else "images[..., 0]"
        return f"; drop its channel axis of 1 (Keras's layout, channels last): {how}"
    if len(shape) >= 3 and shape[-3] == 1 and shape[:-3] + shape[-2:] == wanted:
        return (
            f"; drop its channel axis of 1 (torchvision's layout): {'image[0]' if len(shape) == 3 else 'images[:, 0]'}"
        )
    # more axes of 1 about a digit: a DataLoader's batch of one ([1, 1, 28, 28], Keras's [1, 28, 28, 1]) was told the
    # shapes alone, where to_mnist named the index (rowreader.preprocess)
    for tail in (0, 1) if wanted == (ROWS, COLUMNS) else ():
        lead = len(shape) - len(wanted) - tail
        if (
            lead >= 1
            and shape[lead : len(shape) - tail] == wanted
            and {*shape[:lead], *shape[len(shape) - tail :]} == {1}
        ):
            index = ", ".join(["0"] * lead + ["...", "0"] * tail)
            return f"; a batch of one digit? it reads the digit alone: image[{index}]"
    return ""


def pixel_array(values: object, what: str, shape: tuple[int, ...]) -> np.ndarray:
    """``values`` (``what``, expected of ``shape``) as a NumPy array of real numbers, of any shape: TypeError for
    what holds none (complex rows lost their imaginary part with only a NumPy warning, and text failed as "could not
    convert string to float"), ValueError for ragged lists (NumPy's words were "inhomogeneous shape after 1
    dimensions"). The first of the checks that the stream and the session make of pixels given them: then the
    shape, each with its own hint, then :func:`in_unit_range`."""
    if values is None:  # it was "got an array of object"
        raise TypeError(f"expected {what} of shape {shape}, got None (to_mnist gives None for a picture with no ink)")
    if isinstance(values, str | bytes):  # "pixels must be real numbers in [0, 1], got an array of <U3"
        raise TypeError(f"expected {what} of shape {shape}, got {type(values).__name__} {shown(values)}")
    values = host_array(values)  # a torch tensor's values; before the try, whose ValueError is ragged lists
    # a batch of to_mnist's results, one of them None (a blank page), was "lists of different lengths"
    if isinstance(values, list | tuple) and any(value is None for value in values):
        why = " (to_mnist gives None for a picture with no ink: leave those out)" if len(shape) == 3 else ""
        raise TypeError(f"expected {what} of shape {shape}, got None among them{why}")
    try:
        array = np.asarray(np.ma.filled(values, 0))  # a masked pixel is paper (0), as to_mnist reads it
    except ValueError as err:
        raise ValueError(f"expected {what} of shape {shape}, got lists of different lengths") from err
    if array.dtype == object and array.ndim == 0:  # NumPy wraps a generator or a dict whole: "an array of object"
        raise TypeError(f"expected {what} of shape {shape}, got {type(values).__name__}{unread_hint(values)}")
    array = as_floats(array, what)  # Fractions, Decimals
    if array.dtype.kind not in "biuf":  # bool, integers, floats; not complex, text, objects, dates or durations
        held = f" holding {objects_held(array)}" if array.dtype == object else ""
        hint = real_part_hint(array, "pixels")
        raise TypeError(f"pixels must be real numbers in [0, 1], got an array of {array.dtype}{held}{hint}")
    return array


def real_part_hint(array: np.ndarray, name: str) -> str:
    """How to give real numbers for a complex ``array`` (the caller's ``name`` for it), or "": to_mnist said it, the
    stream, the session and decided_at only "got an array of complex128", with no way on."""
    if array.dtype.kind != "c":
        return ""
    return f": {name}.real, or np.abs({name}) for a magnitude, gives real ones"


def as_floats(array: np.ndarray, what: str) -> np.ndarray:
    """``array`` unchanged, unless it holds Python objects each of which is one real number (a Fraction, a Decimal,
    a float or an int of 64 bits among them; :func:`rowreader.model.is_number`, no flag): then their floats, each
    read once, as ``sure``, the pen and ``ReaderConfig`` take such numbers (ints alone stay integers). Pixels and
    strokes of Fractions or Decimals were "dtype object is not numeric", "not real numbers (null, text or an integer
    beyond 64 bits)". An array holding anything else is given back as it is, for its reader to refuse
    (:func:`objects_held` says what it holds); an integer beyond 64 bits stays refused, as in a stroke. A number a
    float cannot hold (Fraction(10**400), Decimal('1E+400'), which float() makes inf) is a ValueError naming
    ``what``, not the infinity it was not."""
    if array.dtype != object or objects_held(array):
        return array
    items = array.ravel().tolist()  # the objects themselves, each read once
    if all(map(is_whole, items)) and (whole := np.array(items)).dtype != object:  # -1 beside 2**64 - 1: floats
        return whole.reshape(array.shape)  # ints stay ints: pandas' 0…255 are a picture's shades, as uint8's
    floats = np.empty(len(items), np.float64)
    for k, item in enumerate(items):
        floats[k] = float_of(item)  # a Decimal's float is its nearest in any context; its sNaN a NaN, refused as one
        if math.isinf(floats[k]) and not _infinite(item):  # Fraction(10**400), Decimal('1E+400'): past float's range
            raise ValueError(f"{what} must hold numbers a float holds (±1.8e308), got {shown(item)}")
    return floats.reshape(array.shape)


def objects_held(array: np.ndarray) -> str:
    """The first of ``array``'s objects that :func:`as_floats` cannot read, said by type and value (``"str '5'"``),
    or "" where it reads them all (or the array holds no objects): a refusal says what was given, not only
    "object"."""
    if array.dtype != object:
        return ""
    for item in array.ravel().tolist():
        if not is_number(item):
            return f"{type(item).__name__} {shown(item)}"
        if is_whole(item) and not -(2**63) <= item < 2**64:
            return f"{type(item).__name__} {shown(item)}, beyond 64 bits"
    return ""


def _infinite(number: object) -> bool:
    """Whether ``number`` (:func:`rowreader.model.is_number`) is an infinity itself, not one a float made of it."""
    if isinstance(number, decimal.Decimal):
        return number.is_infinite()
    return isinstance(number, float | np.floating) and bool(np.isinf(number))


def unread_hint(values: object) -> str:
    """How to hand over what an iterator (a generator, ``map``) yields, which NumPy reads as one object, not its
    items: ``feed_image(to_mnist(p) for p in pictures)`` was "got an array of object", ``decided_at`` of a generator
    "got []"."""
    return "; np.stack(list(values)) makes an array of what it yields" if isinstance(values, Iterator) else ""


def in_unit_range(array: np.ndarray, what: str, *, held: torch.dtype | None = None) -> np.ndarray:
    """``array`` (:func:`pixel_array`'s) as float32 pixels, or ValueError where a value lies outside [0, 1]. They
    are checked before they become float32: a row of 1e300 overflowed in the cast (a RuntimeWarning) and was
    refused as holding "NaN or infinity". ``held``: the torch type NumPy lacks they were in (:func:`lacked_float`)."""
    low, high = array.min(), array.max()
    if not (low >= 0.0 and high <= 1.0):  # NaN fails both comparisons too
        # the median of an even count is the mean of the middle two, which overflowed in float32 for a row of
        # -1.7e38 (a RuntimeWarning in a refusal; CI's Hypothesis found it): the two share a sign, so the ±inf it
        # makes compares as their true mean would; -inf and +inf together make NaN ("invalid value", Hypothesis
        # again, a float16 row), which no median exceeds: dark paper, as good a guess as any for such a row
        with np.errstate(over="ignore", invalid="ignore"):
            light_paper = bool(np.median(array) > low / 2 + high / 2)  # most of it paper, and the paper light
        # "a row must hold …" was said of images too
        raise ValueError(_out_of_range(low, high, what, light_paper, held))
    return array.astype(np.float32, copy=False)
