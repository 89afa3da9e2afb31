"""The sixty-ninth round of hostile testing, live16: a review of live15's work (My examples giving way as the window
narrows), tried in a real window (Xvfb :95 with openbox) and offscreen, and the two defects its author saw and left
there: where the Keep dialog opens, and the teach dialog's progress bar after Cancel. Each test is seen failing on
the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window, settled, until
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen

from gui.demo import draw_digit
from gui.screen_room import frame_room, views_in_order
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess

# (the screen's free area, the window's frame on it) at 100 % and at 200 % (1600×1000 is 800×500 there)
KEEP_LAYOUTS = [
    ((1600, 1000), QRect(250, 140, 1100, 720)),  # live15's real window: the dialog at the screen's left edge
    ((1600, 1000), QRect(0, 0, 1100, 720)),  # room under the window: the dialog went there, away from it
    ((1366, 768), QRect(200, 80, 900, 600)),
    ((1920, 1080), QRect(400, 180, 1100, 720)),
    ((800, 600), QRect(0, 0, 784, 552)),
    ((800, 500), QRect(0, 0, 784, 452)),
]


def test_the_teach_bar_says_cancelled_and_where_after_cancel(qtbot, tmp_path, monkeypatch) -> None:
    """Cancelled at step 27 of 40 (a real window, live15), the teach dialog's bar stayed at 27 of 40 without a word:
    a user read it as a run still going, or as done. The bar now says "Cancelled at step 27 of 40"; a run that
    failed says "Stopped", and one cancelled before its first step says so."""
    monkeypatch.setattr(TeachProcess, "running", property(lambda self: True))
    monkeypatch.setattr(TeachProcess, "cancel", lambda self: None)
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    process._apply({"event": "start", "examples": 30})
    process._apply({"event": "progress", "step": 27, "steps": 40, "heldout": 0.9})
    assert not dialog.bar.isTextVisible()  # running: the heading says the step, the bar only how far
    dialog.cancel_button.click()
    dialog.finish(False, "Cancelled. Still reading with the shipped model; nothing was written.")
    assert dialog.bar.isTextVisible() and dialog.bar.text() == "Cancelled at step 27 of 40"
    failed = TeachDialog()
    qtbot.addWidget(failed)
    failed.finish(False, "The fine-tune failed: out of memory")
    assert failed.bar.isTextVisible() and failed.bar.text() == "Stopped before step 1"
    assert failed.bar.maximum() > 0 and failed.bar.value() == 0  # not Qt's moving "busy" bar


@pytest.mark.parametrize(("screen", "where"), KEEP_LAYOUTS)
def test_the_keep_dialog_opens_over_its_window_on_the_screen(qtbot, tmp_path, monkeypatch, screen, where) -> None:
    """Ctrl+K with My examples docked beside the views, a 1100×720 window on a 1600×1000 screen (a real window,
    live15): the Keep dialog opened at the screen's left edge, half outside the window; with room under the window
    it opened there, away from the drawing it asks about. It opens over the window, wholly on the screen, clear of
    the drawing and the bars, at each screen size and scale."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, *screen))
    window = open_shipped_window(qtbot, tmp_path, size=(where.width(), where.height()), user_dir=tmp_path / "user")
    window.move(where.topLeft())
    window.teaching.show_dock.trigger()
    until(qtbot, window.teaching.dock.isVisible)
    settled(qtbot, lambda: (window.teaching.dock.width(), window.canvas.width(), window.frameGeometry()))
    draw_digit(window.canvas, "7")
    dialog = window.teaching.keep()
    assert dialog is not None
    frame = QRect(dialog.pos(), dialog.size() + frame_room(dialog))
    area = window.frameGeometry().intersected(QRect(0, 0, *screen))
    assert area.contains(frame), (frame, window.frameGeometry())
    drawing, bars = views_in_order(window)[:2]
    assert not frame.intersects(drawing) and not frame.intersects(bars), (frame, drawing, bars)
    dialog.reject()
