"""The forty-fifth round of hostile testing, teachleft: what earlier rounds saw and left in teaching (Ctrl+T) and My
examples (``load_examples(newest=)`` unchecked, a damaged picture among a digit's newest not replaced, an import cut
short by the window's close said nowhere), then the dock and a teach tried as a hostile user; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from test_robust_forty_second_scale import _kept

from rowreader.example_folder import load_examples
from rowreader.example_store import ExampleStore


@settings(max_examples=30, deadline=None)
@given(newest=st.integers(max_value=0) | st.booleans() | st.floats(allow_nan=True) | st.text(max_size=3))
def test_load_examples_refuses_a_newest_that_is_no_count_of_pictures(tmp_path_factory, newest):
    """``load_examples(newest=0)`` read no picture, and a negative one read all but the last few of each digit
    (Python's ``[:-3]``), a bool or a float each its own way, without a word. Such a ``newest`` is refused at once,
    the folder not read, in words that say what it takes."""
    root = tmp_path_factory.mktemp("examples")
    _kept(ExampleStore(root), {3: 2})
    with pytest.raises((TypeError, ValueError), match=r"newest must be a whole number of pictures, at least 1"):
        load_examples(root, newest=newest)
    assert len(load_examples(root, newest=1)) == 1


def test_a_damaged_picture_among_a_digits_newest_is_replaced_by_the_next_newest(tmp_path):
    """A teach learns from each digit's newest pictures; one of them that did not read (damaged, half copied) was
    skipped and not replaced, so the digit was taught one fewer than the cap though older ones were kept. The next
    newest readable picture is read in its place: the damaged one is named among the problems, and none is left out
    that the cap had room for."""
    store = ExampleStore(tmp_path / "examples")
    oldest, older, newest = _kept(store, {3: 3})[3]
    newest.write_bytes(b"not a picture")  # damaged now, and the newest by its time
    found = load_examples(store.root, newest=2)
    assert [e.path for e in found.examples] == sorted([oldest, older])  # by name, as every reading gives them
    assert [p.split(":")[0] for p in found.problems] == [str(newest)]
    assert (found.left_out, found.cut) == (0, ())  # every readable 3 is taught: none left out
    found = load_examples(store.root, newest=1)
    assert [e.path for e in found.examples] == [older]
    assert (found.left_out, found.cut) == (1, (3,))
