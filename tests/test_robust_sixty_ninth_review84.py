"""The sixty-ninth round, review84: a review of window27's picture leftovers (gui/image_io.py, gui/svg_drawn.py):
a UTF-16 SVG without its byte-order mark whose ``<image>`` names a picture beside it, and pasted text that begins
with a ``~`` naming no user or the root folder, and a comment left open in a Latin-1, Shift_JIS or UTF-32 SVG."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import numpy as np
import pytest
from gui_window import errors_said, until, window_without_model
from PIL import Image, ImageDraw
from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QApplication

from gui.image_io import mime_has_picture, read_any_picture_and_note
from rowreader.picture_errors import CUT_OFF, PictureError

# A drawing of one picture, named as it lies beside the drawing
DRAWS_INK = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink" width="40" height="40">'
    '<image x="0" y="0" width="40" height="40" xlink:href="ink.png"/></svg>'
)


def drawn(path: Path, strokes: list[tuple[int, int]]) -> None:
    """A 40² picture of black ``strokes`` on white, saved at ``path``."""
    picture = Image.new("L", (40, 40), 255)
    ImageDraw.Draw(picture).line(strokes, fill=0, width=5)
    picture.save(path)


@pytest.mark.parametrize("packed", [False, True])
def test_an_unmarked_utf_16_svg_draws_the_picture_beside_it_not_the_working_folder_s(
    qapp, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, packed: bool
) -> None:
    """A UTF-16 SVG without its byte-order mark, read since window27 as the same SVG with its mark, drew the
    ``ink.png`` its ``<image>`` names from the folder the app was started in, not from the SVG's own: a 7 beside
    its drawing came out as the 1 that lay in the working folder (as a pasted drawing's names are taken). It draws
    its own folder's picture now, the same pixels as with its mark, plain or gzipped."""
    (own := tmp_path / "drawing").mkdir()
    (elsewhere := tmp_path / "started_here").mkdir()
    drawn(own / "ink.png", [(5, 5), (35, 5), (15, 35)])  # a 7
    drawn(elsewhere / "ink.png", [(20, 3), (20, 37)])  # a 1
    monkeypatch.chdir(elsewhere)
    (marked := own / "marked.svg").write_bytes(DRAWS_INK.encode("utf-16"))
    expected = read_any_picture_and_note(marked)[0]
    unmarked = DRAWS_INK.encode("utf-16-le")
    (plain := own / "unmarked.svgz" if packed else own / "unmarked.svg").write_bytes(
        gzip.compress(unmarked) if packed else unmarked
    )
    assert (expected[5, :, 0] < 128).sum() > 25  # the 7's bar
    assert np.array_equal(read_any_picture_and_note(plain)[0], expected)


@pytest.mark.parametrize("text", ["~5 minutes", "~nosuchuser84/seven.png"])
def test_pasted_text_beginning_with_a_tilde_of_no_user_is_nothing_to_paste(qtbot, tmp_path: Path, text: str) -> None:
    """Text copied that began with a ``~`` naming no user here ("~5 minutes", a path on another computer) raised
    RuntimeError ("Could not determine home directory") as it was pasted: the paste said nothing at all, and a drag
    of it over the window raised as it entered. It is nothing to paste, said so, as any other text is."""
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    QApplication.clipboard().setText(text)
    window.pictures.paste()
    assert said == ["Nothing to paste: The clipboard holds no image and no image file."]
    mime = QMimeData()
    mime.setText(text)
    assert not mime_has_picture(mime)


def test_a_pasted_root_folder_is_named(qtbot, tmp_path: Path) -> None:
    """A pasted ``/`` (taken since window27 as any path naming something here) was "Could not open the image: : is a
    folder, not an image": it has no last name, and that empty name was said. It is named as pasted, "/"."""
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    mime = QMimeData()
    mime.setText("/")
    assert window.pictures.accept_mime(mime, "pasted")
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said == ["Could not open the image: /: is a folder, not an image"]


# A 7 drawn as an SVG, its bar's path after a comment never closed
LEFT_OPEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    '<rect width="280" height="280" fill="white"/>\n<!-- {word}'
    '<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg>'
)


@pytest.mark.parametrize(("encoding", "word"), [("ISO-8859-1", "café"), ("Shift_JIS", "七"), ("UTF-32", "7")])
def test_a_whole_svg_in_a_declared_encoding_with_a_comment_left_open_is_said_so_not_cut_off(
    qapp, tmp_path: Path, encoding: str, word: str
) -> None:
    """window27 said a whole 7 whose comment was never closed (``</svg>`` last) a damaged drawing in UTF-8 and
    UTF-16, but one in an encoding its declaration names, which Qt reads (Latin-1, Shift_JIS), or in UTF-32 by its
    mark, was still "cut off, as by a download or a copy that did not finish": nothing was missing. It is said a
    damaged drawing too, the comment and its line named; the same file cut short is still said cut off."""
    text = f'<?xml version="1.0" encoding="{encoding}"?>' + LEFT_OPEN.format(word=word)
    if encoding == "UTF-32":  # told by its mark (Python's UTF-32 writes one), not its declaration
        text = LEFT_OPEN.format(word=word)
    (whole := tmp_path / "whole.svg").write_bytes(text.encode(encoding))
    (cut := tmp_path / "cut.svg").write_bytes(text.removesuffix("</svg>").encode(encoding))
    with pytest.raises(PictureError, match=r"^whole\.svg: a damaged SVG drawing: a comment opened on line 2 \(<!--\)"):
        read_any_picture_and_note(whole)
    with pytest.raises(PictureError, match=rf"^cut\.svg: cannot read the image \({re.escape(CUT_OFF)}\)$"):
        read_any_picture_and_note(cut)
