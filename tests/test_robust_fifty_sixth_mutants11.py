"""The fifty-sixth round of hostile testing, mutants11: mutation testing by hand of gui/theme.py's palette follower
and two modules the last rounds changed most, where mutants10 left them. Each test here was seen failing on a mutant
no earlier test killed (the mutant named in its docstring), or on the code before its fix."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QEvent
from PySide6.QtGui import QColor, QImage, QPalette
from PySide6.QtWidgets import QApplication, QLabel, QListWidget
from test_robust_thirtyeighth_colours import _ThemedApp, _unset

from gui.theme import (
    MIN_TEXT_CONTRAST,
    LegiblePaletteFollower,
    _dark_palette,
    apply_color_scheme,
    contrast,
    legible_palette,
)

HIGHLIGHT = QPalette.ColorRole.Highlight
WINDOW = QPalette.ColorRole.Window
SELECTED = (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive)


def _legible(palette: QPalette) -> float:
    return contrast(palette.color(HIGHLIGHT), palette.color(QPalette.ColorRole.HighlightedText))


def _pixel(widget, x: int, y: int) -> QColor:
    """The colour drawn at (x, y) of ``widget`` as it shows now."""
    image = widget.grab().toImage().convertToFormat(QImage.Format.Format_RGB32)
    return QColor(image.pixel(x, y))


@pytest.fixture
def themed(following) -> Iterator[QApplication]:
    """The running app on its theme's palette, as a desktop gives it (no colour of the app's set but the selection
    colour it makes legible): what a caller's change of one colour is made on."""
    following.setPalette(QPalette())  # the theme's own (Fusion's light offscreen), its blue 3.7:1, made legible
    assert following.palette().color(HIGHLIGHT) != following.style().standardPalette().color(HIGHLIGHT)
    yield following


def test_a_callers_own_window_colour_is_kept(themed, qtbot) -> None:
    """A caller changing one colour of the app's palette (a window tinted) hands a palette of more colours set than
    the follower set: it is the caller's, kept. Mutant: the follower's check that only its own colours are set
    dropped: the tint was taken for a theme's new palette and thrown away for the theme's (grey window, 1 of 1)."""
    palette = themed.palette()
    palette.setColor(WINDOW, QColor("#ffe0e0"))
    themed.setPalette(palette)
    label = QLabel("tinted")
    label.setAutoFillBackground(True)
    qtbot.addWidget(label)
    label.resize(80, 30)
    assert themed.palette().color(WINDOW) == QColor("#ffe0e0")
    assert _pixel(label, 2, 2) == QColor("#ffe0e0"), _pixel(label, 2, 2).name()  # as drawn
    assert _legible(themed.palette()) >= MIN_TEXT_CONTRAST


def test_a_callers_own_selection_colour_is_kept(themed, qtbot) -> None:
    """A caller's own selection colour, set in the groups the follower sets (active and inactive), sets no colour the
    follower did not: only the colour tells it from the theme's new palette under the app's. It is the caller's, and
    legible, kept. Mutant: the colours compared no more: thrown away for the theme's blue, made legible."""
    palette = themed.palette()
    for group in SELECTED:
        palette.setColor(group, HIGHLIGHT, QColor("#004000"))  # white on it 11:1
    themed.setPalette(palette)
    rows = QListWidget()
    qtbot.addWidget(rows)
    rows.addItems(["one", "two"])
    rows.resize(120, 80)
    rows.setCurrentRow(0)
    rect = rows.visualItemRect(rows.item(0))
    assert themed.palette().color(HIGHLIGHT) == QColor("#004000")
    drawn = _pixel(rows.viewport(), rect.right() - 3, rect.center().y())
    assert drawn == QColor("#004000"), drawn.name()  # the chosen row, as drawn


def _switch(app: _ThemedApp, theme: QPalette) -> None:
    """The desktop switches its theme: Qt keeps the app's own colours over the theme's new palette, and says so."""
    app.theme = _unset(theme)
    QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationPaletteChange))


def test_a_desktop_switched_light_and_dark_again_and_again_gives_each_its_own_selection(qapp) -> None:
    """Light, light with another accent colour (GNOME's blue, white on it 3.8:1), dark, light, dark: each dark palette
    has its own light blue, each light one the blue made legible for it, in at most two palettes set a switch (the
    theme's read again, then made legible). Mutant: the follower not ignoring the change its own setting sends: the
    accent's switch forgot the palette it set, and the dark after kept the accent's darkened blue on its dark window."""
    light = qapp.style().standardPalette()
    accent = QPalette(light)
    accent.setColor(HIGHLIGHT, QColor("#3584e4"))
    app = _ThemedApp(light)
    LegiblePaletteFollower(app).follow()  # type: ignore[arg-type]
    for theme in (accent, _dark_palette(), light, _dark_palette(), accent):
        sets = app.sets
        _switch(app, theme)
        legible = legible_palette(theme) or theme  # what the theme's palette is made alone
        assert app.palette().color(WINDOW) == theme.color(WINDOW)
        assert app.palette().color(HIGHLIGHT) == legible.color(HIGHLIGHT), app.palette().color(HIGHLIGHT).name()
        assert app.sets - sets <= 2
    assert _legible(light) < MIN_TEXT_CONTRAST and _legible(accent) < MIN_TEXT_CONTRAST  # each light one was darkened


def test_a_callers_window_colour_outlives_a_theme_switch(qapp) -> None:
    """A caller's tint of the window, legible as it is (the follower had nothing to change), stays when the desktop
    goes dark: Qt keeps it over the new theme, and the follower reads the theme again only under colours of its own.
    Mutant: the follower keeping the caller's palette as its own: the tint taken for one of its colours, thrown away."""
    app = _ThemedApp(qapp.style().standardPalette())
    LegiblePaletteFollower(app).follow()  # type: ignore[arg-type]
    palette = app.palette()
    palette.setColor(WINDOW, QColor("#c0d0ff"))
    app.setPalette(palette)
    _switch(app, _dark_palette())
    assert app.palette().color(WINDOW) == QColor("#c0d0ff")
    assert _legible(app.palette()) >= MIN_TEXT_CONTRAST


def test_a_scheme_applied_twice_follows_as_once(following) -> None:
    """The scheme applied again (a second ``create_app``, as the tests and the screenshot tool may) keeps one
    follower: two took turns on each change, the second forgetting the palette the first had set. Mutant: a new
    follower every time."""
    apply_color_scheme(following, "system")
    apply_color_scheme(following, "system")
    assert len(following.findChildren(LegiblePaletteFollower)) == 1


def test_a_palette_handed_over_is_followed_once_not_once_a_window(following, qtbot, monkeypatch) -> None:
    """Qt tells each window (and its QWindow, and the style hints) of a new application palette as well as the app:
    the follower reads the app's telling alone, once a change. Mutant: whose event it was not asked: 4 follows of one
    palette handed over to an app of three windows (each after the first finding nothing to do)."""
    for _ in range(3):
        qtbot.addWidget(window := QLabel("a window"))
        window.show()
    (follower,) = following.findChildren(LegiblePaletteFollower)
    follows = []
    monkeypatch.setattr(follower, "follow", lambda: follows.append(LegiblePaletteFollower.follow(follower)))
    following.setPalette(_dark_palette())
    QApplication.processEvents()  # the windows are told later, as posted events
    assert len(follows) == 1, follows
    assert following.palette().color(HIGHLIGHT) == _dark_palette().color(HIGHLIGHT)
