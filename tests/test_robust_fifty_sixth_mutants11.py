"""The fifty-sixth round of hostile testing, mutants11: mutation testing by hand of gui/theme.py's palette follower
and two modules the last rounds changed most, where mutants10 left them. Each test here was seen failing on a mutant
no earlier test killed (the mutant named in its docstring), or on the code before its fix."""

from __future__ import annotations

import shutil
from collections.abc import Iterator

import numpy as np
import pytest
from gui_window import held_at_the_third_picture, open_shipped_window, window_without_model
from PySide6.QtCore import QEvent, QRectF, QSize
from PySide6.QtGui import QColor, QIcon, QImage, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QApplication, QLabel, QListWidget
from test_robust_thirtyeighth_colours import ThemedApp, followed, unset_palette
from test_robust_twentythird_teaching import a_seven_kept_and_opened

from gui.demo import draw_digit
from gui.examples_watch import SETTLE_MS
from gui.theme import (
    CLASS_COLORS,
    MIN_CONTRAST,
    MIN_TEXT_CONTRAST,
    InTextColour,
    LegiblePaletteFollower,
    _dark_palette,
    apply_color_scheme,
    blend,
    class_color,
    contrast,
    legible_palette,
    paint_ring,
    view_colours,
)
from rowreader.example_store import ExampleStore

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


def _switch(app: ThemedApp, theme: QPalette) -> None:
    """The desktop switches its theme: Qt keeps the app's own colours over the theme's new palette, and says so."""
    app.theme = unset_palette(theme)
    QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationPaletteChange))


def test_a_desktop_switched_light_and_dark_again_and_again_gives_each_its_own_selection(qapp) -> None:
    """Light, light with another accent colour (GNOME's blue, white on it 3.8:1), dark, light, dark: each dark palette
    has its own light blue, each light one the blue made legible for it, in at most two palettes set a switch (the
    theme's read again, then made legible). Mutant: the follower not ignoring the change its own setting sends: the
    accent's switch forgot the palette it set, and the dark after kept the accent's darkened blue on its dark window."""
    light = qapp.style().standardPalette()
    accent = QPalette(light)
    accent.setColor(HIGHLIGHT, QColor("#3584e4"))
    with followed(light) as app:
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
    with followed(qapp.style().standardPalette()) as app:
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


def _drawn(size: tuple[int, int], ground: QColor, paint) -> QImage:
    """``paint(painter)`` on an image of ``size`` filled with ``ground``, as drawn."""
    image = QImage(*size, QImage.Format.Format_RGB32)
    image.fill(ground)
    with QPainter(image) as painter:
        paint(painter)
    return image


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_cursors_ring_shows_on_ground_of_either_of_its_colours(qapp, scheme: str) -> None:
    """The input's cursor ring is a line on the text's side in a band on the window's (black and white since the
    fifty-eighth round's a11y9), so that one of the two shows on any ground: on ground of the text's colour (a stroke's
    ink) the window's side's band is drawn round the line, on the window's the line. Mutant: the band drawn as the
    line: on the ink the ring was not there at all."""
    palette = _dark_palette() if scheme == "dark" else qapp.style().standardPalette()
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(WINDOW)
    ring = QRectF(10.5, 10.5, 12, 12)
    for ground, other in ((text, window), (window, text)):
        image = _drawn((34, 34), ground, lambda painter: paint_ring(painter, ring, palette))
        across = {QColor(image.pixel(16, y)).rgb() for y in range(7, 14)}  # across the ring's top edge
        side = QColor(0, 0, 0) if other.lightness() < ground.lightness() else QColor(255, 255, 255)
        assert side.rgb() in across, (ground.name(), [QColor(c).name() for c in across])


def test_a_disabled_toolbar_icon_is_drawn_in_the_disabled_texts_colour(qapp) -> None:
    """An icon drawn in the text's colour (the toolbar's », the docks' buttons) is dimmed as the text is where it is
    disabled, so that an unavailable button looks it. Mutant: the active text's colour for a disabled icon."""
    shape = QPixmap(16, 16)
    shape.fill(QColor("#353637"))
    icon = QIcon(InTextColour(QIcon(shape)))
    palette = QApplication.palette()
    for mode, group in (
        (QIcon.Mode.Normal, QPalette.ColorGroup.Active),
        (QIcon.Mode.Disabled, QPalette.ColorGroup.Disabled),
    ):
        drawn = QColor(icon.pixmap(QSize(16, 16), mode).toImage().pixel(8, 8))
        assert drawn == palette.color(group, QPalette.ColorRole.ButtonText), (mode, drawn.name())
    assert palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText) != palette.color(
        QPalette.ColorGroup.Active, QPalette.ColorRole.ButtonText
    )


def test_blend_moves_a_colours_opacity_as_its_channels(qapp) -> None:
    """``blend(a, b, t)`` is ``a`` moved ``t`` of the way to ``b``, its opacity as its colour: a clear colour half way
    to an opaque one is half opaque. Mutant: ``a``'s opacity kept."""
    half = blend(QColor(0, 0, 0, 0), QColor(255, 255, 255), 0.5)
    assert half.alphaF() == pytest.approx(0.5, abs=1e-3) and half.redF() == pytest.approx(0.5, abs=1e-3)


@pytest.mark.parametrize("window", ["#ffffff", "#efefef", "#202124", "#faf9f8", "#323232"])
def test_a_digits_colour_moves_no_further_than_it_must(qapp, window: str) -> None:
    """The ten colours were chosen by measurement, as drawn: a colour moved to stand out 3:1 from a window moves
    the least it must, in 1 % steps of lightness, so it stays the colour chosen: on white, Fusion's, the dark
    scheme's and Adwaita's windows the moved ones stand out 3.005–3.156:1. Mutant: steps of 5 %: 3.47 and 4.0:1
    on the dark windows, the lines further from their measured hues."""
    back = QColor(window)
    moved = [class_color(d, back) for d in range(10) if class_color(d, back).rgb() != QColor(CLASS_COLORS[d]).rgb()]
    assert moved, window  # some had to move, on each
    assert all(MIN_CONTRAST <= contrast(colour, back) < 3.2 for colour in moved), [c.name() for c in moved]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_charts_muted_shade_reads_as_muted(qapp, scheme: str) -> None:
    """The charts' axes and notes are in a shade 55 % of the way from the window to the text, pulled back only as
    far as text must stand out (4.5:1): on Fusion's light window 4.6:1, on the dark scheme's 5.0:1, where the text
    stands out 18.3 and 13.4. Mutant: 75 % of the way: 9.6 and 8.1:1, a note read as loud as the text."""
    palette = _dark_palette() if scheme == "dark" else qapp.style().standardPalette()
    text, window, muted = view_colours(palette)
    assert MIN_TEXT_CONTRAST <= contrast(muted, window) < 5.5 < contrast(text, window)


def test_the_window_come_back_to_or_a_copy_in_while_ctrl_t_reads_the_folder_reads_it_once(
    qtbot, tmp_path, monkeypatch
) -> None:
    """Ctrl+T reads the examples folder before it teaches (seconds for thousands); coming back to the window
    meanwhile, over 3 s into the reading, or a picture copied in, reads the folder again only when Ctrl+T is not
    reading it. Mutants: either check dropped (the window's activation's, the watcher's): a second reading queued
    behind Ctrl+T's (its thumbnails kept, every file listed and looked at again), and the teach waiting on it."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    outside = ExampleStore(window.teaching.store.root)  # kept behind the app's back: not yet read
    for digit in (0, 1, 3, 7, 9):
        outside.add(digit, 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40))
    release, decoded = held_at_the_third_picture(monkeypatch)
    try:
        window.teaching.teach()  # Ctrl+T
        qtbot.waitUntil(lambda: len(decoded) == 3, timeout=10_000)
        assert window.teaching.preparing
        window.teaching.panel.read_started -= 60  # a reading of thousands, begun a minute ago
        begun = window.teaching.panel.read_started
        QApplication.sendEvent(window, QEvent(QEvent.Type.WindowActivate))
        outside.add(5, 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40))  # and a picture copied in
        qtbot.wait(SETTLE_MS + 300)  # the folder's change noted
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.teaching.preparing, timeout=20_000)
    qtbot.wait(300)
    assert window.teaching.panel.read_started == begun  # no reading begun since Ctrl+T's


@pytest.mark.parametrize(
    ("role", "under"),
    [
        (QPalette.ColorRole.WindowText, WINDOW),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ],
)
def test_a_disabled_controls_text_looks_off_on_the_dark_scheme(role, under) -> None:
    """The dark scheme (where the platform cannot switch, its own palette) dims a disabled control's text, so that
    an item no one can choose looks it: #80868b, 3.7–4.8:1 where the enabled text stands out 11–15:1. Mutant: the
    disabled text left as set for every group, the enabled text's #e8eaed: an unavailable item looked available."""
    palette = _dark_palette()
    off = palette.color(QPalette.ColorGroup.Disabled, role)
    on = palette.color(QPalette.ColorGroup.Active, role)
    face = palette.color(QPalette.ColorGroup.Disabled, under)
    assert 3.0 < contrast(off, face) < contrast(on, palette.color(QPalette.ColorGroup.Active, under)) / 2


def test_a_folder_moved_away_from_the_examples_is_watched_no_more(qtbot, tmp_path) -> None:
    """``mv examples examples-old`` beside the window: the dock shows the folder empty, and what is kept in
    examples-old afterwards is no example of the app's, so it reads nothing for it. Mutant: the folders no longer the
    examples' left watched: the system follows a moved folder, and each picture kept in examples-old read the
    (empty) examples folder again."""
    root = tmp_path / "mine" / "examples"
    ExampleStore(root).add(4, 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40))
    window = window_without_model(qtbot, tmp_path, tmp_path / "mine")
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 1, timeout=10_000)
    root.rename(tmp_path / "examples-old")
    qtbot.waitUntil(lambda: len(panel.found) == 0, timeout=10_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    qtbot.wait(SETTLE_MS + 300)  # any reading the move began has begun
    read = panel.read_started
    ExampleStore(tmp_path / "examples-old").add(7, 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40))
    qtbot.wait(SETTLE_MS + 700)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert panel.read_started == read and len(panel.found) == 0


def test_a_change_whose_comparison_fails_reads_the_folder_again(qtbot, tmp_path, monkeypatch) -> None:
    """A folder changed outside the app is compared with what the dock last read there before it is read again; a
    comparison that fails (here every one, an OSError) reads the folder again, as the docstring promises, rather than
    leave the dock short of what is there. Mutant: only a comparison that found a change read it: a picture copied in
    was not shown."""
    root = tmp_path / "mine" / "examples"
    picture = 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40)
    ExampleStore(root).add(4, picture)
    window = window_without_model(qtbot, tmp_path, tmp_path / "mine")
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 1, timeout=10_000)

    def fails(self, folder) -> bool:
        raise OSError(f"{folder}: Input/output error")

    monkeypatch.setattr(ExampleStore, "changed_since_known", fails)
    ExampleStore(root).add(7, picture)  # copied in beside the window
    qtbot.waitUntil(lambda: len(panel.found) == 2, timeout=10_000)


def test_a_digits_folder_deleted_outside_is_compared_once_not_at_every_change_after(qtbot, tmp_path) -> None:
    """A digit's folder deleted in a shell is read once (the dock drops its example); a keep afterwards changes only
    folders the app knows, and reads nothing (every example read again cost 1.1–1.8 s of CPU at 12,944). Mutant: the
    folders changed never forgotten once compared: the gone folder, compared again at each change, read the whole
    folder again after every keep."""
    root = tmp_path / "user" / "examples"
    picture = 255 - np.pad(np.eye(200, dtype=np.uint8) * 255, 40)
    for digit in (4, 7):
        ExampleStore(root).add(digit, picture)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    panel = window.teaching.panel
    qtbot.waitUntil(lambda: len(panel.found) == 2, timeout=10_000)
    shutil.rmtree(root / "7")
    qtbot.waitUntil(lambda: len(panel.found) == 1, timeout=10_000)
    qtbot.wait(SETTLE_MS + 300)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    read = panel.read_started
    draw_digit(window.canvas, "1")
    window.teaching.keep(1)
    qtbot.waitUntil(lambda: len(panel.found) == 2, timeout=10_000)  # shown by the keep itself
    qtbot.wait(SETTLE_MS + 700)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert panel.read_started == read


def test_an_opened_example_deleted_outside_then_kept_again_is_kept(qtbot, tmp_path) -> None:
    """An example opened from the dock and kept again is refused as kept already; but one whose file was deleted
    outside the app since (the dock not yet read again) is kept anew, as nothing holds it. Mutant: the dock's memory
    alone asked: "Not kept: this drawing is kept already", of a file no longer there, and nothing written."""
    window, kept = a_seven_kept_and_opened(qtbot, tmp_path)
    kept.path.unlink()  # in a shell, just now
    window.teaching.keep(7)
    sevens = window.teaching.store.root / "7"
    qtbot.waitUntil(lambda: len(list(sevens.glob("*.png"))) == 1, timeout=10_000)
    assert "kept already" not in window.statusBar().currentMessage()


def test_a_keep_that_failed_may_be_kept_again(qtbot, tmp_path, monkeypatch) -> None:
    """A keep whose writing failed (a disk full) wrote nothing, so Ctrl+K on the same drawing, once mended, keeps it.
    Mutant: the failed keep remembered as the last: "This drawing is kept already, as a 4", of a drawing kept
    nowhere."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    draw_digit(window.canvas, "4")
    with monkeypatch.context() as full:
        full.setattr(ExampleStore, "add", lambda *args, **kwargs: (_ for _ in ()).throw(OSError("No space left")))
        window.teaching.keep(4)
        qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    window.teaching.keep(4)
    fours = window.teaching.store.root / "4"
    qtbot.waitUntil(lambda: len(list(fours.glob("*.png"))) == 1, timeout=10_000)


def test_what_was_said_of_a_drawing_goes_when_it_is_drawn_on(qtbot, tmp_path) -> None:
    """ "This drawing is kept already, as a 7" stays 8 s; drawn on meanwhile, the drawing is another, and the words
    go with the one they were said of. Mutant: the words left: they stood over the new drawing."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)
    qtbot.waitUntil(lambda: len(window.teaching.panel.found) == 1, timeout=10_000)
    window.teaching.keep(7)
    assert "kept already" in window.statusBar().currentMessage()
    draw_digit(window.canvas, "1")  # drawn on
    assert "kept already" not in window.statusBar().currentMessage()
