"""The fiftieth round of hostile testing, hypo3: properties of open-ended inputs not yet stated with Hypothesis (the
examples' index in the user cache holding arrays of any type and shape, a settings file of any values for the keys
the window reads, checkpoint metadata of JSON literals Python reads beyond JSON, `training.fit`'s flags in any
combination, any sequence of pen, undo and redo on the canvas); each falsified property's failing example is kept as
an ``@example``, and each test is checked to fail on the code before its fix."""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path
from unittest import mock

import numpy as np
from hypothesis import example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import array_shapes, arrays, byte_string_dtypes, scalar_dtypes, unicode_string_dtypes
from test_core_examples import drawing

from rowreader.example_folder import load_examples
from rowreader.example_index import index_path
from rowreader.example_store import ExampleStore

ANY_ARRAY = arrays(
    st.one_of(scalar_dtypes(), byte_string_dtypes(max_len=4), unicode_string_dtypes(max_len=4)),
    array_shapes(min_dims=0, max_dims=3, min_side=0, max_side=3),
)


@settings(max_examples=20, deadline=None)
@given(field=st.sampled_from(["names", "keys", "images", "identity", "digest"]), value=ANY_ARRAY)
@example(field="names", value=np.array([1.5]))  # a number where a file's name was: os.fsdecode's TypeError
@example(field="names", value=np.array(5))  # no list at all: len()'s "len() of unsized object"
@example(field="names", value=np.array([[b"1/a.png"]]))  # a list of lists: a row of names given to os.fsdecode
def test_an_examples_index_holding_arrays_of_any_type_reads_as_no_index(field: str, value: np.ndarray) -> None:
    """The examples' index (an .npz in the user cache, "a cache, never the truth: anything wrong with it reads as an
    empty index") whose `names` held numbers, one name, or rows of names raised TypeError out of `load_examples`
    ("expected str, bytes or os.PathLike object, not float64"): My examples and a fine-tune's `--examples` read
    nothing, whatever the pictures. Such an index now reads as none: the pictures are read again, and the index
    written anew. Any of its other arrays of any type and shape reads so too (they were checked already)."""
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"XDG_CACHE_HOME": f"{folder}/cache"}):
        root = Path(folder, "examples")
        ExampleStore(root).add(1, drawing(1))
        first = load_examples(root, index=True)  # the index written as the app writes it
        with np.load(index_path(root)) as written:
            arrays_kept = {name: written[name] for name in written.files}
        buffer = io.BytesIO()
        np.savez_compressed(buffer, **{**arrays_kept, field: value})
        index_path(root).write_bytes(buffer.getvalue())
        again = load_examples(root, index=True)
        assert not again.problems and [e.path for e in again.examples] == [e.path for e in first.examples]
        assert np.array_equal(again.arrays()[0], first.arrays()[0])


@settings(max_examples=40, deadline=None)
@given(field=st.sampled_from(["images", "labels"]), value=ANY_ARRAY)
@example(field="images", value=np.array(0, np.uint8))  # one number, no list of pictures: len()'s TypeError
def test_a_teachs_replay_digits_cached_as_arrays_of_any_type_are_drawn_again(field: str, value: np.ndarray) -> None:
    """A teach's replay digits kept in the user cache ("a cache file that does not read back as expected is simply
    drawn again") whose `images` was one number, not a list of pictures, raised "len() of unsized object" out of
    `load_replay`: the teach ended at its start, every time, until the file was found and removed by hand. Any
    array of any type and shape in its place is now drawn again, and the file kept anew."""
    from training.replay import _cached_digits

    drawn = np.zeros((2, 28, 28), np.uint8), np.array([3, 4], np.int64)
    with tempfile.TemporaryDirectory() as folder, mock.patch.dict(os.environ, {"XDG_CACHE_HOME": folder}):
        _cached_digits("replay-test.npz", 2, lambda: drawn)  # kept as a teach keeps it
        cache = Path(folder, "rowreader", "replay-test.npz")
        with np.load(cache) as kept:
            buffer = io.BytesIO()
            np.savez(buffer, **{**{name: kept[name] for name in kept.files}, field: value})
        cache.write_bytes(buffer.getvalue())
        got = _cached_digits("replay-test.npz", 2, lambda: drawn)
        changed = {"images": drawn[0], "labels": drawn[1], field: value}  # digits still: read, as they are
        assert all(map(np.array_equal, got, drawn)) or all(map(np.array_equal, got, changed.values()))
