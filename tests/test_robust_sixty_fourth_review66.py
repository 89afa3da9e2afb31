"""The sixty-fourth round's review of review63's and review64's merged fixes (area review66), each test seen failing
on the code before its fix: a picture typed after an ``@`` told to give its "words" on the command line, and a
name spelt in other characters that look the same and in another case, with no hint at all."""

from __future__ import annotations

import pytest
from PIL import Image

from rowreader.cli import main
from rowreader.output import shell_word


def _last_error(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_picture_after_an_at_is_offered_as_itself(capsys, tmp_path, monkeypatch):
    """`predict @x.png` beside the picture x.png was "no command reads its words from a file: give those in x.png on
    the command line", a picture's "words"; a file of words (args.txt) is still told so."""
    monkeypatch.chdir(tmp_path)
    Image.new("L", (28, 28), 255).save(tmp_path / "x.png")
    (tmp_path / "args.txt").write_text("--sure 0.9 x.png\n")
    assert main(["predict", "@x.png"]) == 1
    assert _last_error(capsys).endswith("@x.png: no such file; did you mean x.png?")
    assert main(["predict", "@args.txt"]) == 1
    assert "no command reads its words from a file: give those in args.txt" in _last_error(capsys)


@pytest.mark.parametrize(
    ("typed", "there"),
    [
        ("Cafe\u0301.png", "café.png"),  # a Mac's é, and a capital C
        ("CAFE\u0301.png", "café.png"),
        ("cafe\u0301", "café.png"),  # and no extension
        ("Café.png", "cafe\u0301.png"),  # the other way round
    ],
)
def test_a_name_spelt_otherwise_and_in_another_case_is_hinted(capsys, tmp_path, monkeypatch, typed, there):
    """`predict Cafe<U+0301>.png` beside café.png was "no such file" and nothing more: the case was hinted
    (near_name) and the spelling (spelt_otherwise), but not the two together."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / there).write_bytes(b"")
    assert main(["predict", typed]) == 1
    said = _last_error(capsys)
    hint = f"the name is spelt in other characters that look the same; did you mean {shell_word(there)}?"
    assert said.endswith(hint), said
