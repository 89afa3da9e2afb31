"""The sixty-second round's review of cli17, mutants17 and hypo9 (area review53), each test seen failing on the code
before its fix: a file named like a flag after `--`, ..."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.finetune import forgot_line
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


def test_a_teach_that_lost_ten_points_exactly_says_so() -> None:
    """A teach read on 2,000 MNIST digits that fell 1,980 → 1,780 (99.00% → 89.00%, 10 points, which docs/training.md
    says is said) printed the numbers alone: 0.99 - 0.89 is 0.0999… in floating point, under FORGOT's 0.10; so for
    1,103 of the 1,801 ways to lose 200 of 2,000. A loss a hair short of 10 points is still not said."""
    said = forgot_line({"digits": 2000, "before": 0.99, "after": 0.89}, 3e-4, "base.safetensors")
    assert said is not None and "(MNIST 99.00% → 89.00%)" in said
    assert forgot_line({"digits": 2000, "before": 0.99, "after": 0.8905}, 3e-4, "base.safetensors") is None
