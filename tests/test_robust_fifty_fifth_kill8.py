"""The fifty-fifth round of hostile testing, kill8: exports, training runs and keeps stopped outright (SIGKILL) at the
worst moment, then started again; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from test_robust_fifty_third_kill6 import killed_at_the_second, three_sevens

from gui.user_folder import EXAMPLES_FOLDER
from rowreader.example_store import ExampleStore

REPO = Path(__file__).resolve().parents[1]


def _killed_export(examples: Path, target: Path, mnist_test) -> None:
    """Three 7s kept in ``examples``, exported to ``target`` by a process killed outright after the first."""
    three_sevens(examples, mnist_test)
    killed_at_the_second(examples, target, "export_folder")
    assert len(list((target / "7").glob("*.png"))) == 1  # the first whole, the rest not


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX: a killed export's lock is known as no one's")
def test_an_export_killed_outright_is_said_at_the_next_start(qtbot, tmp_path, mnist_test):
    """The app killed outright (SIGKILL, the system out of memory, a power cut) mid-export left a part of the
    examples in the folder exported to, and the next start said nothing, where an import so killed is said (kill6)
    and an export a close cut short is too: the folder, a backup on a stick, was taken for whole. It is said now,
    once; the next export there finishes it."""
    user = tmp_path / "user"
    examples = user / EXAMPLES_FOLDER
    _killed_export(examples, tmp_path / "stick", mnist_test)
    store = ExampleStore(examples)
    assert len(store.load()) == 3  # the examples themselves untouched
    assert store.export_was_killed() is True
    assert store.export_was_killed() is False  # said once
    assert store.import_was_killed() is False  # not taken for an import
    assert [p.name for p in examples.iterdir() if p.name.startswith(".")] == []  # its trace removed

    _killed_export(examples, tmp_path / "usb", mnist_test)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "export" in bar.currentMessage(), timeout=15_000)
    assert bar.currentMessage().startswith("Last time, an export was cut short as the app was ended outright")
    assert "export to its folder again to finish it" in bar.currentMessage()
    assert "left alone" in bar.toolTip()
    assert window.teaching.store.export_was_killed() is False  # said once
    finished = window.teaching.store.export_folder(tmp_path / "usb")
    assert (finished.written, finished.already_there) == (2, 1)


def test_an_exports_lock_is_no_change_to_the_examples(tmp_path, mnist_test):
    """The export's lock, held in the examples folder while it runs (minutes onto a stick), is not a change the dock
    reads every example again for (the folder's watcher sees it come and go); a picture copied in still is."""
    examples = tmp_path / EXAMPLES_FOLDER
    _killed_export(examples, tmp_path / "stick", mnist_test)  # three 7s kept; the lock left by the killed export
    store = ExampleStore(examples)
    store.known(store.listings())
    (examples / ".export-0123abcd.lock").touch()  # as another window begins an export
    assert not store.changed_since_known(examples)
    (examples / "7" / "copied.png").write_bytes((examples / "7" / "s0.png").read_bytes())
    assert store.changed_since_known(examples / "7")
