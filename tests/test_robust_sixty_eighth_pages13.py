"""The sixty-eighth round of hostile testing, pages13: the speed of reading big pictures, ``one_digit.ruled_off``'s
fills (``_filled``) over a crop of up to 2,048² (``MAX_INPUT_SIDE``). The speed test was seen failing on the code
before the fix (15711a23); the fill was compared with that code's on random masks, seeds and rounds, and
``ruled_off`` on 2,000² digits and Cs, none differing (docs/robustness.md)."""

from __future__ import annotations

import time

import numpy as np

from rowreader import one_digit


def _winding(side: int, walls: int) -> np.ndarray:
    """A ``side``² mask open but for ``walls`` level walls 4 px thick, each with a 40-px gap at its left or right
    end in turn: the way from top to bottom winds through every gap."""
    within = np.ones((side, side), bool)
    for k, row in enumerate(np.linspace(0, side, walls + 2)[1:-1].astype(int)):
        within[row : row + 4] = False
        within[row : row + 4, slice(0, 40) if k % 2 else slice(side - 40, side)] = True
    return within


def test_a_fill_of_many_rounds_over_a_big_crop_walks_each_pixel_once() -> None:
    """``ruled_off``'s fills (the ink joined to the edges, given 48 rounds, the paper round a ring) walked every pixel
    of what they fill each round, so a 2,000² crop of 3.7 million pixels that takes 41 rounds to fill took 1.5 s of
    CPU time (3.9 million pixels of paper filled twice were half of a 2,000² digit and C's second): each round now
    walks the runs it reached anew alone, 0.17 s, its result the same."""
    within = _winding(2000, 40)
    seed = np.zeros_like(within)
    seed[0] = True
    start = time.process_time()
    filled = one_digit._filled(seed, within, one_digit.JOIN_ROUNDS)
    spent = time.process_time() - start
    assert filled is not None and np.array_equal(filled, within)
    assert one_digit._filled(seed, within, 40) is None  # the way winds through 40 gaps: 41 rounds, not fewer
    assert spent < 0.75, f"the fill took {spent:.2f} s of CPU time"
