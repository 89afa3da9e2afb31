"""The forty-first round of hostile testing, window: the app as a person uses it after the fortieth round changed how
the chart names its peaks and how My examples shows thumbnails, driven in a real window (Xvfb, openbox, xdotool) at
100 % and 200 %; each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from belief_lines import peaked
from gui_window import lone_dock, shown
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtTest import QTest

from gui.timeline import BeliefTimeline, Comparison
from rowreader.example_store import ExampleStore
from rowreader.session import DigitSession


def _move(chart: BeliefTimeline, pos: QPointF) -> None:
    """The pointer moved to ``pos``, no button held, as Qt hands it to the chart."""
    none = Qt.MouseButton.NoButton
    chart.mouseMoveEvent(QMouseEvent(QEvent.Type.MouseMove, pos, pos, none, none, Qt.KeyboardModifier.NoModifier))


def test_a_pointer_moving_over_a_chart_places_its_peaks_names_once(qtbot, monkeypatch):
    """Every movement of the pointer placed every peak's mark and name twice (what lies under the pointer, then the
    paint): a crowded compared chart's move and paint took 5.5–5.7 ms of the UI thread's CPU at 100 % and 8.9–9.9 ms
    at 200 % (3.1–3.3 and 7.5 ms now). Placed once for the chart as it stands, and again when what it shows changes."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 300))
    chart.probabilities = peaked({0: (24, 0.99, 0.04), 3: (6, 0.3, 0.05), 7: (5, 0.2, 0.03), 9: (11, 0.45, 0.06)})
    chart.set_comparison(Comparison("seed", peaked({8: (24, 0.985, 0.04), 2: (23, 0.9, 0.1)}), None))
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
    chart.probabilities = peaked({4: (12, 0.9, 0.05)})  # another drawing: placed anew
    assert [digit for digit, _, _ in chart.peak_labels()] == [4, 8, 2]
    chart.comparison.probabilities[:] = peaked({5: (10, 0.7, 0.05)})  # changed in place, too
    assert [digit for digit, _, _ in chart.peak_labels()] == [4, 5]
    chart.resize(400, 200)  # a smaller chart, the names placed in it
    qtbot.waitUntil(lambda: chart.width() == 400)
    chart.probabilities = peaked({4: (12, 0.9, 0.05)})  # as it was (the resize read the empty session again)
    labels = chart.peak_labels()
    assert len(labels) == 2 and all(chart.plot_rect().contains(box) for _, box, _ in labels)
    assert len(calls) == 4


def test_undo_of_a_delete_chooses_the_example_it_brings_back(qtbot, tmp_path: Path) -> None:
    """In the real window, the second of four 4s chosen, Delete, Ctrl+Z: the 4 came back, but the thumbnail chosen
    was the one after it, which Delete had moved the choice to. Delete again deleted that one, not the example the
    person had chosen before the Delete and seen come back. The undo brings back the choice too: the example is
    chosen, in its row, with the keys there where they were in the dock (moved on to the 7s' row with Down)."""
    store = ExampleStore(tmp_path / "examples")
    for shift in range(4):
        picture = np.full((28, 28), 255, np.uint8)
        picture[4:24, 8 + shift] = picture[14, 4:24] = 0
        store.add(4, picture)
    store.add(7, np.where(np.eye(28, dtype=bool), 0, 255).astype(np.uint8))
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    dock.activateWindow()
    qtbot.waitUntil(dock.isActiveWindow)
    fours, sevens = dock.view.rows[4][1], dock.view.rows[7][1]
    for away in (False, True):
        fours.setFocus()
        qtbot.waitUntil(fours.hasFocus)
        fours.setCurrentRow(1)
        chosen = dock.view.selected()
        QTest.keyClick(fours, Qt.Key.Key_Delete)
        assert fours.count() == 3 and dock.view.selected() != chosen
        if away:
            QTest.keyClick(fours, Qt.Key.Key_Down)
            assert sevens.hasFocus()
        dock.undo_stack.undo()
        assert fours.count() == 4 and fours.hasFocus() and not sevens.selectedItems()
        assert dock.view.selected().path == chosen.path and fours.currentRow() == 1
        QTest.keyClick(fours, Qt.Key.Key_Delete)  # what Delete deletes now: the example brought back
        assert all(e.path != chosen.path for e in dock.found.examples)
        dock.undo_stack.undo()
