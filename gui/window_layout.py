"""The window's views and where they sit: the drawing left, what the model sees and believes right, and
"Inside the LSTM" in a dock underneath."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from gui.belief_bars import BeliefBars
from gui.canvas import DrawingCanvas
from gui.dock_size import DockSizeKeeper
from gui.input_view import ModelInputView
from gui.state_heatmap import StateHeatmap
from gui.timeline import BeliefTimeline

if TYPE_CHECKING:
    from gui.main_window import MainWindow

LSTM_HEIGHT = 170  # px: "Inside the LSTM" under the maps at first start


def lay_out_views(window: MainWindow) -> None:
    """Make the views (``window.canvas``, ``input_view``, ``bars``, ``timeline``, ``heatmap``) and place them."""
    window.canvas = DrawingCanvas()
    window.input_view = ModelInputView(window.session)
    window.bars = BeliefBars(window.session)
    window.timeline = BeliefTimeline(window.session)
    window.heatmap = StateHeatmap(window.session)

    left = QVBoxLayout()
    left.addWidget(_caption("Your drawing"))
    left.addWidget(window.canvas, 1)

    seen = QVBoxLayout()
    seen.addWidget(_caption("What the model sees"))
    seen.addWidget(window.input_view, 1)
    belief = QVBoxLayout()
    belief.addWidget(_caption("Live belief"))
    belief.addWidget(window.bars, 1)
    top_right = QHBoxLayout()
    top_right.addLayout(seen, 4)
    top_right.addSpacing(12)
    top_right.addLayout(belief, 5)
    right = QVBoxLayout()
    right.addLayout(top_right, 5)
    right.addSpacing(8)
    right.addWidget(window.timeline, 4)

    central = QWidget()
    row = QHBoxLayout(central)
    row.setContentsMargins(12, 8, 12, 8)
    row.addLayout(left, 5)
    row.addSpacing(16)
    row.addLayout(right, 6)
    window.setCentralWidget(central)

    dock = window.heatmap_dock = QDockWidget("Inside the LSTM", window)
    dock.setObjectName("lstm_state_dock")
    dock.setWidget(window.heatmap)
    dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [LSTM_HEIGHT], Qt.Orientation.Vertical)
    # its height back when a shortened window grows again: it stayed a sliver, the maps unreadable
    window.heatmap_size = DockSizeKeeper(window, dock, least=LSTM_HEIGHT)


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
