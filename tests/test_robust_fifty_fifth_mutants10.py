"""Mutation testing by hand (the fifty-fifth round, mutants10): each test here kills a mutant of the code that every
test before it let live, and pins what a user of the code would meet were that mutant the code."""

from __future__ import annotations

import json
import os
from pathlib import Path

import numpy as np
import pytest
from PySide6.QtGui import QColor, QPalette

from gui.theme import MIN_CONTRAST, MIN_TEXT_CONTRAST, class_color, contrast, legible_palette, text_color
from rowreader.atomic import remove_stale_temporaries
from rowreader.checkpoint import CheckpointError, load_checkpoint, pretrained_path
from rowreader.tensor_file import read_header, read_tensors


def _header_and_data() -> tuple[dict, bytes]:
    """The shipped model's safetensors header (as JSON) and the bytes after it."""
    data = pretrained_path().read_bytes()
    size = int.from_bytes(data[:8], "little")
    return json.loads(data[8 : 8 + size]), data[8 + size :]


def _written(path: Path, header: dict, data: bytes) -> Path:
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + data)
    return path


def _refusal(path: Path) -> str:
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(path)
    return str(caught.value)


@pytest.mark.parametrize(
    ("fields", "words"),
    [
        # sizes below 0 whose product is the floats held (10) passed as a shape
        ({"shape": [-1, -1, 10]}, "tensor 'output.bias' has the shape [-1, -1, 10], not a list of whole numbers"),
        # a third offset was never looked at: [start, end, anything] passed as [start, end]
        ({"data_offsets": "three"}, "not [start, end]"),
    ],
)
def test_a_tensor_of_negative_sizes_or_three_offsets_is_refused_in_words(tmp_path, fields, words):
    header, data = _header_and_data()
    if fields.get("data_offsets") == "three":
        fields = {"data_offsets": [*header["output.bias"]["data_offsets"], 0]}
    header["output.bias"].update(fields)
    why = _refusal(_written(tmp_path / "m.safetensors", header, data))
    assert words in why, why


def test_a_tensor_described_by_a_list_is_refused_in_words_not_an_attribute_error(tmp_path):
    """Without its check, a tensor's entry that is no object (``"output.bias": [1, 2]``) was an AttributeError ("'list'
    object has no attribute 'get'") out of loading: the app's open and the command line know only a CheckpointError."""
    header, data = _header_and_data()
    header["output.bias"] = [1, 2]
    why = _refusal(_written(tmp_path / "m.safetensors", header, data))
    assert "tensor 'output.bias' is described by list, not an object" in why, why


def test_bytes_of_no_tensor_between_two_tensors_are_refused(tmp_path):
    """The data must run back to back: 4 bytes between two tensors (the last one moved on by 4, the whole file
    as long as the header says) were read past as nothing when only an overlap was looked for."""
    header, data = _header_and_data()
    tensors = {name: entry for name, entry in header.items() if name != "__metadata__"}
    last = max(tensors, key=lambda name: tensors[name]["data_offsets"][0])
    start, end = tensors[last]["data_offsets"]
    header[last]["data_offsets"] = [start + 4, end + 4]
    why = _refusal(_written(tmp_path / "m.safetensors", header, data[:start] + b"\0" * 4 + data[start:]))
    assert f"tensor '{last}' begins at byte {start + 4:,} of the data, leaving bytes of no tensor after tensor" in why


def test_one_byte_after_a_models_data_is_named_so(tmp_path):
    """One byte appended (a copy's stray newline) is as much a file grown past its model as 2 GB are."""
    header, data = _header_and_data()
    path = _written(tmp_path / "m.safetensors", header, data + b"\n")
    assert "a RowReader checkpoint with 1 bytes after its end, not a model as saved" in _refusal(path)


def test_a_file_written_over_in_place_at_its_own_size_while_read_is_refused(tmp_path):
    """Another model of the same shape saved over the one being opened (same size, the same inode): its size alone
    did not change, so only the time it was written tells that the header read belongs to other data."""
    path = tmp_path / "m.safetensors"
    path.write_bytes(pretrained_path().read_bytes())
    with path.open("rb") as file:
        header = read_header(file)
        with path.open("r+b") as over:
            over.seek(header.data_start)
            over.write(b"\x7f" * 64)
        os.utime(path, ns=(header.file_status.st_atime_ns, header.file_status.st_mtime_ns + 10**9))
        with pytest.raises(ValueError, match="the file changed while it was read"):
            read_tensors(file, header)
    with path.open("rb") as file:  # as it is now, whole and unchanged, it reads
        assert all(isinstance(array, np.ndarray) for array in read_tensors(file, read_header(file)).values())


@pytest.mark.parametrize("grey", [119, 121, 122])
def test_text_on_a_mid_grey_window_stands_out_as_wcag_asks(qapp, grey):
    """The way a colour moved (lighter or darker) was set by its background's luminance below 0.2, where white and
    black stand out equally at 0.179: on a grey window of #777–#7c (0.18–0.2) a window behind another had its text
    made white, 4.29:1 at #7a7a7a, and each digit's name the same, where black stands out 4.8:1."""
    window = QColor(grey, grey, grey)
    palette = QPalette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, QPalette.ColorRole.Window, window)
        palette.setColor(group, QPalette.ColorRole.WindowText, QColor(grey + 5, grey + 5, grey + 5))
    legible = legible_palette(palette)
    behind = legible.color(QPalette.ColorGroup.Inactive, QPalette.ColorRole.WindowText)
    assert contrast(behind, window) >= MIN_TEXT_CONTRAST, behind.name()
    assert min(contrast(text_color(digit, window), window) for digit in range(10)) >= MIN_TEXT_CONTRAST
    assert min(contrast(class_color(digit, window), window) for digit in range(10)) >= MIN_CONTRAST


@pytest.mark.parametrize(
    ("role", "under"),
    [
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),  # a list's rows in a window behind (My examples floated)
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ],
)
def test_every_kind_of_text_in_a_window_behind_is_made_legible(qapp, role, under):
    """Only the window's own text was tried dimmed (Adwaita's #929595 on #faf9f8): a list's and a button's text in a
    window behind might be left out of :func:`legible_palette` and no test would tell."""
    palette = QPalette(QColor("#faf9f8"))
    palette.setColor(QPalette.ColorGroup.Inactive, role, QColor("#929595"))
    legible = legible_palette(palette)
    text = legible.color(QPalette.ColorGroup.Inactive, role)
    assert contrast(text, legible.color(QPalette.ColorGroup.Inactive, under)) >= MIN_TEXT_CONTRAST, text.name()


def test_a_stale_temporary_is_swept_and_a_users_file_named_like_one_is_kept(tmp_path):
    """A killed writer's ``.NAME.<16 hex>.tmp`` goes, and a file whose name only holds such a tail (a user's
    ``.m.safetensors.<hex>.tmp.bak``) is not ours and stays (whatever their age since the fifty-sixth round)."""
    model = tmp_path / "m.safetensors"
    stale = tmp_path / ".m.safetensors.0123456789abcdef.tmp"
    kept = tmp_path / ".m.safetensors.0123456789abcdef.tmp.bak"
    for path in (stale, kept):
        path.write_bytes(b"x")
    assert remove_stale_temporaries(model) == [stale]
    assert kept.exists() and not stale.exists()
