"""The fifty-seventh round of hostile testing, a11y8: what the app paints itself read for contrast, from grabbed
pixels, under the app's schemes and foreign desktop palettes; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown
from hypothesis import example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QImage, QPalette

from gui.state_heatmap import StateHeatmap
from gui.theme import contrast, muted_text
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession

# desktop palettes whose views (Base, Text) lie the other side of light from the window (Window, WindowText)
DARK_WINDOW_LIGHT_VIEWS = {"Window": "#353535", "WindowText": "#ffffff", "Base": "#ffffff", "Text": "#000000"}
LIGHT_WINDOW_DARK_VIEWS = {"Window": "#efefef", "WindowText": "#000000", "Base": "#1e1e1e", "Text": "#ffffff"}


def _ground_and_most_contrast(image: QImage, rect: QRectF) -> tuple[QColor, float]:
    """The commonest pixel of ``image`` in ``rect`` (what the words are written on) and the largest contrast from it
    of any pixel there (the words' own colour, at the cores of their strokes)."""
    r = rect.toAlignedRect() & image.rect()
    pixels = [image.pixel(x, y) for x in range(r.left(), r.right()) for y in range(r.top(), r.bottom())]
    ground = QColor.fromRgb(max(set(pixels), key=pixels.count))
    return ground, max(contrast(QColor.fromRgb(p), ground) for p in set(pixels))


@pytest.mark.parametrize(
    "roles", [DARK_WINDOW_LIGHT_VIEWS, LIGHT_WINDOW_DARK_VIEWS], ids=["dark-window", "light-window"]
)
def test_the_maps_empty_panels_note_stands_out_from_the_panel(qtbot, roles):
    """Inside the LSTM's maps, empty, say "the state after each row appears here" on a fill halfway between the
    palette's Base and Window; the note was in the window's muted text (WindowText), measured against the window
    alone: under dark windows and light views a light grey on mid grey, 1.1:1; the other way round 1.5:1. It is
    written in whichever of the palette's two texts stands out more from that fill, faded no further than 4.5:1."""
    maps = shown(qtbot, StateHeatmap(DigitSession()), (900, 220))
    palette = maps.palette()
    for role, colour in roles.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    maps.setPalette(palette)
    _, hidden, cell, _ = maps._layout()
    image = maps.grab().toImage()
    for panel in (hidden, cell):
        note = QRectF(panel.center().x() - 60, panel.center().y() - 6, 120, 12)  # the middle of its words
        ground, most = _ground_and_most_contrast(image, note)
        assert ground.rgb() != QColor(roles["Window"]).rgb()  # read on the panel's own fill
        assert most >= 4.5, (ground.name(), most)


@pytest.mark.parametrize(
    "roles", [DARK_WINDOW_LIGHT_VIEWS, LIGHT_WINDOW_DARK_VIEWS], ids=["dark-window", "light-window"]
)
def test_the_belief_change_strips_bars_stand_out_from_its_fill(qtbot, roles):
    """The Δ belief strip's bars (how far each row moved the belief) were in the selection colour as given, on the
    strip's fill halfway between Base and Window: Fusion's #308cc6 stood out 1.3:1 from it under dark windows and
    light views, 1.0:1 the other way round, the bars all but gone. They stand out 3:1, WCAG's least for graphics."""
    session = DigitSession(load_pretrained())
    image = np.zeros((28, 28), np.float32)
    image[5:8, 8:20], image[8:24, 16:19] = 1.0, 1.0  # a 7
    session.set_image(image)
    session.seek(14)
    maps = shown(qtbot, StateHeatmap(session), (900, 220))
    palette = maps.palette()
    for role, colour in roles.items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    maps.setPalette(palette)
    strip = maps._layout()[0]
    assert maps.change.max() > 0.1  # some row moved the belief: a bar a tenth of the strip wide or more
    ground, most = _ground_and_most_contrast(maps.grab().toImage(), strip.adjusted(2, 2, -2, -2))  # inside its frame
    assert most >= 3.0, (ground.name(), most)


@settings(max_examples=60, derandomize=True)
@given(back=st.integers(0, 0xFFFFFF), text=st.integers(0, 0xFFFFFF), share=st.floats(0.0, 0.9))
@example(back=0x9A9A9A, text=0x000000, share=0.45)  # the maps' empty panel under dark windows and light views
def test_a_faded_text_stands_out_as_painted(back: int, text: int, share: float) -> None:
    """A hint or note faded towards its background (:func:`gui.theme.muted_text`) is drawn in 8-bit channels; it
    was measured unrounded, so black faded on #9a9a9a came to 4.502:1 and was drawn 4.490:1, under WCAG's 4.5:1
    (the maps' note, its darkest pixel read from a grab). As painted it stands out 4.5:1 wherever the unfaded text
    does."""
    background, full = QColor.fromRgb(back), QColor.fromRgb(text)
    faded = muted_text(background, full, share)
    painted = QColor.fromRgb(faded.rgb())
    assert contrast(painted, background) >= min(4.5, contrast(full, background))
