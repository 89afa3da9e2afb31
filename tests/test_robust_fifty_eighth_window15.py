"""The fifty-eighth round of hostile testing, window15: the finished teach dialog on small screens and high scale
factors where window14 and review34 left it (Xvfb with openbox at 1024×768 with ``QT_SCALE_FACTOR=1.5``, 1366×768
and 1600×1000 with 2, My examples shown; each screenshot looked at). Each defect found is checked offscreen, and
seen failing on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QSize

from gui.teach import TeachDialog
from gui.teach_chart import TeachChart
from gui.teach_process import TeachRun

# a teach of three examples read right before and after, MNIST's 2,000 at 99.4 %: leftovers5's outcome
RUN = TeachRun(
    Path("base"), Path("examples"), Path("out"), steps=40, step=40, heldout=[(0, 1.0), (40, 1.0)], mnist_before=0.994
)


def labelled(chart: TeachChart) -> list[str]:
    """The grid's labels the chart draws, top down."""
    return [value for _, label, value in chart.grid() if label is not None]


def test_the_teach_chart_given_way_as_far_as_it_goes_still_shows_its_scale(qtbot) -> None:
    """At 200 % on a 1600×1000 screen, My examples shown, the finished teach dialog lay over the drawing 329 px wide,
    its chart given way to 68 px, the legend stacked: the plot was 8 px tall and labelled "100%" alone, so a drop of
    MNIST's to 95 % could not be read off it (it could go to 60 px, a plot of none). The chart now gives way no
    further than a plot a line tall, and labels its scale's two ends first: "100%" and "90%"."""
    dialog = shown(qtbot, TeachDialog(), (300, 420))
    dialog.chart.show_run(RUN)
    dialog._give_way(300, 10_000)  # a screen far too short: the chart gives all it may
    chart = dialog.chart
    chart.resize(300, chart.minimumHeight())
    assert chart._stacked(), "the legend one entry under the other, as beside the bars"
    assert chart._plot().height() >= chart.fontMetrics().height(), chart._plot()
    assert labelled(chart)[0] == "100%" and labelled(chart)[-1] == "90%", labelled(chart)


@pytest.mark.parametrize("low", [0.994, 0.8, 0.4], ids=["90-100", "75-100", "25-100"])
def test_the_teach_chart_labels_both_ends_of_its_scale_and_no_label_over_another(qtbot, low) -> None:
    """At every height from its least to its own, stacked or not, whatever its range (90–100 % to 25–100 %): the
    top and bottom grid lines labelled, no label over another. Kept top down, 75–100 % (six lines) at 300×110 px
    labelled 100, 90 and 80 %, its bottom line unnamed."""
    chart = shown(qtbot, TeachChart())
    chart.show_run(TeachRun(Path("b"), Path("e"), Path("o"), steps=40, heldout=[(0, low)], mnist_before=0.99))
    for width in (300, 700):
        for height in range(chart.least_height(), TeachChart.HEIGHT + 1):
            chart.setMinimumHeight(height)  # as the dialog gives it way (TeachDialog._give_way)
            chart.resize(width, height)
            assert chart.size() == QSize(width, height)
            lines = chart.grid()
            kept = [label for _, label, _ in lines if label is not None]
            assert lines[0][1] is not None and lines[-1][1] is not None, (chart.size(), labelled(chart))
            assert all(not a.intersects(b) for i, a in enumerate(kept) for b in kept[i + 1 :]), (chart.size(), kept)
