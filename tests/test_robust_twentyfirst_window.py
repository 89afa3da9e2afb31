"""The twenty-first round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to
fail on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_gui_reading import hover

from gui.actions import PAGE_ROWS
from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.model import ROWS


@pytest.fixture
def window(qtbot, tmp_path) -> MainWindow:
    shown = open_shipped_window(qtbot, tmp_path, activate=True)
    draw_digit(shown.canvas, "7")
    return shown


def test_twentyfirst_window_page_up_and_down_move_the_row(window: MainWindow) -> None:
    """PageUp and PageDown did nothing on any view, where ← → Home and End move the row looked at: they go 7 rows
    (the chart's grid) back and on, pausing, and stop at either end."""
    actions, session = window.actions_, window.session
    QTest.keyClick(window.timeline, Qt.Key.Key_Home)
    assert not actions.page_back.isEnabled() and actions.page_forward.isEnabled()
    for expected in (PAGE_ROWS, 2 * PAGE_ROWS, 3 * PAGE_ROWS, ROWS):
        QTest.keyClick(window.timeline, Qt.Key.Key_PageDown)
        assert session.position == expected
    assert not actions.page_forward.isEnabled()
    QTest.keyClick(window.heatmap, Qt.Key.Key_PageUp)
    assert session.position == ROWS - PAGE_ROWS and window.status.position_label.text().startswith("Paused")


def test_twentyfirst_window_the_maps_say_a_row_is_not_read_yet(window: MainWindow) -> None:
    """Past the rows read the maps said nothing under the pointer, where the chart says "row 20: not read yet;
    click to read to it": the maps and the belief-change strip say it too, and a click there reads to it."""
    heatmap = window.heatmap
    window.heatmap_dock.show()
    window.session.player.seek(5)
    strip, hidden, _, _ = heatmap._layout()
    for rect in (hidden, strip):
        hover(heatmap, rect.center().x(), rect.top() + rect.height() * 19.5 / ROWS)
        assert heatmap.readout() == "row 20: not read yet; click to read to it"
        assert not heatmap.readout_rect().isEmpty()
    QTest.mouseClick(heatmap, Qt.MouseButton.LeftButton, pos=hidden.center().toPoint())
    assert window.session.position == 15
