"""The sixty-third round's library5: the library's boundary as a Python user meets it (``rowreader``'s public names,
the row stream, model files and what a caller hands over), tried as a hostile user would. Each test of a defect was
seen failing on the code before its fix."""

from __future__ import annotations

import pytest

import rowreader


@pytest.mark.parametrize(
    ("header", "said"),
    [
        (b"", "its first 8 bytes say it holds 0 bytes"),
        (b"  \n\t ", "its 5 bytes are spaces alone"),
    ],
    ids=["length-0", "spaces"],
)
def test_an_empty_header_is_said_to_be_empty(tmp_path, header: bytes, said: str) -> None:
    """A model file of 8 bytes whose header's length is 0 (or a header of spaces alone) said "not valid JSON:
    Expecting value at character 1", of a character the file does not hold."""
    path = tmp_path / "model.safetensors"
    path.write_bytes(len(header).to_bytes(8, "little") + header)
    with pytest.raises(rowreader.CheckpointError) as refused:
        rowreader.load_checkpoint(path)
    assert str(refused.value) == (
        f"{path}: not a readable safetensors file: the header is empty: {said}, where a JSON object of the tensors goes"
    )
