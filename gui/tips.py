"""The views' tooltips: narrow, and beside what they describe rather than over it.

Qt shows a tooltip just below the pointer, as wide as its longest line. The input view's pixel read-out (three lines
of up to 90 characters) and the bars' tooltip lay over the very picture and bars pointed at, and at 200 % on a
1600-px screen, too wide for the room right of the pointer, they were moved left across the window: the pixel
read-out hid rows 8–28 of the picture and half the drawing.
"""

from __future__ import annotations

import textwrap

from PySide6.QtCore import QPoint, QRect
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from gui.screen_room import GAP

TIP_CHARS = 48  # the longest line of a view's tooltip: about a third of a 1100-px window at the usual font


def wrapped(text: str, chars: int = TIP_CHARS) -> str:
    """``text`` with every line longer than ``chars`` broken between words; its own line breaks and blank lines
    kept."""
    return "\n".join(textwrap.fill(line, chars) if line else "" for line in text.split("\n"))


def shown_tip() -> QWidget | None:
    """The tooltip on screen, if one is (Qt's own label: QToolTip says its text, not where it is)."""
    if not QToolTip.isVisible():
        return None
    return next((w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()), None)


def show_beside(widget: QWidget, text: str, pointer: QPoint, spot: QRect, clear_of: QRect) -> None:
    """Show ``text`` as the tooltip of ``widget``'s ``spot`` (it goes once the pointer leaves it), at the height of
    ``pointer``, right of ``clear_of`` (all in ``widget``'s coordinates) where the screen has room, else left of it;
    where neither side has room, where Qt puts it."""
    QToolTip.showText(widget.mapToGlobal(pointer), text, widget, spot)
    tip = shown_tip()
    if tip is None:
        return
    screen = widget.screen().geometry()
    keep = QRect(widget.mapToGlobal(clear_of.topLeft()), clear_of.size())
    right, left = keep.right() + 1 + GAP, keep.left() - GAP - tip.width()
    if right + tip.width() <= screen.right() + 1:
        x = right
    elif left >= screen.left():
        x = left
    else:
        return
    y = widget.mapToGlobal(pointer).y() - tip.height() // 2
    tip.move(x, max(screen.top(), min(y, screen.bottom() + 1 - tip.height())))
