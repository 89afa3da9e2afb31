"""The sixty-sixth round's leftovers15: what mutants23 left alive in the held drag on the belief chart (its lines under
the pointer put off to the paint), the window's drag pace, the file dialogs' icons told by name, and an SVG's no-size
test. Each test was seen failing on the mutant it names (a hand mutant of the code, one at a time in a clone) and
passing on the code."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from conftest import let_go_of_every_button
from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QFileInfo, QPoint, QPointF, Qt
from PySide6.QtGui import QIcon, QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_gui_reading import hover
from test_robust_sixty_sixth_live11 import count_workings_out

from gui.demo import draw_digit
from gui.file_icons import NameOnlyIcons
from gui.image_io import read_any_picture
from gui.main_window import MainWindow
from gui.timeline import BeliefTimeline
from rowreader.picture_errors import CUT_OFF, PictureError

# a 1×1 grey PNG, whole: what a file holds, whatever its name says
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x00\x00\x00\x00:~\x9bU\x00\x00\x00"
    b"\nIDATx\x9cch\x00\x00\x00\x82\x00\x81w\xcdr\xb6\x00\x00\x00\x00IEND\xaeB`\x82"
)
HELD_AT = 14  # the row a drag on the chart is pressed on


def held_drag(qtbot, tmp_path: Path) -> tuple[MainWindow, BeliefTimeline]:
    """A window reading a 4, a drag held on its chart from row :data:`HELD_AT` (rows 1…14 read)."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    timeline = window.timeline
    QTest.mousePress(
        timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(HELD_AT, timeline.plot_rect())), 60)
    )
    QApplication.processEvents()
    assert window.session.position == HELD_AT
    return window, timeline


def on_line(timeline: BeliefTimeline, row: int, rank: int) -> QPointF:
    """A spot on the line of the ``rank``-th likeliest digit (0: the leader) at ``row``, read already."""
    probs = timeline.probabilities[row - 1]
    digit = int(np.argsort(-probs, kind="stable")[rank])
    plot = timeline.plot_rect()
    return QPointF(timeline.x_of(row, plot), timeline.y_of(float(probs[digit]), plot))


def lines_there(timeline: BeliefTimeline, pos: QPointF) -> list[int]:
    """The digits whose lines lie at ``pos``, the top one first, as the chart works them out."""
    return [digit for digit, _ in type(timeline).readers_at(timeline, pos)]


@pytest.fixture(autouse=True)
def the_drag_let_go_at_the_end():
    """These tests hold a drag on the chart and study it held (``release`` below lets go of it as the chart sees it,
    not as Qt's whole process does): each lets go of every button at its end, as a user does, so that no later test
    runs with one held (conftest's no_mouse_button_left_held)."""
    yield
    let_go_of_every_button()


def release(widget, pos: QPointF) -> None:
    """The left button let go at ``pos``, delivered like a real one (no move, no pass of the event loop)."""
    event = QMouseEvent(
        QEvent.Type.MouseButtonRelease,
        pos,
        widget.mapToGlobal(pos),
        Qt.MouseButton.LeftButton,
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.NoModifier,
    )
    QApplication.sendEvent(widget, event)


def test_each_of_the_charts_readings_is_of_the_pointer_now_whichever_is_read_first(qtbot, tmp_path) -> None:
    """Mid-drag, the lines under the pointer and the digit picked out, read first (a screen reader, a test) before any
    paint, were those of the row the pointer had left (``settle`` dropped from ``hover_lines`` or ``highlight``)."""
    window, timeline = held_drag(qtbot, tmp_path)
    before: list[int] = []
    for row, rank, first in ((12, 0, "lines"), (9, 1, "highlight"), (7, 0, "lines"), (5, 1, "highlight")):
        pos = on_line(timeline, row, rank)
        hover(timeline, pos.x(), pos.y(), Qt.MouseButton.LeftButton)
        expected = lines_there(timeline, pos)
        assert expected and expected != before  # the pointer is on a line, and not the one before's
        if first == "lines":
            assert timeline.hover_lines == expected
        else:
            assert timeline.highlight == expected[0]
        assert timeline.hover_lines == expected and timeline.highlight == expected[0] == window.bars.highlight
        before = expected


def test_a_pointer_that_leaves_mid_drag_leaves_no_lines_picked(qtbot, tmp_path) -> None:
    """Held, moved onto a line and out of the chart before a paint: the lines it had left were worked out after it
    left, at the spot it left, a digit picked in the chart and the bars with no pointer over either."""
    window, timeline = held_drag(qtbot, tmp_path)
    pos = on_line(timeline, 10, 0)
    hover(timeline, pos.x(), pos.y(), Qt.MouseButton.LeftButton)
    QApplication.sendEvent(timeline, QEvent(QEvent.Type.Leave))
    assert timeline.hover_lines == [] and timeline.hover_readers == []
    assert timeline.highlight is None and window.bars.highlight is None


def test_a_drag_released_then_moved_reads_the_lines_where_the_pointer_is(qtbot, tmp_path) -> None:
    """Let go on one line and moved along the row onto another before a paint: the chart and the bars picked the line
    the drag was let go on, the pointer's put off to the paint and then overwritten by the old spot's."""
    window, timeline = held_drag(qtbot, tmp_path)
    let_go, now = on_line(timeline, 10, 0), on_line(timeline, 10, 1)
    hover(timeline, let_go.x(), let_go.y(), Qt.MouseButton.LeftButton)
    release(timeline, let_go)
    hover(timeline, now.x(), now.y())
    expected = lines_there(timeline, now)
    assert expected and expected != lines_there(timeline, let_go)
    assert timeline.hover_lines == expected and timeline.highlight == expected[0] == window.bars.highlight


def test_a_held_pointer_at_rest_works_its_lines_out_once_however_often_the_chart_changes(qtbot, tmp_path) -> None:
    """Held at rest while rows were read, or the comparison set (the window sets it after each row), or moved along
    its row: each worked the lines under the pointer out at once, where the chart is painted once for them all."""
    window, timeline = held_drag(qtbot, tmp_path)
    pos = on_line(timeline, 10, 0)
    hover(timeline, pos.x(), pos.y(), Qt.MouseButton.LeftButton)
    assert timeline.hover_lines == lines_there(timeline, pos)  # worked out: none is due
    worked_out = count_workings_out(timeline)
    for rows in (11, 12, 13):
        window.session.player.seek(rows)
    assert worked_out[0] == 0 and timeline.hover_lines == lines_there(timeline, pos)
    worked_out[0] = 0
    for _ in range(3):
        timeline.set_comparison(timeline.comparison)
    assert worked_out[0] == 0 and timeline.hover_lines == lines_there(timeline, pos)
    worked_out[0] = 0
    for y in (pos.y() - 2, pos.y() + 2, pos.y()):  # onto row 12, then along it
        hover(timeline, timeline.x_of(12, timeline.plot_rect()), y, Qt.MouseButton.LeftButton)
    assert worked_out[0] == 0
    assert timeline.hover_row == 12 and timeline.hover_lines == lines_there(
        timeline, QPointF(timeline.x_of(12, timeline.plot_rect()), pos.y())
    )


def test_the_window_paints_the_bars_lit_for_the_line_a_drag_has_just_reached(qtbot, tmp_path) -> None:
    """About to paint, the window works the held drag's lines out first: without it, the bars were painted with the
    digit of the spot the pointer had left, lit for the new line only in the next paint."""
    window, timeline = held_drag(qtbot, tmp_path)
    bars, lit = window.bars, []
    own = bars._paint
    bars._paint = lambda painter: (lit.append(bars.highlight), own(painter))
    for rank in (0, 1):
        pos = on_line(timeline, 10, rank)
        hover(timeline, pos.x(), pos.y(), Qt.MouseButton.LeftButton)
        lit.clear()
        QApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
        expected = lines_there(timeline, pos)
        assert lit and lit[-1] == expected[0], (lit, expected)


def test_a_drags_pace_two_rows_a_pass_is_fast_and_a_click_or_a_drag_on_the_drawing_starts_slow(qtbot, tmp_path) -> None:
    """Two rows asked for in one pass make a drag fast (its next row waits for the pass's end or a paint, whichever is
    first); a click on a view or a right-drag on the drawing begins a new drag at once, whatever the last one's pace
    was: left fast, the new drag's first row waited, the view a row behind the pointer."""
    window, timeline = held_drag(qtbot, tmp_path)
    session, left = window.session, Qt.MouseButton.LeftButton

    def drag_to(*rows: int) -> None:
        for row in rows:
            hover(timeline, timeline.x_of(row, timeline.plot_rect()), 60, left)

    drag_to(10, 8)  # two rows in a pass: fast
    QApplication.processEvents()
    assert session.position == 8
    drag_to(6)
    assert session.position == 8  # waits for the pass's end, or the paint
    QApplication.sendEvent(window, QEvent(QEvent.Type.UpdateRequest))
    assert session.position == 6
    for begin_again in ("a click", "a drag on the drawing"):
        drag_to(4, 3)
        QApplication.processEvents()
        assert session.position == 3  # fast again
        if begin_again == "a click":
            x = timeline.x_of(12, timeline.plot_rect())
            release(timeline, QPointF(timeline.x_of(3, timeline.plot_rect()), 60))
            QTest.mousePress(timeline, left, pos=QPoint(round(x), 60))
            assert session.position == 12
            drag_to(11)
            assert session.position == 11  # at once
        else:
            canvas = window.canvas
            rect = canvas.document_rect()
            at = QPointF(rect.center().x(), rect.top() + rect.height() * 0.45)
            row = session.placement.row_at(canvas.to_document(at)[1]) + 1
            assert row != 3
            right = Qt.MouseButton.RightButton
            canvas_event = QMouseEvent(
                QEvent.Type.MouseButtonPress, at, canvas.mapToGlobal(at), right, right, Qt.KeyboardModifier.NoModifier
            )
            QApplication.sendEvent(canvas, canvas_event)
            assert session.position == row  # at once


def test_a_files_icon_is_told_by_its_name_never_by_what_it_holds(qtbot, tmp_path) -> None:
    """A PNG's bytes in a file named .txt or with no extension: its icon is the theme's for its name (plain text, any
    bytes), where Qt's own provider, or a match by content, gave it a picture's icon."""
    theme = tmp_path / "icons" / "leftovers"
    icons = ("image-png", "text-plain", "application-octet-stream")
    (theme / "16x16" / "mimetypes").mkdir(parents=True)
    for name in icons:
        (theme / "16x16" / "mimetypes" / f"{name}.png").write_bytes(PNG)
    (theme / "index.theme").write_text(
        "[Icon Theme]\nName=leftovers\nDirectories=16x16/mimetypes\n\n[16x16/mimetypes]\nSize=16\nType=Fixed\n"
    )
    paths, name = QIcon.themeSearchPaths(), QIcon.themeName()
    QIcon.setThemeSearchPaths([str(tmp_path / "icons")])
    QIcon.setThemeName("leftovers")
    try:
        provider = NameOnlyIcons()
        for file, expected in (("notes.txt", "text-plain"), ("drawing", "application-octet-stream")):
            (tmp_path / file).write_bytes(PNG)
            assert provider.icon(QFileInfo(str(tmp_path / file))).name() == expected
    finally:
        QIcon.setThemeSearchPaths(paths)
        QIcon.setThemeName(name)


def test_the_chart_painted_alone_at_no_row_read_unpicks_the_line_a_held_drag_had_picked(qtbot, tmp_path) -> None:
    """Held on a line, then back to no row read (Home): the chart painted on its own (a grab, as a saved picture of
    it is taken) works the lines under the pointer out too, none at no row read, and the bars go unlit with it."""
    window, timeline = held_drag(qtbot, tmp_path)
    pos = on_line(timeline, 10, 0)
    hover(timeline, pos.x(), pos.y(), Qt.MouseButton.LeftButton)
    assert timeline.highlight is not None and window.bars.highlight == timeline.highlight
    window.session.player.seek(0)
    timeline.grab()
    assert window.bars.highlight is None


def test_an_svg_cut_off_mid_tag_is_unreadable_not_a_drawing_of_no_size(qtbot, tmp_path) -> None:
    """An SVG 20 × 20 cut off by a failed download, which Qt draws nothing of: not a readable image, as it is, where a
    size test dropped called it a drawing of no size, asking for the width and height it has. Said cut off since the
    sixty-eighth round (window26), as a PNG cut short is."""
    cut = tmp_path / "cut.svg"
    cut.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20"><rect width="5" height="5"')
    with pytest.raises(PictureError) as refused:
        read_any_picture(cut)
    assert str(refused.value) == f"cut.svg: cannot read the image ({CUT_OFF})"
