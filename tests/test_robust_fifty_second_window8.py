"""The fifty-second round, window8: the app in a real window (Xvfb, openbox, xdotool) at 1280×720, 1600×1000 and
200 % on 2560×1600, each defect pinned here offscreen."""

from __future__ import annotations

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QEvent, QPoint, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_robust_fifty_first_chart7 import header_at_the_least

from gui.numbers import leaders
from tests.gui_window import window_without_model

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
    bars, room, header = header_at_the_least(qtbot, [share] * tied + [(1 - 0.9) / (10 - tied)] * (10 - tied), label)
    assert bars.fontMetrics().horizontalAdvance(header) <= room, header
    leading = leaders(bars.probs)
    assert len(leading) == tied
    counted = f"One of {['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight'][tied]}"
    assert all(str(digit) in header.split(" · ")[0] for digit in leading) or header.startswith(counted), header
    assert label is None or header.endswith(f"· true {label}"), header
