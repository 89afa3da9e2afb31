"""The forty-seventh round of hostile testing, newcomer2: a newcomer on a fresh machine, a clone in /tmp and a fresh
virtualenv made as the README says, following the README top to bottom: the app with the shipped model in a real
window (Xvfb, openbox, xdotool), the tests, a small model trained and compared, the command line on their own
pictures, their handwriting taught, and the benchmarks' short runs; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import pytest

from training.arguments import parse_args


@pytest.mark.parametrize("words", [["--resume", "runs/quick.safetensors"], ["--epochs", "2", "--resume", "q.pt"]])
def test_a_file_given_to_resume_is_named_as_what_resume_does_not_take(words, capsys) -> None:
    """`python -m training.fit --resume runs/quick.safetensors`, as a newcomer reads "`--resume` continues it", was
    refused as "unrecognized arguments: runs/quick.safetensors", the file they meant the run to go on from. The
    refusal now says that --resume takes no file and continues the run --out names, with the command to type."""
    with pytest.raises(SystemExit) as refused:
        parse_args(words)
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert f"--resume takes no file: it continues the run that --out names (--resume --out {words[-1]})" in err, err
    assert "unrecognized" not in err, err


def test_other_unrecognized_words_are_refused_as_before(capsys) -> None:
    """A word that follows no --resume is refused in argparse's words, as it was."""
    with pytest.raises(SystemExit) as refused:
        parse_args(["--epochs", "1", "stray", "--resume"])
    assert refused.value.code == 2 and "error: unrecognized arguments: stray\n" in capsys.readouterr().err
