"""The sixty-fourth round's commands' last words (area cli20), each test seen failing on the code before its fix:
`--sure` read exactly, as the library compares it; `@x.pgm` of a picture written in text; a combining mark alone in
a name; drawn format signs not called invisible."""

from __future__ import annotations

import decimal
import json

import pytest

from rowreader.cli import build_parser, main
from rowreader.output import unseen


def _last_error(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_sure_is_read_exactly_as_the_library_compares_it() -> None:
    """`evaluate --sure 0.75000000000000000001` was read as the float 0.75, which a belief of 0.75 holds, where
    ``decided_at`` compares that Decimal exactly (a belief of 0.75 does not hold it): the number typed is kept."""
    sure = build_parser().parse_args(["evaluate", "--sure", "0.75000000000000000001"]).sure
    assert sure > 0.75 and sure == decimal.Decimal("0.75000000000000000001")
    assert build_parser().parse_args(["evaluate"]).sure == decimal.Decimal("0.6")  # the default, as typed


def test_sure_a_hair_over_one_is_refused_as_the_library_refuses_it(capsys) -> None:
    """`--sure 1.00000000000000000001` was the float 1, taken, where ``decided_at`` refuses it as over 1."""
    with pytest.raises(SystemExit):
        main(["evaluate", "--sure", "1.00000000000000000001"])
    assert "got '1.00000000000000000001' (over 1 by a rounding error?" in _last_error(capsys)


def test_sure_is_said_as_typed_in_evaluates_lines(capsys) -> None:
    """The text said "at least 75 %" of a --sure over 0.75; the JSON holds the float, as JSON can."""
    assert main(["evaluate", "--limit", "3", "--device", "cpu", "--sure", "0.75000000000000000001"]) == 0
    out = capsys.readouterr().out
    assert "holds at least 75.000000000000000001 % of the belief" in out
    assert main(["evaluate", "--limit", "3", "--device", "cpu", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["first_sure"]["sure"] == 0.6


@pytest.mark.parametrize("magic", ["P1\n2 2\n0 1 1 0\n", "P2\n2 2\n255\n0 128 255 0\n", "P3\n1 1\n255\n0 0 0\n"])
def test_at_a_picture_written_in_text_is_offered_as_itself(capsys, tmp_path, monkeypatch, magic: str) -> None:
    """`predict @x.pgm` of a PGM written in text (P2: no NUL byte) was told "no command reads its words from a
    file: give those in x.pgm on the command line"; a picture is known by how it begins, as standard input's is."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "x.pgm").write_text(magic)
    assert main(["predict", "@x.pgm"]) == 1
    assert _last_error(capsys).endswith("@x.pgm: no such file; did you mean x.pgm?")
    (tmp_path / "args.txt").write_text("--limit 5\nx.pgm\n")  # a file of words is still said so
    assert main(["predict", "@args.txt"]) == 1
    assert "no command reads its words from a file" in _last_error(capsys)


@pytest.mark.parametrize("name", ["\u0301", "\u0301.png", "a/\u0308x.png"])
def test_a_combining_mark_alone_in_a_name_is_said(capsys, tmp_path, monkeypatch, name: str) -> None:
    """`predict <U+0301>` was "error:́: no such file": the accent drawn on the colon, no name to be seen, no hint."""
    monkeypatch.chdir(tmp_path)
    assert main(["predict", name]) == 1
    assert "the name holds a combining mark with no letter of its own (combining " in _last_error(capsys)


def test_drawn_format_signs_are_not_called_invisible(capsys, tmp_path, monkeypatch) -> None:
    """`x<U+0600>.png` (the Arabic number sign, drawn) was said to hold "an invisible character"; Unicode's
    prepended concatenation marks are format characters that show. A zero-width space is still named."""
    assert unseen("x\u0600\u06dd\u070f.png") == [] and unseen("x\u200b.png") == ["\u200b"]
    monkeypatch.chdir(tmp_path)
    assert main(["predict", "x\u0600.png"]) == 1
    assert "invisible" not in _last_error(capsys)
