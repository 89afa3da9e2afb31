"""The forty-second round of hostile testing, newcomer: the README done top to bottom, in order, on a fresh clone as
someone who knows Python but not this project (the quick start, the no-GPU and the torch-free installs, the command
line, training cut down, UNIPEN's converter, the benchmarks' short runs), with a home whose name is not UTF-8 and
odd pictures; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import threading
from pathlib import Path

from gui_window import lone_dock, shown
from test_cli_sixteenth import a_release

from gui.main_window import MainWindow

REPO = Path(__file__).resolve().parents[1]
# a Python in which PySide6 is not installed, as importlib finds it then (its "No module named 'PySide6'")
WITHOUT_QT = """
import sys
class NotInstalled:
    def find_spec(self, name, path=None, target=None):
        if name == "PySide6":
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)
sys.meta_path.insert(0, NotInstalled())
from rowreader.launch import run_main
"""


def test_a_home_whose_name_is_not_utf8_gets_no_folder_made_beside_it(
    app_names, qtbot, tmp_path, monkeypatch, capsys
) -> None:
    """Under HOME=/home/ren\\xe9 (a name kept from an older Latin-1 system) Qt read the name as UTF-8, each odd byte
    U+FFFD, and the app made /home/ren\\xef\\xbf\\xbd beside the home for its settings (and its examples and taught
    models): nothing of it was in the home, and where that folder could not be made nothing was saved, without a
    word. The examples and taught models go into the home itself now, as the library's cache does; the settings,
    which Qt alone writes, are held for the session and the status bar says why."""
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME")
    monkeypatch.delenv("XDG_DATA_HOME")
    window = shown(qtbot, MainWindow(load_model=False))
    assert window.teaching.user_dir == home / ".local" / "share" / "RowReader"
    assert "rowreader-gui: $HOME=" in capsys.readouterr().err
    qtbot.waitUntil(lambda: "Settings cannot be saved: $HOME=" in window.statusBar().currentMessage())
    window.actions_.speed.setValue(12)
    window.close()
    assert [p.name for p in tmp_path.iterdir()] == [home.name]  # nothing made beside the home


def test_the_app_in_a_python_without_qt_says_what_to_install_in_one_line(tmp_path) -> None:
    """The README's light install without PySide6 (a server that only reads, `rowreader predict`) reads digits, and
    `python -m gui` there ended in a traceback of 20 lines, "ModuleNotFoundError: No module named 'PySide6'". It
    says on one line that the app needs Qt and gives the pip command that installs it for that very Python, within
    the versions pyproject.toml allows; status 1, as a command without torch."""
    done = subprocess.run(
        [sys.executable, "-c", WITHOUT_QT + "sys.exit(run_main('gui.__main__', 'rowreader-gui', []))"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(REPO)},
        timeout=60,
    )
    assert done.returncode == 1 and "Traceback" not in done.stderr, done.stderr
    (line,) = done.stderr.splitlines()
    assert line.startswith("rowreader-gui: error: the app needs Qt (PySide6), which is not installed in this Python")
    assert f"`{sys.executable} -m pip install 'PySide6-Essentials<6.12,>=6.7'`" in line
    assert '"PySide6-Essentials>=6.7,<6.12"' in (REPO / "pyproject.toml").read_text(encoding="utf-8")


def test_the_unipen_converter_ends_no_line_on_a_colon_with_nothing_after_it(tmp_path, capsys) -> None:
    """The converter run as the README says, on a release with nothing to drop, printed "kept 1 of 1 segment;
    dropped 0:", a colon announcing a list of reasons that never came. It says "dropped none" there; the reasons
    still follow their colon where segments were dropped."""
    from training.unipen_convert import main

    assert main([str(a_release(tmp_path / "src")), "--out", str(tmp_path / "out")]) == 0
    out = capsys.readouterr().out
    assert "kept 1 of 1 segment; dropped none\n" in out and not re.search(r":\s*$", out, re.MULTILINE)


def test_wayland_chosen_where_no_compositor_answers_is_said_before_qt_aborts(tmp_path) -> None:
    """`QT_QPA_PLATFORM=wayland` (set in a profile for a Wayland desktop) and `python -m gui` where no compositor
    answers (over `ssh -X`, or after the session ended): Qt aborted with a core dump (status 134), its last words
    "Could not load the Qt platform plugin "wayland" … Reinstalling the application may fix this problem". It says no
    Wayland compositor answers there, and what to do, and exits 2 before Qt is loaded, as for X11. A compositor that
    listens, or a list Qt falls back along ("wayland;xcb"), is left to Qt."""
    from gui.__main__ import no_display

    chosen = {"QT_QPA_PLATFORM": "wayland", "XDG_RUNTIME_DIR": str(tmp_path), "DISPLAY": ":95"}
    said = no_display(chosen, "linux")
    assert said == (
        f"no Wayland compositor answers at {tmp_path / 'wayland-0'} ($QT_QPA_PLATFORM=wayland chose it; nothing "
        "listens there): start it from a Wayland session, or unset QT_QPA_PLATFORM to open it on $DISPLAY=:95"
    )
    assert no_display({**chosen, "QT_QPA_PLATFORM": "wayland;xcb"}, "linux") is None
    assert no_display({**chosen, "QT_QPA_PLATFORM": "offscreen"}, "linux") is None
    with socket.socket(socket.AF_UNIX) as compositor:
        compositor.bind(str(tmp_path / "w"))
        compositor.listen()
        assert no_display({**chosen, "WAYLAND_DISPLAY": "w"}, "linux") is None
    env = {key: value for key, value in os.environ.items() if key not in ("WAYLAND_DISPLAY", "DISPLAY")}
    done = subprocess.run(
        [sys.executable, "-m", "gui"],
        cwd=REPO,
        env={**env, **chosen, "HOME": str(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2, (done.returncode, done.stderr[-600:])
    assert f"python -m gui: error: {said}" in done.stderr and "Reinstalling" not in done.stderr


def test_teaching_in_a_home_whose_name_is_not_utf8_says_which_variable_to_set(
    qtbot, tmp_path, monkeypatch, mnist_test
) -> None:
    """Ctrl+T with the examples in a home whose name is not UTF-8 (where they are kept now) was refused with "Give it
    a UTF-8 name (and open it again)": advice to rename the app's own examples folder, which does not help, the
    home's name being the bytes Qt cannot hand to the fine-tune. It says the home is the cause and which variable
    gives the examples a folder with a UTF-8 name; a model the user opened is still told to be renamed."""
    from gui_window import keep_examples, open_shipped_window
    from test_gui_teach import refused_teaching

    home = tmp_path / "ren\udce9"
    monkeypatch.setenv("HOME", str(home))
    window = open_shipped_window(qtbot, tmp_path, user_dir=home / ".local" / "share" / "RowReader")
    keep_examples(window.teaching.store, mnist_test, per_digit=3)
    title, message = refused_teaching(window, qtbot)
    assert title == "Teaching was not started"
    assert message.startswith(f"The examples folder, {tmp_path}/rené/.local/share/RowReader/examples, is in your home")
    assert f"$HOME={tmp_path}/rené, whose name is not UTF-8" in message and "Set $XDG_DATA_HOME" in message
    assert "Give it a UTF-8 name" not in message
    window.error_dialog.close()


def test_my_examples_names_a_folder_that_is_not_utf8_as_the_window_does(qtbot, tmp_path) -> None:
    """With the examples kept in a home whose name is not UTF-8, My examples said "1 example in /home/ren/…": the
    byte dropped by Qt, a name no one can find again; so did a reading that failed, and a second import's refusal.
    It is read as Windows-1252, "/home/rené/…", as the window names such files everywhere else (the dock's own file
    names among them)."""
    from PySide6.QtWidgets import QLabel

    from rowreader.example_folder import ExamplesError
    from rowreader.example_store import ExampleStore

    root = tmp_path / "ren\udce9" / "examples"
    dock = shown(qtbot, lone_dock(ExampleStore(root)), (2000, 400))
    dock._announce()
    assert QLabel.text(dock.message) == f"0 examples in {tmp_path}/rené/examples"
    dock.progress = (1, 2, 0)
    dock._announce()
    assert QLabel.text(dock.message) == f"Reading your examples (1 of 2) in {tmp_path}/rené/examples…"
    dock.show_found(ExamplesError(f"{root}: [Errno 5] Input/output error"))  # a reading that failed
    assert f"{tmp_path}/rené/examples: [Errno 5]" in QLabel.text(dock.message)


def test_a_file_dialog_in_a_home_whose_name_is_not_utf8_starts_where_qt_can_name(qtbot, tmp_path, monkeypatch) -> None:
    """Open image… (and Save, Import, Export) in a home whose name is not UTF-8 started in the home's parent, its
    File name box filled with "ren\\ufffd": Qt, handed a folder it cannot name, took it for a file there, and Open
    then looked for a file that is not. A folder the dialog cannot name (the home, or one remembered in bytes) gives
    way to its nearest folder whose name is UTF-8, and the box stays empty."""
    from gui_window import window_without_model

    from gui.file_dialogs import LAST_DIR_KEY
    from gui.settings import write_path

    home = tmp_path / "ren\udce9"
    (home / "scans").mkdir(parents=True)
    monkeypatch.setenv("HOME", str(home))
    window = window_without_model(qtbot, tmp_path)
    assert window.files.last_dir() == str(tmp_path)
    write_path(window.settings, LAST_DIR_KEY, home / "scans")
    assert window.files.last_dir() == str(tmp_path)
    write_path(window.settings, LAST_DIR_KEY, tmp_path)
    assert window.files.last_dir() == str(tmp_path)


def test_a_second_import_names_an_examples_folder_not_utf8_readably(qtbot, tmp_path) -> None:
    """ "This window is importing into /home/ren/… already": the examples folder in a home whose name is not UTF-8,
    its byte dropped by Qt in the error dialog. It is named as the dock names it, "/home/rené/…"."""
    from gui_window import window_without_model

    window = window_without_model(qtbot, tmp_path, user_dir=tmp_path / "ren\udce9" / "RowReader")
    running_here = threading.Event()  # the stop of an import of this window's, copying
    window.teaching.transfer_stops["import"].append(running_here)
    window.teaching.import_folder(tmp_path)
    assert window.last_error is not None
    assert window.last_error[1].startswith(f"This window is importing into {tmp_path}/rené/RowReader/examples already")
    window.teaching.transfer_stops["import"].remove(running_here)
