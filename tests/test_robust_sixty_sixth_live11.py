"""The sixty-sixth round's live11: the app keeping up while a drag on the belief chart is held. The lines under the
pointer are worked out once a paint, and every view, the status line and the toolbar still say the row the drag has
reached after each move. Seen failing on the code before the fix (5 workings-out a paint)."""

from __future__ import annotations

from gui_window import open_shipped_window
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_reading import hover

from gui.demo import draw_digit
from rowreader.model import ROWS

VIEWS = ("timeline", "bars", "input_view", "heatmap")


def test_a_held_drag_on_the_chart_works_out_the_lines_under_the_pointer_once_a_paint(qtbot, tmp_path) -> None:
    """A drag of 150 moves, 3 an event-loop pass, each on a new row: every move worked out the lines under the
    pointer, and every row read did again, 5 times a paint (0.5 ms each). Now once a paint, before the window paints;
    and read after any move, the chart's lines are those under the pointer then, its row the drag's, as the session's,
    the other views', the status line's and the toolbar's."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    timeline, plot = window.timeline, window.timeline.plot_rect()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(14, plot)), 60))
    QApplication.processEvents()
    worked_out = [0]
    own = timeline.readers_at

    def counted(pos: QPointF) -> list[tuple[int, bool]]:
        worked_out[0] += 1
        return own(pos)

    timeline.readers_at = counted
    paints = timeline.paint_count
    for move in range(150):
        at = move % 54
        row = 1 + (at if at < 27 else 54 - at)  # each move a new row: 1 … 28 … 1
        hover(timeline, timeline.x_of(row, plot), 60 + move % 7, Qt.MouseButton.LeftButton)
        if move % 3 == 2:
            QApplication.processEvents()
    QApplication.processEvents()
    paints = timeline.paint_count - paints
    assert paints >= 40 and worked_out[0] <= paints + 1, (worked_out[0], paints)
    # read as a test (or a screen reader's question) reads it, after each move, a pass under way
    for move, row in enumerate((20, 21, 9, 9, 26)):
        y = 55.0 + 9 * move
        hover(timeline, timeline.x_of(row, plot), y, Qt.MouseButton.LeftButton)
        position = window.session.position
        assert timeline.hover_row == row and position in (row, 20)  # a pass's first move at once, the rest waiting
        assert {getattr(window, name)._rows_read for name in VIEWS} == {position}
        assert window.status.position_label.text().endswith(f"row {position}/{ROWS}")
        assert window.actions_.back.isEnabled() and window.actions_.forward.isEnabled() == (position < ROWS)
        expected = own(QPointF(timeline.x_of(row, plot), y))
        assert timeline.hover_readers == expected and timeline.hover_lines == [d for d, _ in expected]
        assert timeline.highlight == (expected[0][0] if expected else None) == window.bars.highlight
    QApplication.processEvents()
    assert window.session.position == 26 and timeline.hover_row == 26
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(26, plot)), 60))
