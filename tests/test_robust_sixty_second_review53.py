"""The sixty-second round's review of cli17, mutants17 and hypo9 (area review53), each test seen failing on the code
before its fix: a file named like a flag after `--`, ..."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.merge import merge_parser


def _refusal(parser, words: list[str], capsys) -> str:
    with pytest.raises(SystemExit):
        parser.parse_args(words)
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_file_named_like_a_flag_after_dashes_is_a_name(tmp_path: Path, capsys, monkeypatch) -> None:
    """`training.merge -- --for a` with a file named --for there (the -- typed to name it) was told "drop the --
    (did you mean --force for --for?)": a flag's hint for a file, which the hints elsewhere give none (a file of that
    name is a name). The missing --out alone is said; with no such file, the -- is still said."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "--for").touch()
    said = _refusal(merge_parser(), ["--", "--for", "a"], capsys)
    assert said.endswith("the following arguments are required: --out"), said
    assert "drop the -- (did you mean --force for --fo?)" in _refusal(merge_parser(), ["--", "--fo", "a"], capsys)
