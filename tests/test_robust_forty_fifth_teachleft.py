"""The forty-fifth round of hostile testing, teachleft: what earlier rounds saw and left in teaching (Ctrl+T) and My
examples (``load_examples(newest=)`` unchecked, a damaged picture among a digit's newest not replaced, an import cut
short by the window's close said nowhere), then the dock and a teach tried as a hostile user; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import shutil

import pytest
from gui_window import open_shipped_window
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_forty_second_scale import examples_kept, held_at
from test_robust_forty_third_review import canvas_box

from gui.example_transfer import CUT_SHORT_FILES
from gui.user_folder import move_old_data, old_user_data_dir, user_data_dir
from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore


@settings(max_examples=30, deadline=None)
@given(newest=st.integers(max_value=0) | st.booleans() | st.floats(allow_nan=True) | st.text(max_size=3))
def test_load_examples_refuses_a_newest_that_is_no_count_of_pictures(tmp_path_factory, newest):
    """``load_examples(newest=0)`` read no picture, and a negative one read all but the oldest few of each digit
    (Python's ``[:-3]``), a bool or a float each its own way, without a word. Such a ``newest`` is refused at once,
    the folder not read, in words that say what it takes."""
    root = tmp_path_factory.mktemp("examples")
    examples_kept(ExampleStore(root), {3: 2})
    with pytest.raises((TypeError, ValueError), match=r"newest must be a whole number of pictures, at least 1"):
        load_examples(root, newest=newest)
    assert len(load_examples(root, newest=1)) == 1


def test_a_damaged_picture_among_a_digits_newest_is_replaced_by_the_next_newest(tmp_path):
    """A teach learns from each digit's newest pictures; one of them that did not read (damaged, half copied) was
    skipped and not replaced, so the digit was taught one fewer than the cap though older ones were kept. The next
    newest readable picture is read in its place: the damaged one is named among the problems, and none is left out
    that the cap had room for."""
    store = ExampleStore(tmp_path / "examples")
    oldest, older, newest = examples_kept(store, {3: 3})[3]
    newest.write_bytes(b"not a picture")  # damaged now, and the newest by its time
    found = load_examples(store.root, newest=2)
    assert [e.path for e in found.examples] == sorted([oldest, older])  # by name, as every reading gives them
    assert [p.split(":")[0] for p in found.problems] == [str(newest)]
    assert (found.left_out, found.cut) == (0, ())  # every readable 3 is taught: none left out
    found = load_examples(store.root, newest=1)
    assert [e.path for e in found.examples] == [older]
    assert (found.left_out, found.cut) == (1, (3,))


def test_an_import_cut_short_by_the_close_is_said_at_the_next_start_as_an_export_is(
    qtbot, tmp_path, monkeypatch, capfd
):
    """An import cut short by the window's close (Quit, SIGTERM, SIGHUP) said nothing, on stderr or at the next start,
    where an export so cut says both: a person took the import for whole, and the examples not copied were never
    taught. It is said alike, by the export's one note: on stderr as the app ends, and in the status bar at the next
    start, once."""
    source = ExampleStore(tmp_path / "source")
    examples_kept(source, {1: 4})
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    reached, release = held_at(monkeypatch, 2)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    window.tasks.stopping.set()  # the window closing: the import stops between examples
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    words = f"the import from {source.root} was cut short as the window closed: 2 examples copied, each whole"
    assert words in capfd.readouterr().err
    assert [p.name for p in user.iterdir() if "cut" in p.name] == [CUT_SHORT_FILES["import"]]
    again = open_shipped_window(qtbot, tmp_path, user_dir=user)
    bar = again.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Last time"), timeout=10_000)
    said = bar.toolTip()
    assert said.startswith(f"Last time, {words}, the rest not; import from there again to finish it"), said
    qtbot.waitUntil(lambda: not (user / CUT_SHORT_FILES["import"]).exists(), timeout=5_000)  # in the background


def test_the_folder_qt_named_beside_a_home_not_utf8_goes_once_its_examples_moved_in(app_names, tmp_path, monkeypatch):
    """Under HOME=/home/ren\\xe9 the examples Qt kept beside the home (/home/ren\\ufffd/.local/share/RowReader) are
    moved into the home at the start, and the folders Qt made for them were left behind, empty: a second home-like
    folder beside the person's, "ren�", holding nothing. Once emptied, each folder of that branch is removed, only if
    it is empty and this user's: one holding anything else (an older version's settings) stays, with what it holds."""
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    qt_home = tmp_path / "ren\ufffd"
    ExampleStore(qt_home / ".local" / "share" / "RowReader" / "examples").add(3, canvas_box())
    settings = qt_home / ".config" / "RowReader" / "RowReader.conf"
    settings.parent.mkdir(parents=True)
    settings.write_text("[General]\n")  # an older version's settings: not the examples', never removed
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    old, new = old_user_data_dir(), user_data_dir()
    assert old == qt_home / ".local" / "share" / "RowReader"
    assert move_old_data(old, new) == (["examples"], [])
    assert len(list((new / "examples" / "3").glob("*.png"))) == 1
    assert sorted(p.relative_to(qt_home).as_posix() for p in qt_home.rglob("*")) == [
        ".config",
        ".config/RowReader",
        ".config/RowReader/RowReader.conf",
    ]
    shutil.rmtree(qt_home / ".config")  # the settings gone too
    (qt_home / ".local" / "share" / "RowReader" / "models").mkdir(parents=True)  # models alone kept there
    (qt_home / ".local" / "share" / "RowReader" / "models" / "mine.safetensors").write_bytes(b"model")
    (new / "models").mkdir()
    (new / "models").rmdir()
    assert move_old_data(old, new) == (["models"], [])
    assert not qt_home.exists()  # nothing of it left: it goes whole
    assert home.is_dir() and (new / "models" / "mine.safetensors").is_file()
