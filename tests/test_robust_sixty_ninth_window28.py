"""The sixty-ninth round, window28: pictures whose parts name other files (gui/image_io.py, gui/svg_drawn.py): an
ordinary gzipped SVG (.svgz) whose ``<image>`` names the picture beside it, opened from another working folder."""

from __future__ import annotations

import gzip
import re
import zlib
from pathlib import Path

import numpy as np
import pytest
from gui_window import errors_said, picture_read, until, window_without_model
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from gui.image_io import load_picture_file, read_any_picture_and_note
from rowreader.picture_errors import CUT_OFF, PictureError

# A drawing of one picture, named as it lies beside the drawing; ``{svg}`` its elements' prefix, if any
DRAWS_INK = (
    '<{svg}svg xmlns{colon}="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" '
    'height="40"><{svg}image x="0" y="0" width="40" height="40" xlink:href="ink.png"/></{svg}svg>'
)


def drawing(prefixed: bool = False) -> bytes:
    """The SVG of :data:`DRAWS_INK`, its elements ``svg:``-prefixed or not."""
    return DRAWS_INK.format(svg="svg:" if prefixed else "", colon=":svg" if prefixed else "").encode()


def drawn(path: Path, strokes: list[tuple[int, int]]) -> None:
    """A 40² picture of black ``strokes`` on white, saved at ``path``."""
    picture = Image.new("L", (40, 40), 255)
    ImageDraw.Draw(picture).line(strokes, fill=0, width=5)
    picture.save(path)


def apart(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Path]:
    """The drawing's own folder, with a 7 as its ``ink.png``, and the working folder the app runs in, with a 1 as
    its ``ink.png`` (a decoy)."""
    (own := tmp_path / "pics").mkdir()
    (here := tmp_path / "started_here").mkdir()
    drawn(own / "ink.png", [(5, 5), (35, 5), (15, 35)])  # a 7
    drawn(here / "ink.png", [(20, 3), (20, 37)])  # a 1
    monkeypatch.chdir(here)
    return own, here


def two_members(svg: bytes) -> bytes:
    """``svg`` gzipped in two members, split in the middle of a tag: gzip reads them as one file."""
    return gzip.compress(svg[:50]) + gzip.compress(svg[50:])


@pytest.mark.parametrize(
    ("packed", "prefixed"),
    [(gzip.compress, False), (two_members, False), (gzip.compress, True)],
    ids=["gzipped", "two-members", "svg-prefixed"],
)
def test_an_svgz_opened_from_another_folder_draws_the_picture_beside_it(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packed, prefixed: bool
) -> None:
    """An ordinary SVGZ whose ``<image>`` names the ``ink.png`` beside it drew the ``ink.png`` of the folder the app
    was started in: Qt unpacks an SVGZ to memory and takes its names from the working folder, so a user opening
    ~/pics/seven.svgz from elsewhere saw the 1 lying there (175 dark pixels, not the 7's 334), though the app had
    counted the 7's pixels. It is drawn as its plain SVG is, from its own folder, opened in the window too."""
    own, _ = apart(tmp_path, monkeypatch)
    (plain := own / "seven.svg").write_bytes(drawing(prefixed))
    (packed_file := own / "seven.svgz").write_bytes(packed(drawing(prefixed)))
    expected = read_any_picture_and_note(plain)[0]
    assert (expected[5, :, 0] < 128).sum() > 25  # the 7's bar
    assert np.array_equal(read_any_picture_and_note(packed_file)[0], expected)
    window = window_without_model(qtbot, tmp_path)
    window.pictures.open_image(packed_file)
    picture_read(qtbot, window, "seven.svgz")
    np.testing.assert_array_equal(window.canvas.content.base.image, load_picture_file(plain).image)


def test_an_svgz_naming_a_picture_only_the_working_folder_holds_draws_none_and_keeps_the_gzip_words(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An SVGZ whose ``<image>`` names an ``ink.png`` that is not beside it drew the working folder's (a 1), whose
    pixels were never counted (the count looked beside the SVGZ): the window read a 1 the file does not hold. It
    draws nothing there now, as its plain SVG, and says so; an SVGZ cut short is still said cut off, and one whose
    gzip check fails still gets Qt's words for it."""
    own, _ = apart(tmp_path, monkeypatch)
    (own / "ink.png").unlink()
    (packed := own / "seven.svgz").write_bytes(gzip.compress(drawing()))
    (own / "seven.svg").write_bytes(drawing())
    with pytest.raises(PictureError) as plain:
        load_picture_file(own / "seven.svg")
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    window.pictures.open_image(packed)
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said == [f"Could not open the image: {str(plain.value).replace('seven.svg', 'seven.svgz', 1)}"]
    whole = gzip.compress(drawing())
    (cut := own / "cut.svgz").write_bytes(whole[:-20])
    with pytest.raises(PictureError, match=rf"^cut\.svgz: cannot read the image \({re.escape(CUT_OFF)}\)$"):
        read_any_picture_and_note(cut)
    crc = (zlib.crc32(drawing()) ^ 1).to_bytes(4, "little")
    (damaged := own / "damaged.svgz").write_bytes(whole[:-8] + crc + whole[-4:])
    with pytest.raises(PictureError, match=r"^damaged\.svgz: .*incorrect data check"):
        read_any_picture_and_note(damaged)


# A 7 drawn as an SVG whose elements are ``svg:``-prefixed, its bar's path after a comment never closed
PREFIXED_LEFT_OPEN = (
    '<svg:svg xmlns:svg="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    '<svg:rect width="280" height="280" fill="white"/>\n<!-- 7'
    '<svg:path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg:svg>'
)


@pytest.mark.parametrize(
    "text",
    [PREFIXED_LEFT_OPEN, PREFIXED_LEFT_OPEN.replace("</svg:svg>", "</svg:svg >\n")],
    ids=["prefixed", "space-before-the-end"],
)
def test_a_whole_prefixed_svg_with_a_comment_left_open_is_said_so_not_cut_off(qapp, tmp_path: Path, text: str) -> None:
    """A whole 7 whose root is ``<svg:svg>`` (a prefixed SVG, which Qt draws) and whose comment was never closed was
    "cut off, as by a download or a copy that did not finish": only an end of ``</svg>`` was taken for a whole file's,
    not ``</svg:svg>`` nor ``</svg:svg >``. It is said a damaged drawing, the comment and its line named, plain or
    gzipped; the same file cut short is still said cut off."""
    (whole := tmp_path / "whole.svg").write_bytes(text.encode())
    (packed := tmp_path / "whole.svgz").write_bytes(gzip.compress(text.encode()))
    (cut := tmp_path / "cut.svg").write_bytes(text.encode()[: text.rindex("</")])
    for path in (whole, packed):
        with pytest.raises(PictureError, match=rf"^{path.name}: a damaged SVG drawing: a comment opened on line 2"):
            read_any_picture_and_note(path)
    with pytest.raises(PictureError, match=rf"^cut\.svg: cannot read the image \({re.escape(CUT_OFF)}\)$"):
        read_any_picture_and_note(cut)


def test_a_pasted_or_dropped_path_holding_a_nul_is_named_and_said_why(qtbot, tmp_path: Path) -> None:
    """A path holding a NUL byte, pasted as text or dropped as a ``file:`` URL with ``%00`` in it, was "Could not
    open the image: embedded null byte", Python's words, naming no file and saying nothing a user can act on. It is
    named, and said to hold a NUL no file name can hold."""
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    named = f"{tmp_path}/a\0b.png"
    expected = [f"Could not open the image: picture {named!r} holds a NUL byte (\\x00), which no file name can hold"]
    QApplication.clipboard().setText(named)
    window.pictures.paste()
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said == expected
    said.clear()
    mime = QMimeData()
    mime.setText(f"file://{tmp_path}/a%00b.png")
    assert window.pictures.accept_mime(mime, "dropped")
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said == expected
