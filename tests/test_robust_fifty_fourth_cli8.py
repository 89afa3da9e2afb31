"""The fifty-fourth round's command lines as a hostile user (area cli8), each checked to fail on the code before
its fix."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from rowreader.cli import main
from training.arguments import parse_args


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["predict", "--epochs", "3", "x.png"], "--epochs is training.fit's, not predict's: python -m training.fit "
         "--epochs 3 …"),
        (["evaluate", "--examples", "mine"], "--examples is training.fit's, not evaluate's: python -m training.fit "
         "--examples mine …"),
        (["download", "--Pen-Dir=u"], "did you mean --pen-dir?; --pen-dir is training.fit's and training.ship's, "
         "not download's: python -m training.fit --pen-dir u …"),
    ],
)  # fmt: skip
def test_a_training_flag_given_to_rowreader_names_the_training_command(words, said, capsys, monkeypatch) -> None:
    """`rowreader predict --epochs 3 x.png` was "unrecognized arguments: --epochs" alone: rowreader's commands knew
    one another's flags, never training's (rowreader imports no training, so they are asked of a child process)."""
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    with pytest.raises(SystemExit) as ended:
        main(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (["--sure", "0.9"], "--sure is rowreader evaluate's, not training.fit's: rowreader evaluate --sure 0.9 …"),
        (["--ink=dark"], "--ink is rowreader predict's, not training.fit's: rowreader predict --ink dark …"),
    ],
)
def test_a_rowreader_flag_given_to_training_names_the_rowreader_command(words, said, capsys) -> None:
    """`python -m training.fit --sure 0.9` was "unrecognized arguments: --sure 0.9" alone, the flag evaluate's."""
    with pytest.raises(SystemExit) as ended:
        parse_args(words)
    assert ended.value.code == 2
    assert capsys.readouterr().err.rstrip().endswith(said)


def test_another_commands_flag_after_dashes_says_both_why_and_whose(tmp_path: Path, capsys, monkeypatch) -> None:
    """`rowreader predict x.png -- --sure` said "--sure: no such file" alone: true (after -- it is a name), but
    predict's own flag there was told to go before --, and evaluate's was not named at all."""
    from PIL import Image

    picture = tmp_path / "x.png"
    Image.new("L", (28, 28)).save(picture)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(sys, "argv", ["rowreader"])
    assert main(["predict", "x.png", "--", "--sure"]) == 1
    said = capsys.readouterr().err
    assert (
        "--sure: no such file; the option --sure after -- is read as a file's name, and --sure is evaluate's, not "
        "predict's: rowreader evaluate --sure …" in said
    )
