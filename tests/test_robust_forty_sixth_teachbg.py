"""The forty-sixth round of hostile testing, teachbg: the window's thread while many examples are kept and a teach or
an import runs, and the work Ctrl+T does in the background: what it does with a failure there, and how often it counts
the drawings. Each test is checked to fail on the code before its fix."""

from __future__ import annotations

import gc
from pathlib import Path

import numpy as np
from gui_window import keep_examples, open_shipped_window, start_teaching
from test_gui_teach import held_teach
from test_robust_forty_second_scale import ended_having_learnt

import gui.teach_command as teach_command
from gui.cycle_pause import cycles_left_alone
from gui.example_rows import SHOWN_AT_ONCE, ExamplesWidget
from gui.teach_process import TeachProcess
from rowreader.example_folder import Example, ExampleSet
from rowreader.example_store import ExampleStore


def test_a_failure_noting_what_a_teach_read_is_said_not_turned_into_examples_kept_meanwhile(
    qtbot, tmp_path, mnist_test, monkeypatch
):
    """What a teach read is noted in the background once the fine-tune has read the folder; an exception there (a
    ``MemoryError`` listing a digit's folder of thousands) was dropped without a word, and the list left empty made the
    end's note say that the older examples the teach left out were "kept while it was taught" and not learnt. The end
    now says that what it read could not be noted, and why, and names no example kept or deleted meanwhile."""
    window, dialog = held_teach(qtbot, tmp_path, mnist_test, monkeypatch)
    teaching = window.teaching
    found = teaching.panel.found.examples
    left_out = [e for e in found if e.label == 3][:2]  # as if older than the cap allowed
    learnt = [f"{e.label}/{e.path.name}" for e in found if e not in left_out]

    def out_of_memory(paths):
        raise MemoryError("listing a digit's folder")

    monkeypatch.setattr(teach_command, "still_there", out_of_memory)  # the note's listing, where it fails
    teaching.process.run.found = len(learnt)  # its "start" line: the folder is read
    teaching.process.progress.emit()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)
    monkeypatch.undo()
    said = ended_having_learnt(qtbot, window, dialog, learnt)
    assert "kept while it was taught was not learnt" not in said and "were not learnt" not in said, said
    assert "Which examples it read could not be noted (MemoryError: listing a digit's folder)" in said, said


def test_ctrl_t_counts_the_different_drawings_once(qtbot, tmp_path, mnist_test, monkeypatch):
    """Ctrl+T's check in the background made the set of the different drawings three times (whether there are two, how
    many it learns from, how many are copies): 33–42 ms of Python each at 12,944 examples, every thread but one
    standing meanwhile. It is made once."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    made = []
    drawings = ExampleSet.drawings

    def counted(examples: ExampleSet) -> set[tuple[int, bytes]]:
        made.append(len(examples))
        return drawings(examples)

    monkeypatch.setattr(ExampleSet, "drawings", counted)
    start_teaching(window, qtbot)
    assert window.teaching.record is not None and made == [20], made


def test_an_import_copies_with_the_cycle_collector_paused(qtbot, tmp_path, mnist_test, monkeypatch):
    """An import of 13,100 pictures into a window keeping 13,100 held the window's thread 164–229 ms at a time, 25
    times over 16 ms: each a full cycle collection (172–228 ms, timed by ``gc.callbacks``) set off by the objects the
    import's thread makes per picture, every thread standing meanwhile. The collector is paused while it copies, as
    while the folder is read, and runs again after."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    source = ExampleStore(tmp_path / "source")
    keep_examples(source, mnist_test, per_digit=1)
    collector: list[bool] = []
    import_folder = ExampleStore.import_folder

    def watched(store, folder, stop=lambda: False, progress=None):
        def so_far(stage: str, count: int, total: int) -> None:
            collector.append(gc.isenabled())
            if progress is not None:
                progress(stage, count, total)

        return import_folder(store, folder, stop, so_far)

    monkeypatch.setattr(ExampleStore, "import_folder", watched)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: not window.teaching.importing and not window.tasks.busy, timeout=10_000)
    assert len(window.teaching.panel.found) == 10, window.last_error
    assert collector and not any(collector), collector
    assert gc.isenabled()


def test_the_collector_stays_paused_until_the_last_work_that_paused_it_ends():
    """Work in the background pauses the cycle collector (a reading of the folder, Ctrl+T's count, an import); the
    first to end started it again while another still ran: a reading ended mid-import, and the rest of the import
    ran with it, full collections and all. It runs again once the last of them ends, and a collector paused by
    someone else stays paused."""
    reading, importing = cycles_left_alone(), cycles_left_alone()  # on two threads: one may end first
    reading.__enter__()
    importing.__enter__()
    reading.__exit__(None, None, None)
    assert not gc.isenabled()  # the import is still at work
    importing.__exit__(None, None, None)
    assert gc.isenabled()
    gc.disable()
    try:
        with cycles_left_alone():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def _many(count: int, start: int = 0) -> list[Example]:
    """``count`` examples spread over the ten digits, named in order (no files: the rows read their inputs)."""
    blank = np.zeros((28, 28), np.float32)
    return [Example(Path(f"/kept/{i % 10}/{i:06d}.png"), i % 10, blank) for i in range(start, start + count)]


def _shown(view: ExamplesWidget) -> int:
    return sum(strip.count() for _, strip in view.rows.values())


def test_thousands_of_new_examples_are_shown_a_thousand_at_a_time(qtbot):
    """The end of an import of 13,100 into a window keeping 13,100: the dock's reading of the folder made the 13,100
    new thumbnails at once, the window's thread held 95–142 ms (cProfile: ``show_examples``, 13,100 items). They are
    made ``SHOWN_AT_ONCE`` at a time, the window's events handled between, each row in name order at the end."""
    view = ExamplesWidget()
    qtbot.addWidget(view)
    kept = _many(30)
    view.show_examples(ExampleSet(list(kept)))
    assert _shown(view) == 30  # a few: at once, as before
    found = ExampleSet(kept + _many(2_500, start=30))  # the same 30, as the store hands them back
    view.show_examples(found)
    assert _shown(view) == 30 + SHOWN_AT_ONCE
    qtbot.waitUntil(lambda: _shown(view) == 2_530, timeout=5_000)
    for digit, (label, strip) in view.rows.items():
        paths = [strip.item(i).example.path for i in range(strip.count())]
        assert paths == sorted(e.path for e in found.examples if e.label == digit)
        assert label.text().endswith(f"{len(paths):,}")


def test_an_edit_while_thousands_are_being_shown_finds_them_all_shown(qtbot):
    """Shown a thousand at a time (above), the rows are whole before an edit reads or changes them: a thumbnail
    added lands in its name's place, and one not shown yet can be chosen and removed."""
    view = ExamplesWidget()
    qtbot.addWidget(view)
    found = ExampleSet(_many(2_500))
    view.show_examples(found)
    last = found.examples[-1]
    view.choose(last)  # not shown yet when asked
    assert view.rows[last.label][1].currentItem().example is last
    view.remove_example(last)
    blank = np.zeros((28, 28), np.float32)
    view.add_example(Example(Path("/kept/3/000000-new.png"), 3, blank))
    strip = view.rows[3][1]
    paths = [strip.item(i).example.path for i in range(strip.count())]
    assert _shown(view) == 2_500 and paths == sorted(paths)
