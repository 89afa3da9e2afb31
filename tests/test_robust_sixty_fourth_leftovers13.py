"""The sixty-fourth round, leftovers13: the last mutants of mutants17 and mutants18 the tests let live (the stain's
reach, the finished teach dialog's chart and buttons' row). Each test here was seen failing on its mutant, applied
alone in a clone of the tree, and passing on the code."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import finished_teach_on
from PIL import Image
from PySide6.QtCore import QRect, Qt
from test_robust_fifty_ninth_pages11 import coffee_page

from gui.screen_room import views_in_order
from rowreader.preprocess import normalise


@pytest.mark.parametrize("seed", [8, 9])
def test_a_blank_coffee_page_photographed_at_twice_the_size_holds_no_digit(seed) -> None:
    """Sampled on every 4th pixel (a page of 800–1000 px), a stain's colour counts a sampled pixel's span further
    than its reach: without that span (mutants16's stain without `+ step`) the ring's outer rim was left as brown
    specks (8 px darker than the paper by MIN_CONTRAST on seed 8) and each blank page was read as a digit (1,410 and
    43 px of ink); the code leaves no digit."""
    page = np.asarray(coffee_page(np.random.default_rng(seed), None)).repeat(2, axis=0).repeat(2, axis=1)
    assert normalise(Image.fromarray(page)).image is None


def test_the_finished_teach_dialog_keeps_its_chart_where_the_screen_holds_it(qtbot, tmp_path, monkeypatch) -> None:
    """683×420 free, the dialog 268 px wide as it ran, 44 px from the screen's left and 120 from its top: the chart
    whole fits at the buttons' row (312 px), widened leftwards and grown upwards, so it stays; with the least width that
    holds the lines without the chart tried first (mutants16's `gone or kept`) the chart went, 268 px wide, its buttons
    one under the other. At the screen's left edge and top (its place as it ran) the chart goes now (kept,
    it grew the dialog 76 px down and 44 px right, Close off Cancel's place, over the bars and the chart)."""
    dialog, _ = finished_teach_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 683, 420), 268, (44, 120))
    assert dialog.chart.isVisible()
    assert dialog.buttons.orientation() == Qt.Orientation.Horizontal, dialog.width()


def test_the_finished_teach_dialog_clear_of_the_bars_is_not_widened_over_them(qtbot, tmp_path, monkeypatch) -> None:
    """720×420 free, the dialog 300 px wide as it ran, placed clear of the bars: widened to its buttons' row (312 px)
    it would lie over them, so it keeps its width, its buttons one under the other. Without "clear of them" alone
    (`bars_hidden(width) > 0`) it went over 12 px of their 180, as without the bars-covered check (mutants16's),
    which went 312 px wide over the bars at 480 too (there the chart now goes, teach22: it widens leftwards over the
    drawing, Close where Cancel was)."""
    dialog, _ = finished_teach_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 720, 420), 300, None)
    bars = views_in_order(dialog.parentWidget())[1]
    assert not dialog.frameGeometry().intersects(bars), (dialog.frameGeometry(), bars)
    assert dialog.width() == 300 and dialog.buttons.orientation() == Qt.Orientation.Vertical


def test_the_finished_teach_dialog_widened_over_half_the_bars_and_no_more_lays_its_buttons_in_a_row(
    qtbot, tmp_path, monkeypatch
) -> None:
    """633×420 free, the dialog 300 px wide as it ran, placed over 102 px of the 228-px bars (as `_grow_to_text`
    weighs it, read by a probe in a clone): its buttons' row (312 px) covers 114, exactly half, which the rule allows
    ("nor more than half their width"), so it takes the row; with `<` half (mutants16's) it stayed 300 px wide, its
    buttons one under the other. At the screen's left edge (teach21): where it ran, right of it, it now widens
    leftwards over the drawing (524 px), Close where Cancel was, not to (0, 0), Close 234 px left and 104 lower."""
    dialog, _ = finished_teach_on(qtbot, tmp_path, monkeypatch, QRect(0, 0, 633, 420), 300, (0, 0))
    assert dialog.width() == 312 and dialog.buttons.orientation() == Qt.Orientation.Horizontal
