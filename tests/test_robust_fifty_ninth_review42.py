"""The fifty-ninth round, review42: a review of the suite on two workers (xdist1), hunting what two test
processes at once share: machine-wide names, folders, files of the checkout. Each clash was shown with two
processes at once before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from stopped_runs import SEMAPHORES_MADE, killed_pen_run

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
