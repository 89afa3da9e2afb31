"""The sixty-sixth round's live11: the app keeping up while a drag on the belief chart is held. The lines under the
pointer are worked out once a paint, each view refreshed once a paint, and every view, the status line and the toolbar
say the row read after each move. Each test was seen failing on the code before its fix (5 workings-out a paint; 2
refreshes a view a paint)."""

from __future__ import annotations

from gui_window import open_shipped_window
from PySide6.QtCore import QPoint, QPointF, QRectF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_reading import hover

from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.timeline import BeliefTimeline
from rowreader.model import ROWS

VIEWS = ("timeline", "bars", "input_view", "heatmap")


def _drag_on_the_chart(window: MainWindow, qtbot, tmp_path) -> tuple[BeliefTimeline, QRectF]:
    """The chart of a window reading a 4, a drag held on it from row 14."""
    draw_digit(window.canvas, "4")
    timeline, plot = window.timeline, window.timeline.plot_rect()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(14, plot)), 60))
    QApplication.processEvents()
    return timeline, plot


def _row_of(move: int) -> int:
    """The row of a quick drag's ``move``: 1 … 28 … 1, a new row each move."""
    at = move % 54
    return 1 + (at if at < 27 else 54 - at)


def _fast_drag(timeline: BeliefTimeline, plot: QRectF, moves: int = 150) -> None:
    """A drag of ``moves`` moves, 3 an event-loop pass (:func:`_row_of`), as a quick hand's."""
    for move in range(moves):
        hover(timeline, timeline.x_of(_row_of(move), plot), 60 + move % 7, Qt.MouseButton.LeftButton)
        if move % 3 == 2:
            QApplication.processEvents()
    QApplication.processEvents()


def _all_at_the_row_read(window: MainWindow) -> None:
    """Every view, the status line and the toolbar at the session's row."""
    position = window.session.position
    assert {getattr(window, name)._rows_read for name in VIEWS} == {position}
    assert len(window.timeline.probabilities) == position
    assert window.status.position_label.text().endswith(f"row {position}/{ROWS}")
    assert window.actions_.back.isEnabled() == (position > 0)
    assert window.actions_.forward.isEnabled() == (position < ROWS)


def count_workings_out(timeline: BeliefTimeline) -> list[int]:
    """A counter of the chart's workings-out of the lines under the pointer (its ``readers_at``)."""
    worked_out = [0]
    own = timeline.readers_at

    def counted(pos: QPointF) -> list[tuple[int, bool]]:
        worked_out[0] += 1
        return own(pos)

    timeline.readers_at = counted
    return worked_out


def test_a_held_drag_on_the_chart_works_out_the_lines_under_the_pointer_once_a_paint(qtbot, tmp_path) -> None:
    """Every move of a held drag worked out the lines under the pointer, and every row read did again: 5 times a paint
    (0.5 ms each) in a drag of 150 moves, 3 a pass. Now once a paint, before the window paints; read after any move,
    the chart's lines are those under the pointer then, lit in the bars too."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    timeline, plot = _drag_on_the_chart(window, qtbot, tmp_path)
    own = timeline.readers_at
    worked_out = count_workings_out(timeline)
    paints = timeline.paint_count
    _fast_drag(timeline, plot)
    paints = timeline.paint_count - paints
    assert paints >= 40 and worked_out[0] <= paints + 1, (worked_out[0], paints)
    for move, row in enumerate((20, 21, 9, 9, 26)):  # read as a test (or a screen reader) reads, a pass under way
        y = 55.0 + 9 * move
        hover(timeline, timeline.x_of(row, plot), y, Qt.MouseButton.LeftButton)
        assert timeline.hover_row == row
        expected = own(QPointF(timeline.x_of(row, plot), y))
        assert timeline.hover_readers == expected and timeline.hover_lines == [d for d, _ in expected]
        assert timeline.highlight == (expected[0][0] if expected else None) == window.bars.highlight
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(26, plot)), 60))


def test_a_fast_drag_refreshes_each_view_once_a_paint_and_a_slow_one_reads_each_row_at_once(qtbot, tmp_path) -> None:
    """A drag's first move of a pass was read at once and the pass's newest at its end: each view refreshed twice a
    paint (300 for 150 moves, 3 a pass). A drag that asked for two rows or more in a pass now waits for the next
    pass's end too: once a paint. After every move, every view, the status line and the toolbar are at the row read;
    each pass ends at the pointer's row, and a drag slowed to a row a pass is read at once again."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    timeline, plot = _drag_on_the_chart(window, qtbot, tmp_path)
    refreshes = dict.fromkeys(VIEWS, 0)
    for name in VIEWS:
        view = getattr(window, name)

        def counted(name: str = name, own=view.refresh) -> None:
            refreshes[name] += 1
            own()

        view.refresh = counted
    paints = timeline.paint_count
    _fast_drag(timeline, plot)
    paints = timeline.paint_count - paints
    assert paints >= 40 and max(refreshes.values()) <= paints + 1, (refreshes, paints)
    assert window.session.position == _row_of(149)  # the pointer's row
    for rows in ((20, 21, 9, 9, 26), (5,), (17,), (3, 8), (12,), (13,)):
        for row in rows:
            hover(timeline, timeline.x_of(row, plot), 60, Qt.MouseButton.LeftButton)
            _all_at_the_row_read(window)
        QApplication.processEvents()
        assert window.session.position == rows[-1]
        _all_at_the_row_read(window)
    hover(timeline, timeline.x_of(2, plot), 60, Qt.MouseButton.LeftButton)  # slow again: read at once
    assert window.session.position == 2
    QTest.mouseRelease(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(2, plot)), 60))
