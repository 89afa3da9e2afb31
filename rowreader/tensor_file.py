"""A safetensors file read with plain reads from one open file, its header checked before any tensor is read.

safetensors' own reader memory-maps the file, and a file cut short while mapped (``cp other.safetensors
model.safetensors`` over a model being opened: cp truncates in place) killed the whole process with SIGBUS, the
app with it. It also read every tensor before the caller could see their names, so a file holding an extra 1 GB
tensor was read whole to be refused as "unexpected". Here the header is read and checked against the file's size
first (names, types, shapes and offsets, nothing allocated for them); the tensors are read only when asked for, by
name, and a file that changes meanwhile is refused. The format: 8 bytes of header length (little-endian), a JSON
header of ``name → {dtype, shape, data_offsets}`` and an optional ``__metadata__`` of strings, then the data.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from typing import BinaryIO

import numpy as np

from rowreader.json_text import parse_json, shown

# The largest JSON header read or written, said from its 8 bytes of length before a byte of it is parsed. safetensors'
# own limit is 100 MB, and a hostile header that size took 2 min and 1.85 GB to refuse (1.4 million empty tensors). A
# RowReader model's header is a few kB (the shipped one 4,368 bytes); a fine-tune's metadata names each example it was
# taught, twice: 0.7 MB for 10,000 examples named as the app names them. It was 16 MB (room for 10,000 names of 255
# bytes of CJK, 11.9 MB), but the C JSON parser holds Python's lock while it reads, and the Models menu reads every
# file of the models folder: 16 MB held the window 0.34 s (one shape of 7.9 million sizes) to 1.8 s (metadata of 5
# million empty lists) on an idle machine, though read off its thread. 4 MB still names 57,000 examples so.
MAX_HEADER_BYTES = 4_000_000
# The most JSON values (keys counted) a header may hold, told from its bytes before it is parsed (header_values). The
# C JSON parser holds Python's lock while it makes them, however few the bytes: a 4 MB header of a million empty lists
# held the app's start 0.3-0.4 s at a load of 6 (0.77-0.95 s at 8), the Models menu reading every file of the models
# folder as it starts. A fine-tune's header near 4 MB, 44,000 examples named as the app names them, taught twice, holds
# about 88,000.
MAX_HEADER_VALUES = 250_000
# A file written within this long before its tensors are read is read again and compared (:func:`_reads_alike`): a write
# under way as its header was read may still be. A minute: a writer held by the system's flushing of a large file's
# pages can take seconds, and a model at rest is older (the app opens a taught model as it is written: read twice).
WRITTEN_LATELY_NS = 60 * 10**9
MAX_TENSORS = 10_000  # a RowReader model has at most 68 (16 layers); a foreign model of thousands is still named

# Every type safetensors stores, by its name there: (bytes per element, the type's name in words).
TYPES = {
    "BOOL": (1, "bool"),
    "U8": (1, "uint8"),
    "I8": (1, "int8"),
    "F8_E4M3": (1, "float8 (e4m3)"),
    "F8_E5M2": (1, "float8 (e5m2)"),
    "U16": (2, "uint16"),
    "I16": (2, "int16"),
    "F16": (2, "float16"),
    "BF16": (2, "bfloat16"),
    "U32": (4, "uint32"),
    "I32": (4, "int32"),
    "F32": (4, "float32"),
    "U64": (8, "uint64"),
    "I64": (8, "int64"),
    "F64": (8, "float64"),
}


@dataclass(frozen=True)
class Declared:
    """One tensor as the header declares it: its type (safetensors' name, ``"F32"``), shape and bytes in the data."""

    dtype: str
    shape: tuple[int, ...]
    start: int
    end: int

    @property
    def type_name(self) -> str:
        return TYPES[self.dtype][1]


@dataclass(frozen=True)
class Header:
    """A checked header: the file's ``__metadata__`` strings, its tensors, where their data begins, and its bytes as
    read (``head``: the 8 bytes of length and the header), which the tensors' reading reads again to compare."""

    metadata: dict[str, str]
    tensors: dict[str, Declared]
    data_start: int
    file_status: os.stat_result
    head: bytes


def json_count(value: object) -> bool:
    """Whether a JSON value is a whole number ≥ 0 (JSON's true is no number, nor is 2.0 a count). Not named
    ``whole_number``: that is :mod:`rowreader.whole_number`'s ``type=`` of a count typed, and the one imported for the
    other (three modules imported this one by that name) is no error until the command line is read."""
    return isinstance(value, int) and not isinstance(value, bool) and value >= 0


def header_values(text: bytes) -> int:
    """At most how many JSON values, keys counted, the header ``text`` holds, counted at C speed without parsing it:
    every value but the first follows a comma or a colon, or is the first of its list or object, after its ``[`` or
    ``{``. Those marks inside strings count too (a model's metadata is JSON inside a string, and its values are made
    when it is parsed in turn), so it errs high, never low. The one measure of reading and saving."""
    return 1 + sum(map(text.count, (b",", b":", b"[", b"{")))


def _tensor(name: str, entry: object) -> Declared:
    """``entry`` as a :class:`Declared`, or ValueError naming ``name`` and what is wrong with it."""
    if not isinstance(entry, dict):
        raise ValueError(f"tensor {shown(name)} is described by {type(entry).__name__}, not an object")
    dtype, shape, offsets = entry.get("dtype"), entry.get("shape"), entry.get("data_offsets")
    if not isinstance(dtype, str) or dtype not in TYPES:
        raise ValueError(f"tensor {shown(name)} has the unknown type {shown(dtype)}")
    # counted by type, not a call per size: 7.9 million took 1.5 s (JSON gives whole numbers as int, true as bool)
    if not isinstance(shape, list) or not set(map(type, shape)) <= {int} or min(shape, default=0) < 0:
        raise ValueError(f"tensor {shown(name)} has the shape {shown(shape)}, not a list of whole numbers")
    if (
        not isinstance(offsets, list)
        or len(offsets) != 2
        or not all(map(json_count, offsets))
        or offsets[0] > offsets[1]
    ):
        raise ValueError(f"tensor {shown(name)} has the data offsets {shown(offsets)}, not [start, end]")
    count = 1
    # math.prod of 2,000 sizes of 999 digits took 46 s, and its 2-million-digit product no error message could
    # write ("Exceeds the limit (4300 digits) for integer string conversion"); sizes of 1 change nothing, skipped
    for size in filter((1).__ne__, shape):
        count *= size
        if count >= 2**64:
            raise ValueError(
                f"tensor {shown(name)} has the shape {shown(shape)}, of more elements than 64 bits count "
                "(safetensors refuses it too)"
            )
    if (needed := count * TYPES[dtype][0]) != offsets[1] - offsets[0]:
        raise ValueError(
            f"tensor {shown(name)} of shape {shown(shape)} needs {needed:,} bytes, its offsets hold "
            f"{offsets[1] - offsets[0]:,}"
        )
    return Declared(dtype, tuple(shape), offsets[0], offsets[1])


HEADER_LENGTH_BYTES = 8  # a safetensors file begins with its header's length, little-endian


_JSON_BLANKS = b" \t\r\n"  # the spaces JSON allows about a value
_BOM = "\ufeff".encode()  # UTF-8's byte-order mark, which a text editor may begin the header with


def _blank_bytes(size: int, spaces: int) -> str:
    """What a header of ``size`` bytes, ``spaces`` of them blank (the rest a byte-order mark), holds, in words. A
    mark alone was "its 3 bytes are spaces alone" (a mark is no space), one space "its 1 bytes are spaces alone"."""
    if size == spaces:
        return "its 1 byte is a space alone" if size == 1 else f"its {size:,} bytes are spaces alone"
    after = "" if not spaces else " and a space" if spaces == 1 else f" and {spaces:,} spaces"
    return f"its {size:,} bytes are a byte-order mark{after} alone"


class CutShort(ValueError):
    """The file ends before its header or its tensors' data does, told from its header and its size alone: cut short
    (a copy, a download, a full disk), so a command line's check of a model file refuses it
    (:func:`rowreader.checkpoint.not_a_checkpoint`) and loading says what to do."""


class GrownPast(ValueError):
    """The file holds ``extra`` bytes after the tensors' data its header declares: written after (a download or a
    copy appended to it, ``truncate -s 2G``), not cut short. Such a file was "(cut off?)", of a 2 GB file whose
    model takes 1.6 MB."""

    def __init__(self, extra: int, why: str) -> None:
        super().__init__(why)
        self.extra = extra


def read_header(file: BinaryIO) -> Header:
    """The header of the safetensors file open as ``file`` (at its start), checked: ValueError says what is wrong.

    The tensors' data must follow the header back to back, in the order of their offsets, to the file's last byte
    (as safetensors writes and reads it): a file cut short, or longer than its header says, is refused here.
    """
    status = os.fstat(file.fileno())
    start = file.read(HEADER_LENGTH_BYTES)
    if len(start) < HEADER_LENGTH_BYTES:
        raise ValueError(f"header too small: the file holds {len(start)} bytes")
    size = int.from_bytes(start, "little")
    if (
        HEADER_LENGTH_BYTES + size > status.st_size
    ):  # first: 2^63 in a file of 42 bytes was "header too large", not a file cut short
        raise CutShort(
            f"the file is cut short or damaged: its first 8 bytes say a header of {size:,} bytes follows, and the "
            f"whole file holds {status.st_size:,} bytes"
        )
    if size > MAX_HEADER_BYTES:
        raise ValueError(f"header too large: it says {size:,} bytes, more than {MAX_HEADER_BYTES:,}")
    text = file.read(size)
    # of a length 0 (8 zero bytes: a file never written) or spaces alone, JSON's words were "Expecting value at
    # character 1", of nothing the file holds; parse_json passes over a byte-order mark, so it counts as one
    if not (blanks := text.removeprefix(_BOM)).strip(_JSON_BLANKS):
        what = _blank_bytes(size, len(blanks)) if size else "its first 8 bytes say it holds 0 bytes"
        raise ValueError(f"the header is empty: {what}, where a JSON object of the tensors goes")
    if (values := header_values(text)) > MAX_HEADER_VALUES:  # before a value is made (the window's lock held)
        raise ValueError(
            f"header holds too many values: up to {values:,} (its commas, colons and brackets counted), more than "
            f"{MAX_HEADER_VALUES:,}"
        )
    try:
        header = parse_json(text.decode("utf-8"), unique_keys=True)  # as safetensors refuses __metadata__ twice
    except UnicodeDecodeError as err:
        raise ValueError(f"the header is not UTF-8 text ({err.reason} at byte {err.start:,})") from None
    if not isinstance(header, dict):
        raise ValueError(f"the header is JSON {type(header).__name__}, not an object")
    metadata = header.pop("__metadata__", {})
    if not isinstance(metadata, dict) or not all(isinstance(v, str) for v in metadata.values()):
        raise ValueError("the header's __metadata__ is not an object of strings")
    if len(header) > MAX_TENSORS:  # each is checked, then sorted: 42 s of the 2 min 1.4 million empty ones took
        raise ValueError(f"the header declares {len(header):,} tensors, more than {MAX_TENSORS:,}")
    tensors = {name: _tensor(name, entry) for name, entry in header.items()}
    end, before = 0, "the data's start"
    for name, tensor in sorted(tensors.items(), key=lambda item: (item[1].start, item[1].end)):
        if tensor.start != end:
            how = "overlapping" if tensor.start < end else "leaving bytes of no tensor after"
            raise ValueError(f"tensor {shown(name)} begins at byte {tensor.start:,} of the data, {how} {before}")
        end, before = tensor.end, f"tensor {shown(name)} (bytes {tensor.start:,}…{tensor.end:,})"
    if (data := status.st_size - 8 - size) < end:  # a file ending before its data does was cut short too
        raise CutShort(f"the header declares {end:,} bytes of tensor data, the file holds {data:,} (cut off?)")
    if data > end:
        raise GrownPast(data - end, f"the header declares {end:,} bytes of tensor data, the file holds {data:,}")
    return Header(metadata, tensors, 8 + size, status, start + text)


def _reads_alike(file: BinaryIO, parts: tuple[bytes, ...]) -> bool:
    """Whether ``file`` read again from its start holds ``parts`` one after another, and no more, compared 64 KiB at a
    time (no second copy of the weights). A write under way as the header was read had set the file's time as it
    began, so the time said nothing of it: 5 loads in 3,268 read a mix of two models' weights, unrefused, while
    another program wrote one over the other in place back to back (1 in 16,027 with a write every 5 ms)."""
    file.seek(0)
    for part in parts:
        for at in range(0, len(part), 1 << 16):
            chunk = part[at : at + (1 << 16)]
            if file.read(len(chunk)) != chunk:
                return False
    return not file.read(1)


def read_tensors(file: BinaryIO, header: Header) -> dict[str, np.ndarray]:
    """Every tensor of ``header`` (its types little-endian NumPy ones, which bfloat16 and float8 are not: the caller
    checks them first), read-only, from ``file``; ValueError if the file changed since its header was read."""
    file.seek(header.data_start)
    data = file.read(header.file_status.st_size - header.data_start)
    before = header.file_status
    # read twice only where written lately: a second read of a 200 MB file at rest took 0.3 s more, for nothing
    alike = time.time_ns() - before.st_mtime_ns > WRITTEN_LATELY_NS or _reads_alike(file, (header.head, data))
    now = os.fstat(file.fileno())
    same = (now.st_size, now.st_mtime_ns) == (before.st_size, before.st_mtime_ns)
    if not (alike and same and len(data) == before.st_size - header.data_start):
        raise ValueError("the file changed while it was read (written over meanwhile?); open it again")
    arrays = {}
    for name, tensor in header.tensors.items():
        dtype = np.dtype(TYPES[tensor.dtype][1]).newbyteorder("<")
        count = (tensor.end - tensor.start) // dtype.itemsize
        arrays[name] = np.frombuffer(data, dtype, count, tensor.start).reshape(tensor.shape)
    return arrays
