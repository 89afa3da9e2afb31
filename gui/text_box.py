"""A box of rich text with a Close button that is never larger than the screen: what does not fit scrolls.

Message boxes grow with their text. At 200 % on a 1400 × 900 screen (700 × 450 logical pixels) the Keyboard
shortcuts box (24 commands in one column) was taller than the screen, and at 200 % on a 1366 × 768 laptop the
About box was 974 px tall: their buttons, and About's licence line, lay below the edge.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QSize, Qt
from PySide6.QtGui import QFocusEvent, QPainter, QPaintEvent, QResizeEvent, QTextDocument
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

from gui.screen_room import screen_room
from gui.theme import paint_focus_frame

ROOM_FOR_SCROLLING = 40  # px a layout needs beside the text (margins, a scroll bar) to count as fitting


class _FocusFrame(QWidget):
    """A frame in the highlight colour, drawn over its scroll area and clear of the mouse."""

    def __init__(self, area: QScrollArea) -> None:
        super().__init__(area)
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        self.hide()

    def paintEvent(self, event: QPaintEvent) -> None:
        with QPainter(self) as painter:
            paint_focus_frame(painter, self.width(), self.height(), self.palette())


class TextArea(QScrollArea):
    """A text that scrolls, frameless, and framed in the highlight colour while it has the keys (Tab gives it them,
    so that the arrows and Page Up/Down scroll it): drawn without a frame, Tab went from the Close button of the
    Keyboard shortcuts and About boxes, and from the teach dialog's buttons, to nothing seen. The frame lies over the
    text's edge, so nothing is laid out anew (the teach dialog is measured to the pixel on small screens)."""

    def __init__(self, text: QLabel, name: str) -> None:
        """``name``: what a screen reader says of it when Tab gives it the keys (a scroll area has no text of its
        own: it said nothing of what had them)."""
        super().__init__()
        self.setAccessibleName(name)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setWidget(text)
        self.setWidgetResizable(True)
        self._frame = _FocusFrame(self)

    def set_text(self, text: str) -> None:
        """Its label's text, said anew: set on the label alone while the area had the keys (new teach warnings), a
        screen reader went on saying the old text."""
        self.widget().setText(text)
        self._say_text()

    def _say_text(self) -> None:
        # its text, plain, said after its name: the text is a label inside, which a screen reader never reached, so
        # Tab to the teach dialog's warnings said "Warnings from the teach" and not one warning
        label = self.widget()
        said = label.text()
        if label.textFormat() != Qt.TextFormat.PlainText:
            document = QTextDocument()
            document.setHtml(said)
            said = document.toPlainText()
        self.setAccessibleDescription(said)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self._say_text()  # as it takes the keys too: its label's text may have been set on the label itself
        super().focusInEvent(event)
        self._frame.setGeometry(self.rect())
        self._frame.raise_()
        self._frame.show()

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self._frame.hide()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._frame.setGeometry(self.rect())


def wrap_width(parent: QWidget, wrap_at: int) -> int:
    """The width a box's prose wraps at: ``wrap_at`` px, or less on a narrow screen."""
    return min(wrap_at, screen_room(parent).width() - ROOM_FOR_SCROLLING)


class TextBox(QDialog):
    """Not modal (it may stay open beside the window); Esc, Enter and Close close it."""

    def __init__(self, parent: QWidget, title: str, layouts: Sequence[str], wrap_at: int | None = None) -> None:
        """``layouts``: the same text laid out from widest to narrowest (the shortcuts in two columns, then one);
        the first that fits the screen's width is shown. ``wrap_at``: wrap the text at this width (prose), else
        each line is as wide as it needs."""
        super().__init__(parent)
        self.setWindowTitle(title)
        self.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        room = screen_room(parent)
        self.label = QLabel()
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)  # to copy a citation
        self.label.setContentsMargins(6, 6, 6, 6)
        self.label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        if wrap_at is not None:
            self.label.setWordWrap(True)
            self.label.setText(layouts[0])
            width = wrap_width(parent, wrap_at)
            text_size = QSize(width, self.label.heightForWidth(width))
        else:
            for text in layouts:
                self.label.setText(text)
                if self.label.sizeHint().width() + ROOM_FOR_SCROLLING <= room.width():
                    break
            text_size = self.label.sizeHint()
        scroll = TextArea(self.label, title)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        self.close_button.setDefault(True)  # Enter closes it too
        layout = QVBoxLayout(self)
        layout.addWidget(scroll)
        layout.addWidget(buttons)
        bar = scroll.verticalScrollBar().sizeHint().width()
        wanted = text_size + QSize(bar + 24, buttons.sizeHint().height() + layout.spacing() + 24)
        self.resize(wanted.boundedTo(room))

    def text(self) -> str:
        return self.label.text()

    def open(self) -> None:
        """Shown, Close focused. The same box (same title) still open is replaced, its place kept: F1 or Help ▸
        About pressed again stacked a second copy on the first, and a third, each to be closed."""
        for other in self.parentWidget().findChildren(TextBox):
            if other is not self and other.windowTitle() == self.windowTitle() and other.isVisible():
                self.move(other.pos())
                other.close()
        self.show()
        self.close_button.setFocus()
