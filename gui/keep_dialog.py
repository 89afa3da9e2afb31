"""The "Keep as example" dialog: which digit is this drawing? Its keys are taken wherever they land."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QKeyEvent, QPalette, QWindow
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from gui.theme import selected_colours
from rowreader.example_folder import a_digit
from rowreader.model import CLASSES


def _answers(event: QKeyEvent) -> bool:
    """Whether a key answers the Keep dialog: a digit, Enter or Esc, without Ctrl or Alt."""
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    text = event.text()
    answer = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
    return (len(text) == 1 and text.isdecimal()) or event.key() in answer


def checked_digit(palette: QPalette) -> str:
    """The style of the digit selected in the Keep dialog: Fusion draws a checked button 10 % darker, 1.15:1 against
    the others in the dark palette (1.26:1 in the light one), and "Its true label is selected" showed none. Filled in
    :func:`~gui.theme.selected_colours` of ``palette`` (the palette's own selection colour was 1.3:1 from the other
    digits on Adwaita-dark); with the keys on it ringed inside in its text's colour (the style sheet took Fusion's
    focus frame away)."""
    fill, text = (colour.name() for colour in selected_colours(palette))
    return (
        f"QPushButton:checked {{ background: {fill}; color: {text}; border: 1px solid {fill}; border-radius: 3px; }}"
        f" QPushButton:checked:focus {{ border: 2px solid {text}; }}"
    )


class KeepExampleDialog(QDialog):
    """Which digit is this? Ten buttons (or the digit keys), the true label preselected where it is known (a test
    digit), else the model's guess; Enter keeps it."""

    withdrawn = Signal()  # closed unanswered because the drawing changed (see withdraw)

    def __init__(
        self,
        guess: int | None,
        on_keep: Callable[[int], None],
        parent: QWidget | None = None,
        known: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keep as example")
        self._on_keep = on_keep
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        checked = checked_digit(self.palette())
        for digit in range(CLASSES):
            button = QPushButton(str(digit))
            button.setCheckable(True)
            # one choice of ten: Qt tells a screen reader an auto-exclusive button as a radio button, any other
            # checkable one as a check box ("7, check box, checked"); the group keeps them exclusive as before
            button.setAutoExclusive(True)
            button.setAutoDefault(False)  # Enter on it keeps the drawing as this digit (keyPressEvent), not selects it
            button.setStyleSheet(checked)
            button.setFixedWidth(self.fontMetrics().horizontalAdvance("00") + 20)
            button.setToolTip(f"This is {a_digit(digit)} (key {digit})")
            self.group.addButton(button, digit)
            row.addWidget(button)
        # which digit is selected, in words: a screen reader, its keys on Keep, heard "The model's guess is selected"
        # and never which (Tab reached the "0" only: see focusNextPrevChild); kept true as the choice changes
        self._first = known if known is not None else guess
        self._whose = "Its true label" if known is not None else "The model's guess"
        if self._first is not None:
            self.group.button(self._first).setChecked(True)
        # a test digit (Ctrl+R) was asked of as drawn by the user, who never drew it
        self._question = "Which digit did you draw?" if known is None else "Which digit is it?"
        self.text = QLabel()
        self.text.setWordWrap(True)
        self._say_selected()
        self.group.idToggled.connect(lambda digit, checked: checked and self._say_selected())
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Keep")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def _say_selected(self) -> None:
        """The question, and on a line of its own which digit is selected: "Its true label is selected: 7.", or once
        another is chosen "Selected: 2. Its true label is 7."."""
        chosen = self.label
        if chosen is None:
            hint = "Pick the digit you drew."
        elif chosen == self._first:
            hint = f"{self._whose} is selected: {chosen}."
        else:
            hint = (
                f"Selected: {chosen}. {self._whose} is {self._first}."
                if self._first is not None
                else f"Selected: {chosen}."
            )
        self.text.setText(f"{self._question} Press its key or click it.\n{hint}")

    def withdraw(self) -> None:
        """The drawing asked about changed: close unanswered (its answer would keep the new drawing under the old
        one's digit), and say so: the question went without a word, the drawing not kept."""
        if self.isVisible():
            self.reject()
            self.withdrawn.emit()

    @property
    def label(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked >= 0 else None

    def open(self) -> None:
        """Shown without blocking the window, the keys that answer it taken wherever they land: Ctrl+K and a digit
        typed at once reached the window before the window manager gave the dialog the focus, and the window,
        blocked by the modal dialog, dropped the digit; the model's guess stayed selected, so Enter kept the
        drawing under the wrong digit (8 of 8 here, with xdotool)."""
        QApplication.instance().installEventFilter(self)
        self.show()

    def done(self, result: int) -> None:
        QApplication.instance().removeEventFilter(self)
        super().done(result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A digit, Enter or Esc pressed in the window is this dialog's (Esc cleared the drawing asked about)."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not _answers(event):
            return False
        if watched is self.windowHandle() or (isinstance(watched, QWidget) and watched.window() is self):
            return False  # its own: handled as ever
        if not isinstance(watched, QWidget | QWindow):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut of the window (Clear on Esc) takes it; the key press comes here
            return True
        self.keyPressEvent(event)
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab and Shift+Tab into the digits land on the one selected: Qt lets one button of an exclusive group take
        Tab, the first in the chain, so the keys landed on "0" ("0, check box, not checked") with 7 selected, the 7
        never heard, and Enter there kept the drawing as a 0. The arrows still move along the row."""
        moved = super().focusNextPrevChild(next)
        checked = self.group.checkedButton()
        if moved and checked is not None and self.focusWidget() in self.group.buttons():
            reason = Qt.FocusReason.TabFocusReason if next else Qt.FocusReason.BacktabFocusReason
            checked.setFocus(reason)
        return moved

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if len(text) == 1 and text.isdecimal():  # isdigit() also takes '²', which int() refuses
            self.group.button(int(text)).setChecked(True)
            self.accept()  # a digit key answers the question
            return
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focused in self.group.buttons():
            focused.setChecked(True)  # Tab to a digit and Enter: that digit (it selected it and kept nothing)
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.label is None:
            return
        super().accept()
        self._on_keep(self.label)
