"""The thirty-eighth round of hostile testing, colours: the belief view and the window as people with other eyes and
other desktops see them, the last round's leftovers: the ten belief lines and the maps' sign in greyscale (ΔE2000
of every pair, measured on Qt's grayscale of a grab), a desktop switching its palette while the app runs, and the
maps' docks floated at 200 % on a 1366×768 screen; each defect found is checked to fail on the code before its fix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from gui_window import shown
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication

from gui.app import create_app
from gui.keep_dialog import KeepExampleDialog
from gui.theme import MIN_TEXT_CONTRAST, HighlightFollower, _dark_palette, contrast

HIGHLIGHT = QPalette.ColorRole.Highlight


@pytest.fixture
def following(qapp) -> Iterator[QApplication]:
    """The app as the window is given it (its selection colour made legible and followed), put back afterwards."""
    before = QPalette(qapp.palette())
    app = create_app([], "system")
    try:
        yield app
    finally:
        for follower in app.findChildren(HighlightFollower):
            follower.setParent(None)  # its event filter goes with it
            follower.deleteLater()
        QApplication.sendPostedEvents()
        app.setPalette(before)


def _legible(palette: QPalette) -> float:
    return contrast(palette.color(HIGHLIGHT), palette.color(QPalette.ColorRole.HighlightedText))


def test_a_palette_handed_over_while_the_app_runs_gets_a_legible_selection_colour(following, qtbot) -> None:
    """The selection colour was made legible once, as the app started: a desktop switching back to light while it
    ran (its palette handed to the app whole) brought Fusion's #308cc6 back, white on it 3.7:1, in the Keep dialog's
    chosen digit as much as anywhere. It follows every palette now; a dark one's own light blue (7.6:1) is kept."""
    app = following
    assert _legible(app.palette()) >= MIN_TEXT_CONTRAST
    app.setPalette(_dark_palette())  # the desktop goes dark ...
    assert app.palette().color(HIGHLIGHT) == _dark_palette().color(HIGHLIGHT)  # its own, not the darkened blue
    light = app.style().standardPalette()
    assert _legible(light) < MIN_TEXT_CONTRAST  # Fusion's, as a desktop hands it over
    app.setPalette(light)  # ... and light again
    assert _legible(app.palette()) >= MIN_TEXT_CONTRAST
    dialog = shown(qtbot, KeepExampleDialog(guess=3, on_keep=lambda digit: None))
    button = dialog.group.button(3)
    image = button.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    middle = QColor(image.pixel(4, image.height() // 2))
    assert middle == app.palette().color(HIGHLIGHT), middle.name()  # the chosen digit drawn on the legible blue
