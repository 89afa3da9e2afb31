"""The sixty-ninth round, hypo12: Hypothesis properties on this round's open-ended inputs: the names a model is
written as (`training.fit --out`, `--metrics`, `training.merge --out`), text pasted in the window, and SVG text in
any encoding, whole or cut."""

from __future__ import annotations

import argparse
import contextlib
import re
import time
from pathlib import Path

import pytest
from gui_window import errors_said, until, window_without_model
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PIL import Image, ImageDraw
from PySide6.QtWidgets import QApplication

from gui.image_io import read_any_picture_and_note
from rowreader.output import one_line
from rowreader.picture_errors import CUT_OFF, PictureError
from training.config import FitConfig
from training.merge import checkpoint_out_argument

# the pieces a model's name is made of where the commands' checks meet: its endings, dots, spaces, slashes
_PIECES = [".safetensors", ".Safetensors", ".safetensor", ".pt", ".state.pt", ".metrics.csv", ".csv", ".lock"]
_NAME_PARTS = st.sampled_from([*_PIECES, "m", "é", ".", " ", "\t", "/", "runs/", "~", "-", "\n", "\0"])
_NAMES = st.one_of(st.lists(_NAME_PARTS, max_size=8).map("".join), st.text(max_size=30))
# "give X, say" and "give another name (X, say)": the refusals' offers, each at a refusal's end
_OFFER = re.compile(r"give another name \((.+), say\)$|give (.+), say$", re.S)


def _refusal(command: str, name: str) -> str | None:
    """Why ``command`` (out, metrics: training.fit's flags; merge: training.merge's --out) refuses ``name``, or
    None where it takes it; nothing is written either way (the checks come before any file)."""
    try:
        if command == "merge":
            checkpoint_out_argument(name)
        else:
            FitConfig(**{command: name})
    except (ValueError, argparse.ArgumentTypeError) as err:
        return str(err)
    return None


@settings(max_examples=400)
@given(name=_NAMES, command=st.sampled_from(["out", "metrics", "merge"]))
@example(name="m.pt.state.pt", command="out")
@example(name="runs/ ", command="merge")
@example(name="m.v2.lock", command="merge")
@example(name="\t.metrics.csv.state.pt", command="out")
def test_a_name_offered_for_a_model_refused_is_taken(tmp_path_factory, name, command) -> None:
    """`training.fit --out m.pt.state.pt` was offered m.pt, which it refused in its turn ("does not end in
    .safetensors"), `--out m.v2.lock` m.v2 and `training.merge --out 'runs/ '` runs/.safetensors, a hidden file
    refused as one: a refusal's own offer led to another refusal. Each name is taken or refused in one line naming
    it, and the name a refusal offers instead is taken (m.safetensors, m.v2.safetensors, runs/model.safetensors)."""
    folder = tmp_path_factory.mktemp("names", numbered=True)
    with contextlib.chdir(folder):
        why = _refusal(command, name)
        offers = [a or b for a, b in _OFFER.findall(why or "")]
        for offered in offers:
            assert _refusal(command, offered) is None, (name, offered, _refusal(command, offered))
    assert why is None or ("\n" not in one_line(why) and why.strip()), why
    assert list(folder.iterdir()) == []


@pytest.mark.parametrize(
    ("out", "offered"),
    [("m.pt.state.pt", "m.safetensors"), ("m.v2.lock", "m.v2.safetensors"), ("runs/ ", "runs/model.safetensors")],
)
def test_a_refused_models_name_is_offered_one_taken(tmp_path, monkeypatch, out, offered) -> None:
    """The plain examples the property found, as a person types them: `--out m.pt.state.pt` was offered m.pt,
    `--out m.v2.lock` m.v2, `--out 'runs/ '` runs/.safetensors, each refused in its turn. The name offered now ends
    in .safetensors, is no hidden file's, and is taken."""
    monkeypatch.chdir(tmp_path)
    why = _refusal("merge", out)
    assert why is not None and re.search(f"give (another name \\()?{re.escape(offered)}, say\\)?$", why), why
    assert _refusal("merge", offered) is None
    assert list(tmp_path.iterdir()) == []


# what pasted text is made of where the window's checks meet: a path's parts, a URL's, a home's, a NUL, lines
_PASTE_PARTS = ["/", "~", "~/", "file://", "%00", "\0", " ", "\n", "\t", ".png", ".svg", ".safetensors", "seven.png"]
_PASTE_PARTS += ["..", "é", "\u2028", "{here}"]  # {here}: the test's folder, where seven.png lies
_PASTED = st.one_of(st.lists(st.sampled_from(_PASTE_PARTS), max_size=6).map("".join), st.text(max_size=20))
# Python's and Qt's words, never a person's: a paste said "embedded null byte" for a name holding a NUL
_NOT_OURS = ("embedded null", "Traceback", "RuntimeError", "Error:", "QFile", "QImage", "errno")


@pytest.fixture(scope="module")
def pasting_folder(tmp_path_factory) -> Path:
    """A folder holding a 7 as seven.png, for text pasted to name."""
    folder = tmp_path_factory.mktemp("pasting")
    picture = Image.new("L", (40, 40), 255)
    ImageDraw.Draw(picture).line([(5, 5), (35, 5), (15, 35)], fill=0, width=5)
    picture.save(folder / "seven.png")
    return folder


def test_any_pasted_text_opens_a_picture_or_says_one_line_of_ours(qtbot, tmp_path, pasting_folder) -> None:
    """A pasted path holding a NUL (`/tmp/a<NUL>b.png`, or `file:///tmp/a%00b.png` dropped) said "Could not open the
    image: embedded null byte", Python's words, naming no file. Whatever text is pasted, the window opens a picture or
    says one line of its own (here: the name quoted, "holds a NUL byte (\\x00), which no file name can hold"), never
    an empty name, and the paste takes little CPU on the window's thread (its reading is a worker's)."""
    window = window_without_model(qtbot, tmp_path)  # one window for every text: as a person pastes one by one

    @settings(max_examples=60)
    @given(text=_PASTED)
    @example(text="{here}/seven.png")
    @example(text="{here}/a\0b.png")
    @example(text="file://{here}/a%00b.png")
    def pasted(text: str) -> None:
        said, before = errors_said(window), window.canvas.content
        QApplication.clipboard().setText(text.replace("{here}", str(pasting_folder)))
        started = time.thread_time()
        window.pictures.paste()
        assert time.thread_time() - started < 0.5
        until(qtbot, lambda: (bool(said) or window.canvas.content is not before) and not window.tasks.busy, seconds=20)
        if said:
            assert len(said) == 1 and "\n" not in said[0], said
            words = said[0].partition(": ")[2]
            assert words and not words.startswith(":") and not any(w in words for w in _NOT_OURS), said
        else:
            assert window.canvas.content.base is not None

    pasted()


# A 7 drawn as an SVG, a comment and a CDATA section in it, in the words {word}
SEVEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    '<rect width="280" height="280" fill="white"/>\n<!-- a seven{word} -->'
    '<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/><![CDATA[{word}]]></svg>'
)
# the encodings the app reads an SVG in, each with the declaration it needs (None: told by its mark, or none)
_ENCODINGS = [("utf-8", None), ("utf-8", "UTF-8"), ("utf-8-sig", None), ("utf-16", None), ("utf-16-le", None)]
_ENCODINGS += [("utf-16-be", None), ("utf-32", None), ("latin-1", "ISO-8859-1"), ("shift_jis", "Shift_JIS")]
# what breaks an SVG's XML wherever it is put: an opener never closed, a tag's start, a tag closed never opened
_BREAKS = ["", "<!--", "<![CDATA[", "<", "</g>", "&"]


@settings(max_examples=150)
@given(
    encoding=st.sampled_from(_ENCODINGS),
    word=st.sampled_from(["", " é", " 日本"]),
    broken=st.sampled_from(_BREAKS),
    at=st.integers(0, 10_000),
    cut=st.one_of(st.none(), st.integers(0, 10_000)),
)
@example(encoding=("utf-8", None), word="", broken="<!--", at=10, cut=None)
@example(encoding=("utf-16", None), word="", broken="</g>", at=140, cut=None)
@example(encoding=("shift_jis", "Shift_JIS"), word=" 日本", broken="<", at=60, cut=None)
def test_an_svg_in_any_encoding_is_drawn_or_said_cut_off_or_damaged(
    tmp_path_factory, encoding, word, broken, at, cut
) -> None:
    """A whole SVG whose XML is broken before its end (a ``<!--`` inside a tag, a ``</g>`` never opened, a ``<`` in
    its text) said "not a readable image (Unable to read image data)", Qt's words, the same as of a file that is no
    picture, where a comment left open at its end said a damaged drawing. In any encoding the app reads, whole, it is
    drawn or said a damaged drawing, the line and column named; cut at any byte, it is never said damaged but where
    its XML is broken before the cut, and a whole one is never said cut off."""
    codec, declared = encoding
    text = SEVEN.format(word=word)
    text = text[: at % (len(text) + 1)] + broken + text[at % (len(text) + 1) :]
    if declared is not None:
        text = f'<?xml version="1.0" encoding="{declared}"?>' + text
    data = text.encode(codec, "replace")  # Latin-1 has no 日本: ?? in its place
    data = data if cut is None else data[: cut % len(data)]
    (path := tmp_path_factory.mktemp("svg") / "seven.svg").write_bytes(data)
    try:
        read_any_picture_and_note(path)
    except PictureError as err:
        said = str(err)
        assert "Unable to read image data" not in said or cut is not None, said
        assert CUT_OFF not in said or cut is not None, said
        assert "damaged" not in said or cut is None or "XML is broken" in said, said
        assert said.startswith("seven.svg: ") and "\n" not in said, said
