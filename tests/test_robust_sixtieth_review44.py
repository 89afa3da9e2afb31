"""The sixtieth round of hostile testing, review44: pool1's and teach17's merges read for their edges. A window deleted
with calls of its own still queued, a TaskRunner given work off the UI thread, the teach dialog's quiet note. Each
defect is checked against the real objects, and each test was seen failing on the code before its fix."""

from __future__ import annotations

import sys
import threading

from gui_window import exposed, open_shipped_window, open_teach_dialog, until
from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtWidgets import QApplication

from gui import teach, workers
from gui.main_window import MainWindow
from gui.teach_process import TeachProcess
from gui.workers import TaskRunner


def test_a_window_deleted_with_its_deferred_layout_calls_queued_says_nothing(qtbot, tmp_path) -> None:
    """A panel floated and the window grown, then the window deleted before the event loop ran again (a test's
    teardown, an embedding program): the calls queued for "once laid out" ran on the deleted window and its panels,
    each printing "Internal C++ object (…) already deleted". They die with what they act on now."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine")  # not qtbot's: deleted here
    window.show()
    exposed(qtbot, window)
    window.heatmap_dock.setFloating(True)  # its Show, Move and Resize queue the keys' check (focus_chain)
    window.teaching.dock.show()
    window.teaching.dock.hide()  # queues the maps' return beside the drawing (window_room)
    window.resize(window.size() + QSize(40, 40))  # queues the docks' sizes given back (dock_size)
    window.close()
    QObject.deleteLater(window)
    QApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)  # as conftest's teardown deletes a test's windows
    with qtbot.captureExceptions() as raised:
        for _ in range(5):
            QApplication.processEvents()
    assert not raised, [str(value) for _, value, _ in raised]


def test_work_given_off_the_ui_thread_has_its_pool_let_go_and_so_do_later_ones(qtbot) -> None:
    """A TaskRunner given work from a Python thread: its pool's look was a timer of that thread, which has no event
    loop, so it never came, and as one look at a time is kept, no pool given work after it, on the UI thread too, was
    ever let go (each held for good, with its threads' objects). Its look comes on the UI thread now."""
    until(qtbot, lambda: not workers._looking, seconds=10)  # no look under way: the first is this test's
    off, later = TaskRunner(), TaskRunner()
    told: list[int] = []
    thread = threading.Thread(target=off.run, args=(lambda: 1, told.append, told.append))
    thread.start()
    thread.join()
    later.run(lambda: 2, told.append, told.append)
    gone: list[str] = []
    off._pool.destroyed.connect(lambda *_: gone.append("off"))
    later._pool.destroyed.connect(lambda *_: gone.append("later"))
    until(qtbot, lambda: sorted(told) == [1, 2])
    del off, later  # their pools held no more once idle: freed (on this thread)
    until(qtbot, lambda: sorted(gone) == ["later", "off"], seconds=5)


# a fine-tune whose start says nothing until told on its stdin (torch, the examples, the digits loading), then steps
SILENT_START = """
import json, sys
def say(**line):
    print(json.dumps(line), flush=True)
sys.stdin.readline()
say(event="start", examples=10, per_digit={}, warnings=[], left_out=0, copies=0)
say(event="progress", step=1, steps=40)
sys.stdin.readline()
"""


def test_a_slow_normal_start_is_not_said_to_be_quiet_a_stalled_step_still_is(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """A real fine-tune's start says nothing until torch, the examples and the digits are loaded: 82 s niced at a load
    of 8 on two cores (25 s at 2), and from its 33rd second every teach there said "No word from the fine-tune …: a
    busy computer or a slow disk can hold it up", aloud, of a start going as it should. The start is given
    QUIET_START_S now; a fine-tune quiet once stepping is still said so after QUIET_S."""
    monkeypatch.setattr(teach, "QUIET_S", 1)
    monkeypatch.setattr(TeachProcess, "start", lambda p: p.process.start(sys.executable, ["-c", SILENT_START]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    spoken: list[str] = []
    monkeypatch.setattr(teach, "announce", lambda _, text: spoken.append(text))
    until(qtbot, lambda: process.running)
    qtbot.wait(2500)  # past QUIET_S, starting
    assert "No word" not in dialog.status.text() and not spoken, dialog.status.text()
    process.process.write(b"go\n")
    until(qtbot, lambda: "step 1 of 40" in dialog.status.text())
    until(qtbot, lambda: "No word from the fine-tune for" in dialog.status.text())
    assert len(spoken) == 1 and spoken[0].startswith("No word from the fine-tune for 1 s")
    dialog.cancel_button.click()
    until(qtbot, lambda: not process.running, seconds=10)
