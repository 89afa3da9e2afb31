"""The twentieth round of hostile testing, the command lines: words that hold escape sequences, the app's own command
line stopped while it starts, and the screenshot commands given outputs they cannot write."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
ESCAPE = "\x1b]0;owned\x07"  # an escape sequence that retitles the terminal window


@pytest.mark.parametrize(
    "module, words",
    [
        ("rowreader.cli", ["predict", "x.png"]),
        ("gui.__main__", []),
        ("training.merge", ["a", "b", "--out", "c.safetensors"]),
        ("training.arguments", []),
        ("gui.screenshot", ["shot.png"]),
    ],
)
def test_an_unknown_word_holding_an_escape_sequence_is_refused_escaped(module, words, capsys):
    """`ls | xargs rowreader predict` over a file named `--x<ESC>]0;owned<BEL>` (any command, any unknown word)
    was "unrecognized arguments: --x" with the escape sequence as it was: the terminal obeyed it. argparse's
    refusals are on one line, escaped, as every name the commands print is."""
    import importlib

    main = importlib.import_module(module).main
    with pytest.raises(SystemExit) as refused:
        main([*words, f"--x{ESCAPE}"])
    err = capsys.readouterr().err
    assert refused.value.code == 2
    assert "unrecognized arguments: --x\\x1b]0;owned\\x07" in err, err
    assert "\x1b" not in err and "\x07" not in err


def test_the_app_stopped_while_it_starts_says_one_line(monkeypatch, capsys):
    """Ctrl-C in the second before the window showed (Qt and the model loading) was a page of traceback, and
    SIGTERM then ended `python -m gui` without a word: the app starts through run_main, as the other commands do,
    `rowreader-gui` too."""
    import gui.__main__ as gui_main

    def ctrl_c() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(sys, "argv", ["rowreader-gui"])
    monkeypatch.setenv("HOME", os.environ.get("HOME", "/"))  # main sets it to the home it reads
    monkeypatch.setattr(gui_main, "no_display", ctrl_c)  # the stop lands while it starts, before any window
    assert gui_main.run() == 130
    assert capsys.readouterr().err.strip() == "rowreader-gui: interrupted while starting; nothing was done"
    scripts = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["scripts"]
    assert scripts["rowreader-gui"] == "gui.__main__:run"
    assert "Exit status: 0" in gui_main.build_parser().format_help()


def test_the_open_window_takes_sigterm_from_the_start_it_was_given(qapp):
    """run_main turns SIGTERM into a Ctrl-C while the app starts; the window's own handler, which closes it as Quit
    does (settings saved), must take over from it, not leave a KeyboardInterrupt to land inside Qt's event loop."""
    from gui.app import StopSignals
    from rowreader.launch import stop_by_signal

    before = signal.signal(signal.SIGTERM, stop_by_signal)
    try:
        stops = StopSignals(qapp)
        try:
            assert signal.getsignal(signal.SIGTERM) == stops._stop
        finally:
            stops.uninstall()
        assert signal.getsignal(signal.SIGTERM) is stop_by_signal
    finally:
        signal.signal(signal.SIGTERM, before)


def _no_window(monkeypatch) -> None:
    from gui.main_window import MainWindow

    def opened(*args, **kwargs):
        pytest.fail("a window was opened for an output that cannot be written")

    monkeypatch.setattr(MainWindow, "__init__", opened)


@pytest.mark.parametrize("given", ["fifo.png", "shot.txt", "dir.png", "file/shot.png", "--size=100000x100000"])
def test_a_screenshot_it_cannot_write_is_refused_before_the_window(given, tmp_path, monkeypatch, capsys):
    """`python -m gui.screenshot fifo.png` opened the window, read the digit, then hung for good on the FIFO;
    `shot.txt`, a folder or a file above OUT said "could not write" only after the work, and `--size 100000x100000`
    asked Qt for a 40 GB picture, a traceback. Each is refused at once (status 2)."""
    from gui.screenshot import main

    os.mkfifo(tmp_path / "fifo.png")
    (tmp_path / "dir.png").mkdir()
    (tmp_path / "file").write_text("notes", encoding="utf-8")
    _no_window(monkeypatch)
    words = [str(tmp_path / "shot.png"), given] if given.startswith("--") else [str(tmp_path / given)]
    with pytest.raises(SystemExit) as refused:
        main(words)
    assert refused.value.code == 2
    assert "python -m gui.screenshot: error: " in capsys.readouterr().err


def test_teach_screenshot_pictures_it_cannot_write_are_refused_before_the_teach(tmp_path, monkeypatch, capsys):
    """`gui.teach_screenshot` ignored a failed save: a picture's name taken by a folder, or OUT_DIR under a file,
    was found after minutes of teaching (a traceback, or "done" and status 0 with no picture). Refused first."""
    from PIL import Image

    from gui.teach_screenshot import main

    (tmp_path / "examples" / "7").mkdir(parents=True)
    Image.new("L", (28, 28), 255).save(tmp_path / "examples" / "7" / "a.png")
    (tmp_path / "out" / "teach-chart.png").mkdir(parents=True)
    (tmp_path / "file").write_text("notes", encoding="utf-8")
    _no_window(monkeypatch)
    for out, said in ((tmp_path / "out", "teach-chart.png: is a folder"), (tmp_path / "file" / "o", "not a folder")):
        with pytest.raises(SystemExit) as refused:
            main(["--examples", str(tmp_path / "examples"), str(out)])
        assert refused.value.code == 2
        assert said in capsys.readouterr().err


def test_a_window_grab_is_saved_whole_or_not_at_all(qapp, tmp_path):
    """The screenshots were saved in place by QPixmap.save (a stop mid-write left half a picture over the last
    one); they go through a temporary and a rename, and a failure is an OSError, not a False nobody read."""
    from PySide6.QtGui import QPixmap

    from gui.image_io import save_grabs

    picture = QPixmap(8, 8)
    picture.fill()
    save_grabs([(tmp_path / "a.png", picture)], "a picture of a window")
    assert (tmp_path / "a.png").read_bytes().startswith(b"\x89PNG")
    (tmp_path / "old.png").write_bytes(b"old")
    with pytest.raises(OSError, match="could not be made"):
        # a null picture: Qt's grab of a window too large for memory
        save_grabs([(tmp_path / "old.png", QPixmap())], "a picture of a window")
    assert (tmp_path / "old.png").read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.png", "old.png"]  # no temporary left


@pytest.mark.parametrize(
    "given, said",
    [
        ("", "an empty name (an unset shell variable?)"),
        ("https://example.com/m.safetensors", "is a URL, and this command takes files"),
        ("~nobody-here/m.safetensors", "which no shell expanded"),
    ],
)
def test_the_apps_checkpoint_is_read_as_the_commands_read_it(given, said, capsys):
    """`python -m gui --checkpoint ""` said ".: is a folder", a URL came out as "https:/example.com/…: no such file"
    (a slash gone), and `'~ann/m.safetensors'` "no such file" without the why `rowreader predict` gives."""
    import gui.__main__ as gui_main

    with pytest.raises(SystemExit) as refused:
        gui_main.main(["--checkpoint", given])
    assert refused.value.code == 2
    assert said in capsys.readouterr().err


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full")
@pytest.mark.parametrize("module", ["gui", "gui.screenshot"])
def test_a_help_to_a_full_disk_says_so(module):
    """`python -m gui --help > /dev/full` (and `gui.screenshot`'s) said nothing and exited 0, where every command's
    says it and exits 1, as the app's --help now says too."""
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", module, "--help"], stdout=full, stderr=subprocess.PIPE, text=True, cwd=REPO
        )
    assert done.returncode == 1
    assert done.stderr.strip() == f"python -m {module}: error: cannot write the output: No space left on device"
