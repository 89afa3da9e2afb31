"""The fifty-third round of hostile testing, window10: the app in a real window (Xvfb, openbox, xdotool) over what
this round changed. speed4 moved the Models menu's reading of the model files onto a pool of the menu's own; a window
closed while that reading went on (a 40-million-dimension header, 2.5 s; a mount that does not answer, for good)
left the process behind it, its pool's destructor waiting for the reading."""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

from gui_window import open_shipped_window
from PySide6.QtCore import QPoint

import gui.models_menu as models_menu
from gui.models_menu import READ_NOW, STILL_READING

# The app as started from a menu, its Models menu opened at once over a taught model whose reading runs on (a big
# header parsed, Python code all the while), and closed half a second later, as Ctrl+Q closes it.
READING_APP = """
import time
import gui.main_window as main_window
import gui.models_menu as models_menu
from PySide6.QtCore import QPoint, QTimer

def parsed(path):
    print("reading", flush=True)
    end = time.monotonic() + 20
    while time.monotonic() < end:
        pass

models_menu._read_note = parsed
shown = main_window.MainWindow.show

def show(self):
    shown(self)
    QTimer.singleShot(0, lambda: self.teaching.models_menu.popup(QPoint(0, 0)))
    QTimer.singleShot(500, self.close)

main_window.MainWindow.show = show
from gui.__main__ import main
raise SystemExit(main([]))
"""


def test_fifty_third_window10_a_close_while_the_models_menu_reads_ends_the_app_without_a_word(tmp_path) -> None:
    """Ctrl+Q while the Models menu read a 15.8 MB header (the real window, Python 3.11): the process ended with
    "Qt Concurrent has caught an exception thrown from a worker thread. This is not supported, …" on stderr, Python's
    end cutting the menu's reading thread under Qt's pool (the window's own unfinished work was left by
    ``os._exit``, the menu's not). It ends as a close leaves the window's own work: at once, saying nothing."""
    home = tmp_path / "home"
    models = home / ".local" / "share" / "RowReader" / "models"
    models.mkdir(parents=True)
    (models / "mine-20261205-235500-abcdef.safetensors").write_bytes(b"held")
    env = {**os.environ, "HOME": str(home), "QT_QPA_PLATFORM": "offscreen", "PYTHONUNBUFFERED": "1"}
    env.pop("XDG_DATA_HOME", None)
    app = subprocess.Popen([sys.executable, "-c", READING_APP], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    watchdog = threading.Timer(60, app.kill)  # a start that fails, or a close that hangs, ends the test too
    watchdog.start()
    try:
        assert app.stdout is not None
        assert app.stdout.readline() == b"reading\n", "the menu did not read"
        began = time.monotonic()
        _, err = app.communicate(timeout=60)
        ended = time.monotonic() - began
    finally:
        watchdog.cancel()
        app.kill()
        app.wait()
    assert app.returncode == 0 and ended < 10, (app.returncode, ended, err)
    assert b"worker thread" not in err, err.decode()


def test_fifty_third_window10_the_models_menu_filled_in_keeps_each_item_under_the_pointer(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Seen in the real window: the menu opened while a changed model file was read showed the last look under
    "Still reading the model files…"; the reading ended, the menu still open, and that first item went, every item
    below it moving up a row: the pointer resting on "Yours: mine-…" now lay on the next model, and a click chose that
    one. The rows now stay where they were: the first item says the files were read."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    taught = user / "models" / "mine-20261205-235500-abcdef.safetensors"
    taught.parent.mkdir(parents=True)
    taught.write_bytes(b"one")
    menu = window.teaching.models_menu
    menu.popup(QPoint(0, 0))  # the first look, read at once
    qtbot.waitUntil(lambda: STILL_READING not in [a.text() for a in menu.actions()], timeout=10_000)
    menu.hide()
    read, held = models_menu._read_note, threading.Event()

    def slow(path: Path) -> tuple[dict, str]:
        held.wait(10)
        return read(path)

    monkeypatch.setattr(models_menu, "_read_note", slow)
    taught.write_bytes(b"changed")  # read again at the next opening, slowly
    menu.popup(QPoint(0, 0))
    assert menu.actions()[0].text() == STILL_READING
    (yours,) = (a for a in menu.actions() if a.text().startswith("Yours: "))
    pointer = menu.actionGeometry(yours).center()
    held.set()
    qtbot.waitUntil(lambda: STILL_READING not in [a.text() for a in menu.actions()], timeout=10_000)
    assert menu.actions()[0].text() == READ_NOW
    under = menu.actionAt(pointer)
    assert under is not None and under.text().startswith("Yours: "), under and under.text()
    menu.hide()
