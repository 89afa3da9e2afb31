"""The forty-eighth round of hostile testing, slim: code that could go without a user or a test seeing it (dead
parameters, wrappers that only forward, a constant defined twice, a guard for a moment no input reaches), found with
ast scans of rowreader/, gui/, training/ and bench/, each removal checked against the test files of what it touched.
These tests hold what each removal kept: the behaviour, and one definition."""

from __future__ import annotations

import ast
import os
import time
from pathlib import Path

from rowreader.atomic import remove_stale_temporaries_in

GUI = Path(__file__).resolve().parent.parent / "gui"


def test_a_sweep_removes_a_dead_writers_temporary_however_fresh_and_only_those_named(tmp_path: Path) -> None:
    """``remove_stale_temporaries_in`` took an ``older_than`` that every caller gave as 0 (its default of a minute
    never used); the parameter went and the sweep passes 0 itself. What it removes is what it removed with 0: a dead
    writer's temporary written a moment ago goes (a minute's wait left it for as long as a start ran), one of
    another name than ``named`` stays, and so does the picture itself."""
    fresh = tmp_path / ".teach-1.safetensors.0123456789abcdef.tmp"
    other = tmp_path / ".notes.txt.fedcba9876543210.tmp"
    kept = tmp_path / "teach-1.safetensors"
    for path in (fresh, other, kept):
        path.write_bytes(b"x")
    os.utime(fresh, (time.time() + 3600, time.time() + 3600))  # written before the clock was set back: ahead of it
    remove_stale_temporaries_in(tmp_path, named="teach-")
    assert not fresh.exists() and other.exists() and kept.exists()


def test_the_keys_that_read_to_a_views_cursor_are_defined_once() -> None:
    """``ENTER_KEYS`` (Return, Enter) was defined in gui/timeline.py and again in gui/state_heatmap.py, and
    input_view borrowed the chart's: one definition now, in gui/session_view.py, the views' common base, and the
    three views use it."""
    defined, used = [], []
    for module in sorted(GUI.glob("*.py")):
        tree = ast.parse(module.read_text(encoding="utf-8"))
        for node in tree.body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", "") == "ENTER_KEYS" for t in node.targets):
                defined.append(module.name)
        if any(
            isinstance(n, ast.Name) and n.id == "ENTER_KEYS" and isinstance(n.ctx, ast.Load) for n in ast.walk(tree)
        ):
            used.append(module.name)
    assert defined == ["session_view.py"]
    assert {"timeline.py", "state_heatmap.py", "input_view.py"} <= set(used)
