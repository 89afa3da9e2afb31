"""The fortieth round of hostile testing, newcomer: the README and docs/ followed on a fresh clone as a new user would,
every command they show run (the long trainings by their short forms), and the command line given what such a user
types by mistake. Each test here failed before its fix (docs/robustness.md says what each found)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from rowreader.cli import main as cli_main

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("words", "meant"),
    [
        (["--json", "predict", "seven.png"], "rowreader predict --json seven.png"),
        (["--ink", "dark", "predict", "seven.png"], "rowreader predict --ink dark seven.png"),
        (["--data-dir", "/tmp", "evaluate"], "rowreader evaluate --data-dir /tmp"),
        (["--data-dir=/tmp", "download"], "rowreader download --data-dir=/tmp"),
    ],
)
def test_a_commands_option_typed_before_the_command_is_moved_after_it(words, meant, capsys) -> None:
    """A command's option typed before the command, as git's are: `rowreader --json predict seven.png` was refused by
    predict as "unrecognized arguments: --json", an option predict has; `rowreader --data-dir /tmp evaluate` was
    told "to read a picture, name the command first: rowreader predict --data-dir /tmp evaluate", a command that
    fails in its turn (/tmp, which exists, taken for a picture). Now: refused, status 2, with the command to type."""
    with pytest.raises(SystemExit) as stopped:
        cli_main(words)
    assert stopped.value.code == 2
    error = capsys.readouterr().err.splitlines()[-1]
    option = words[0].partition("=")[0]
    assert error == (
        f"rowreader: error: {option} is an option of {meant.split()[1]}, not of rowreader: give it after the "
        f"command: {meant}"
    )


def test_the_one_module_of_bench_that_is_no_command_says_so() -> None:
    """`python bench/this_checkout.py --help` printed nothing and ended with status 0, as if it had run; bench's two
    other modules that are not commands (rounds.py, school_marks.py) say what they are, status 2."""
    done = subprocess.run(
        [sys.executable, "bench/this_checkout.py", "--help"], capture_output=True, text=True, cwd=REPO, timeout=60
    )
    assert done.returncode == 2 and done.stdout == ""
    assert "this_checkout.py is a module, not a command" in done.stderr
