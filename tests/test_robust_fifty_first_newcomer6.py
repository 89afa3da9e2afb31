"""The fifty-first round of hostile testing, newcomer6: the README followed top to bottom as a newcomer does, in a
fresh clone (quick start, every command it shows, every link into docs/ and the commands there), and the model's
files and `--help` read as a student reads them; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from training.config import FitConfig

REPO = Path(__file__).resolve().parents[1]


def _help(module: str) -> str:
    """``python -m MODULE --help``, its lines joined as one text (argparse wraps them to the terminal)."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "COLUMNS": "100"}
    done = subprocess.run([sys.executable, "-m", module, "--help"], capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    return " ".join(done.stdout.split())


def test_finetune_help_names_the_out_it_writes_when_none_is_given():
    """`python -m training.finetune --help` said of --out only "the taught model to write": no default, though a
    fine-tune given none writes training.fit's (runs/rowreader.safetensors) and replaces a model there, a training
    run's too (a note said so, mid-run). Its help names that default and that a model there is replaced."""
    said = _help("training.finetune")
    default = FitConfig().out
    assert f"--out OUT the taught model to write (default: {default}" in said, said
    assert "a model there is replaced" in said, said
