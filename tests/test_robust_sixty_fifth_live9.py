"""The sixty-fifth round's live9: the app keeps up. A seek's rows are each told, but the views show only the last, so
only the last is refreshed; what is painted is always the row the user asked for. Each test was seen failing on the
code before its fix (the control says where not)."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import open_shipped_window
from PySide6.QtWidgets import QApplication

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader import load_pretrained
from rowreader.model import ROWS
from rowreader.session import DigitSession

VIEWS = ("timeline", "bars", "input_view", "heatmap")


def _shown_rows(window: MainWindow) -> dict[str, int]:
    """How many rows each view would paint now: the rows it last took from the session."""
    return {name: getattr(window, name)._rows_read for name in VIEWS}


def _counted_refreshes(window: MainWindow) -> dict[str, int]:
    """Each view's refreshes from now on, counted as they run (the method itself runs as before)."""
    counts = dict.fromkeys(VIEWS, 0)
    for name in VIEWS:
        view = getattr(window, name)
        own = view.refresh

        def counted(name: str = name, own=own) -> None:
            counts[name] += 1
            own()

        view.refresh = counted
    return counts


def window_at_home(qtbot, tmp_path) -> MainWindow:
    """The shipped model's window with a 4 drawn, paused before its first row: where the tests of a seek cut short
    (live9's, review68's, mutants22's) begin."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.session.player.seek(0)
    QApplication.processEvents()
    return window


def seek_cut_short_at_row_9(window: MainWindow) -> None:
    """End from row 0, stopped at row 9 by an observer that raises there, as a failing view or add-on would."""

    def fails_on_row_9(event: str) -> None:
        if event == "position" and window.session.position == 9:
            raise RuntimeError("an observer failed")

    window.session.subscribe(fails_on_row_9)
    with pytest.raises(RuntimeError, match="an observer failed"):
        window.session.seek(ROWS)


def test_a_seek_tells_every_row_in_order_and_says_which_one_is_its_last() -> None:
    """Observers still see every row arrive, in order; ``reading_on`` tells them which one the seek stops at, and the
    beliefs are the ones the stream reads (bit-exact with a session that stepped one row at a time)."""
    session = DigitSession(load_pretrained())
    image = np.zeros((ROWS, ROWS), np.float32)
    image[5:23, 13:16] = 1.0
    session.set_image(image)
    session.seek(0)
    told: list[tuple[int, bool]] = []
    session.subscribe(lambda event: event == "position" and told.append((session.position, session.reading_on)))
    session.seek(ROWS)
    assert told == [(row, row < ROWS) for row in range(1, ROWS + 1)]
    assert not session.reading_on
    stepped = DigitSession(load_pretrained())
    stepped.set_image(image)
    stepped.seek(0)
    for _ in range(ROWS):
        stepped.feed_next()
    assert np.array_equal(session.probabilities, stepped.probabilities)
    assert np.array_equal(session.hidden_states, stepped.hidden_states)


def test_a_seek_refreshes_each_view_once_with_its_last_row(qtbot, tmp_path) -> None:
    """End after Home read 28 rows and every view refreshed on each (28 refreshes a view, one paint): two-thirds of a
    seek's time (15.0 → 7.8 ms of CPU a Home-End cycle, offscreen). Now each view refreshes once, on the last row,
    and paints it; the window's status and toolbar follow once too."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.session.player.seek(0)
    QApplication.processEvents()
    counts = _counted_refreshes(window)
    positions: list[int] = []
    show_position = window.status.show_position
    window.status.show_position = lambda: (positions.append(window.session.position), show_position())
    window.session.player.seek(ROWS)
    assert counts == dict.fromkeys(VIEWS, 1)
    assert positions == [ROWS]
    QApplication.processEvents()
    assert _shown_rows(window) == dict.fromkeys(VIEWS, ROWS)
    assert len(window.timeline.probabilities) == ROWS
    assert np.array_equal(window.bars.probs, window.session.current.probs)
    window.session.player.seek(5)  # a rewind: one event, told at once
    assert counts == dict.fromkeys(VIEWS, 2) and positions == [ROWS, 5]
    for row in range(6, 9):  # a scan's rows (or steps), one at a time: each shown
        window.session.feed_next()
        assert _shown_rows(window) == dict.fromkeys(VIEWS, row)


def test_a_seek_cut_short_by_an_observer_paints_the_row_it_stopped_at(qtbot, tmp_path) -> None:
    """Control (passes on the code before too, where every row refreshed): an observer that raises on row 9 of a seek
    to 28 stops the seek there; the views, which waited for row 28, catch up as they paint, at row 9."""
    window = window_at_home(qtbot, tmp_path)
    seek_cut_short_at_row_9(window)
    assert window.session.position == 9
    for name in VIEWS:
        getattr(window, name).repaint()  # as the next pass paints them
    assert _shown_rows(window) == dict.fromkeys(VIEWS, 9)


def test_a_new_model_refreshes_each_view_once(qtbot, tmp_path) -> None:
    """A model put in use (a teach's end, Open model, the Models menu) told "model" and then "rows", and every view
    refreshed on both, the first time for nothing: "rows" follows at once, as it follows a new image."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    window.session.player.seek(12)
    counts = _counted_refreshes(window)
    window.session.set_checkpoint(load_pretrained())
    assert counts == dict.fromkeys(VIEWS, 1)
    QApplication.processEvents()
    assert _shown_rows(window) == dict.fromkeys(VIEWS, 12)
    assert np.array_equal(window.timeline.probabilities, window.session.probabilities)
