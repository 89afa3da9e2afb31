"""News told to a screen reader: a status bar's text changing, or a label's, is not news to one."""

from __future__ import annotations

from PySide6.QtGui import QAccessible, QAccessibleAnnouncementEvent
from PySide6.QtWidgets import QWidget


def announce(widget: QWidget, message: str) -> None:
    """``message`` announced to a screen reader, politely (after what it is saying), as from ``widget``. Qt sends it
    only while a screen reader listens (Qt 6.8 and later)."""
    QAccessible.updateAccessibility(QAccessibleAnnouncementEvent(widget, message))
