"""The forty-eighth round of hostile testing, settings3: the app's saved settings and per-user files under hostile
conditions: a save killed by SIGKILL at its rename (strace's fault injection), a full disk (a 64 kB tmpfs), the
settings folder taken away while the app ran, a named pipe swapped in for a model as it is looked at, HOME unset and
XDG_CONFIG_HOME / XDG_DATA_HOME naming a file; the app started offscreen; each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

from gui_window import shown
from PySide6.QtCore import QLockFile, QSettings

from gui.main_window import MainWindow
from gui.settings import app_settings, settings_trouble, sweep_save_leftovers
from rowreader.checkpoint import _begins_as_ours, _foreign_kind

# what a save killed at its rename left, as seen: Qt's temporary (RowReader.conf and six letters or digits), holding
# the settings it was writing, and Qt's lock
LEFT_BY_A_KILL = "RowReader.conf.npXhla"


def test_a_save_killed_at_its_rename_leaves_no_temporary_for_good(tmp_path: Path) -> None:
    """A close killed (SIGKILL) as Qt renamed its new settings over RowReader.conf left `RowReader.conf.npXhla`
    beside it, and nothing ever took it away: one more at every such kill. At the start the temporary of a save
    killed so goes, told by the lock of the file that Qt's save left with it, its process gone; the settings file
    stays whole. While a copy of the app holds that lock (saving now), its temporary stays; a person's copy
    (`RowReader.conf.backup`, `.Mine42`: six letters too, made before that lock) is kept."""
    conf = tmp_path / "RowReader.conf"
    conf.write_text("[scan]\nrows_per_second=12\n", encoding="utf-8")
    kept = [tmp_path / f"RowReader.conf.{name}" for name in ("backup", "Mine42", "old")]
    for path in kept:
        path.write_text("[scan]\nrows_per_second=9\n", encoding="utf-8")
        os.utime(path, (time.time() - 3600, time.time() - 3600))
    temporary = tmp_path / LEFT_BY_A_KILL
    saving = QLockFile(f"{conf}.lock")  # a copy of the app saving now: its temporary is its own
    assert saving.tryLock(0)
    temporary.write_text("[scan]\nrows_per_second=11\n", encoding="utf-8")
    sweep_save_leftovers(conf)
    assert temporary.is_file()
    saving.unlock()
    sweep_save_leftovers(conf)  # a save that ended: its lock gone with it, nothing was cut short
    assert temporary.is_file()
    killed = (  # as Qt's save is killed at its rename: its lock held, its temporary written
        "import os, signal, sys\nfrom PySide6.QtCore import QLockFile\nlock = QLockFile(sys.argv[1] + '.lock')\n"
        "assert lock.tryLock(0)\nos.utime(sys.argv[2])\nos.kill(os.getpid(), signal.SIGKILL)\n"
    )
    assert subprocess.run([sys.executable, "-c", killed, str(conf), str(temporary)]).returncode == -signal.SIGKILL
    assert (tmp_path / "RowReader.conf.lock").is_file()
    sweep_save_leftovers(conf)
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(["RowReader.conf", *(p.name for p in kept)])
    assert QSettings(str(conf), QSettings.Format.IniFormat).value("scan/rows_per_second") == "12"


def test_settings_lost_to_a_folder_gone_since_the_start_are_said_at_the_close(qtbot, tmp_path: Path, capfd) -> None:
    """The settings folder taken away while the app ran (a stick unplugged, a full disk alike: Qt's save fails the
    same way): the close's save failed and nothing was said anywhere, the window's size, docks, brush and speed lost.
    The close now says so on stderr, the one place left once the window has gone; the file as it was is kept."""
    folder = tmp_path / "config"
    folder.mkdir()
    settings = QSettings(str(folder / "RowReader.conf"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False))
    settings.setValue("scan/rows_per_second", 12)
    settings.sync()  # saved as the app saves a model it opened
    folder.rename(tmp_path / "unplugged")
    folder.write_text("not a folder\n", encoding="utf-8")
    capfd.readouterr()
    window.close()
    assert settings.status() == QSettings.Status.AccessError
    err = capfd.readouterr().err
    assert f"settings not saved: {folder} is a file, not a folder" in err, err
    kept = QSettings(str(tmp_path / "unplugged" / "RowReader.conf"), QSettings.Format.IniFormat)
    assert kept.value("scan/rows_per_second") == "12"


def test_a_named_pipe_swapped_in_as_a_model_is_looked_at_does_not_hang(tmp_path: Path) -> None:
    """A model file found cut short is looked at again to tell a checkpoint of ours from a stranger
    (`_begins_as_ours`, `_foreign_kind`), each opening it by its name: a named pipe swapped in meanwhile was opened
    and waited on for a writer, for ever (the app's Open model, `rowreader predict`). Each reads what it opens only if
    it is a regular file, without waiting: a pipe is no model of ours and of no kind."""
    fifo = tmp_path / "m.safetensors"
    os.mkfifo(fifo)
    answers: list[object] = []
    stuck = []
    for look in (_begins_as_ours, _foreign_kind):
        thread = threading.Thread(target=lambda look=look: answers.append(look(fifo)), daemon=True)
        thread.start()
        thread.join(2)
        if thread.is_alive():  # let the stuck open go, so that the thread ends
            stuck.append(look.__name__)
            os.close(os.open(fifo, os.O_WRONLY | os.O_NONBLOCK))
            thread.join(5)
    assert not stuck and answers == [False, None], stuck


def test_a_settings_folder_that_cannot_be_written_is_said_at_the_start(qtbot, tmp_path: Path, monkeypatch) -> None:
    """RowReader.conf writable in a folder that is not (made immutable, `chattr +i`, as root; read-only otherwise):
    Qt called the settings writable, nothing was said at the start, and every close lost them (Qt writes a save
    beside the file, then renames it over). It is said at the start, as a read-only file is, and the file is kept.
    A settings folder not made yet in a folder that cannot be written was "RowReader.conf cannot be written",
    without where: the folder is named."""
    folder = tmp_path / "config"
    folder.mkdir()
    conf = folder / "RowReader.conf"
    conf.write_text("[scan]\nrows_per_second=12\n", encoding="utf-8")
    with read_only_folder(folder, monkeypatch) as unwritable:
        settings = QSettings(str(conf), QSettings.Format.IniFormat)
        assert settings_trouble(settings) == (
            f"RowReader.conf cannot be written: {folder} cannot be written",
            f"{conf} cannot be written: {folder} cannot be written",
        )
        unmade = folder / "RowReader" / "RowReader.conf"  # a home that cannot be written: where, not only what
        assert settings_trouble(QSettings(str(unmade), QSettings.Format.IniFormat)) == (
            f"RowReader.conf cannot be written: {folder} cannot be written",
            f"{unmade} cannot be written: {folder} cannot be written",
        )
        window = shown(qtbot, MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False))
        qtbot.waitUntil(lambda: "Settings cannot be saved" in window.status.shown, timeout=5_000)
        settings.setValue("scan/rows_per_second", 3)
        window.close()
    assert not unwritable or conf.read_text(encoding="utf-8") == "[scan]\nrows_per_second=12\n"


@contextlib.contextmanager
def read_only_folder(folder: Path, monkeypatch) -> Iterator[bool]:
    """``folder`` no file can be made in while the body runs: its write bits taken, and, for root (whom they do not
    stop), made immutable (``chattr +i``). Yields whether writes there really fail: where root may not make a folder
    immutable (a container without CAP_LINUX_IMMUTABLE), ``os.access`` is told the folder cannot be written, so the
    start's words are checked, but Qt, as root, still writes there."""
    folder.chmod(0o555)
    immutable = False
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        with contextlib.suppress(OSError, subprocess.CalledProcessError):
            immutable = not subprocess.run(["chattr", "+i", str(folder)], capture_output=True, check=True).returncode
        if not immutable:
            access = os.access
            monkeypatch.setattr(os, "access", lambda p, mode, **kw: access(p, mode, **kw) and Path(p) != folder)
    try:
        assert not os.access(folder, os.W_OK)
        yield immutable or os.geteuid() != 0
    finally:
        if immutable:
            subprocess.run(["chattr", "-i", str(folder)], check=True)
        folder.chmod(0o755)


# a setting of a type this Qt does not know, as a newer RowReader (a newer Qt) may write one
NEWER = (
    "[General]\nfuture=@Variant(\\0\\0\\0\\x7f\\0\\0\\0\\rQFutureTypeV9\\0\\0\\0\\x1\\x1)\n"
    "\n[scan]\nrows_per_second=3\n"
)


def test_settings_a_newer_version_wrote_are_not_written_over(qtbot, app_names, capfd) -> None:
    """A settings file holding a value of a type this version's Qt does not know (a newer RowReader's): Qt read it
    as nothing and the close wrote it back as `@Invalid()`, the newer version's setting gone without a word. Such a
    file is read, held in memory and left as it is: one line on stderr and the status bar say so."""
    # where QSettings() reads, a file of this test's own: Qt fixes its folder at its first QSettings in a process
    # (an earlier test's $XDG_CONFIG_HOME in the whole suite: the clean-clone CI read rows_per_second 8, then
    # nothing), and the app's own name is shared by the suite's windows
    app_names.setApplicationName("RowReader-newer")
    conf = Path(QSettings().fileName())
    conf.parent.mkdir(parents=True, exist_ok=True)
    conf.write_text(NEWER, encoding="latin-1")
    try:
        window = shown(qtbot, MainWindow(user_dir=conf.parent / "mine", load_model=False))
        assert window.settings.value("scan/rows_per_second") == "3"  # what this version can read is read
        qtbot.waitUntil(lambda: "Settings cannot be saved" in window.status.shown, timeout=5_000)
        window.close()
        assert conf.read_text(encoding="latin-1") == NEWER
        err = capfd.readouterr().err
        assert f"{conf} holds 1 setting this RowReader cannot read (future)" in err, err
        conf.write_text("[General]\nold=@Invalid()\n\n[scan]\nrows_per_second=3\n", encoding="utf-8")
        assert app_settings().fileName() == str(conf)  # written so, as Qt writes nothing: a file as before
    finally:
        conf.unlink()
