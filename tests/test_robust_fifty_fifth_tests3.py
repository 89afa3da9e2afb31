"""The fifty-fifth round, tests3: the test suite's own reliability. The README's test command drew new Hypothesis
examples on every run, so a clean clone's CI failed now and then on a draw nobody had made before; the teach tests
bounded a niced fine-tune by the wall clock, and failed on a busy machine while it worked."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import REPO
from gui_window import taught_until
from hypothesis import given, settings
from hypothesis import strategies as st

from gui.teach_process import TeachProcess


def _draws(profile: settings) -> list[bytes]:
    """What a property test run under ``profile`` is given, in order (no example database: nothing on disk)."""
    seen: list[bytes] = []

    @settings(profile, database=None, max_examples=10)
    @given(st.binary(min_size=16, max_size=16))
    def record(value: bytes) -> None:
        seen.append(value)

    record()
    return seen


def test_the_test_command_draws_the_same_examples_every_run_and_explore_draws_new_ones(request) -> None:
    """`python -m pytest` (the README's command, .ci/run's) loaded a profile of speed settings alone: each run drew
    new examples, and a rare one failed a clean clone's CI, the next run passing. It draws the same every run now;
    ``--hypothesis-profile=explore`` draws new ones, keeps what fails in .hypothesis/ and prints the blob to pin it."""
    assert settings.get_current_profile_name() == (request.config.getoption("--hypothesis-profile") or "rowreader")
    fixed, explore = settings.get_profile("rowreader"), settings.get_profile("explore")
    assert fixed.derandomize and fixed.database is None
    assert _draws(fixed) == _draws(fixed)
    assert not explore.derandomize and explore.database is not None and explore.print_blob
    assert _draws(explore) != _draws(explore)
    for profile in (fixed, explore):  # both blind to the machine's speed (tests/test_flaky_settings.py)
        assert profile.deadline is None and profile.suppress_health_check == fixed.suppress_health_check


def test_a_seed_the_test_command_would_ignore_is_refused_saying_how_it_takes_effect() -> None:
    """`python -m pytest --hypothesis-seed=1` ran as without it: the profile's derandomize outranks a seed, so a
    developer repeating an explore run saw other draws and took the failure for gone. Refused now, naming explore;
    with it, the seed is taken."""
    command = [
        sys.executable,
        "-m",
        "pytest",
        "--collect-only",
        "-q",
        "-p",
        "no:cacheprovider",
        "tests/test_flaky_settings.py",
    ]
    env = {**os.environ, "PYTHONPATH": str(REPO)}
    # the two runs side by side: each is mostly a pytest start (torch, Hypothesis), 3 s of CPU, and there are 2 cores
    runs = [
        subprocess.Popen(
            [*command, *words], cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
        )
        for words in (["--hypothesis-seed=1"], ["--hypothesis-profile=explore", "--hypothesis-seed=1"])
    ]
    (out, err), (taken_out, taken_err) = (run.communicate() for run in runs)
    assert runs[0].returncode == pytest.ExitCode.USAGE_ERROR, out + err
    assert "--hypothesis-seed=1 is ignored by the test command's profile, which draws the same examples every run" in (
        err
    ), err
    assert "--hypothesis-profile=explore --hypothesis-seed=1" in err
    assert runs[1].returncode == pytest.ExitCode.OK, taken_out + taken_err


def _child(tmp_path: Path, code: str) -> TeachProcess:
    """A teach's process running ``python -c code`` in place of the fine-tune, started and running."""
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    process.process.start(sys.executable, ["-c", code])
    assert process.process.waitForStarted(10_000)
    return process


def test_a_teach_is_waited_on_while_it_works_however_long(qtbot, tmp_path: Path) -> None:
    """A fine-tune working for longer than the wait's bound (here 0.5 s) was failed by it: a loaded machine made the
    teach tests' 120–180 s too short. A child using the CPU, or kept waiting for one, is waited on until it is done."""
    busy = "import time\nstart = time.process_time()\nwhile time.process_time() - start < 1.2:\n    pass\n"
    process = _child(tmp_path, busy)
    started = time.monotonic()
    try:
        taught_until(qtbot, process, lambda: not process.running, stalled_s=0.5)
    finally:
        process.process.kill()
        process.process.waitForFinished(5_000)
    assert time.monotonic() - started > 1.2  # longer than the bound: waited on for its progress


def test_a_teach_that_is_stuck_fails_the_wait_saying_so(qtbot, tmp_path: Path) -> None:
    """A fine-tune hung (asleep, saying nothing) is still caught, after ``stalled_s`` of no progress."""
    process = _child(tmp_path, "import sys, time\nprint('hung here', file=sys.stderr, flush=True)\ntime.sleep(60)")
    try:
        stuck = r"\(running, using no CPU\) made no progress for 1 s, not done; its last lines:\nhung here"
        with pytest.raises(pytest.fail.Exception, match=stuck):
            taught_until(qtbot, process, lambda: not process.running, stalled_s=1)
    finally:
        process.process.kill()
        process.process.waitForFinished(5_000)
