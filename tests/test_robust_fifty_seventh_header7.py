"""The fifty-seventh round of hostile testing, header7: model files' headers where header6 left them. A header past
RowReader's limits (too many values, too many bytes) was "not a readable safetensors file (truncated or foreign?)",
a guess that told a user nothing of what was wrong; and a header naming a key twice (``__metadata__``, a tensor's
``dtype``, a key of its config) was read by its last copy, where safetensors' own reader refuses it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from rowreader.checkpoint import CheckpointError, load_checkpoint, pretrained_path, read_metadata, save_checkpoint
from rowreader.cli import main
from rowreader.json_text import shown
from rowreader.tensor_file import MAX_HEADER_BYTES, MAX_HEADER_VALUES

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
