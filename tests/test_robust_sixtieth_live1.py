"""The sixtieth round of hostile testing, live1: the live read's cost per pen move. The app reads the drawing at each
pen move, and ``rowreader.one_digit.ruled_off`` looked for a printed box and a ring round every one of them: an
ordinary digit paid two spreads of its whole crop (a box not quite level) and two or three fills of the paper round
it (a closed ring, then one a little open), where a cheap look at its edges shows there is none. These pin the early
rejects and that they are exact: what a search would find, it still finds."""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
import pytest
import ringed_digits

from rowreader import one_digit
from rowreader.pen import draw_strokes, fit_strokes
from rowreader.unipen import PenDigit

PENS = (8, 24)


def _ink(picture: np.ndarray) -> np.ndarray:
    """A drawing's ink (dark on white), cropped to it, as ``ruled_off`` is asked of it."""
    return one_digit.cropped(picture < 128)


def _begun(strokes: list[np.ndarray], share: float) -> list[np.ndarray]:
    """The first ``share`` of ``strokes``' points: the drawing as it stands at a pen move."""
    left, begun = max(1, round(share * sum(len(stroke) for stroke in strokes))), []
    for stroke in strokes:
        if left > 0:
            begun.append(stroke[:left])
        left -= len(stroke)
    return begun


def _drawings(unipen: list[PenDigit], pen: float, rings: Callable[[list[np.ndarray]], list[np.ndarray]]) -> list:
    """UNIPEN's test digits (every 150th) drawn with ``pen`` and the ``rings`` made of their strokes, cropped."""
    test = [digit for digit in unipen if digit.split == "test"][::150]
    assert len(test) >= 15
    drawn = []
    for digit in test:
        strokes = fit_strokes(digit.strokes, pen, size=0.3)
        drawn.append(_ink(draw_strokes([*strokes, *rings(strokes)], pen)))
    return drawn


def _ordinary(unipen: list[PenDigit], pen: float) -> list[np.ndarray]:
    """UNIPEN's test digits (every 150th) drawn with ``pen`` as the canvas draws them, whole and at a third and two
    thirds of their points (pen moves), cropped."""
    test = [digit for digit in unipen if digit.split == "test"][::150]
    strokes = [fit_strokes(digit.strokes, pen) for digit in test]
    return [_ink(draw_strokes(_begun(drawn, share), pen)) for drawn in strokes for share in (1 / 3, 2 / 3, 1)]


@pytest.mark.parametrize("pen", PENS)
def test_an_ordinary_digit_is_not_searched_for_a_box_or_a_ring(
    unipen: list[PenDigit], pen: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Asked of a digit with no box and no ring round it, ``ruled_off`` spreads nothing and fills its ink alone: the
    box's four lines are looked for along the crop's edges first, and a ring only where some ink lies apart from the
    ink joined to them (a ringed digit's does). Before, a box off level was looked for by spreading the whole crop
    twice (0.8 ms), and a ring by filling the paper round the ink (5.6 ms) of the 7.1 ``ruled_off`` took (302
    drawings at pen 16, the mean)."""
    spread, filled = one_digit._spread, one_digit._filled
    calls: list[str] = []
    within: list[np.ndarray] = []

    def spy_spread(inked: np.ndarray, reach: int, axis: int) -> np.ndarray:
        calls.append(f"spread {inked.shape} by {reach}")
        return spread(inked, reach, axis)

    def spy_filled(seed: np.ndarray, where: np.ndarray, *rounds: int) -> np.ndarray | None:
        within.append(where)
        return filled(seed, where, *rounds)

    monkeypatch.setattr(one_digit, "_spread", spy_spread)
    monkeypatch.setattr(one_digit, "_filled", spy_filled)
    drawings = _ordinary(unipen, pen)
    paper = 0
    for ink in drawings:
        within.clear()
        assert one_digit.ruled_off(ink) is None
        paper += any(not np.array_equal(where, ink) for where in within)
    assert not calls, f"{len(calls)} spreads of {len(drawings)} ordinary digits' ink: {calls[:3]}"
    assert not paper, f"{paper} of {len(drawings)} ordinary digits had the paper round them filled"


@pytest.mark.parametrize("pen", PENS)
def test_the_ring_reject_is_exact(unipen: list[PenDigit], pen: float) -> None:
    """The other side: where all the ink is joined to the crop's edges, the searches asked directly (a closed ring,
    one a little open, a C) find no ring either; and rings round a digit, closed, 14° short or a C, are still found,
    their digit's ink lying apart from the edges."""
    for ink in _ordinary(unipen, pen):
        edge = np.zeros_like(ink)
        edge[[0, -1]], edge[:, [0, -1]] = ink[[0, -1]], ink[:, [0, -1]]
        joined = one_digit._filled(edge, ink, 10**6)  # as many rounds as it takes
        if joined is None or (ink & ~joined).any():
            continue  # not rejected early: searched as before
        reach = math.ceil(one_digit.RING_GAP * one_digit._pen_width(ink))
        assert one_digit._ring_closed(ink, 0) is None
        assert one_digit._ring_closed(ink, reach) is None
        assert one_digit._ring_open(ink) is None
    for turns in (2.1, 1.9, 1.4):  # closed, 14° short, a C
        drawn = _drawings(unipen, pen, lambda strokes, turns=turns: [ringed_digits.ring(strokes, pen, 2, turns)])
        found = sum(one_digit.ring_round(ink) is not None for ink in drawn)
        assert found >= len(drawn) - 1, f"rings of {turns} half turns found round {found} of {len(drawn)} digits"
