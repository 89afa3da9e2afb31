"""A dock gets back the room a small window squeezed out of it once the window grows again.

Qt gives a window's new room to its central widget alone: shrunk to its narrowest (the "My examples" dock's
buttons one under the other, its thumbnails cut) a side dock stayed that narrow after the window grew back, and
"Inside the LSTM", squeezed by a short window, stayed a sliver.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDockWidget, QMainWindow

SIDES = (Qt.DockWidgetArea.LeftDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea)
ENDS = (Qt.DockWidgetArea.TopDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea)


class DockSizeKeeper(QObject):
    """Remembers the size the user gives ``dock`` by dragging its separator (at first: the size it is shown at, or
    ``least`` px if larger, by default the size it asks for): its width at the window's left or right, its height
    at the top or bottom. Whenever the window grows that way while the dock is smaller, it gets that back from what
    the window gains."""

    def __init__(self, window: QMainWindow, dock: QDockWidget, least: int | None = None) -> None:
        super().__init__(dock)
        self.window, self.dock = window, dock
        # a size given: the size first shown at, or that, is wanted even under the size hint. A window started at
        # its smallest showed "Inside the LSTM" a sliver at first, and it stayed one however large it grew then
        self.least = least
        self.wanted: dict[Qt.Orientation, int] = {}  # per orientation, once the dock is first laid out there
        self._window_size = window.size()
        self._grown_since_saved = QSize()  # see restored_into
        dock.installEventFilter(self)
        window.installEventFilter(self)

    def restored_into(self, grown: QSize) -> None:
        """The saved layout comes back in a window ``grown`` larger than the one it was saved in: the dock gets back
        what it wants from that room at its first layout, as if the window had grown under it. Saved at 200 % on a
        1600×1000 screen (a window of 784 px), "My examples" came back squeezed in the 1,100-px window of 100 %."""
        self._grown_since_saved = grown

    def _orientation(self) -> Qt.Orientation | None:
        """Along which the dock shares the window with the central widget; None when floating or hidden (not
        when only the window is yet to be shown: the dock's first size comes then)."""
        if self.dock.isHidden() or self.dock.isFloating():
            return None
        area = self.window.dockWidgetArea(self.dock)
        return Qt.Orientation.Horizontal if area in SIDES else Qt.Orientation.Vertical if area in ENDS else None

    @staticmethod
    def _along(size: QSize, orientation: Qt.Orientation) -> int:
        return size.width() if orientation == Qt.Orientation.Horizontal else size.height()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and (orientation := self._orientation()) is not None:
            if watched is self.dock:
                # the window's size unchanged: the separator was dragged (the mouse is down) or the dock appeared;
                # a window being resized has its new size already, so a squeeze never counts as wanted
                size = self._along(event.size(), orientation)
                unchanged = self._along(self.window.size(), orientation) == self._along(self._window_size, orientation)
                if orientation not in self.wanted:  # first shown, perhaps squeezed already: no separator was
                    # dragged yet, even with a button down (the app started by a click still held)
                    hint = self._along(self.dock.sizeHint(), orientation) if self.least is None else self.least
                    self.wanted[orientation] = max(size, hint)  # as large as it asks, or least
                    if (grown := self._along(self._grown_since_saved, orientation)) > 0:
                        QTimer.singleShot(0, self, lambda: self._give_back(orientation, grown))
                elif unchanged and QGuiApplication.mouseButtons() & Qt.MouseButton.LeftButton:
                    self.wanted[orientation] = size
            elif watched is self.window:
                grown = self._along(event.size(), orientation) - self._along(event.oldSize(), orientation)
                if grown > 0 and self._along(event.oldSize(), orientation) > 0:
                    QTimer.singleShot(0, self, lambda: self._give_back(orientation, grown))  # once the layout settled
        if watched is self.window and event.type() == QEvent.Type.Resize:
            self._window_size = event.size()
        return False

    def _give_back(self, orientation: Qt.Orientation, grown: int) -> None:
        if self._orientation() != orientation or (wanted := self.wanted.get(orientation)) is None:
            return
        size = self._along(self.dock.size(), orientation)
        if size < wanted:
            self.window.resizeDocks([self.dock], [min(wanted, size + grown)], orientation)
