"""The sixty-eighth round of hostile testing, marks16: marks drawn round a digit (``one_digit._ring_open``), a C
drawn with a pen thinner than its digit's. Each test was seen failing on the code before the fix (15711a23)."""

from __future__ import annotations

import math

import numpy as np
import pytest
import ringed_digits
from gui_window import open_shipped_window

from rowreader.pen import draw_strokes, fit_strokes
from rowreader.preprocess import normalise
from rowreader.unipen import PenDigit


@pytest.mark.parametrize(
    ("digit_pen", "c_pen", "antialias"), [(18, 2, True), (18, 2, False), (18, 3, True), (24, 4, True)]
)
def test_a_thin_c_round_a_thick_1_is_taken_away(
    unipen: list[PenDigit], digit_pen: float, c_pen: float, antialias: bool
) -> None:
    """A 1 drawn with a wide pen (18 or 24 px) inside a C drawn with a thin one (a picture's 2- or 3-px pen, the
    canvas's 4-px brush), a pen of the 1 clear: the C, a long thin curve, was not filled from the drawing's edges in
    six rounds, and the thin pen's longer fill was asked only where the whole drawing's pen, the 1's with it, measured
    4.5 px or less; the C was read with the 1, as an 8 (live13 in the app). A C thinner than half its digit's pen is
    filled as a thin one is now, and the 1 is read alone."""
    digit = next(d for d in unipen if d.split == "test" and f"{d.writer}/{d.segment}" == "aga/amywldrp/73")
    strokes = fit_strokes(digit.strokes, digit_pen, size=0.4)
    c = ringed_digits.ring(strokes, digit_pen, 1, turns=1.4, start=0.3 * math.pi)
    alone = draw_strokes(strokes, digit_pen, antialias=antialias)
    ringed = np.minimum(alone, draw_strokes([c], c_pen, antialias=antialias))
    read_alone, read_ringed = normalise(alone), normalise(ringed)
    assert read_alone.image is not None and read_ringed.image is not None
    assert np.array_equal(read_alone.image, read_ringed.image), "the C was read with the 1"


def test_a_c_drawn_with_the_thinnest_brush_round_a_1_drawn_with_the_default_is_taken_away(qtbot, tmp_path) -> None:
    """On the canvas: a 1 drawn with the default 24-px brush, then a C round it with the 4-px brush, 30 px clear of
    it and open to the right, as a person rings an answer. The C's thin curve was not filled from the drawing's edges
    in six rounds, and the whole drawing's pen (the 1's with it) was too wide for the thin pen's longer fill: the C
    was read with the 1, as a 0. The 1 is read alone now, as without the C."""
    window = open_shipped_window(qtbot, tmp_path)
    rect = window.canvas.document_rect()
    k = rect.width() / 280.0
    turn = np.linspace(0.3 * math.pi, 1.7 * math.pi, 60)
    c = np.c_[140 + 75 * np.cos(turn), 140 + 95 * np.sin(turn)]
    for brush, stroke in ((24.0, [(140, 90), (140, 140), (140, 190)]), (4.0, c.tolist())):
        window.canvas.set_brush_width(brush)
        window.canvas.draw_stroke([(rect.left() + x * k, rect.top() + y * k) for x, y in stroke])
    predictions = window.predictions()
    assert len(predictions) == 28
    assert int(np.argmax(predictions[-1])) == 1, f"read as {int(np.argmax(predictions[-1]))}"
