"""The forty-eighth round of hostile testing, window5: pictures pasted from the system clipboard and dragged in from
another program, in a real window (Xvfb, openbox, xdotool, xclip, a PySide6 drag source in a process of its own),
and the floating "Inside the LSTM" dock; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import window_without_model
from PIL import Image
from PySide6.QtCore import QMimeData, QPoint, QPointF, Qt, QUrl
from PySide6.QtGui import QDragEnterEvent, QDropEvent

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
