"""The fifty-third round of hostile testing, kill6: the app, its imports and the commands stopped at the worst
moment (SIGINT, SIGTERM, SIGHUP, SIGKILL, a full disk); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import errno
import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PIL import Image

from gui.user_folder import EXAMPLES_FOLDER
from rowreader.atomic import atomic_write_bytes
from rowreader.example_store import ExampleStore

REPO = Path(__file__).resolve().parents[1]

# The examples folder named first imported from or exported to the folder named second (the method named third),
# killed outright (SIGKILL) as it names its second picture: the first placed whole, the rest not; the transfer's lock
# file and the second's temporary left behind.
KILLED_AT_THE_SECOND = textwrap.dedent(
    """
    import os, signal, sys
    from rowreader.example_store import ExampleStore
    rename, link, named = os.replace, os.link, []
    def killed(source, target, **kwargs):
        if str(target).endswith(".png"):
            named.append(target)
            if len(named) == 2:
                os.kill(os.getpid(), signal.SIGKILL)
        (link if kwargs else rename)(source, target, **kwargs)
    os.replace = os.link = killed  # a new example's name is a hard link to its temporary
    getattr(ExampleStore(sys.argv[1]), sys.argv[3])(sys.argv[2])
    """
)


def three_sevens(folder: Path, mnist_test) -> None:
    """MNIST's first three test 7s saved in ``folder``/7 (made if need be)."""
    (folder / "7").mkdir(parents=True, exist_ok=True)
    for i in range(3):
        Image.fromarray(255 - mnist_test[0][(mnist_test[1] == 7).nonzero()[0][i]]).save(folder / "7" / f"s{i}.png")


def disk_holding_two(monkeypatch, folder: Path) -> None:
    """A disk that fills as a third picture is made under ``folder``: where the store creates files (``os.open``),
    so an import's and an export's own handling of ENOSPC is what is met."""
    opening, made = os.open, []

    def filling(name, flags, *args, **kwargs):
        if flags & os.O_CREAT and str(name).startswith(str(folder)) and len(made.append(name) or made) > 2:
            raise OSError(errno.ENOSPC, "No space left on device", str(name))
        return opening(name, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", filling)


def killed_at_the_second(examples: Path, other: Path, transfer: str) -> None:
    """``examples``' ``transfer`` ("import_folder", "export_folder") of ``other`` by a process killed outright as it
    names its second picture."""
    killed = subprocess.run(
        [sys.executable, "-c", KILLED_AT_THE_SECOND, str(examples), str(other), transfer],
        cwd=REPO,
        capture_output=True,
        timeout=120,
    )
    assert killed.returncode == -9, killed.stderr


def _killed_import(examples: Path, source: Path, mnist_test) -> None:
    """Three 7s in ``source``, imported into ``examples`` by a process killed outright after the first."""
    assert not source.exists()
    three_sevens(source, mnist_test)
    killed_at_the_second(examples, source, "import_folder")


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="POSIX: a killed import's lock is known as no one's")
def test_an_import_killed_outright_is_said_at_the_next_start(qtbot, tmp_path, mnist_test):
    """The app killed (SIGKILL, as the system out of memory or a logout's last resort ends it) 317 examples into an
    import of 2,000 (Xvfb, the real window): the next start showed "317 examples", the 0s and 1s, and said nothing;
    the tidy removed the import's lock, the one trace of it. A close that cut an import short is said at the next
    start; this is now said too, once, and not where no import was killed."""
    user = tmp_path / "user"
    examples = user / EXAMPLES_FOLDER
    _killed_import(examples, tmp_path / "scans", mnist_test)
    store = ExampleStore(examples)
    assert len(store.load()) == 1  # the first copied whole, the rest not; the lock removed by the load
    assert not (examples / ".import.lock").exists()
    assert store.import_was_killed() is True
    assert store.import_was_killed() is False  # said once

    _killed_import(examples, tmp_path / "more", mnist_test)
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    bar = window.statusBar()
    qtbot.waitUntil(lambda: "import" in bar.currentMessage(), timeout=15_000)
    assert bar.currentMessage().startswith("Last time, an import was cut short as the app was ended outright")
    assert "import its folder again to finish it" in bar.currentMessage()
    assert "not copied twice" in bar.toolTip()
    assert not (examples / ".import.lock").exists()
    assert window.teaching.store.import_was_killed() is False  # said once


def test_a_stop_as_a_write_makes_its_temporary_leaves_none(tmp_path, monkeypatch):
    """`training.fit --finetune` sent SIGTERM the moment its model's temporary appeared (a loop watching the folder)
    said "stopped by SIGTERM; nothing was written to out/ft.safetensors", true, and left an empty
    ``.ft.safetensors.<hex>.tmp`` beside it: the stop, come while the file was made, was raised as ``os.open``
    returned, its descriptor lost, before the write's own tidy began. The same stop now leaves the folder as it
    was."""
    model = tmp_path / "ft.safetensors"
    model.write_bytes(b"the model before")
    opening, opened = os.open, []

    def made_then_stopped(name, *args, **kwargs):
        fd = opening(name, *args, **kwargs)
        opened.append(fd)
        if str(name).endswith(".tmp"):
            signal.raise_signal(signal.SIGINT)  # a real Ctrl-C, taken by Python's own handler as the call returns
        return fd

    monkeypatch.setattr(os, "open", made_then_stopped)
    with pytest.raises(KeyboardInterrupt):
        atomic_write_bytes(model, b"the model after")
    monkeypatch.undo()
    for fd in opened:
        os.close(fd)
    assert [p.name for p in tmp_path.iterdir()] == [model.name]
    assert model.read_bytes() == b"the model before"


def test_an_import_the_disk_filled_says_how_to_finish_it(qtbot, tmp_path, mnist_test, monkeypatch):
    """An import of 2,000 examples whose disk filled (a 3 MB tmpfs, the real window) at the 385th said "cannot write to
    …/examples/1: No space left on device. Any examples copied before this are kept: the dock shows them.", and not
    what the note of one cut short says: that importing the folder again finishes it, copying nothing twice."""
    source, examples = tmp_path / "scans", tmp_path / "user" / EXAMPLES_FOLDER
    three_sevens(source, mnist_test)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    disk_holding_two(monkeypatch, examples / "7")
    window.teaching.import_folder(source)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=20_000)
    monkeypatch.undo()
    title, message = window.last_error
    assert title == "Could not import examples" and "No space left on device" in message
    assert "import from there again to finish it (what was copied is not copied twice)" in message
    assert len(list((examples / "7").glob("*.png"))) == 2
    window.error_dialog.done(0)
