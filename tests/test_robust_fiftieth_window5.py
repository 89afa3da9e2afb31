"""The fiftieth round of hostile testing, window5: a user's first hour in a real window (Xvfb, openbox, xdotool) at
1600×1000 and at 200 %: digits drawn in several styles, the rows played and stepped, the chart and the bars pointed
at, pictures opened and pasted, the docks floated and docked, the window at its least and closed and opened again;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import settled, shown, window_without_model
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QTabBar

from gui.timeline import BeliefTimeline
from rowreader.session import DigitSession


def test_the_empty_charts_note_is_not_struck_through_by_its_grid(qtbot):
    """The empty chart's "the belief after each row appears here" lay on the 50 % grid line, which ran through the
    middle of its letters as a strike-through (and row 14's line through "each"), at 100 % and 200 %: the note is
    written on the plot's own colour, the grid kept off it."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    image = chart.grab().toImage()
    ratio = image.devicePixelRatio()
    plot = chart.plot_rect()
    flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
    note = chart.fontMetrics().boundingRect(plot.toRect(), int(flags), chart._empty_note())
    y = int(chart.y_of(0.5, plot) * ratio)
    grid = QColor(image.pixel(int((plot.left() + 3) * ratio), y))  # the 50 % line, left of the note
    row = [QColor(image.pixel(x, y)) for x in range(int(note.left() * ratio), int(note.right() * ratio))]
    on_the_line = sum(colour == grid for colour in row)
    assert on_the_line < len(row) // 20, f"{on_the_line} of the note's {len(row)} px on the 50 % line are the grid's"


def _front_tab(window) -> list[str]:
    """The names on the front tab of each tab group of the window's docks."""
    return [bar.tabText(bar.currentIndex()) for bar in window.findChildren(QTabBar) if bar.count()]


@pytest.mark.parametrize("shown_again", ["Inside the LSTM", "My examples"])
def test_a_dock_shown_again_comes_to_the_front_of_its_tabs(qtbot, tmp_path, shown_again):
    """My examples dragged onto "Inside the LSTM" made them tabs of one dock; Ctrl+L twice (hidden, shown again)
    brought the maps back as the tab behind My examples, out of sight, as if Ctrl+L did nothing (so Teach ▸ My
    examples behind the maps): a dock shown again by its command is the front tab, in sight."""
    window = window_without_model(qtbot, tmp_path, size=(1100, 720))
    examples, maps = window.teaching.dock, window.heatmap_dock
    examples.show()
    window.tabifyDockWidget(maps, examples)
    dock = maps if shown_again == "Inside the LSTM" else examples
    dock.raise_()  # in front, as where it was left; then hidden and shown again by its command
    qtbot.waitUntil(lambda: _front_tab(window) == [shown_again])
    command = dock.toggleViewAction()
    command.trigger()
    qtbot.waitUntil(lambda: dock.isHidden())
    settled(qtbot, lambda: tuple(_front_tab(window)))  # the other alone, the layout done with the hide
    command.trigger()
    qtbot.waitUntil(lambda: not dock.isHidden())
    # as the layout has settled: the shown dock's tab was in front for a moment, then the other's again
    assert settled(qtbot, lambda: tuple(_front_tab(window)), polls=20) == (shown_again,)
    assert not dock.visibleRegion().isEmpty()
