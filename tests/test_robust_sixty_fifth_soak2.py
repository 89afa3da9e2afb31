"""The sixty-fifth round of hostile testing, soak2: soak1's survey of the Qt objects that tests leave in reference
cycles, finished. What a test leaves there is finalised by whichever ``gc.collect`` of the worker comes next, its C++
destructor run in another test (on CI one worker died of a segmentation fault in such a collection). These tests run
the helpers that make the app's objects alone, and allow among the cycles no live Python-owned QObject but those that
are parentless by design."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import lone_dock, open_shipped_window, teach_under_way
from PySide6.QtCore import QObject
from test_robust_sixty_fifth_soak1 import deleted_from_and_gone, gone, live_in_cycles

from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore

# parentless by design, plain objects for the collector to delete: a window's settings, and each runner's thread
# pool, deleted with its runner and held until its work ends (gui/workers.py)
BY_DESIGN = {"QSettings", "QThreadPool"}


def _left() -> set[str]:
    """The live QObjects, Python's, that only reference cycles keep, less those parentless by design."""
    return set(live_in_cycles(QObject)) - BY_DESIGN


def test_a_window_gone_with_a_teach_under_way_leaves_no_qobject_to_the_collector(qtbot, tmp_path: Path) -> None:
    """The window as the teach tests leave it (``teach_under_way``: a TeachProcess with its QProcess and timer), then
    closed and deleted: nothing of it is left alive to a later collection but its settings and pools (measured on
    the helper before soak1's fix: a live TeachProcess, QProcess and QTimer among the cycles)."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teach_under_way(window, pretrained_path(), "mine-20261207-120000-abcdef.safetensors")
    gone(window)
    del window
    assert _left() == set()


def test_a_lone_examples_dock_deleted_from_leaves_no_qobject_to_the_collector(qtbot, tmp_path: Path) -> None:
    """My examples alone (``lone_dock``, as 16 tests make it), an example deleted in it, then gone: no QObject of it
    is left alive to a later collection (measured with a stack of no parent: a live QUndoStack)."""
    store = ExampleStore(tmp_path / "examples")
    picture = np.full((28, 28), 255, np.uint8)
    picture[4:24, 13:15] = 0  # a 1
    store.add(1, picture)
    deleted_from_and_gone(qtbot, lone_dock(store))
    assert _left() == set()
