"""The sixty-third round's live6: dragging on the views fell behind the pointer once every pen move came (live5), found
in a real window (Xvfb, openbox, xdotool at 1 kHz and 125 Hz). Each test was seen failing on the code before its fix."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.model import ROWS

LEFT, NONE = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton


def send_pointer(
    widget: QWidget, kind: QEvent.Type, at: QPointF, button: Qt.MouseButton, buttons: Qt.MouseButton
) -> None:
    """A mouse event delivered to ``widget`` as a real one is, nothing else run before it returns."""
    event = QMouseEvent(kind, at, widget.mapToGlobal(at), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def _positions(window: MainWindow) -> list[int]:
    """The session's position at each row read or rewound from now on, in order."""
    session, seen = window.session, []
    session.subscribe(lambda event: event == "position" and seen.append(session.position))
    return seen


def on_the_chart(window: MainWindow) -> tuple[QWidget, Callable[[int], QPointF]]:
    """The belief chart and where on it each row is (review61's tests drag on it too)."""
    chart = window.timeline
    return chart, lambda row: QPointF(chart.x_of(row, chart.plot_rect()), 60)


def _on_the_input(window: MainWindow) -> tuple[QWidget, Callable[[int], QPointF]]:
    grid = window.input_view.grid_rect()
    return window.input_view, lambda row: QPointF(grid.center().x(), grid.top() + grid.height() * (row - 0.5) / ROWS)


def _on_the_maps(window: MainWindow) -> tuple[QWidget, Callable[[int], QPointF]]:
    hidden = window.heatmap._layout()[1]
    return window.heatmap, lambda row: QPointF(hidden.center().x(), hidden.top() + hidden.height() * (row - 0.5) / ROWS)


@pytest.mark.parametrize("where", [on_the_chart, _on_the_input, _on_the_maps], ids=["chart", "input", "maps"])
def test_a_fast_drag_on_a_view_goes_to_the_newest_row_once_a_pass(qtbot, tmp_path, where) -> None:
    """Dragged at 1,000 moves a second, each move on the belief chart (the 28×28 view, the maps) went to its row in
    turn, a rewind or rows read and every view shown again, before the next move was looked at: the chart fell
    138–1,679 ms behind the pointer (median, 90th percentile) over 1,500 moves. As on the drawing: a drag's first
    move at once, then its newest row once per event-loop pass; a click at once, always, a drag's row waiting
    dropped."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    view, at = where(window)
    seen = _positions(window)
    rows = [3 + (i * 7) % 24 for i in range(40)]  # up and down the rows, from row 3 to row 12
    send_pointer(view, QEvent.Type.MouseButtonPress, at(10), LEFT, LEFT)
    assert seen == [10]  # a press goes at once: rewound from all 28 rows to 10
    for row in rows:  # a burst of queued moves: one after another, nothing else run between
        send_pointer(view, QEvent.Type.MouseMove, at(row), NONE, LEFT)
    assert seen == [10, 3]  # the first move's row at once
    qtbot.waitUntil(lambda: window.session.position == rows[-1])
    send_pointer(view, QEvent.Type.MouseButtonRelease, at(rows[-1]), LEFT, NONE)
    QApplication.processEvents()
    assert seen == [10, *range(3, 13)]  # then the newest row alone, read on from row 3
    send_pointer(view, QEvent.Type.MouseButtonPress, at(20), LEFT, LEFT)
    for row in (21, 22, 25):
        send_pointer(view, QEvent.Type.MouseMove, at(row), NONE, LEFT)
    send_pointer(view, QEvent.Type.MouseButtonRelease, at(25), LEFT, NONE)
    send_pointer(view, QEvent.Type.MouseButtonPress, at(7), LEFT, LEFT)  # a click in the same pass: at once
    assert window.session.position == 7
    QApplication.processEvents()
    assert window.session.position == 7  # the drag's row 25, waiting, came before it


def test_a_row_read_or_rewound_does_not_look_up_the_model_again(qtbot, tmp_path) -> None:
    """Each row a seek read or rewound named the model afresh for the status bar, the shipped model's file found
    through the package's resources and compared with ``samefile``: 5 to 28 times a seek, about a fifth of a
    seek's time. The position's label follows each row; the model's is what it was."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.session.player.seek(1)
    model_text, named = window.status.model_label.text(), []
    model_named = window.model_named
    window.model_named = lambda *args, **kwargs: (named.append(args), model_named(*args, **kwargs))[1]  # type: ignore[method-assign]
    for rows in (28, 5, 17, 0, 28):
        window.session.player.seek(rows)
        assert window.status.position_label.text() == f"Paused  ·  row {rows}/{ROWS}"
    assert named == [] and window.status.model_label.text() == model_text


def test_the_pointer_moving_within_a_cell_of_the_maps_paints_nothing_again(qtbot, tmp_path) -> None:
    """Every pointer move over Inside the LSTM repainted the maps, though the cell under it and its read-out were the
    same: 2.8 ms a move, 1,000 a second with a fast mouse. A move to another cell still repaints."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    maps = window.heatmap
    hidden = maps._layout()[1]
    centre = QPointF(hidden.left() + 1 + hidden.width() / 2, hidden.top() + hidden.height() * 12.5 / ROWS)
    send_pointer(maps, QEvent.Type.MouseMove, centre, NONE, NONE)
    qtbot.waitUntil(lambda: not maps.updatesEnabled() or maps.paint_count > 0)
    QApplication.processEvents()
    hover, painted = maps.hover, maps.paint_count
    assert hover is not None and hover[2] == 13
    for step in range(20):  # within the cell: a 2-px column, a row several px tall
        send_pointer(maps, QEvent.Type.MouseMove, centre + QPointF(0, (step % 5 - 2) * 0.4), NONE, NONE)
        QApplication.processEvents()
    assert maps.hover == hover and maps.paint_count == painted
    send_pointer(
        maps, QEvent.Type.MouseMove, centre + QPointF(0, hidden.height() * 5 / ROWS), NONE, NONE
    )  # 5 rows down
    qtbot.waitUntil(lambda: maps.paint_count > painted)
    assert maps.hover is not None and maps.hover[2] == 18
