"""The sixty-eighth round of hostile testing, pages14: the speed of ``one_digit.ruled_off`` on big pictures past its
fills (``_spread``, which closes a ring's gap by its pen's width and finds the paper near the outside), and a review
of pages13's run-based ``_filled``. The speed test was seen failing on the code before the fix (61fadace); the
spread was compared with that code's on random masks, and ``ruled_off`` on canvas-size and 2,000² digits in Cs and
rings, none differing (docs/robustness.md)."""

from __future__ import annotations

import time

import numpy as np

from rowreader import one_digit


def _reference(inked: np.ndarray, reach: int, axis: int) -> np.ndarray:
    """``inked`` spread by ``reach`` along ``axis`` the plain way: each shift of the ink up to ``reach`` ORed."""
    spread = inked.copy()
    size = inked.shape[axis]
    for shift in range(1, min(reach, size - 1) + 1):
        ahead, behind = (
            tuple(slice(*span) if a == axis else slice(None) for a in range(2))
            for span in ((shift, None), (None, -shift))
        )
        spread[ahead] |= inked[behind]
        spread[behind] |= inked[ahead]
    return spread


def test_spreading_a_big_crops_ink_takes_a_few_passes_over_it() -> None:
    """A 2,000² picture of a thin-pen digit in a C took ``ruled_off`` 0.6–0.9 s of CPU time, a fifth of it spreading
    the ink by the pen's width (to close a ring's gap, and to find the paper near the outside): each spread counted
    the ink with running sums in 64-bit numbers, 40 ms a pass. It now ORs windows of the ink that double in length
    each pass, a few milliseconds, and spreads the same pixels (at the mask's edges too: reaches 0 to past its side,
    masks one pixel thin either way, all ink and none)."""
    rng = np.random.default_rng(68)
    masks = [np.ones((1, 7), bool), np.zeros((5, 1), bool), np.eye(6, dtype=bool)]
    masks += [rng.random(tuple(rng.integers(1, 12, 2))) < 0.2 for _ in range(40)]
    for small in masks:
        for reach, axis in ((reach, axis) for reach in (0, 1, 2, 3, 5, 13) for axis in (0, 1)):
            assert np.array_equal(one_digit._spread(small, reach, axis), _reference(small, reach, axis))
    inked = rng.random((2000, 1900)) < 0.002
    inked[100:104, 50:1850] = True  # a stroke across, and one down
    inked[200:1900, 900:903] = True
    start = time.process_time()
    for _ in range(10):
        spread = one_digit._spread(one_digit._spread(inked, 8, 0), 8, 1)
    spent = time.process_time() - start
    assert np.array_equal(spread, _reference(_reference(inked, 8, 0), 8, 1))
    assert spent < 0.3, f"20 spreads of a 2,000² crop took {spent:.2f} s of CPU time"
