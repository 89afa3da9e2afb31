"""The forty-eighth round of hostile testing, window5: pictures pasted from the system clipboard and dragged in from
another program, in a real window (Xvfb, openbox, xdotool, xclip, a PySide6 drag source in a process of its own),
and the floating "Inside the LSTM" dock; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import settled, shown, window_without_model
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, QRect, QSettings, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QScreen
from PySide6.QtWidgets import QApplication

from gui.main_window import MainWindow
from gui.screen_room import FRAME_ROOM

COPY, MOVE = Qt.DropAction.CopyAction, Qt.DropAction.MoveAction
LEFT = Qt.MouseButton.LeftButton


def _picture_file(tmp_path: Path) -> Path:
    """A 1 drawn dark on white, as a scan or a saved drawing is."""
    pixels = np.full((200, 200), 255, np.uint8)
    pixels[30:170, 91:109] = 0
    path = tmp_path / "one.png"
    Image.fromarray(pixels).save(path)
    return path


def test_a_picture_dropped_is_taken_as_a_copy_so_its_source_keeps_it(qtbot, tmp_path) -> None:
    """A file dragged from another program (a PySide6 drag offering Copy and Move, as file managers and editors do)
    and dropped on the window came back to its source as a Move under X11 (the proposed action, taken as it was;
    so with Shift held anywhere): a source is to delete what it moved, and the window only reads the picture. The
    drop is taken as a Copy whatever is proposed, and a drag that offers only Move is not taken at all."""
    window = window_without_model(qtbot, tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_picture_file(tmp_path)))])
    point = QPointF(window.canvas.geometry().center())
    shift = Qt.KeyboardModifier.ShiftModifier  # proposes Move where Copy and Move are offered
    entering = QDragEnterEvent(point.toPoint(), COPY | MOVE, mime, LEFT, shift)
    window.dragEnterEvent(entering)
    assert entering.isAccepted() and entering.dropAction() == COPY
    drop = QDropEvent(point, COPY | MOVE, mime, LEFT, shift)
    assert drop.proposedAction() == MOVE
    window.dropEvent(drop)
    assert drop.isAccepted() and drop.dropAction() == COPY
    qtbot.waitUntil(lambda: window.session.source == "one.png", timeout=5_000)
    only_move = QDragEnterEvent(QPoint(50, 50), MOVE, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    only_move.setAccepted(False)
    window.dragEnterEvent(only_move)
    assert not only_move.isAccepted()


def test_a_screen_made_smaller_under_the_window_brings_it_and_its_floating_maps_back_onto_it(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """The screen made smaller while the app runs (xrandr from 1600×1000 to 1280×800 in Xvfb, as a laptop's lid
    closed on its monitor): the window (1100 × 740 at 251, 147) kept its status bar and the chart's foot below the
    edge, and "Inside the LSTM" floated over the chart's foot lay half off the screen, its maps out of reach. Once
    the screen's free area changes, the window is fitted into it as at a start, and the floating maps with it."""
    free = QRect(0, 0, 1600, 1000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, user_dir=tmp_path / "mine", load_model=False)
    window.setGeometry(251, 167, 1100, 720)
    shown(qtbot, window)
    maps = window.heatmap_dock
    maps.setFloating(True)
    qtbot.waitUntil(lambda: maps.isFloating() and maps.isVisible())
    settled(qtbot, maps.frameGeometry)
    maps.move(maps.x(), window.frameGeometry().bottom() - maps.frameGeometry().height())  # over the chart's foot
    assert free.contains(window.frameGeometry()) and free.contains(maps.frameGeometry())
    free = QRect(0, 0, 1280, 800)
    window.screen().availableGeometryChanged.emit(free)
    qtbot.waitUntil(lambda: free.contains(window.frameGeometry()), timeout=3_000)
    assert window.size().boundedTo(free.size() - FRAME_ROOM) == window.size()
    qtbot.waitUntil(lambda: free.contains(maps.frameGeometry()), timeout=3_000)


def test_a_picture_dropped_on_a_dock_in_a_window_of_its_own_is_read(qtbot, tmp_path: Path) -> None:
    """A picture dragged from another program onto "Inside the LSTM" floating in a window of its own (beside the
    window, or over its chart for want of room) was refused without a word, the drag's cursor saying no, where the
    same drop on the maps docked opened it: a dock's window is no child of the main window, and only the main window
    took drops. A drop on either dock, docked or in a window of its own, is the main window's, taken as a Copy."""
    window = window_without_model(qtbot, tmp_path)
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(_picture_file(tmp_path)))])
    dock = window.heatmap_dock
    dock.show()
    dock.setFloating(True)
    qtbot.waitUntil(lambda: dock.isFloating() and dock.isVisible())
    point = QPointF(window.heatmap.rect().center())
    entering = QDragEnterEvent(point.toPoint(), COPY | MOVE, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    entering.setAccepted(False)
    QApplication.sendEvent(window.heatmap, entering)  # where the pointer is: over the maps
    assert entering.isAccepted() and entering.dropAction() == COPY
    drop = QDropEvent(point, COPY | MOVE, mime, LEFT, Qt.KeyboardModifier.NoModifier)
    drop.setAccepted(False)
    QApplication.sendEvent(window.heatmap, drop)
    assert drop.isAccepted() and drop.dropAction() == COPY
    qtbot.waitUntil(lambda: window.session.source == "one.png", timeout=5_000)


class _Unanswered(QMimeData):
    """The clipboard as Qt's X11 clipboard gives it while the program that copied stops answering (xclip stopped):
    every question about it waits out Qt's clipboard timeout (5 s) and finds nothing; here, counted instead."""

    def __init__(self) -> None:
        super().__init__()
        self.asked = 0

    def formats(self) -> list[str]:
        self.asked += 1
        return []

    def hasFormat(self, mimetype: str) -> bool:
        self.asked += 1
        return False

    def retrieveData(self, mimetype: str, preferred_type):
        self.asked += 1
        return None


def test_a_paste_from_a_program_that_does_not_answer_asks_the_clipboard_once(qtbot, tmp_path: Path) -> None:
    """Ctrl+V while the program that copied had stopped answering (xclip with SIGSTOP, in Xvfb) held the window
    over 95 s without a word: Qt's X11 clipboard waits 5 s for each question, and the paste asked seven here (is
    text 15 s, is a picture over 75 s). It asks for the formats once (5 s there), and with none, says so."""
    window = window_without_model(qtbot, tmp_path)
    unanswered = _Unanswered()
    QApplication.clipboard().setMimeData(unanswered)
    try:
        window.pictures.paste()
    finally:
        QApplication.clipboard().clear()  # the clipboard lets it go while Python is there to
    assert unanswered.asked == 1
    assert window.last_error is not None and window.last_error[0] == "Nothing to paste"
