"""The sixty-seventh round of hostile testing, teach22: the teach dialog's outcome on small screens
(docs/robustness.md). An outcome with a "forgot" line, three misread examples and a 3-line message grew the dialog
174 px downwards at the screen's top (no width over the drawing held it with the chart kept): Close came below
where Cancel had been. The chart now goes there too, its before and after being the outcome's first line."""

from __future__ import annotations

import pytest
from gui_window import finished_teach_on, settled
from PySide6.QtCore import QRect
from PySide6.QtGui import QScreen
from test_gui_sixteenth import on_screen
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_sixth_teach21 import THREE_LINES

from gui.screen_room import views_in_order
from gui.teach import TeachDialog

FORGOT = "it forgot much of MNIST: 98.1 % → 87.9 %, 10.2 points lost; teach with fewer steps or a lower rate"
MISREAD = [("1/scan.png", 7), ("2/two-a.png", 3), ("4/four.png", 9)]


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 768), QRect(0, 0, 1280, 800), QRect(0, 0, 1440, 900)], ids=str)
def test_a_forgot_line_three_misread_examples_and_three_lines_keep_close_where_cancel_was(
    qtbot, tmp_path, monkeypatch, screen
) -> None:
    """The dialog at the screen's top (no room above), its outcome the longest a teach writes: it grew from 258 to
    418 px downwards, Close 160 px below Cancel, over the chart's top left. It keeps its foot now, Close exactly where
    Cancel was, on its screen, every line of the outcome whole, the bars and the chart no more hidden than as it ran."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    before = dialog.frameGeometry()
    reading = views_in_order(dialog.parentWidget())[1:3]
    hidden = [before.intersected(view) for view in reading]
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run = dialog.process.run
    run.heldout = [(0, 0.62), (40, 0.91)]
    run.mnist_before, run.mnist_after, run.mnist_digits = 0.981, 0.879, 10_000
    run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, THREE_LINES)
    after = settled(qtbot, dialog.frameGeometry)
    assert on_screen(dialog.close_button, dialog.close_button.rect()) == cancel, (before, after)
    assert after.bottom() == before.bottom() and screen.contains(after), (before, after)
    now = [after.intersected(view) for view in reading]
    assert all(a.width() * a.height() <= b.width() * b.height() for a, b in zip(now, hidden, strict=True)), now
    for label in (dialog.status, dialog.summary):  # every line shown: not cut by the dialog's foot
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
    assert dialog.buttons.geometry().bottom() < dialog.height()
    assert "forgot much of MNIST" in dialog.summary.text() and "and 2 more" in dialog.summary.text()


def test_the_room_the_texts_leave_lies_above_the_buttons_not_around_the_status(qtbot, tmp_path, monkeypatch) -> None:
    """The chart gone at the outcome, a dialog taller than its texts (made 24 px taller by hand, less than the chart
    needs to come back) gave the status all the rest: its lines centred in a blank band, 12 px above and below. The
    status is as tall as its lines, the outcome right under the bar, the room above the buttons."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1366, 768))
    run = dialog.process.run
    run.heldout, run.mnist_before, run.mnist_after = [(0, 0.62), (40, 0.91)], 0.981, 0.879
    run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, THREE_LINES)
    settled(qtbot, dialog.frameGeometry)
    assert dialog.chart.isHidden()  # the case
    dialog.resize(dialog.width(), dialog.height() + 24)
    settled(qtbot, dialog.frameGeometry)
    assert dialog.chart.isHidden()
    status, spacing = dialog.status, dialog.layout().spacing()
    assert status.height() == status.heightForWidth(status.width()), (status.height(), status.text())
    assert dialog.summary.y() == dialog.bar.geometry().bottom() + 1 + spacing, (dialog.bar.geometry(), dialog.summary)
    assert dialog.buttons.geometry().bottom() == dialog.height() - 1 - dialog.layout().contentsMargins().bottom()


def test_a_dialog_widened_with_its_chart_gone_is_put_where_close_is_cancels_place(qtbot, tmp_path, monkeypatch) -> None:
    """480×420 free, My examples shown, the dialog 300 px wide as it ran: its outcome grew it 118 px downwards and
    moved it, Close 118 px below and 127 left of Cancel's place (the chart kept); with the chart going it was widened
    to its buttons' row where its left edge was kept, Close 12 px right of it. It widens leftwards over the drawing
    now, put where Close lies exactly at Cancel's place, its foot and right edge kept, the bars clear."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, 480, 420))
    cancel: list[QRect] = []
    finish = TeachDialog.finish

    def seen_then_finish(dialog: TeachDialog, *args, **kwargs) -> None:
        cancel.append(on_screen(dialog.cancel_button, dialog.cancel_button.rect()))
        finish(dialog, *args, **kwargs)

    monkeypatch.setattr(TeachDialog, "finish", seen_then_finish)
    dialog, before = finished_teach_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 480, 420), 300, None)
    after = dialog.frameGeometry()
    assert on_screen(dialog.close_button, dialog.close_button.rect()) == cancel[0], (before, after)
    assert (after.right(), after.bottom()) == (before.right(), before.bottom()), (before, after)
    assert not after.intersects(views_in_order(dialog.parentWidget())[1])
