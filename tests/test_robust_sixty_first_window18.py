"""The sixty-first round of hostile testing, window18: the window's tooltips, dialogs and layout in a real X window
(Xvfb :93 with openbox, 100/150/200 %). Each defect found is seen failing on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import finished_teach_on
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtWidgets import QWidget

from gui import screen_room, teach

LOW_SCREEN = QRect(0, 0, 1600, 260)  # a screen only a little taller than a long tip


def tip_at(qtbot, size: QSize, pointer: QPoint) -> QWidget:
    """A widget of ``size`` standing for a tooltip, shown at the screen's top-left, the pointer at ``pointer``."""
    tip = QWidget()
    qtbot.addWidget(tip)
    tip.resize(size)
    tip.move(LOW_SCREEN.topLeft())
    QCursor.setPos(pointer)
    assert QCursor.pos() == pointer
    return tip


def test_a_tip_with_no_room_above_or_below_the_pointer_goes_beside_it(qtbot, monkeypatch) -> None:
    """On a 1600×260 screen (a real window on Xvfb), Shift+F1's status message of 13 lines (204×188 px) opened with
    the pointer resting on the bar at y 130: no room above it nor below, and it was moved over the pointer, which
    closed it at once (gone by 0.5 s). Now it goes beside the pointer, the side nearer where it belongs first, on the
    screen and clear of the pointer; clear of what it describes where a side is; where it fits nowhere, it stays
    where Qt opened it (to a side of the pointer where Qt finds room)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: LOW_SCREEN)
    monkeypatch.setattr(QGuiApplication, "screenAt", lambda p: None)  # the tip's screen, patched above
    size, arrow, gap = QSize(204, 188), screen_room.POINTER_ROOM, screen_room.GAP
    for pointer, corner, moved in (
        (QPoint(151, 130), QPoint(101, 0), QPoint(151 + arrow, 0)),  # right: nearer the corner
        (QPoint(400, 130), QPoint(300, 100), QPoint(400 - gap - 204, 72)),  # left: nearer; kept on the screen
        (QPoint(1590, 130), QPoint(1500, 0), QPoint(1590 - gap - 204, 0)),  # no room right
        (QPoint(100, 130), QPoint(0, 0), QPoint(100 + arrow, 0)),  # no room left
    ):
        tip = tip_at(qtbot, size, pointer)
        place = screen_room.off_the_pointer(tip, corner)
        assert place == moved, (pointer, corner, place)
        assert not QRect(place, size).contains(pointer) and LOW_SCREEN.contains(QRect(place, size)), place
    pointer = QPoint(400, 130)  # the nearer side covers what it describes: the other side
    keep = QRect(150, 0, 100, 260)
    tip = tip_at(qtbot, size, pointer)
    assert screen_room.off_the_pointer(tip, QPoint(300, 0), keep) == QPoint(400 + arrow, 0)
    wide = tip_at(qtbot, QSize(1500, 188), pointer)  # no side has room: where Qt opened it
    assert screen_room.off_the_pointer(wide, QPoint(0, 0)) == LOW_SCREEN.topLeft()


@pytest.mark.parametrize("wide", [306, 310])
def test_a_finished_teach_a_few_px_short_of_its_buttons_row_lays_them_in_a_row(
    qtbot, tmp_path, monkeypatch, wide
) -> None:
    """The finished dialog's width is searched from the width it had while it ran, in steps: a teach again at 200 %
    on 1366×768 (a real window), its running dialog 348 px wide, ended 348 px wide with its three buttons one under
    the other, where the row needed 352 and a first teach, from 250 px, got 352 and its buttons in a row. Offscreen
    alike (683×420 free, the dialog 306 or 310 px wide as it ran, the row 312): it stayed so, its buttons stacked.
    Now a width less than a step short of the row takes the row's, its buttons in a row, within the screen."""
    free = QRect(0, 0, 683, 420)
    dialog, _ = finished_teach_on(qtbot, tmp_path, monkeypatch, free, wide, None)
    buttons = [b for b in dialog.buttons.buttons() if not b.isHidden()]
    assert len(buttons) == 3 and dialog.buttons.orientation() == Qt.Orientation.Horizontal, dialog.width()
    assert len({b.geometry().top() for b in buttons}) == 1, [b.geometry() for b in buttons]
    assert wide < dialog.width() <= wide + teach.WIDEN_STEP and free.contains(dialog.frameGeometry())
    assert dialog.buttons.geometry().bottom() < dialog.height()
