"""The sixty-fourth round's live7: the window while a person drags and types, tried in a real window (Xvfb, openbox,
xdotool) and offscreen. Each test was seen failing on the code before its fix."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from test_robust_sixty_third_live6 import LEFT, NONE, on_the_chart, send_pointer

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader import stream
from rowreader.model import ROWS
from rowreader.player import Mode

RIGHT = Qt.MouseButton.RightButton


def _held_on_row_12(window: MainWindow) -> Callable[[int, float], None]:
    """A drag on the chart from row 10 to row 12, its button still held and its pass over; gives the move on."""
    chart, at = on_the_chart(window)
    send_pointer(chart, QEvent.Type.MouseButtonPress, at(10), LEFT, LEFT)
    send_pointer(chart, QEvent.Type.MouseMove, at(12), NONE, LEFT)
    QApplication.processEvents()
    assert (window.session.position, window.mode) == (12, Mode.STEP)

    def move(row: int, nudge: float = 0.0) -> None:
        send_pointer(chart, QEvent.Type.MouseMove, at(row) + QPointF(nudge, 1), NONE, LEFT)
        QApplication.processEvents()

    return move


@pytest.mark.parametrize(
    ("key", "position", "mode"),
    [
        ("forward", 13, Mode.STEP),  # Right
        ("back", 11, Mode.STEP),  # Left
        ("first", 0, Mode.STEP),  # Home
        ("live", ROWS, Mode.LIVE),  # End
        ("play", 12, Mode.SCAN),  # Space
    ],
)
def test_a_key_pressed_while_a_drag_is_held_stays_until_the_pointer_reaches_another_row(
    qtbot, tmp_path, key, position, mode
) -> None:
    """The chart dragged to row 12 and held there, a key acted (End: Live), and the hand's next tremble, a pixel on
    the same row, took the row back (paused on 12): a key was undone by a move that asked for nothing new. One rule
    now: a drag goes to a row as the pointer reaches one it has not just asked for; the key holds until then."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    move = _held_on_row_12(window)
    getattr(window.actions_, key).trigger()
    QApplication.processEvents()
    shown = window.session.position
    for nudge in (1.0, -1.0, 2.0):  # a pixel or two, on row 12 still
        move(12, nudge)
    assert window.mode is mode and (window.session.position == position or mode is Mode.SCAN)
    assert window.session.position >= shown
    window._scan_timer.stop()
    move(14)  # another row: the drag leads again
    assert (window.session.position, window.mode) == (14, Mode.STEP)


def test_a_drag_begun_on_the_row_the_last_drag_ended_on_goes_there(qtbot, tmp_path) -> None:
    """The rule above drops a drag's move on the row it last asked for, never a new drag's first: a right-drag on the
    drawing begun, after End, on the row a drag on the chart was let go on goes to it."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    chart, at = on_the_chart(window)
    canvas, placement = window.canvas, window.session.placement
    x = canvas.width() / 2
    y = next(y for y in range(canvas.height()) if placement.row_at(canvas.to_document(QPointF(x, y))[1]) + 1 == 12)
    _held_on_row_12(window)
    send_pointer(chart, QEvent.Type.MouseButtonRelease, at(12), LEFT, NONE)
    window.actions_.live.trigger()
    assert window.mode is Mode.LIVE
    event = QMouseEvent(
        QEvent.Type.MouseButtonPress, QPointF(x, y), canvas.mapToGlobal(QPointF(x, y)), RIGHT, RIGHT, Qt.NoModifier
    )
    QApplication.sendEvent(canvas, event)
    QApplication.processEvents()
    assert (window.session.position, window.mode) == (12, Mode.STEP)


def test_a_picture_opened_as_a_drag_goes_on_is_read_live_and_stays(qtbot, tmp_path) -> None:
    """A picture landing (Ctrl+O, a drop: its reading done on a thread) in the pass of a drag's moves read the old
    drawing on to the drag's waiting row, then on to row 28 for Live, before the picture was read: rows 11–28 read of
    a drawing gone, each shown by every view. And the drag still held, a pixel's move on its row paused the new
    picture on row 20. Now the waiting row goes with the drawing, the picture is read and then Live reads on, and the
    picture stays Live until the pointer reaches another row."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    chart, at = on_the_chart(window)
    read: list[str] = []  # the source of each row read or rewound to
    window.session.subscribe(lambda event: event == "position" and read.append(window.session.source))
    send_pointer(chart, QEvent.Type.MouseButtonPress, at(5), LEFT, LEFT)
    send_pointer(chart, QEvent.Type.MouseMove, at(10), NONE, LEFT)
    send_pointer(chart, QEvent.Type.MouseMove, at(20), NONE, LEFT)  # waits for the pass's end
    bar = np.zeros((28, 28), np.float32)
    bar[5:23, 12:16] = 1.0
    window.canvas.load_base(bar, source="a bar")
    QApplication.processEvents()
    assert (window.session.position, window.mode, window.session.source) == (ROWS, Mode.LIVE, "a bar")
    assert read.count("drawing") == 1 + 5  # the press rewound to 5, the first move read on to 10; no more of the 4
    assert read.count("a bar") == ROWS - 10  # the bar read to row 10 with the drawing, on from there for Live
    send_pointer(chart, QEvent.Type.MouseMove, at(20) + QPointF(1, 0), NONE, LEFT)
    QApplication.processEvents()
    assert (window.session.position, window.mode) == (ROWS, Mode.LIVE)


def test_the_chart_does_not_check_its_sessions_own_beliefs_again_on_every_row(qtbot, tmp_path, monkeypatch) -> None:
    """Each row a drag read, the chart asked the session where its answer was decided, and the session checked its own
    model's beliefs as it checks a caller's (in [0, 1], summing to 1, bfloat16 or not): a fifth of the chart's refresh,
    on every row (measured: 1.2 → 0.5 ms of a 5-row seek's 6 ms). The same rows, the same decided row, unchecked."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    checked: list[int] = []
    checks = stream._check_beliefs
    monkeypatch.setattr(stream, "_check_beliefs", lambda *args: (checked.append(1), checks(*args))[1])
    window.session.player.seek(0)
    window.session.player.seek(ROWS)
    assert checked == []
    assert window.timeline.decided_at == (stream.decided_at(window.session.probabilities) or None)
    assert window.timeline.decided_at is not None and len(checked) == 1  # decided, by the checked definition too
