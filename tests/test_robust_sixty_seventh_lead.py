"""The sixty-seventh round, the lead: `rowreader predict` of a gzipped SVG (an SVGZ) named it as the SVG it is; a name
too long for a write's temporary is told the length it may have."""

from __future__ import annotations

import gzip
import os
import re

import pytest

from rowreader.atomic import atomic_write_bytes, check_writable
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


@pytest.mark.skipif(not hasattr(os, "pathconf"), reason="asks the file system for its longest name")
@pytest.mark.parametrize("letter", ["a", "é", "क्ष", "😀"], ids=["1 byte", "2 bytes", "a conjunct", "4 bytes"])
def test_a_name_too_long_for_a_writes_temporary_is_told_how_long_it_may_be(tmp_path, letter: str) -> None:
    """A name that fits the file system alone but not with a write's temporary (22 bytes more) was told "its name (N
    bytes) is too long … (22 more); give a shorter one": shorter by how much? It says the longest it may be, and
    a name of that length is written."""
    longest = os.pathconf(tmp_path, "PC_NAME_MAX") - 22 - len(".png")
    fits = letter * (longest // len(letter.encode()))
    too_long = fits + letter * 2
    with pytest.raises(OSError, match=f"give one of {longest + len('.png'):,} bytes at most$"):
        check_writable(tmp_path / f"{too_long}.png")  # every write of ours asks it first
    check_writable(tmp_path / f"{fits}.png")
    atomic_write_bytes(tmp_path / f"{fits}.png", b"x")
    assert [p.name for p in tmp_path.iterdir()] == [f"{fits}.png"]
