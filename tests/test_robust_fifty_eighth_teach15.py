"""The fifty-eighth round of hostile testing, teach15: teaching as a hostile user (Esc, Cancel, the window closed,
the worker killed, the folders taken away mid-teach); each test seen failing on the code before its fix."""

from __future__ import annotations

from pathlib import Path

from gui_window import SLOW_TEACH, open_shipped_window, open_teach_dialog, until
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest


def test_esc_in_a_running_teach_says_at_once_in_the_window_that_it_stops(qtbot, tmp_path: Path, mnist_test) -> None:
    """Esc in the teach dialog while it runs closes the dialog and stops the fine-tune, which may take Cancel's
    grace (3 s) to end: the window said nothing at all for those 2–3 s (teach14, in a real window), then
    "Cancelled. …". It says at once that the teach is stopping, the model in use staying, and "Cancelled" after."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    QTest.keyClick(dialog, Qt.Key.Key_Escape)
    assert process.running and not dialog.isVisible()  # still stopping: the window says so now
    said = window.statusBar().currentMessage()
    assert said.startswith("Stopping the teach: the model in use stays, nothing is written"), said
    until(qtbot, lambda: not process.running, seconds=30)
    assert window.statusBar().currentMessage().startswith("Cancelled. Still reading with")
