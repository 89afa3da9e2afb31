"""The forty-sixth round of hostile testing, mutants: one small change at a time (a comparison flipped, a boundary
moved by one, a condition dropped, a return value changed) made to the code the last two rounds added or changed,
the test files of its module run against it; each test here kills a mutant those files let live, and is checked to
fail on it."""

from __future__ import annotations

import argparse

import pytest
from hypothesis import given
from hypothesis import strategies as st

from rowreader.example_folder import examples_named
from rowreader.model import real_number
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


def test_one_example_and_one_drawing_are_named_in_the_singular_and_the_summary_s_without_counts():
    """Untried: "your 1 examples" and "1 drawings of your 2 examples" (the plural made unconditional lived), and the
    teach's summary (``counted=False``, whose sentence has no room) given "(2 copies set aside)" after all, or "your 3
    examples" where it reads "your examples" (each lived). One of each is named so, and the summary's has no count."""
    assert examples_named(1) == "your 1 example"
    assert examples_named(1, 1) == "1 drawing of your 2 examples (1 copy set aside)"
    assert examples_named(3, 2, counted=False) == "3 drawings of your 5 examples"
    assert examples_named(3, 2, 4, counted=False) == "the newest 3 drawings of your 9 examples"
    assert examples_named(3, counted=False) == "your examples"
    assert examples_named(3, 0, 4, counted=False) == "the newest 3 of your 7 examples"


REAL = [(0, True), (-7, True), (10**300, True), (0.5, True), (True, False), (False, False), (10**400, False)]
REAL += [(float("nan"), False), (float("inf"), False), ("1", False), (None, False)]


@pytest.mark.parametrize(("value", "real"), REAL)
def test_a_real_number_from_a_file_is_a_finite_int_or_float_never_a_bool(value, real):
    """A checkpoint's ``wall_seconds`` of ``true`` (JSON's bool) was taken as 1 second had ``not isinstance(value,
    bool)`` gone (it lived), and a whole number (``"left_out": 3``) refused had it read floats alone (it lived): the
    files of its module try floats and a 400-digit int only. An int or a float, finite, not a bool, is one."""
    assert real_number(value) is real
