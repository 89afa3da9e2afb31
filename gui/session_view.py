"""The one way a panel follows the :class:`DigitSession`: subscribe, refresh from its state, paint on demand."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QSizePolicy, QWidget

from rowreader.session import DigitSession, Event


class SessionView(QWidget):
    """A panel that shows part of a session and redraws when the session changes.

    Subclasses set the class attributes below, implement :meth:`refresh` (copy what they show out of the
    session, then ``update()``) and :meth:`_paint`. The constructor subscribes and refreshes once, so a
    subclass sets up the state its ``refresh`` and ``_paint`` use *before* calling ``super().__init__``.
    """

    MINIMUM_SIZE: tuple[int, int]
    SIZE_HINT: tuple[int, int]
    SIZE_POLICY = (QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
    TOOLTIP: str

    def __init__(self, session: DigitSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.paint_count = 0  # for tests and the latency benchmark
        self.setSizePolicy(*self.SIZE_POLICY)
        self.setMinimumSize(*self.MINIMUM_SIZE)
        self.setToolTip(self.TOOLTIP)
        unsubscribe = session.subscribe(self._on_session)
        self.destroyed.connect(lambda *_: unsubscribe())  # the session outlives its views
        self.refresh()

    def _on_session(self, event: Event) -> None:
        if event in ("image", "player"):
            return  # a "rows" event follows a new image at once; the mode alone changes nothing shown
        self.refresh()

    def refresh(self) -> None:
        """Read what this view shows from the session and schedule a repaint."""
        raise NotImplementedError

    def sizeHint(self) -> QSize:
        return QSize(*self.SIZE_HINT)

    def paintEvent(self, event: QPaintEvent) -> None:
        self.paint_count += 1
        with QPainter(self) as painter:  # ends the painter even if drawing fails
            self._paint(painter)

    def _paint(self, painter: QPainter) -> None:
        raise NotImplementedError
