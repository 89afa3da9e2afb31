"""The forty-eighth round of hostile testing, newcomer3: a newcomer following the README and docs/*.md word for word
in a fresh clone, every command run as written (its exit status and its output against what the page shows), every
path named, the quick start's two commands and each entry point's --help against the README's claims; each test is
checked to fail on the code or the page before its fix."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_ci_run_leaves_the_quick_starts_virtualenv_as_it_is(tmp_path) -> None:
    """The README's quick start makes `.venv` in the checkout (the CPU build of torch, say, as "No GPU?" shows) and
    then says ".ci/run does all this"; `.ci/run` ran `python -m venv --clear .venv`, which emptied that virtualenv
    without a word (the CPU build gone, the 6.1 GB CUDA build installed in its place). It now makes a virtualenv of
    its own, `.ci/.venv`, and the quick start's is left as it was."""
    clone = tmp_path / "clone"
    (clone / ".ci").mkdir(parents=True)
    shutil.copy2(REPO / ".ci" / "run", clone / ".ci" / "run")
    for data in ("mnist", "unipen1a"):
        (tmp_path / "shared" / "data" / data).mkdir(parents=True)
    mine = clone / ".venv" / "lib" / "torch-cpu-build.txt"
    mine.parent.mkdir(parents=True)
    mine.write_text("the CPU build I installed\n")
    # a Python whose virtualenvs have no pip (made in a moment): the README's pip install then fails at once
    python = tmp_path / "python"
    python.write_text(
        f'#!/bin/sh\nif [ "$1 $2" = "-m venv" ]; then shift 2; exec {sys.executable} -m venv --without-pip "$@"; fi\n'
        f'exec {sys.executable} "$@"\n'
    )
    python.chmod(0o755)
    env = {**os.environ, "PYTHON": str(python)}
    done = subprocess.run(
        ["bash", str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0  # pip is missing in the stand-in's virtualenv: the run fails, as it must
    assert mine.read_text() == "the CPU build I installed\n", done.stdout + done.stderr
    assert (clone / ".ci" / ".venv" / "bin" / "activate").is_file()
