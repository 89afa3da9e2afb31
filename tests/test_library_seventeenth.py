"""The library as a hostile programmer uses it (the seventeenth round): sessions read from threads, checkpoints
crafted by hand, odd arrays. Each test here failed before its fix."""

from __future__ import annotations

import copy
import json
import pickle
import threading

import numpy as np
import pytest
from other_thread import LockThatTells, acted_on_from_another_thread_mid_reading
from safetensors.numpy import save as safetensors_bytes
from test_library_sixteenth import SMALL, small_weights

import rowreader
import rowreader.checkpoint as checkpoint_module
from rowreader.checkpoint import Checkpoint, CheckpointError, load_checkpoint, save_checkpoint
from rowreader.model import ReaderConfig
from rowreader.session import DigitSession
from rowreader.stream import RowStream


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


def read_only_view(array: np.ndarray) -> np.ndarray:
    view = array.view()
    view.flags.writeable = False
    return view


def frozen(array: np.ndarray) -> np.ndarray:
    """The caller's own array made read-only, which its owner may make writable again."""
    array.flags.writeable = False
    return array


def thaw_and_add_one(array: np.ndarray) -> None:
    array.flags.writeable = True
    array += 1.0


def add_one(array: np.ndarray) -> None:
    array += 1.0


@pytest.mark.parametrize(
    ("shared", "write"),
    [
        (read_only_view, add_one),
        (lambda array: np.broadcast_to(array, array.shape), add_one),
        (frozen, thaw_and_add_one),
    ],
    ids=["read-only view", "broadcast", "frozen by its owner"],
)
def test_a_hand_made_checkpoint_does_not_share_the_callers_read_only_weights(shared, write):
    """`Checkpoint(config, weights)` kept a read-only view (or a memory-map, np.load(…, mmap_mode="r")) of the
    caller's own array, or the caller's array made read-only, as it was: writing to that array (the next training
    step) changed the checkpoint and every stream made from it later, though its weights are read-only copies. Only
    memory no one can write (a file's bytes, read whole) is kept; the rest is copied."""
    weights = small_weights()
    before = {name: array.copy() for name, array in weights.items()}
    checkpoint = Checkpoint(SMALL, {name: shared(array) for name, array in weights.items()})
    stream = RowStream(SMALL, {name: shared(array) for name, array in weights.items()})
    for array in weights.values():
        write(array)
    assert all(np.array_equal(checkpoint.weights[name], before[name]) for name in before)
    row, unchanged = np.full(28, 0.5), RowStream(SMALL, before)
    assert np.array_equal(checkpoint.stream().feed(row).probs, unchanged.feed(row).probs)
    assert np.array_equal(stream.feed(row).probs, unchanged.probabilities[0])


def test_a_loaded_checkpoints_weights_are_not_copied_again():
    """What a fix must keep: a file's weights (read-only views of its bytes) are the checkpoint's without a copy."""
    model = rowreader.load_pretrained()
    again = Checkpoint(model.config, model.weights, model.metadata, model.path)
    assert all(again.weights[name] is array for name, array in model.weights.items())


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


def torch_values(make):
    """A torch tensor made by ``make(torch)``, torch imported only by the test that asks."""
    import torch

    return make(torch)


A_DIGIT = np.zeros((28, 28), np.float32)
A_DIGIT[5:22, 12:16] = 1.0


@pytest.mark.parametrize(
    "make",
    [
        lambda torch: torch.tensor(A_DIGIT).to(torch.float8_e4m3fn),
        lambda torch: torch.tensor(A_DIGIT).to(torch.float8_e5m2),
        lambda torch: torch.tensor(A_DIGIT).to_sparse(),
        lambda torch: torch.tensor(A_DIGIT).to_sparse_csr(),
        lambda torch: torch.tensor(A_DIGIT, dtype=torch.float16).to_sparse(),
    ],
    ids=["float8_e4m3fn", "float8_e5m2", "sparse", "sparse_csr", "sparse_float16"],
)
@pytest.mark.filterwarnings("ignore:Sparse CSR tensor support is in beta")
def test_a_torch_tensor_of_any_real_type_or_layout_is_read_as_its_values(make):
    """A float8 tensor (a quantised model's activations) failed as "Got unsupported ScalarType Float8_e4m3fn", a
    sparse one as "can't convert Sparse layout tensor to numpy", where the library reads a tensor as its values."""
    digit = torch_values(make)
    model = rowreader.load_pretrained()
    stream, session = model.stream(), DigitSession(model)
    assert np.array_equal(stream.feed_image(digit)[-1].probs, model.stream().feed_image(A_DIGIT)[-1].probs)
    session.set_image(digit)
    assert np.array_equal(session.image, A_DIGIT)
    assert np.array_equal(rowreader.to_mnist(digit), rowreader.to_mnist(A_DIGIT))


def test_a_nested_tensor_is_refused_in_words():
    """A nested tensor (rows of different lengths) failed as "Internal error: NestedTensorImpl doesn't support
    sizes. Please file an issue."; it is refused as what it is."""
    rows = torch_values(
        lambda torch: torch.nested.nested_tensor([torch.zeros(28), torch.zeros(27)], layout=torch.jagged)
    )
    with pytest.raises(ValueError, match="a nested tensor"):
        rowreader.to_mnist(rows)


def test_a_device_that_is_no_device_is_refused_before_the_file_is_read(tmp_path):
    """`load_checkpoint(path, device=0)` read (and checked) the whole file first, then refused the device: a damaged
    file was named as damaged, a good one read in vain. The device is checked first, as every argument is."""
    damaged = tmp_path / "damaged.safetensors"
    damaged.write_bytes(b"\x08\x00\x00\x00\x00\x00\x00\x00{}")
    for device, error in ((0, TypeError), ("tpu", ValueError)):
        with pytest.raises(error, match="device"):
            load_checkpoint(damaged, device=device)


def test_a_checkpoints_reader_asked_for_by_two_threads_at_once_is_one_module(monkeypatch):
    """`checkpoint.reader` asked for by two threads at once built two modules, one of them kept: the thread given
    the other trained or evaluated a module the checkpoint no longer held. The second waits for the first's.
    No timing: B asks while A is building, and A builds on only once B has asked (it waits, or has built its own)."""
    checkpoint = rowreader.load_pretrained()
    b_asked, real_build = threading.Event(), Checkpoint.build_reader
    readers: list[object] = []

    def ask_b() -> None:
        try:
            readers.append(checkpoint.reader)
        finally:
            b_asked.set()

    b = threading.Thread(target=ask_b)

    def build(self: Checkpoint, device: str = "cpu"):
        if threading.current_thread() is not b and not b.is_alive() and not b_asked.is_set():
            b.start()
            b_asked.wait()  # B is waiting for this build, or (before the fix) built its own
        return real_build(self, device)

    monkeypatch.setattr(Checkpoint, "build_reader", build)
    building = LockThatTells(threading.Lock(), b, b_asked)  # the build's lock, which tells A when B has reached it
    monkeypatch.setattr(checkpoint_module, "_BUILDING_A_READER", building, raising=False)
    a_reader = checkpoint.reader
    b.join()
    assert readers == [a_reader] and checkpoint.reader is a_reader


class NamedStream(RowStream):
    """A stream of a programmer's own: a subclass with an attribute and a method of its own."""

    def __init__(self, config: ReaderConfig, weights: dict[str, np.ndarray], name: str) -> None:
        super().__init__(config, weights)
        self.name = name

    def top_so_far(self) -> str:
        return f"{self.name}: {self.history[-1].top}"


@pytest.mark.parametrize("branch", [RowStream.copy, copy.copy, copy.deepcopy, lambda s: pickle.loads(pickle.dumps(s))])
def test_a_subclassed_stream_branches_as_itself(branch):
    """`stream.copy()` (and copy.copy, copy.deepcopy) of a subclass gave a plain RowStream, its methods gone, and a
    pickle gave the subclass without its attributes ("'NamedStream' object has no attribute 'name'"). A branch is
    of the stream's own class, carrying what it keeps, and reads on alone."""
    stream = NamedStream(SMALL, small_weights(), "left")
    stream.feed(np.full(28, 0.5))
    twin = branch(stream)
    assert type(twin) is NamedStream and twin.name == "left" and twin.top_so_far() == stream.top_so_far()
    twin.feed(np.ones(28))
    assert (twin.rows_read, stream.rows_read) == (2, 1)


def test_a_stream_carries_all_it_holds_but_its_views():
    """What a copy or a pickle leaves out is what every copy builds again for itself (its views and scratch, its
    lock): a new buffer of the state, not named among the views, is carried; a new view must be named there."""
    stream = RowStream(SMALL, small_weights())
    fresh = RowStream.__new__(RowStream)
    fresh.config, fresh.batch, fresh._w = stream.config, stream.batch, stream._w
    fresh._allocate()
    assert set(stream.__dict__) == set(fresh.__dict__)
    built = set(fresh.__dict__) - {"config", "batch", "_w"}
    assert built - RowStream._VIEWS == {"_xh", "_c", "_probs", "_rows", "_position", "_state_at"}


def test_an_observer_that_raises_does_not_keep_the_others_from_being_told():
    """A view whose callback raised (a bug in it) on "image" kept every observer after it from hearing "image" and
    "rows": the chart and the bars went on showing the digit before, though the session held the new one. Every
    observer is told of every event; the first error is raised after, the count of the others in its notes."""
    session = DigitSession(rowreader.load_pretrained())
    told: list[str] = []

    def broken(event: str) -> None:
        raise KeyError(f"a view's bug, told of {event}")

    session.subscribe(broken)
    session.subscribe(told.append)
    session.subscribe(broken)
    with pytest.raises(KeyError, match="told of image") as raised:
        session.set_image(A_DIGIT)
    assert told == ["image", "rows"] and session.position == 28 and len(session.predictions) == 28
    assert raised.value.__notes__ == ["3 more errors were raised by the session's other observers"]


def test_a_checkpoint_claiming_more_mnist_test_digits_than_there_are_is_refused(tmp_path):
    """A file whose metadata said its accuracy was measured on 10^30 MNIST test digits loaded, and Help ▸ About
    printed "(1,000,000,000,000,000,000,000,000,000,000 digits)": MNIST has 10,000. The count is checked as every
    known key is, by hand and in a file."""
    with pytest.raises(ValueError, match=r"'test_digits' must be a whole number from 1 to 10,000, got 20001"):
        Checkpoint(SMALL, small_weights(), {"test_digits": 20_001})
    kept = tmp_path / "kept.safetensors"
    save_checkpoint(kept, Checkpoint(SMALL, small_weights(), {"test_digits": 10_000}))
    assert load_checkpoint(kept).test_digits == 10_000
    lie = tmp_path / "lie.safetensors"
    metadata = json.dumps({"test_digits": 10**30})
    header = {"format": "rowreader-checkpoint", "format_version": "1", "config": json.dumps(SMALL.to_dict())}
    lie.write_bytes(safetensors_bytes(small_weights(), metadata={**header, "metadata": metadata}))
    with pytest.raises(CheckpointError, match="from 1 to 10,000, got 1000000000000000000000000000000"):
        load_checkpoint(lie)


@pytest.mark.parametrize("count", [1e300, -5, 2.5, "12", True])
def test_a_checkpoint_claiming_an_impossible_count_of_examples_is_refused(count):
    """A taught model's file claiming 1e300 examples loaded, and Help ▸ About said it was taught "on
    1,000,000,…" (301 digits and their commas) "of your examples"; -5 and 2.5 were shown as they were. The count is
    checked as every known key is."""
    with pytest.raises(ValueError, match="metadata 'examples' must be an object whose count is a whole number ≥ 0"):
        Checkpoint(SMALL, small_weights(), {"examples": {"count": count, "files": []}})
    assert Checkpoint(SMALL, small_weights(), {"examples": {"count": 3}}).metadata["examples"]["count"] == 3


@pytest.mark.parametrize("branch", [copy.copy, copy.deepcopy, lambda s: pickle.loads(pickle.dumps(s))])
def test_a_sessions_copy_is_as_read_only_as_the_session(branch):
    """A session's image, predictions and stacked arrays are read-only (every view reads them); its copy's and its
    pickle's were writable: `p = twin.current.probs; p /= p.max()` wrote into the copy's history, and its
    `probabilities`, built before, then disagreed with it. A copy is what it was copied from."""
    session = DigitSession(rowreader.load_pretrained())
    session.set_image(A_DIGIT)
    session.seek(12)
    _ = session.probabilities  # stacked and cached before the copy
    twin = branch(session)
    for values in (twin.image, twin.current.probs, twin.predictions[3].hidden, twin.predictions[3].cell):
        with pytest.raises(ValueError, match="read-only"):
            values *= 2
    with pytest.raises(ValueError, match="read-only"):
        twin.probabilities[0] = 0
    assert np.array_equal(twin.probabilities, session.probabilities) and twin.position == 12


@pytest.mark.parametrize("branch", [copy.deepcopy, lambda c: pickle.loads(pickle.dumps(c))])
def test_a_checkpoints_deep_copy_has_read_only_weights_as_it_has(branch):
    """A checkpoint's weights are read-only; a deep copy's and a pickle's were writable, so `w *= 0.5` on one
    (meant for a copy of the arrays) changed that model without a word."""
    twin = branch(rowreader.load_pretrained())
    for array in twin.weights.values():
        with pytest.raises(ValueError, match="read-only"):
            array *= 0.5
    assert twin == rowreader.load_pretrained()
