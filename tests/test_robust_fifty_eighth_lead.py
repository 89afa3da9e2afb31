"""The fifty-eighth round of hostile testing, the lead's: a "did you mean" for a flag no command has must be a flag
the user could have meant, judged by the flags' names, not by the two dashes every flag shares."""

from __future__ import annotations

import pytest

from rowreader import cli


def _refusal(capsys: pytest.CaptureFixture[str], words: list[str]) -> str:
    with pytest.raises(SystemExit) as ended:
        cli.main(words)
    assert ended.value.code == 2
    return capsys.readouterr().err.strip().splitlines()[-1]


def test_a_flag_like_no_other_gets_no_far_fetched_guess(capsys):
    """`rowreader predict --brush 3 x.png` (the canvas's brush, a benchmark's flag) said "did you mean --runs?;
    --runs is training.ship's, not predict's": `--brush` and `--runs` are 0.77 alike as difflib weighs them, their
    dashes counted, `brush` and `runs` 0.67; nothing is guessed now."""
    said = _refusal(capsys, ["predict", "--brush", "3", "x.png"])
    assert said.endswith("unrecognized arguments: --brush"), said


@pytest.mark.parametrize(
    ("typed", "meant"), [("--chekpoint", "--checkpoint"), ("--sed", "--seed"), ("--alow-small", "--allow-small")]
)
def test_a_flag_mistyped_is_still_named(capsys, typed, meant):
    """A letter left out or doubled is still the flag meant, this command's or another's."""
    said = _refusal(capsys, ["predict", typed, "3", "x.png"])
    assert f"did you mean {meant}?" in said, said
