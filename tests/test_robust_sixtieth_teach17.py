"""The sixtieth round of hostile testing, teach17: the teach dialog where the fifty-ninth left it (a fine-tune that
says nothing, the dialog moved between screens, its chart's words). Each defect found is checked offscreen, against a
real process speaking the fine-tune's protocol, and seen failing on the code before its fix."""

from __future__ import annotations

import sys

from gui_window import open_shipped_window, open_teach_dialog, settled, taught_until, until, window_without_model
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from test_robust_fifty_ninth_window16 import AT_200_ON_1024X600
from test_robust_fifty_seventh_window14 import finished_teach

from gui import teach
from gui.screen_room import views_in_order
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess

# a fine-tune that says a step each time it is told one on its stdin, and nothing otherwise: stopped or held up
ON_CUE = """
import json, sys
def say(**line):
    print(json.dumps(line), flush=True)
say(event="start", examples=10, per_digit={}, warnings=[], left_out=0, copies=0)
for step in sys.stdin:
    say(event="progress", step=int(step), steps=40)
"""


def test_a_fine_tune_that_says_nothing_is_said_to_be_quiet_and_stays_cancellable(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """A fine-tune stopped (SIGSTOP) or held by a disk that no longer answers sat at "step 3 of 40" for as long as
    it lasted, as a running one does: nothing said it had gone quiet. Now the dialog says how long it has said
    nothing, that Cancel stops it (still on), and the note goes as soon as it speaks again."""
    monkeypatch.setattr(teach, "QUIET_S", 1)
    monkeypatch.setattr(TeachProcess, "start", lambda process: process.process.start(sys.executable, ["-c", ON_CUE]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    said: list[str] = []  # the status as each line leaves it (connected after the dialog's own slot)
    process.progress.connect(lambda: said.append(dialog.status.text()))
    until(qtbot, lambda: process.running)
    process.process.write(b"3\n")
    # its answers waited for as long as it makes progress: the child's wait for a CPU is not this test's, which
    # until() discounts, and its start and answer had the 5 s beside the note's 2 (failed 3 times at 3 mutant streams)
    taught_until(qtbot, process, lambda: process.run.step == 3)
    until(qtbot, lambda: "No word from the fine-tune for" in dialog.status.text())
    assert dialog.status.text().startswith("Learning from your 10 examples… step 3 of 40")
    assert "Cancel stops it" in dialog.status.text() and dialog.cancel_button.isEnabled()
    assert dialog.status.geometry().bottom() < dialog.bar.geometry().top()  # its line has room
    process.process.write(b"4\n")
    taught_until(qtbot, process, lambda: bool(said) and "step 4" in said[-1])
    assert "No word" not in said[-1]  # it spoke: the note went with the step
    until(qtbot, lambda: "No word from the fine-tune for" in dialog.status.text())
    dialog.cancel_button.click()
    assert dialog.status.text() == "Stopping: the model in use stays, nothing is written…"
    taught_until(qtbot, process, lambda: not process.running)  # its end is the child's too
    assert "No word" not in dialog.status.text()
    assert teach.quiet_note(65).startswith("No word from the fine-tune for 1 min 5 s:")


def test_the_teach_chart_that_went_comes_back_on_a_screen_with_room_for_it(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1024×600 screen the finished dialog's chart goes (window16). Dragged onto a 1600×1000 monitor
    (a laptop docked), it stayed gone, the outcome alone, until the dialog was resized by hand (review41). Now,
    once it lies still on the new screen, it grows there to hold its chart."""
    screen = [AT_200_ON_1024X600]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: screen[0])
    dialog = finished_teach(qtbot, window_without_model(qtbot, tmp_path), tmp_path)
    assert dialog.chart.isHidden()  # window16's: no room for it here
    screen[0] = QRect(0, 0, 1600, 1000)
    dialog.windowHandle().screenChanged.emit(dialog.screen())  # as the window system says of a drag to a monitor
    until(qtbot, lambda: not dialog.chart.isHidden())
    settled(qtbot, dialog.frameGeometry)
    assert dialog.chart.height() >= dialog.chart.least_height()
    assert dialog.summary.geometry().top() > dialog.chart.geometry().bottom()
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width())
    assert QRect(0, 0, 1600, 1000).contains(dialog.frameGeometry())


def test_a_teach_again_at_200_percent_on_a_small_screen_leaves_the_bars_in_sight(qtbot, tmp_path, monkeypatch) -> None:
    """A teach again (Ctrl+T with a taught model in use) at 200 % on a 1366×768 screen, My examples shown: its outcome
    names two models, names no line can break, and to keep its chart the dialog grew to 484 px, over all 180 px of the
    bars, where Switch back's change shows (window15's first teach: 365 px, over their left 67). Now its chart goes
    there (the outcome says its before and after), the dialog 324 px wide over the bars' left 26 px."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: QRect(0, 0, 683, 384))
    done = (
        "Done: now reading with mine-20261206-205311-2a8036.safetensors, taught from "
        "mine-20261206-205222-93a50b.safetensors (Models menu to switch)."
    )
    finish = TeachDialog.finish
    monkeypatch.setattr(TeachDialog, "finish", lambda dialog, ok, _, in_use=True: finish(dialog, ok, done, in_use))
    window = window_without_model(qtbot, tmp_path)
    window.teaching.show_dock.trigger()
    until(qtbot, window.teaching.dock.isVisible)
    settled(qtbot, lambda: (window.teaching.dock.width(), window.canvas.width(), window.size()))
    dialog = finished_teach(qtbot, window, tmp_path)
    frame, bars = dialog.frameGeometry(), views_in_order(window)[1]
    assert QRect(0, 0, 683, 384).contains(frame), frame
    assert frame.intersected(bars).width() < bars.width() / 2, (frame, bars)
    assert dialog.chart.isHidden() and dialog.status.text() == done
    for above, below in ((dialog.status, dialog.warnings_area), (dialog.bar, dialog.summary)):
        assert below.geometry().top() > above.geometry().bottom(), (above.geometry(), below.geometry())
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width())
    assert dialog.status.height() >= dialog.status.heightForWidth(dialog.status.width())
    assert dialog.status.height() <= dialog.status.heightForWidth(dialog.status.width()) + dialog.layout().spacing()
    assert dialog.summary.geometry().bottom() < dialog.buttons.geometry().top() < dialog.height()
    assert dialog.buttons.geometry().bottom() < dialog.height()
