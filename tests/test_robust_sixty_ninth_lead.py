"""The sixty-ninth round of hostile testing, the lead's finds: what the round's first clean-clone CI showed."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import cropped, ring_round


def _c_with_grain(seed: int, specks: int = 110) -> np.ndarray:
    """A C of a 14-px pen, open to the right, with single specks of grain scattered over 0.4 of its inside's rows:
    no digit inside, as a faint page's grain in a 9's curl."""
    yy, xx = np.mgrid[:220, :220]
    radius, angle = np.hypot(yy - 110, xx - 110), np.degrees(np.arctan2(yy - 110, xx - 110))
    ink = (abs(radius - 95) < 7) & (abs(angle) > 35)
    rng = np.random.default_rng(seed)
    ink[rng.integers(85, 150, specks), rng.integers(60, 150, specks)] = True
    return cropped(ink)


@pytest.mark.parametrize("seed", range(5))
def test_grain_scattered_in_a_c_is_no_digit_ringed(seed):
    """marks17's rule took what inks a third to half of a ring's inside rows, wider than two pens, for a flat digit
    in a C: specks of paper grain so scattered in a faint MNIST 9's curl (112 px over 58 rows, a pen of 14) were
    taken for one, the 9 taken away as a C and the grain read as 1 (paper2's faint pencil test failed in the round's
    first CI). A digit inks a pen or more a row it spans; grain does not, and no ring is found."""
    assert ring_round(_c_with_grain(seed)) is None
