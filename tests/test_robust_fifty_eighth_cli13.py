"""The fifty-eighth round's command lines (area cli13): where cli12 left them, each test seen failing on the code
before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
BENCHMARKS = sorted(p.stem for p in (ROOT / "bench").glob("*.py") if "import this_checkout  #" in p.read_text())


@pytest.mark.parametrize("name", BENCHMARKS)
def test_every_benchmark_runs_as_a_module(name: str) -> None:
    """`python -m bench.bench_fit --help` (every benchmark) ended in a traceback, "No module named 'this_checkout'":
    run as a module, bench/ is not on sys.path, where the script finds this_checkout, rounds and itself again
    (run_main imports it by name). It runs as it does as `python bench/bench_fit.py`, named as typed."""
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{name}", "--help"], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith(f"usage: python -m bench.{name} "), done.stdout[:200]
