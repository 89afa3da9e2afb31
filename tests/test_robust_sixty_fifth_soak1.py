"""The sixty-fifth round of hostile testing, soak1: the suite's segmentation fault. On CI one xdist worker died inside
the all-day soak's ``gc.collect()``, which finalised whatever the earlier tests on that worker had left in reference
cycles (a Qt wrapper among them). The soak's count now collects only what it counts; the tests' lone examples docks
no longer leave a live undo stack, Python's and holding Python commands, to the collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import shiboken6
from conftest import counted_from_here
from PySide6.QtCore import QEvent, QObject
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QWidget
from test_robust_thirtyeighth_colours import followed
from test_robust_thirtyseventh_soak import alive

from gui.examples_dock import ExamplesDock


class _Left:
    """A thing kept by nothing but a reference cycle of its own, that notes when the collector finalises it."""

    def __init__(self, finalised: list[str], name: str) -> None:
        self.itself, self.finalised, self.name = self, finalised, name

    def __del__(self) -> None:
        self.finalised.append(self.name)


@pytest.fixture
def collector_by_hand() -> Iterator[None]:
    """No collection but those the test asks for: an automatic one could finalise the earlier leftover first."""
    gc.disable()
    try:
        yield
    finally:
        gc.enable()
        gc.collect()


def test_a_count_collects_what_it_counts_and_nothing_left_from_before(collector_by_hand) -> None:
    """An earlier test's leftover in a cycle is neither finalised by the count nor counted; a cycle made within is
    collected (not counted as held) and one held within is counted."""
    finalised: list[str] = []
    _Left(finalised, "left by an earlier test")
    with counted_from_here():
        _Left(finalised, "dropped within")
        held = _Left(finalised, "held within")
        assert alive(_Left) == [held]
        assert finalised == ["dropped within"]
    del held
    gc.collect()
    assert sorted(finalised) == ["dropped within", "held within", "left by an earlier test"]


def live_in_cycles(kind: type = shiboken6.Shiboken.Object) -> list[str]:
    """The Qt wrappers (of ``kind``) whose C++ side is still there that only reference cycles keep (what
    ``gc.collect`` finalises, running their C++ destructors wherever it happens to run). Only within
    :func:`counted_from_here`: a whole collection finalised what earlier tests on the worker had left and named it,
    so soak2's checks failed naming another test's QTimer (the sixty-fifth round, docs11)."""
    if not gc.get_freeze_count():
        raise RuntimeError("live_in_cycles surveys what was made within counted_from_here(), not before it")
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [type(thing).__name__ for thing in gc.garbage if isinstance(thing, kind) and shiboken6.isValid(thing)]
        gc.garbage.clear()
    finally:
        gc.set_debug(0)
    gc.collect()
    return found


def gone(widget: QWidget) -> None:
    """Closed and deleted, as qtbot's teardown does, its Python side left to its reference cycle."""
    widget.close()
    QObject.deleteLater(widget)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)


def deleted_from_and_gone(qtbot, dock: ExamplesDock) -> None:
    """An example deleted in ``dock`` (a DeleteExample on its undo stack), then the dock gone, not referred to here."""
    dock.reload()
    qtbot.waitUntil(lambda: len(dock.found.examples) == 1, timeout=10_000)
    dock.delete(dock.found.examples[0])
    assert dock.undo_stack.count() == 1 and not dock.found.examples
    gone(dock)


def _themed_and_left() -> None:
    """A themed app followed and given a palette of its own (as mutants11's test does), then not referred to here."""
    with followed(QApplication.style().standardPalette()) as app:
        palette = app.palette()
        palette.setColor(QPalette.ColorRole.Window, QColor("#c0d0ff"))
        app.setPalette(palette)


def test_a_followed_themed_app_goes_with_its_test_not_with_a_later_collection(qapp) -> None:
    """The colour tests' ThemedApp (alive, Python's) with its LegiblePaletteFollower (its Python child) was left in a
    reference cycle for a later test's ``gc.collect`` to delete (measured: both among the cycles after each of its
    three tests). It is deleted as its test ends."""
    with counted_from_here():
        _themed_and_left()
        assert [name for name in live_in_cycles() if name in ("ThemedApp", "LegiblePaletteFollower")] == []
