"""The thirty-fifth round of hostile testing, teaching: Ctrl+T, Cancel, quitting and a fine-tune killed from
outside, as a user meets them in a real window; each test checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import open_shipped_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

SLOW = ["--train-samples", "1000000", "--batch-size", "16", "--eval-digits", "100"]  # runs until cancelled


def test_thirtyfifth_teaching_ctrl_t_in_the_teach_dialog_teaches_again(qtbot, tmp_path: Path, mnist_test) -> None:
    """Cancel pressed in the teach dialog leaves it open ("Cancelled. … nothing was written.", Close in focus): the
    dialog is a window of its own, and Ctrl+T pressed there did nothing at all (in the window, three screenshots up
    to 3.5 s after; so at the end of a teach), where the main window's Ctrl+T starts the next teach."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    images, labels = mnist_test
    for digit in range(10):
        index = int(np.flatnonzero(labels == digit)[0])
        window.teaching.store.add(digit, np.kron(255 - images[index], np.ones((10, 10), np.uint8)))
    window.teaching.teach_args = SLOW
    window.teaching.teach_action.trigger()
    qtbot.waitUntil(lambda: window.teaching.dialog is not None and window.teaching.dialog.isVisible(), timeout=20_000)
    dialog, process = window.teaching.dialog, window.teaching.process
    dialog.cancel_button.click()
    qtbot.waitUntil(lambda: not process.running, timeout=20_000)
    assert dialog.isVisible() and "Cancelled" in dialog.status.text()
    dialog.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=5_000)
    QTest.keyClick(dialog, Qt.Key.Key_T, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.teaching.process is not process, timeout=20_000)  # the next teach began
    window.teaching.process.wait()
