"""The fifty-seventh round of hostile testing, mutants12: mutation testing by hand of ``gui/keeping.py`` (the mutants
the fifty-sixth round left untried), ``gui/teach_command.py`` and ``rowreader/atomic.py``. Each test here killed a
mutant that every test before it let live; each was seen failing on its mutant and passing on the code."""

from __future__ import annotations

import errno
import os
import shutil
import threading
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from gui_window import window_without_model
from test_gui_window import close_error

from gui.demo import draw_digit
from gui.teach_command import TeachCommand, _as_they_are
from rowreader import atomic
from rowreader.example_folder import Example, ExampleSet, taught_name


@pytest.mark.parametrize("links", [True, False], ids=["hard links", "no hard links"])
def test_new_files_whose_later_name_is_taken_are_all_or_none(tmp_path, monkeypatch, links: bool) -> None:
    """New files only (an example's picture, then its sidecar), the sidecar's name taken by another writer: the
    picture placed first is taken back, nothing of ours is left, and the other writer's file stands. No test held
    it: a mutant taking nothing back lived. Nor on a file system without hard links (FAT on a stick), where a new
    file is renamed into its name, its temporary gone with it: a mutant taking back only a file whose temporary was
    still there lived, the picture left without its sidecar."""

    def no_links(src, dst, *args, **kwargs):
        raise OSError(errno.EPERM, "Operation not permitted")  # what vfat says to link(2)

    if not links:
        monkeypatch.setattr(atomic.os, "link", no_links)
    first, taken = tmp_path / "1.png", tmp_path / "1.json"
    taken.write_bytes(b"another writer's")
    with pytest.raises(atomic.NameTaken) as refused:
        atomic.atomic_write_files([(first, b"picture"), (taken, b"sidecar")], replace=False)
    assert refused.value.filename == str(taken)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["1.json"]  # no picture, no temporary left
    assert taken.read_bytes() == b"another writer's"


def test_ctrl_k_with_a_file_where_the_examples_folder_should_be_says_so_before_asking_the_digit(qtbot, tmp_path):
    """A file where the examples folder should be: Ctrl+K says so at once, without asking which digit the drawing
    is (the answer would be thrown away). Every test kept with its digit given, so a mutant asking first lived."""
    window = window_without_model(qtbot, tmp_path, tmp_path / "user")
    root = window.teaching.store.root
    shutil.rmtree(root, ignore_errors=True)
    root.parent.mkdir(parents=True, exist_ok=True)
    root.write_text("notes")
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    assert window.teaching.keep() is None and window.teaching.keep_dialog is None  # no question
    title, message = close_error(window)
    assert title == "Could not keep the example"
    assert message.startswith(f"{root} is a file") and "then keep the drawing again (Ctrl+K)" in message
    assert root.read_text() == "notes"


def test_opening_an_example_deleted_outside_says_so_and_shows_nothing(qtbot, tmp_path) -> None:
    """An example whose file was deleted outside the app, opened from the dock before it was read again: it says so
    and the dock reads the folder again; nothing is shown. No test held it: a mutant without the check showed the
    dock's 28×28 of a file no longer there as if it were the example, unsaid."""
    window = window_without_model(qtbot, tmp_path, tmp_path / "user")
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 1, timeout=10_000)
    kept = panel.found.examples[0]
    window.canvas.clear()
    kept.path.unlink()  # in a shell, just now
    window.teaching.open_example(kept)
    said = window.statusBar().currentMessage()
    assert said == f"7/{kept.path.name} was deleted or moved outside RowReader: the dock now shows what is there"
    qtbot.waitUntil(lambda: len(panel.found) == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert window.canvas.is_empty() and window.session.label is None


def _teach_ended(root: Path, began: list[Example], learnt: set[str] | None, now: list[Example]) -> TeachCommand:
    """A TeachCommand as a teach's end leaves it (as teach8's test makes it): ``began`` found as Ctrl+T read the
    folder, ``learnt`` named in the taught model, ``now`` the dock's examples at the end."""
    command = TeachCommand.__new__(TeachCommand)
    named = [(e.path, taught_name(e.path, e.label, root)) for e in began]
    command.__dict__.update(
        _not_noted=[],
        _noting=threading.Event(),
        taught_from=list(named),
        _found_named=list(named),
        _as_read={},
        store=SimpleNamespace(root=root),
        panel=SimpleNamespace(found=ExampleSet(examples=now, root=root)),
        _learnt=lambda: learnt,
    )
    command._noting.set()
    return command


def _examples(root: Path, names: list[str]) -> list[Example]:
    """Examples at ``root``/``names`` ("7/a.png"), each file made, each a drawing of its own."""
    made = []
    for i, name in enumerate(names):
        (path := root / name).parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(b"png")  # only looked for: the note reads no picture here
        made.append(Example(path, int(name[0]), np.full((28, 28), i / 100, np.float32)))
    return made


def test_the_end_of_a_teach_names_what_changed_meanwhile_each_once(tmp_path) -> None:
    """What a teach's end says of the examples changed while it was taught. Mutants that lived: an example moved to
    another digit named as kept meanwhile too; an older one the teach left out (found as it began) named as kept
    meanwhile; three kept meanwhile said "; and 0 more"; with no list in the taught model, nothing named; with too few
    left, "Teach again (Ctrl+T)" (which Ctrl+T refuses); one example written over said "1 examples were"; what it read
    not noted in time, the names of a note that never ran (none) given as all that changed."""
    root = tmp_path / "examples"
    began = _examples(root, ["1/a.png", "2/b.png", "3/c.png", "4/d.png", "5/old.png"])
    learnt = {taught_name(e.path, e.label, root) for e in began[:4]}  # 5/old.png left out (the newest per digit)
    (root / "1/a.png").unlink()  # deleted meanwhile
    (root / "8").mkdir()
    (root / "2/b.png").rename(root / "8/b.png")  # moved to another digit meanwhile
    now = [*_examples(root, ["8/b.png", "6/e.png", "6/f.png", "6/g.png"]), began[2], began[3], began[4]]
    note = _teach_ended(root, began, learnt, now)._meanwhile_note()
    assert note == (
        "\n\n2 examples were deleted or moved while it was taught (1/a.png; 2/b.png): it learnt from them as before. "
        "3 examples kept while it was taught were not learnt (6/e.png; 6/f.png; 6/g.png). "
        "Teach again (Ctrl+T) to learn from your examples as they are now."
    )
    # the background note of what it read not finished in time: nothing named, and it says so
    late = _teach_ended(root, began, learnt, now)
    late._noting.clear()
    assert late._meanwhile_note().startswith("\n\nWhich examples it read could not be noted in time: ")
    # the taught model lists nothing it learnt: what Ctrl+T found is taken for taught
    assert (
        _teach_ended(root, began, None, now)
        ._meanwhile_note()
        .startswith("\n\n2 examples were deleted or moved while it was taught (1/a.png; 2/b.png)")
    )
    # all but one deleted meanwhile: too few to teach again
    for example in began[2:]:
        example.path.unlink()
    note = _teach_ended(root, began, learnt, [now[1]])._meanwhile_note()
    assert note.endswith(
        " You have kept one example; teaching needs at least two different drawings: keep a few more (Ctrl+K), then "
        "teach again (Ctrl+T)."
    )
    # one written over meanwhile (another picture in its file): one example, not "1 examples"
    command = _teach_ended(root, [now[1]], {"6/e.png"}, [now[1]])
    command._as_read = _as_they_are([now[1]])
    now[1].path.write_bytes(b"another picture")
    assert "\n\n1 example was changed while it was taught (6/e.png): it learnt from it as it was." in (
        command._meanwhile_note()
    )


@pytest.mark.parametrize("disk", ["read-only", "full"])
def test_a_write_refused_for_its_disk_says_what_to_do_for_that_disk(tmp_path, monkeypatch, disk: str) -> None:
    """``refuse_unwritable`` before a command works: a disk mounted read-only is not mended by freeing space. No test
    asked it: a mutant giving the full disk's advice to both lived."""
    real = os.statvfs(tmp_path)
    fields = [real.f_bsize, real.f_frsize, real.f_blocks, real.f_bfree, real.f_bavail, real.f_files, real.f_ffree]
    if disk == "full":
        fields[3] = fields[4] = 0  # no block left, to root or anyone
    flag = real.f_flag | os.ST_RDONLY if disk == "read-only" else real.f_flag & ~os.ST_RDONLY
    answer = os.statvfs_result((*fields, real.f_favail, flag, real.f_namemax))
    monkeypatch.setattr(os, "statvfs", lambda _: answer)  # what such a disk answers (as mutants6's test does)
    with pytest.raises(OSError) as refused:
        atomic.refuse_unwritable(tmp_path / "grid.png")
    advice = {
        "read-only": "is on a disk mounted read-only; choose a folder on another disk",
        "full": "is on a full disk; free some space there, or choose a folder on another disk",
    }
    assert str(refused.value) == f"cannot write {tmp_path / 'grid.png'}: {tmp_path} {advice[disk]}"
    assert list(tmp_path.iterdir()) == []


def test_a_path_as_long_as_the_systems_limit_with_its_temporary_is_refused_in_words(tmp_path) -> None:
    """The system's path limit counts the ending NUL: a path whose temporary is exactly that long fails to open
    (ENAMETOOLONG, in Python's words) and is refused first, in ours; one byte shorter is not refused. A mutant
    refusing only longer ones lived."""
    limit = os.pathconf(tmp_path, "PC_PATH_MAX")
    folders = tmp_path.joinpath(*["d" * 200] * ((limit - len(str(tmp_path))) // 201 - 1))
    name_room = limit - len(os.fsencode(folders)) - 1 - 22  # "/", then the temporary's "." and ".<16 hex>.tmp"
    at_limit = folders / ("n" * name_room)
    assert len(os.fsencode(atomic._temporary(at_limit))) == limit
    with pytest.raises(OSError, match=f"is {limit:,} bytes long, and this system takes paths under {limit:,} bytes"):
        atomic.refuse_long_name(at_limit)
    with pytest.raises(OSError) as system:
        os.open(atomic._temporary(at_limit), os.O_RDONLY)
    assert system.value.errno == errno.ENAMETOOLONG
    atomic.refuse_long_name(folders / ("n" * (name_room - 1)))  # under the limit: left to the write
