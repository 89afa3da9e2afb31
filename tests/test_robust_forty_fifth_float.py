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

from gui.main_window import MainWindow
from rowreader.checkpoint import pretrained_path

SCREEN_200 = QRect(0, 0, 800, 500)  # a 1600×1000 screen at 200 %, as Qt gives it to the window


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


def _floated_maps(qtbot, tmp_path: Path, monkeypatch) -> MainWindow:
    """The window on a 1600×1000 screen at 200 %, a 1 read, the maps shown by Ctrl+L (floating over the chart), the
    keys on the canvas of the active window."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: SCREEN_200)
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
    from the canvas into the maps' window (the chart they cover is passed), and on from there back to the canvas; Shift
    +Tab the other way. The keys are where the focus is: the maps' window is made the active one, and the window's."""
    window = _floated_maps(qtbot, tmp_path, monkeypatch)
    maps, chart, canvas = window.heatmap, window.timeline, window.canvas
    chart_on_screen = QRect(chart.mapToGlobal(QPoint(0, 0)), chart.size())
    assert window.heatmap_dock.frameGeometry().intersects(chart_on_screen)  # the maps lie over the chart
    for backwards in (False, True):
        _tab(backwards)
        qtbot.waitUntil(lambda: maps.hasFocus() and window.heatmap_dock.isActiveWindow())
        _tab(backwards)
        qtbot.waitUntil(lambda: canvas.hasFocus() and window.isActiveWindow())
        assert _framed(canvas)  # reached by Tab, not by the window's activation: framed as Tab frames it
    assert not chart.hasFocus()
