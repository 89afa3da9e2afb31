"""Colours shared by every view, chosen to read well on the system's light and dark palettes.

Each digit keeps one colour everywhere (bars, timeline lines, labels), so the eye can follow a class from one
view to the next; its name written as text is the same hue, moved further from the background to be read.
Everything else comes from the widget's QPalette, so the app follows the system theme; only its selection colour, and
the text of a window not in front, are darkened (or lightened) where they would not stand out for reading
(:func:`legible_palette`). The charts' muted shade (:func:`view_colours`) and the focus frame
(:func:`paint_focus_frame`) are defined here once.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import numpy as np
from PySide6.QtCore import QEvent, QObject, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QGuiApplication, QIcon, QIconEngine, QPainter, QPalette, QPen, QPixmap
from PySide6.QtWidgets import QApplication

ColorScheme = Literal["system", "light", "dark"]

# Ten colours chosen by measurement, as drawn (tests/test_robust_gui.py measures them): after ``class_color`` has
# moved each one's lightness to stand out (3:1) from the background, every pair is at least ΔE2000 18 apart on the
# light and the dark scheme's backgrounds, and at least 7.5 as protan, deutan and tritan dichromats see them
# (Machado 2009); none is grey. Lightened for the dark scheme, the earlier set's wine 7 became a second magenta,
# ΔE2000 11 from the 9, and its 0 and 8 were 3 apart to a deutan. No set of ten keeps 18 for normal vision and
# lifts the dichromats' least much further (1,800 candidates tried), so which digit gets which colour is chosen
# too: the pairs a deutan sees closest go to digits rarely named together on a chart. Given in digit order, the
# deutan's closest pairs were 6 and 9, 0 and 4, 2 and 9 (ΔE2000 7.8–8.7; 0 and 4 are named together on 6 % of
# MNIST's test digits' charts, 2 and 9 on 14 %): a chart had 0.68 named pairs closer than 12 to a deutan, now 0.36
# (tests/test_robust_twentyfourth_window.py measures it); 7 and 9, named together on 57 %, are plum and violet.
CLASS_COLORS: tuple[str, ...] = (
    "#3F2EEC",  # 0 blue
    "#647011",  # 1 olive (gold on dark)
    "#FCC92F",  # 2 ochre (yellow on dark)
    "#A01640",  # 3 crimson
    "#E3766A",  # 4 coral
    "#D89EBD",  # 5 mauve
    "#6495C9",  # 6 steel blue
    "#7A1F70",  # 7 plum
    "#A5FFE1",  # 8 green (mint on dark)
    "#BA87FF",  # 9 violet
)
MIN_CONTRAST = 3.0  # WCAG's minimum for graphics (lines, bars, dots) against their background
MIN_TEXT_CONTRAST = 4.5  # WCAG's minimum for text: a digit's name written in its colour (the chart's labels)
# How far the background behind a label may stray towards the text's side. The chart's names now sit on boxes of the
# plain background, whole (at 85 % a line crossing one took a name to 3.3:1); the margin stays for the shades of a
# selection colour a style draws (:func:`legible_palette`). On the dark background a 2 % tint alone took a label
# measured at 4.51:1 on the plain background down to 4.37.
TEXT_BACKGROUND_DRIFT = 0.03


def _luminance(color: QColor) -> float:
    """WCAG relative luminance of an opaque colour."""
    channels = [color.redF(), color.greenF(), color.blueF()]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: QColor, b: QColor) -> float:
    """WCAG contrast ratio of two colours (1 … 21)."""
    la, lb = sorted((_luminance(a), _luminance(b)))
    return (lb + 0.05) / (la + 0.05)


@lru_cache(maxsize=128)
def _class_rgb(digit: int, background: int, least: float, drift: float) -> int:
    """The digit's colour moved in lightness until it stands out ``least`` from ``background``, the background
    taken ``drift`` of the way towards the colour's side (white when it goes lighter, black when darker)."""
    return _standing_out(QColor(CLASS_COLORS[digit]), QColor.fromRgb(background), least, drift).rgb()


def _standing_out(color: QColor, back: QColor, least: float, drift: float) -> QColor:
    """``color`` moved in lightness until it stands out ``least`` from ``back``, taken ``drift`` of the way
    towards the colour's side (white when it goes lighter, black when darker)."""
    white, black = QColor(255, 255, 255), QColor(0, 0, 0)
    # the way that can stand out more: "luminance < 0.2 goes lighter" made text white on a #7a7a7a window, 4.3:1
    lighten = contrast(white, back) > contrast(black, back)
    back = blend(back, white if lighten else black, drift)
    hue, saturation, lightness, _ = color.getHslF()
    # while it can still move that way: "0 < lightness < 1" left a black selection black on a dark face (1.7:1)
    while contrast(color, back) < least and (lightness < 1.0 if lighten else lightness > 0.0):
        lightness = min(1.0, lightness + 0.01) if lighten else max(0.0, lightness - 0.01)
        # measured as returned, in 8-bit channels: rounded after the loop, a violet ended at contrast 2.9996
        color = QColor.fromRgb(QColor.fromHslF(max(hue, 0.0), saturation, lightness).rgb())
    return color


def _on(background: QColor | None) -> int:
    return (QColor(255, 255, 255) if background is None else background).rgb()


def class_color(digit: int, background: QColor | None = None) -> QColor:
    """Digit ``digit``'s colour for lines, bars and dots, made to stand out from ``background`` (white when not
    given) as WCAG asks of graphics (3:1)."""
    return QColor.fromRgb(_class_rgb(digit, _on(background), MIN_CONTRAST, 0.0))


def text_color(digit: int, background: QColor | None = None) -> QColor:
    """Digit ``digit``'s colour for its name written as text on ``background``: the line's hue, moved further in
    lightness to WCAG's 4.5:1 for text, with room for what shows through a label's box
    (:data:`TEXT_BACKGROUND_DRIFT`). At 3:1 the dark scheme's olive 1 and plum 7 were dim to read."""
    return QColor.fromRgb(_class_rgb(digit, _on(background), MIN_TEXT_CONTRAST, TEXT_BACKGROUND_DRIFT))


def is_dark(palette: QPalette) -> bool:
    """True when the palette draws light text on a dark window (the system's dark mode)."""
    return (
        palette.color(QPalette.ColorRole.Window).lightness() < palette.color(QPalette.ColorRole.WindowText).lightness()
    )


def blend(a: QColor, b: QColor, t: float) -> QColor:
    """``a`` moved a fraction ``t`` of the way towards ``b`` (for muted grid lines and dimmed areas)."""
    return QColor.fromRgbF(
        a.redF() + (b.redF() - a.redF()) * t,
        a.greenF() + (b.greenF() - a.greenF()) * t,
        a.blueF() + (b.blueF() - a.blueF()) * t,
        a.alphaF() + (b.alphaF() - a.alphaF()) * t,
    )


def view_colours(palette: QPalette) -> tuple[QColor, QColor, QColor]:
    """A view's text, its background (the window's) and the muted shade between them, 55 % of the way to the text
    but standing out 4.5:1 (:func:`muted_text`), that the charts' axes, notes and empty panels use: at 55 % alone the
    desktop's own palettes wrote "100 %" and the rows' numbers 3.4:1 (Breeze light) and 3.2:1 (GTK's Adwaita light)."""
    text, window = palette.color(QPalette.ColorRole.WindowText), palette.color(QPalette.ColorRole.Window)
    return text, window, muted_text(window, text)


def muted_text(background: QColor, text: QColor, share: float = 0.45) -> QColor:
    """``text`` faded ``share`` of the way into ``background`` for a hint, but no further than WCAG's 4.5:1 for
    text allows: the empty drawing's hint, faded 55 %, stood out 3.35:1 from the light scheme's white paper."""
    # measured as painted, in 8-bit channels: unrounded, black faded on #9a9a9a was 4.502:1 and drawn 4.490:1
    color = QColor.fromRgb(blend(text, background, share).rgb())
    while share > 0.0 and contrast(color, background) < MIN_TEXT_CONTRAST:
        share = max(0.0, share - 0.01)
        color = QColor.fromRgb(blend(text, background, share).rgb())
    return color


def muted_on(fill: QColor, palette: QPalette) -> QColor:
    """Faded words on ``fill``, a shade the palette has no text colour paired with (the maps' empty panels, half
    Base, half Window): its view text (Text) or window text (WindowText), whichever stands out more from it, faded no
    further than 4.5:1 (:func:`muted_text`). In WindowText alone, a palette of dark windows and light views wrote the
    maps' note light grey on mid grey, 1.1:1."""
    texts = (palette.color(QPalette.ColorRole.Text), palette.color(QPalette.ColorRole.WindowText))
    return muted_text(fill, max(texts, key=lambda text: contrast(text, fill)))


def legible_palette(palette: QPalette) -> QPalette | None:
    """``palette`` with its selection colour moved in lightness until the text written on it stands out 4.5:1,
    WCAG's for text (with room for the shades of it a style draws), and the text of a window not in front moved until
    it stands out 4.5:1 from the window; or None where both do already. Fusion's light palette wrote white on #308cc6,
    3.7:1: the chosen digit of the Keep dialog, the teach dialog's "step 35 of 40" (3.5:1 on the bar's lighter blue),
    a menu's item under the keys and a selected example. Qt's gtk3 theme gives a window behind another its own dimmer
    text (Adwaita's #929595 on #faf9f8, 2.87:1), and Fusion draws a floating dock so whenever it is not the window in
    front: My examples floated, its titles and counts were all but unreadable. Still the dimmer shade, only no dimmer
    than text may be; a disabled control's text is left (WCAG asks nothing of it, and its dimness says it is off)."""
    changed = QPalette(palette)
    for group in (QPalette.ColorGroup.Active, QPalette.ColorGroup.Inactive):
        back = palette.color(group, QPalette.ColorRole.Highlight)
        text = palette.color(group, QPalette.ColorRole.HighlightedText)
        legible = _standing_out(back, text, MIN_TEXT_CONTRAST, TEXT_BACKGROUND_DRIFT)
        changed.setColor(group, QPalette.ColorRole.Highlight, legible)
    inactive = QPalette.ColorGroup.Inactive
    for role, under in (
        (QPalette.ColorRole.WindowText, QPalette.ColorRole.Window),
        (QPalette.ColorRole.Text, QPalette.ColorRole.Base),
        (QPalette.ColorRole.ButtonText, QPalette.ColorRole.Button),
    ):
        text = palette.color(inactive, role)
        changed.setColor(inactive, role, _standing_out(text, palette.color(inactive, under), MIN_TEXT_CONTRAST, 0.0))
    return None if changed == palette else changed


def _dark_palette() -> QPalette:
    """A dark Fusion palette for platforms that cannot switch schemes themselves (offscreen, older desktops)."""
    p = QPalette()
    window, base, text = QColor("#202124"), QColor("#17181a"), QColor("#e8eaed")
    disabled = QColor("#80868b")
    for role, color in {
        QPalette.ColorRole.Window: window,
        QPalette.ColorRole.WindowText: text,
        QPalette.ColorRole.Base: base,
        QPalette.ColorRole.AlternateBase: QColor("#2a2b2e"),
        QPalette.ColorRole.ToolTipBase: QColor("#303134"),
        QPalette.ColorRole.ToolTipText: text,
        QPalette.ColorRole.PlaceholderText: disabled,
        QPalette.ColorRole.Text: text,
        QPalette.ColorRole.Button: QColor("#2d2e31"),
        QPalette.ColorRole.ButtonText: text,
        QPalette.ColorRole.BrightText: QColor("#ff6b6b"),
        QPalette.ColorRole.Light: QColor("#3c4043"),
        QPalette.ColorRole.Midlight: QColor("#34363a"),
        QPalette.ColorRole.Mid: QColor("#2b2c2f"),
        QPalette.ColorRole.Dark: QColor("#111214"),
        QPalette.ColorRole.Shadow: QColor("#000000"),
        QPalette.ColorRole.Highlight: QColor("#8ab4f8"),
        QPalette.ColorRole.HighlightedText: QColor("#202124"),
        QPalette.ColorRole.Link: QColor("#8ab4f8"),
    }.items():
        p.setColor(role, color)
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.ButtonText, QPalette.ColorRole.WindowText):
        p.setColor(QPalette.ColorGroup.Disabled, role, disabled)
    return p


def apply_color_scheme(app: QApplication, scheme: ColorScheme) -> None:
    """Follow the system (the default), or force light or dark where the platform allows it, else by palette."""
    if scheme != "system":
        wanted = Qt.ColorScheme.Dark if scheme == "dark" else Qt.ColorScheme.Light
        QGuiApplication.styleHints().setColorScheme(wanted)
        if is_dark(app.palette()) != (scheme == "dark"):  # the platform ignored the request
            app.setStyle("Fusion")
            app.setPalette(_dark_palette() if scheme == "dark" else app.style().standardPalette())
    (app.findChild(LegiblePaletteFollower) or LegiblePaletteFollower(app)).follow()


class LegiblePaletteFollower(QObject):
    """Keeps the app's palette legible, its selection colour and a window's text behind another alike
    (:func:`legible_palette`; ``HighlightFollower`` in docs/robustness.md, named before it kept the text too),
    whenever the palette changes, not only as it starts: a desktop switching light and dark, or handing the app a new
    palette, while it ran kept the blue made for the palette before (a new light palette's #308cc6 stayed, its text
    3.7:1 on it).

    A palette set whole (a desktop's integration, the Fusion fallback) is made legible as it comes. One that comes
    from the system's theme keeps what the app set explicitly, and only those colours are: so a palette that
    changed while holding those explicit colours and nothing else set is the theme's new one under the app's old ones,
    and is read again from the theme before it is made legible."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self._ours: QPalette | None = None  # the palette this made legible, as set
        self._busy = False
        app.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._app and event.type() == QEvent.Type.ApplicationPaletteChange and not self._busy:
            self.follow()
        return False

    def follow(self) -> None:
        """Make the app's palette as it is now legible (setting it sends another change, which this ignores)."""
        palette, ours = self._app.palette(), self._ours
        if ours is not None and palette == ours:  # its own change, told again: taken for a new legible palette, the
            return  # blue it set was forgotten, and a theme switched after left it on the dark window
        self._busy = True
        try:
            # the colours this set and nothing else: the theme's new palette under them (a caller's own selection
            # colour, set in the same two groups, was thrown away for the theme's)
            if ours is not None and palette.resolveMask() == ours.resolveMask() and ours.resolve(palette) == palette:
                self._app.setPalette(QPalette())  # the theme's palette, its own selection colour
                palette = self._app.palette()
            legible = legible_palette(palette)
            if legible is not None:
                self._app.setPalette(legible)
            self._ours = legible
        finally:
            self._busy = False


# A diverging map for LSTM states (−1 dark blue … 0 neutral grey … +1 light orange), as a 256-entry RGB lookup
# table, its lightness rising all the way from −1 to +1: the sign is read in its hue, and without hue (no colour
# vision, a printed page) in its lightness. The cool-warm map before it (blue #3b4cc0, light grey, red #b40426) had
# both ends at L* 37.7: in greyscale a −v and a +v were one grey, and 99.8 % of the shipped model's states of size
# 0.25 or more lay within ΔE2000 5 of a state of the other sign (50 MNIST test digits), none now; in colour −1
# and +1 are further apart too, as dichromats see them as well (ΔE2000 40 → 92; protan 45 → 83, deutan 55 → 90,
# tritan 58 → 67). Each side is bluest, or most orange, at its end.
_DIVERGING_STOPS = np.array(
    [
        [0.0, 10, 22, 150],
        [0.25, 70, 100, 200],
        [0.5, 150, 150, 150],
        [0.75, 235, 150, 100],
        [1.0, 255, 215, 100],
    ]
)
DIVERGING_LUT: np.ndarray = np.stack(
    [np.interp(np.linspace(0, 1, 256), _DIVERGING_STOPS[:, 0], _DIVERGING_STOPS[:, c]) for c in (1, 2, 3)], axis=1
).astype(np.uint8)


# The same table as QImage.Format_RGB32 pixels (0xffRRGGBB), the format QPainter blits without converting.
DIVERGING_RGB32: np.ndarray = (
    np.uint32(0xFF000000)
    | DIVERGING_LUT[:, 0].astype(np.uint32) << 16
    | DIVERGING_LUT[:, 1].astype(np.uint32) << 8
    | DIVERGING_LUT[:, 2].astype(np.uint32)
)


def diverging_rgb32(values: np.ndarray) -> np.ndarray:
    """Map values in [−1, 1] (clipped) to RGB32 pixels through :data:`DIVERGING_RGB32`."""
    index = np.clip((np.asarray(values) + 1.0) * 127.5, 0, 255).astype(np.uint8)
    return DIVERGING_RGB32[index]


def grey_rgb32(grey: np.ndarray) -> np.ndarray:
    """uint8 grey levels → opaque RGB32 pixels (grey images would be converted on every blit)."""
    g = np.asarray(grey, dtype=np.uint32)
    return np.uint32(0xFF000000) | g << 16 | g << 8 | g


FOCUS_FRAME = 2  # px: the frame round a view that has the keys (a text area, a digit's row of examples)
TITLE_INSET = (
    FOCUS_FRAME + 1
)  # px: a view's top line (the chart's title, the bars'), inside the frame with a pixel spare


def focus_colour(palette: QPalette) -> QColor:
    """What shows where the keys are: ``palette``'s selection colour, moved in lightness until it stands out 3:1 from
    the window, WCAG's least for a focus indicator. A dark theme's dark selection (Adwaita-dark's #15539e on #353535,
    1.6:1) framed the view with the keys all but unseen; the app's own palettes' colours stand out already, kept."""
    return graphic_colour(palette.color(QPalette.ColorRole.Highlight), palette.color(QPalette.ColorRole.Window))


def graphic_colour(color: QColor, background: QColor) -> QColor:
    """``color`` moved in lightness until it stands out 3:1 from ``background``, WCAG's least for graphics (a line,
    a frame); kept where it does already."""
    return _standing_out(color, background, MIN_CONTRAST, 0.0)


# How far a style draws a button's face from the palette's Button colour: Fusion's unselected digit of Keep is 6 %
# of the way to white (#353535 to #414141 on Adwaita-dark); a selected one is made to stand out from the face so moved
BUTTON_FACE_DRIFT = 0.1


def selected_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """The fill and the text of a selected button among unselected ones (the Keep dialog's chosen digit): the selection
    colour, moved in lightness until it stands out 3:1 from the buttons' face, WCAG's least for a selected state, and
    on it the selected text's colour, or black or white where that reads under 4.5:1. Adwaita-dark's selection stood
    out 1.3:1 from the other digits (measured), the one Enter keeps all but unseen; the app's own palettes' stand out
    already, kept."""
    button = palette.color(QPalette.ColorRole.Button)
    fill = _standing_out(palette.color(QPalette.ColorRole.Highlight), button, MIN_CONTRAST, BUTTON_FACE_DRIFT)
    text = palette.color(QPalette.ColorRole.HighlightedText)
    if contrast(text, fill) < MIN_TEXT_CONTRAST:
        text = max((QColor(0, 0, 0), QColor(255, 255, 255)), key=lambda c: contrast(c, fill))
    return fill, text


class InTextColour(QIconEngine):
    """``icon``'s shape drawn in the app's button-text colour as it is when painted (dimmed where disabled): Qt's
    own toolbar » is a fixed #353637, 1.25:1 on the app's dark window (Adwaita-dark's alike), so the controls behind
    it (Speed, Play, Compare…) were behind a button no one could see."""

    def __init__(self, icon: QIcon) -> None:
        super().__init__()
        self._icon = icon

    def scaledPixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State, scale: float) -> QPixmap:
        group = QPalette.ColorGroup.Disabled if mode == QIcon.Mode.Disabled else QPalette.ColorGroup.Active
        shape = self._icon.pixmap(size, scale)
        with QPainter(shape) as tint:  # the shape's alpha kept, its colour the text's
            tint.setCompositionMode(QPainter.CompositionMode.CompositionMode_SourceIn)
            tint.fillRect(shape.rect(), QApplication.palette().color(group, QPalette.ColorRole.ButtonText))
        return shape

    def pixmap(self, size: QSize, mode: QIcon.Mode, state: QIcon.State) -> QPixmap:
        return self.scaledPixmap(size, mode, state, 1.0)

    def paint(self, painter: QPainter, rect: QRect, mode: QIcon.Mode, state: QIcon.State) -> None:
        scale = painter.device().devicePixelRatioF()
        painter.drawPixmap(rect, self.scaledPixmap(rect.size(), mode, state, scale))

    def clone(self) -> QIconEngine:
        return InTextColour(self._icon)


def paint_focus_frame(painter: QPainter, width: int, height: int, palette: QPalette) -> None:
    """The focus frame along the edges of a ``width`` × ``height`` area, in :func:`focus_colour`: drawn over the
    content, so that nothing is laid out anew as the keys come and go."""
    color, f = focus_colour(palette), FOCUS_FRAME
    for x, y, w, h in ((0, 0, width, f), (0, height - f, width, f), (0, 0, f, height), (width - f, 0, f, height)):
        painter.fillRect(x, y, w, h, color)


def ring_colours(palette: QPalette) -> tuple[QColor, QColor]:
    """A ring's line and its band (:func:`paint_ring`, the maps' row marker): black and white, the line on the side
    of the palette's text, the band on the window's: one of the two stands out 4.58:1 or more from any colour."""
    text, window, _ = view_colours(palette)
    black, white = QColor(0, 0, 0), QColor(255, 255, 255)
    return (black, white) if text.lightness() < window.lightness() else (white, black)


def paint_ring(painter: QPainter, ring: QRectF, palette: QPalette) -> None:
    """A cursor's ring along ``ring`` (the maps' row marker takes its colours, not its 3 px), black and white, the
    line the text's side in a band of the window's side: one of the two stands out 4.58:1 or more on any colour under
    it, where one colour alone vanishes on some (the input's pixel cursor, in the highlight colour, on a stroke's
    mid-grey edge). In the text's and window's own colours it held only where they are 9:1 apart: white on a #767676
    window stood out 2.0 and 2.2:1 from the maps' grey."""
    line, band = ring_colours(palette)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.setPen(QPen(band, 3.0))
    painter.drawRect(ring)
    painter.setPen(QPen(line, 1.0))
    painter.drawRect(ring)
