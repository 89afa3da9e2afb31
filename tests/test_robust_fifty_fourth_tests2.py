"""The fifty-fourth round, tests2: the test suite read as a codebase, its slow and load-bound tests measured; what a
test that failed only under the machine's load showed of the app (pytest-qt, offscreen)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import threading
from pathlib import Path

import numpy as np
from gui_window import window_without_model

from rowreader.example_store import ExampleStore


def test_an_example_deleted_while_the_first_reading_streams_it_is_not_shown_again(
    qtbot, tmp_path: Path, monkeypatch, mnist_test
) -> None:
    """test_gui_teach's keep-then-delete failed at a load of 8: the 4 deleted in the dock (its file gone) was shown
    again at once. The dock's first reading shows what it reads as it goes; a 4 kept and deleted here after that
    reading had listed it came back with its batch, a thumbnail of a file that is no more, until the reading ended
    (for 10,000 examples, a minute), a click on it "gone". What is deleted here stays gone from the dock."""
    window = window_without_model(qtbot, tmp_path)
    panel, store = window.teaching.panel, window.teaching.store
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    go, listed, release = threading.Event(), threading.Event(), threading.Event()
    load = ExampleStore.load

    def held(self, stop=lambda: False, progress=None):  # the reading, held at its start and after its listing
        go.wait(10)
        found = load(self, stop, progress)
        listed.set()
        release.wait(10)
        return found

    monkeypatch.setattr(ExampleStore, "load", held)
    assert not panel.found.examples  # a first reading: shown as it goes
    panel.load_in_background(window.tasks)
    images, labels = mnist_test
    four = store.add(4, np.kron(255 - images[np.flatnonzero(labels == 4)[0]], np.ones((10, 10), np.uint8)))
    panel.kept(four)  # as Ctrl+K keeps it
    go.set()
    assert listed.wait(10)  # the reading has listed the 4 and sent it to be shown; the window has not shown it yet
    panel.delete(four)  # the dock's Delete
    assert not four.path.exists()
    qtbot.waitUntil(lambda: panel.progress is not None and panel.progress[0] > 0, timeout=5_000)  # its batch shown
    assert four.path not in [e.path for e in panel.found.examples]
    assert panel.view.rows[4][1].count() == 0
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy and panel.progress is None, timeout=10_000)
    assert panel.found.examples == [] and panel.view.rows[4][1].count() == 0
