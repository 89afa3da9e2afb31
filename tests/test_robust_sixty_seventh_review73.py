"""The sixty-seventh round, review73: a review of window25's SVG of no size (a viewBox SVG ignores as invalid)."""

from __future__ import annotations

import contextlib
import gzip
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import shiboken6
from PySide6.QtCore import QSettings, QUrl
from PySide6.QtWidgets import QApplication, QFileDialog, QListView, QSplitter, QWidget

from gui.file_dialog_fit import FileDialogFit
from gui.image_io import read_any_picture_and_note, read_any_picture_data_and_note

SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="20" viewBox="{}"><rect width="15" height="15"/></svg>'


@pytest.mark.parametrize("box", ["0 0 0", "0 0 -5", "a b 0 10", "0 0 0 10 5", "0 0 0px 10", "0,0,,0,10"])
def test_an_svg_of_a_view_box_svg_ignores_is_drawn_at_its_width_and_height(qapp, tmp_path, box: str) -> None:
    """A viewBox not of four numbers is an error SVG ignores (Qt and a browser draw the file at its width and height):
    one whose third or fourth word was 0 or below ("0 0 0", "a b 0 10") was "an SVG drawing of no size", its 20 × 20
    drawing refused, pasted, opened or gzipped."""
    data = SVG.format(box).encode()
    (tmp_path / "a.svg").write_bytes(data)
    (tmp_path / "a.svgz").write_bytes(gzip.compress(data))
    read = [read_any_picture_data_and_note(data, "pasted")[0]]
    read += [read_any_picture_and_note(tmp_path / name)[0] for name in ("a.svg", "a.svgz")]
    for image in read:
        assert image.shape[:2] == (20, 20)
        assert np.count_nonzero(image[..., 3]) == 15 * 15  # its square drawn, at the drawing's own scale


@pytest.mark.parametrize("box", ["0 0 0 10", "0,0,10,-1", " 0 0 .0e3 10 ", "0 0 +0 10"])
def test_an_svg_of_a_view_box_0_or_below_is_still_of_no_size(qapp, tmp_path, box: str) -> None:
    """The control: four numbers, one of the size 0 or below, draw nothing (SVG), as window25 made them."""
    with pytest.raises(Exception, match="an SVG drawing of no size"):
        read_any_picture_data_and_note(SVG.format(box).encode(), "pasted")


@pytest.mark.parametrize("length", [60, 200])
def test_open_images_file_list_keeps_its_room_beside_a_long_place_name(qapp, tmp_path, length: int) -> None:
    """A place of a long name first in Open's side panel (a folder the user dragged to the top of the places, Qt
    keeping them in its settings) opened the panel as wide as that name, Qt's own first layout and the width it saves
    and restores after: the files listed 88 px of 606 (a name of 60 letters), or 70, their least (200), their names
    cut. The side panel is as wide as its names up to a third of the dialog, the files keeping two-thirds."""
    place = tmp_path / ("samples-" + "x" * length)
    place.mkdir()
    window = QWidget()
    try:
        with qt_file_dialog_settings_put_back():
            _open_twice_beside(window, place, tmp_path)
    finally:
        shiboken6.delete(window)


@contextlib.contextmanager
def qt_file_dialog_settings_put_back(cleared: bool = False) -> Iterator[None]:
    """Qt's own settings (QtProject.conf: each file dialog's places and side panel's width, saved as it goes) as they
    were, after the block, for the tests after it in the same worker; ``cleared``: the block starts from Qt's
    defaults, as a new user's first dialog does, whatever dialogs of earlier tests saved."""
    settings = QSettings(QSettings.Scope.UserScope, "QtProject")
    kept = {key: settings.value(key) for key in settings.allKeys()}
    if cleared:
        settings.clear()
        settings.sync()
    try:
        yield
    finally:
        settings.clear()
        for key, value in kept.items():
            settings.setValue(key, value)
        settings.sync()


def _open_twice_beside(window: QWidget, place: Path, folder: Path) -> None:
    """Open a file dialog of ``window`` twice, ``place`` first in its places, and measure it (the test above)."""
    FileDialogFit(window)
    for _ in range(2):  # the second opening restores the width the first one saved
        dialog = QFileDialog(window, "Open image", str(folder))
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog)
        dialog.setSidebarUrls([QUrl.fromLocalFile(str(place)), QUrl.fromLocalFile(str(folder))])
        dialog.show()
        QApplication.processEvents()
        side, files = sizes = dialog.findChild(QSplitter, "splitter").sizes()
        sidebar = dialog.findChild(QListView, "sidebar")
        wanted = min(sidebar.sizeHintForColumn(0), sum(sizes) // 3)
        shiboken6.delete(dialog)  # as Qt's static dialogs go: their places and side panel's width saved
        assert files >= 2 * side, sizes
        assert side >= wanted, sizes  # its names, up to the third
