"""The thirtieth round of hostile testing, the library: the public stream API (``FoldedWeights``,
``RowStream.of_folded``, ``stream.folded``) abused, and what a researcher does next with the stream's beliefs."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.checkpoint import Checkpoint
from rowreader.model import ReaderConfig
from rowreader.stream import RowStream


@st.composite
def _readers(draw: st.DrawFn) -> tuple[ReaderConfig, dict[str, np.ndarray]]:
    """A small reader of either cell, with random weights."""
    config = ReaderConfig(
        input_size=draw(st.integers(1, 6)),
        hidden_size=draw(st.integers(1, 6)),
        layers=draw(st.integers(1, 2)),
        cell=draw(st.sampled_from(["lstm", "gru"])),
    )
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    weights = {name: rng.normal(size=shape).astype(np.float32) for name, shape in config.weight_shapes().items()}
    return config, weights


def _beliefs(stream: RowStream, images: np.ndarray) -> np.ndarray:
    stream.feed_image(images)
    return stream.probabilities


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reader=_readers(), which=st.integers(0, 2), seed=st.integers(0, 2**32 - 1))
def test_folded_weights_cannot_be_changed_under_the_streams_that_share_them(reader, which, seed) -> None:
    """A checkpoint keeps the weights it folded for its next stream, and hands them out as ``stream.folded``. Their
    arrays were writable: ``model.stream().folded.out_weight[-1, 3] += 50`` (a researcher ablating on their own
    stream) made every later ``model.stream()`` of the shipped model read MNIST's first 8 test digits as 3, where its
    weights, a save and a fresh Checkpoint of them read 7 2 1 0 4 1 4 9. And ``folded.config = other`` made
    ``of_folded`` a stream whose buffers did not fit its weights ("could not broadcast … (28,) into … (280,)"). Folded
    weights are fixed: read-only arrays (a copy's and a pickle's too), nothing put in their place."""
    config, weights = reader
    checkpoint = Checkpoint(config, weights)
    images = np.random.default_rng(seed).random((28, 28), dtype=np.float32)
    before = _beliefs(checkpoint.stream(), images)
    folded = checkpoint.stream().folded
    arrays = [*folded.weights, folded.out_weight]
    with pytest.raises(ValueError, match="read-only"):
        arrays[min(which, len(arrays) - 1)][-1] += 50
    assert np.array_equal(_beliefs(checkpoint.stream(), images), before)
    for name in ("config", "weights", "out_weight", "softmax_needs_shift"):
        with pytest.raises(AttributeError, match="fixed once folded"):
            setattr(folded, name, getattr(folded, name))
        with pytest.raises(AttributeError, match="fixed once folded"):
            delattr(folded, name)
    for other in (
        copy.deepcopy(folded),
        pickle.loads(pickle.dumps(folded)),
        pickle.loads(pickle.dumps(checkpoint.stream())).folded,
    ):
        assert not any(array.flags.writeable for array in (*other.weights, other.out_weight))
        assert other.config == config and np.array_equal(_beliefs(RowStream.of_folded(other), images), before)
