"""The fifty-second round of hostile testing, chart8: the belief chart and its read-out studied row by row, offscreen
(pytest-qt, grabs looked at), comparing two models, at 100 % and 200 %, light and dark; each test is checked to fail
on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from PySide6.QtGui import QFont, QFontMetrics

from gui.readout import readout_heading
from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import ROWS
from rowreader.session import DigitSession


@pytest.mark.parametrize("name", ["rowreader", "Tied model"])
def test_the_read_out_names_a_compared_model_whose_name_its_box_was_made_for(qtbot, name):
    """Comparing with the shipped model opened again ("rowreader", 72.1 px at 9 pt) in a chart of its first size
    (420×220), the read-out headed the compared column "┄ dashed" at rows 10–24, in a box made as wide as the name:
    the box was measured in whole pixels (72), Qt's eliding in fractions (72.1), so the name did not fit its own room
    by a tenth of a pixel and was dropped for "┄ dashed". Where the room the box gives it holds the name as the box
    measured it, the column is headed by the name."""
    rng = np.random.default_rng(0)
    ours, theirs = (np.asarray(rng.dirichlet(np.full(10, 0.3), ROWS), np.float32) for _ in range(2))
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (420, 220))
    chart.probabilities = ours
    chart.set_comparison(Comparison(name, theirs, None))
    plot = chart.plot_rect()
    named = []
    for row in range(1, ROWS + 1):
        layout = chart.readout_layout(chart.x_of(row, plot), plot, True)
        bold = QFont(layout.font)
        bold.setBold(True)
        room = layout.box.width() - 24 - QFontMetrics(bold).horizontalAdvance(readout_heading(row, layout.compact))
        if QFontMetrics(layout.font).horizontalAdvance(f"┄ {name}") <= room:
            assert chart.dashed_heading(layout, row) == f"┄ {name}", (row, room)
            named.append(row)
    assert 20 in named  # the box at row 20 is made for the name: the test is not empty


def test_the_title_line_names_a_compared_model_where_the_title_left_it_room(qtbot):
    """The title line gives way to "Belief" (or drops it) by the readings' whole-pixel width, the compared model's
    name whole among them; Qt then shortened the name by its fractional width, so at the very widths the title was
    chosen for (323 and 394 px at 9 pt) "rowreader" (72.1 px in 72) was cut to fewer than nine letters and the dashed
    lines were called "┄ dashed". Wherever a title is shown, the name stands whole beside it."""
    beliefs = np.full((ROWS - 1, 10), 0.01, np.float32)
    beliefs[:, 8] = 0.91  # "8 since row 27" on both sides: the longest readings the title leaves room for
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (240, 200))
    chart.probabilities, chart.decided_at, chart._rows_read = beliefs, ROWS - 1, ROWS - 1
    chart.set_comparison(Comparison("rowreader", beliefs, ROWS - 1))
    titled = 0
    for width in range(240, 430):
        chart.resize(width, 200)
        if chart.shown_title():
            titled += 1
            assert "┄ rowreader: 8 since row 27" in chart.title_line(8, ROWS - 1, chart.fontMetrics()), width
    assert titled > 100
