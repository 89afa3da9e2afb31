"""The sixtieth round of hostile testing, review44: pool1's and teach17's merges read for their edges. A window deleted
with calls of its own still queued, a TaskRunner given work off the UI thread, the teach dialog's quiet note. Each
defect is checked against the real objects, and each test was seen failing on the code before its fix."""

from __future__ import annotations

import threading

from gui_window import until
from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.workers import TaskRunner


def test_a_window_deleted_with_its_deferred_layout_calls_queued_says_nothing(qtbot, tmp_path) -> None:
    """A panel floated and the window grown, then the window deleted before the event loop ran again (a test's
    teardown, an embedding program): the calls queued for "once laid out" ran on the deleted window and its panels,
    each printing "Internal C++ object (…) already deleted". They die with what they act on now."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine")  # not qtbot's: deleted here
    window.show()
    qtbot.waitExposed(window)
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
