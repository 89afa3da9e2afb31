"""The twenty-second round of hostile testing, the first hour of a new user: the README followed on a fresh clone
with a fresh virtualenv and HOME, no data and no network, from paths with spaces and accents, under locales that
are not UTF-8."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import tempfile
import tomllib
import traceback
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]

# A locale whose encoding is not UTF-8, as Python sees it: it reads file names in ASCII (Latin-1 under
# en_US.ISO-8859-1, which few machines have compiled). Qt reads them as UTF-8 whatever the locale says.
NOT_UTF8 = {"LC_ALL": "C", "LANG": "C", "PYTHONUTF8": "0", "PYTHONCOERCECLOCALE": "0"}

# The app started as far as its last check before the window (no_display), which here opens, in Python, the pictures
# Qt lists in a folder (as the file dialog and a drop name them), and stops the app with what it found.
OPEN_WHAT_QT_NAMES = """
import os, sys
import gui.__main__ as app

def open_what_qt_names():
    from PySide6.QtCore import QDir

    folder = os.environ["PICTURES"]
    names = QDir(folder).entryList(["*.png"])
    return f"Python {sys.getfilesystemencoding()} opened " + ", ".join(
        f"{name} ({len(open(os.path.join(folder, name), 'rb').read())} bytes)" for name in names
    )

app.no_display = open_what_qt_names
sys.exit(app.main())
"""


def test_a_picture_qt_names_is_one_the_app_opens_under_a_locale_that_is_not_utf8(tmp_path):
    """Under `LANG=en_US.ISO-8859-1`, `seven é.png` double-clicked in the app's own Open dialog was "seven é.png: no
    such file": Qt switches itself to UTF-8 (it says so on stderr) and gave the name as UTF-8 reads it, Python
    looked for it spelled in Latin-1. And from a virtualenv whose path held an accent the app did not start at all:
    "Could not find the Qt platform plugin "xcb"… Reinstalling the application may fix this problem". The app starts
    itself anew in Python's UTF-8 mode, so both read names alike."""
    (tmp_path / "seven é.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(24))
    env = {**os.environ, **NOT_UTF8, "PICTURES": str(tmp_path)}
    done = subprocess.run(
        [sys.executable, "-c", OPEN_WHAT_QT_NAMES], cwd=REPO, env=env, capture_output=True, timeout=240
    )
    assert done.returncode == 2, done.stderr.decode(errors="replace")
    assert "rowreader-gui: error: Python utf-8 opened seven é.png (32 bytes)" in done.stderr.decode()


SAY_THE_MODE = """
import os, sys
print(sys.flags.utf8_mode, sys.getfilesystemencoding(), os.environ.get("PYTHONUTF8"), flush=True)
from gui.__main__ import main
sys.exit(main())
"""


def test_the_app_and_what_it_starts_read_names_as_utf8_under_a_locale_that_is_not():
    """The app is started anew once, in UTF-8 mode, with `PYTHONUTF8=1` for the processes it starts (a teach, a
    download), whose file names come from Qt too; its command line is the one it was given."""
    env = {**os.environ, **NOT_UTF8}
    done = subprocess.run(
        [sys.executable, "-c", SAY_THE_MODE, "--help"], cwd=REPO, env=env, capture_output=True, text=True, timeout=240
    )
    assert done.returncode == 0, done.stderr
    started, anew, *helped = done.stdout.splitlines()
    assert started == "0 ascii 0"  # Python as the locale set it up
    assert anew == "1 utf-8 1"
    assert helped[0].startswith("usage: rowreader-gui")


def test_a_test_without_its_data_says_once_where_it_looked(tmp_path, monkeypatch):
    """A newcomer's `python -m pytest` without the data (no $ROWREADER_DATA, nothing beside the clone) failed each
    test with "MNIST files not found in $ROWREADER_DATA=~/.cache/rowreader/mnist", a variable they had not set (the
    tests set it to the per-user cache), then "During handling of the above exception, another exception occurred"
    and the same paragraph again. It is said once, with where the tests looked and why there."""
    import conftest

    monkeypatch.setenv("ROWREADER_DATA", str(tmp_path))
    monkeypatch.setenv("ROWREADER_UNIPEN", str(tmp_path))
    for fixture, data, variable in (
        (conftest.mnist_test, "MNIST", "ROWREADER_DATA"),
        (conftest.unipen, "UNIPEN", "ROWREADER_UNIPEN"),
    ):
        with pytest.raises(pytest.fail.Exception) as failed:
            fixture.__wrapped__()
        assert failed.value.__context__ is None  # pytest shows an exception's context as a second message
        looked = conftest.LOOKED_IN[variable]
        assert str(failed.value).startswith(f"{data} is needed by this test (looked in {looked}): ")
        assert str(tmp_path) in str(failed.value)


def test_the_test_command_without_the_test_extras_names_them():
    """`pip install pytest` instead of the README's `pip install -e '.[dev]'`, then the README's test command: pytest
    said "ERROR: Unknown config option: qt_api" (or, with pytest-qt there, a traceback from tests/conftest.py, "No
    module named 'hypothesis'"). It names the packages missing, as the dev extras pin them."""
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "--collect-only", "-q", "-p", "no:timeout", "-p", "no:pytest-qt"],
        cwd=REPO,
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode != 0
    assert "Missing required plugins: pytest-qt>=4.4, pytest-timeout>=2.3" in done.stdout + done.stderr
    with open(REPO / "pyproject.toml", "rb") as f:
        project = tomllib.load(f)
    required = project["tool"]["pytest"]["ini_options"]["required_plugins"]
    dev = project["project"]["optional-dependencies"]["dev"]
    assert sorted(required) == sorted(r for r in dev if r.split(">")[0] not in ("pytest", "ruff"))  # each as pinned


def _stand_in_the_way(path: Path, kind: str) -> None:
    if kind == "file":
        path.write_text("notes")
    elif kind == "broken link":
        path.symlink_to(path.with_name("gone"))
    else:
        os.mkfifo(path)


@pytest.mark.parametrize("kind", ["file", "broken link", "named pipe"])
def test_a_data_home_variable_naming_no_folder_is_named_and_set_anew(tmp_path, monkeypatch, kind):
    """`XDG_DATA_HOME=/dev/null` (or a file of notes, set long ago in a profile): Ctrl+K said "/dev/null is a device,
    not a folder. Move or rename it, then keep the drawing again", sending the user to move /dev/null or their notes.
    It names the variable, and says to set it anew and start the app again, which reads it as it starts; a file in
    the way beneath it is still to be moved."""
    from gui.keeping import mend_blocking
    from rowreader.example_store import ExampleStore

    home = tmp_path / "notes"
    _stand_in_the_way(home, kind)
    monkeypatch.setenv("XDG_DATA_HOME", str(home))
    blocked = ExampleStore(home / "RowReader" / "examples").blocked()
    assert blocked is not None and blocked.startswith(f"$XDG_DATA_HOME={home} is a ")
    said = mend_blocking(blocked, ", then keep it again", "nothing was written.")
    assert said.endswith(". Set $XDG_DATA_HOME to a folder or unset it, and start the app again: nothing was written.")
    assert "Move or rename" not in said

    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))  # the variable sound, the app's own folder a file
    blocking = tmp_path / "RowReader"
    _stand_in_the_way(blocking, kind)
    blocked = ExampleStore(blocking / "examples").blocked()
    assert blocked is not None and blocked.startswith(f"{blocking} is a ")
    assert mend_blocking(blocked, ", then keep it again", "") == f"{blocked}. Move or rename it, then keep it again"


def test_settings_that_cannot_be_saved_name_the_config_home_variable(qapp, tmp_path, monkeypatch):
    """`XDG_CONFIG_HOME=/dev/null`: the status bar's tooltip said "Settings cannot be saved: /dev/null is a device,
    not a folder"; it names the variable that chose that folder, as the MNIST cache's errors name $XDG_CACHE_HOME."""
    from PySide6.QtCore import QSettings

    from gui.settings import settings_trouble

    notes = tmp_path / "notes"
    notes.write_text("notes")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(notes))
    settings = QSettings(str(notes / "RowReader" / "RowReader.conf"), QSettings.Format.IniFormat)
    settings.setValue("brush", 24)
    settings.sync()
    assert settings_trouble(settings) == (
        "notes is a file, not a folder",
        f"$XDG_CONFIG_HOME={notes} is a file, not a folder",
    )


@settings(max_examples=40)
@given(name=st.text(st.characters(blacklist_characters="/\0", blacklist_categories=("Cs",)), min_size=1, max_size=40))
def test_a_picture_the_library_cannot_read_is_named_in_the_traceback(name):
    """The README's library example, pasted: `read_picture("seven.png")` without the file ended in "PictureError: no
    such file", naming no file (a loop over a folder: "is a folder, not an image", whichever it was), where
    `load_checkpoint` says "checkpoint not found: mine.safetensors". The message stays as the commands and the app put
    it after the name; the traceback names the picture below it."""
    from rowreader.output import one_line
    from rowreader.picture import read_picture
    from rowreader.picture_errors import PictureError

    assume(name not in (".", ".."))
    path = Path(tempfile.gettempdir()) / "rowreader-no-such-folder" / name
    with pytest.raises(PictureError) as failed:
        read_picture(path)
    assert str(failed.value).startswith("no such file")  # the commands say "NAME: no such file"
    shown = traceback.format_exception_only(failed.value)
    assert shown[-1] == f"reading the picture {one_line(str(path))}\n"
    folder = path.parent.parent  # a folder given as a picture
    with pytest.raises(PictureError) as failed:
        read_picture(folder)
    assert str(failed.value) == "is a folder, not an image"
    assert traceback.format_exception_only(failed.value)[-1] == f"reading the picture {folder}\n"


def _free_display(listen: socket.socket, address: Callable[[int], object]) -> int:
    """A display number whose address nothing else uses, ``listen`` bound and listening there."""
    for number in range(7100, 7400):
        if Path(f"/tmp/.X11-unix/X{number}").exists():
            continue
        try:
            listen.bind(address(number))
        except OSError:
            continue
        listen.listen()
        return number
    raise AssertionError("no free display number in 7100…7399")


def test_a_display_no_x_server_answers_is_said_before_qt_aborts(tmp_path):
    """`python -m gui` with a $DISPLAY left from a session that has ended (or an `ssh -X` without its forwarding):
    Qt aborted with a core dump (status 134), its last words "xcb-cursor0 or libxcb-cursor0 is needed to load the Qt
    xcb platform plugin … Reinstalling the application may fix this problem", which the README's package list then
    seemed to answer. It says no X server answers there and exits 2, before Qt is loaded, as with no $DISPLAY."""
    from gui.__main__ import no_display

    with socket.socket(socket.AF_UNIX) as server:  # a local X server's socket, in Linux's abstract namespace
        number = _free_display(server, lambda n: f"\0/tmp/.X11-unix/X{n}")
        assert no_display({"DISPLAY": f":{number}.0"}, "linux") is None
    with socket.socket() as server:  # `ssh -X`: localhost:10.0 is port 6010
        tcp = _free_display(server, lambda n: ("127.0.0.1", 6000 + n))
        assert no_display({"DISPLAY": f"127.0.0.1:{tcp}"}, "linux") is None
    said = no_display({"DISPLAY": f"127.0.0.1:{tcp}.0"}, "linux")
    assert said == (
        f"no X server answers at $DISPLAY=127.0.0.1:{tcp}.0 (127.0.0.1:{6000 + tcp}: Connection refused): start it "
        "from a desktop session, or over `ssh -X`"
    )
    assert no_display({"DISPLAY": f":{number}", "WAYLAND_DISPLAY": "wayland-0"}, "linux") is None  # Qt's to choose

    gone = ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM", "XDG_SESSION_TYPE")
    env = {key: value for key, value in os.environ.items() if key not in gone}
    done = subprocess.run(
        [sys.executable, "-m", "gui"],
        cwd=REPO,
        env={**env, "DISPLAY": f":{number}", "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-600:])
    assert done.stderr.endswith(
        f"python -m gui: error: no X server answers at $DISPLAY=:{number} (nothing listens on /tmp/.X11-unix/X"
        f"{number}): start it from a desktop session, or over `ssh -X`\n"
    )
    assert "xcb" not in done.stderr


def test_the_app_is_started_anew_in_utf8_mode_once_only(monkeypatch):
    """Once started anew (`PYTHONUTF8=1` in its environment), the app is not started again, whatever its Python then
    says: a guard, not a defect seen (`python -X utf8=0 -m gui` under a Latin-1 locale is started anew as `python -X
    utf8 -X utf8=0 -m gui`, and CPython 3.11 takes the first `-X utf8`)."""
    from types import SimpleNamespace

    from gui.__main__ import utf8_command

    monkeypatch.setattr(sys, "getfilesystemencoding", lambda: "iso8859-1")
    monkeypatch.setattr(sys, "flags", SimpleNamespace(utf8_mode=0))
    monkeypatch.delenv("PYTHONUTF8", raising=False)
    assert utf8_command() == [sys.executable, "-X", "utf8", *sys.orig_argv[1:]]
    monkeypatch.setenv("PYTHONUTF8", "1")
    assert utf8_command() is None
