"""The teach dialog's chart: accuracy over the fine-tuning steps, drawn live from a :class:`TeachRun`."""

from __future__ import annotations

import math

from PySide6.QtCore import QEvent, QPoint, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QHelpEvent, QPainter, QPainterPath, QPaintEvent, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from gui.numbers import accuracy_percent, heldout_percent
from gui.teach_process import TeachRun
from gui.theme import graphic_colour


class TeachChart(QWidget):
    """Accuracy over fine-tuning steps: the user's held-out examples (live) and MNIST test before → after."""

    HELDOUT, MNIST = QColor(31, 119, 180), QColor(230, 120, 20)
    LEGEND = ((HELDOUT, "your held-out examples"), (MNIST, "MNIST test"))
    SWATCH, SWATCH_GAP, ENTRY_GAP, RIGHT_MARGIN = 18, 6, 18, 12  # px: a legend line, to its name, between entries
    # short enough for the dialog to fit a 1366 × 768 laptop at 200 %; at 120, shrunk to its least beside the bars at
    # 200 %, 90–100 % had some 32 px, the stacked legend and the axis' title taking the rest. Where the screen has
    # not even that room, the dialog takes it down to least_height() (its warnings, its outcome and its buttons first)
    HEIGHT = 140

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.run: TeachRun | None = None
        self.note = ""  # said in the empty plot: a run that ended before its first point left bare axes
        self.setMinimumHeight(self.HEIGHT)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setAccessibleName("Accuracy while teaching")  # a screen reader said "client" and nothing else
        # "99.50% → 99.45%" with no digit named read as "no digit worse": five upright 7s cost MNIST's 1s 0.88
        # points of all 10,000, unnamed (training.finetune.LOST_NAMED, docs/teaching.md)
        # lines of their own: a plain tooltip is not wrapped, and one line ran past a 1600-px screen
        self.setToolTip(
            "Blue: accuracy on your own examples, each read by a model that was not trained on it (cross-validated).\n"
            "Orange: MNIST test digits before and after. A digit of theirs is named below only where the teach\n"
            "cost it 3 of its test digits and a point or more: on about 200 of a digit fewer cannot be told from\n"
            "chance, so one not named may still have lost up to about a point."
        )

    def show_run(self, run: TeachRun) -> None:
        self.run = run
        self.refresh()

    def refresh(self) -> None:
        """Drawn anew, and said anew to a screen reader (:meth:`said`), as its run or its note changes."""
        if (said := self.said()) != self.accessibleDescription():
            self.setAccessibleDescription(said)
        self.update()

    def said(self) -> str:
        """What a screen reader hears of the chart: where the held-out examples began and stand now, and MNIST's
        before and after, in the words of its points' tooltips; before any point, its note. Named alone, it said no
        value: they were in a tooltip, for a pointer, and MNIST's "before" in no words until the teach ended."""
        words = [text for _, text in self.points()]
        held = len(self.run.heldout) if self.run is not None else 0
        words = words[:held][:1] + words[1:held][-1:] + words[held:]  # the first and the latest, not every one
        return " ".join(f"{text}." for text in words) or self.note

    def axis_title(self) -> str:
        """Under the chart: which steps are "before" and "after", once the fine-tune has said how many there are
        (until then it claimed "1 = after")."""
        if self.run is None or not self.run.steps:
            return "fine-tuning step"
        return f"fine-tuning step (0 = before, {self.run.steps} = after)"

    def _range(self) -> tuple[float, float]:
        """The accuracy axis: 90–100 % at its narrowest, widened in whole ticks to the lowest point. Before the first
        point it is that narrowest axis, the part every finished axis holds (it was 25–100 %, then leapt to 90–100 %
        at a model reading well): a point only widens it."""
        values = [v for _, v in (self.run.heldout if self.run else [])]
        values += [v for v in (self.run.mnist_before, self.run.mnist_after) if v is not None] if self.run else []
        low = min(values, default=1.0)
        low = max(0.0, min(low - 0.02, 0.9))
        tick = 0.05 if 1 - low <= 0.25 else 0.1 if 1 - low <= 0.5 else 0.25
        return math.floor(low / tick) * tick, 1.0  # whole ticks (5, 10 or 25 %), so the labels read cleanly

    def minimumSizeHint(self) -> QSize:
        """As narrow as the legend allows, its entries one under the other: at 300 px, the dialog shrunk beside the
        bars at 200 %, it read "MNIST t"; on one line, it kept the dialog over the bars' right part at 200 % in a
        window filling a 1600×1000 screen."""
        # no taller than the dialog lets it be (TeachDialog._give_way): the layout measures a height for a width by
        # this hint, so a chart given way still measured 133 px, and a dialog it would fit measured too tall
        return QSize(self._legend_width(stacked=True), min(120 + self.fontMetrics().height(), self.minimumHeight()))

    def least_height(self) -> int:
        """The least height the dialog may give it: the stacked legend, the axis' title and a plot a line tall, so
        its top and bottom labels both show (:meth:`grid`). At a fixed 60 px, given way beside the bars at 200 % on a
        1600×1000 screen (68 px), the plot was 8 px tall and labelled "100%" alone: no scale to read a drop by."""
        height = self.fontMetrics().height()
        return len(self.LEGEND) * height + 8 + height + height + 10  # as _plot lays them out

    def _legend_width(self, stacked: bool) -> int:
        """The width the legend needs, its entries side by side or one under the other."""
        names = [self.fontMetrics().horizontalAdvance(name) for _, name in self.LEGEND]
        entry = self.SWATCH + self.SWATCH_GAP
        wide = max(names) + entry if stacked else sum(names) + len(names) * entry + (len(names) - 1) * self.ENTRY_GAP
        return math.ceil(self._left() + wide) + self.RIGHT_MARGIN

    def _stacked(self) -> bool:
        return self.width() < self._legend_width(stacked=False)

    def _legend(self) -> list[tuple[QColor, str, QPointF]]:
        """Each legend entry and where its name starts, on the baseline (its line is drawn just left of that)."""
        metrics, entries = self.fontMetrics(), []
        x = self._left() + self.SWATCH + self.SWATCH_GAP
        y = (metrics.height() + 8) / 2 + metrics.ascent() / 2 - 1
        for color, name in self.LEGEND:
            entries.append((color, name, QPointF(x, y)))
            if self._stacked():
                y += metrics.height()
            else:
                x += metrics.horizontalAdvance(name) + self.ENTRY_GAP + self.SWATCH + self.SWATCH_GAP
        return entries

    def _left(self) -> int:
        """Where the plot begins: right of the axis' labels."""
        return self.fontMetrics().horizontalAdvance("100 %") + 10

    def _plot(self) -> QRectF:
        """Where the points go: below the legend, above the axis' title (one line, shortened to fit; two were kept,
        an empty band under it, taken from a plot squeezed at 200 %), right of the axis' labels."""
        metrics = self.fontMetrics()
        lines = len(self.LEGEND) if self._stacked() else 1
        left, top = self._left(), metrics.height() * lines + 8
        return QRectF(left, top, self.width() - left - self.RIGHT_MARGIN, self.height() - top - metrics.height() - 10)

    def at(self, step: float, value: float) -> QPointF:
        """Where the point of ``step`` and accuracy ``value`` is drawn."""
        plot, (low, high) = self._plot(), self._range()
        steps = max(1, self.run.steps if self.run else 1)
        return QPointF(
            plot.left() + plot.width() * step / steps, plot.bottom() - plot.height() * (value - low) / (high - low)
        )

    def points(self) -> list[tuple[QPointF, str]]:
        """Every point drawn, with what it says in words."""
        run = self.run
        if run is None:
            return []
        steps = max(1, run.steps)
        found = [
            (self.at(step, value), f"Your held-out examples {_when(step, steps)}: {heldout_percent(value)} read right")
            for step, value in run.heldout
        ]
        digits = f" ({run.mnist_digits:,} digits)" if run.mnist_digits else ""
        for step, value, when in ((0, run.mnist_before, "before"), (steps, run.mnist_after, "after")):
            if value is not None:
                found.append((self.at(step, value), f"MNIST test{digits} {when}: {accuracy_percent(value)}"))
        return found

    def tooltip_at(self, pos: QPointF) -> str:
        """The value of every point under the pointer (within 8 px), the nearest first, else what the chart shows:
        its points' values could not be read, only guessed against the grid. Every one, not the nearest alone: the
        held-out examples' 99.4 % under MNIST's 99.41 % (the same spot, MNIST's dot drawn over it) could not be
        read at all."""
        near = [(math.dist((p.x(), p.y()), (pos.x(), pos.y())), text) for p, text in self.points()]
        close = [text for distance, text in sorted(near) if distance <= 8]
        return "\n".join(close) if close else self.toolTip()

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip and isinstance(event, QHelpEvent):
            pos = event.pos()
            QToolTip.showText(
                event.globalPos(), self.tooltip_at(QPointF(pos)), self, QRect(pos - QPoint(4, 4), QSize(9, 9))
            )
            return True
        return super().event(event)

    def grid(self) -> list[tuple[float, QRectF | None, str]]:
        """Each grid line's height, where its label goes and what it says, top down. A label is a line tall,
        centred on its line (in 16 px, a 14-pt font's "95%" lost its feet below the line); one that would overlap
        another is left out: at the chart's least height (a short screen) "100%", "95%" and "90%" lay one over the
        other in 28 px. The top and the bottom ones are kept first, the scale's two ends: kept top down, the chart
        given way beside the bars at 200 % said "100%" alone, a drop to 95 % unreadable."""
        metrics, (low, high) = self.fontMetrics(), self._range()
        tick = 0.05 if high - low <= 0.25 else 0.1 if high - low <= 0.5 else 0.25
        values = [high - i * tick for i in range(round((high - low) / tick) + 1)]
        ys = [self.at(0, value).y() for value in values if value >= low - 1e-9]
        labels = [QRectF(0, y - metrics.height() / 2, self._left() - 6, metrics.height()) for y in ys]
        kept: list[int] = []
        for i in dict.fromkeys([0, len(ys) - 1, *range(1, len(ys) - 1)]):  # the ends first, then top down
            if not any(labels[i].intersects(labels[k]) for k in kept):
                kept.append(i)
        return [(y, labels[i] if i in kept else None, f"{values[i]:.0%}") for i, y in enumerate(ys)]

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        text = self.palette().windowText().color()
        # each line as it stands out 3:1 from the dialog: MNIST's orange was 2.6:1 on the light one, the blue 2.5:1
        # on Adwaita-dark's
        held, mnist = (graphic_colour(color, self.palette().window().color()) for color in (self.HELDOUT, self.MNIST))
        metrics = self.fontMetrics()
        plot = self._plot()
        steps = max(1, self.run.steps if self.run else 1)
        at = self.at

        grid = QColor(text)
        grid.setAlpha(50)
        painter.setPen(QPen(grid, 1))
        for y, label, value in self.grid():
            painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
            if label is not None:
                painter.setPen(text)
                painter.drawText(label, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, value)
                painter.setPen(QPen(grid, 1))
        painter.setPen(text)
        # the widget's width, shortened if need be: centred on a narrow plot it was cut at both ends, "ning step (0 ="
        title, room = self.axis_title(), self.width()
        if metrics.horizontalAdvance(title) > room:
            title = metrics.elidedText(title.replace("fine-tuning step", "step"), Qt.TextElideMode.ElideRight, room)
        painter.drawText(QRectF(0, plot.bottom() + 4, room, metrics.height()), Qt.AlignmentFlag.AlignCenter, title)
        run = self.run
        if run is not None and run.heldout:
            path = QPainterPath(at(*run.heldout[0][::1]))
            for step, value in run.heldout[1:]:
                path.lineTo(at(step, value))
            painter.setPen(QPen(held, 2.5))
            painter.drawPath(path)
            painter.setBrush(held)
            for step, value in run.heldout:
                painter.drawEllipse(at(step, value), 3.5, 3.5)
        if run is not None:
            painter.setPen(QPen(mnist, 2.5, Qt.PenStyle.DashLine))
            painter.setBrush(mnist)
            if run.mnist_before is not None:
                painter.drawEllipse(at(0, run.mnist_before), 4, 4)
            if run.mnist_before is not None and run.mnist_after is not None:
                painter.drawLine(at(0, run.mnist_before), at(steps, run.mnist_after))
                painter.drawEllipse(at(steps, run.mnist_after), 4, 4)
        if self.note and not self.points():
            painter.setPen(text)
            painter.drawText(plot, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap, self.note)
        for color, name, at_name in self._legend():
            pen = QPen(mnist if color == self.MNIST else held, 3)
            if color == self.MNIST:  # dashed as its line in the chart: two dashes in the swatch's 18 px
                pen.setDashPattern([2.0, 1.0])
                pen.setCapStyle(Qt.PenCapStyle.FlatCap)  # square caps would close the 3-px gaps
            painter.setPen(pen)
            swatch, middle = at_name.x() - self.SWATCH_GAP - self.SWATCH, at_name.y() - metrics.ascent() / 2 + 1
            painter.drawLine(QPointF(swatch, middle), QPointF(swatch + self.SWATCH, middle))
            painter.setPen(text)
            painter.drawText(at_name, name)
        painter.end()


def _when(step: int, steps: int) -> str:
    """When a held-out measurement was taken: its first point said "after step 0 of 40", the axis "0 = before"."""
    if step == 0:
        return "before teaching"
    return f"after teaching (step {step} of {steps})" if step == steps else f"after step {step} of {steps}"
