"""The fifty-third round of hostile testing, review27: the fifty-second round's merges read as a hostile reviewer and
tried at their edges (``--sure``, ``first_sure``, whole writes, did-you-mean, ``elided``, the SVG shape count); each
test is checked to fail on the code before its fix."""

from __future__ import annotations

import base64
import contextlib
import gzip
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from PIL import Image

from gui.image_io import load_picture_file, read_any_picture_data
from rowreader.picture import PictureError


def _svg_of_uses(levels: int) -> bytes:
    """A 7 drawn by ``10 ** levels`` ``<use>`` elements: each level's group uses the one below ten times."""
    seven = '<path d="M20 20 L80 20 L40 85" stroke="black" stroke-width="10" fill="none"/>'
    groups = "".join(f'<g id="l{i + 1}">' + f'<use href="#l{i}"/>' * 10 + "</g>" for i in range(levels))
    return (
        '<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100">'
        f'<defs><g id="l0">{seven}</g>{groups}</defs><use href="#l{levels}"/></svg>'
    ).encode()


def _two_members(svg: bytes) -> bytes:
    """``svg`` gzipped as two members, the first ending mid-tag: ``cat a.gz b.gz`` makes such a file, gzip and Qt
    unpack it whole."""
    return gzip.compress(svg[:60]) + gzip.compress(svg[60:])


def test_an_svgz_of_two_members_is_counted_whole(tmp_path: Path, qapp) -> None:
    """Only an SVGZ's first gzip member was unpacked for the count: one that ended mid-tag could not be parsed, so the
    drawing went uncounted to Qt, which reads on into the next member: 10^7 squares so took Qt 4.3 s to read,
    each level more ten times that. Every member is counted now, as Qt unpacks them; a small one is still read."""
    path = tmp_path / "tiles.svgz"
    path.write_bytes(_two_members(_svg_of_uses(5)))
    started = time.monotonic()
    with pytest.raises(PictureError, match=r"^tiles\.svgz: an SVG drawing of more than 65,536 shapes, each <use>"):
        load_picture_file(path)
    with pytest.raises(PictureError, match=r"^pasted image: an SVG drawing of more than 65,536 shapes"):
        read_any_picture_data(_two_members(_svg_of_uses(5)) + b"not gzip", "pasted image")
    assert time.monotonic() - started < 3
    path.write_bytes(_two_members(_svg_of_uses(2)))
    assert load_picture_file(path).image.max() > 0.5  # the 7, a hundred times over itself


def test_an_svgz_of_many_members_is_refused_past_the_limit_of_them_all() -> None:
    """The 64-MB limit on what an SVGZ unpacks to holds for all its members together, not each alone."""
    from gui.svg_drawn import MAX_SVGZ_BYTES, check_svg_drawn
    from rowreader.picture_errors import TooLarge

    blank = gzip.compress(b" " * (MAX_SVGZ_BYTES // 4 + 1))
    with pytest.raises(TooLarge, match="unpacks to more than 64 MB"):
        check_svg_drawn(gzip.compress(b"<svg>") + blank * 4 + gzip.compress(b"</svg>"))


def _declared(svg: bytes, encoding: str) -> bytes:
    """``svg`` (ASCII) with an XML declaration of ``encoding``, in that encoding."""
    return f'<?xml version="1.0" encoding="{encoding}"?>'.encode() + svg


@pytest.mark.parametrize(
    "encode",
    [
        pytest.param(lambda svg: _declared(svg, "Shift_JIS"), id="Shift_JIS"),
        pytest.param(lambda svg: _declared(svg, "GBK"), id="GBK"),
        pytest.param(lambda svg: svg.decode().encode("utf-32"), id="UTF-32"),
        pytest.param(lambda svg: gzip.compress(_declared(svg, "Big5")), id="SVGZ Big5"),
    ],
)
def test_an_svg_in_an_encoding_expat_lacks_is_counted(encode, tmp_path: Path, qapp) -> None:
    """Expat reads UTF-8, UTF-16 and one-byte encodings; an SVG in another that Qt reads (declared Shift_JIS, GBK or
    Big5, or UTF-32) could not be parsed for the count, so it went to Qt uncounted: 1.5 kB declared Shift_JIS drawing
    10^7 squares took Qt 9.2 s to read. Decoded as Qt decodes it, it is counted; a small one is still read."""
    path = tmp_path / "tiles.svg"
    path.write_bytes(encode(_svg_of_uses(5)))
    with pytest.raises(PictureError, match=r"^tiles\.svg: an SVG drawing of more than 65,536 shapes"):
        load_picture_file(path)
    path.write_bytes(encode(_svg_of_uses(2)))
    assert load_picture_file(path).image.max() > 0.5


def test_an_svg_declaring_an_encoding_nobody_knows_is_not_a_readable_image(tmp_path: Path, qapp) -> None:
    """An SVG declaring an encoding Python does not know (``encoding="nonsense"``) met the count's expat, whose
    decoding left Python's LookupError ("unknown encoding: nonsense") to end the reading in place of the picture's
    own error; it is left to Qt, which cannot read it either, and said so, named."""
    path = tmp_path / "odd.svg"
    path.write_bytes(_declared(_svg_of_uses(1), "nonsense"))
    with pytest.raises(PictureError, match=r"^odd\.svg: not a readable image"):
        load_picture_file(path)


def _showing_an_image(href: str, side: int, image_side: int) -> bytes:
    """An SVG ``side`` px square whose one ``<image>``, ``image_side`` px square, shows ``href``."""
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="{side}" '
        f'height="{side}"><image width="{image_side}" height="{image_side}" xlink:href="{href}"/></svg>'
    ).encode()


@pytest.mark.parametrize(
    "url",
    [
        pytest.param(lambda svg: "data:image/svg+xml;base64," + base64.b64encode(svg).decode(), id="base64"),
        pytest.param(lambda svg: "data:image/svg+xml," + quote(svg), id="percent"),
        pytest.param(lambda svg: "data:;BASE64," + base64.b64encode(gzip.compress(svg)).decode(), id="SVGZ"),
    ],
)
def test_an_svg_held_in_an_image_is_counted(url, tmp_path: Path, qapp) -> None:
    """An ``<image>`` whose ``data:`` URL holds an SVG is drawn by Qt as the file loads, and was counted as one
    element: a 7 drawn 10^7 times so took Qt 4.5 s (its size, 2 kB, each level ten times more). The drawing held
    is counted as the file is; a small one is still read, and one nested in itself too deep is refused."""

    def holding(svg: bytes) -> bytes:
        return _showing_an_image(url(svg), side=100, image_side=100)

    path = tmp_path / "framed.svg"
    path.write_bytes(holding(_svg_of_uses(5)))
    with pytest.raises(PictureError, match=r"^framed\.svg: an SVG drawing of more than 65,536 shapes"):
        load_picture_file(path)
    path.write_bytes(holding(holding(_svg_of_uses(2))))
    assert load_picture_file(path).image.max() > 0.5
    deep = _svg_of_uses(0)
    for _ in range(17):
        deep = holding(deep)
    path.write_bytes(deep)
    with pytest.raises(PictureError, match=r"^framed\.svg: an SVG drawing nested over 16 deep in its own <image>s"):
        load_picture_file(path)


@contextlib.contextmanager
def _opened_by_anyone(pipe: Path) -> Iterator[Path]:
    """A writer at the FIFO ``pipe`` in a process of its own (a thread of ours waits for the GIL that Qt's reading
    holds), so that a reading that opens it ends at the writer's close rather than waits for good; it notes each open
    in the file it yields, and is ended at the end."""
    log = pipe.with_name(pipe.name + ".opened")
    log.write_bytes(b"")
    writer = subprocess.Popen(["sh", "-c", 'while :; do : > "$0"; echo opened >> "$1"; done', pipe, log])
    try:
        yield log
    finally:
        writer.kill()
        writer.wait()


def test_an_svg_whose_image_names_a_pipe_is_refused_not_read_for_good(tmp_path: Path, qapp) -> None:
    """Qt opens the file an ``<image>`` names (beside the SVG, or where its whole name says), and one naming a FIFO
    held the Open's reading for good (killed after 20 s, nothing said). Such a name is refused, beside the file, by
    its whole name and in a pasted drawing; a picture beside it is still drawn."""
    os.mkfifo(tmp_path / "pipe")
    Image.new("L", (28, 28), 0).save(tmp_path / "black.png")

    def showing(name: str) -> bytes:
        return _showing_an_image(f" {name} ", side=28, image_side=14)

    path = tmp_path / "linked.svg"
    for name in ("pipe", str(tmp_path / "pipe")):
        path.write_bytes(showing(name))
        refused = pytest.raises(PictureError, match=r"^linked\.svg: an SVG drawing whose <image> names .*pipe, a pipe")
        with _opened_by_anyone(tmp_path / "pipe") as opened, refused:
            load_picture_file(path)
        assert opened.read_text() == ""
    refused = pytest.raises(PictureError, match=r"^pasted image: an SVG drawing whose <image> names /.*pipe, a pipe")
    with _opened_by_anyone(tmp_path / "pipe") as opened, refused:
        read_any_picture_data(showing(str(tmp_path / "pipe")), "pasted image")
    assert opened.read_text() == ""
    path.write_bytes(showing("black.png"))
    assert load_picture_file(path).image.max() > 0.5


def test_the_letters_of_a_text_used_again_are_counted(tmp_path: Path, qapp) -> None:
    """A ``<text>`` counted as one element however many letters it draws: 1,000 letters used 1,000 times took Qt
    1.1 s to read, 10,000 used 10,000 times (11 kB) 48 s, counted as 11,112 elements. Each letter is counted as a
    shape; a 7 written ten times over is still read."""

    def written(letters: str, levels: int) -> bytes:
        groups = "".join(f'<g id="l{i + 1}">' + f'<use href="#l{i}"/>' * 10 + "</g>" for i in range(levels))
        return (
            '<svg xmlns="http://www.w3.org/2000/svg" width="28" height="28"><defs><text id="l0" x="4" y="26" '
            f'font-size="28">{letters}<tspan>{letters}</tspan>{letters}</text>{groups}</defs><use href="#l{levels}"/>'
            "</svg>"
        ).encode()

    path = tmp_path / "words.svg"
    path.write_bytes(written("8" * 333, 3))
    with pytest.raises(PictureError, match=r"^words\.svg: an SVG drawing of more than 65,536 shapes"):
        load_picture_file(path)
    path.write_bytes(written("7", 1))
    assert load_picture_file(path).image.max() > 0.5
