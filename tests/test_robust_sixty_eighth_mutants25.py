"""The sixty-eighth round, mutants25: hand mutants of the round's code (gui/svg_drawn.py's pixels of ``<image>``s,
the SVG cut-short and count checks, the commands' number readers, one_digit's thinner C and run-based fill), each
test killing a mutant the round's own tests let live."""

from __future__ import annotations

import base64
import contextlib
import io
import struct
import zlib
from pathlib import Path

import numpy as np
import pytest
from conftest import load_bench

from gui.svg_drawn import MAX_SVG_DRAWN, check_svg_drawn
from rowreader.one_digit import _filled
from rowreader.picture_errors import TooLarge
from rowreader.preprocess import MAX_PIXELS


def refusal(argv: list[str]) -> str:
    """The last line ``bench_fit.py argv`` says as it refuses it with status 2."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as end:
        load_bench("bench_fit").main(argv)
    assert end.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


def png_head(width: int, height: int) -> bytes:
    """A PNG's header saying ``width`` × ``height`` grey pixels, with no pixels after it: all the check reads."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))

    header = chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    return b"\x89PNG\r\n\x1a\n" + header + chunk(b"IDAT", zlib.compress(b"")) + chunk(b"IEND", b"")


def drawing_naming(*names: str) -> bytes:
    """An SVG with an ``<image>`` of each name."""
    images = "".join(f'<image href="{name}" width="5" height="5"/>' for name in names)
    return f'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">{images}</svg>'.encode()


def test_images_of_exactly_the_pixels_the_app_reads_pass_and_one_more_is_refused(tmp_path: Path) -> None:
    """The check of an SVG's ``<image>``s refuses more pixels in all than a picture opened may hold (2**27), as the
    picture's own check does; the round's test named 162 million, so a check refusing only from 2**27 + 2 (or
    taking exactly 2**27 as too many) passed it. Two pictures of 8,192² are exactly 2**27, drawn; a 1 × 1 more is
    refused."""
    (tmp_path / "half.png").write_bytes(png_head(8192, 8192))
    (tmp_path / "dot.png").write_bytes(png_head(1, 1))
    check_svg_drawn(drawing_naming("half.png", "half.png"), tmp_path)
    with pytest.raises(TooLarge, match=f"more than {MAX_PIXELS:,} pixels in all"):
        check_svg_drawn(drawing_naming("half.png", "half.png", "dot.png"), tmp_path)


def test_an_image_too_big_for_pillow_to_open_is_refused_not_taken_for_none(tmp_path: Path) -> None:
    """A picture whose header says more pixels than Pillow opens at all (20,000 × 10,000, Pillow's bomb error) is
    counted as too many, not as no picture (0 pixels), which left Qt to read 200 million pixels to draw it."""
    (tmp_path / "bomb.png").write_bytes(png_head(20_000, 10_000))
    with pytest.raises(TooLarge, match=f"more than {MAX_PIXELS:,} pixels in all"):
        check_svg_drawn(drawing_naming("bomb.png"), tmp_path)


@pytest.mark.parametrize("typed", [" 2", "2 "])
def test_too_few_rounds_typed_with_a_space_are_said_without_it(typed: str) -> None:
    """`bench_fit.py --rounds " 2"` (a space the shell kept in quotes, read as 2) must not be said "--rounds  2
    measures", the space doubled: the number is said as typed, its spaces left off."""
    assert "error: --rounds 2 measures each loop twice" in refusal(["--rounds", typed])


def test_an_svg_of_exactly_as_many_shapes_as_the_app_draws_passes_the_quick_count(tmp_path: Path) -> None:
    """The quick count of elements outside ``<defs>`` (review79's) must refuse what the full count refuses and no
    more: an SVG of exactly :data:`MAX_SVG_DRAWN` elements, the root and its rects, is drawn as it was before that
    count came, and one more rect is refused. The round's test named more, so a quick count refusing exactly the
    limit too passed it."""
    rect = b'<rect width="3" height="4"/>'
    head, tail = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">', b"</svg>"
    check_svg_drawn(head + rect * (MAX_SVG_DRAWN - 1) + tail)
    with pytest.raises(TooLarge, match=f"more than {MAX_SVG_DRAWN:,} shapes"):
        check_svg_drawn(head + rect * MAX_SVG_DRAWN + tail)


def test_shapes_in_a_prefixed_defs_count_nothing_in_the_quick_count_as_in_the_walk() -> None:
    """An SVG written with a prefix (``<svg:svg xmlns:svg=…>``, as some exporters write it) keeps its shapes in an
    ``<svg:defs>``, which the full count has always taken as ``<defs>``, drawn nowhere: the quick count must take
    it so too, or such a drawing of many shapes defined and few drawn is refused as too many. Here a few over the
    limit in the ``<svg:defs>`` pass, as the same rects in a plain ``<defs>`` do."""
    rects = b'<svg:rect width="3" height="4"/>' * (MAX_SVG_DRAWN + 2)
    head = b'<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="10" height="10">'
    check_svg_drawn(head + b"<svg:defs>" + rects + b'</svg:defs><svg:rect width="3" height="4"/></svg:svg>')


def held(data: bytes, kind: str) -> str:
    """``data`` as a ``data:`` URL of media type ``kind``."""
    return f"data:{kind};base64," + base64.b64encode(data).decode()


def test_pictures_in_a_drawing_held_in_a_drawing_count_with_their_host_s() -> None:
    """Qt reads every picture of a drawing whole, those of a drawing held in its ``<image>`` as much as its own: the
    pixels are counted for the host and the drawings in it together, as the SVGZ bytes they unpack to are. A host
    holding an 8,192² picture and a drawing that holds another and a dot (2**27 + 1 in all) is refused; a count
    that gave each held drawing its own 2**27 passed it, and nesting then multiplied what Qt reads."""
    inner = drawing_naming(held(png_head(8192, 8192), "image/png"), held(png_head(1, 1), "image/png"))
    host = drawing_naming(held(png_head(8192, 8192), "image/png"), held(inner, "image/svg+xml"))
    with pytest.raises(TooLarge, match=f"more than {MAX_PIXELS:,} pixels in all"):
        check_svg_drawn(host)


def flooded(seed: np.ndarray, within: np.ndarray) -> np.ndarray:
    """The pixels of ``within`` joined to ``seed`` through it (up, down, left, right), one pixel at a time."""
    filled, waiting = np.zeros_like(within), list(zip(*np.nonzero(seed & within), strict=True))
    while waiting:
        y, x = waiting.pop()
        if 0 <= y < within.shape[0] and 0 <= x < within.shape[1] and within[y, x] and not filled[y, x]:
            filled[y, x] = True
            waiting += [(y - 1, x), (y + 1, x), (y, x - 1), (y, x + 1)]
    return filled


def test_the_run_based_fill_fills_what_a_pixel_by_pixel_flood_fills() -> None:
    """pages13's fill walks runs, not pixels, and stops when a round reaches nothing new; its test counted the
    work, not what was filled, so a fill that stopped when a round reached a single pixel more (a ring's last
    corner) passed it. On 300 random masks, and an empty one, it fills exactly what a flood fill does, and a seed
    of the whole mask is found whole in one round."""
    rng = np.random.default_rng(68)
    masks = [np.zeros((5, 7), bool)] + [
        rng.random((rng.integers(1, 30), rng.integers(1, 30))) < 0.6 for _ in range(300)
    ]
    for within in masks:
        seed = rng.random(within.shape) < 0.02
        assert np.array_equal(_filled(seed, within, 1000), flooded(seed, within)), (within, seed)
        assert np.array_equal(_filled(within, within, 1), within), within  # all seeded: one round finds it
