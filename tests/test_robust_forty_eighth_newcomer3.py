"""The forty-eighth round of hostile testing, newcomer3: a newcomer following the README and docs/*.md word for word
in a fresh clone, every command run as written (its exit status and its output against what the page shows), every
path named, the quick start's two commands and each entry point's --help against the README's claims; each test is
checked to fail on the code or the page before its fix."""

from __future__ import annotations

import os
import shlex
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
    real = shlex.quote(sys.executable)
    python.write_text(
        f'#!/bin/sh\nif [ "$1 $2" = "-m venv" ]; then shift 2; exec {real} -m venv --without-pip "$@"; fi\n'
        f'exec {real} "$@"\n'
    )
    python.chmod(0o755)
    env = {**os.environ, "PYTHON": str(python)}
    done = subprocess.run(
        ["bash", str(clone / ".ci" / "run")], env=env, capture_output=True, text=True, timeout=60, check=False
    )
    assert done.returncode != 0  # pip is missing in the stand-in's virtualenv: the run fails, as it must
    assert mine.read_text() == "the CPU build I installed\n", done.stdout + done.stderr
    assert (clone / ".ci" / ".venv" / "bin" / "activate").is_file()


def test_the_readmes_virtualenv_sizes_say_how_they_were_measured() -> None:
    """The README's CUDA virtualenv is "6.1 GB", and the forty-seventh round's newcomer measured "5.8 GB" (`du -sh`)
    and took the figure for wrong: both are the same 6.1 × 10⁹ bytes on disk (`du -s -B1`: 6,141,747,200 bytes, with
    the dev extras' 35 MB), `du -sh` printing GiB. The README now says which unit its sizes are in, how they were
    measured and what `du -sh` prints for the same virtualenv. The light install's "0.36 GB" was measured otherwise,
    by its files' own sizes (`du --apparent-size`): on disk, as the README's other sizes, a fresh one is 0.37 GB
    (372,105,216 bytes, 5 Dec). So were the CPU build's "0.76 GB" torch and "1.2 GB" virtualenv: on disk, torch
    2.13.0+cpu installed into that light one is 0.79 GB and the whole 1.3 GB (1,283,198,976 bytes, no torchvision)."""
    readme = " ".join((REPO / "README.md").read_text(encoding="utf-8").split())
    no_gpu = readme.split("**No GPU?**", 1)[1].split("**Only reading, no torch.**", 1)[0]
    assert "6.1 GB" in no_gpu and "10⁹ bytes" in no_gpu and "`du -s -B1`" in no_gpu
    assert "`du -sh`" in no_gpu and "5.8G" in no_gpu and "GiB" in no_gpu
    cpu = no_gpu.split("The CPU build's", 1)[1]
    assert cpu.startswith(" `torch` is 0.79 GB") and "the whole virtualenv is 1.3 GB" in cpu
    light = readme.split("**Only reading, no torch.**", 1)[1].split("**Linux desktop packages.**", 1)[0]
    assert "That virtualenv is 0.37 GB" in light


def test_the_default_recipes_printout_in_docs_is_what_training_prints() -> None:
    """docs/training.md shows the default recipe's printout, and its last line read "1933 samples/s", where
    `python -m training.fit` prints thousands grouped ("1,933 samples/s", since the round that grouped them): a reader
    comparing a run with the page saw another format. The page's done line now gives its rate as `fit` words it."""
    import re

    from training.fit import _rate

    page = (REPO / "docs" / "training.md").read_text(encoding="utf-8")
    done = [line for line in page.splitlines() if line.startswith("done: test ")]
    assert done, "docs/training.md shows no done line"
    for line in done:
        shown = re.search(r"; ([\d,.]+) samples/s, ", line).group(1)
        assert shown == _rate(float(shown.replace(",", ""))), line
