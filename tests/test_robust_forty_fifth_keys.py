"""The forty-fifth round of hostile testing, keys: the views a keyboard-only user and a user with the window half off
the screen meet, driven in a real window (Xvfb, openbox, xdotool) at 100 % and 200 %; each defect measured here
offscreen, each test checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import keyed, open_shipped_window, shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QMouseEvent, QPalette
from PySide6.QtTest import QTest

from gui.numbers import signed
from gui.readout import unread_note
from gui.state_heatmap import StateHeatmap
from gui.timeline import BeliefTimeline
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def _one() -> np.ndarray:
    """A plain upright 1."""
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    return image


def _point(view, pos: QPointF) -> None:
    """The pointer moved to ``pos``, no button held, as Qt hands it to the view."""
    none = Qt.MouseButton.NoButton
    view.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


def _on_screen(view) -> QRectF:
    """The screens' bounds in ``view``'s coordinates."""
    desk = view.screen().availableVirtualGeometry()
    return QRectF(desk.translated(-view.mapToGlobal(view.rect().topLeft())))


def test_the_maps_read_out_stays_on_the_screen_when_the_window_runs_past_its_edge(qtbot) -> None:
    """The window dragged partly past the screen's right edge (Xvfb at 100 %, the cell map's left 140 px on the
    screen): pointing at it wrote "tanh(c) unit 61, after row" at the screen's edge, the value past it; past the left
    edge, pointing at the part of the hidden map on the screen wrote the read-out from the map's left edge, off the
    screen, and only the ring showed. It is kept to the part of the maps on the screen (the chart's `on_screen_rect`),
    in the shorter words where the whole line does not fit there."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    maps = shown(qtbot, StateHeatmap(session), (900, 200))
    desk = maps.screen().availableVirtualGeometry()
    _, hidden, cell, _ = maps._layout()
    for screen_x, map_rect in ((desk.right() - 140 - cell.left(), cell), (desk.left() - hidden.right() + 60, hidden)):
        goal = round(screen_x)
        maps.move(goal, desk.top() + 100)
        qtbot.waitUntil(lambda goal=goal: abs(maps.mapToGlobal(maps.rect().topLeft()).x() - goal) < 40)
        on_screen = _on_screen(maps)
        x = max(map_rect.left(), on_screen.left()) + 20
        _point(maps, QPointF(x, map_rect.center().y()))
        assert maps.hover is not None and maps.hover[0] in ("h", "tanh(c)")
        where = maps.readout_rect()
        text = maps.readout(where.width())
        written = maps.fontMetrics().horizontalAdvance(text)
        assert on_screen.left() <= where.left() and where.left() + written <= on_screen.right(), (where, text)
        assert text.endswith(signed(maps.hover[3])), text  # the value is there


def _keyed_chart(qtbot) -> BeliefTimeline:
    """A chart of a 1 read to row 10, the keys given to it by Tab, as a keyboard user reaches it."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(10)
    return keyed(qtbot, BeliefTimeline(session), (560, 300))


def test_the_keys_move_a_row_cursor_over_the_chart_that_reads_out_the_row(qtbot) -> None:
    """Reached by the keyboard, the chart did nothing with its keys: a keyboard user could not read a row's ten
    values there (the pointer alone showed them). Left and Right move a row cursor (it starts at the row read), Home
    and End go to rows 1 and 28, and it shows the read-out the pointer shows there; the screen reader's description
    is that read-out (in words, the leader first, since a11y4); Enter reads to the row, as a click does (a row not
    read yet says so, not "click"); Escape hides the cursor, its description back."""
    chart = _keyed_chart(qtbot)
    plain = chart.accessibleDescription()
    QTest.keyClick(chart, Qt.Key.Key_Right)
    assert chart.readout() == chart.readout(10) != "", chart.readout()  # shown at the row read first
    assert chart.accessibleDescription().startswith("after row 10: 1 (")
    for _ in range(3):
        QTest.keyClick(chart, Qt.Key.Key_Left)
    assert chart.readout() == chart.readout(7) and chart.accessibleDescription().startswith("after row 7: ")
    QTest.keyClick(chart, Qt.Key.Key_Home)
    QTest.keyClick(chart, Qt.Key.Key_Left)  # stays at row 1
    assert chart.readout().startswith("after row 1: ")
    QTest.keyClick(chart, Qt.Key.Key_End)
    assert chart.readout() == unread_note(28, keys=True) == "row 28: not read yet; Enter reads to it"
    assert chart.accessibleDescription() == chart.readout()
    with qtbot.waitSignal(chart.seek_requested) as sought:
        QTest.keyClick(chart, Qt.Key.Key_Return)
    assert sought.args == [28]
    QTest.keyClick(chart, Qt.Key.Key_Escape)
    assert chart.readout() == "" and chart.accessibleDescription() == plain


def test_the_chart_with_the_keys_is_framed_and_drops_its_cursor_when_it_loses_them(qtbot) -> None:
    """The chart showed nothing of having the keys. It is framed in the highlight colour while it has them, as the
    canvas and My examples' rows are (``theme.paint_focus_frame``), and its cursor goes with the keys."""
    chart = _keyed_chart(qtbot)
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    image = chart.grab().toImage()
    assert QColor(image.pixel(0, chart.height() // 2)) == highlight
    assert QColor(image.pixel(chart.width() // 2, 0)) == highlight
    QTest.keyClick(chart, Qt.Key.Key_Right)
    chart.clearFocus()
    qtbot.waitUntil(lambda: not chart.hasFocus())
    image = chart.grab().toImage()
    assert QColor(image.pixel(0, chart.height() // 2)) != highlight and chart.readout() == ""


def test_tab_reaches_the_chart_and_its_keys_are_its_own(qtbot, tmp_path) -> None:
    """In the window, Tab from the canvas never reached the chart, nor the maps. It does now, and goes on to the maps;
    with the keys there, Left, Right,
    Home and End move its cursor, not the reading (the window's Step and Live shortcuts took them first), and Escape
    hides the cursor instead of clearing the drawing. A click on the chart reads to the row and leaves the keys where
    they were, so that the arrows still step from the canvas. Help ▸ Keyboard shortcuts lists the chart's keys."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    window.session.set_image(_one())
    window.session.player.seek(10)
    chart, canvas = window.timeline, window.canvas
    canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    qtbot.waitUntil(canvas.hasFocus)
    for _ in range(12):  # through My examples' rows, if shown, to the chart
        QTest.keyClick(window.focusWidget(), Qt.Key.Key_Tab)
        if chart.hasFocus():
            break
    assert chart.hasFocus(), window.focusWidget()
    window.heatmap_dock.show()
    QTest.keyClick(chart, Qt.Key.Key_Tab)  # and on to the maps, then back
    qtbot.waitUntil(window.heatmap.hasFocus)
    QTest.keyClick(window.heatmap, Qt.Key.Key_Backtab)
    qtbot.waitUntil(chart.hasFocus)
    rows = window.session.position
    for key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Escape):
        QTest.keyClick(chart, key)
    assert window.session.position == rows and window.session.image is not None and chart.readout() == ""
    canvas.setFocus(Qt.FocusReason.OtherFocusReason)
    plot = chart.plot_rect()
    QTest.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(chart.x_of(5, plot), plot.center().y()).toPoint())
    assert window.session.position == 5 and canvas.hasFocus()
    rows = dict(window.actions_.shortcut_rows())  # and Help ▸ Keyboard shortcuts says so
    assert rows["Belief chart (Tab to it): row cursor"] == "←, →, Home, End"
    assert rows["Inside the LSTM (Tab to it): cursor"] == "arrows, Home, End"


def test_the_keys_move_a_cursor_over_the_maps_that_reads_out_each_value(qtbot) -> None:
    """Inside the LSTM said its values to the pointer alone: Tab never reached the maps, and a keyboard user could
    not read a unit's value or how far a row moved the belief. Reached by Tab, a cursor starts on the belief-change
    strip at the row read; Left and Right go from unit to unit across both maps, Up and Down from row to row, Home and
    End to the first and last unit of the map it is on. It reads out, rings and says what pointing at that cell does;
    Enter reads to its row, Escape hides it; framed while the maps have the keys."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(10)
    maps = shown(qtbot, StateHeatmap(session), (900, 220))
    plain = maps.accessibleDescription()
    maps.activateWindow()
    maps.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(maps.hasFocus)
    assert maps.focusPolicy() == Qt.FocusPolicy.TabFocus
    highlight = maps.palette().color(QPalette.ColorRole.Highlight)
    assert QColor(maps.grab().toImage().pixel(0, maps.height() // 2)) == highlight
    QTest.keyClick(maps, Qt.Key.Key_Right)
    assert maps.readout().startswith("row 10 moved ") and maps.accessibleDescription() == maps.readout()
    QTest.keyClick(maps, Qt.Key.Key_Right)
    hidden = maps._layout()[1]
    pointed = shown(qtbot, StateHeatmap(session), (900, 220))  # what the pointer reads on the same cell
    _point(pointed, QPointF(hidden.left() + 0.5, hidden.top() + hidden.height() * 9.5 / 28))
    assert maps.readout() == pointed.readout() and maps.readout().startswith("h unit "), maps.readout()
    assert maps.accessibleDescription() == maps.readout()
    QTest.keyClick(maps, Qt.Key.Key_End)
    QTest.keyClick(maps, Qt.Key.Key_Right)  # over the edge, into the cell map
    QTest.keyClick(maps, Qt.Key.Key_Up)
    assert maps.hover[0] == "tanh(c)" and maps.hover[2] == 9, maps.hover
    QTest.keyClick(maps, Qt.Key.Key_End)
    for _ in range(3):
        QTest.keyClick(maps, Qt.Key.Key_Down)
    assert maps.readout() == unread_note(12, keys=True)
    with qtbot.waitSignal(maps.seek_requested) as sought:
        QTest.keyClick(maps, Qt.Key.Key_Return)
    assert sought.args == [12]
    QTest.keyClick(maps, Qt.Key.Key_Escape)
    assert maps.readout() == "" and maps.accessibleDescription() == plain


KEYS = [Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down, Qt.Key.Key_Home, Qt.Key.Key_End]


@settings(
    max_examples=30, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(keys=st.lists(st.sampled_from(KEYS), min_size=1, max_size=40), read=st.integers(0, 28))
def test_any_keys_keep_the_cursors_on_a_row_and_say_what_they_show(qtbot, keys, read) -> None:
    """Whatever keys are pressed, read to any row (before the first too), each cursor stays on a row of 1–28 and a
    cell of the strip or the maps, and the screen reader says the read-out shown, never nothing (checked so, these
    keys found nothing more to fix; the chart says its row in words since a11y4)."""
    session = DigitSession(load_pretrained())
    session.set_image(_one())
    session.seek(read)
    for kind in (BeliefTimeline, StateHeatmap):
        view = keyed(qtbot, kind(session), (900, 240))
        for key in keys:
            QTest.keyClick(view, key)
        if isinstance(view, BeliefTimeline):
            if not {Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End} & set(keys):
                assert view.key_row is None and view.readout() == ""  # Up and Down are not the chart's
                continue
            assert 1 <= view.key_row <= 28
        else:
            column, row = view.key_cell
            assert -1 <= column < 2 * view.hidden.shape[1] and 1 <= row <= 28
        said, shown = view.accessibleDescription(), view.readout()  # the chart's in words, its row's first
        assert shown != "" and (said == shown or said.partition(":")[0] == shown.partition(":")[0] != said), said
