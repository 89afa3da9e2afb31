"""The sixty-seventh round, the lead: `rowreader predict` of a gzipped SVG (an SVGZ) named it as the SVG it is."""

from __future__ import annotations

import gzip
import re

import pytest

from rowreader.cli import main
from rowreader.picture import read_picture_data

SAID = "an SVG drawing (vector graphics), which PIL cannot read: save it as a PNG first (the app opens SVG)"
SEVEN = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<!-- drawn in Inkscape -->\n'
    '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"><rect width="100" height="100" fill="white"/>'
    '<path d="M20 20 H80 L40 90" stroke="black" stroke-width="8" fill="none"/></svg>\n'
)


@pytest.mark.parametrize("name", ["seven.svgz", "seven.svg", "seven"])
def test_predict_names_a_gzipped_svg_as_an_svg_drawing(tmp_path, capsys, name: str) -> None:
    """`rowreader predict seven.svgz` said "not an image PIL can read" where the plain seven.svg is named as the SVG
    drawing it is, with what to do (the app opens both, window25 made it say a gzipped `<svg/>` is of no size): the
    gzipped one is told by the head it unpacks to, under any name, and the library says so of its bytes."""
    path = tmp_path / name
    path.write_bytes(gzip.compress(SEVEN.encode()))
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err == f"rowreader: error: {path}: {SAID}\n"
    with pytest.raises(ValueError, match=re.escape(SAID)):
        read_picture_data(path.read_bytes())


@pytest.mark.parametrize(
    "data",
    [gzip.compress(b"just a note, no drawing\n"), b"\x1f\x8b" + b"\0" * 40],
    ids=["a gzipped note", "damaged deflate data"],  # one cut in its header is said cut off (review77's)
)
def test_gzipped_data_that_is_no_svg_is_still_not_a_picture(tmp_path, capsys, data: bytes) -> None:
    """The control: gzipped data that unpacks to no SVG, or does not unpack, is "not an image PIL can read" still."""
    path = tmp_path / "x.svgz"
    path.write_bytes(data)
    assert main(["predict", str(path)]) == 1
    assert capsys.readouterr().err == f"rowreader: error: {path}: not an image PIL can read\n"
