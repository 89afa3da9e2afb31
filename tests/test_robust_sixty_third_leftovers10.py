"""The sixty-third round's leftovers (area leftovers10): mutants17's survivors in ``_gap_sides`` (its top and bottom
swapped, its widest gaps taken within a bin), each test seen killing its mutant and passing on the code."""

from __future__ import annotations

import numpy as np
import pytest

from rowreader.one_digit import OPEN_BINS, _gap_sides

# the bin of each edge's middle, as ``arctan2`` of rows and columns turns from the left: left, top, right, bottom
MIDDLE = {1: 0, 0: OPEN_BINS // 4, 3: OPEN_BINS // 2, 2: 3 * OPEN_BINS // 4}


def _open(*gaps: tuple[int, int]) -> np.ndarray:
    """A turn of bins covered but for each gap (its edge, its width in bins), centred on that edge."""
    covered = np.ones(OPEN_BINS, bool)
    for side, width in gaps:
        covered[(MIDDLE[side] + np.arange(width) - width // 2) % OPEN_BINS] = False
    return covered


@pytest.mark.parametrize("side", [0, 1, 2, 3])
def test_a_c_open_on_one_side_faces_that_side(side: int) -> None:
    """A C's one gap faces its edge: the top's and the bottom's swapped, a C open above read as open below, and its
    ring had to bound the wrong sides (arcs open up and down were taken away either way, so no reading told)."""
    assert _gap_sides(_open((side, 5))) == {side}


def test_two_gaps_face_both_sides_only_when_as_wide() -> None:
    """Two brackets' gaps as wide face both their sides; a gap a bin narrower is not among the widest (taken within
    a bin, a C with a nick opposite its opening faced both sides, and was asked to bound neither)."""
    assert _gap_sides(_open((1, 5), (3, 5))) == {1, 3}
    assert _gap_sides(_open((0, 5), (2, 4))) == {0}
    assert _gap_sides(_open((0, 4), (2, 5))) == {2}
    assert _gap_sides(np.ones(OPEN_BINS, bool)) == set()
