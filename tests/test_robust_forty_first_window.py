"""The forty-first round of hostile testing, window: the app as a person uses it after the fortieth round changed how
the chart names its peaks and how My examples shows thumbnails, driven in a real window (Xvfb, openbox, xdotool) at
100 % and 200 %; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent

from gui.timeline import BeliefTimeline, Comparison
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession


def _peaked(peaks: dict[int, tuple[int, float, float]]) -> np.ndarray:
    """Lines near the floor but for ``peaks`` {digit: (row, value, fall a row)}, each rising to its peak and back."""
    probs = np.full((ROWS, CLASSES), 0.01, np.float32)
    rows = np.arange(1, ROWS + 1)
    for digit, (row, value, fall) in peaks.items():
        probs[:, digit] = np.maximum(0.01, value - np.abs(rows - row) * fall)
    return probs


def _move(chart: BeliefTimeline, pos: QPointF) -> None:
    """The pointer moved to ``pos``, no button held, as Qt hands it to the chart."""
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


def test_a_pointer_moving_over_a_chart_places_its_peaks_names_once(qtbot, monkeypatch):
    """Every movement of the pointer placed every peak's mark and name twice (what lies under the pointer, then the
    paint): a crowded compared chart's move and paint took 10.6 ms at 100 % and 27.1 ms at 200 % (7.6 and 14.7 ms
    now). Placed once for the chart as it stands, and again when what it shows changes."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    chart.probabilities = _peaked({0: (24, 0.99, 0.04), 3: (6, 0.3, 0.05), 7: (5, 0.2, 0.03), 9: (11, 0.45, 0.06)})
    chart.set_comparison(Comparison("seed", _peaked({8: (24, 0.985, 0.04), 2: (23, 0.9, 0.1)}), None))
    calls = []
    place = BeliefTimeline._place

    def counted(self, *args):
        calls.append(1)
        return place(self, *args)

    monkeypatch.setattr(BeliefTimeline, "_place", counted)
    first = [(digit, box.getRect()) for digit, box, _ in chart.peak_labels()]
    for i in range(10):
        _move(chart, QPointF(80 + 40 * i, 60 + 10 * i))
        chart.repaint()
    assert len(calls) == 1
    assert [(digit, box.getRect()) for digit, box, _ in chart.peak_labels()] == first
    chart.probabilities = _peaked({4: (12, 0.9, 0.05)})  # another drawing: placed anew
    assert [digit for digit, _, _ in chart.peak_labels()] == [4, 8, 2]
    chart.comparison.probabilities[:] = _peaked({5: (10, 0.7, 0.05)})  # changed in place, too
    assert [digit for digit, _, _ in chart.peak_labels()] == [4, 5]
    chart.resize(400, 200)  # a smaller chart, the names placed in it
    qtbot.waitUntil(lambda: chart.width() == 400)
    chart.probabilities = _peaked({4: (12, 0.9, 0.05)})  # as it was (the resize read the empty session again)
    labels = chart.peak_labels()
    assert len(labels) == 2 and all(chart.plot_rect().contains(box) for _, box, _ in labels)
    assert len(calls) == 4
