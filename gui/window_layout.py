"""The window's views and where they sit: the drawing left, what the model sees and believes right, and
"Inside the LSTM" in a dock underneath; the views in a scroll area that scrolls only on a screen too small for them.
Where the window is too narrow for the two columns side by side, the drawing goes above the rest, and the views
scroll up and down only."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, QSize, Qt
from PySide6.QtWidgets import (
    QApplication,
    QBoxLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from gui.belief_bars import BeliefBars
from gui.canvas import DrawingCanvas
from gui.dock_size import DockSizeKeeper
from gui.focus_chain import ChainedDock
from gui.input_view import ModelInputView
from gui.state_heatmap import StateHeatmap
from gui.timeline import BeliefTimeline

if TYPE_CHECKING:
    from gui.main_window import MainWindow

LSTM_HEIGHT = 170  # px: "Inside the LSTM" under the maps at first start
LEFT_SHARE, RIGHT_SHARE = 5, 6  # of the views' width: the drawing's column, the model's
COLUMN_GAP = 16  # px between them
CHART_UNDER_LEAST = 150  # px: the chart goes under both columns where it has this much room under the drawing


def lay_out_views(window: MainWindow) -> None:
    """Make the views (``window.canvas``, ``input_view``, ``bars``, ``timeline``, ``heatmap``) and place them."""
    window.canvas = DrawingCanvas()
    window.input_view = ModelInputView(window.session)
    window.bars = BeliefBars(window.session)
    window.timeline = BeliefTimeline(window.session)
    window.heatmap = StateHeatmap(window.session)
    # what a screen reader calls each view: custom widgets have no name of their own (it said "client" and nothing
    # else for each, the drawing too); the bars say their reading besides (BeliefBars.refresh)
    for view, name in (
        (window.canvas, "Your drawing"),
        (window.input_view, "What the model sees"),
        (window.bars, "Live belief"),
        (window.timeline, "Belief over rows"),
        (window.heatmap, "Inside the LSTM"),
    ):
        view.setAccessibleName(name)

    left = QVBoxLayout()
    left.addWidget(_caption("Your drawing"))
    left.addWidget(window.canvas, 1)
    left.addStretch(0)  # under a page no taller than the view (Views.set_stacked): it stays under its caption

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

    central = Views(left, right, window.timeline)
    window.views_area = ViewsArea(central)
    window.setCentralWidget(window.views_area)

    dock = window.heatmap_dock = ChainedDock("Inside the LSTM", window)
    dock.setObjectName("lstm_state_dock")
    dock.setWidget(window.heatmap)
    dock.setAllowedAreas(Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea)
    window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
    window.resizeDocks([dock], [LSTM_HEIGHT], Qt.Orientation.Vertical)
    # its height back when a shortened window grows again: it stayed a sliver, the maps unreadable
    DockSizeKeeper(window, dock, least=LSTM_HEIGHT)  # a child of the dock, which keeps it


class ViewsColumn(QVBoxLayout):
    """The views: the drawing's column and the model's side by side, filling what the window gives them, and the
    chart in the model's column or under both (see :class:`Views`)."""

    def hasHeightForWidth(self) -> bool:
        """No: the window never gave the square views their height for a width, but a scroll area asks, and made
        the views 490 px tall in a 443 px window that had room for their least 350 (a scroll bar, for nothing)."""
        return False


class Views(QWidget):
    """The views' widget. The drawing is a square as wide as its column: where the views are tall for their width
    (My examples docked beside them, "Inside the LSTM" hidden), 300 px stayed empty under it at 100 % on a
    1600×1000 screen. Where the chart fits there at :data:`CHART_UNDER_LEAST` px or more, it goes under both
    columns, as wide as the window, and the drawing keeps its size; elsewhere it stays under the bars."""

    def __init__(self, left: QVBoxLayout, right: QVBoxLayout, chart: QWidget) -> None:
        super().__init__()
        self._left, self._right, self._chart = left, right, chart
        self.row = QBoxLayout(QBoxLayout.Direction.LeftToRight)  # the drawing above the rest where stacked
        self.row.addLayout(left, LEFT_SHARE)
        self.row.addSpacing(COLUMN_GAP)
        self.row.addLayout(right, RIGHT_SHARE)
        self.column = ViewsColumn(self)
        self.column.setContentsMargins(12, 8, 12, 8)
        self.column.addLayout(self.row, 1)
        self.chart_under = False
        self.stacked = False
        right.addWidget(chart, 4)

    def wide_least_width(self) -> int:
        """The least width of the views with the drawing beside the rest (whichever way they are now)."""
        margins = self.column.contentsMargins()
        left, right = self._left.minimumSize().width(), self._right.minimumSize().width()
        beside = left + COLUMN_GAP + max(self.row.spacing(), 0) + right  # Qt spaces the columns, not the gap
        return margins.left() + max(beside, self._chart.minimumSizeHint().width()) + margins.right()

    def set_stacked(self, stacked: bool, height: int) -> None:
        """The drawing above what the model sees and believes (and the chart under those), or beside them; either
        way its caption and page whole in a view ``height`` px tall. At 150 % on an 800×600 screen with My examples
        docked the views were 478 px wide at their least, beside a dock of 138 in a window of 517: they scrolled
        sideways, the bars cut after the digits' names. At 200 % on a 1366×768 screen the page, as wide as its
        column, was 274 px tall in a view of 235: its foot a scroll away from the pen."""
        canvas = self._left.itemAt(1).widget()
        margins, caption = self.column.contentsMargins(), self._left.itemAt(0).widget()
        room = height - margins.top() - caption.heightForWidth(self.width()) - max(self._left.spacing(), 0)
        canvas.setMaximumHeight(max(room, canvas.minimumHeight()))
        if stacked == self.stacked:
            return
        self.stacked = stacked
        if stacked:
            self.set_chart_under(False)
        self.row.setDirection(QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight)

    def minimumSizeHint(self) -> QSize:
        """Stacked, as tall as the captions wrapped at the views' width need: the views' column takes no height
        for a width (ViewsColumn), so the chart lay over the bars' lower 32 px at 150 % on an 800×600 screen."""
        hint = super().minimumSizeHint()
        if not self.stacked:
            return hint
        margins = self.column.contentsMargins()
        width = max(self.width(), hint.width()) - margins.left() - margins.right()
        return hint.expandedTo(QSize(0, self.row.heightForWidth(width) + margins.top() + margins.bottom()))

    def set_chart_under(self, under: bool) -> None:
        """The chart under both columns, or under the bars."""
        if under == self.chart_under:
            return
        self.chart_under = under
        (self._right if under else self.column).removeWidget(self._chart)
        if under:
            self.column.addWidget(self._chart, 1)
        else:
            self._right.addWidget(self._chart, 4)

    def resizeEvent(self, event) -> None:
        margins, spacing = self.column.contentsMargins(), max(self.column.spacing(), 0)
        width = event.size().width() - margins.left() - margins.right()
        height = event.size().height() - margins.top() - margins.bottom()
        drawing = (width - COLUMN_GAP) * LEFT_SHARE // (LEFT_SHARE + RIGHT_SHARE)  # the page as wide as its column
        caption = self._left.itemAt(0).widget().heightForWidth(drawing) + max(self._left.spacing(), 0)
        under = height - caption - drawing - spacing  # room left under it
        self.set_chart_under(not self.stacked and under >= CHART_UNDER_LEAST)
        if self.chart_under:  # the top row as tall as the page needs; the chart gets the rest
            self.column.setStretch(0, caption + drawing)
            self.column.setStretch(1, under)
        super().resizeEvent(event)


class ViewsArea(QScrollArea):
    """The views, as large as the window lets them be and never smaller than their least size, unless
    :meth:`shrink_by` lets them scroll: at 200 % on a 1024×700 screen the window, its views' least sizes added up,
    was taller and wider than the screen, the chart and the status bar below its edge."""

    def __init__(self, views: QWidget) -> None:
        super().__init__()
        self.setWidget(views)
        self.setWidgetResizable(True)  # the views fill the window wherever they fit, as without a scroll area
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the canvas and My examples, as before
        self.less = QSize(0, 0)  # how much smaller than the views' least size it may be

    def resizeEvent(self, event) -> None:
        """The drawing above the rest where the views side by side would scroll sideways (see Views.set_stacked)."""
        super().resizeEvent(event)
        views = self.widget()
        views.set_stacked(self.viewport().width() < views.wide_least_width(), self.viewport().height())

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab moves the focus without the scroll area's own scroll: it brought into view the view focused last, the
        drawing, even as the focus left it for My examples, and centred it, taller than the part in view: at 200 %
        on a 1366×768 screen one Tab from the drawing scrolled its top and its caption out of view. A view Tab
        focuses is scrolled to, its top first."""
        if not QWidget.focusNextPrevChild(self, next):
            return False
        focused, views = QApplication.focusWidget(), self.widget()
        if focused is not None and views.isAncestorOf(focused):
            corner = focused.mapTo(views, QPoint(0, 0))
            self.ensureVisible(corner.x(), corner.y(), 50, 50)  # as QScrollArea's margins
        return True

    def scrollContentsBy(self, dx: int, dy: int) -> None:
        """Scrolled, the views are painted anew, not only the strip scrolled into view: what a view places in its
        part in view (the chart's read-out) was left where it was, cut off at the view's new edge."""
        super().scrollContentsBy(dx, dy)
        self.widget().update()

    def minimumSizeHint(self) -> QSize:
        """The views' own least size (the window's smallest shows every view whole), less what it was shrunk by, and
        room for the scroll bar that then shows: without it the views shrunk in height lost its 14 px of their width
        and scrolled sideways that much (200 % on a 1366×768 screen, My examples docked: the percentages cut)."""
        least = self.widget().minimumSizeHint() - self.less
        bar = self.verticalScrollBar().sizeHint().width()
        if self.less.height() > 0:
            least += QSize(bar, 0)
        if self.less.width() > 0:
            least += QSize(0, self.horizontalScrollBar().sizeHint().height())
        return least.expandedTo(QSize(bar * 3, 1))

    def shrink_by(self, less: QSize) -> None:
        """Let the window be ``less`` smaller than its views need (the rest scrolls); QSize(0, 0): never."""
        self.less = less.expandedTo(QSize(0, 0))
        self.updateGeometry()


def _caption(text: str) -> QLabel:
    """A view's title in bold, on two lines where its view is narrower than it ("What the model sees" on one line
    was wider than its picture at its least, and the views a scroll wider than a small window)."""
    label = QLabel(text)
    label.setWordWrap(True)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label
