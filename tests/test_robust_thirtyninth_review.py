"""The thirty-ninth round of hostile testing, review: what the thirty-eighth round merged, read as a demanding
reviewer would (the selection colour's follower, the single stream's retry after an underflow, the sweep of stale
temporaries after every save, the belief lines' marks); each defect found is checked to fail on the code before its
fix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication

from gui.app import create_app
from gui.theme import MIN_TEXT_CONTRAST, HighlightFollower, contrast

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


def test_a_selection_colour_the_caller_sets_is_kept(following) -> None:
    """A palette changed in the very roles the follower had set (the selection colour, active and inactive) was
    taken for the theme's new one under the app's old blue: a caller's own legible dark green, white on it 10:1,
    was thrown away for the theme's blue. Only the follower's own colours under a changed theme mean that now."""
    app = following
    app.setPalette(app.style().standardPalette())  # a desktop's light palette, white on its blue 3.7:1 ...
    made = app.palette().color(HIGHLIGHT)
    assert made != app.style().standardPalette().color(HIGHLIGHT)  # ... given a legible blue of the follower's
    green = QColor("#004d00")
    palette = app.palette()
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        palette.setColor(group, HIGHLIGHT, green)
    assert contrast(green, palette.color(QPalette.ColorRole.HighlightedText)) >= MIN_TEXT_CONTRAST
    app.setPalette(palette)
    assert app.palette().color(HIGHLIGHT) == green, app.palette().color(HIGHLIGHT).name()
