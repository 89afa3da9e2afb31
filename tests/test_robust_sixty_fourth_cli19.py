"""The sixty-fourth round's commands' words (area cli19), each test seen failing on the code before its fix: a name
longer than any path said whole by the commands, `--sure` just over 1 asked about a percentage, and characters that
show as nothing (a zero-width space pasted from a chat) in a flag or a file's name."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from rowreader.checkpoint import side_file_problem
from rowreader.cli import build_parser, main


def _last_error(capsys) -> str:
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_picture_named_past_any_paths_length_is_said_once_and_shortened(capsys, tmp_path, monkeypatch) -> None:
    """`rowreader predict` of a 5,000-character name said it whole, then again shortened by the library inside its
    parentheses: a line of 5,200 characters. Now once, its ends and its length, as the library says it."""
    monkeypatch.chdir(tmp_path)
    assert main(["predict", "a" * 5000]) == 1
    line = _last_error(capsys)
    assert len(line) < 300, line
    assert line.count("(5,000 characters)") == 1
    assert line.endswith(
        "(5,000 characters): cannot read this image: its name is 5,000 bytes long, and this file system takes names "
        "of 255 bytes at most; give a shorter one"
    )


@pytest.mark.parametrize(("name", "said"), [("a" * 5000, "does not end in"), ("a" * 5000 + ".state.pt", "ends in")])
def test_a_models_name_past_any_paths_length_is_shortened_where_it_is_refused(name: str, said: str) -> None:
    """`training.fit --out` of 5,000 letters, no .safetensors, was said whole: a line of 5,242 characters; a name
    ending in .state.pt alike."""
    line = side_file_problem(name, checkpoint=True)
    assert line is not None and len(line) < 500, line
    assert f"{len(name):,} characters) {said} " in line


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("1.000002", "got '1.000002' (over 1 by 2e-06)"),  # was "(a percentage? 0.01000002 is 1.000002 %)"
        ("1.005", "got '1.005' (over 1 by 0.005)"),
        ("1.01", "got '1.01' (a percentage? 0.0101 is 1.01 %)"),  # from 1.01 on, as decided_at: a percentage
    ],
)
def test_sure_just_over_one_is_said_over_one_as_decided_at_says_it(capsys, typed: str, said: str) -> None:
    """`evaluate --sure 1.000002` asked "a percentage? 0.01000002 is 1.000002 %" where ``decided_at(sure=1.000002)``
    says "over 1 by 2e-06": a percentage of 1.000002 % is no one's slip. One bound for both, 1.01."""
    with pytest.raises(SystemExit):
        main(["evaluate", "--sure", typed])
    assert said in _last_error(capsys)


@pytest.mark.parametrize(
    "typed",
    [
        "--lim\u200b",  # had no hint: the zero-width space made it no beginning of --limit
        "\u200b--limit",  # had none: "unrecognized arguments: --limit" to the eye
        "--li\u200cmit",  # had "did you mean --limit?", the two alike to the eye, nothing said of why
        "\ufeff--limit",
    ],
)
def test_a_flag_holding_an_invisible_character_is_named_with_it(capsys, typed: str) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args(["evaluate", typed, "5"])
    line = _last_error(capsys)
    assert "did you mean --limit? (it holds an invisible character (" in line, line


def test_a_picture_named_with_an_invisible_character_says_so_and_the_file_meant(capsys, tmp_path, monkeypatch) -> None:
    """`predict x<zero-width space>.png` beside x.png was "x.png: no such file" to the eye."""
    monkeypatch.chdir(tmp_path)
    Path("x.png").write_bytes(b"")
    assert main(["predict", "x\u200b.png"]) == 1
    line = _last_error(capsys)
    assert line.endswith(
        "no such file; the name holds an invisible character (zero width space U+200B); did you mean x.png?"
    ), line
    os.remove("x.png")  # not there: the character said, nothing offered
    assert main(["predict", "y\u200c.png"]) == 1
    assert _last_error(capsys).endswith("the name holds an invisible character (zero width non-joiner U+200C)")


def test_rowreader_data_holding_an_invisible_character_says_so_and_the_folder_meant(tmp_path, monkeypatch) -> None:
    """`ROWREADER_DATA=<folder><zero-width space>` was "MNIST files not found in $ROWREADER_DATA=<folder>", the folder
    to the eye; a blank there was already said (one rule for both now: ``unseen_in_name``)."""
    from rowreader.data import load_mnist

    monkeypatch.setenv("ROWREADER_DATA", f"{tmp_path}\u200b")
    with pytest.raises(FileNotFoundError, match=r"The name holds an invisible character .* did you mean "):
        load_mnist(train=False)
