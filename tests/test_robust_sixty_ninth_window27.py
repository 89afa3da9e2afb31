"""The sixty-ninth round, window27: the window's and `rowreader predict`'s picture leftovers (pictures opened with
Ctrl+O, pasted and dropped: gui/image_io.py; rowreader/picture.py and picture_errors.py): a UTF-16 SVG without its
byte-order mark, and a pasted path of a device, a pipe or a file not named as a picture."""

from __future__ import annotations

import gzip
import os
from pathlib import Path

import numpy as np
import pytest
from gui_window import errors_said, until, window_without_model
from PySide6.QtCore import QMimeData

from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note
from rowreader.picture import read_picture, read_picture_data
from rowreader.picture_errors import CUT_OFF, PictureError, SvgDrawing

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


def pasted(qtbot, tmp_path: Path, text: str) -> list[str]:
    """What a window without a model says of ``text`` pasted (as a path copied from a terminal)."""
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    mime = QMimeData()
    mime.setText(text)
    assert window.pictures.accept_mime(mime, "pasted")
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    return said


@pytest.mark.parametrize(
    ("named", "words"),
    [
        ("/dev/zero", "zero: is a device, not a regular file"),
        ("fifo", "fifo: is a named pipe (FIFO), not a regular file"),
        ("notes.txt", "notes.txt: a text file"),
    ],
)
def test_a_pasted_path_of_a_device_a_pipe_or_a_note_is_named_and_said_what_it_is(
    qtbot, tmp_path: Path, named: str, words: str
) -> None:
    """``/dev/zero`` copied from a terminal and pasted was "The clipboard holds no image and no image file", as
    was a FIFO's path or a note's: only a path named as a picture was taken. Dropped, each is named and said what
    it is; pasted now too, at once (a device or a pipe is never opened: the window does not wait on it)."""
    if named == "fifo":
        os.mkfifo(path := tmp_path / named)
    elif named == "notes.txt":
        (path := tmp_path / named).write_text("buy milk\n")
    else:
        path = Path(named)
    said = pasted(qtbot, tmp_path, f"{path}\n")
    assert len(said) == 1 and said[0].startswith(f"Could not open the image: {words}"), said


def test_pasted_words_that_name_nothing_here_are_still_nothing_to_paste(qtbot, tmp_path: Path) -> None:
    """The control: a pasted absolute path to nothing, not named as a picture, is no file to open: "nothing to
    paste", as before."""
    window = window_without_model(qtbot, tmp_path)
    mime = QMimeData()
    mime.setText(str(tmp_path / "gone"))
    assert not window.pictures.accept_mime(mime, "pasted")


@pytest.mark.parametrize(
    ("encoding", "mark"), [("utf-8", ""), ("utf-16-le", "\ufeff"), ("utf-16-be", ""), ("utf-32", "")]
)
def test_an_svg_cut_off_with_zero_bytes_after_it_is_said_cut_off_as_without_them(
    qapp, tmp_path: Path, encoding: str, mark: str
) -> None:
    """A download or a copy lays its file out in zero bytes first: a 7's SVG that stopped two thirds of the way, the
    rest of the file zeros, was Qt's "not a readable image (Unable to read image data)", where the same cut without
    the zeros is said cut off. It is said cut off too, opened and pasted, in UTF-8, UTF-16 (with its mark or without)
    and UTF-32; the whole 7 with zeros after it is still read."""
    whole = (mark + SEVEN).encode(encoding)
    cut = whole[: len(whole) * 2 // 3 // 4 * 4]
    words = said_of(tmp_path, cut)
    assert words.endswith(f"({CUT_OFF})"), words
    assert said_of(tmp_path, cut + bytes(400)) == words
    (padded := tmp_path / "whole.svg").write_bytes(whole + bytes(400))
    assert read_any_picture_and_note(padded)[0].min() == 0


def test_zero_bytes_inside_an_svg_cut_off_are_damage_in_qt_s_words(qapp, tmp_path: Path) -> None:
    """The control: zeros inside the drawing, not only after its cut, are damage, said in Qt's words as before (the
    line and column where its XML breaks since hypo12, sixty-ninth round)."""
    cut = SEVEN.encode()[:200]
    said = said_of(tmp_path, cut[:100] + bytes(4) + cut[100:] + bytes(400))
    assert "a damaged SVG drawing: its XML is broken on line" in said, said


def said_of(tmp_path: Path, data: bytes) -> str:
    """What the app says of ``data`` as a file opened (named seven.svg) and pasted: the same words after the name."""
    (path := tmp_path / "seven.svg").write_bytes(data)
    words = []
    for read, arguments, name in (
        (read_any_picture_and_note, (path,), "seven.svg"),
        (read_any_picture_data_and_note, (data, "pasted"), "pasted"),
    ):
        with pytest.raises(PictureError) as refused:
            read(*arguments)
        words.append(str(refused.value).removeprefix(f"{name}: "))
    assert words[0] == words[1], words
    return words[0]


@pytest.mark.parametrize(
    ("opened", "kind", "closer", "encoding"),
    [
        ("<!-- the 7's bar", "a comment opened on line 2 (<!--)", "-->", "utf-8"),
        ("<style><![CDATA[ path {} </style>", "a CDATA section opened on line 2 (<![CDATA[)", "]]>", "utf-8"),
        ("<!-- the 7's bar", "a comment opened on line 2 (<!--)", "-->", "utf-16"),
    ],
)
def test_a_whole_svg_with_a_comment_or_cdata_left_open_is_said_so_not_cut_off(
    qapp, tmp_path: Path, opened: str, kind: str, closer: str, encoding: str
) -> None:
    """A whole 7 whose comment (or CDATA section) was never closed, its ``</svg>`` the file's last tag, was said "cut
    off, as by a download or a copy that did not finish", as one cut inside such a comment is: nothing was missing,
    and downloading it again would not help. It is said a damaged drawing, the comment and its line named, and what
    to put where; one cut inside its comment is still said cut off."""
    head, tail = SEVEN.split("<path", 1)
    whole = f"{head}\n{opened}<path{tail}"
    assert said_of(tmp_path, whole.encode(encoding)) == (
        f"a damaged SVG drawing: {kind} is never closed (no {closer}), so all after it, the drawing's end too, is "
        f"taken for part of it: put its {closer} where it should end"
    )
    assert said_of(tmp_path, whole.removesuffix("</svg>").encode(encoding)).endswith(f"({CUT_OFF})")


@pytest.mark.parametrize(
    ("declared", "written", "why"),
    [
        ("UTF-16", "utf-8", "(it is written a byte a letter): name the encoding it is in there, UTF-8 most likely"),
        ("UTF-8", "latin-1", "(its byte 133, 0xe9, is not UTF-8): name the encoding it is in there"),
    ],
)
def test_an_svg_whose_declaration_names_an_encoding_it_is_not_in_is_said_so(
    qapp, tmp_path: Path, declared: str, written: str, why: str
) -> None:
    """A 7 whose XML declaration says UTF-16 over a byte a letter, or UTF-8 over Latin-1's é, was Qt's "not a
    readable image (Unable to read image data)", nothing said of what was wrong. It is said: the encoding named, the
    byte that is not in it, and what to do; the same 7 declared as it is written is read, and cut short still cut
    off."""
    text = f'<?xml version="1.0" encoding="{declared}"?>' + SEVEN.replace("<rect", "<!-- café --><rect")
    words = said_of(tmp_path, text.encode(written))
    assert words == f"a damaged SVG drawing: its XML declaration says it is in {declared}, but it is not {why}"
    (honest := tmp_path / "honest.svg").write_bytes(text.replace(declared, written.upper()).encode(written))
    assert read_any_picture_and_note(honest)[0].min() == 0
    assert said_of(tmp_path, text.replace(declared, "UTF-8").encode()[:140]).endswith(f"({CUT_OFF})")
