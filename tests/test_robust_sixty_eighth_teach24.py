"""The sixty-eighth round of hostile testing, teach24: the teach dialog's long outcome on mid-size and small screens
(docs/robustness.md), teach23's two fixes taken with the lead's rule: the outcome's words and the buttons matter more
than the dialog's loss chart. A message of about nine lines (a base model replaced while it was taught, and which
examples it read not noted), misread examples and two or three warnings: no width over the drawing holds it at the
screen's top, and the dialog grew 334–348 px downwards with its chart kept 140 px tall, over the window's chart. The
chart now goes before the dialog grows downwards (its before and after are the outcome's first line), the warnings
scrolling. At 800×600 (the dialog at the screen's left edge) a long outcome widened it rightwards for its chart, Close
16 px right of Cancel's place once the other model was lost: the chart goes there too."""

from __future__ import annotations

import pytest
from gui_window import settled
from PySide6.QtCore import QRect
from test_gui_sixteenth import on_screen
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_seventh_teach22 import FORGOT, MISREAD
from test_robust_sixty_sixth_live12 import WARNINGS
from test_robust_sixty_sixth_teach21 import SHORT, THREE_LINES

from gui.teach import TeachDialog

# as TeachCommand._taught_another writes it, with the note _meanwhile_note adds where what it read was not noted
NINE_LINES = (
    "Not the model in use taught: the file of rowreader.safetensors was replaced after teaching began, and "
    "mine-20261207-152501-a81823.safetensors was taught from what it held then (the numbers below start there). It is "
    "in the Models menu (Yours: mine-20261207-152501-a81823); still reading with rowreader.safetensors."
    "\n\nWhich examples it read could not be noted in time: any deleted, moved or kept while it was taught "
    "are not named here. Teach again (Ctrl+T) to be sure it learnt from your examples as they are now."
)
SKIPPED_ONE = "Files skipped: 7/odd.txt is not a picture it can read"


def ended_with_nine_lines(
    qtbot, dialog: TeachDialog, warnings: list[str], foot: int | None = None
) -> tuple[QRect, QRect, QRect]:
    """``dialog`` told ``warnings`` while it ran (moved so that its foot is ``foot`` px down the screen, if given),
    then ended with the nine-line outcome, a forgot line and three misread examples: its frame before, Cancel's place
    on the screen before, and its frame after. One case, measured the same way by teach24, review80 and leftovers17."""
    run = dialog.process.run
    run.warnings = warnings
    dialog.process.progress.emit()
    if foot is not None:
        settled(qtbot, dialog.frameGeometry)
        dialog.move(dialog.pos().x(), foot - dialog.frameGeometry().height())
    before = settled(qtbot, dialog.frameGeometry)
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run.heldout, run.mnist_before, run.mnist_after, run.mnist_digits = [(0, 0.62), (40, 0.91)], 0.981, 0.879, 10_000
    run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, NINE_LINES, in_use=False)
    return before, cancel, settled(qtbot, dialog.frameGeometry)


@pytest.mark.parametrize("warned", [2, 3])
@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 768), QRect(0, 0, 1366, 768)], ids=["1024x768", "1366x768"])
def test_a_nine_line_outcome_at_the_screens_top_drops_the_chart_before_growing_down(
    qtbot, tmp_path, monkeypatch, screen, warned
) -> None:
    """Warnings while it ran, then the nine-line outcome with a forgot line and misread examples: the dialog (375×258
    at the screen's top) grew to 592–606 px tall, Close 334–348 px below Cancel's place, its chart kept. The chart
    goes now: the dialog as tall as its texts need without it, top and right edge kept (Close right under Cancel's
    place), every line of the outcome whole, the warnings shown (scrolling), all on the screen."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    before, cancel, after = ended_with_nine_lines(qtbot, dialog, [*WARNINGS, SKIPPED_ONE][:warned])
    assert before.top() == screen.top(), before  # the case: no room above it
    assert dialog.chart.isHidden(), (before, after)
    close = on_screen(dialog.close_button, dialog.close_button.rect())
    assert (after.top(), after.right()) == (before.top(), before.right()) and screen.contains(after), (before, after)
    assert close == cancel.translated(0, after.height() - before.height()), (close, cancel)
    lines = max(dialog.heightForWidth(dialog.width()), dialog.minimumSizeHint().height())
    assert dialog.height() == lines, (dialog.height(), lines)  # no taller than its texts without the chart
    for label in (dialog.status, dialog.summary):  # every line shown
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
    spacing = dialog.warnings.fontMetrics().lineSpacing()
    assert dialog.warnings_area.isVisible() and dialog.warnings_area.height() >= 2 * spacing
    assert dialog.buttons.geometry().bottom() < dialog.height()
    assert "could not be noted" in dialog.status.text() + dialog.summary.text()


@pytest.mark.parametrize("taught", [False, True], ids=["base_lost", "taught_lost"])
def test_at_the_screens_left_edge_the_chart_goes_rather_than_the_dialog_widen_rightwards(
    qtbot, tmp_path, monkeypatch, taught
) -> None:
    """800×600, two warnings while it ran, then a forgot line, three misread examples and a 3-line message: no room
    left of it, the dialog widened rightwards 253 → 269 px to keep its chart, and once the other model was lost (Close
    alone in its row) Close lay 16 px right of Cancel's place. It keeps its width and right edge now, the chart gone:
    Close at Cancel's place after the outcome and after the loss, every line whole, on the screen."""
    screen = QRect(0, 0, 800, 600)
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    run = dialog.process.run
    run.warnings = list(WARNINGS)
    dialog.process.progress.emit()
    before = settled(qtbot, dialog.frameGeometry)
    assert before.left() == screen.left(), before  # the case: no room left of it
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run.heldout, run.mnist_before, run.mnist_after, run.mnist_digits = [(0, 0.62), (40, 0.91)], 0.981, 0.879, 10_000
    run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, THREE_LINES)
    for step in ("outcome", "lost"):
        if step == "lost":
            dialog.lost("rowreader.safetensors", taught, "was deleted or moved")
        after = settled(qtbot, dialog.frameGeometry)
        close = on_screen(dialog.close_button, dialog.close_button.rect())
        assert after.right() == before.right() and screen.contains(after), (step, before, after)
        assert (close.right(), close.bottom()) == (cancel.right(), cancel.bottom()), (step, close, cancel)
        for label in (dialog.status, dialog.summary):  # every line shown
            assert label.height() >= label.heightForWidth(label.width()), (step, label.size(), label.text())
    assert close == cancel


@pytest.mark.parametrize("warned", [0, 2])
def test_one_misread_example_at_200_percent_on_1366x768_keeps_close_where_cancel_was(
    qtbot, tmp_path, monkeypatch, warned
) -> None:
    """200 % on 1366×768 (683×384), the dialog 251 px wide 45 px from the screen's left: a one-line outcome with one
    misread example widened it rightwards to 373 px for its chart, Close 77 px right of Cancel's place (59 in teach22's
    real window). The chart goes instead: the dialog grows upwards or widens leftwards only as far as there is room,
    Close's right edge and foot at Cancel's, every line whole, on the screen."""
    screen = QRect(0, 0, 683, 384)
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    run = dialog.process.run
    run.warnings = list(WARNINGS)[:warned]
    dialog.process.progress.emit()
    before = settled(qtbot, dialog.frameGeometry)
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run.heldout, run.mnist_before, run.mnist_after, run.mnist_digits = [(0, 0.62), (40, 0.91)], 0.981, 0.979, 10_000
    run.misread, run.misread_count = list(MISREAD[:1]), 1
    dialog.finish(True, SHORT)
    after = settled(qtbot, dialog.frameGeometry)
    assert screen.contains(after) and after.left() > screen.left() - 1, (before, after)
    close = on_screen(dialog.close_button, dialog.close_button.rect())  # wider than Cancel, right-aligned as it
    assert (close.right(), close.bottom()) == (cancel.right(), cancel.bottom()), (before, after, close, cancel)
    for label in (dialog.status, dialog.summary):  # every line shown
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
