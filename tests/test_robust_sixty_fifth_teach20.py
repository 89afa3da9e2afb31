"""The sixty-fifth round of hostile testing, teach20: the teach dialog's buttons where it ends against the screen's top
(docs/robustness.md). With no room above it, the dialog grew downwards at its outcome, and Close came below where
Cancel had been; the chart now gives way to the outcome's lines where that keeps the dialog as it was."""

from __future__ import annotations

import pytest
from gui_window import settled, teach_over_the_drawing, window_without_model
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from test_gui_sixteenth import on_screen
from test_robust_sixty_fifth_teach19 import end_the_teach

from gui.screen_room import frame_room, grown_place, views_in_order
from gui.teach import TeachDialog


def teach_filling(qtbot, tmp_path, monkeypatch, screen: QRect) -> TeachDialog:
    """A window filling ``screen`` and its teach dialog, opened as Ctrl+T opens it, its teach not started."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(screen))
    window = window_without_model(qtbot, tmp_path, size=(screen.width(), screen.height()))
    window.move(screen.topLeft())
    settled(qtbot, lambda: (window.canvas.width(), window.size()))
    dialog, _ = teach_over_the_drawing(qtbot, window, tmp_path)
    qtbot.addWidget(dialog)
    settled(qtbot, dialog.frameGeometry)
    return dialog


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 768), QRect(0, 0, 1280, 800)], ids=["1366x768", "1280x800"])
def test_a_dialog_at_the_screens_top_ends_with_close_where_cancel_was(qtbot, tmp_path, monkeypatch, screen) -> None:
    """In a window filling a 1366×768 screen the dialog opened 371×254 at the screen's top (no room above it) and grew
    downwards to 371×302 at its outcome: Close came 48 px below where Cancel had been. The chart gives way instead:
    the dialog keeps its frame, Close lies where Cancel was, the chart no lower than its least, the outcome below it."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    opened = dialog.frameGeometry()
    assert opened.top() == screen.top(), opened  # the case: no room to grow upwards
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    end_the_teach(qtbot, dialog)
    assert dialog.frameGeometry() == opened, (dialog.frameGeometry(), opened)
    assert on_screen(dialog.close_button, dialog.close_button.rect()) == cancel
    chart, summary = dialog.chart.geometry(), dialog.summary.geometry()
    assert chart.height() >= dialog.chart.least_height() and summary.top() > chart.bottom(), (chart, summary)
    assert not any(dialog.frameGeometry().intersects(view) for view in views_in_order(dialog.parentWidget())[1:3])


def test_a_dialog_pushed_down_by_the_screens_top_is_not_said_clear(qtbot, tmp_path, monkeypatch) -> None:
    """Its foot is where its buttons are: grown at the screen's top, its top kept, it is not counted clear (as one
    pushed by the screen's left edge is not), so the chart gives way rather than the buttons move."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1366, 768))
    room = frame_room(dialog)
    before = QRect(630, 0, 300 + room.width(), 200 + room.height())  # between the drawing and the bars, at the top
    place, clear = grown_place(dialog, QSize(300, 248), before)
    assert place.y() == 0 and not clear, (place, clear)
    place, clear = grown_place(dialog, QSize(300, 200), before)
    assert clear and place == before.topLeft(), (place, clear)
