"""The forty-sixth round of hostile testing, newcomer: a person who has never seen RowReader, on a fresh clone with a
home of its own, runs every command the README and docs/*.md show (the benchmarks' --help and smoke runs, the
screenshots' commands, the UNIPEN conversion into the folder found by default, the library's worked study) and reads
what each prints against what the page quotes; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]


def test_the_screenshot_below_its_smallest_says_only_what_the_page_quotes(tmp_path):
    """`python -m gui.screenshot docs/screenshot-800x560.png --digit 4 --size 800x560`, as docs/the-app.md shows it,
    printed Qt's "This plugin does not support propagateSizeHints()" on stderr before its "pictured 800×563: no
    smaller" (the offscreen platform, where the command always runs, cannot pass a window's smallest size on; the
    window is pictured all the same). That line of Qt's is now kept off; any other message of Qt's still shows."""
    out = tmp_path / "shot.png"
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run(
        [sys.executable, "-m", "gui.screenshot", str(out), "--digit", "4", "--size", "800x560", "--row", "1"],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "pictured 800×563: no smaller" in done.stdout
    assert done.stderr == ""

