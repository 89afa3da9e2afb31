"""The toolbar's number boxes (brush width, scan speed) as a person types into them.

A number typed past the box's range is taken as its limit, one with decimals ("24.5", "1,5") or a power of ten
("1e3") as the nearest whole one, and said (``NumberBox.clamped``, which the window puts in its status bar); PageUp
and PageDown step the box, not the window's rows, while it has the keys; Esc leaves the box instead of clearing the
drawing, and Tab goes on from it to the drawing (``LeavingTheBox``); Ctrl+Z and Ctrl+Shift+Z step back and on
through what was typed; the speed box steps by ×1.5 (``SpeedBox``).
gui/actions.py makes the two boxes and puts them in the toolbar.
"""

from __future__ import annotations

import math
from decimal import Decimal, InvalidOperation

from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import QKeyEvent, QKeySequence, QValidator
from PySide6.QtWidgets import QSpinBox, QWidget

from rowreader.player import faster, slower

PAGE_KEYS = (Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)


def speed_suffix(rows_per_second: float) -> str:
    return " row/s" if rows_per_second == 1 else " rows/s"


# a decimal point or comma as typed: full-width ones (a Japanese or Chinese input method left on) and the Arabic
# decimal separator were refused as letters, so "２４．５" went in as ２４５, the widest brush
_POINTS = str.maketrans(dict.fromkeys(",．，٫", "."))
_SIGNS = ("-", "+", "\N{MINUS SIGN}")  # a sign may begin a number: "-5" went in as 5, its minus refused unsaid


class NumberBox(QSpinBox):
    """A toolbar number box that takes a number typed past its range as its limit, and says so (``clamped``):
    typing 100 in the speed box (1–56) refused the third digit and left 10, without a word."""

    clamped = Signal(str, int)  # the number as typed, the number used instead
    refused = Signal(str)  # what a key would have put in the box, not part of a number ("" for a key of no text)

    def __init__(self) -> None:
        super().__init__()
        self._refusing = False  # whether a key pressed is being refused (see keyPressEvent)
        # what the box showed before each edit (its text, the cursor), and after each undone: see keyPressEvent
        self._undos: list[tuple[str, int]] = []
        self._redos: list[tuple[str, int]] = []
        self.editingFinished.connect(self._undos.clear)
        self.editingFinished.connect(self._redos.clear)

    def validate(self, text: str, pos: int) -> object:
        state, text, pos = super().validate(text, pos)
        # Enter (or leaving the box) then calls fixup; a point or a sign alone begins ".5" or "-5", as "24." "24.5"
        if state == QValidator.State.Invalid and (
            self._typed(text) is not None or _begun(self._as_typed(text).translate(_POINTS))
        ):
            return QValidator.State.Intermediate, text, pos
        self._refusing |= state == QValidator.State.Invalid
        return state, text, pos

    def keyPressEvent(self, event: QKeyEvent) -> None:
        """A key the box refuses (a letter, the "x" of "0x10") is said (``refused``): Qt dropped it unseen, and
        "0x10" went in as 10 without a word. Ctrl+Z and Ctrl+Shift+Z step back and on through what was typed, kept
        here: Qt's own undo is lost whenever the box writes itself anew (``setSuffix``, or a number typed over all
        of "4 px", ending and all, as a triple click selects it), and Ctrl+Z then did nothing, the 4 gone."""
        edit = self.lineEdit()
        if event.matches(QKeySequence.StandardKey.Undo) or event.matches(QKeySequence.StandardKey.Redo):
            back, on = (
                (self._undos, self._redos)
                if event.matches(QKeySequence.StandardKey.Undo)
                else (self._redos, self._undos)
            )
            if back:
                on.append((edit.text(), edit.cursorPosition()))
                self._show_typed(*back.pop())
            else:  # nothing typed to step through: Qt's own undo, of a paste or a drop made with the mouse
                super().keyPressEvent(event)
            event.accept()
            return
        shown = (edit.text(), edit.cursorPosition())
        self._refusing = False
        super().keyPressEvent(event)
        if self._refusing:
            self.refused.emit(event.text() if event.text().isprintable() else "")
        # the value written (Enter, an arrow) is no edit of what was typed
        if edit.text() not in (shown[0], self._written(self.value())):
            self._undos.append(shown)
            self._redos.clear()

    def _show_typed(self, text: str, cursor: int) -> None:
        """``text`` in the box as it was shown, the cursor at ``cursor``."""
        self.lineEdit().setText(text)
        self.lineEdit().setCursorPosition(cursor)

    def fixup(self, text: str) -> str:
        typed = self._typed(text)
        if typed is None:
            if _begun(self._as_typed(text).translate(_POINTS)):  # "-" then Enter: the box went back unsaid
                self.refused.emit("")
            return text
        # 24.5 is 25, as a person rounds; a number past every box's range may be infinity (float("9" * 400))
        used = self.maximum() if typed >= self.maximum() else max(math.floor(typed + 0.5), self.minimum())
        # digits Qt does not take (Arabic-Indic "١٢", typed in the range) were "taken as 12"; a number a float
        # holds as a whole one ("24.0000000000000001" is 24.0) was taken as it without a word
        if used != typed or number_exactly(self._as_typed(text)) != used:
            self.clamped.emit(self._as_typed(text), used)
        return self._written(used)

    def _written(self, value: int) -> str:
        """``value`` as the box writes it, with its prefix and suffix: the one definition of what Enter, Esc and
        a number typed past the range leave in the box."""
        return self.prefix() + self.textFromValue(value) + self.suffix()

    def sizeHint(self) -> QSize:
        return self._with_a_decimal(super().sizeHint())

    def minimumSizeHint(self) -> QSize:
        return self._with_a_decimal(super().minimumSizeHint())

    def _with_a_decimal(self, size: QSize) -> QSize:
        """``size`` widened for a number typed with one decimal, past the widest in range: Qt sizes the box for the
        numbers it shows, and "24.5 px" (45 px) was typed into 38 px of room, seen as "24.5|p"; "12.5 rows/s" (69 px)
        into 61. Less (its space, which Qt adds, taken off) left the speed's 69 px 68."""
        return QSize(size.width() + self.fontMetrics().horizontalAdvance(".5"), size.height())

    def show_value(self) -> None:
        """The box's value back in it, what was typed dropped (Esc)."""
        self.lineEdit().setText(self._written(self.value()))

    def event(self, event: QEvent) -> bool:
        # PageUp and PageDown step a number box by ten, as in any spin box: the window's 7-rows-back and -on
        # shortcuts took them while the box had the keys
        if event.type() == QEvent.Type.ShortcutOverride and isinstance(event, QKeyEvent) and event.key() in PAGE_KEYS:
            event.accept()
            return True
        return super().event(event)

    def _as_typed(self, text: str) -> str:
        """The number in ``text`` as it was typed, without the box's prefix and suffix (its suffix may have changed
        as it was typed)."""
        return text.removeprefix(self.prefix()).strip().split(" ")[0]

    def _typed(self, text: str) -> float | None:
        """The number in ``text`` (see :func:`number_typed`), without the box's prefix and suffix."""
        return number_typed(self._as_typed(text))


def number_typed(text: str) -> float | None:
    """The number ``text`` is, whole, with a decimal point or comma ("24.5", "1,5", "24." half typed) or a power of
    ten ("1e3", "1e" half typed), if it is one; infinity for one too large for a float. The box refused the point:
    "24.5" went in as 245, the widest brush, "1.5" as 15 rows/s; and the "e": "1e3" went in as 13 without a word. It
    took six digits at most: a seventh was dropped unseen, and "1234567" was said "123456 was taken as 64". A point
    may begin it: ".5" went in as 5 rows/s, ten times the half typed, without a word (the point refused)."""
    written = _number_written(text)
    return None if written is None else float(written)


def number_exactly(text: str) -> Decimal | float | None:
    """The number ``text`` is (see :func:`number_typed`) exactly, not as a float holds it: "24.0000000000000001"
    is 24.0 as a float, and was taken as 24 without a word. A power of ten past what Decimal reads (over 18
    digits) stays the float's infinity or zero, neither a number a box takes as it is."""
    written = _number_written(text)
    if written is None:
        return None
    try:
        return Decimal(written)
    except InvalidOperation:
        return float(written)


def _begun(text: str) -> bool:
    """Whether ``text`` is a number's start that is not yet one: a point or a sign alone, or a sign and a point."""
    return text != "" and (text[1:] if text.startswith(_SIGNS) else text) in ("", ".")


def _number_written(text: str) -> str | None:
    """``text`` written as a number Python reads ("1,5" as "1.5e0", "−5" as "-5.0e0"), if it is one."""
    sign = "" if not text.startswith(_SIGNS) or text[0] == "+" else "-"
    text = text[1:] if text.startswith(_SIGNS) else text
    number, _, power = text.translate(_POINTS).casefold().partition("e")
    whole, _, part = number.partition(".")
    if not (whole or part) or any(digits and not digits.isdecimal() for digits in (whole, part)):
        return None  # isdecimal, not isdigit: "²" is a digit float() does not read
    # one sign at most: "1e-+5" was read past this check, and float() raising inside Qt's validate ended the app
    digits = power[1:] if power.startswith(("-", "+")) else power
    if digits and not digits.isdecimal():
        return None
    return f"{sign}{whole}.{part or 0}e{power if digits else 0}"


def typed_whole_number(text: str) -> bool:
    """Whether ``text`` is a whole number as typed ("12", "1e3", "1e400"), not one with a part of one ("24.5",
    "1e-1"): the number box's message said "in whole numbers" of "1e3", read as if 1,000 were not one. Exactly as
    typed: "1e-400" and "24.0000000000000001" (0.0 and 24.0 as floats) were said as if whole."""
    number = number_exactly(text)
    if isinstance(number, Decimal):
        return number == number.to_integral_value()
    return number is not None and (number.is_integer() or math.isinf(number))


class SpeedBox(NumberBox):
    """Scan speed: arrows and wheel multiply or divide by 1.5 (8 → 12 → 18 …); "1 row/s" but "2 rows/s", of the
    number typed as of the value: typed "12.5" read "12.5 row/s" until Enter, the ending of the 1 before."""

    def __init__(self) -> None:
        super().__init__()
        self.valueChanged.connect(self._show_ending)
        self.editingFinished.connect(self._show_ending)  # what was typed dropped (left the box half typed)
        self.lineEdit().textEdited.connect(self._ending_as_typed)

    def _show_typed(self, text: str, cursor: int) -> None:
        """With its ending: "1 row/s" undone back to "8 rows/s" (the ending changed as "1" was typed)."""
        self.setSuffix(next((end for end in map(speed_suffix, (1, 2)) if text.endswith(end)), self.suffix()))
        super()._show_typed(text, cursor)

    def _show_ending(self) -> None:
        self.setSuffix(speed_suffix(self.value()))

    def _ending_as_typed(self, text: str) -> None:
        """The ending of the number typed: Qt's ``setSuffix`` writes the value in the box, so what was typed is
        written back, where it was being typed."""
        typed = self._typed(text)
        if typed is None or speed_suffix(typed) == self.suffix():
            return
        cursor, number = self.lineEdit().cursorPosition(), self._as_typed(text)
        self.setSuffix(speed_suffix(typed))
        self.lineEdit().setText(self.prefix() + number + self.suffix())
        self.lineEdit().setCursorPosition(min(cursor, len(self.prefix() + number)))

    def show_value(self) -> None:
        self._show_ending()
        super().show_value()

    def stepBy(self, steps: int) -> None:
        value = self.value()
        for _ in range(abs(steps)):
            value = faster(value) if steps > 0 else slower(value)
        self.setValue(value)

    def _with_a_decimal(self, size: QSize) -> QSize:
        """Sized for the longer suffix too: Qt sizes the box for its suffix now, and at "1 row/s" the box shrank by
        its "s", every button right of it sliding 6 px left under the pointer (back at 2 rows/s)."""
        metrics = self.fontMetrics()
        plural = metrics.horizontalAdvance(speed_suffix(2)) - metrics.horizontalAdvance(self.suffix())
        return super()._with_a_decimal(QSize(size.width() + max(plural, 0), size.height()))


class LeavingTheBox(QObject):
    """Esc in a toolbar number box drops what was typed and gives the keyboard back to the canvas: Esc is the
    window's Clear, so pressing it to leave the box wiped the drawing. Tab sets what was typed and goes on to the
    canvas, the view under the toolbar: made after the views, the boxes come late in Qt's Tab chain, and with My
    examples shown Tab went to its first example, past the drawing (``QWidget.setTabOrder`` moves nothing after
    the canvas's heading, which takes no focus); with the drawing hidden, on along Qt's chain. Shift+Tab is Qt's:
    back along the chain."""

    def __init__(self, spin: NumberBox, canvas: QWidget) -> None:
        super().__init__(spin)
        self._spin, self._canvas = spin, canvas
        spin.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kinds = (QEvent.Type.ShortcutOverride, QEvent.Type.KeyPress)
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) and event.key() == Qt.Key.Key_Tab:
            if not (self._canvas.isVisible() and self._canvas.isEnabled()):  # on along Qt's chain: given to a
                return False  # hidden drawing, the keys stayed in the box and Tab was eaten, the number unset
            self._canvas.setFocus(Qt.FocusReason.TabFocusReason)  # the box, left, sets what was typed
            return True
        if event.type() not in kinds or not isinstance(event, QKeyEvent) or event.key() != Qt.Key.Key_Escape:
            return False
        if event.type() == QEvent.Type.KeyPress:  # the override below makes Esc a key press here, not Clear
            self._spin.show_value()
            self._canvas.setFocus()
        event.accept()
        return True
