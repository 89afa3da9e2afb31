"""The forty-fifth round of hostile testing, float: "Inside the LSTM" in a window of its own over the belief chart, as
it floats for want of room at 200 % on a 1600×1000 screen (and on a 1366×768 one), walked by keyboard alone in a real
window (Xvfb, openbox, xdotool); each defect measured here offscreen, each test checked to fail on the code before
its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import shown
from PySide6.QtCore import QPoint, QRect, QSettings, Qt
from PySide6.QtGui import QPalette, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.focus_chain import tab_stops
from gui.main_window import MainWindow
from gui.theme import FOCUS_FRAME
from gui.timeline import BeliefTimeline
from rowreader.checkpoint import load_pretrained, pretrained_path
from rowreader.session import DigitSession

# a 1366×768 screen at 200 %, as Qt gives it to the window: the maps wait hidden, and float over the views on Ctrl+L
# (on a 1600×1000 one at 200 % they floated too, till the forty-fifth round's dock docked them beside the views)
SMALL_200 = QRect(0, 0, 683, 384)


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


def _floated_maps(qtbot, tmp_path: Path, monkeypatch, screen: QRect = SMALL_200) -> MainWindow:
    """The window on a 1366×768 screen at 200 % (or ``screen``), a 1 read, the maps shown by Ctrl+L (floating over
    the chart), the keys on the canvas of the active window."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: screen)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(checkpoint=pretrained_path(), settings=settings, user_dir=tmp_path / "mine"))
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    window.session.set_image(_one())
    window.actions_.show_state.trigger()
    qtbot.waitUntil(window.heatmap_dock.isVisible)
    assert window.heatmap_dock.isFloating()
    window.activateWindow()
    window.canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(lambda: window.canvas.hasFocus() and window.isActiveWindow())
    return window


def _tab(backwards: bool = False) -> None:
    """Tab (Shift+Tab) pressed, as the widget with the keys gets it."""
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Backtab if backwards else Qt.Key.Key_Tab)


def _framed(canvas) -> bool:
    """Whether the canvas shows the focus frame Tab gives it, in the highlight colour at its page's left edge."""
    page = canvas.document_rect()
    edge = canvas.grab().toImage().pixelColor(QPoint(round(page.left()) - 1, round(page.center().y())))
    return edge == canvas.palette().color(QPalette.ColorRole.Highlight)


def test_tab_reaches_the_floating_maps_and_comes_back_past_the_chart_they_cover(qtbot, tmp_path, monkeypatch) -> None:
    """At 200 % on a 1600×1000 screen the maps float over the chart, a window of their own. Tab went canvas → chart →
    canvas: it stopped on the chart hidden under the maps (its frame unseen) and never reached the maps. Now Tab goes
    from the canvas (What the model sees and the bars between, since the forty-sixth round) into the maps' window (the
    chart they cover is passed), and on from there back to the canvas; Shift+Tab the other way. The keys are where the
    focus is: the maps' window is made the active one, and the window's. So at 200 % on a 1366×768 screen, where the
    chart lies a scroll away, under the maps wherever it scrolls: since the forty-fifth round's dock the maps float
    there alone, docked beside the views at 200 % on 1600×1000."""
    window = _floated_maps(qtbot, tmp_path, monkeypatch)
    maps, chart, canvas = window.heatmap, window.timeline, window.canvas
    chart_on_screen = QRect(chart.mapToGlobal(QPoint(0, 0)), chart.size())
    assert window.heatmap_dock.frameGeometry().intersects(chart_on_screen)  # the maps lie over the chart
    stops = tab_stops(window)  # since the forty-sixth round What the model sees and the bars come between
    assert stops[0] is canvas and maps in stops and chart not in stops
    for backwards in (False, True):
        for stop in stops[::-1] if backwards else stops[1:] + stops[:1]:
            _tab(backwards)
            qtbot.waitUntil(lambda stop=stop: stop.hasFocus() and stop.window().isActiveWindow())
        assert _framed(canvas)  # reached by Tab, not by the window's activation: framed as Tab frames it
    assert not chart.hasFocus()


def test_the_charts_focus_frame_leaves_its_title_line_whole(qtbot) -> None:
    """The frame the chart shows while it has the keys (2 px along its edges) was drawn over the first pixel columns of
    "Belief over rows", written from the chart's left edge, and over the last of "1: decided at row 9", written to its
    right edge. The title line is written inside the frame: no ink of it lies under the frame, with the keys or not."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    chart = shown(qtbot, BeliefTimeline(session), (560, 300))
    assert chart.decided_at is not None  # the title line has its right part
    image = chart.grab().toImage()
    background = chart.palette().color(chart.backgroundRole())
    line = range(FOCUS_FRAME, chart.fontMetrics().height() + 4)  # the title line's rows under the frame's top edge
    inked = [x for x in range(chart.width()) if any(image.pixelColor(x, y) != background for y in line)]
    assert inked and inked[0] >= FOCUS_FRAME and inked[-1] < chart.width() - FOCUS_FRAME, (inked[0], inked[-1])


def test_escape_in_the_floating_maps_gives_the_keys_back_to_the_window(qtbot, tmp_path, monkeypatch) -> None:
    """In the maps' window of their own, Escape hid the cursor, and a second Escape went to the window behind as Clear:
    the drawing was gone, unseen from where the keys were, and the keys stayed in the maps' window. A second Escape
    there now gives the keys back to the window, to the view that had them (the bars, the last Tab passed), the
    drawing kept; the list of keys says so."""
    window = _floated_maps(qtbot, tmp_path, monkeypatch)
    maps = window.heatmap
    while not maps.hasFocus():  # past What the model sees and the bars, Tab stops since the forty-sixth round
        focused = QApplication.focusWidget()
        _tab()
        qtbot.waitUntil(lambda focused=focused: QApplication.focusWidget() is not focused)
    qtbot.waitUntil(window.heatmap_dock.isActiveWindow)
    QTest.keyClick(maps, Qt.Key.Key_Right)
    assert maps.key_cell is not None
    QTest.keyClick(maps, Qt.Key.Key_Escape)  # the cursor hidden, the keys still there
    assert maps.key_cell is None and maps.hasFocus()
    had = window.focusWidget()  # the bars, passed last on the way (the canvas before the forty-sixth round)
    QTest.keyClick(maps, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: had.hasFocus() and window.isActiveWindow())
    assert window.session.image is not None and had is window.bars
    rows = dict(window.actions_.shortcut_rows())  # Help ▸ Keyboard shortcuts says so
    assert rows["A panel in a window of its own: keys back to the window"] == "Esc, Tab"


def test_a_floating_dock_over_a_corner_of_a_view_leaves_it_a_tab_stop(qtbot, tmp_path, monkeypatch) -> None:
    """Tab passed any view a floating dock touched: My examples in a window of its own over a corner of the drawing
    took the drawing out of Tab's reach. A view is passed only where floating docks hide half or more of its part in
    view (the chart under the maps, the first test); a corner covered, it is still reached."""
    window = _floated_maps(qtbot, tmp_path, monkeypatch)
    examples, canvas = window.teaching.dock, window.canvas
    examples.show()
    examples.setFloating(True)
    qtbot.waitUntil(lambda: examples.isVisible() and examples.isFloating())
    corner = canvas.mapToGlobal(QPoint(canvas.width() // 2, canvas.height() // 2))
    examples.resize(canvas.width() // 3, canvas.height() // 3)
    qtbot.waitUntil(lambda: examples.isVisible())
    examples.move(corner)
    qtbot.waitUntil(lambda: examples.frameGeometry().contains(corner + QPoint(4, 4)))
    stops = tab_stops(window)
    assert canvas in stops and window.heatmap in stops
