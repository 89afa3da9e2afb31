"""The forty-ninth round of hostile testing, a11y4: the app for a person who cannot see it well or does not use a
mouse, after this round's File ▸ Read in the other ink (Ctrl+I), the chart's read-out shading and the speck, dot and
faint messages: what a screen reader is told (every announcement logged by a Qt update handler, every view's
accessible name, role and description read with QAccessible), Tab, the shortcuts and the menus, in a real window
(Xvfb, openbox, xdotool keys only) at 100 % and 200 % and offscreen; each test checked to fail on the code before
its fix."""

from __future__ import annotations

import numpy as np
from gui_window import keyed
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.timeline import BeliefTimeline, Comparison
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def test_the_charts_row_cursor_tells_a_screen_reader_the_leader_first_in_words(qtbot) -> None:
    """Tab to the chart, comparing with the seed model, and Left: a screen reader was read the visible read-out,
    "after row 10: 0: <0.1%  1: 99.9%  2: <0.1% …  ·  ┄ seed: 0: 10.1% …": twenty values in digit order, the leader
    (bold on the screen) unmarked, the compared model's behind a box-drawing sign. It now hears what the bars and the
    chart's title say, the leader first: "after row 10: 1 (99.9%); the rest under 0.1%; seed after row 10: 1
    (10.9%); then …". The box on the screen is as it was."""
    session = DigitSession(load_pretrained())
    one = np.zeros((28, 28), np.float32)
    one[4:24, 13:15] = 1.0
    session.set_image(one)
    session.seek(10)
    chart = keyed(qtbot, BeliefTimeline(session), (560, 300))
    chart.set_comparison(Comparison("seed", session.probabilities[::-1].copy(), None))
    QTest.keyClick(chart, Qt.Key.Key_Left)
    said = chart.accessibleDescription()
    assert said.startswith("after row 10: 1 (") and "; then " in said, said
    assert "┄" not in said and "·" not in said and "; seed after row 10: " in said, said
    assert chart.readout() == chart.readout(10) and "┄ seed: " in chart.readout()  # the box as it was
