"""The fifty-first round of hostile testing, leftovers6: small things this round's other areas saw and left, each
reproduced and tried again (a stopped `evaluate --json` between loading and writing its head); each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import json
import signal
import sys

import pytest
from gui_window import open_shipped_window, open_teach_dialog
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

import rowreader.cli
from gui.teach_process import TeachProcess
from rowreader.cli import main


@pytest.mark.parametrize(
    ("signum", "words", "status"), [(signal.SIGINT, "interrupted", 130), (signal.SIGTERM, "stopped by SIGTERM", 143)]
)
def test_evaluate_json_stopped_as_its_head_was_built_writes_a_whole_document(
    capsys, monkeypatch, signum, words, status
):
    """A stop after the model and MNIST were read but before `evaluate --json` wrote its head (as the digits were
    counted by class) met no handler of evaluate's: stdout held nothing, so `jq` and `json.loads` failed on it, and a
    traceback-free "interrupted" said nothing of the document. Now the document is written whole and empty (`{}`),
    as a stop while loading writes it, and stderr and the exit status say the stop."""
    real = rowreader.cli._by_class

    def stopping(*args: object, **kwargs: object) -> object:
        signal.raise_signal(signum)
        return real(*args, **kwargs)

    monkeypatch.setattr(rowreader.cli, "_by_class", stopping)
    code = main(["evaluate", "--json", "--limit", "20", "--device", "cpu"])
    out, err = capsys.readouterr()
    assert code == status
    assert json.loads(out) == {}
    assert err.endswith(f"error: {words} before the results were written; the document holds no results\n")


# a fine-tune that takes a second to stop, as the real one may take Cancel's grace (focus2's)
SLOW_TO_STOP = """
import signal, sys, time
signal.signal(signal.SIGTERM, lambda *_: (time.sleep(1.0), sys.exit(143)))
time.sleep(30)
"""


def test_the_status_line_holding_the_keys_shows_a_focus_frame(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """Space on the teach dialog's Cancel hands the keys to its status line while the fine-tune stops (focus2), but
    the line, a label, drew nothing to show it held them: a keyboard user saw no control with the keys. It now draws a
    frame while it holds them, and the same line without the keys (its text alike) is drawn as before, unframed."""
    monkeypatch.setattr(TeachProcess, "start", lambda self: self.process.start(sys.executable, ["-c", SLOW_TO_STOP]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    qtbot.waitUntil(lambda: process.running, timeout=10_000)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow, timeout=5_000)
    dialog.cancel_button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.keyClick(dialog.cancel_button, Qt.Key.Key_Space)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.status, timeout=5_000)
    framed = dialog.status.grab().toImage()
    dialog.bar.setFocus(Qt.FocusReason.OtherFocusReason)  # the keys elsewhere, the line's text as it was
    qtbot.waitUntil(lambda: not dialog.status.hasFocus(), timeout=5_000)
    unframed = dialog.status.grab().toImage()
    assert framed.size() == unframed.size() and framed != unframed
    qtbot.waitUntil(lambda: not process.running, timeout=10_000)
