"""The sixty-fifth round of hostile testing, soak1: the suite's segmentation fault. On CI one xdist worker died inside
the all-day soak's ``gc.collect()``, which finalised whatever the earlier tests on that worker had left in reference
cycles (a Qt wrapper among them). The soak's count now collects only what it counts; the tests' examples docks no
longer leave a live undo stack, owned by Python and holding Python commands, to the collector."""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pytest
import shiboken6
from test_robust_thirtyseventh_soak import alive, counted_from_here


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


def _live_in_cycles() -> list[str]:
    """The Qt wrappers whose C++ side is still there that only reference cycles keep (what ``gc.collect`` finalises,
    running their C++ destructors wherever it happens to run)."""
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        gc.collect()
        found = [
            type(thing).__name__
            for thing in gc.garbage
            if isinstance(thing, shiboken6.Shiboken.Object) and shiboken6.isValid(thing)
        ]
        gc.garbage.clear()
    finally:
        gc.set_debug(0)
    gc.collect()
    return found
