"""The sixtieth round of hostile testing, review46: window17's and live1's merges read for their edges, and the teach
dialog review44 left. Each defect found is seen failing on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import keyed, settled, until, window_without_model
from PySide6.QtCore import QPoint, QRect, Qt
from PySide6.QtGui import QCursor, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolTip
from test_robust_fifty_ninth_window16 import AT_200_ON_1024X600, whole
from test_robust_fifty_seventh_window14 import finished_teach

from gui.input_view import ModelInputView
from gui.screen_room import shown_tip
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def test_the_finished_teach_dialog_moved_onto_a_small_screen_fits_it(qtbot, tmp_path, monkeypatch) -> None:
    """Finished on a 1600×1000 screen, then dragged onto a laptop's (200 % on 1024×600: 512×300 logical px), the
    dialog stayed 524×424 with its chart, Close below the screen's foot (review44): only a chart that went was looked
    at again. Now, once it lies still there, it is fitted to that screen as one finished there is: its outcome whole,
    the chart given way or gone, every part on the screen."""
    screen = [QRect(0, 0, 1600, 1000)]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: screen[0])
    dialog = finished_teach(qtbot, window_without_model(qtbot, tmp_path), tmp_path)
    assert not dialog.chart.isHidden()  # room for it on the large screen
    screen[0] = AT_200_ON_1024X600
    dialog.windowHandle().screenChanged.emit(dialog.screen())  # as the window system says of a drag to a laptop
    until(qtbot, lambda: AT_200_ON_1024X600.contains(dialog.frameGeometry()))
    settled(qtbot, dialog.frameGeometry)
    whole(dialog)


def test_the_pixel_read_out_moved_off_a_resting_pointer_leaves_the_picture_in_sight(qtbot) -> None:
    """The arrow keys' read-out of a pixel opens under the picture of What the model sees; with the pointer resting
    there, window17 moved it just above the pointer, over the picture's last rows: at 200 % on 1366×768 (a real
    window) "Row 27, column 28" lay over the very pixel it read out. Now it goes just below the pointer where above
    covers the picture, still clear of the pointer."""
    session = DigitSession(load_pretrained())
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:16] = 1.0  # a 1
    session.set_image(image)
    view = keyed(qtbot, ModelInputView(session), (240, 260))
    QTest.keyClick(view, Qt.Key.Key_Up)
    where = shown_tip().frameGeometry()  # under the picture, the pointer away (conftest puts it off the screen)
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QCursor.setPos(where.topLeft() + QPoint(30, 2))  # resting at the picture's foot, where the read-out opens
    QTest.keyClick(view, Qt.Key.Key_Down)
    tip = shown_tip()
    assert tip is not None
    picture = QRect(view.mapToGlobal(view.tip_clear_of().topLeft()), view.tip_clear_of().size())
    assert not tip.frameGeometry().contains(QCursor.pos()), (tip.frameGeometry(), QCursor.pos())
    assert not tip.frameGeometry().intersects(picture), (tip.frameGeometry(), picture)
