"""The fifty-eighth round of hostile testing, window15: the finished teach dialog on small screens and high scale
factors where window14 and review34 left it (Xvfb with openbox at 1024×768 with ``QT_SCALE_FACTOR=1.5``, 1366×768
and 1600×1000 with 2, My examples shown; each screenshot looked at). Each defect found is checked offscreen, and
seen failing on the code before its fix."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from gui_window import examples_widened_past_the_drawing, settled, shown, until, window_without_model
from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QScreen
from test_robust_fifty_seventh_window14 import finished_teach

from gui.main_window import MainWindow
from gui.screen_room import views_in_order
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


@pytest.mark.parametrize(
    ("free", "docked", "bars_covered"),
    [(QRect(0, 0, 683, 512), True, 0), (QRect(0, 0, 683, 384), False, 0), (QRect(0, 0, 683, 384), True, 67)],
    ids=["1024x768-150-my-examples", "1366x768-200", "1366x768-200-my-examples"],
)
def test_the_finished_teach_dialog_measures_its_warnings_as_they_give_way(
    qtbot, tmp_path, monkeypatch, free, docked, bars_covered
) -> None:
    """Grown for its outcome, the teach dialog measured the height its lines need with its warnings whole, though
    they scroll once the chart has given way: at 150 % on a 1024×768 screen, My examples shown, it seemed to need
    536 px of 464 at 288 px wide, and lay 313 px wide over the bars' left 12 px (their digits; 23 in the real window);
    at 200 % on a 1366×768 screen it took 573×340 px of 683×384, over the whole window, bars and all (559 px, over
    their left 96 px, without My examples). Measured as the warnings scroll, it is 285 px wide beside the bars, and
    367 px there (365 with My examples, over the bars' left 67 px of 180, their percentages in sight)."""
    window, dialog = finished_on_a_screen(qtbot, tmp_path, monkeypatch, free, docked)
    frame, bars = dialog.frameGeometry(), views_in_order(window)[1]
    assert free.contains(frame), frame
    assert frame.intersected(bars).width() <= bars_covered, (frame, bars)
    shown = (dialog.status, dialog.warnings_area, dialog.bar, dialog.chart, dialog.summary, dialog.buttons)
    # nothing drawn over another, the outcome whole; a chart gone (teach24: it goes before the dialog grows downwards
    # past where it was) keeps its old geometry, drawn nowhere
    for above, below in itertools.pairwise(part for part in shown if not part.isHidden()):
        assert below.geometry().top() > above.geometry().bottom(), (above.geometry(), below.geometry())
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width())
    assert dialog.buttons.geometry().bottom() < dialog.height()


def finished_on_a_screen(qtbot, tmp_path, monkeypatch, free: QRect, docked: bool) -> tuple[MainWindow, TeachDialog]:
    """The window (no model) on a screen whose free area is ``free`` (logical px), My examples shown if ``docked``,
    settled, and the teach dialog of a finished teach opened over it: each screen's check starts here alike."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path)
    dock = window.teaching.dock
    if docked:
        window.teaching.show_dock.trigger()
        until(qtbot, dock.isVisible)
    settled(qtbot, lambda: (dock.isVisible(), dock.width(), window.canvas.width(), window.size()))
    return window, finished_teach(qtbot, window, tmp_path)


def fitted_on_a_laptop(qtbot, tmp_path, monkeypatch) -> tuple[MainWindow, list[QRect], int, QSize, int]:
    """My examples widened past the drawing on an 800×600 screen, the window closed there, and the app started again
    at 150 % on a 1024×768 laptop (683×512 logical px, where it is fitted beside the drawing): the window, the screen
    (a list, to plug the monitor in again), the width the user gave, the window's size on the monitor, the width
    fitted."""
    free = [QRect(0, 0, 800, 600)]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free[0])
    window = window_without_model(qtbot, tmp_path)
    given = examples_widened_past_the_drawing(qtbot, window)
    wide = window.size()
    window.close()
    free[0] = QRect(0, 0, 683, 512)
    window = window_without_model(qtbot, tmp_path)
    dock = window.teaching.dock
    fitted = settled(qtbot, lambda: (dock.width(), window.canvas.width(), window.width()))[0]
    assert fitted < given, (fitted, given)
    return window, free, given, wide, fitted


def test_my_examples_fitted_in_a_narrower_window_gets_its_width_back_as_the_window_grows(
    qtbot, tmp_path, monkeypatch
) -> None:
    """My examples widened by its separator to 258 px on a wider screen (an 800×600 one: offscreen, Qt bounds a
    restored window to that size), left shown, and the app started at 150 % on a 1024×768 laptop (683×512 logical
    px): it is fitted beside the drawing (166 px, window14). The window then grown back to the first screen's size
    (the monitor plugged in again) left it at 166: the width the user gave was gone for the session. It gets the 258
    back from the room the window gains."""
    window, free, given, wide, fitted = fitted_on_a_laptop(qtbot, tmp_path, monkeypatch)
    dock = window.teaching.dock
    free[0] = QRect(0, 0, 800, 600)
    window.resize(wide)
    settled(qtbot, lambda: (dock.width(), window.canvas.width(), window.width()))
    assert dock.width() == given, (dock.width(), given, fitted)
