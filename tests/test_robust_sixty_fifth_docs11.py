"""The sixty-fifth round, docs11: every doc held to what the round changed. docs/development.md says a test that
runs a ``gc.collect()`` of its own runs it within ``counted_from_here()``; soak1's and soak2's surveys of the Qt
objects left in cycles did not, and named what an earlier test on the worker had left (docs/robustness.md)."""

from __future__ import annotations

import gc
import weakref
from collections.abc import Iterator

import pytest
import shiboken6
from conftest import counted_from_here
from PySide6.QtCore import QObject, QTimer
from test_robust_sixty_fifth_soak1 import live_in_cycles


class _Cycle:
    """An object in a reference cycle holding a parentless QTimer, Python's: what a test leaves to the collector."""

    def __init__(self) -> None:
        self.me = self
        self.timer = QTimer()


@pytest.fixture
def left_before() -> Iterator[None]:
    """A QTimer left in a cycle as by an earlier test on the worker (no collection meanwhile), then deleted here."""
    gc.disable()
    watch = weakref.ref(_Cycle())
    try:
        yield
    finally:
        if (cycle := watch()) is not None:
            if shiboken6.isValid(cycle.timer):
                shiboken6.delete(cycle.timer)
            cycle.me = None
        gc.enable()


def test_a_survey_of_the_cycles_outside_counted_from_here_is_refused(qapp, left_before) -> None:
    """soak2's checks ran ``live_in_cycles`` over the whole worker: after a test that left a QTimer in a cycle,
    its lone-dock check failed with {'QTimer'}, another test's, which its collection finalised (measured with the
    two run in one process). A survey outside ``counted_from_here`` is refused."""
    with pytest.raises(RuntimeError, match="counted_from_here"):
        live_in_cycles(QObject)


def test_a_survey_within_counted_from_here_names_only_what_was_left_within(qapp, left_before) -> None:
    """A control: within ``counted_from_here`` the earlier QTimer is neither named nor finalised; one left within is
    named."""
    with counted_from_here():
        _Cycle()
        assert live_in_cycles(QObject) == ["QTimer"]
