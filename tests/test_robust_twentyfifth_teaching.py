"""The twenty-fifth round of hostile testing, teaching: the app and the command line agreeing, and how a stopped
fine-tune ends (3 Dec 2026)."""

from __future__ import annotations

import gc
import sys

import pytest

from training.__main__ import run


def test_a_training_command_leaves_its_objects_to_the_process_end(monkeypatch) -> None:
    """A stopped fine-tune exited 3.5-4.5 s after its "interrupted" line (load 6.4-7.1): the interpreter's closing
    collections walked torch's objects, and the app's 3-s grace ended in SIGKILL. ``run`` freezes them as it ends."""
    monkeypatch.setattr(sys, "argv", ["training.fit", "--no-such-flag"])
    gc.unfreeze()
    try:
        with pytest.raises(SystemExit):
            run()
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
