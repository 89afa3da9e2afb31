"""The thirtieth round, chart: the belief views and the teach chart read by a user who wants every value, by pointing
and by reading the labels, at 100 %, 150 % and 200 % and with a large system font."""

from __future__ import annotations

from pathlib import Path

from gui_window import shown
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetrics, QImage, QPainter

from gui.teach_chart import TeachChart
from gui.teach_process import TeachRun

SLOW = settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)


def _ink_rows(image: QImage, left: int, right: int, top: int, bottom: int) -> list[int]:
    """The rows of ``image`` between ``top`` and ``bottom`` with a dark pixel between ``left`` and ``right``."""
    return [
        y
        for y in range(max(top, 0), min(bottom, image.height()))
        if any(image.pixelColor(x, y).lightness() < 128 for x in range(left, right))
    ]


@SLOW
@given(points=st.floats(9.0, 20.0))
def test_the_teach_charts_axis_labels_are_whole_and_on_their_lines_in_any_font(qtbot, points: float) -> None:
    """The teach chart wrote each accuracy level in a box 16 px high from 8 px above its grid line: with a 14-pt
    system font (22 px a line) every label lost its lowest rows ("95%" 12 of its 14, the bowl of the 5 gone) and sat
    3 px under its line. Each is whole now, as the same text drawn alone is, and centred on its line."""
    font = QFont()
    font.setPointSizeF(points)
    chart = TeachChart()
    chart.setFont(font)
    shown(qtbot, chart, (560, 300))
    chart.show_run(TeachRun(Path("b"), Path("e"), Path("o"), steps=40, heldout=[(0, 0.9), (40, 0.97)]))
    image = chart.grab().toImage()
    assert image.devicePixelRatio() == 1  # offscreen: pixels are logical pixels
    metrics = QFontMetrics(font)
    alone = QImage(200, 3 * metrics.height(), QImage.Format.Format_RGB32)
    alone.fill(QColor("white"))
    with QPainter(alone) as painter:
        painter.setFont(font)
        painter.setPen(QColor("black"))
        painter.drawText(QPointF(10, metrics.height() + metrics.ascent()), "95%")
    glyph = _ink_rows(alone, 0, 200, 0, alone.height())
    y = round(chart.at(0, 0.95).y())
    label = _ink_rows(image, 0, round(chart._plot().left()) - 4, y - metrics.height(), y + metrics.height())
    assert len(label) == len(glyph), (label, glyph)  # whole: as many rows of ink as the text drawn alone
    assert abs((label[0] + label[-1]) / 2 - y) <= metrics.height() / 4, (label, y)  # beside its line, not under it


def test_the_teach_charts_points_on_one_another_are_all_read_out(qtbot) -> None:
    """The held-out examples' 99.4 % after teaching lay under MNIST's 99.36 % (its dot drawn over theirs): pointing
    there said MNIST's value alone, and the held-out accuracy could not be read at all. Every point within the
    pointer's reach is said, the nearest first."""
    chart = shown(qtbot, TeachChart(), (420, 200))
    run = TeachRun(Path("b"), Path("e"), Path("o"), steps=40, heldout=[(0, 0.97), (20, 0.98), (40, 0.994)])
    run.mnist_before, run.mnist_after, run.mnist_digits = 0.9941, 0.9936, 10_000
    chart.show_run(run)
    after = chart.at(40, 0.994)
    said = chart.tooltip_at(after).split("\n")
    assert said == [
        "Your held-out examples after teaching (step 40 of 40): 99.4% read right",
        "MNIST test (10,000 digits) after: 99.36%",
    ]
    assert chart.tooltip_at(chart.at(20, 0.98)).split("\n") == [
        "Your held-out examples after step 20 of 40: 98.0% read right"
    ]  # a point alone is said alone
