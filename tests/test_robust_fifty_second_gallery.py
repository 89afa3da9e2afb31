"""The fifty-second round of hostile testing, gallery: picture files a user opens, built byte by byte with Pillow
(damaged headers, odd sampling, every door: ``read_picture``, ``rowreader predict`` and the app's Open,
``load_picture_file``); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import gzip
import io
import time
from pathlib import Path

import numpy as np
import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw

from gui.image_io import load_picture_file, read_any_picture_data
from rowreader.cli import main
from rowreader.picture import PictureError, read_picture_data


def _jpeg(progressive: bool) -> bytes:
    """A 7 drawn on 100² paper, saved as a colour JPEG (three components, the first at twice the others' sampling)."""
    image = Image.new("RGB", (100, 100), "white")
    ImageDraw.Draw(image).line([(20, 20), (80, 20), (40, 85)], fill="black", width=10)
    out = io.BytesIO()
    image.save(out, "JPEG", progressive=progressive)
    return out.getvalue()


def _sampled(data: bytes, factors: tuple[int, ...]) -> bytes:
    """``data`` with its frame header's sampling byte of each component (its high nibble across, its low down) set to
    ``factors``, as a damaged file or a broken encoder gives them."""
    start = next(data.index(marker) for marker in (b"\xff\xc0", b"\xff\xc2") if marker in data)
    changed = bytearray(data)
    for component, factor in enumerate(factors):
        changed[start + 11 + 3 * component] = factor
    return bytes(changed)


def _words(data: bytes) -> str | None:
    """What the reader says of a picture it refuses (None where it reads it)."""
    try:
        read_picture_data(data)
    except PictureError as err:
        return str(err)
    return None


@settings(max_examples=25, deadline=None, derandomize=True)
@given(factors=st.tuples(*[st.integers(0, 255)] * 3))
@example(factors=(0x01, 0x01, 0x01))  # no component sampled across: "most" was 0
@example(factors=(0x10, 0x10, 0x10))  # nor down
def test_a_progressive_jpeg_of_any_sampling_is_read_or_refused_as_its_baseline_twin(factors: tuple[int, ...]) -> None:
    """A progressive JPEG whose frame header gave every component a sampling factor of 0 (found by flipping bytes of
    a good one) ended ``rowreader predict``, the app's Open and an examples folder in a traceback, "ZeroDivisionError:
    division by zero" in the count of the memory its coefficients take. libjpeg refuses such a header before it
    holds any, so it is counted as none, and the file is refused as its baseline twin is, in the same words."""
    progressive, baseline = (_sampled(_jpeg(kind), factors) for kind in (True, False))
    assert _words(progressive) == _words(baseline)


@pytest.mark.parametrize("factor", [0x01, 0x10, 0x00])
def test_every_door_says_why_a_jpeg_of_no_sampling_is_not_read(
    tmp_path: Path,
    capsys,
    factor: int,
    qapp,  # the Open reads with Qt where Pillow cannot
) -> None:
    """The same file through ``rowreader predict`` (status 1, one line, no traceback) and the app's Open: its words."""
    path = tmp_path / "scan.jpg"
    path.write_bytes(_sampled(_jpeg(True), (factor,) * 3))
    assert main(["predict", str(path)]) == 1
    said = capsys.readouterr().err
    assert "Traceback" not in said and said.count("\n") == 1, said
    with pytest.raises(PictureError) as opened:
        load_picture_file(path)
    assert said.endswith(f"/{opened.value}\n"), (said, str(opened.value))  # the command names the whole path
    assert str(opened.value).startswith("scan.jpg: cannot read the image"), str(opened.value)


def _xpm_seven(one_line: bool) -> str:
    """A 7 as an XPM (C source), each row a string; ``one_line``: all on one line, as C allows and Qt reads, where
    Pillow's reader wants the layout GIMP writes, a line a row."""
    rows = [
        "".join(
            "a" if (y == 8 and 8 <= x < 32) or (8 < y < 34 and abs(x - (32 - (y - 8) * 16 / 26)) < 2) else "b"
            for x in range(40)
        )
        for y in range(40)
    ]
    lines = ["/* XPM */", "static char *seven[] = {", '"40 40 2 1",', '"a c #000000",', '"b c #FFFFFF",']
    lines += [f'"{row}",' for row in rows[:-1]] + [f'"{rows[-1]}"', "};"]
    return (" " if one_line else "\n").join(lines) + "\n"


def test_an_xpm_pil_cannot_read_is_named_as_a_picture_the_app_opens(tmp_path: Path, capsys, qapp) -> None:
    """An XPM all on one line (valid C, Qt reads it: the app's Open showed its 7) was, to ``rowreader predict``, "a
    text file starting '/* XPM */ static char *seven[...', not a picture", though it is one; as an SVG is, it is named
    and the way on given. The one laid out a row a line, which Pillow reads, is read by both."""
    path, laid_out = tmp_path / "seven.xpm", tmp_path / "rows.xpm"
    path.write_text(_xpm_seven(one_line=True))
    laid_out.write_text(_xpm_seven(one_line=False))
    assert np.allclose(load_picture_file(path).image, load_picture_file(laid_out).image)  # the app reads both alike
    assert main(["predict", str(laid_out)]) == 0
    capsys.readouterr()
    assert main(["predict", str(path)]) == 1
    said = capsys.readouterr().err
    assert "an XPM picture" in said and "save it as a PNG first (the app opens XPM)" in said, said
    assert "text file" not in said, said


def _svg_of_uses(levels: int) -> bytes:
    """A 7 drawn by ``10 ** levels`` ``<use>`` elements: each level's group uses the one below ten times."""
    seven = '<path d="M20 20 L80 20 L40 85" stroke="black" stroke-width="10" fill="none"/>'
    groups = "".join(f'<g id="l{i + 1}">' + f'<use xlink:href="#l{i}"/>' * 10 + "</g>" for i in range(levels))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="100" height="100">'
        f'<defs><g id="l0">{seven}</g>{groups}</defs><use xlink:href="#l{levels}"/></svg>'
    ).encode()


def test_an_svg_that_draws_without_end_is_refused_before_qt_draws_it(tmp_path: Path, qapp) -> None:
    """An SVG of 1.5 kB whose five levels of ten ``<use>`` draw the 7 100,000 times took the Open's worker 6 s, one
    of six levels 62 s, and one of eight (2 kB) had not ended in two minutes, 77 s of them in Qt's loading of it for its
    size, before a pixel was drawn. Counted first, each ``<use>`` as all it repeats, it is refused at once, by Open and
    paste alike, gzipped (SVGZ) too; one of a thousand is read."""
    path = tmp_path / "tiles.svg"
    path.write_bytes(_svg_of_uses(5))
    started = time.monotonic()
    with pytest.raises(PictureError, match=r"^tiles\.svg: an SVG drawing of more than 65,536 shapes, each <use>"):
        load_picture_file(path)
    with pytest.raises(PictureError, match=r"^pasted image: an SVG drawing of more than 65,536 shapes"):
        read_any_picture_data(gzip.compress(_svg_of_uses(5)), "pasted image")
    assert time.monotonic() - started < 3
    path.write_bytes(_svg_of_uses(3))
    assert load_picture_file(path).image.max() > 0.5  # the 7, drawn a thousand times over itself
