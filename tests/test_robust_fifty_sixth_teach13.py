"""The fifty-sixth round of hostile testing, teach13: teaching one's handwriting where teach12 and kill8 left (what a
teach costs the digits not taught, a killed export's probe); each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import fcntl
import os

from test_robust_fifty_third_kill6 import three_sevens

from rowreader.example_store import ExampleStore

PROBE = "..rowreader-export.0123456789abcdef.tmp"  # check_writable's probe of an export, as a kill leaves it


def test_an_export_killed_at_its_probe_is_swept_by_the_next_export_at_once(tmp_path, mnist_test):
    """An export killed outright between its writability probe's making and removing left the hidden, empty
    ``..rowreader-export.<hex>.tmp`` in the folder exported to (a stick), which an export there removed only once it
    was a minute old: run again at once, as the start's note says to, it stayed. Unlocked, it is a dead writer's at
    any age (a live one holds its lock from its first instant, or makes another); one held is left."""
    examples, stick = tmp_path / "examples", tmp_path / "stick"
    three_sevens(examples, mnist_test)
    stick.mkdir()
    (stick / PROBE).touch()  # just now: the export killed a second ago
    held = stick / "..rowreader-export.fedcba9876543210.tmp"
    fd = os.open(held, os.O_WRONLY | os.O_CREAT)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)  # another export's probe, alive
        assert ExampleStore(examples).export_folder(stick).written == 3
        assert not (stick / PROBE).exists()
        assert held.exists()
    finally:
        os.close(fd)
