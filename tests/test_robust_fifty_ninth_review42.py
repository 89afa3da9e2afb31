"""The fifty-ninth round, review42: a review of the suite on two workers (xdist1), hunting what two test
processes at once share: machine-wide names, folders, files of the checkout. Each clash was shown with two
processes at once before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import NESTED_PYTEST
from stopped_runs import SEMAPHORES_MADE, killed_pen_run

REPO = Path(__file__).resolve().parents[1]

# another process's pool, alive while it is asked to (another worker's pen run, a developer's `training.fit --pen`):
# the names of its queue's named semaphores, as /dev/shm lists them, on its first line
ANOTHER_POOL = """
import gc, multiprocessing.synchronize, sys
queue = multiprocessing.get_context("spawn").Queue()
own = [o._semlock.name for o in gc.get_objects() if isinstance(o, multiprocessing.synchronize.SemLock)]
print(*sorted("sem." + name.lstrip("/") for name in own), flush=True)
sys.stdin.read()
"""


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="named semaphores in /dev/shm (Linux)")
def test_a_killed_pen_run_is_judged_by_its_own_semaphores_beside_another_pool(tmp_path: Path) -> None:
    """ckptleft's and review7's leak tests listed every ``sem.mp-*`` in /dev/shm as the killed run's own, then
    asked that none was left: with another process's pool alive beside it (two workers, one in a pen run; a
    developer's own `--pen` training) theirs were counted and still there, and the test failed (shown with
    this file's other pool, 1 of 1). The run's own semaphores are what it judges now."""
    other = subprocess.Popen(
        [sys.executable, "-c", ANOTHER_POOL], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True
    )
    try:
        theirs = set(other.stdout.readline().split())
        assert theirs and theirs <= set(os.listdir("/dev/shm")), theirs
        done = killed_pen_run(tmp_path, SEMAPHORES_MADE)
        made = set(done.stdout.split())
        assert made and not made & theirs, (made, theirs)
        assert not made & set(os.listdir("/dev/shm"))  # its tracker removed its own
        assert theirs <= set(os.listdir("/dev/shm"))  # the other pool's untouched
    finally:
        other.communicate("", timeout=60)


NOTES = "ROWREADER_REVIEW42_NOTES"  # where the subject below notes the process it ran in, when a test asks it to


def test_a_nested_run_notes_where_it_ran() -> None:
    """The subject of the test below (in a pytest of its own); run by the suite itself, it notes nothing."""
    if os.environ.get(NOTES):
        Path(os.environ[NOTES]).write_text(f"{os.environ.get('PYTEST_XDIST_WORKER', 'main')} {os.getpid()}")


def test_a_pytest_run_by_a_test_runs_its_tests_in_its_own_process(tmp_path: Path) -> None:
    """The tests that run pytest on a few of the project's tests (flaky3's stops ignored, thirtyeighth kill's
    Ctrl-C) ran it in the checkout, so pyproject's `-n auto` started workers for one or two tests, each loading torch,
    Qt and the data sets: one test took 36 s of wall time and 12 s of CPU where it takes 10 s and 3.7 s in pytest's
    own process (at a load of 11), nearer their 120 s limit, and on a machine of many cores four workers more for
    each such run beside the suite's four (~1.3 GB each). They run in pytest's own process now (`-n 0`)."""
    notes = tmp_path / "notes.txt"
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTEST_XDIST", "PYTEST_ADDOPTS"))}
    done = subprocess.run(
        [*NESTED_PYTEST, f"{__file__}::test_a_nested_run_notes_where_it_ran"],
        cwd=REPO,
        env={**env, NOTES: str(notes), "PYTHONPATH": str(REPO)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
    assert "1 passed" in done.stdout, done.stdout[-3000:]
    worker, pid = notes.read_text().split()
    assert worker == "main" and int(pid) != os.getpid(), (worker, pid)
