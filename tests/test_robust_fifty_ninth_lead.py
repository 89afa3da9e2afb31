"""The fifty-ninth round, the lead's own finds."""

from __future__ import annotations

from pathlib import Path

from test_robust_fifty_ninth_xdist1 import run_pytest


def test_the_test_command_starts_at_most_four_workers_however_many_cores(tmp_path: Path) -> None:
    """xdist1's `-n auto` started a worker a core, and a worker of this suite peaks at about 1.3 GB (torch, Qt, the
    data sets): a 16-core laptop's `python -m pytest` would have wanted ~21 GB. `--maxprocesses=4` caps what `auto`
    counts; 16 cores (xdist's PYTEST_XDIST_AUTO_NUM_WORKERS) start four workers, every test still run once."""
    done, notes = run_pytest(tmp_path, workers="16")
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "created: 4/4 workers" in done.stdout and "12 passed" in done.stdout, done.stdout[-3000:]
    assert len(notes) == 12 and {worker for _, worker, _ in notes} <= {"gw0", "gw1", "gw2", "gw3"}, notes
