"""The fifty-seventh round of hostile testing, header7: model files' headers where header6 left them. A header past
RowReader's limits (too many values, too many bytes) was "not a readable safetensors file (truncated or foreign?)",
a guess that told a user nothing of what was wrong; and a header naming a key twice (``__metadata__``, a tensor's
``dtype``, a key of its config) was read by its last copy, where safetensors' own reader refuses it; and a model
written over in place as it was read could load as a mix of two models' weights."""

from __future__ import annotations

import json
import os
import re
from pathlib import Path
from typing import BinaryIO

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rowreader.checkpoint import CheckpointError, load_checkpoint, pretrained_path, read_metadata, save_checkpoint
from rowreader.cli import main
from rowreader.json_text import shown
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_HEADER_VALUES, read_header, read_tensors

SHIPPED = pretrained_path().read_bytes()
_SIZE = int.from_bytes(SHIPPED[:8], "little")
HEADER = SHIPPED[8 : 8 + _SIZE].decode().rstrip()  # the shipped model's header, less the spaces padding it
DATA = SHIPPED[8 + _SIZE :]


def _written(path: Path, header: str, data: bytes = DATA) -> Path:
    """A model file at ``path`` of the JSON text ``header`` and the tensors' bytes ``data``."""
    text = header.encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + data)
    return path


def _junk_beside(count: int) -> str:
    """The shipped header with a key of ``count`` zeros beside its tensors: ``count`` more values than it holds."""
    return HEADER[:-1] + ',"junk":[' + ",".join(["0"] * count) + "]}"


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (
            _junk_beside(MAX_HEADER_VALUES),
            f"header holds too many values: up to [0-9,]+ .*more than {MAX_HEADER_VALUES:,}",
        ),
        (
            HEADER + " " * (MAX_HEADER_BYTES + 1 - len(HEADER)),
            f"header too large: it says {MAX_HEADER_BYTES + 1:,} bytes, more than {MAX_HEADER_BYTES:,}",
        ),
    ],
    ids=["values", "bytes"],
)
def test_fifty_seventh_header7_a_header_past_the_limits_is_said_so_not_guessed_cut_short(
    tmp_path: Path, header: str, said: str
) -> None:
    """A header of 250,001 values, or of 4,000,001 bytes (a sound model padded with spaces), was "not a readable
    safetensors file (truncated or foreign?): header holds too many values …": the file is whole, and a user told
    it may be cut short copies it again for nothing. Now what is wrong, with the limit, and no guess."""
    model = _written(tmp_path / "m.safetensors", header)
    for read in (read_metadata, load_checkpoint):
        with pytest.raises(CheckpointError, match=said) as refused:
            read(model)
        assert "truncated" not in str(refused.value)


_TWICE = {
    "__metadata__": HEADER.replace('"__metadata__":{', '"__metadata__":{"format":"another program"},"__metadata__":{'),
    "format": HEADER.replace('"format":"rowreader-checkpoint"', '"format":"another","format":"rowreader-checkpoint"'),
    "output.bias": HEADER[:-1] + ',"output.bias":' + json.dumps(json.loads(HEADER)["output.bias"]) + "}",
    "dtype": HEADER.replace('"output.bias":{"dtype":"F32"', '"output.bias":{"dtype":"F64","dtype":"F32"'),
    "hidden_size": HEADER.replace('\\"hidden_size\\": 256', '\\"hidden_size\\": 64, \\"hidden_size\\": 256'),
}


@pytest.mark.parametrize("key", list(_TWICE))
def test_fifty_seventh_header7_a_key_named_twice_anywhere_in_a_header_is_refused(
    tmp_path: Path, capsys, key: str
) -> None:
    """``__metadata__`` named twice (the first saying another program's format), a key of the metadata twice, a
    tensor twice, a tensor's ``dtype`` twice (F64 then F32), the config's ``hidden_size`` twice (64 then 256): each
    was read by its last copy and the model loaded, though safetensors 0.8 refuses a header naming ``__metadata__`` or
    a tensor's field twice ("duplicate field"), and another reader may take the first. Which is meant cannot be told:
    refused, naming the key, by the library and `rowreader predict --checkpoint`."""
    assert _TWICE[key] != HEADER
    model = _written(tmp_path / "m.safetensors", _TWICE[key])
    with pytest.raises(CheckpointError, match=re.escape(f"'{key}' named twice in one object")):
        load_checkpoint(model)
    assert main(["predict", "--checkpoint", str(model), str(tmp_path / "none.png")]) == 1
    assert f"'{key}' named twice in one object" in capsys.readouterr().err


@pytest.mark.parametrize("twice", [{1: "a", "1": "b"}, {"null": 0, None: 1}, {True: 1, "true": 2}])
def test_fifty_seventh_header7_a_save_of_metadata_naming_a_key_twice_as_json_is_refused(
    tmp_path: Path, twice: dict
) -> None:
    """Metadata whose dict holds ``1`` and ``"1"`` (or ``None`` and ``"null"``, ``True`` and ``"true"``), which JSON
    writes as one key twice, was saved with the first copy silently dropped; a load now refuses a key named twice, so
    the save refuses it first, naming the metadata's key, and writes nothing."""
    model = tmp_path / "m.safetensors"
    with pytest.raises(ValueError, match=r"metadata 'recipe' cannot be stored as JSON .* named twice in one object"):
        save_checkpoint(model, load_checkpoint(pretrained_path()), {"recipe": {"inner": twice}})
    assert not model.exists()


@settings(
    max_examples=15, derandomize=True, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture]
)
@given(key=st.text(max_size=80), inside=st.sampled_from(["__metadata__", "output.bias"]))
@example(key="format", inside="__metadata__")
@example(key='"\\', inside="output.bias")
def test_fifty_seventh_header7_any_key_named_twice_is_refused_by_its_name(
    tmp_path: Path, key: str, inside: str
) -> None:
    """Whatever the key (empty, quotes, NUL, emoji, 80 characters), named twice in the metadata or in a tensor's
    entry, it is refused, named as an error names a value (shortened past 60 characters)."""
    pairs = f'{json.dumps(key)}:"a",{json.dumps(key)}:"b",'
    model = _written(tmp_path / "m.safetensors", HEADER.replace(f'"{inside}":{{', f'"{inside}":{{{pairs}', 1))
    with pytest.raises(CheckpointError) as refused:
        read_metadata(model)
    assert f"{shown(key)} named twice in one object" in str(refused.value)


class _TornRead:
    """A model file whose reading, once, returns the first half of the weights as they were and the rest as written
    over them: what the system gave a load while another program wrote over the file in place, the write begun (and
    the file's time set) before the header was read."""

    def __init__(self, file: BinaryIO, before: bytes) -> None:
        self._file, self._before = file, before

    def fileno(self) -> int:
        return self._file.fileno()

    def seek(self, offset: int) -> int:
        return self._file.seek(offset)

    def read(self, size: int = -1) -> bytes:
        at = self._file.tell()
        now = self._file.read(size)
        if self._before and len(now) == len(self._before) - at:  # the weights, read whole
            half = len(now) // 2
            now, self._before = self._before[at : at + half] + now[half:], b""
        return now


def test_fifty_seventh_header7_weights_read_while_written_over_in_place_are_refused(tmp_path: Path) -> None:
    """A load read a mix of two models' weights, unrefused, 5 times in 3,268 while another program wrote the shipped
    model and one of zeroed weights over each other in place (`dd conv=notrunc`, `rsync --inplace`), and once in
    16,000 with a write every 5 ms: a write under way as the header was read set the file's time before the first
    look, and its size never changed. Here such a read is made (the file's time put back as it was): refused."""
    path = tmp_path / "m.safetensors"
    path.write_bytes(SHIPPED)
    with path.open("rb") as file:
        header = read_header(file)
        with path.open("r+b") as over:
            over.seek(header.data_start)
            over.write(bytes(len(DATA)))
        os.utime(path, ns=(header.file_status.st_atime_ns, header.file_status.st_mtime_ns))
        with pytest.raises(ValueError, match="the file changed while it was read"):
            read_tensors(_TornRead(file, SHIPPED), header)
        file.seek(0)
        assert not read_tensors(file, read_header(file))["output.bias"].any()  # read again, whole: the zeros
