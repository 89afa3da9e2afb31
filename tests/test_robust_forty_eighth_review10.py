"""The forty-eighth round of hostile testing, review10: the forty-seventh round's changes to the app (and the
forty-eighth's merged so far) read as a hostile reviewer, `git diff fd4bc8c1..main -- gui/`: each suspicion tried
offscreen on real files, settings and widgets; each test checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import resource
import sys
import threading
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st
from PySide6.QtCore import QProcess, QSettings, Qt
from PySide6.QtWidgets import QMessageBox
from test_gui_mnist_offer import FAKE_DOWNLOAD, script

from gui.example_rows import _Thumbnail
from gui.main_window import MainWindow
from gui.numbers import DATE_CHARS, moment_words
from gui.teach_process import TeachProcess
from rowreader.example_folder import load_example
from rowreader.example_store import ExampleStore
from rowreader.readable import readable


def _kept_zero_dated(tmp_path: Path, date: str) -> _Thumbnail:
    """The thumbnail of a 0 kept by the app, its sidecar's date then made ``date`` (a sidecar edited, or another
    program's)."""
    root = tmp_path / "examples"
    picture = np.full((28, 28), 255, np.uint8)
    picture[6:22, 8] = 0
    ExampleStore(root).add(0, picture)
    sidecar = next(root.glob("0/*.json"))
    data = json.loads(sidecar.read_text(encoding="utf-8"))
    sidecar.write_text(json.dumps({**data, "date": date}), encoding="utf-8")
    return _Thumbnail(load_example(next(root.glob("0/*.png")), 0))


def test_a_sidecars_date_of_a_million_lines_is_one_short_line_in_a_thumbnails_tooltip(qtbot, tmp_path) -> None:
    """A sidecar's date is any text under 4 MiB, and the thumbnail's tooltip and screen-reader text held it whole:
    a date of a million lines ("x\\n" a million times) was a tooltip of 2,000,041 characters, and hovering the
    thumbnail froze the window for 36 s while Qt laid it out (3.9 s for 3,000,000 letters on one line); a date of
    escapes wrote them into the tooltip. A date that is no ISO date is now said as written on one line, control
    characters escaped, shortened in its middle to :data:`DATE_CHARS` characters."""
    for date in ("x\n" * 1_000_000, "y" * 3_000_000, "\x1b[31mred\u202eevil"):
        item = _kept_zero_dated(tmp_path / str(len(date)), date)
        for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            said = item.data(role)
            assert "\n" not in said and "\x1b" not in said and "\u202e" not in said, said[:200]
            assert len(said) < 200, len(said)


@given(st.text(max_size=300))
def test_a_moment_in_words_is_one_short_line_whatever_the_text(text: str) -> None:
    """Whatever a sidecar's date holds, what the app says of it is one line of at most :data:`DATE_CHARS`
    characters, with no control character in it (it was the text whole, line breaks and escapes too)."""
    said = moment_words(text)
    assert len(said) <= DATE_CHARS
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in said), repr(said)


def test_a_date_with_no_time_is_said_without_one(qtbot, tmp_path) -> None:
    """A sidecar dated "2026-12-05" (a day, no time: another program's, or one edited) was said "05 Dec 2026 at
    00:00", a time it never gave; "20261205" too. A day alone is now said as a day, "05 Dec 2026"."""
    item = _kept_zero_dated(tmp_path, "2026-12-05")
    assert item.data(Qt.ItemDataRole.AccessibleTextRole).startswith("0, 05 Dec 2026; ")
    assert moment_words("20261205") == "05 Dec 2026"
    assert moment_words("2026-12-05T08:27").endswith(" at 08:27")


def test_an_import_or_export_refused_names_a_folder_not_utf8_as_the_app_shows_it(qtbot, tmp_path) -> None:
    """The forty-seventh round made every word of an import or export name a folder whose name is not UTF-8 as the
    app shows names ("…/ÿþ/src"), Qt having dropped its bytes ("/tmp//src", another folder) in the bar; a refusal
    did not: an export to ``/tmp/…/\\xfa\\xfb/out``, a file, was "cannot export to /tmp/…//out: /tmp/…//out is a
    file, not a folder" in its box and the bar (another folder), and an import from a folder gone so. An error's
    words now name such a name as the app shows it, wherever the error comes from."""
    odd = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xfa\xfb"))
    odd.mkdir()
    (odd / "out").write_bytes(b"a file in the way")
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "user")
    qtbot.addWidget(window)
    picture = np.full((28, 28), 255, np.uint8)
    picture[6:22, 8] = 0
    ExampleStore(window.teaching.store.root).add(1, picture)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    for act, folder in ((window.teaching.export_folder, odd / "out"), (window.teaching.import_folder, odd / "gone")):
        window.last_error = None
        act(folder)
        qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
        assert window.last_error[0].startswith("Could not"), window.last_error
        assert readable(str(folder)) in window.error_dialog.text(), window.error_dialog.text()
        assert f"úû/{folder.name}" in said[-1] and "//" not in said[-1], said[-1]  # the bar shortens the rest


def test_a_named_pipe_at_a_replay_caches_name_does_not_hold_a_teach_for_good(tmp_path, monkeypatch) -> None:
    """A teach keeps its replay digits in the user cache (``training.replay``, which the forty-seventh round made
    write through ``write_cache``), and read back whatever was at its name: a named pipe there (``mkfifo``) was
    opened by ``np.load``, which waited for a writer for good, and the fine-tune with it, the teach dialog at its
    start. The index of the examples refused one already. A replay cache is now read only where it is a file of
    the size it could be, as the index is; else drawn again and written over it."""
    from rowreader.data import user_cache_dir
    from training.replay import _cached_digits

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    name = "drawn-replay-test-3.npz"
    user_cache_dir().mkdir(parents=True)
    os.mkfifo(user_cache_dir() / name)
    drawn = (np.zeros((3, 28, 28), np.uint8), np.array([1, 2, 3], np.int64))
    got: list[tuple[np.ndarray, np.ndarray]] = []
    reading = threading.Thread(target=lambda: got.append(_cached_digits(name, 3, lambda: drawn)), daemon=True)
    reading.start()
    reading.join(5)
    if reading.is_alive():  # let it go: a writer that closes at once ends its wait
        os.close(os.open(user_cache_dir() / name, os.O_WRONLY | os.O_NONBLOCK))
        reading.join(5)
        raise AssertionError("np.load waited on the named pipe at the cache's name")
    assert got and got[0][1].tolist() == [1, 2, 3]


def test_a_teach_refused_by_a_file_size_limit_says_what_to_do_in_the_app(qapp, tmp_path) -> None:
    """The app started under a file-size limit (``ulimit -f`` in its shell) that its model would pass: the fine-tune
    refused before its first step with "… raise the limit (`ulimit -f unlimited`) and run again", which the app said
    as it was: the forty-seventh round put the fine-tune's other advice in the app's words, not this one, and "run
    again" named no command the user ran (the fine-tune inherits the app's limit: Ctrl+T again is refused again). It
    now says to start RowReader again from a shell with the limit raised, then teach again."""
    from training.files import check_room

    out = tmp_path / "models" / "mine.safetensors"
    out.parent.mkdir()
    soft, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, hard))  # only asked for, no file written meanwhile
    try:
        with pytest.raises(OSError) as refused:  # the fine-tune's own refusal of a 1.6 MB model (the shipped one's)
            check_room(out, 1_600_000, "the fine-tuned model")
    finally:
        resource.setrlimit(resource.RLIMIT_FSIZE, (soft, hard))
    process = TeachProcess(Path("base.safetensors"), Path("examples"), out)
    process.run.log.append(f"python -m training.fit: error: {refused.value}")
    process._read_stderr = lambda: None  # nothing more from a child that was never started
    said = process._why_it_failed(2, QProcess.ExitStatus.NormalExit)
    assert "run again" not in said and "nothing was written" not in said, said
    assert said.endswith("(`ulimit -f unlimited`), start RowReader again from there, then teach again"), said
    process.deleteLater()


def test_mnists_offer_and_download_name_a_data_folder_not_utf8_as_the_app_shows_it(qtbot, tmp_path) -> None:
    """MNIST's folder named by bytes that are not UTF-8 (``$ROWREADER_DATA``, a folder of another system's names):
    Ctrl+R's offer said "They are not on this computer (looked in /tmp/…//mnist)", and the status line "Downloading
    MNIST into /tmp/…//mnist…" and "MNIST downloaded into /tmp/…//mnist", Qt having dropped the bytes: another
    folder. The offer's box and every status line now name it as the app shows names ("…/úû/mnist")."""
    root = Path(os.fsdecode(os.fsencode(str(tmp_path)) + b"/\xfa\xfb/mnist"))
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, data_root=root, user_dir=tmp_path / "user")
    qtbot.addWidget(window)
    log = tmp_path / "fetched.txt"
    fake = FAKE_DOWNLOAD.replace('"a")', '"a", errors="surrogateescape")')  # its log names the folder's bytes
    window.mnist_offer.program = [sys.executable, str(script(tmp_path, "fake.py", fake)), str(log)]
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.pictures.random_digit()
    box = window.mnist_offer.question
    shown = readable(str(root))
    assert f"(looked in {shown})" in box.text(), box.text()
    next(b for b in box.buttons() if box.buttonRole(b) == QMessageBox.ButtonRole.AcceptRole).click()
    qtbot.waitUntil(lambda: any(line.startswith("MNIST downloaded") for line in said), timeout=20_000)
    assert f"Downloading MNIST into {shown}…" in said, said
    assert f"MNIST downloaded into {shown}" in said, said


def test_settings_whose_path_is_too_long_to_look_at_do_not_stop_the_app(qtbot, tmp_path) -> None:
    """``$XDG_CONFIG_HOME`` of 4,200 characters (over Linux's 4,096 for a path): the check the forty-seventh round
    added for a settings file linked into a gone folder asked ``Path.is_symlink``, which raised "File name too long",
    and `python -m gui` ended in a traceback before its window showed (so would a folder that cannot be searched).
    The window now starts, and says at once that its settings cannot be written, as Qt finds."""
    too_long = Path("/" + "a/" * 2_100, "RowReader.conf")
    settings = QSettings(str(too_long), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "user")
    qtbot.addWidget(window)
    assert window.status._settings_trouble == ("RowReader.conf cannot be written", f"{too_long} cannot be written")
