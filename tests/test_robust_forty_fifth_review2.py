"""The forty-fifth round of hostile testing, review2: a hostile reading of what this round merged (the newest-first
reading with copies set aside, the cut-short notes, the emptied folders removed, ``rowreader.whole_number`` and the
flags using it), each edge then tried; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import argparse
import shutil
import threading
from pathlib import Path

import numpy as np
import pytest
from gui_window import open_shipped_window
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_forty_second_scale import examples_kept

from gui.example_transfer import SAID_AS, cut_short_noted, forget_cut_short, note_cut_short
from rowreader.example_store import ExampleStore
from rowreader.pen import brush_argument
from rowreader.whole_number import whole_number
from training.config import FitConfig

LONGEST_LINE = 200  # an error line a person reads on a terminal


@settings(max_examples=30, deadline=None)
@given(digits=st.integers(41, 4_300), typed=st.sampled_from(["{}", "{}x", "-{}", "+{}"]))
def test_a_count_of_thousands_of_digits_is_refused_in_a_line_a_person_reads(digits, typed):
    """`rowreader evaluate --batch-size` given a number of 5,000 digits was refused in an error line of 5,286
    characters (the number echoed whole, 4,284 for 4,000 digits), and `training.fit`'s range check alike: every count
    now names such a value shortened (``json_text.shown``), as an error names any value read from a file."""
    text = typed.format("9" * digits)
    with pytest.raises(argparse.ArgumentTypeError) as refused:
        whole_number(1, 100)(text)
    assert len(str(refused.value)) < LONGEST_LINE
    assert "must be a whole number from 1 to 100, got " in str(refused.value)
    value = int(whole_number(1, 100, in_range=False)(text)) if text[-1] != "x" else 10**digits
    with pytest.raises(ValueError) as config_refused:
        FitConfig(batch_size=value)
    assert len(str(config_refused.value)) < LONGEST_LINE


def test_a_brush_of_thousands_of_digits_is_refused_in_a_line_a_person_reads():
    """`--brush` (bench_prototypes, bench_finetune, bench_handwriting) given 5,000 nines (infinity as a float) was
    refused in a line of 5,042 characters: it names the width typed shortened, as a count now does (since the
    forty-ninth round's argv2, as every real number a float cannot hold: "a float reads it as inf")."""
    for text in ("9" * 5_000, "-" + "9" * 400):
        with pytest.raises(
            argparse.ArgumentTypeError,
            match=r"^must be from 4 to 64 canvas pixels, got '-?9+\.\.\.9+' \(a float reads it as inf\)$",
        ) as no:
            brush_argument(text)
        assert len(str(no.value)) < LONGEST_LINE
    assert brush_argument(" 12.5 ") == 12.5


def test_a_count_in_range_is_still_read_as_python_reads_it():
    """What the range takes is taken as before (``+5``, `` 5 ``); what it refuses names what was typed, short. Since
    the forty-sixth round a count is written in 0-9 alone (``1_0`` and Arabic-Indic ``١٢``, which Python's int read,
    are refused, the number meant named: tests/test_robust_forty_sixth_names.py)."""
    count = whole_number(1, 100)
    assert [count(t) for t in ("+5", " 5 ", "100")] == [5, 5, 100]
    for typed, meant in (("1_0", "10"), ("١٢", "12")):
        with pytest.raises(argparse.ArgumentTypeError, match=rf": {meant}\)$"):
            count(typed)
    with pytest.raises(argparse.ArgumentTypeError, match=r"from 1 to 100, got '1e3'$"):
        count("1e3")
    with pytest.raises(argparse.ArgumentTypeError, match=r"from 1 to 100, got '101'$"):
        count("101")


def test_two_windows_noting_a_cut_at_once_lose_neither_note(tmp_path):
    """Two windows whose exports one logout cut short note them at the same moment: each read the note, added its
    line and wrote the whole back, so one write went over the other's and the next start said one export of two
    (eight windows at once kept 1 or 2 of 8 lines, ten tries). The note is now read and written under a lock: every
    line stays, and a note said and forgotten meanwhile loses none added since."""
    windows = 8
    start = threading.Barrier(windows)
    lines = [f"{SAID_AS}the export to /media/stick{n} was cut short" for n in range(windows)]

    def close(line: str) -> None:
        start.wait()
        note_cut_short(tmp_path, "export", line)

    threads = [threading.Thread(target=close, args=(line,)) for line in lines]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(cut_short_noted(tmp_path, "export") or []) == sorted(lines)
    said = cut_short_noted(tmp_path, "export") or []
    start = threading.Barrier(2)

    def forget() -> None:
        start.wait()
        forget_cut_short(tmp_path, "export", said)

    later = f"{SAID_AS}the export to /media/late was cut short"
    threads = [threading.Thread(target=forget), threading.Thread(target=close, args=(later,))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert cut_short_noted(tmp_path, "export") == [later]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export-cut-short.txt"]  # no lock file left behind


def _stroke() -> np.ndarray:
    """A one-stroke 1 on the app's 280×280 canvas, dark ink on white."""
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[60:220, 130:150] = 0
    return drawing


def _import_copy(store: ExampleStore, picture: Path, label: int, source: Path) -> int:
    """How many of ``picture``, imported from ``source`` as a ``label``, the import says are copies."""
    (source / str(label)).mkdir(parents=True)
    shutil.copy(picture, source / str(label) / "scan.png")
    return store.import_folder(source).copies


def test_an_import_after_a_delete_or_a_move_counts_no_copy_of_a_drawing_gone(tmp_path):
    """The import's copies were counted against every drawing the store had last read, deleted or moved since: the
    only 3 deleted, then imported again, was "1 of them is a copy of another or of a drawing kept" (a 3 moved to 5
    alike, imported as a 3). A delete (and so a move) now forgets what it removed; a move's new place is known."""
    store = ExampleStore(tmp_path / "mine")
    kept = store.add(3, _stroke())
    store.load()
    picture = tmp_path / "kept.png"
    shutil.copy(kept.path, picture)
    store.remove(kept)
    assert _import_copy(store, picture, 3, tmp_path / "again") == 0
    moved = store.relabel(store.load().examples[0], 5)
    assert moved.label == 5
    assert _import_copy(store, picture, 3, tmp_path / "as-three") == 0  # no 3 is kept now: the one is a 5


def test_one_name_whole_number_means_one_thing():
    """``rowreader.whole_number.whole_number`` (a count typed, the ``type=`` of every count flag) and
    ``rowreader.tensor_file.whole_number`` (whether a JSON value is a count) were two things of one name, each imported
    by name in several modules: the predicate taken for the type is no error until a command line is read. The
    predicate is ``json_count`` now; ``whole_number`` is the one definition."""
    import rowreader.tensor_file as tensor_file

    assert not hasattr(tensor_file, "whole_number")
    assert [tensor_file.json_count(v) for v in (0, 7, -1, True, 2.0, "3")] == [True, True, False, False, False, False]


def test_an_import_says_of_what_it_copied_which_are_copies_not_of_those_kept_already(qtbot, tmp_path):
    """An import that found pictures kept already and copied copies of one drawing said "Imported 2 example(s) from
    source; 1 were kept already; 1 of them is a copy of another or of a drawing kept": "them" the ones kept already,
    not copied at all. The copies are said of what was copied, next to its count; the bar still ends with the count
    kept already."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    (kept,) = examples_kept(window.teaching.store, {3: 1})[3]
    source = ExampleStore(tmp_path / "source")
    (other,) = examples_kept(source, {5: 1})[5]
    shutil.copyfile(other, other.with_name("copy.png"))
    (source.root / "3").mkdir()
    shutil.copyfile(kept, source.root / "3" / "kept.png")  # byte for byte: kept already, not copied
    messages: list[str] = []
    window.statusBar().messageChanged.connect(messages.append)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: window.teaching.importing == 0, timeout=20_000)
    assert messages[-1] == (
        "Imported 2 examples from source; 1 of them is a copy of another or of a drawing kept (a teach learns each "
        "drawing once); 1 was kept already"
    )
