"""A side dock gets back the width a narrow window squeezed out of it once the window grows again.

Qt gives a window's new width to its central widget alone: shrunk to its narrowest (the "My examples" dock's
buttons one under the other, its thumbnails cut), a dock stayed that narrow after the window grew back.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)


class DockWidthKeeper(QObject):
    """Remembers the width the user gives ``dock`` by dragging its separator (at first: the width it asks for, or
    is shown at if wider) and gives it back, from what the window gains, whenever the window grows while the dock
    is narrower."""

    def __init__(self, window: QMainWindow, dock: QDockWidget) -> None:
        super().__init__(dock)
        self.window, self.dock = window, dock
        self.wanted: int | None = None  # None until the dock is first laid out on screen
        self._window_width = window.width()
        dock.installEventFilter(self)
        window.installEventFilter(self)

    def _beside(self) -> bool:
        """Docked at the window's left or right, so its width is shared with the central widget."""
        return self.dock.isVisible() and not self.dock.isFloating() and self.window.dockWidgetArea(self.dock) in SIDES

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and self._beside():
            if watched is self.dock:
                # the window's width unchanged: the separator was dragged (the mouse is down) or the dock appeared;
                # a window being resized has its new width already, so a squeeze never counts as wanted
                dragged = bool(QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton)
                if self.window.width() == self._window_width and dragged:
                    self.wanted = event.size().width()
                elif self.wanted is None:  # first shown, perhaps squeezed already: as wide as it asks, room allowing
                    self.wanted = max(event.size().width(), self.dock.sizeHint().width())
            elif watched is self.window:
                grown = event.size().width() - event.oldSize().width()
                if grown > 0 and event.oldSize().width() > 0:
                    QTimer.singleShot(0, lambda: self._widen(grown))  # once the window's layout has settled
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self._window_width = event.size().width()
        return False

    def _widen(self, grown: int) -> None:
        if self.wanted is None or not self._beside():
            return
        width = self.dock.width()
        if width < self.wanted:
            self.window.resizeDocks([self.dock], [min(self.wanted, width + grown)], Qt.Orientation.Horizontal)
