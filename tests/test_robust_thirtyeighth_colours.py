"""The thirty-eighth round of hostile testing, colours: the belief view and the window as people with other eyes and
other desktops see them, the last round's leftovers: the ten belief lines and the maps' sign in greyscale (ΔE2000
of every pair, measured on Qt's grayscale of a grab), a desktop switching its palette while the app runs, and the
maps' docks floated at 200 % on a 1366×768 screen; each defect found is checked to fail on the code before its fix."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import numpy as np
import pytest
import shiboken6
from gui_window import shown
from PySide6.QtCore import QEvent, QObject, QPointF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette
from PySide6.QtWidgets import QApplication

from gui.keep_dialog import KeepExampleDialog
from gui.markers import mark_path, marked_rows
from gui.theme import MIN_TEXT_CONTRAST, LegiblePaletteFollower, _dark_palette, contrast, diverging_rgb32
from gui.timeline import BeliefTimeline
from rowreader.model import CLASSES, ROWS
from rowreader.session import DigitSession

HIGHLIGHT = QPalette.ColorRole.Highlight


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


def _grey(image: QImage) -> np.ndarray:
    """``image`` as Qt turns it grey (what a person without colour vision, or a printer, gets), an (h, w) array."""
    grey = image.convertToFormat(QImage.Format.Format_Grayscale8)
    rows = np.frombuffer(grey.constBits(), np.uint8).reshape(grey.height(), grey.bytesPerLine())
    return rows[:, : grey.width()].copy()  # its own: the grey image's bytes go with it


def _spread_lines() -> np.ndarray:
    """Ten lines rising a little, 9 % apart (1 on top, then 9 down to 0), none on another."""
    levels = np.array([0.05, 0.9, 0.14, 0.23, 0.32, 0.41, 0.5, 0.59, 0.68, 0.77])
    return (levels * np.linspace(0.97, 1.0, ROWS)[:, None]).astype(np.float32)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_in_greyscale_each_line_carries_its_own_mark(qtbot, scheme: str) -> None:
    """The ten lines keep 3:1 from the plot, most of them right at it: in greyscale 18 pairs were under ΔE2000 5 on
    the light scheme (6 and 9, 4 and 5 one grey), 10 on the dark, so a line was told by its peak's name alone.
    Each line now carries its digit's own shape every ten rows (and at its peak): seen in Qt's greyscale of the
    chart, at every marked row, ink off the 1-px line where the line alone had none."""
    chart = BeliefTimeline(DigitSession())
    if scheme == "dark":
        chart.setPalette(_dark_palette())
    shown(qtbot, chart, (560, 420))
    chart.probabilities = _spread_lines()
    chart.update()
    grey = _grey(chart.grab().toImage()).astype(int)
    plot = chart.plot_rect()
    inside = grey[round(plot.top()) + 2 : round(plot.bottom()) - 2, round(plot.left()) + 2 : round(plot.right()) - 2]
    paper = np.bincount(inside.ravel()).argmax()  # the plot's own grey
    unmarked = []
    for digit in range(CLASSES):
        for row in marked_rows(digit, ROWS):
            x, y = round(chart.x_of(row, plot)), chart.y_of(float(chart.probabilities[row - 1, digit]), plot)
            off_line = [grey[round(y) + dy, x - 3 : x + 4] for dy in (-4, -3, -2, 2, 3, 4)]
            if int((np.abs(np.array(off_line) - paper) > 40).sum()) < 4:
                unmarked.append((digit, row))
    assert unmarked == [], f"(digit, row) with no mark seen in greyscale, of {scheme}"


def test_lines_on_the_floor_carry_no_marks(qtbot) -> None:
    """Nine lines under 2 %, one on another at the floor: their marks told no line from another, and along 0 % they
    read as a row of noise (the dark screenshot's rows 15–28). They carry none there; the line above carries its own."""
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (560, 420))
    probs = np.full((ROWS, CLASSES), 0.01, np.float32)
    probs[:, 7] = 0.91
    chart.probabilities = probs
    chart.update()
    grey = _grey(chart.grab().toImage()).astype(int)
    plot = chart.plot_rect()
    paper = grey[round(chart.y_of(0.5, plot)) + 3, round(chart.x_of(1.5, plot))]
    y = round(chart.y_of(0.01, plot))
    for row in range(5, ROWS):  # every marked row but the last, on the plot's right edge
        x = round(chart.x_of(row, plot))
        off_line = [grey[y + dy, x - 3 : x + 4] for dy in (-4, -3, -2)]  # above it (the frame is 5 px below)
        assert int((np.abs(np.array(off_line) - paper) > 40).sum()) < 4, row
    top = round(chart.y_of(0.91, plot))
    x = round(chart.x_of(marked_rows(7, ROWS)[0], plot))
    assert int((np.abs(grey[top - 4 : top - 1, x - 3 : x + 4] - paper) > 40).sum()) >= 4


def test_no_two_digits_marks_are_one_shape() -> None:
    """What tells two lines of one grey apart is their marks' shapes: drawn filled at the chart's size, every pair
    differs in at least a fifth of the smaller one's pixels (the square and the x, the closest, in 27 %)."""
    masks = []
    for digit in range(CLASSES):
        image = QImage(40, 40, QImage.Format.Format_Grayscale8)
        image.fill(0)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.scale(4, 4)  # at four times the size: the shapes, not their pixels' rounding, are compared
        painter.fillPath(mark_path(digit, QPointF(5, 5)), QColor(255, 255, 255))
        painter.end()
        masks.append(_grey(image) > 127)
    closest = min(
        ((masks[a] ^ masks[b]).sum() / min(masks[a].sum(), masks[b].sum()), a, b)
        for a in range(CLASSES)
        for b in range(a + 1, CLASSES)
    )
    assert closest[0] >= 0.2, closest


def test_in_greyscale_the_maps_tell_a_state_below_zero_from_one_above() -> None:
    """The maps' −1 and +1 were one grey (the cool-warm map's ends both L* 37.7), and every state of size 0.25 or more
    lay within ΔE2000 5 of a state of the other sign: without colour vision the sign was told by pointing alone. The
    map's lightness now rises from −1 to +1, so in Qt's greyscale of its 256 colours every state from 0.25 up stands
    11 or more from every one of the other sign from −0.25 down (11.3 for −0.25 and +0.25, 66 for −1 and +1)."""
    from test_robust_gui import delta_e_2000

    values = np.linspace(-1, 1, 201)
    strip = QImage(len(values), 1, QImage.Format.Format_RGB32)
    for x, pixel in enumerate(diverging_rgb32(values)):
        strip.setPixel(x, 0, int(pixel))
    grey = _grey(strip)[0] / 255.0
    lightness = 116 * np.where(grey <= 0.04045, grey / 12.92, ((grey + 0.055) / 1.055) ** 2.4) ** (1 / 3) - 16
    below, above = lightness[values <= -0.25], lightness[values >= 0.25]
    closest = min(delta_e_2000((b, 0, 0), (a, 0, 0)) for b in below for a in above)
    assert closest >= 11, closest


class ThemedApp(QObject):
    """An application's palette as Qt keeps it: the roles the app set itself over the system theme's, which the
    desktop changes (offscreen has no theme to switch)."""

    def __init__(self, theme: QPalette) -> None:
        super().__init__()
        self.theme, self.own = unset_palette(theme), QPalette()
        self.sets = 0  # palettes set: each one repaints every widget

    def palette(self) -> QPalette:
        return self.own.resolve(self.theme)

    def setPalette(self, palette: QPalette) -> None:
        self.own = QPalette(palette)
        self.sets += 1
        QApplication.sendEvent(self, QEvent(QEvent.Type.ApplicationPaletteChange))


@contextmanager
def followed(theme: QPalette) -> Iterator[ThemedApp]:
    """A :class:`ThemedApp` of ``theme`` followed by a ``LegiblePaletteFollower``, deleted as it ends. Left to the
    collector, the pair (the app alive and Python's, the follower its Python child) stayed in a reference cycle for
    whichever ``gc.collect`` of the worker came next to delete (the sixty-fifth round, soak1)."""
    app = ThemedApp(theme)
    try:
        LegiblePaletteFollower(app).follow()  # type: ignore[arg-type]
        yield app
    finally:
        shiboken6.delete(app)


def unset_palette(palette: QPalette) -> QPalette:
    """``palette`` as a theme gives it: no role set by the app."""
    theme = QPalette(palette)
    theme.setResolveMask(0)
    return theme


def test_a_theme_switched_under_the_apps_selection_colour_gives_its_own(qapp) -> None:
    """The app sets its darkened blue itself, so Qt keeps it over every palette the system's theme gives after: a
    desktop switched to dark while the app ran would have had the light palette's blue on its dark window (made
    legible again, a blue of the app's, not the theme's own). A palette that changed under that colour alone is the
    theme's new one: the app reads the theme's again and makes that legible, here the dark one's own #8ab4f8."""
    with followed(qapp.style().standardPalette()) as app:
        sets = app.sets
        QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationPaletteChange))  # its own change, told again:
        assert app.sets == sets  # left as it is (it was forgotten, and the next theme left the old blue on)
        darkened = app.palette().color(HIGHLIGHT)
        assert _legible(app.palette()) >= MIN_TEXT_CONTRAST and darkened != QColor("#308cc6")
        app.theme = unset_palette(_dark_palette())  # the desktop goes dark; Qt says the app's palette changed
        QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationPaletteChange))
        assert app.palette().color(QPalette.ColorRole.Window) == _dark_palette().color(QPalette.ColorRole.Window)
        assert app.palette().color(HIGHLIGHT) == _dark_palette().color(HIGHLIGHT), app.palette().color(HIGHLIGHT).name()
        app.theme = unset_palette(qapp.style().standardPalette())  # and light again
        QApplication.sendEvent(app, QEvent(QEvent.Type.ApplicationPaletteChange))
        assert app.palette().color(HIGHLIGHT) == darkened
