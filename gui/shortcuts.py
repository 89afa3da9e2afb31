"""The Keyboard shortcuts box (F1): every command with its keys, fitted to the screen.

A message box listed the 24 commands in one column, each name and key cell free to wrap: at 200 % on a
1400 × 900 screen (700 × 450 logical pixels) it was taller than the screen, its OK button below the edge, and
"Ctrl+Shift+Z, Ctrl+Y" broke over two lines. Here the commands take two columns where the screen is wide enough,
no cell wraps, and whatever still does not fit scrolls inside a box no larger than the screen.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QSize, Qt
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFrame, QLabel, QScrollArea, QVBoxLayout, QWidget

TITLE = "Keyboard shortcuts"
MARGIN = QSize(16, 48)  # room for the window frame and title bar around the box


def shortcut_table(rows: list[tuple[str, str]], columns: int) -> str:
    """``rows`` (command, keys) as rich text in ``columns`` side-by-side column pairs, filled top to bottom."""
    height = -(-len(rows) // columns)
    lines = []
    for line in range(height):
        cells = []
        for column in range(columns):
            index = column * height + line
            if index < len(rows):
                name, keys = rows[index]
                gap = "&nbsp;" * 6 if column else ""
                cells.append(f"<td>{gap}{escape(name)}</td><td>&nbsp;&nbsp;<b>{escape(keys)}</b></td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table style='white-space: pre'>{''.join(lines)}</table>"


def show_shortcuts(parent: QWidget, rows: list[tuple[str, str]]) -> QDialog:
    """Open the box (not modal: it may stay open beside the window while its keys are tried); Esc, Enter and
    Close close it."""
    dialog = QDialog(parent)
    dialog.setWindowTitle(TITLE)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    label = QLabel()
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.setContentsMargins(6, 6, 6, 6)
    room = parent.screen().availableGeometry().size() - MARGIN
    for columns in (2, 1):  # two columns where they fit the screen's width
        label.setText(shortcut_table(rows, columns))
        if label.sizeHint().width() + 40 <= room.width():
            break
    scroll = QScrollArea()
    scroll.setFrameShape(QFrame.Shape.NoFrame)
    scroll.setWidget(label)
    scroll.setWidgetResizable(True)
    scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
    buttons.rejected.connect(dialog.reject)
    close = buttons.button(QDialogButtonBox.StandardButton.Close)
    close.setDefault(True)  # Enter closes it too
    layout = QVBoxLayout(dialog)
    layout.addWidget(scroll)
    layout.addWidget(buttons)
    # as large as the table needs, no larger than the screen: beyond that the table scrolls
    bar = scroll.verticalScrollBar().sizeHint().width()
    wanted = QSize(label.sizeHint().width() + bar, label.sizeHint().height()) + QSize(24, 24)
    wanted += QSize(0, buttons.sizeHint().height() + layout.spacing())
    dialog.resize(wanted.boundedTo(room))
    dialog.show()
    close.setFocus()
    return dialog
