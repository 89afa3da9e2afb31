"""The fiftieth round of hostile testing, dedupe: the test suite itself, read for set-ups written out again and again
(the ink tests' picture read and example opened, teach3's and teach4's fake fine-tune, chart4's read-out harness, the
PNG chunks), for time slept for nothing and for tests that cannot fail; each set-up moved is checked to be the one
definition, and each test that uses it to fail still on the defect it guards."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

import pytest
from fake_fine_tune import LAST_SECONDS

TESTS = Path(__file__).resolve().parent

# Lines each written out in several test files before this round, and now in one helper each (where it is named).
WRITTEN_ONCE = {
    'Image.fromarray(grey).save(out, "PNG")': "gui_window.py",  # png_of
    "window.report_error = lambda title, message, *rest:": "gui_window.py",  # errors_said
    "found is not None and bool(": "gui_window.py",  # first_example_opened: My examples read, then one opened
    'say(event="progress", step=0, steps=2, heldout=0.9, mnist=0.99)': "fake_fine_tune.py",  # LAST_SECONDS
}


def _others(paths: Iterable[Path]) -> list[Path]:
    """``paths`` but this file, which names the lines it looks for."""
    return [path for path in paths if path.name != Path(__file__).name]


@pytest.mark.parametrize("line", sorted(WRITTEN_ONCE))
def test_a_shared_set_up_is_written_once(line: str) -> None:
    """The inkapp, review12 and lead tests each wrote out a PNG of a grey array, the wait for a picture read and the
    errors kept (three copies of each), the example opened from My examples was six lines three times, and teach4
    copied teach3's fake fine-tune whole (its script and its start); a fix to one copy left the others as they were.
    Each is written once now, in its helper, and the tests call it."""
    holding = sorted(p.name for p in _others(TESTS.glob("*.py")) if line in p.read_text(encoding="utf-8"))
    assert holding == [WRITTEN_ONCE[line]], holding


@pytest.mark.parametrize("says_done", [True, False])
def test_the_fake_fine_tune_writes_its_model_and_says_done_only_when_asked(tmp_path: Path, says_done: bool) -> None:
    """teach3's fake fine-tune said "done" and teach4's did not (it was killed before it): one script now, "done" an
    argument. Either way it speaks the fine-tune's protocol (JSON lines, step 2 of 2) and writes its model whole at
    ``out`` (atomically, as ``save_checkpoint`` does, no ``.part`` left); "done" is said only when asked."""
    base, out = tmp_path / "base.safetensors", tmp_path / "out.safetensors"
    base.write_bytes(b"weights")
    argv = [str(base), str(out), "0", "done" if says_done else "not said"]
    ran = subprocess.run([sys.executable, "-c", LAST_SECONDS, *argv], capture_output=True, text=True, timeout=60)
    assert ran.returncode == 0, ran.stderr
    events = [json.loads(line) for line in ran.stdout.splitlines()]
    assert [e["event"] for e in events][:4] == ["start", "progress", "progress", "progress"]
    assert max(e.get("step", 0) for e in events) == 2
    assert (events[-1]["event"] == "done") is says_done
    assert out.read_bytes() == b"weights" and not Path(f"{out}.part").exists()


def test_no_test_sleeps_out_the_examples_rereading() -> None:
    """Two tests of the examples folder's watcher slept ``REREAD_AFTER_S`` (3 s) four times in all, 12 s, so that
    coming back to the window could read the folder again: the very path they meant to rule out. They turn that
    reading off instead (``REREAD_AFTER_S`` = inf): only the watcher can show the examples, in 4.4 s for the three."""
    sleeping = [
        p.name for p in _others(TESTS.glob("test_*.py")) if "sleep(gui.examples_watch.REREAD_AFTER_S" in p.read_text()
    ]
    assert sleeping == [], sleeping
