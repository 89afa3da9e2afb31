"""The forty-sixth round of hostile testing, review5: the forty-fifth round's whole change (``git diff
38d80d20..7ce54c1e``) read as a hostile reviewer reads it, each suspected defect proved by running the command or the
code it names; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys

from conftest import REPO


def _command(*argv: str) -> subprocess.CompletedProcess:
    """``python ARGV…`` run from the repository, as a person types it."""
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=REPO, timeout=120)


def test_a_fine_tune_without_its_model_is_refused_under_the_name_it_was_typed_by():
    """The forty-fifth round named every command's refusals by how it was typed (``python -m training.finetune:
    error: --epochs does nothing in a fine-tune …``), but ``python -m training.finetune`` without ``--finetune``
    still began "training.finetune: error: the model to teach is missing", a command nobody typed, one line apart
    from its other refusals. It now begins with the name typed, as they do."""
    missing = _command("-m", "training.finetune", "--examples", "ex")
    refused = _command("-m", "training.finetune", "--finetune", "m.safetensors", "--epochs", "3")
    assert missing.returncode == refused.returncode == 2
    assert refused.stderr.splitlines()[-1].startswith("python -m training.finetune: error: --epochs does nothing")
    (line,) = missing.stderr.splitlines()
    assert line.startswith("python -m training.finetune: error: the model to teach is missing: give --finetune")
