"""The library as a hostile programmer uses it (the seventeenth round): sessions read from threads, checkpoints
crafted by hand, odd arrays. Each test here failed before its fix."""

from __future__ import annotations

import numpy as np
import pytest
from other_thread import acted_on_from_another_thread_mid_reading

import rowreader
from rowreader.checkpoint import Checkpoint
from rowreader.model import ReaderConfig
from rowreader.session import DigitSession
from rowreader.stream import RowStream

SMALL = ReaderConfig(input_size=4, hidden_size=3)


def test_a_session_read_from_a_second_thread_mid_change_gives_a_whole_state(monkeypatch):
    """A thread pool reading `session.predictions` and `probabilities` while the UI thread re-read a new drawing got
    the history cut to the rows kept: no predictions at position 28, `decided_at` None for a digit decided at row 1.
    Each read gives a whole state, the one before the change here, and the change is not disturbed."""
    model = rowreader.load_pretrained()
    rng = np.random.default_rng(3)
    first, second = rng.random((28, 28), dtype=np.float32), rng.random((28, 28), dtype=np.float32)
    session = DigitSession(model)
    session.set_image(first)
    before = session.probabilities.copy(), session.hidden_states.copy(), session.decided_at

    def read() -> tuple[object, ...]:
        return session.predictions, session.probabilities, session.hidden_states, session.current, session.decided_at

    outcome = acted_on_from_another_thread_mid_reading(monkeypatch, read)
    session.set_image(second)
    monkeypatch.undo()
    predictions, probabilities, hidden, current, decided = outcome[0]
    assert len(predictions) == 28 and current is predictions[-1] and decided == before[2]
    assert np.array_equal(probabilities, before[0]) and np.array_equal(hidden, before[1])
    alone = DigitSession(model)
    alone.set_image(second)
    assert np.array_equal(session.probabilities, alone.probabilities)
    assert np.array_equal(session.hidden_states, alone.hidden_states)


def small_weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.normal(size=shape).astype(np.float32) for name, shape in SMALL.weight_shapes().items()}


def read_only_view(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


@pytest.mark.parametrize("shared", [read_only_view, lambda array: np.broadcast_to(array, array.shape)])
def test_a_hand_made_checkpoint_does_not_share_a_read_only_view_of_the_callers_weights(shared):
    """`Checkpoint(config, weights)` kept a read-only view (or a memory-map, np.load(…, mmap_mode="r")) of the
    caller's own array as it was: writing to that array (the next training step) changed the checkpoint and every
    stream made from it later, though its weights are read-only copies. It copies what it cannot own."""
    weights = small_weights()
    checkpoint = Checkpoint(SMALL, {name: shared(array) for name, array in weights.items()})
    stream = RowStream(SMALL, {name: shared(array) for name, array in weights.items()})
    before = {name: array.copy() for name, array in weights.items()}
    for array in weights.values():
        array += 1.0
    assert all(np.array_equal(checkpoint.weights[name], before[name]) for name in before)
    row, unchanged = np.full(28, 0.5), RowStream(SMALL, before)
    assert np.array_equal(checkpoint.stream().feed(row).probs, unchanged.feed(row).probs)
    assert np.array_equal(stream.feed(row).probs, unchanged.probabilities[0])


def test_a_hand_made_checkpoint_of_a_memory_mapped_file_is_a_copy(tmp_path):
    """A weight memory-mapped read-only from a .npy file was kept mapped: the file written again changed it."""
    weights = small_weights()
    np.save(tmp_path / "bias.npy", weights["output.bias"])
    mapped = np.load(tmp_path / "bias.npy", mmap_mode="r")
    checkpoint = Checkpoint(SMALL, {**weights, "output.bias": mapped})
    writer = np.load(tmp_path / "bias.npy", mmap_mode="r+")
    writer += 1.0
    writer.flush()
    assert np.array_equal(checkpoint.weights["output.bias"], weights["output.bias"])
