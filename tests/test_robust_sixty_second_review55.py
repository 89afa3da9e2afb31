"""The sixty-second round of hostile testing, review55: a review of teach18's merge (Ctrl+T as it reads the examples,
the close then, an import begun then), and Ctrl+T pressed again while a teach runs, tried in a real window under
openbox first. Each defect found is checked offscreen, against the real app, and seen failing on the code before its
fix."""

from __future__ import annotations

from gui_window import SLOW_TEACH, keep_examples, open_shipped_window, open_teach_dialog, until
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from rowreader.example_store import ExampleStore


def test_ctrl_t_while_a_teach_runs_hands_the_keyboard_to_its_dialog(qtbot, tmp_path, mnist_test) -> None:
    """Ctrl+T while a teach runs "brings its dialog forward" (teaching.md), but only raised it: the keyboard stayed
    in the window, so Esc pressed next, meant for the dialog ("Esc and Cancel in the dialog itself stop at once"),
    cleared the drawing instead, and the fine-tune ran on (seen in a real window under openbox: step 209, then 213).
    Now the dialog is made the active window, and Esc there stops the teach."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, teach_args=SLOW_TEACH)
    until(qtbot, lambda: process.running, seconds=10)
    window.activateWindow()  # back to the window, to draw, as the teach runs
    until(qtbot, lambda: QApplication.activeWindow() is window)
    window.teaching.teach_action.trigger()  # Ctrl+T: to see the teach, and stop it
    until(qtbot, lambda: QApplication.activeWindow() is dialog)
    qtbot.keyClick(QApplication.focusWidget() or dialog, Qt.Key.Key_Escape)
    until(qtbot, lambda: process.cancelled or not process.running, seconds=10)


def test_a_reading_out_of_memory_as_ctrl_t_reads_the_examples_says_why(qtbot, tmp_path, mnist_test, monkeypatch):
    """Ctrl+T's reading of the examples stopped by a MemoryError (tens of thousands of pictures, a small machine): it
    said "Your examples folder cannot be used: …/examples: ", nothing after the colon (a MemoryError has no words).
    Now the kind of error is named."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=2)

    def out_of_memory(store, *args):
        raise MemoryError

    with monkeypatch.context() as patched:
        patched.setattr(ExampleStore, "load", out_of_memory)
        teaching.teach()
        until(qtbot, lambda: not teaching.preparing and not window.tasks.busy, seconds=10)
    assert window.last_error is not None
    assert window.last_error[1] == f"{teaching.store.root}: MemoryError", window.last_error
