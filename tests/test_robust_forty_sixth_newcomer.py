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


def test_the_prototypes_smoke_run_counts_one_person_as_one(bench_module):
    """`python bench/bench_prototypes.py --limit 50 --hardest 1`, its smoke run, printed "1 persons, the 1 misread
    most taught k = 3" and "Summary over the 1 persons": each count now takes its noun's number."""
    bench_prototypes = bench_module("bench_prototypes")
    assert bench_prototypes.persons_line(1, 1).startswith("1 person, the one misread most")
    assert bench_prototypes.persons_line(34, 8).startswith("34 persons, the 8 misread most")
    assert "over 1 person " in bench_prototypes.summary_title(1)
    assert "over 8 persons " in bench_prototypes.summary_title(8)


def test_only_the_offscreen_size_hints_line_is_kept_quiet(qapp, qtlog):
    """The filter the screenshot commands and bench_gui_latency.py install drops that one line of Qt's; every other
    message goes on to the handler before it (here pytest-qt's), as it went before."""
    from PySide6.QtCore import qWarning

    from gui.app import quiet_offscreen_size_hints

    quiet_offscreen_size_hints()
    qWarning("This plugin does not support propagateSizeHints()")
    qWarning("a message of Qt's that matters")
    assert [record.message for record in qtlog.records] == ["a message of Qt's that matters"]
