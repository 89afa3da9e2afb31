"""The forty-eighth round of hostile testing, inkword: which ink a picture was read in, and whether the user can
know. ``rowreader predict`` (text and ``--json``, a file and a pipe, each ``--ink``) and ``normalise`` were given
notes forged with the right digest, notes naming other pixels, blank pages, JPEG, GIF and 16-bit PNG pictures and a
drawing inked all round its border; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import json
import sys

import numpy as np
import pytest
from gui_window import open_shipped_window
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from PIL import Image, PngImagePlugin

from gui.image_io import load_picture_file, normalise_picture, read_any_picture_data_and_note
from rowreader import example_index
from rowreader.cli import main as cli_main
from rowreader.example_folder import file_key, load_examples
from rowreader.example_store import ExampleStore, png_bytes
from rowreader.picture_errors import PNG_SIGNATURE
from rowreader.preprocess import normalise
from rowreader.stated_ink import INK_KEY, stated_ink


def _one() -> np.ndarray:
    """A bold 1, dark ink on white paper."""
    grey = np.full((280, 280), 255, np.uint8)
    grey[30:250, 130:150] = 0
    return grey


def _ring() -> np.ndarray:
    """A 0 drawn past every edge of the page: its dark ink is all of the border, its paper a white oval inside."""
    ys, xs = np.indices((280, 280))
    grey = np.full((280, 280), 255, np.uint8)
    grey[np.hypot(ys - 140, (xs - 140) * 1.4) > 110] = 0
    return grey


def _predicted(capsys, monkeypatch, tmp_path, data: bytes, *options: str, piped: bool = False) -> tuple[dict, str]:
    """``predict --json`` and ``predict``'s text of the picture ``data``, from a file or piped in."""
    path = tmp_path / "picture.png"
    path.write_bytes(data)
    said = []
    for words in (["--json"], []):
        if piped:
            monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(data)))
        assert cli_main(["predict", *words, *options, "-" if piped else str(path)]) == 0
        said.append(capsys.readouterr().out)
    result = json.loads(said[0])
    return (result[0] if isinstance(result, list) else result), said[1]


def test_a_forged_note_that_decides_the_ink_is_said(capsys, monkeypatch, tmp_path) -> None:
    """A PNG whose "RowReader ink" note is forged with the right digest, saying "light" on a dark 1 on white paper,
    decided ``--ink auto`` unseen: its paper was read as the digit (4 at 79.1 %) and neither the text nor ``--json``
    said which ink was used, or why. Each now says it: ``"ink": "light", "ink_from": "note"``, and the line under
    the name names the note and the ``--ink`` that reads it the other way, which then reads the 1."""
    forged = png_bytes(_one(), "light")
    for piped in (False, True):
        result, text = _predicted(capsys, monkeypatch, tmp_path, forged, piped=piped)
        assert (result["ink"], result["ink_from"]) == ("light", "note")
        assert text.splitlines()[1] == (
            "  read as light ink on dark paper (the picture's RowReader note says so; --ink dark reads it as dark ink)"
        )
        result, text = _predicted(capsys, monkeypatch, tmp_path, forged, "--ink", "dark", piped=piped)
        assert (result["prediction"], result["ink"], result["ink_from"]) == (1, "dark", "asked")
        assert text.splitlines()[1] == "  read as dark ink on light paper (as --ink asked)"


@pytest.mark.parametrize("ink", ["auto", "dark", "light"])
@pytest.mark.parametrize("piped", [False, True])
def test_every_ink_asked_is_said_from_a_file_and_a_pipe(capsys, monkeypatch, tmp_path, ink, piped) -> None:
    """Which ink a picture was read in was said nowhere, so a 1 read wrongly under ``--ink light`` (its paper the
    digit) looked like the model's mistake. Every result now says it, from a file or a pipe, and who decided: the
    ink asked for, the drawing's own note (a ring inked all round its border, saved by RowReader), or the pixels."""
    for grey, note, found in ((_one(), None, "dark"), (255 - _one(), None, "light"), (_ring(), "dark", "dark")):
        result, text = _predicted(capsys, monkeypatch, tmp_path, png_bytes(grey, note), "--ink", ink, piped=piped)
        source = "asked" if ink != "auto" else "note" if note else "pixels"
        assert (result["ink"], result["ink_from"]) == (found if ink == "auto" else ink, source)
        assert text.splitlines()[1].startswith(f"  read as {result['ink']} ink on "), text


def test_a_blank_page_says_no_ink_and_a_note_on_other_pixels_nothing(capsys, monkeypatch, tmp_path) -> None:
    """A blank page has no ink to name (``"ink": null``, and no line says one); a note written with other pixels
    (a saved drawing moved over by an editor that keeps its text chunks) is not taken, and the result says that the
    pixels decided."""
    result, text = _predicted(capsys, monkeypatch, tmp_path, png_bytes(np.full((50, 50), 255, np.uint8)))
    assert (result["empty"], result["ink"], result["ink_from"]) == (True, None, None)
    assert "read as" not in text
    info = PngImagePlugin.PngInfo()
    info.add_text(INK_KEY, Image.open(io.BytesIO(png_bytes(_one(), "light"))).info[INK_KEY])
    buffer = io.BytesIO()
    Image.fromarray(np.roll(_one(), 40, axis=1)).save(buffer, format="PNG", pnginfo=info)  # the note: other pixels
    result, _ = _predicted(capsys, monkeypatch, tmp_path, buffer.getvalue())
    assert (result["prediction"], result["ink"], result["ink_from"]) == (1, "dark", "pixels")


@pytest.mark.parametrize("kind", ["JPEG", "GIF", "PNG16"])
def test_other_formats_say_their_ink_from_their_pixels(capsys, monkeypatch, tmp_path, kind) -> None:
    """A JPEG, a GIF and a 16-bit PNG of shades no 8-bit picture has (its note forged with the digest of its pixels
    cut to 8 bits) carry no note RowReader takes: each says it was read in the ink its pixels show."""
    grey = 255 - _one()
    buffer = io.BytesIO()
    if kind == "PNG16":
        info = PngImagePlugin.PngInfo()
        info.add_text(INK_KEY, Image.open(io.BytesIO(png_bytes(grey, "dark"))).info[INK_KEY])
        Image.fromarray(grey.astype(np.uint16) * 256).save(buffer, format="PNG", pnginfo=info)  # not 8-bit shades
    else:
        Image.fromarray(grey).save(buffer, format=kind)
    result, _ = _predicted(capsys, monkeypatch, tmp_path, buffer.getvalue())
    assert (result["prediction"], result["ink"], result["ink_from"]) == (1, "light", "pixels")


def test_normalise_says_the_ink_it_read_in() -> None:
    """``normalise`` with ``ink="auto"`` chose an ink and kept it to itself, so no caller could say which; its
    ``read_in`` says it now: found from the border, the other ink where the border's guess found nothing (a dim
    photo), the ink asked for, and None where no ink was found."""
    dim = np.full((60, 60), 0.4)
    dim[10:50, 28:32] = 0.1  # paper in dim light: the border looks dark, the ink is darker still
    assert normalise(_one()).read_in == "dark"
    assert normalise(255 - _one()).read_in == "light"
    assert normalise(dim).read_in == "dark"
    assert normalise(_one(), ink="light").read_in == "light"
    assert normalise(np.full((28, 28), 255, np.uint8)).read_in is None


def _note_after_the_pixels(data: bytes) -> bytes:
    """A PNG's text chunks moved after its pixel data, where the PNG format lets any program write them."""
    chunks, at = [], len(PNG_SIGNATURE)
    while at < len(data):
        end = at + 12 + int.from_bytes(data[at : at + 4], "big")
        chunks.append(data[at:end])
        at = end
    text = [c for c in chunks if c[4:8] == b"tEXt"]
    rest = [c for c in chunks if c[4:8] != b"tEXt"]
    return PNG_SIGNATURE + b"".join(rest[:-1] + text + rest[-1:])


def test_a_note_after_the_pixels_is_read_with_them(capsys, monkeypatch, tmp_path) -> None:
    """The note was read by opening and parsing the PNG a second time, its header alone, after the picture reader
    had decoded it all: a saved drawing inked all round its border whose note comes after its pixel data (as the PNG
    format allows any program to write it) was read by its border, its paper the digit (0 at 61.6 %, where its note
    read it at 99.6 %). The note is now read in the one decoding, by ``predict`` (file and pipe), the app (Open and
    paste) and the examples folder alike."""
    data = _note_after_the_pixels(png_bytes(_ring(), "dark"))
    assert data.index(b"tEXt") > data.index(b"IDAT")
    for piped in (False, True):
        result, _ = _predicted(capsys, monkeypatch, tmp_path, data, piped=piped)
        assert (result["prediction"], result["ink"], result["ink_from"]) == (0, "dark", "note")
        assert result["probability"] > 0.99
    path = tmp_path / "ring.png"
    path.write_bytes(data)
    as_drawn = normalise(_ring(), ink="dark").image
    np.testing.assert_array_equal(load_picture_file(path).image, as_drawn)
    picture, note = read_any_picture_data_and_note(data, "pasted")
    np.testing.assert_array_equal(normalise_picture(picture, "pasted", None, note).image, as_drawn)
    (tmp_path / "examples" / "0").mkdir(parents=True)
    (tmp_path / "examples" / "0" / "ring.png").write_bytes(data)
    np.testing.assert_array_equal(ExampleStore(tmp_path / "examples").load().examples[0].image, as_drawn)


@pytest.mark.parametrize("ink", ["dark", "light"])
def test_a_blank_page_read_in_an_ink_asked_says_only_that_it_is_empty(capsys, monkeypatch, tmp_path, ink) -> None:
    """``--ink dark`` on a blank page printed "read as dark ink on light paper (as --ink asked)" and then "no ink
    found": a reading in an ink where none was found. The text says only that it is empty; the JSON keeps the ink
    asked for, as ``"ink_from": "asked"`` says."""
    result, text = _predicted(capsys, monkeypatch, tmp_path, png_bytes(np.full((50, 50), 255, np.uint8)), "--ink", ink)
    assert (result["empty"], result["ink"], result["ink_from"]) == (True, ink, "asked")
    assert text.splitlines()[1:] == ["  no ink found: the picture is all one shade, nothing is drawn on it"]


def test_the_app_says_when_a_note_decided_the_ink(qtbot, tmp_path) -> None:
    """Opened in the app, the forged note's 1 was shown as a black page with a white bar and read as 4 at 79.1 %,
    and the status line said only "Reading forged.png": nothing said that the picture's own note had turned it.
    The window now says which ink the note made it read in; a picture without a note is read as before (since the
    forty-ninth round the status bar says every picture's ink and why, in the CLI's words)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    for name, data in (("forged.png", png_bytes(_one(), "light")), ("plain.png", png_bytes(_one()))):
        (tmp_path / name).write_bytes(data)
        window.pictures.open_image(tmp_path / name)
        qtbot.waitUntil(lambda name=name: _shown_source(window) == name, timeout=20_000)
        said = window.status.shown
        if name == "forged.png":
            assert "forged.png: read as light ink on dark paper (the picture's RowReader note says so;" in said, said
        else:
            assert "read as dark ink on light paper (told from its pixels;" in said and "note" not in said, said


def _shown_source(window) -> str | None:
    """The name of the picture the window shows, if it shows one."""
    base = window.canvas.content.base
    return None if base is None else base.source


@pytest.mark.parametrize("mode", ["1", "P", "LA", "RGB", "RGBA", "I;16"])
def test_a_saved_drawing_encoded_again_without_loss_keeps_its_note(capsys, monkeypatch, tmp_path, mode) -> None:
    """A saved drawing inked all round its border, written again without loss by a program that keeps its text
    chunks (an optimiser's 1-bit or palette PNG, an editor's RGB, grey and alpha or 16-bit one), has the same
    pixels, but its note named the 8-bit grey array and said nothing of the same shades read as another array: it
    was read by its border, its paper the digit (0 at 61.6 %). The note now names the shades, however stored; a
    picture whose shades differ (a pixel changed, a translucent pixel) is still read by its pixels."""
    note = Image.open(io.BytesIO(png_bytes(_ring(), "dark"))).info[INK_KEY]

    def encoded(grey: np.ndarray) -> bytes:
        info, buffer = PngImagePlugin.PngInfo(), io.BytesIO()
        info.add_text(INK_KEY, note)
        Image.fromarray(grey).convert(mode).save(buffer, format="PNG", pnginfo=info)
        return buffer.getvalue()

    result, _ = _predicted(capsys, monkeypatch, tmp_path, encoded(_ring()))
    assert (result["prediction"], result["ink"], result["ink_from"]) == (0, "dark", "note")
    assert result["probability"] > 0.99
    changed = _ring()
    changed[140, 140] = 0  # a dot in the middle of the paper
    result, _ = _predicted(capsys, monkeypatch, tmp_path, encoded(changed))
    assert result["ink_from"] == "pixels"


@settings(max_examples=60, deadline=None)
@given(
    grey=arrays(np.uint8, st.tuples(st.integers(1, 6), st.integers(1, 6))),
    mode=st.sampled_from(["L", "LA", "RGB", "RGBA", "P", "I;16"]),
    said=st.sampled_from(["dark", "light"]),
)
def test_a_note_is_taken_on_its_own_shades_alone(grey, mode, said) -> None:
    """Whatever the shades and however they are stored again without loss, a note naming them is taken; and a note
    naming them is never taken for other shades (one pixel one shade darker, or made translucent)."""
    note = Image.open(io.BytesIO(png_bytes(grey, said))).info[INK_KEY]
    stored = np.asarray(Image.fromarray(grey).convert(mode).convert("RGBA" if mode == "P" else mode))
    if mode == "I;16" and grey.max() >= 64:  # past 14 bits a 16-bit PNG's shades are read on 0…65,535
        stored = stored.astype(np.uint16) * np.uint16(257)  # 8-bit shades as a 16-bit PNG holds them
    assert stated_ink(note, stored) == said
    other = grey.copy()
    other[0, 0] = other[0, 0] - 1 if other[0, 0] else 1
    assert stated_ink(note, other) == "auto"
    if mode in ("LA", "RGBA"):
        translucent = stored.copy()
        translucent[0, 0, -1] = 254
        assert stated_ink(note, translucent) == "auto"


def test_an_index_written_before_this_round_is_not_taken_for_a_note_it_missed(tmp_path, monkeypatch) -> None:
    """The examples' index (the 28×28 inputs kept between runs) was of the same version after this round taught
    the reading of a note after the pixel data: a kept drawing inked round its border so written, indexed before
    as light ink on dark paper (its paper taught as the 0), would still be taught so. An index written before is of
    another version now, and the drawing is read again, as drawn."""
    root = tmp_path / "examples"
    (root / "0").mkdir(parents=True)
    path = root / "0" / "ring.png"
    path.write_bytes(_note_after_the_pixels(png_bytes(_ring(), "dark")))
    # as the code before read it on auto: light ink on dark paper (the same image at the fiftieth round's end; since
    # the fifty-first round's rulewords, auto takes a ring inked past every edge for a blank page on a dark desk)
    as_drawn, as_before = normalise(_ring(), ink="dark").image, normalise(_ring(), ink="light").image
    assert np.abs(as_drawn - as_before).max() > 0.5  # the two readings differ: the test can tell them apart
    with monkeypatch.context() as before:  # the index as the code before this round wrote it
        before.setattr(example_index, "INDEX_VERSION", 5)
        example_index.write_index(root, {path: (file_key(path, None), as_before)})
    (example,) = load_examples(root, index=True).examples
    np.testing.assert_array_equal(example.image, as_drawn)
