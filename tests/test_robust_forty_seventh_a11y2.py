"""The forty-seventh round of hostile testing, a11y2: a keyboard-only and screen-reader user doing the whole flow in a
real window (Xvfb, openbox, xdotool key presses only: Ctrl+R, Ctrl+K and a digit, My examples' rows, Delete and
Ctrl+Z, Ctrl+T and Esc, the Models menu, Ctrl+O, Ctrl+M, Ctrl+Shift+M and F1, each closed by Esc), the widget with
the keys and its accessible name logged by a timer in the app's process; each test checked to fail on the code
before its fix."""

from __future__ import annotations

from gui_window import window_without_model
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QApplication, QProgressBar, QWidget

from gui.teach import TeachDialog
from gui.text_box import TextArea


def _said_name(widget: QWidget) -> str:
    """The name a screen reader says of ``widget``: its accessible name, else what Qt reads from its text."""
    return QAccessible.queryAccessibleInterface(widget).text(QAccessible.Text.Name).strip()


def test_the_shortcuts_text_that_takes_the_keys_is_named(qtbot, tmp_path) -> None:
    """F1, then Tab: the keys went to the Keyboard shortcuts' scrolling text, which had no name (no accessible name,
    no text of its own: a screen reader said nothing of what had the keys). It is named for the box (and the
    About box's too)."""
    window = window_without_model(qtbot, tmp_path)
    window.actions_.help.trigger()
    box = next(w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == "Keyboard shortcuts")
    qtbot.addWidget(box)
    area = box.findChild(TextArea)
    assert _said_name(area) == "Keyboard shortcuts"


def test_the_teach_dialogs_warnings_and_bar_are_named(qtbot) -> None:
    """Ctrl+T: the teach dialog's progress bar ("progress bar", its value alone) and its warnings, a scrolling text
    Tab gives the keys to, had no name. The bar is named for the teach, the warnings as warnings."""
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    assert _said_name(dialog.findChild(QProgressBar)) == "Teaching progress"
    assert _said_name(dialog.warnings_area) == "Warnings from the teach"
