"""The fifty-seventh round of hostile testing, header7: model files' headers where header6 left them. A header past
RowReader's limits (too many values, too many bytes) was "not a readable safetensors file (truncated or foreign?)",
a guess that told a user nothing of what was wrong."""

from __future__ import annotations

from pathlib import Path

import pytest

from rowreader.checkpoint import CheckpointError, load_checkpoint, pretrained_path, read_metadata
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
