"""The fifty-third round, flaky3: tests that failed only where they were run from. Each test was checked to fail on
the code before its fix."""

from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

from conftest import NESTED_PYTEST

REPO = Path(__file__).resolve().parents[1]


def ignoring_hangup_and_term() -> None:
    """How `nohup` (SIGHUP) and `trap '' TERM` in a script start a command: the stop ignored, through exec."""
    signal.signal(signal.SIGHUP, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_IGN)


def test_a_stop_the_test_run_was_started_ignoring_reaches_the_commands_its_tests_start(tmp_path: Path) -> None:
    """`nohup python -m pytest …` starts the run with SIGHUP ignored, and an ignored disposition survives exec: the
    thirty-first lead's window, sent SIGHUP as it was built, rightly kept its ignored stop ignored and went on to run
    (exit 3, "the stop was lost"): the guard run's one failure, taken for load, as it passed when run alone. Its
    SIGHUP and SIGTERM cases are run here by a pytest started so."""
    cases = [
        f"tests/test_robust_thirtyfirst_lead.py::test_thirtyfirst_lead_a_stop_while_the_window_is_built_ends_the_start[{s}]"
        for s in ("SIGHUP", "SIGTERM")
    ]
    run = subprocess.run(
        [*NESTED_PYTEST, *cases],
        cwd=REPO,
        env={**os.environ, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=400,
        preexec_fn=ignoring_hangup_and_term,
    )
    assert run.returncode == 0, run.stdout[-4000:] + run.stderr[-2000:]
    assert "2 passed" in run.stdout
