"""The sixtieth round of hostile testing, window17: the whole app in a real window (Xvfb, openbox, xdotool; 200 % on
1366×768, the dark scheme, the keyboard alone), each defect seen there driven here offscreen (pytest-qt); each test
is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import keyed, open_shipped_window
from PySide6.QtCore import QEvent, QObject, QPoint, QRect, Qt
from PySide6.QtGui import QCursor
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from gui.input_view import ModelInputView
from gui.screen_room import shown_tip
from gui.status_line import WHOLE
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


class TipPlaces(QObject):
    """Every place a tooltip's window takes as it shows and moves: where one lay over the pointer even for a moment,
    X took the pointer off the widget below, and Qt closed the tooltip 0.3 s later."""

    def __init__(self) -> None:
        super().__init__()
        self.places: list[QRect] = []
        QApplication.instance().installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        shown = event.type() in (QEvent.Type.Show, QEvent.Type.Move) and isinstance(watched, QWidget)
        if shown and watched.inherits("QTipLabel") and watched.isVisible():
            self.places.append(watched.frameGeometry())
        return False

    def over_the_pointer(self) -> list[QRect]:
        pointer = QCursor.pos()
        return [place for place in self.places if place.contains(pointer)]

    def close(self) -> None:
        QApplication.instance().removeEventFilter(self)


def _opened_twice(qtbot, open_it, pointer_in: QPoint) -> tuple[QRect, TipPlaces]:
    """Where ``open_it()`` opens its tooltip with the pointer away (conftest puts it far off the screen), and the places
    it takes when opened again with the pointer resting ``pointer_in`` that first place."""
    open_it()
    first = shown_tip()
    assert first is not None
    where = first.frameGeometry()
    QToolTip.hideText()  # in 0.3 s: a tooltip showing is only moved
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QCursor.setPos(where.topLeft() + pointer_in)
    places = TipPlaces()
    try:
        open_it()
    finally:
        places.close()
    return where, places


def test_the_status_bar_in_full_opens_clear_of_a_resting_pointer(qtbot, tmp_path: Path) -> None:
    """Shift+F1 opened the status bar in full just above the bar, over the pointer where a keyboard user had left it
    (the drawing's foot, at 200 % on 1366×768): X took the pointer off the drawing for the tooltip, and Qt closed it
    0.3 s later, unread. It now opens clear of the pointer, above it, and still above the bar."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    bar = window.statusBar()

    def shift_f1() -> None:
        QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)

    where, places = _opened_twice(qtbot, shift_f1, QPoint(60, 30))
    assert QToolTip.isVisible() and places.places
    assert not places.over_the_pointer(), (places.places, QCursor.pos())
    assert places.places[-1].bottom() < bar.mapToGlobal(QPoint(0, 0)).y()  # still above the bar
    assert places.places[-1].bottom() < QCursor.pos().y() < where.bottom()


def test_the_pixel_read_out_of_the_keys_opens_clear_of_a_resting_pointer(qtbot) -> None:
    """The arrow keys' read-out of a pixel in What the model sees opened under the picture, over a pointer left at the
    chart's title there, and went 0.3 s later, unread. It now opens clear of the pointer, wherever it rests."""
    session = DigitSession(load_pretrained())
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:16] = 1.0  # a 1
    session.set_image(image)
    view = keyed(qtbot, ModelInputView(session), (240, 260))

    def up() -> None:
        QTest.keyClick(view, Qt.Key.Key_Up)

    where, places = _opened_twice(qtbot, up, QPoint(30, 10))
    assert QToolTip.isVisible() and places.places
    assert not places.over_the_pointer(), (places.places, QCursor.pos())
    assert where.contains(QCursor.pos())  # where it would have opened


def test_the_status_bar_in_full_follows_the_message_said_while_it_shows(qtbot, tmp_path: Path) -> None:
    """Shift+F1 pressed as the window started showed "Now reading with the shipped model" whole, and kept it while the
    bar went on to "No room for Inside the LSTM on this screen; Ctrl+L shows it": the bar in full said what the bar no
    longer did. It now follows each message said while it shows (unsaid: say() says it); closed by Esc, it stays
    closed."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    window.status.say("A first message")
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert QToolTip.isVisible() and "A first message" in QToolTip.text()
    window.status.say("A second message", tip="A second message, whole.\nWhat to do next.")
    assert QToolTip.isVisible()
    assert QToolTip.text().startswith("A second message, whole.\nWhat to do next.\n"), QToolTip.text()
    label = window.status.model_label
    assert (label.property(WHOLE) or label.text()) in QToolTip.text()
    QTest.keyClick(window, Qt.Key.Key_Escape)  # closes it, in 0.3 s
    window.status.say("A third message")
    qtbot.waitUntil(lambda: not QToolTip.isVisible())


def test_the_status_bar_in_full_follows_the_rows_read_while_it_shows(qtbot, tmp_path: Path) -> None:
    """Shift+F1 pressed as a scan began kept "Scanning · row 1/28" while the bar beside it went on to "row 4/28". It
    now follows the position as the rows are read (unsaid: a screen reader would hear every row)."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:16] = 1.0  # a 1
    window.session.set_image(image)
    QTest.keyClick(window, Qt.Key.Key_Home)  # before the first row
    QTest.keyClick(window, Qt.Key.Key_Right)
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    before = window.status.position_label.text()
    assert QToolTip.isVisible() and before in QToolTip.text()
    QTest.keyClick(window, Qt.Key.Key_PageDown)  # 7 rows on
    after = window.status.position_label.text()
    assert after != before
    assert QToolTip.isVisible() and after in QToolTip.text() and before not in QToolTip.text(), QToolTip.text()
