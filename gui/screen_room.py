"""How much of its screen a window may take: the main window, the dialogs and the text boxes are fitted into it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QWidget

FRAME_ROOM = QSize(16, 48)  # what the window manager's frame and title bar take beside the window itself


def screen_room(widget: QWidget) -> QSize:
    """The largest size ``widget``'s window may have on its screen's free area (less the panels and docks)."""
    return widget.screen().availableGeometry().size() - FRAME_ROOM
