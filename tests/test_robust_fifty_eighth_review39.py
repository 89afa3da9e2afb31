"""The fifty-eighth round of hostile testing, review39: marks6's rings (a ring looked for again within the ring
found, a ring left a little open closed by its pen's width) at the edges its tests do not reach, drawn with the
canvas's brush as a person draws them. These pin what held: no fix was needed for them."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import cropped, ring_round
from rowreader.pen import draw_strokes
from rowreader.preprocess import normalise


def _oval(x: float, y: float, across: float, down: float, start: float = 0.3, turns: float = 2.1) -> np.ndarray:
    """An oval stroke of half sides ``across`` and ``down`` round (x, y), ``turns`` half turns from ``start``."""
    turn = np.linspace(start, start + turns * np.pi, 120)
    return np.c_[x + across * np.cos(turn), y + down * np.sin(turn)]


@pytest.mark.parametrize("turns", [2.1, 1.94], ids=["closed", "left open"])
def test_a_ring_round_two_digits_is_taken_away_and_both_are_kept(turns: float) -> None:
    """A ring round two digits ("17" ringed): the ring is taken away and the look again within it finds no ring in
    the two (the 7's stroke and the 1 both reached from outside them), so the input is the two drawn alone, two
    marks side by side, whether the ring is closed or left 11° short."""
    digits = [np.array([[100, 100], [100, 180]]), np.array([[150, 100], [190, 100], [150, 180]])]
    alone = normalise(draw_strokes(digits, 8))
    ringed = normalise(draw_strokes([*digits, _oval(145, 140, 95, 75, turns=turns)], 8))
    assert alone.image is not None and ringed.image is not None
    assert np.array_equal(ringed.image, alone.image)
    assert ringed.marks == alone.marks == 2


@pytest.mark.parametrize("pen", [1, 4, 16, 40])
def test_a_digit_drawn_as_a_large_ring_is_no_ring_round_a_digit(pen: float) -> None:
    """A digit that is itself a ring, drawn as large as the canvas: a 0, a 6, an 8 and a 9 with closed loops and a
    spiral, with pens from 1 px to 40. Its ink is one piece reached from outside, closed gaps or not: none is a
    ring round a digit, whose taking away would leave nothing, or a piece of the digit, to read."""
    digits = {
        "0": [_oval(140, 140, 100, 125, turns=2.05)],
        "6": [np.r_[[[200, 20], [100, 120]], _oval(150, 190, 70, 70, start=np.pi, turns=2.05)]],
        "8": [np.r_[_oval(140, 75, 55, 60, start=np.pi / 2, turns=2), _oval(140, 200, 65, 65, -np.pi / 2, 2)]],
        "9": [np.r_[_oval(140, 90, 70, 70, start=0, turns=2.05), [[210, 90], [190, 270]]]],
        "spiral": [np.c_[140 + (10 + 18 * (t := np.linspace(0, 7, 400))) * np.cos(t), 140 + (10 + 18 * t) * np.sin(t)]],
    }
    taken = [
        name for name, strokes in digits.items() if ring_round(cropped(draw_strokes(strokes, pen) < 128)) is not None
    ]
    assert not taken, f"taken for a ring round a digit at pen {pen}: {taken}"
