"""The fifty-second round, window8: the app in a real window (Xvfb, openbox, xdotool) at 1280×720, 1600×1000 and
200 % on 2560×1600, each defect pinned here offscreen."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from gui.belief_bars import BeliefBars
from gui.numbers import leaders
from gui.theme import TITLE_INSET
from rowreader.model import ROWS
from rowreader.session import DigitSession
from tests.gui_window import constant_reader, shown, window_without_model

NO_KEYS = Qt.KeyboardModifier.NoModifier


def test_a_dock_dragged_out_by_its_title_stays_where_it_is_let_go(qtbot, tmp_path) -> None:
    """Inside the LSTM dragged out of the window by its title and let go over the chart (1280×720, openbox) jumped
    to the window's right edge, 401 px wide, over My examples' thumbnails: as the drag ends Qt shows the dock anew
    (its window flags change back from the drag's), and that show was taken for Ctrl+L showing a hidden dock, placed
    as a dialog. A dock dragged out is left where the user lets it go."""
    window = window_without_model(qtbot, tmp_path, size=(780, 640))  # on the 800×800 offscreen screen
    maps, handle = window.heatmap_dock, window.windowHandle()
    title = maps.mapTo(window, QPoint(200, 6))
    QTest.mousePress(handle, Qt.MouseButton.LeftButton, NO_KEYS, title)
    for step in range(1, 13):  # up over the chart, as a hand drags
        QTest.mouseMove(handle, title - QPoint(0, 25 * step))
        qtbot.wait(10)
    assert maps.isFloating()
    put = maps.geometry()
    # let go as under X11: the release reaches the dock (which holds the mouse), and in its handling Qt shows the
    # dock anew (its window flags back from the drag's; offscreen, with native decorations, it does not); then the
    # button is up for the app too, as it was by then
    let_go = window.mapToGlobal(title - QPoint(0, 300))
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    release = QMouseEvent(QEvent.Type.MouseButtonRelease, maps.mapFromGlobal(let_go), let_go, left, none, NO_KEYS)
    QApplication.sendEvent(maps, release)
    maps.hide()
    maps.show()
    QTest.mouseRelease(handle, left, NO_KEYS, window.mapFromGlobal(let_go))
    qtbot.wait(200)  # the release and Qt's show after it handled, and any layout after them
    assert maps.isFloating() and maps.isVisible()
    assert maps.geometry() == put


@settings(
    max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(tied=st.integers(2, 8), label=st.none() | st.integers(0, 9))
@example(tied=5, label=7)
def test_the_bars_header_at_their_least_width_keeps_a_wide_tie_and_its_true_label(qtbot, tied, label) -> None:
    """At their least width (174 px for the header, the window at its smallest) the bars' header of a tie of five,
    six or seven digits of an MNIST test digit, or of eight, was cut, "Perhaps 0, 1, 2, 3 or 4 (18.…", the true label
    and a leader lost (chart7 left it). Where even the leaders alone do not fit, their count is said in words, the
    bold bars beside naming them: "One of five · true 7", whole."""
    share = 0.9 / tied
    session = DigitSession(constant_reader([share] * tied + [(1 - 0.9) / (10 - tied)] * (10 - tied)))
    ink = np.zeros((ROWS, ROWS), np.float32)
    ink[5:23, 12:16] = 1.0
    session.set_image(ink, label=label)
    session.seek(ROWS)
    bars = shown(qtbot, BeliefBars(session))
    bars.resize(bars.least_size())
    room = bars.width() - 2 * TITLE_INSET
    header = bars.header_text(room)
    assert bars.fontMetrics().horizontalAdvance(header) <= room, header
    leading = leaders(bars.probs)
    assert len(leading) == tied
    counted = f"One of {['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'][tied]}"
    assert all(str(digit) in header.split(" · ")[0] for digit in leading) or header.startswith(counted), header
    assert label is None or header.endswith(f"· true {label}"), header
