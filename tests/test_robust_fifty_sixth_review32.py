"""The fifty-sixth round of hostile testing, review32: a review of the round's merges so far (teach13, menu6,
header6, cli11, marks4); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import fcntl
import os
from pathlib import Path

import numpy as np
import pytest

from rowreader import load_pretrained, save_checkpoint
from rowreader.example_index import index_path, write_index
from training.finetune import lost_most

TAIL = ".0123456789abcdef.tmp"  # a write's temporary, as a writer killed outright leaves it


def _left_and_held(path: Path) -> tuple[Path, Path, int]:
    """Beside ``path``: a temporary a writer killed a second ago left (unlocked, fresh) and one a live writer holds
    (locked); the held one's descriptor, for the caller to close."""
    left, held = path.parent / f".{path.name}{TAIL}", path.parent / f".{path.name}.fedcba9876543210.tmp"
    path.parent.mkdir(parents=True, exist_ok=True)
    left.write_bytes(b"half a file")
    fd = os.open(held, os.O_WRONLY | os.O_CREAT)
    fcntl.flock(fd, fcntl.LOCK_EX)
    return left, held, fd


@pytest.mark.parametrize("what", ["checkpoint", "example index"])
def test_a_write_run_again_at_once_sweeps_what_its_killed_one_left(tmp_path, what):
    """teach13 made ``check_writable`` sweep an unlocked temporary at any age (a live writer locks its own as it makes
    it, or makes another: ``_locked_and_named``), but ``remove_stale_temporaries`` kept its default of a minute for
    ``save_checkpoint``, the example index and the window's drawing save: a script's save killed outright and run
    again at once left the killed one's temporary, as large as the model, beside it (a second rule for one thing).
    Now any unlocked one goes, whatever its age; one a live writer holds stays."""
    if what == "checkpoint":
        path = tmp_path / "m.safetensors"
        left, held, fd = _left_and_held(path)
        save_checkpoint(path, load_pretrained())
    else:
        root = tmp_path / "examples"
        path = index_path(root)
        left, held, fd = _left_and_held(path)
        write_index(root, {root / "7/0.png": ((1, 2, 3, 4, 5, 6), np.zeros((28, 28), np.float32))})
    try:
        assert path.exists() and not left.exists() and held.exists()
    finally:
        os.close(fd)


def test_a_teach_names_the_digit_it_cost_most_of_those_it_cost_enough():
    """``lost_most`` took the digit of the largest share lost and then asked whether it lost 3 or more: read on few
    digits (``--eval-digits 100``), 2 of 6 0s lost hid 3 of 14 7s lost (21 points), and nothing was named. Now the
    digit named is the one that lost most of those that lost 3 and a point or more."""
    labels = np.array([0] * 6 + [7] * 14 + [1] * 20)
    after = labels.copy()
    after[:2] = 6  # two 0s of six
    after[6:9] = 1  # three 7s of fourteen
    assert lost_most(labels, after, labels) == {"digit": 7, "before": 1.0, "after": 11 / 14}
    after[6] = 7  # two 7s: no digit lost 3
    assert lost_most(labels, after, labels) is None
