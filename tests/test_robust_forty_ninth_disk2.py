"""The forty-ninth round of hostile testing, disk2: the app and the command lines where the places they write are
hostile: a full disk (a 200 kB tmpfs filled; simulated here by what ``os.statvfs`` says), a read-only one (a tmpfs
mounted ``ro``), a loop of symbolic links, a named pipe where a folder goes, ``$XDG_DATA_HOME`` naming a file, names of
255 bytes; the settings, the examples folder, Ctrl+S's drawing and ``training.fit --out``/``--metrics`` pointed at
each; the app started offscreen; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QSettings

from gui.main_window import MainWindow
from gui.settings import settings_trouble


def _disk_under(
    monkeypatch, root: Path, *, full: bool = False, read_only: bool = False, blockless: bool = False
) -> None:
    """``os.statvfs`` of anything under ``root`` says its disk is full (no block free) or mounted read-only, as a
    filled tmpfs or one mounted ``ro`` says; a real one cannot be made in a test. ``blockless``: every block count
    0, as some FUSE and network mounts say."""
    real = os.statvfs

    def statvfs(path):
        info = real(path)
        if not Path(os.path.abspath(path)).is_relative_to(root):
            return info
        fields = list(info)
        if full or blockless:
            fields[3] = fields[4] = 0  # f_bfree, f_bavail
        if blockless:
            fields[2] = 0  # f_blocks
        if read_only:
            fields[8] |= os.ST_RDONLY  # f_flag
        return os.statvfs_result(fields)

    monkeypatch.setattr(os, "statvfs", statvfs)


@pytest.mark.parametrize(("full", "why"), [(True, "is on a full disk"), (False, "is on a disk mounted read-only")])
def test_settings_on_a_full_or_read_only_disk_are_said_at_the_start_with_why(
    qtbot, tmp_path: Path, monkeypatch, full: bool, why: str
) -> None:
    """Settings on a full disk: nothing was said at the start, and the close said on stderr only "RowReader.conf
    cannot be written", not why (the window's size, docks and speed lost at every close). On a disk mounted read-only
    the start said "… cannot be written: /mnt/ro cannot be written", not why either. Both now say it at the start,
    with why: "… /mnt/full is on a full disk", "… is on a disk mounted read-only"."""
    folder = tmp_path / "config"
    folder.mkdir()
    conf = folder / "RowReader.conf"
    conf.write_text("[scan]\nrows_per_second=12\n", encoding="utf-8")
    _disk_under(monkeypatch, folder, full=full, read_only=not full)
    settings = QSettings(str(conf), QSettings.Format.IniFormat)
    assert settings_trouble(settings) == (
        f"RowReader.conf cannot be written: {folder} {why}",
        f"{conf} cannot be written: {folder} {why}",
    )
    window = shown(qtbot, MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False))
    qtbot.waitUntil(lambda: why in window.status.shown, timeout=5_000)
    assert window.status.shown.startswith("Settings cannot be saved: RowReader.conf cannot be written")
    window.close()


def test_a_disk_that_counts_no_blocks_is_not_called_full(tmp_path: Path, monkeypatch) -> None:
    """Some FUSE and network mounts (and /proc) say 0 for every block count, free or not: the check of the test
    above called settings there "on a full disk", though they are saved. Such a disk is not known to be full."""
    _disk_under(monkeypatch, tmp_path, blockless=True)
    assert settings_trouble(QSettings(str(tmp_path / "RowReader.conf"), QSettings.Format.IniFormat)) is None


def test_a_file_where_the_examples_folder_goes_is_said_at_the_start(qtbot, tmp_path: Path, monkeypatch) -> None:
    """`$XDG_DATA_HOME` naming a file (set long ago in a shell's profile): the app started without a word, and only
    the first Ctrl+K, after a digit was drawn and its question answered, said that no example could be kept. It is
    said at the start, as settings that cannot be saved are: "Examples cannot be kept: $XDG_DATA_HOME=… is a file,
    not a folder", what to do in the tooltip; the file is left as it is."""
    afile = tmp_path / "notes"
    afile.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(afile))
    settings = QSettings(str(tmp_path / "RowReader.conf"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, user_dir=afile / "RowReader", load_model=False))
    qtbot.waitUntil(lambda: window.status.shown.startswith("Examples cannot be kept: $XDG_DATA_HOME="), timeout=5_000)
    assert window.statusBar().toolTip() == (  # said whole, as it is announced (a11y4)
        f"Examples cannot be kept: $XDG_DATA_HOME={afile} is a file, not a folder. Set $XDG_DATA_HOME to a folder or "
        "unset it, and start the app again: no example can be kept until then."
    )
    window.close()
    assert afile.read_text(encoding="utf-8") == "not a folder\n"


@pytest.mark.parametrize("kind", ["loop of links", "named pipe"])
def test_a_drawing_saved_into_a_loop_of_links_or_a_pipe_says_what_stands_there(
    qtbot, tmp_path: Path, kind: str
) -> None:
    """Ctrl+S into a folder that is a loop of links (`a` → `b` → `a`) said "…/a/digit.png: Too many levels of
    symbolic links", Python's words naming no link, where Ctrl+K and `--out` say "… is a link that loops back on
    itself"; into a named pipe given as a folder it said the path twice ("…/pipe/digit.png: cannot write
    …/pipe/digit.png: …/pipe is a named pipe (FIFO), not a folder"). Each names what stands there, once, and
    nothing is written."""
    place = tmp_path / "place"
    place.mkdir()
    folder = place / "a"
    if kind == "loop of links":
        folder.symlink_to(place / "b")
        (place / "b").symlink_to(folder)
        what = "a link that loops back on itself"
    else:
        os.mkfifo(folder)
        what = "a named pipe (FIFO)"
    settings = QSettings(str(tmp_path / "RowReader.conf"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False))
    rect = window.canvas.document_rect()
    window.canvas.draw_stroke([(rect.center().x(), rect.top() + rect.height() * y / 10) for y in range(2, 9)])
    with pytest.raises(OSError):
        window.saving.save_drawing(folder / "digit.png")
    where = folder / "digit.png"
    assert window.last_error == (
        "Could not save the drawing",
        f"cannot write {where}: {folder} is {what}, not a folder",
    )
    assert sorted(p.name for p in place.iterdir()) == (["a", "b"] if kind == "loop of links" else ["a"])
    window.close()


def test_a_newer_versions_setting_puts_one_line_on_stderr_not_two(tmp_path: Path) -> None:
    """Settings holding a value of a type this Qt does not know (a newer version's): beside the app's own line
    ("… holds 1 setting this RowReader cannot read (future) …: read, and left as it is"), Qt put its own on stderr,
    "QVariant::load: unknown user type with name QFutureTypeV9.", which names no file and nothing to do. Only the
    app's line is written now; what Qt says as it reads the file is kept off the terminal."""
    conf = tmp_path / "RowReader" / "RowReader.conf"
    conf.parent.mkdir()
    newer = "[General]\nfuture=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\rQFutureTypeV9\\0\\0\\0\\x1\\x1)\n"
    newer += "[scan]\nrows_per_second=3\n"
    conf.write_text(newer, encoding="utf-8")
    start = (
        "from gui.app import create_app\napp = create_app([])\nfrom gui.settings import app_settings\napp_settings()\n"
    )
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run([sys.executable, "-c", start], env=env, capture_output=True, text=True, timeout=60)
    assert run.returncode == 0, run.stderr
    lines = run.stderr.splitlines()
    assert len(lines) == 1 and "holds 1 setting this RowReader cannot read (future)" in lines[0], lines
    assert conf.read_text(encoding="utf-8") == newer


@pytest.mark.parametrize(("full", "why"), [(True, "is on a full disk"), (False, "is on a disk mounted read-only")])
def test_an_examples_folder_on_a_full_or_read_only_disk_is_said_at_the_start(
    qtbot, tmp_path: Path, monkeypatch, full: bool, why: str
) -> None:
    """The examples folder on a full disk or one mounted read-only: the start said nothing, and the first Ctrl+K,
    after a digit was drawn and its question answered, said "cannot write to …/examples/1: No space left on device".
    The start says so, as it does of settings that cannot be saved: "Examples cannot be kept: … is on a full
    disk"; a keep still says it too, should the disk still be so."""
    data = tmp_path / "data"
    data.mkdir()
    _disk_under(monkeypatch, data, full=full, read_only=not full)
    settings = QSettings(str(tmp_path / "RowReader.conf"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, user_dir=data / "RowReader", load_model=False))
    qtbot.waitUntil(lambda: window.status.shown.startswith("Examples cannot be kept: "), timeout=5_000)
    tip = f"Examples cannot be kept: {data} {why}: no example can be kept there until that is mended."
    assert window.statusBar().toolTip() == tip  # said whole, as it is announced (a11y4)
    window.close()


@pytest.mark.parametrize(("full", "why"), [(True, "is on a full disk"), (False, "is on a disk mounted read-only")])
def test_a_screenshot_onto_a_full_or_read_only_disk_is_refused_before_the_window(
    tmp_path: Path, monkeypatch, capsys, full: bool, why: str
) -> None:
    """`python -m gui.screenshot /mnt/full/shot.png` made the window, loaded the model and drew the digit, then said
    "[Errno 28] No space left on device: '/mnt/full/shot.png'" in Python's words (a read-only disk: "[Errno 30]
    Read-only file system"); `gui.teach_screenshot` so after a whole teach. Both are refused at once now, in words,
    with what to do, as `training.drawn` is: nothing is made or written."""
    from gui.screenshot import main

    out = tmp_path / "disk" / "shot.png"
    out.parent.mkdir()
    _disk_under(monkeypatch, out.parent, full=full, read_only=not full)
    with pytest.raises(SystemExit) as stop:
        main([str(out)])
    assert stop.value.code == 2
    err = capsys.readouterr().err.strip().splitlines()[-1]
    assert err.startswith(f"python -m gui.screenshot: error: cannot write {out}: {out.parent} {why}; "), err
    assert err.endswith("choose a folder on another disk"), err
    assert not any(out.parent.iterdir())
