"""The sixty-fifth round of hostile testing, soak2: soak1's survey of the Qt objects that tests leave in reference
cycles, finished. What a test leaves there is finalised by whichever ``gc.collect`` of the worker comes next, its C++
destructor run in another test (on CI one worker died of a segmentation fault in such a collection). These tests run
the helpers that make the app's objects alone, and allow among the cycles no live Python-owned QObject but those that
are parentless by design."""

from __future__ import annotations

import gc
import os
import traceback
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from conftest import counted_from_here
from gui_window import lone_dock, open_shipped_window, teach_under_way
from PySide6.QtCore import QBuffer, QObject
from PySide6.QtGui import QImageReader
from PySide6.QtWidgets import QMessageBox
from test_robust_sixty_fifth_soak1 import deleted_from_and_gone, gone, live_in_cycles

from gui.image_io import read_any_picture_data_and_note
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore
from rowreader.picture_errors import PictureError

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
    with counted_from_here():
        window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
        teach_under_way(window, pretrained_path(), "mine-20261207-120000-abcdef.safetensors")
        gone(window)
        del window
        assert _left() == set()


def test_a_lone_examples_dock_deleted_from_leaves_no_qobject_to_the_collector(qtbot, tmp_path: Path) -> None:
    """My examples alone (``lone_dock``, as 16 tests make it), an example deleted in it, then gone: no QObject of it
    is left alive to a later collection, nor its command (measured with a stack of no parent: a live QUndoStack
    and the Python DeleteExample it held; soak1's test of the two is this one now)."""
    store = ExampleStore(tmp_path / "examples")
    picture = np.full((28, 28), 255, np.uint8)
    picture[4:24, 13:15] = 0  # a 1
    store.add(1, picture)
    with counted_from_here():
        deleted_from_and_gone(qtbot, lone_dock(store))
        assert _left() == set() and "DeleteExample" not in live_in_cycles()  # a QUndoCommand, no QObject


def _opened(path: Path) -> int:
    """How many of this process's file descriptors are open on ``path``."""
    return sum(os.path.realpath(f"/proc/self/fd/{fd}") == str(path.resolve()) for fd in os.listdir("/proc/self/fd"))


@pytest.mark.skipif(not os.path.isdir("/proc/self/fd"), reason="counts open files in /proc")
def test_a_file_that_is_no_picture_is_not_left_open_after_the_window_says_so(qtbot, tmp_path: Path) -> None:
    """Open image of a file that is no picture (to Pillow nor to Qt): the window said why, and Qt's reader of it,
    held by the error's traceback in a reference cycle, kept the file open until a collection came, whenever and on
    whichever thread (measured: 1 descriptor open on it after the error was said; on Windows a file that cannot be
    deleted or renamed meanwhile). The reader is deleted as the reading ends."""
    bad = tmp_path / "notes.png"
    bad.write_bytes(b"not a picture")
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    gc.disable()  # no collection but the test's: one would close the file in the old code too
    try:
        window.pictures.open_image(bad)
        qtbot.waitUntil(lambda: window.last_error is not None and not window.tasks.busy, timeout=20_000)
        assert "notes.png" in window.last_error[1], window.last_error
        window.error_dialog.done(QMessageBox.StandardButton.Ok)
        assert _opened(bad) == 0
    finally:
        gc.enable()


def test_pasted_bytes_that_are_no_picture_leave_no_qt_reader_or_buffer_alive(qapp) -> None:
    """The same for a pasted or dropped picture's bytes: their QBuffer and Qt's reader of it stayed alive with the
    error (measured: a live QBuffer, Python's, and a QImageReader). Both are deleted as the reading ends."""
    with pytest.raises(PictureError, match=r"pasted\.png") as refused:
        read_any_picture_data_and_note(b"not a picture", "pasted.png")
    held = [
        thing
        for frame, _ in traceback.walk_tb(refused.value.__traceback__)
        for thing in frame.f_locals.values()
        if isinstance(thing, (QBuffer, QImageReader))
    ]
    assert held and not any(shiboken6.isValid(thing) for thing in held), held
