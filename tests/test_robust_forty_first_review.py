"""The forty-first round of hostile testing, review: a code review of what the fortieth round merged, each defect
found checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from folder_hint import check_folder_hint
from PySide6.QtCore import Qt
from test_robust_thirtyeighth_api import blurry_bars, sure_reader

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


@pytest.mark.parametrize(
    ("files", "patterns"),
    [
        (["a.pdf", "b.pdf", "c.jpg"], ["*.jpg"]),  # a scanner's PDFs beside a photo: Pillow writes PDF, never reads it
        (["a.pdf"], None),
        ([".a.png", ".b.png", "c.jpg"], ["*.jpg"]),  # hidden: the shell's * does not name them
        ([".thumbnails/a.png", "3/b.jpg"], ["*/*.jpg"]),
        ([".thumbnails/a.png"], None),
    ],
)
def test_a_folders_hint_names_only_pictures_the_pattern_reaches_and_predict_reads(
    files, patterns, tmp_path, capsys
) -> None:
    """`rowreader predict scans` (a folder of a scanner's PDFs) was told to name `scans/*.pdf`, each of which is then
    refused as "a PDF document, not a picture", and a folder whose pictures are hidden (.a.png, or a .thumbnails/
    folder of PNGs) to name `*.png` or `*/*.png`, which the shell expands to nothing. Neither is named now."""
    check_folder_hint(tmp_path / "scans", files, patterns, capsys)


@pytest.mark.parametrize("where", ["softmax", "cell"])
def test_a_batchs_earlier_states_are_read_under_numpys_raise_as_without(where: str) -> None:
    """A batch's history reads the states it is asked for again, from its rows, outside ``feed``'s
    ``np.errstate(under="ignore")``: under ``np.seterr(all="raise")`` (a notebook hunting a NaN) ``history[5].hidden``
    asked after ``history[12].hidden`` failed as "FloatingPointError: underflow encountered in exp" (a reader sure
    by 100 logits), "… in multiply" (a shut input gate). Read now as without it, bit for bit."""
    images = blurry_bars(2)
    with np.errstate(under="ignore"):
        calm = sure_reader(where).stream(batch=2)
        calm.feed_image(images)
        expected = [calm.history[row].hidden.copy() for row in (12, 5)]
    batch = sure_reader(where).stream(batch=2)
    with np.errstate(all="raise"):
        batch.feed_image(images)
        history = batch.history
        got = [history[row].hidden for row in (12, 5)]
    for seen, wanted in zip(got, expected, strict=True):
        np.testing.assert_array_equal(seen, wanted)
