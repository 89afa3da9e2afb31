"""The forty-first round of hostile testing, review: a code review of what the fortieth round merged, each defect
found checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

from gui.example_rows import ExamplesWidget
from rowreader.example_folder import Example, ExampleSet


def _widths(view: ExamplesWidget) -> list[int]:
    return [item.data(Qt.ItemDataRole.DecorationRole).availableSizes()[0].width() for item in view.items()]


def test_a_thumbnail_is_drawn_at_its_rows_pixel_ratio_as_it_is_shown(qapp) -> None:
    """A thumbnail's pixel ratio was the window's when its item was made, and a row now keeps the items of the
    examples it shows through every reading: a window moved onto a 2× screen kept its blurred 40-px thumbnails for
    good, the folder read again or not. Each is drawn at its row's ratio when asked for, as the paint asks."""
    rng = np.random.default_rng(41)
    found = ExampleSet(
        [Example(Path(f"/nowhere/{d}/a.png"), d, rng.random((28, 28), dtype=np.float32)) for d in (3, 7)]
    )
    view = ExamplesWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.show_examples(found)
    assert _widths(view) == [40, 40]
    # onto a 2× screen: the window and its rows say so (the same wrappers the items are held by)
    view.devicePixelRatioF = lambda: 2.0
    for _, strip in view.rows.values():
        strip.devicePixelRatioF = lambda: 2.0
    assert _widths(view) == [80, 80]
    view.show_examples(found)  # the watcher's reading of the folder, unchanged: the same items kept
    assert _widths(view) == [80, 80]
    view.deleteLater()
