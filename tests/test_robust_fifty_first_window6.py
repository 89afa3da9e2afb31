"""The fifty-first round of hostile testing, window6: a user's first hour in a real window (Xvfb, openbox, xdotool) at
1600×1000, at 1280×720 and at 200 %: digits drawn in several styles (a 7 with a bar, a slashed 0, a European 1, a
tiny one in a corner, a huge one over the edge), the rows played and stepped, the chart pointed at, undo and redo, a
picture saved and opened, the seed model compared, examples kept and a teach with three of them, its two models
compared, the menus opened; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import open_shipped_window, painted_texts, shown
from test_gui_reading import hover

from gui.timeline import BeliefTimeline, Comparison
from rowreader import load_pretrained
from rowreader.session import DigitSession


@pytest.mark.parametrize("size", [(390, 200), (330, 170), (300, 160)])
def test_the_readouts_compared_column_is_always_named(qtbot, monkeypatch, size):
    """Comparing with the shipped model after a teach (its dialog's Compare both), My examples docked on a
    1600×1000 screen, the chart's read-out headed the dashed column "┄" alone, naming nothing ("After row 15 ┄"):
    its box was as wide as its values and its heading, and no wider for the column's name. It is wide enough now for
    at least "┄ dashed", as the docs promise ("its column headed by its name or ┄ dashed")."""
    image = np.zeros((28, 28), np.float32)
    image[6, 8:20], image[7:22, 16] = 1.0, 1.0
    session = DigitSession(load_pretrained())
    session.set_image(image)
    timeline = shown(qtbot, BeliefTimeline(session), size)
    timeline.set_comparison(Comparison("Shipped model", session.probabilities, session.decided_at))
    plot = timeline.plot_rect()
    for row in (3, 15, 26):
        hover(timeline, timeline.x_of(row, plot), plot.center().y())
        texts = painted_texts(monkeypatch, timeline)
        heading = next(text for text in texts if text.startswith("┄") and "row" not in text)
        assert heading != "┄", (size, row, texts)


@pytest.mark.parametrize("width", [300, 330, 390])
def test_a_comparing_chart_with_nothing_read_keeps_its_title(qtbot, monkeypatch, width):
    """Comparing with a taught model (its long name), My examples docked, the drawing cleared or too small to read
    (or paused before the first row): the chart's title line was blank, "Belief over rows" given way to readings
    that were not there. With nothing read it is titled as a chart comparing nothing is."""
    timeline = shown(qtbot, BeliefTimeline(DigitSession()), (width, 170))
    name = "mine-20261205-171238-b1a159"
    timeline.set_comparison(Comparison(name, np.zeros((0, 10), np.float32), None))
    texts = painted_texts(monkeypatch, timeline)
    assert "Belief over rows" in texts, texts


@pytest.mark.parametrize("marks", [[[(140, 140), (141, 141)]], [[(60, 40), (60, 240)], [(200, 40), (200, 240)]]])
def test_what_ctrl_k_says_of_a_drawing_goes_once_another_is_drawn(qtbot, tmp_path, marks):
    """Ctrl+K's word on the drawing shown ("Too small to be a digit: draw it larger, then keep it", "Not kept: 2 marks
    side by side …", "Not kept: this drawing is kept already, as a 1") stayed its 5–8 s over the next drawing begun
    meanwhile: in the real window a 4 was drawn under "this drawing is kept already, as a 1". It goes as the drawing
    changes, as "Reading …" goes with its picture."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine")
    for mark in marks:
        window.canvas.draw_stroke(mark)
    assert window.teaching.keep() is None
    said = window.statusBar().currentMessage()
    assert said.startswith(("Too small", "Not kept")), said
    window.canvas.clear()  # Esc, then another digit drawn
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    assert window.statusBar().currentMessage() != said
