"""The sixtieth round of hostile testing, mutants15: mutation testing by hand of the round's new code. Each test here
was seen killing a mutant (a comparison flipped, a condition dropped, a constant moved) that the round's own tests
and the older ones let live, or failing on a defect a mutant showed, and passing on the code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from test_robust_sixtieth_cli15 import MISSING_LIBRARY

from gui import workers
from gui.workers import TaskRunner
from rowreader import needs_torch

REPO = Path(__file__).resolve().parents[1]


def _python(tmp_path: Path, words: list[str], first: Path) -> subprocess.CompletedProcess[str]:
    """``python WORDS`` in ``tmp_path``, ``first`` then the project on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(first), str(REPO))), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False
    )


def test_a_torchvision_that_cannot_load_is_named_beside_a_torch_that_can(tmp_path: Path) -> None:
    """torchvision, in a folder beside torch's as pip installs them (``…/torch``, ``…/torchvision``), failing on a
    missing library during `rowreader download`: said "torchvision (, in …)" (a word lost), and a look that took the
    torchvision folder for inside torch's (``startswith`` without the separator) would blame PyTorch."""
    site = tmp_path / "site"
    for name, body in (("torch", ""), ("torchvision", f"raise OSError({MISSING_LIBRARY!r})\n")):
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text(body)
    result = _python(tmp_path, ["-m", "rowreader", "download", "--data-dir", str(tmp_path / "mnist")], site)
    assert result.returncode == 1, result.stderr
    assert f"torchvision (in {site / 'torchvision'}) cannot be loaded: {MISSING_LIBRARY};" in result.stderr
    assert "PyTorch" not in result.stderr and "Traceback" not in result.stderr


def test_every_runners_pool_is_let_go_once_its_work_ends_not_only_the_first(qtbot) -> None:
    """pool1's keeping: each pool given work is held until that work ends, then let go. Its looks stop when none is
    held, and must start again for the next: with the "a look is due" flag left set, every pool given work after the
    first round was held for good, its idle threads with it (no freeze, so pool1's tests let that live)."""
    for _ in range(2):  # a second round, after the looks had stopped
        runner = TaskRunner()
        done: list[object] = []
        runner.run(lambda: 7, done.append, done.append)
        qtbot.waitUntil(lambda done=done: done == [7], timeout=5000)
        qtbot.waitUntil(lambda: not workers._kept, timeout=5 * workers.KEPT_MS + 2000)
        assert not workers._looking.is_set()


def test_condas_install_spells_pips_requirements_as_conda_forge_names_them() -> None:
    """cli15's conda install, given a requirement as pip writes it with spaces (``torch >= 2.1, < 2.15``, a
    pyproject.toml edited by hand): one word per package, its pin closed up, its name conda-forge's."""
    said = needs_torch.conda_install("torch >= 2.1, < 2.15", "PySide6_Essentials<6.12")
    assert said.endswith(" -c conda-forge 'pytorch>=2.1,<2.15' 'pyside6<6.12'"), said
