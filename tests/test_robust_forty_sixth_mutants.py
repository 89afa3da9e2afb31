"""The forty-sixth round of hostile testing, mutants: one small change at a time (a comparison flipped, a boundary
moved by one, a condition dropped, a return value changed) made to the code the last two rounds added or changed,
the test files of its module run against it; each test here kills a mutant those files let live, and is checked to
fail on it."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rowreader.whole_number import whole_number


@given(low=st.integers(-5, 5), span=st.integers(0, 10**6), data=st.data())
def test_a_count_at_either_end_of_its_range_is_taken_and_one_past_it_refused(low, span, data):
    """Its ends were untried: ``value <= low`` refused ``--warmup 0`` (a range "from 0"), and nothing said a count
    of exactly the least is a count. Either end is taken, one past either is refused in the range's words."""
    high = low + span
    count = whole_number(low, high)
    assert count(str(low)) == low and count(str(high)) == high
    value = data.draw(st.integers(low, high))
    assert count(f" {value}\n") == value  # as int() reads it
    for outside in (low - 1, high + 1):
        with pytest.raises(argparse.ArgumentTypeError, match=rf"^must be a whole number from {low} to {high:,}, "):
            count(str(outside))


@given(low=st.integers(0, 3), above=st.integers(0, 10**30))
def test_a_count_with_no_bound_above_takes_any_size_from_its_least(low, above):
    """``whole_number(1)`` (bench's ``--per-class``, ``--steps``, ``--limit``) has no bound above: compared with None,
    a count of 5 raised TypeError, which argparse calls "invalid int value: '5'" (mutant: ``value > high`` without
    ``high is not None``, which the files of its module let live). Any size is taken, one below the least refused."""
    count = whole_number(low)
    assert count(str(low + above)) == low + above
    with pytest.raises(argparse.ArgumentTypeError, match=rf"^must be a whole number of at least {low}, got {low - 1}$"):
        count(str(low - 1))
