"""The thirty-ninth round of hostile testing, teach: the app's teach end to end in a real window (Xvfb, openbox,
xdotool), and the README's teach command, as a person would use them (docs/robustness.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import exposed, open_shipped_window, open_teach_dialog
from test_gui_sixteenth import on_screen
from test_gui_teach import done_at_once

from gui.main_window import MainWindow
from gui.teach_process import TeachProcess


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    return open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)


def test_close_takes_the_place_of_cancel_when_the_teach_ends(
    window: MainWindow, qtbot, mnist_test, monkeypatch
) -> None:
    """A click meant for Cancel just as the teach ended pressed "Compare both": Close, added as the accept button,
    went to the left, and the rightmost button, in Cancel's very place, was then "Compare both" (seen in the
    window at 1600 × 1000: the model in use was compared with the one taught from). Close is where Cancel was, or
    nothing: measured on the screen (teach19), where the pointer is, not in the box, which moves as the dialog grows
    (kept clear of the chart, it opens smaller, and grows at the end, its foot down 48 px at the screen's top)."""
    monkeypatch.setattr(TeachProcess, "start", done_at_once)
    dialog, _ = open_teach_dialog(qtbot, window, mnist_test, per_digit=2)
    exposed(qtbot, dialog)
    cancel_place = on_screen(dialog.cancel_button, dialog.cancel_button.rect())  # where the pointer is
    out = window.teaching.process.run.out
    qtbot.waitUntil(lambda: window.session.checkpoint.path == out, timeout=20_000)
    qtbot.waitUntil(dialog.compare_button.isVisible)
    qtbot.wait(50)  # the box lays its buttons out again
    shown = [b for b in (dialog.close_button, dialog.switch_back_button, dialog.compare_button) if b.isVisible()]
    assert len(shown) == 3
    at_cancel = [b.text() for b in shown if on_screen(b, b.rect()).intersects(cancel_place)]
    assert at_cancel in (["Close"], []), at_cancel
    assert dialog.frameGeometry().contains(cancel_place)  # a click there stays in the dialog, off the drawing
    dialog.close()
