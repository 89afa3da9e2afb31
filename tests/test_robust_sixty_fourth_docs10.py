"""The sixty-fourth round, docs10: the docs' words on what the round changed, held to what the code does. A long
name shortened in error lines was in no doc; library.md gave a C's clearance as 1.25 pens for every C, where a C of
three pieces or more (a digit's outer dashes) is asked two."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rowreader import one_digit
from rowreader.cli import main
from rowreader.output import name_said

DOCS = Path(__file__).resolve().parent.parent / "docs"


def _prose(name: str) -> str:
    """A doc's text with its lines joined, so a sentence wrapped over lines is found whole."""
    return " ".join((DOCS / name).read_text(encoding="utf-8").split())


def test_input_checks_says_how_a_name_past_any_paths_length_is_shortened(capsys, tmp_path, monkeypatch) -> None:
    """input-checks.md says how a name longer than any path is said (its ends, its length), and its example is what
    `predict` prints: the rule (rowreader.output.name_said, the commands' and the library's) was in no doc
    (in bytes since cli21, as the system counts a path)."""
    text = _prose("input-checks.md")
    rule = re.search(r"longer than any path \(([\d,]+) bytes.*?its first (\d+) and last (\d+) characters", text)
    assert rule is not None, "input-checks.md does not say how a long name is shortened"
    longest, head, tail = (int(group.replace(",", "")) for group in rule.groups())
    assert name_said("x" * longest) == "x" * longest
    assert name_said("x" * (longest + 1)) == f"{'x' * head}…{'x' * tail} ({longest + 1:,} characters)"
    example = re.search(r'`predict` of a 5,000-character name says "aaa…aaa\.png( \(5,004 characters\): [^"]+)"', text)
    assert example is not None, "input-checks.md has no example of a long name said"
    monkeypatch.chdir(tmp_path)
    assert main(["predict", "a" * 5000 + ".png"]) == 1
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.endswith(f"{'a' * head}…{'a' * (tail - 4)}.png{example.group(1)}"), line


def test_library_md_gives_the_clearance_a_c_and_a_dashed_c_are_asked() -> None:
    """library.md said a C's digit is 1.25 of its pen's widths clear of the edges, every C: one of more than
    OPEN_STROKES pieces (a digit drawn in dashes, its outer dashes) is asked two still (marks12's second fix)."""
    text = _prose("library.md")
    said = re.search(
        r"the digit ([\d.]+) of its pen's widths clear of the drawing's edges but the one its gap faces "
        r"\(two where the C is (\w+) pieces or more",
        text,
    )
    assert said is not None, "library.md does not say what a C of dashes is asked"
    assert float(said.group(1)) == one_digit.OPEN_CLEAR
    assert said.group(2) == {3: "three"}.get(one_digit.OPEN_STROKES + 1)


@pytest.mark.parametrize("name", ["input-checks.md", "library.md"])
def test_the_docs_name_no_function_that_is_not_there(name: str) -> None:
    """A control: each `rowreader.output.X` the doc names is a function there (a rename would leave the words)."""
    from rowreader import output

    named = set(re.findall(r"`rowreader\.output\.(\w+)`", _prose(name)))
    assert all(callable(getattr(output, each, None)) for each in named), named
