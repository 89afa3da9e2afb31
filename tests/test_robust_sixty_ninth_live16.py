"""The sixty-ninth round of hostile testing, live16: a review of live15's work (My examples giving way as the window
narrows), tried in a real window (Xvfb :95 with openbox) and offscreen, and the two defects its author saw and left
there: where the Keep dialog opens, and the teach dialog's progress bar after Cancel. Each test is seen failing on
the code before its fix."""

from __future__ import annotations

from gui.teach import TeachDialog
from gui.teach_process import TeachProcess


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
