"""The fifty-eighth round of hostile testing, a11y9: what the app paints measured on grabbed pixels where a11y8 left
it (the maps' row marker), and what a screen reader hears; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest
import torch
from gui_window import shown
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QColor, QImage, QPainter, QPalette

from gui.numbers import belief_percent
from gui.state_heatmap import DESCRIPTION, StateHeatmap
from gui.theme import DIVERGING_RGB32, _dark_palette, contrast, legible_palette, paint_ring
from gui.timeline import BeliefTimeline, Comparison
from rowreader import ReaderConfig, RowReader
from rowreader.checkpoint import Checkpoint, load_pretrained
from rowreader.model import ROWS
from rowreader.session import DigitSession

# the palettes a11y8 measured in: the app's dark scheme, views the other side of light from the window, high contrast
PALETTES = {
    "dark": {},
    "dark-window": {"Window": "#353535", "WindowText": "#ffffff", "Base": "#ffffff", "Text": "#000000"},
    "light-window": {"Window": "#efefef", "WindowText": "#000000", "Base": "#1e1e1e", "Text": "#ffffff"},
    "high-contrast-black": {
        "Window": "#000000",
        "WindowText": "#ffffff",
        "Base": "#000000",
        "Text": "#ffffff",
        "Highlight": "#1aebff",
        "HighlightedText": "#000000",
    },
}


def _seven() -> np.ndarray:
    image = np.zeros((28, 28), np.float32)
    image[5:8, 8:20], image[8:24, 16:19] = 1.0, 1.0
    return image


@pytest.mark.parametrize("name", list(PALETTES))
def test_the_maps_row_marker_stands_out_from_the_row_it_marks(qtbot, name):
    """The maps mark the row just read with a 1.5-px frame in the selection colour, drawn on the heatmap's own
    colours (dark blue, grey, light orange): measured on the grab, along the row's top edge 78–91 % of the columns had
    no marker pixel standing out 3:1 (WCAG's least for graphics) from the row under it, in every palette a11y8 used
    (1.00–1.13:1 at the least). It is a line in a band in the pointer's ring's black and white, just outside the
    pixels the row is shown in: one of the two stands out from any colour; the row read is not covered."""
    palette = QPalette(_dark_palette())
    for role, colour in PALETTES[name].items():
        palette.setColor(getattr(QPalette.ColorRole, role), QColor(colour))
    session = DigitSession(load_pretrained())
    session.set_image(_seven())
    session.seek(14)
    maps = shown(qtbot, StateHeatmap(session), (900, 220))
    maps.setPalette(legible_palette(palette) or palette)
    image = maps.grab().toImage()
    ratio = image.devicePixelRatio()
    for panel in maps._layout()[1:3]:
        top = panel.top() + 13 * panel.height() / ROWS  # row 14's top edge
        first = round(panel.top() * ratio) + math.ceil(13 * round(panel.height() * ratio) / ROWS)  # its first pixel
        missing = []
        for x in range(round((panel.left() + 3) * ratio), round((panel.right() - 3) * ratio)):
            row = QColor.fromRgb(image.pixel(x, first))
            marker = [QColor.fromRgb(image.pixel(x, y)) for y in range(first - 2, first)]  # the 2 px above it
            if max(contrast(colour, row) for colour in marker) < 3.0:
                missing.append(x)
        assert not missing, (name, len(missing))
        middle = QRectF(panel.left(), top, panel.width(), panel.height() / ROWS).center()
        assert _unmarked(image, middle, ratio, panel) == 1.0  # the row read still shows its own colours


def _unmarked(image: QImage, middle: QPointF, ratio: float, panel: QRectF) -> float:
    """The share of row 14's middle line in the heatmap's colours (nothing drawn over it)."""
    y, heatmap = int(middle.y() * ratio), {int(pixel) & 0xFFFFFF for pixel in DIVERGING_RGB32}
    xs = range(round((panel.left() + 2) * ratio), round((panel.right() - 2) * ratio))
    return sum((image.pixel(x, y) & 0xFFFFFF) in heatmap for x in xs) / len(xs)


@settings(
    max_examples=40, derandomize=True, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(text=st.integers(0, 0xFFFFFF), window=st.integers(0, 0xFFFFFF), under=st.integers(0, 0xFFFFFF))
@example(text=0xFFFFFF, window=0x767676, under=0x969696)  # the heatmap's grey 0 under a mid-grey window's ring
def test_a_ring_stands_out_from_any_colour_under_it(qtbot, text, window, under):
    """A cursor's ring (the maps' and the input's, and now the row marker) promised that one of its two colours stands
    out on any colour under it, but was drawn in the palette's text and window colours: where those two are under
    9:1 apart (white text on a #767676 window, 4.5:1) neither stood out 3:1 from the heatmap's grey (2.0 and 2.2:1).
    Drawn in black and white, dark inside light as the palette's text and window are, one stands out 4.58:1 or more."""
    palette = QPalette()
    palette.setColor(QPalette.ColorRole.WindowText, QColor.fromRgb(text))
    palette.setColor(QPalette.ColorRole.Window, QColor.fromRgb(window))
    image = QImage(20, 20, QImage.Format.Format_RGB32)
    image.fill(QColor.fromRgb(under))
    with QPainter(image) as painter:
        paint_ring(painter, QRectF(5, 5, 10, 10), palette)
    ground = QColor.fromRgb(under)
    across = {QColor.fromRgb(image.pixel(x, 10)).rgb() for x in range(0, 10)}  # from outside into the ring's inside
    assert max(contrast(QColor.fromRgb(colour), ground) for colour in across) >= 4.5


@pytest.mark.parametrize("name", ["a ┄ b", "mine   ┄ 2"])
def test_a_screen_reader_hears_a_compared_models_name_as_it_is(qtbot, name):
    """The chart says its title line in words, its "┄ NAME" as "compared with NAME", found by replacing every "┄ " in
    the line: a model whose file is named with one ("a ┄ b.safetensors") was heard as "compared with a compared with
    b". The compared reader's part is built in one place (:func:`gui.timeline.compared_part`) and said from there."""
    mine = np.full((ROWS, 10), 0.01, np.float32)
    mine[:, 8] = 0.91
    other = np.full((ROWS, 10), 0.01, np.float32)
    other[:, 4] = 0.91
    chart = shown(qtbot, BeliefTimeline(DigitSession()), (700, 220))
    chart.probabilities, chart.decided_at = mine, 10
    chart.set_comparison(Comparison(name, other, 12))
    said = chart.accessibleDescription()
    assert said.startswith(f"8: decided at row 10; compared with {name}: 4 at row 12"), said
    assert said.count("compared with") == 1, said


def test_a_screen_reader_hears_the_maps_row_as_it_is_read(qtbot):
    """The bars and the chart say their reading as each row is read; the maps said one fixed sentence whatever was
    read ("After each row read, …: how far the row moved the belief, then every unit's hidden state and cell
    state …"), where the eye sees the row marked and its Δ belief bar; of a GRU's maps, a cell state it has not. They
    say the row read and how far it moved the belief, as the strip's read-out does, then what they show."""
    session = DigitSession(load_pretrained())
    maps = shown(qtbot, StateHeatmap(session), (900, 220))
    session.set_image(_seven())
    said = []
    for row in (1, 14, ROWS):
        session.seek(row)
        change = belief_percent(float(maps.change[row - 1]))
        said.append(maps.accessibleDescription())
        assert said[-1] == f"Row {row} of {ROWS} read: it moved {change} of the belief. {DESCRIPTION}", said[-1]
    gru = RowReader(ReaderConfig(hidden_size=16, cell="gru")).initialise(torch.Generator().manual_seed(0))
    session.set_checkpoint(Checkpoint.from_reader(gru.eval(), {}))
    assert "cell state" not in maps.accessibleDescription().replace("no cell state", ""), maps.accessibleDescription()
    assert "a GRU has no cell state" in maps.accessibleDescription()
