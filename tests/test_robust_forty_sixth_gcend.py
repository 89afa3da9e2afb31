"""The forty-sixth round of hostile testing, gcend: the window's thread at the end of a large import, where the
cycle collector, paused while the import copied, ran again and walked every object of the app at once. Each test is
checked to fail on the code before its fix."""

from __future__ import annotations

import gc

from gui_window import keep_examples, open_shipped_window

import gui.cycle_pause as cycle_pause
from gui.cycle_pause import FREEZE_AT, cycles_left_alone
from rowreader.example_store import ExampleStore


def _tracked(things: list[object]) -> int:
    """How many of ``things`` the cycle collector walks in a full collection (the frozen ones it leaves alone)."""
    ids = {id(thing) for thing in things}
    return sum(id(thing) in ids for thing in gc.get_objects())


def test_the_examples_an_import_brings_are_left_out_of_later_full_collections(qtbot, tmp_path, mnist_test, monkeypatch):
    """An import of 13,100 pictures into 13,100 kept copies with the collector paused (the teachbg round); the objects
    it and the reading after it made were all still young when it ran again, and the next full collection walked the
    app's every object on the window's thread: 349, 461 and 888 ms after three such imports in turn (gc.callbacks, a
    1-ms timer stood as long). What a paused work leaves alive is frozen as the collector runs again: later full
    collections leave the examples alone, and the collector runs. (Ten pictures stand for 13,100 here: what they
    leave is frozen from 50 objects on.)"""
    monkeypatch.setattr(cycle_pause, "FREEZE_AT", 50)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    source = ExampleStore(tmp_path / "source")
    keep_examples(source, mnist_test, per_digit=1)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: len(window.teaching.panel.found) == 10 and not window.tasks.busy, timeout=10_000)
    found = window.teaching.panel.found.examples
    try:
        assert gc.isenabled()
        assert _tracked(list(found)) == 0
    finally:
        gc.unfreeze()  # the tests after this one find the collector as it was


def test_what_a_paused_work_made_is_frozen_whatever_way_it_ended():
    """Frozen as the collector runs again, on every way out of a paused work: an exception too, and only when the last
    of them ends (a reading ending mid-import leaves the import's objects young and the collector paused)."""
    made: list[object] = []
    outer, inner = cycles_left_alone(), cycles_left_alone()
    outer.__enter__()
    try:
        with inner:
            made.extend([n] for n in range(FREEZE_AT))  # as a reading of thousands leaves
            raise ValueError("a damaged folder")
    except ValueError:
        pass
    assert not gc.isenabled() and _tracked(made) == FREEZE_AT  # the import still runs
    outer.__exit__(None, None, None)
    try:
        assert gc.isenabled() and _tracked(made) == 0
    finally:
        gc.unfreeze()


def test_a_paused_work_that_leaves_few_objects_freezes_none():
    """Frozen at every paused work's end (above), a cycle that had become garbage was never collected: 100 deletes
    and Ctrl+Zs in a window keeping 200, the folder read after each, left 2,200 unreachable objects frozen for good.
    Only a work that leaves ``FREEZE_AT`` young objects or more (an import, the first reading of thousands) freezes;
    a small one leaves every object to the collector."""
    made: list[object] = []
    with cycles_left_alone():
        made.append([])
        made[0].append(made[0])  # a cycle: were it let go, only the collector would free it
    assert gc.isenabled() and _tracked(made) == 1
