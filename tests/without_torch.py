"""Code run in a fresh Python where torch and torchvision cannot be imported: the light install, simulated as its
removal would be (``sys.modules["torch"] = None`` makes ``import torch`` fail naming it, and
``importlib.util.find_spec`` say it is not there)."""

from __future__ import annotations

import os
import subprocess
import sys
import textwrap
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def without_torch(code: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """``code`` (dedented) run in a fresh Python without torch and torchvision, in ``cwd``, the project on its path."""
    prelude = "import sys\nsys.modules['torch'] = sys.modules['torchvision'] = None\n"
    return subprocess.run(
        [sys.executable, "-c", prelude + textwrap.dedent(code)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        cwd=cwd,
        env={**os.environ, "PYTHONPATH": str(REPO), "PYTHONUTF8": "1", "QT_QPA_PLATFORM": "offscreen"},
    )
