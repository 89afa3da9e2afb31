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


def test_the_latency_bench_run_in_a_process_leaves_its_qt_platform_as_it_was(bench_module, monkeypatch) -> None:
    """bench_gui_latency's `main` pointed $QT_QPA_PLATFORM at a screen file in its own temporary folder and never
    put it back: run in pytest's process (three tests do), every Qt child that process started afterwards aborted,
    "Could not find platform config file /tmp/tmp…/offscreen.json" (the first CI on two cores: test_gui_mnist_offer's
    download child, in the worker that had run the twenty-first round's bench test). Put back however Qt's start
    ends, as gui.screenshot's is (xdist1)."""
    import os

    bench = bench_module("bench_gui_latency")
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    seen: list[str] = []

    def no_start(*args: object) -> None:
        seen.append(os.environ["QT_QPA_PLATFORM"])
        raise RuntimeError("Qt did not start")

    monkeypatch.setattr(bench, "create_app", no_start)
    try:
        bench.main(["--rounds", "1"])
    except RuntimeError as err:
        assert str(err) == "Qt did not start"
    assert seen and seen[0].startswith("offscreen:configfile="), seen  # the bench's own screen while it starts
    assert os.environ["QT_QPA_PLATFORM"] == "offscreen"
