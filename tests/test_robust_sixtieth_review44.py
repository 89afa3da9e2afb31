"""The sixtieth round of hostile testing, review44: pool1's and teach17's merges read for their edges. A window deleted
with calls of its own still queued, a TaskRunner given work off the UI thread, the teach dialog's quiet note. Each
defect is checked against the real objects, and each test was seen failing on the code before its fix."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSettings, QSize
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow


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
