"""The forty-sixth round of hostile testing, keys2: the main window used by keyboard alone after one drawing made with
the mouse, in a real window (Xvfb, openbox, xdotool) at 100 % and 200 %, light and dark; each defect measured here
offscreen, each test checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import keyed, open_shipped_window, shown
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QColor, QPalette, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton, QApplication

from gui.belief_bars import BeliefBars
from gui.input_view import ModelInputView
from gui.main_window import MainWindow
from gui.numbers import belief_percent
from gui.theme import FOCUS_FRAME, TITLE_INSET
from rowreader.checkpoint import load_pretrained, pretrained_path
from rowreader.session import DigitSession


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


def _read(rows: int) -> DigitSession:
    """A session of the shipped model with a 1 read to ``rows``."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(rows)
    return session


def test_tab_reaches_what_the_model_sees_and_the_bars_in_reading_order(qtbot, tmp_path) -> None:
    """With a digit read, Tab went canvas → chart → maps → canvas: What the model sees and the bars were never reached,
    so a keyboard user could read neither the model's input nor pick a digit there. Tab now runs in reading order,
    canvas → What the model sees → the bars → the chart → the maps; with nothing read the three are passed, as
    before; Help ▸ Keyboard shortcuts lists their keys."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(window.canvas.hasFocus)

    def walk() -> list:
        seen = []
        for _ in range(6):
            QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
            seen.append(QApplication.focusWidget())
        return seen

    passed = (window.input_view, window.bars, window.timeline)
    assert not set(walk()) & set(passed)  # nothing read: the views with nothing to read are passed
    window.canvas.setFocus(Qt.FocusReason.TabFocusReason)
    window.session.set_image(_one())
    qtbot.waitUntil(lambda: window.session.position == 28)
    float_button = window.heatmap_dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")  # a stop since the 50th
    assert walk() == [window.input_view, window.bars, window.timeline, window.heatmap, float_button, window.canvas]
    rows = dict(window.actions_.shortcut_rows())  # Help ▸ Keyboard shortcuts says what their keys do
    assert rows["Live belief (Tab to it): pick a digit, its line too / drop it"] == "↑, ↓, Home, End / Esc"
    assert rows["What the model sees (Tab to it): pixel cursor"] == "arrows, Home, End"


def test_the_keys_pick_a_digit_on_the_bars_as_the_pointer_does(qtbot) -> None:
    """The bars took no keys: pointing at a bar picks its digit out (here and its line on the chart) and the mouse
    alone could. With the keys on the bars, ↑ and ↓ pick a digit (the first press the leader), Home and End 0 and 9,
    told to the window as the pointer's pick is, framed; the screen reader hears the picked digit's value; Esc drops
    the pick (a second Esc is the window's Clear again), and so does leaving."""
    session = _read(28)
    bars = keyed(qtbot, BeliefBars(session), (300, 240))
    picks = []
    bars.highlighted.connect(picks.append)
    leader = int(np.argmax(bars.probs))
    QTest.keyClick(bars, Qt.Key.Key_Down)
    assert bars.highlight == leader and picks == [leader]
    assert bars.accessibleDescription() == f"{leader} after row 28: {belief_percent(float(bars.probs[leader]))}"
    QTest.keyClick(bars, Qt.Key.Key_Down)
    assert bars.highlight == min(leader + 1, 9)
    QTest.keyClick(bars, Qt.Key.Key_Home)
    QTest.keyClick(bars, Qt.Key.Key_Up)  # stays at 0
    assert bars.highlight == 0 and bars.accessibleDescription().startswith("0 after row 28: ")
    QTest.keyClick(bars, Qt.Key.Key_End)
    assert bars.highlight == 9 and picks[-1] == 9
    highlight = bars.palette().color(QPalette.ColorRole.Highlight)
    assert QColor(bars.grab().toImage().pixel(0, bars.height() // 2)) == highlight  # framed
    QTest.keyClick(bars, Qt.Key.Key_Escape)
    assert bars.highlight is None and picks[-1] is None and bars.accessibleDescription() == bars.spoken()
    assert not bars.takes_key(Qt.Key.Key_Escape)  # the window's Clear, as before
    QTest.keyClick(bars, Qt.Key.Key_Up)
    bars.clearFocus()
    qtbot.waitUntil(lambda: not bars.hasFocus())
    assert bars.highlight is None and picks[-1] is None


def test_the_keys_read_the_pixels_of_what_the_model_sees(qtbot) -> None:
    """What the model sees took no keys: a pixel's ink was read by pointing alone, and a row picked by a click. With
    the keys there, the arrows move a pixel cursor (first at the middle of the row read last), Home and End to a
    row's ends; the screen reader hears the pixel's read-out, the pointer's words; Enter reads to its row as a click
    does; Esc hides it, and so does leaving."""
    session = _read(10)
    view = keyed(qtbot, ModelInputView(session), (240, 240))
    plain = view.accessibleDescription()
    QTest.keyClick(view, Qt.Key.Key_Right)
    assert view.key_cell == (9, 14)
    assert view.accessibleDescription() == "Row 10, column 15: ink 1.00 (read)"
    QTest.keyClick(view, Qt.Key.Key_Down)
    QTest.keyClick(view, Qt.Key.Key_Home)
    QTest.keyClick(view, Qt.Key.Key_Left)  # stays at column 1
    assert view.key_cell == (10, 0) and view.accessibleDescription() == "Row 11, column 1: ink 0.00 (still to come)"
    with qtbot.waitSignal(view.seek_requested) as sought:
        QTest.keyClick(view, Qt.Key.Key_Return)
    assert sought.args == [11]
    QTest.keyClick(view, Qt.Key.Key_End)
    assert view.key_cell == (10, 27)
    QTest.keyClick(view, Qt.Key.Key_Escape)
    assert view.key_cell is None and view.accessibleDescription() == plain
    assert not view.takes_key(Qt.Key.Key_Escape)
    QTest.keyClick(view, Qt.Key.Key_Up)
    view.clearFocus()
    qtbot.waitUntil(lambda: not view.hasFocus())
    assert view.key_cell is None


def test_the_bars_write_nothing_under_their_focus_frame(qtbot) -> None:
    """Reached by Tab, the bars' frame lay over the first pixel columns of "Belief after row 28/28: …" (its B cut in
    half at 100 %) and over the true label's tick (✓ half hidden, in the dark scheme too), as the chart's over its
    title before the forty-fifth round. Both are written inside the frame, from the chart's title inset
    (``theme.TITLE_INSET``): nothing but the frame lies in its columns."""
    session = DigitSession(load_pretrained())
    session.set_image(_one(), label=1)
    session.seek(28)
    bars = keyed(qtbot, BeliefBars(session), (300, 240))
    image = bars.grab().toImage()
    ratio = image.devicePixelRatio()
    background = bars.palette().color(bars.backgroundRole())
    highlight = bars.palette().color(QPalette.ColorRole.Highlight)
    edge = range(round(FOCUS_FRAME * ratio), round((bars.height() - FOCUS_FRAME) * ratio))
    inked = [x for x in range(image.width()) for y in edge if QColor(image.pixel(x, y)) not in (background, highlight)]
    assert min(inked) >= round(TITLE_INSET * ratio), min(inked)


def test_maps_shown_floating_over_the_chart_with_the_keys_take_them(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1366×768 screen (683×384 to Qt) Ctrl+L shows the maps in a window of their own over the chart.
    With the keys on the chart, openbox left them there, the window still active, the chart under the maps, its frame
    and its cursor unseen (← and → moved a cursor no one saw) until a Tab. Offscreen the new window takes the keys on
    its own; as openbox leaves them (the window active again, the chart keyed) and the maps placed over it, as the
    window places them once shown: the keys go on along the chain to the maps, framed, their window made active."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, 683, 384))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(checkpoint=pretrained_path(), settings=settings, user_dir=tmp_path / "mine"))
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    window.session.set_image(_one())
    dock, chart = window.heatmap_dock, window.timeline
    assert dock.isHidden()  # no room: they wait hidden
    window.actions_.show_state.trigger()
    qtbot.waitUntil(lambda: dock.isVisible() and dock.isFloating() and dock.isActiveWindow())
    window.activateWindow()  # where openbox leaves the keys
    chart.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: chart.hasFocus() and window.isActiveWindow())
    dock.move(dock.pos() + QPoint(1, 0))  # placed anew, over the chart still
    qtbot.waitUntil(lambda: window.heatmap.hasFocus() and dock.isActiveWindow())


def test_a_pointer_on_the_chart_takes_over_the_bars_keyed_pick(qtbot) -> None:
    """A digit picked on the bars by the keys, then the pointer moved onto the chart's line of another (the window
    lights that bar): the bars showed the pointer's digit but went on saying the keys' one, and with the pointer gone no
    bar was lit while the keys' pick was still held. The pointer's pick takes over, as the pointer on the bars' own
    does: the keys' pick is dropped and the bars say their reading again."""
    bars = keyed(qtbot, BeliefBars(_read(28)), (300, 240))
    QTest.keyClick(bars, Qt.Key.Key_Down)
    leader = bars.highlight
    other = (leader + 3) % 10
    bars.set_highlight(other)  # as MainWindow does for the chart's pointer
    assert bars.highlight == other and bars.key_digit is None
    said = bars.accessibleDescription()
    assert said == bars.spoken() and said.startswith(bars.header_text()) and not said.startswith(f"{leader} after")
