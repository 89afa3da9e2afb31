"""The fifty-seventh round of hostile testing, teach14: teaching one's handwriting where teach13 left (what the
teach's 2,000 MNIST digits can tell of one digit's loss, what teaching again costs); each test is checked to fail on
the code before its fix."""

from __future__ import annotations

from PySide6.QtCore import QPointF
from PySide6.QtGui import QFontMetrics
from PySide6.QtWidgets import QToolTip

from gui.teach_chart import TeachChart


def test_the_teach_chart_says_a_digit_not_named_may_still_have_lost(qtbot) -> None:
    """The dialog names an MNIST digit a teach cost only where it lost 3 of its ~200 and a point (fewer cannot be
    told from chance on the teach's 2,000), so "99.50% → 99.45%" with none named read as "no digit worse": five 7s
    drawn as upright strokes, taught, cost MNIST's 1s 0.88 points of all 10,000 (1.05 in teach13's window), unnamed.
    The chart's own words, away from its points, say so, each line within a small screen's width (a plain
    tooltip is not wrapped)."""
    chart = TeachChart()
    qtbot.addWidget(chart)
    words = chart.tooltip_at(QPointF(-100, -100))  # no point near: the chart's description
    assert "Orange: MNIST test digits" in words
    assert "chance" in words and "not named" in words, words
    metrics = QFontMetrics(QToolTip.font())
    assert max(metrics.horizontalAdvance(line) for line in words.splitlines()) < 1000
