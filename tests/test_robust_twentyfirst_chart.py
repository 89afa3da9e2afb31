"""The twenty-first round, the belief views (the chart, the maps, the bars) read by pointing, in a real window."""

from __future__ import annotations

import numpy as np
from gui_window import shown
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QMouseEvent

from gui.readout import unread_note
from gui.state_heatmap import StateHeatmap
from gui.timeline import BeliefTimeline
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def _point(view, pos: QPointF) -> None:
    """The pointer moved to ``pos`` on ``view`` (and left at rest there)."""
    view.mouseMoveEvent(
        QMouseEvent(
            QMouseEvent.Type.MouseMove,
            pos,
            pos,
            Qt.MouseButton.NoButton,
            Qt.MouseButton.NoButton,
            Qt.KeyboardModifier.NoModifier,
        )
    )


def test_a_row_pointed_at_before_the_first_row_says_it_is_not_read_yet(qtbot) -> None:
    """Paused before the first row (Home, or PageUp from row 5), the pointer resting on row 10 of the chart or the
    maps: their read-outs vanished, where from row 1 on the same spot said "row 10: not read yet; click to read to
    it" (and a click there reads to it, at row 0 too). They say so at row 0, and still nothing with no digit."""
    session = DigitSession(load_pretrained())
    chart = shown(qtbot, BeliefTimeline(session), (480, 220))
    maps = shown(qtbot, StateHeatmap(session), (700, 200))
    plot = chart.plot_rect()
    on_chart = QPointF(chart.x_of(10, plot), plot.center().y())
    hidden = maps._layout()[1]
    on_maps = QPointF(hidden.center().x(), hidden.top() + hidden.height() * 9.5 / 28)
    _point(chart, on_chart)
    _point(maps, on_maps)
    assert chart.readout() == "" and maps.readout() == ""  # nothing to read: nothing to say
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = 1.0
    session.set_image(image)
    session.seek(5)
    assert chart.readout() == maps.readout() == unread_note(10)
    session.seek(0)  # the read-outs follow the keys under the pointer at rest
    assert chart.readout() == unread_note(10)
    assert maps.readout() == unread_note(10)
    chart.grab()  # paints the note beside the guide with no rows read
