"""The thirty-sixth round of hostile testing, tallscreen: the app at 200 % on a 1366×768 screen (Xvfb,
QT_SCALE_FACTOR=2, openbox, xdotool), with 1024×600 at 2 and 1600×1000 at 1 to check nothing regressed, and training's
commands in a Python without torch; each defect found checked offscreen (the screen's free area set as the real
one's) and checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("module", ["training.merge", "training.ship", "training.unipen_convert"])
def test_training_commands_give_their_help_without_torch(tmp_path: Path, module: str) -> None:
    """`python -m training.merge --help` (ship's, unipen_convert's) in a Python without torch said "this command needs
    PyTorch" instead of its help: each imported torch (training.state, by training.files; training.fit) before reading
    its command line. The help comes, status 0, and torch is imported only once the command runs."""
    prelude = "import sys, runpy\nsys.modules['torch'] = sys.modules['torchvision'] = None\n"
    code = f"{prelude}sys.argv = ['-m', '--help']\nrunpy.run_module({module!r}, run_name='__main__')"
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m {module} "), result.stdout[:200]
    assert "PyTorch" not in result.stderr, result.stderr
