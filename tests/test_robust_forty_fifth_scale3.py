"""The forty-fifth round of hostile testing, scale3: what scale2 measured and left, the window's thread at 12,944
examples kept: a Delete, its Ctrl+Z and a move each listed their digits' folders with a stat of every file, before and
after the edit, on the window's thread (28–158 ms there), and the watcher's check of the folders they changed listed
them there again half a second later. The work is counted on the window's thread; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import gc
import os
import threading
from pathlib import Path, PurePath

from gui_window import keep_examples, open_shipped_window, start_teaching
from test_robust_forty_second_scale import thirty_kept_and_read

from gui.examples_watch import SETTLE_MS
from gui.teach_process import TeachProcess
from rowreader.example_folder import ExampleSet, pictures_named_alike


def _listed_on_the_windows_thread(monkeypatch) -> list[Path]:
    """Each folder listed (``os.scandir``) on the window's (the main) thread from now on."""
    listed: list[Path] = []
    scandir = os.scandir

    def counted(path=".", *args, **kwargs):
        if threading.get_ident() == threading.main_thread().ident:
            listed.append(Path(path))
        return scandir(path, *args, **kwargs)

    monkeypatch.setattr(os, "scandir", counted)
    return listed


def test_a_delete_its_undo_and_a_move_list_no_folder_on_the_windows_thread(qtbot, tmp_path, mnist_test, monkeypatch):
    """A Delete, its Ctrl+Z and a move each listed their digit's folders (and the examples folder) with a stat of each
    file before and after the edit, on the window's thread, to know whether only the edit changed them: 28–81 ms,
    33–92 ms and 60–158 ms at 12,944 examples, and the watcher's check of the folder half a second later listed it
    there once more. What the edit left is noted from what the edit did (its own files' stat), and the folder is
    compared with that in the background: no folder is listed on the window's thread, nothing is read again, and
    the dock shows each edit."""
    window, teaching, panel = thirty_kept_and_read(qtbot, tmp_path, mnist_test)
    reads = []
    panel.changed.connect(lambda found: reads.append(len(found)))
    listed = _listed_on_the_windows_thread(monkeypatch)
    three = next(e for e in panel.found.examples if e.label == 3)
    panel.delete(three)
    panel.undo_stack.undo()
    back = next(e for e in panel.found.examples if e.label == 3 and e.path.name == three.path.name)
    panel.relabel(back, 5)
    qtbot.wait(SETTLE_MS + 400)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)
    assert not [p for p in listed if p.parent == teaching.store.root], listed  # the digits' folders
    assert len(reads) == 4  # the delete, the undo, the move (out and in): no reading of the folder after them
    assert sum(e.label == 5 for e in panel.found.examples) == 4


def test_ctrl_t_counts_its_drawings_with_the_cycle_collector_paused(qtbot, tmp_path, mnist_test, monkeypatch):
    """Ctrl+T's start held the window 95–128 ms at 12,944 examples with nothing of its own to do: counting the
    different drawings in the background made a tuple and a bytes of each, and the cycle collector, set off by them,
    walked all of the app's objects (a full collection, 107 ms timed on that thread), every thread standing meanwhile.
    The collector is paused while they are counted, as it is while the folder is read."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    collector: list[bool] = []
    drawings = ExampleSet.drawings

    def counted(examples: ExampleSet) -> set[tuple[int, bytes]]:
        if threading.get_ident() != threading.main_thread().ident:
            collector.append(gc.isenabled())
        return drawings(examples)

    monkeypatch.setattr(ExampleSet, "drawings", counted)
    start_teaching(window, qtbot)
    assert window.teaching.record is not None and collector and not any(collector), collector
    assert gc.isenabled()


def test_the_pictures_named_alike_are_told_apart_as_text_before_any_path_is_made(tmp_path, monkeypatch) -> None:
    """An undo, a keep and a move (twice) asked which pictures of the folder share the example's name by making a
    path of each of its names and taking its stem: 9 ms at each, on the window's thread, for a digit's 2,600 files at
    12,944 examples. The names are told apart as text first: a path is made only of those that begin with the name,
    and the answer is the same (another suffix in another case too)."""
    folder = tmp_path / "3"
    folder.mkdir()
    for i in range(300):
        (folder / f"other-{i:03d}.png").touch()
    for name in ("scan1.png", "scan1.JPG", "scan1.json", "scan1.png.bak", "scan10.png", ".scan1.png"):
        (folder / name).touch()
    stems: list[str] = []
    stem = PurePath.stem

    def counted(path: PurePath) -> str:
        stems.append(path.name)
        return stem.fget(path)

    monkeypatch.setattr(PurePath, "stem", property(counted))
    alike = pictures_named_alike(folder / "scan1.png")
    assert sorted(p.name for p in alike) == ["scan1.JPG", "scan1.png"]
    assert len(stems) < 10, len(stems)


def test_a_delete_and_its_undo_compare_no_path_with_each_example_shown(qtbot, tmp_path, mnist_test, monkeypatch):
    """The dock found the example a Delete, an undo or a move took away or brought back by comparing its path with
    each one shown, three times at a move (39,000 ``Path.__eq__`` at 12,944 examples, some 25 ms of the window's
    thread). The paths are compared as text; the dock shows the same."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    panel = window.teaching.panel
    keep_examples(window.teaching.store, mnist_test, per_digit=3)
    panel.load_in_background(window.tasks)
    qtbot.waitUntil(lambda: len(panel.found.examples) == 30 and not window.tasks.busy, timeout=20_000)
    compared: list[int] = []
    equal = PurePath.__eq__

    def counted(path: PurePath, other: object) -> bool:
        compared.append(1)
        return equal(path, other)

    monkeypatch.setattr(PurePath, "__eq__", counted)
    three = next(e for e in panel.found.examples if e.label == 3)
    panel.dropped(three)
    assert len(panel.found.examples) == 29 and all(e.path.name != three.path.name for e in panel.found.examples)
    panel.added(three)
    panel.added(three)  # shown once
    assert len(panel.found.examples) == 30 and len(compared) < 10, len(compared)
