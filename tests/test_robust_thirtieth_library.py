"""The thirtieth round of hostile testing, the library: the public stream API (``FoldedWeights``,
``RowStream.of_folded``, ``stream.folded``) abused, and what a researcher does next with the stream's beliefs."""

from __future__ import annotations

import copy
import pickle

import numpy as np
import pytest
from conftest import small_readers
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rowreader.checkpoint import Checkpoint
from rowreader.model import ReaderConfig
from rowreader.stream import FoldedWeights, RowStream


def _beliefs(stream: RowStream, images: np.ndarray) -> np.ndarray:
    stream.feed_image(images)
    return stream.probabilities


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(reader=small_readers(), which=st.integers(0, 2), seed=st.integers(0, 2**32 - 1))
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
    mib = sum(array.nbytes for array in arrays) / 2**20
    assert repr(folded) == f"<FoldedWeights {config.shape()}, {mib:.1f} MiB>"  # it was "<… object at 0x7f2e…>"
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


@st.composite
def _beliefs_of_a_batch(draw: st.DrawFn) -> np.ndarray:
    """``[rows, B, 10]`` beliefs: each row's a softmax."""
    rows, batch = draw(st.integers(1, 28)), draw(st.integers(1, 5))
    logits = np.random.default_rng(draw(st.integers(0, 2**32 - 1))).normal(0, 4, (rows, batch, 10))
    beliefs = np.exp(logits)
    return (beliefs / beliefs.sum(axis=-1, keepdims=True)).astype(np.float32)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(beliefs=_beliefs_of_a_batch(), data=st.data())
def test_decided_at_refuses_masked_beliefs_and_reads_an_unmasked_masked_array(beliefs, data) -> None:
    """``decided_at`` read a masked array through its mask: the first 10 MNIST test digits' beliefs masked past row 12
    (rows not read yet) were decided at rows 9 4 7 8 6 7 7 10 25 13, as all 28 rows read, where the 12 rows read
    decide the last two at 6 and 0 (never). Masked beliefs are refused in words, as ``evaluate_curve`` refuses
    masked labels; a masked array with nothing masked is read as its values."""
    from rowreader import decided_at

    expected = decided_at(beliefs, batch_first=False)
    assert np.array_equal(decided_at(np.ma.masked_array(beliefs, mask=False), batch_first=False), expected)
    index = tuple(data.draw(st.integers(0, size - 1)) for size in beliefs.shape)
    mask = np.zeros(beliefs.shape, bool)
    mask[index] = True
    with pytest.raises(ValueError, match="masked entries"):
        decided_at(np.ma.masked_array(beliefs, mask=mask), batch_first=False)
    with pytest.raises(ValueError, match="masked entries"):
        decided_at(np.ma.masked_array(beliefs[:, index[1]], mask=mask[:, index[1]]))


@pytest.fixture(scope="module")
def small() -> Checkpoint:
    config = ReaderConfig(input_size=4, hidden_size=5)
    rng = np.random.default_rng(0)
    return Checkpoint(config, {name: rng.normal(size=shape) for name, shape in config.weight_shapes().items()})


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(batch=st.sampled_from([None, 1, 3]), how=st.sampled_from(["generator", "map", "dict"]), seed=st.integers(0, 99))
def test_a_generator_where_pixels_or_beliefs_are_wanted_is_named(small, batch, how, seed) -> None:
    """NumPy wraps a generator whole, as one object: ``stream.feed_image(to_mnist(p) for p in pictures)`` (and a
    session's ``set_image`` of one) was refused as "pixels must be real numbers in [0, 1], got an array of object",
    and ``decided_at(p.probs for p in history)`` as "expected probabilities … got []", though what it yields is both.
    Each names what it was given and how to make an array of it, as ``to_mnist`` and ``evaluate_curve`` name it."""
    from rowreader import decided_at
    from rowreader.session import DigitSession

    rng = np.random.default_rng(seed)
    images = rng.random((28, 28) if batch is None else (batch, 28, 28), dtype=np.float32)
    stream = small.stream(batch)
    beliefs = [prediction.probs for prediction in small.stream().feed_image(images.reshape(-1, 28, 28)[0])]

    def given_as(values: list) -> object:
        return {"generator": (value for value in values), "map": map(np.asarray, values)}.get(
            how, dict(enumerate(values))
        )

    iterator = "" if how == "dict" else r"; np\.stack\(list\(values\)\) makes an array of what it yields"
    with pytest.raises(TypeError, match=rf"expected an image of shape \(.*\), got {how}{iterator}$"):
        stream.feed_image(given_as(list(images)))
    with pytest.raises(TypeError, match=rf"expected a row of shape \(.*\), got {how}{iterator}$"):
        stream.feed(given_as(list(images[..., 0, :])))
    with pytest.raises(TypeError, match=rf"got {how}{iterator}$"):
        DigitSession(small).set_image(given_as(list(images.reshape(-1, 28, 28)[0])))
    with pytest.raises(TypeError, match=rf"expected probabilities \[rows, 10\] \(an array\), got {how}{iterator}$"):
        decided_at(given_as(beliefs))
    assert decided_at(np.stack(list(given_as(beliefs)) if how != "dict" else beliefs)) == decided_at(beliefs)
    stream.feed_image(np.stack(list(given_as(list(images)))) if how != "dict" else images)  # read, as the hint says


def test_threads_asking_a_checkpoint_for_its_first_stream_at_once_share_one_fold(small, monkeypatch) -> None:
    """A checkpoint folds its weights for its first stream and keeps them; four threads asking ``stream()`` at once
    each folded, and kept the last: a 120 MB network (4 layers of 1,024) took 0.95 GB more at the peak, not 0.20. The
    threads wait for one fold and share it, each stream reading as its own sequential run."""
    import threading
    import time

    checkpoint = Checkpoint(small.config, small.weights)  # not folded yet
    fold, folds = FoldedWeights.__init__, []

    def slow_fold(self, *args, **kwargs) -> None:  # a fold that takes a while, as a large model's does
        folds.append(1)
        time.sleep(0.2)
        fold(self, *args, **kwargs)

    monkeypatch.setattr(FoldedWeights, "__init__", slow_fold)
    images = np.random.default_rng(1).random((4, 28, 28), dtype=np.float32)
    alone = [_beliefs(small.stream(), image) for image in images]
    start, streams = threading.Barrier(4), {}

    def ask(k: int) -> None:
        start.wait()
        streams[k] = checkpoint.stream()

    threads = [threading.Thread(target=ask, args=(k,)) for k in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(folds) == 1 and len({id(stream.folded) for stream in streams.values()}) == 1
    assert all(np.array_equal(_beliefs(streams[k], images[k]), alone[k]) for k in range(4))
