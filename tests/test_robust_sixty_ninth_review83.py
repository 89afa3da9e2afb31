"""The sixty-ninth round of hostile testing, review83: a review of marks17's ring rule (``rowreader.one_digit``'s
``_a_bar``: what inks a third to half of a ring's inside rows, two of its pens across or wider, is a ringed digit,
not a dot or a bar in a 0). A filled dot in a 0 was taken for a digit ringed. The test was seen failing on the code
before the fix."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rowreader.pen import DEFAULT_PEN, DEFAULT_SIZE, draw_strokes, fit_strokes
from rowreader.preprocess import normalise


def _zero_with_a_dot(pen: float, size: float, wide: float, dot: float) -> list[np.ndarray]:
    """A 0 (an oval ``wide`` as wide as tall, a little past one turn) ``size`` of the canvas tall, with a dot filled
    in its middle, ``dot`` of ``pen`` across: a spiral drawn in, as a hand blackens a dot."""
    turn = np.linspace(-0.5 * math.pi, 1.55 * math.pi, 90)
    zero = fit_strokes([np.c_[140 + wide * 100 * np.cos(turn), 140 + 100 * np.sin(turn)]], pen, size=size)
    middle = np.concatenate(zero).min(axis=0) / 2 + np.concatenate(zero).max(axis=0) / 2
    spiral = np.linspace(0, 8 * math.pi, 60)
    radius = (dot - 1) * pen / 2 * np.linspace(1, 0, 60)
    return [*zero, middle + np.c_[radius * np.cos(spiral), radius * np.sin(spiral)]]


@pytest.mark.parametrize(
    ("pen", "size", "wide", "dot"),
    [(DEFAULT_PEN, DEFAULT_SIZE, 0.6, 2.8), (DEFAULT_PEN, DEFAULT_SIZE, 0.75, 2.8), (16, 0.5, 0.6, 3.2)],
)
def test_a_zero_with_a_filled_dot_is_read_whole(pen: float, size: float, wide: float, dot: float) -> None:
    """A 0 drawn on the canvas with a dot blackened in its middle (the app's pen and size: 24 px, 190 px tall): the
    dot inks a third of the 0's inside rows and is over two pens across, so it was taken for a digit the 0 rings,
    the 0 taken away and the dot alone said to be too small: nothing was read. A dot in a 0 is the 0's, however
    wide: the drawing is read whole, as before the ring rule changed."""
    read = normalise(draw_strokes(_zero_with_a_dot(pen, size, wide, dot), pen))
    assert read.image is not None and not read.too_small, "the 0 was taken for a ring round its dot"
    alone = normalise(draw_strokes(_zero_with_a_dot(pen, size, wide, dot)[:1], pen))
    assert alone.image is not None and not np.array_equal(read.image, alone.image), "the dot was lost"
