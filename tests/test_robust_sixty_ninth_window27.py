"""The sixty-ninth round, window27: the window's and `rowreader predict`'s picture leftovers (pictures opened with
Ctrl+O, pasted and dropped: gui/image_io.py; rowreader/picture.py and picture_errors.py): a UTF-16 SVG without its
byte-order mark, and a pasted path of a device, a pipe or a file not named as a picture."""

from __future__ import annotations

import gzip
from pathlib import Path

import numpy as np
import pytest

from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_errors import SvgDrawing

# A 7 drawn as an SVG
SEVEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    '<rect width="280" height="280" fill="white"/>'
    '<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg>'
)


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
@pytest.mark.parametrize("declared", [False, True])
def test_a_utf_16_svg_without_its_byte_order_mark_is_read_as_the_same_svg_with_it(
    qapp, tmp_path: Path, encoding: str, declared: bool
) -> None:
    """A 7 saved as UTF-16 without its byte-order mark (a script's ``encode("utf-16-le")``; expat, and so Firefox,
    reads it) was "not an image PIL can read" in the app, opened, dropped or pasted, plain or gzipped, and in
    `rowreader predict`, as if it held no drawing. The app reads it as the same SVG with its mark, the same pixels;
    `predict` names it the drawing it is, to save as a PNG."""
    text = ('<?xml version="1.0" encoding="UTF-16"?>' if declared else "") + SEVEN
    unmarked = text.encode(encoding)
    (marked := tmp_path / "marked.svg").write_bytes(("\ufeff" + text).encode(encoding))
    expected = read_any_picture_and_note(marked)[0]
    assert expected.shape == (280, 280, 4) and expected.min() == 0  # the 7's ink
    (plain := tmp_path / "seven.svg").write_bytes(unmarked)
    (packed := tmp_path / "seven.svgz").write_bytes(gzip.compress(unmarked))
    assert np.array_equal(read_any_picture_and_note(plain)[0], expected)
    assert np.array_equal(read_any_picture_and_note(packed)[0], expected)
    assert np.array_equal(read_any_picture_data_and_note(unmarked, "pasted")[0], expected)
    assert np.array_equal(read_any_picture_data_and_note(gzip.compress(unmarked), "pasted")[0], expected)
    for reading in (lambda: read_picture(plain), lambda: read_picture(packed), lambda: read_picture_data(unmarked)):
        with pytest.raises(SvgDrawing, match=r"^an SVG drawing"):
            reading()
