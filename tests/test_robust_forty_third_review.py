"""The forty-third round of hostile testing, review: a hostile reading of what the forty-second round changed (a home
whose name is not UTF-8, the start-up tidy of temporaries no live writer holds, `--version` on every entry point,
the cap of a teach's examples), then those changes tried as a user; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import importlib
import sys
from pathlib import Path

import numpy as np
import pytest
from conftest import BENCHMARKS, load_bench
from gui_window import shown

import rowreader
from gui.main_window import MainWindow
from gui.settings import app_settings, settings_trouble
from rowreader.atomic import check_writable, remove_stale_temporaries_in
from rowreader.example_store import ExampleStore

_tidy_at_remove: list[Path] = []  # the folder whose tidy runs as the next file there is removed (see below)


def _tidy_before_a_remove(event: str, args: tuple) -> None:
    """An audit hook: as a file in the folder of :data:`_tidy_at_remove` is about to be removed, another process's
    tidy of what dead writers left there runs (the app starting in a second window, a teach's clean-up): the
    instant a real race puts it in, here every time."""
    if event == "os.remove" and _tidy_at_remove and Path(args[0]).parent == _tidy_at_remove[0]:
        folder = _tidy_at_remove.pop()
        remove_stale_temporaries_in(folder)


sys.addaudithook(_tidy_before_a_remove)  # audit hooks stay for the process: idle once the list is empty


def test_settings_a_home_qt_cannot_name_loses_say_what_to_set_whole(app_names, tmp_path, monkeypatch) -> None:
    """Under a home whose name is not UTF-8 the status bar's tooltip said "Settings cannot be saved: $HOME=… is not
    UTF-8, which Qt cannot name: set $XDG_CONFIG_HOME to a folder whose name is." and stopped there: the advice
    lost its last word. It says whose name is UTF-8, and that the app then keeps them."""
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    trouble = settings_trouble(app_settings())
    assert trouble is not None
    short, whole = trouble
    assert short == f"$HOME={tmp_path}/rené is not UTF-8"
    assert whole.endswith("set $XDG_CONFIG_HOME to a folder whose name is UTF-8 and start the app again"), whole


def test_a_writable_check_whose_probe_a_tidy_took_still_passes(tmp_path) -> None:
    """The forty-second round tidies every unlocked temporary at any age, but the probe that checks a folder can
    be written (``check_writable``, before a teach's or a training run's save) is such a file, unlocked for its
    microseconds: a tidy in between (a second window starting sweeps the models folder) removed it, and the check
    of a writable folder failed with "[Errno 2] No such file or directory" of a hidden file nobody made. The probe
    is now locked as a write's temporary is (the kill round's fix, merged over this round's: a probe removed counted
    as written), so the tidy leaves it, and the check passes."""
    out = tmp_path / "mine-20261204-205000-abc123.safetensors"
    _tidy_at_remove.append(tmp_path)
    check_writable(out)
    assert not _tidy_at_remove and list(tmp_path.iterdir()) == []  # the tidy ran; the probe is gone, as made


@pytest.mark.parametrize("name", [*BENCHMARKS, "person_examples", "gui.screenshot", "gui.teach_screenshot"])
def test_every_command_tells_its_version(name, capsys) -> None:
    """The forty-second round gave `--version` to "every entry point" (`add_version`, called by each
    command that remembered to), but the screenshots' commands and every benchmark refused it ("unrecognized
    arguments: --version", status 2). Every command's parser answers it now, as its --help: the parser carries it."""
    main = importlib.import_module(name).main if name.startswith("gui.") else load_bench(name).main
    with pytest.raises(SystemExit) as stopped:
        main(["--version"])
    assert stopped.value.code == 0
    assert capsys.readouterr().out.endswith(f" {rowreader.__version__}\n")


_written_beside: list[Path] = []  # a picture another process writes as the next file is placed in its folder


def _another_writes_as_one_is_placed(event: str, args: tuple) -> None:
    """An audit hook: as this process links its new example into place (``os.link``), another process (a second
    window's Ctrl+K, a file manager's copy) puts a picture of its own beside it: the instant a real race puts it in."""
    if event == "os.link" and _written_beside and Path(args[1]).parent == _written_beside[0].parent:
        beside = _written_beside.pop()
        beside.write_bytes(b"not read yet")


sys.addaudithook(_another_writes_as_one_is_placed)


def test_a_picture_written_beside_a_keep_while_it_writes_is_still_read_again(tmp_path) -> None:
    """The dock reads a folder again only where it holds what the dock last read or what the app's own keep, delete,
    undo or move left there; the forty-second round noted the folder as the edit left it by listing it once the edit
    was done, so a picture another window kept there during the edit (its milliseconds) was taken for part of the
    edit and never shown, until the next change made outside. Only the edit's own files are taken for the edit: the
    folder holding another's is changed, and read again."""
    store = ExampleStore(tmp_path / "examples")
    store.add(5, canvas_box())
    store.known(store.listings())
    beside = store.root / "5" / "20261204-205959-0123456789abcdef.png"
    _written_beside.append(beside)
    kept = store.add(5, canvas_box())
    assert not _written_beside and beside.is_file() and kept.path != beside
    assert store.changed_since_known(store.root / "5")
    store.known(store.listings())
    store.add(5, canvas_box())  # nothing beside it: the keep alone, known so
    assert not store.changed_since_known(store.root / "5") and not store.changed_since_known(store.root)


def canvas_box() -> np.ndarray:
    """A 280×280 dark-on-white box (a 0), as the canvas draws it."""
    page = np.full((280, 280), 255, np.uint8)
    page[60:220, 70:98] = page[60:220, 182:210] = page[60:88, 70:210] = page[192:220, 70:210] = 0
    return page


def test_examples_kept_where_qt_named_a_home_not_utf8_are_moved_into_the_home(
    app_names, qtbot, tmp_path, monkeypatch
) -> None:
    """Under HOME=/home/ren\\xe9 the app kept its examples and taught models, until the forty-second round, where Qt
    named the folder: /home/ren\\xef\\xbf\\xbd/.local/share/RowReader, beside the home. That round keeps them in the
    home itself, but never looked in the folder it had used: the person's examples were gone from the dock ("0
    examples") and Ctrl+T said there were none to teach. They are moved into the home at the start, as an older
    version's are, the box saying from where."""
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    beside = tmp_path / "ren\ufffd" / ".local" / "share" / "RowReader"  # the folder Qt named: U+FFFD for the byte
    kept = ExampleStore(beside / "examples").add(3, canvas_box())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    window = shown(qtbot, MainWindow(load_model=False))
    examples = home / ".local" / "share" / "RowReader" / "examples"
    assert window.teaching.store.root == examples
    assert [p.name for p in (examples / "3").glob("*.png")] == [kept.path.name] and not kept.path.exists()
    assert window.teaching.moved_box is not None and str(beside) in window.teaching.moved_box.text()
    window.close()


def test_the_box_of_examples_moved_names_both_folders_as_the_dock_does(app_names, qtbot, tmp_path, monkeypatch):
    """The box that says where the examples moved showed the new folder's name raw: in a home whose name is not
    UTF-8 Qt drew the odd byte as U+FFFD, and "moved to /home/ren\ufffd/…" read the same as "They were in:
    /home/ren\ufffd/…". Each folder is named as the dock names it (the byte read as Windows-1252: rené)."""
    home = tmp_path / "ren\udce9"
    home.mkdir()
    ExampleStore(tmp_path / "ren\ufffd" / ".local" / "share" / "RowReader" / "examples").add(3, canvas_box())
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    monkeypatch.delenv("XDG_DATA_HOME", raising=False)
    window = shown(qtbot, MainWindow(load_model=False))
    assert window.teaching.moved_box is not None
    said = window.teaching.moved_box.text()
    assert f"now:\n{tmp_path}/rené/.local/share/RowReader\n\nThey were in:\n{tmp_path}/ren\ufffd/" in said, said
    window.close()


def test_ship_refuses_version_in_also_in_words_that_hold(capsys) -> None:
    """`training.ship --also=--version` was refused as "a flag of ship's own, not training.fit's; give it to ship",
    though training.fit answers --version too (since the forty-second round): a stage given it would print the
    version and train nothing. It is refused as --help is, saying what answers it."""
    from training.ship import parse_args

    with pytest.raises(SystemExit) as refused:
        parse_args(["--also=--version"])
    line = capsys.readouterr().err.splitlines()[-1]
    assert refused.value.code == 2 and "not training.fit's" not in line, line
    assert "--also --version: a stage given it prints training.fit's version and trains nothing" in line, line
    assert "`python -m training.ship --version` says the version; leave it out" in line, line
