"""The sixty-eighth round of hostile testing, review80: teach24's teach dialog placement reviewed (docs/robustness.md).
Its chart now goes before the dialog grows downwards, but where no width keeps its foot, it stayed as narrow as it ran:
a nine-line outcome with misread examples and three warnings at the screen's top on 1024×768 and 1366×768 grew 160 px
down at 375 px wide, Close as far below Cancel's place and over the window's chart, where a width over the drawing
(which a teach changes not) held its lines 20–34 px lower. It widens leftwards over the drawing first now."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QRect
from test_gui_sixteenth import on_screen
from test_robust_sixty_eighth_teach24 import SKIPPED_ONE, ended_with_nine_lines
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_sixth_live12 import WARNINGS

from gui.screen_room import views_in_order


def hidden(frame: QRect, view: QRect) -> int:
    """The px² of ``view`` that ``frame`` covers."""
    part = frame.intersected(view)
    return part.width() * part.height()


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 768), QRect(0, 0, 1366, 768)], ids=["1024x768", "1366x768"])
def test_a_nine_line_outcome_at_the_screens_top_widens_over_the_drawing_before_growing_down(
    qtbot, tmp_path, monkeypatch, screen
) -> None:
    """Three warnings while it ran, then the nine-line outcome, a forgot line and three misread examples, the dialog
    (375×258) at the screen's top: its chart went, but it grew 160 px downwards at its width, Close 160 px below
    Cancel's place, over 227×72 px of the window's chart (on 1024×768), where 679–727 px wide over the drawing it
    needed 20–34 px more. It widens leftwards over the drawing now, its top and right edge kept: Close right under
    Cancel's place, less than 48 px lower, the window's bars and chart no more hidden than as it ran."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    before, cancel, after = ended_with_nine_lines(qtbot, dialog, [*WARNINGS, SKIPPED_ONE])
    assert before.top() == screen.top(), before  # the case: no room above it
    assert (after.top(), after.right()) == (before.top(), before.right()) and screen.contains(after), (before, after)
    close = on_screen(dialog.close_button, dialog.close_button.rect())
    lower = close.bottom() - cancel.bottom()
    assert close.right() == cancel.right() and 0 <= lower < 48, (before, after, close, cancel)
    for view in views_in_order(dialog.parentWidget())[1:3]:  # the bars, the chart
        assert hidden(after, view) <= hidden(before, view), (before, after, view)
    for label in (dialog.status, dialog.summary):  # every line shown
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
    assert dialog.buttons.geometry().bottom() < dialog.height()
