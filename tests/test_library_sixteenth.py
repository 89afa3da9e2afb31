"""The library as a hostile programmer uses it (the sixteenth round): hand-made checkpoints and streams, odd keys
and odd numbers, states read and sessions changed from threads. Each test here failed before its fix, but the two
that hold what a fix must keep (they say so)."""

from __future__ import annotations

import copy
import fractions
import math
import pickle
import threading

import numpy as np
import pytest
import torch
from other_thread import LockThatTells, acted_on_from_another_thread_mid_reading

import rowreader
from rowreader.checkpoint import Checkpoint, CheckpointError, load_checkpoint, read_metadata, save_checkpoint
from rowreader.model import ReaderConfig
from rowreader.session import DigitSession
from rowreader.stream import RowStream, decided_at

SMALL = ReaderConfig(input_size=4, hidden_size=3)


def small_weights(seed: int = 0) -> dict[str, np.ndarray]:
    """Random weights of the SMALL reader, for checkpoints and streams made by hand."""
    rng = np.random.default_rng(seed)
    return {name: rng.normal(size=shape).astype(np.float32) for name, shape in SMALL.weight_shapes().items()}


@pytest.mark.parametrize(
    ("metadata", "said"),
    [
        ({"test_accuracy": "abc"}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got 'abc'"),
        ({"test_accuracy": "0.9"}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got '0.9'"),
        ({"test_accuracy": 2}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got 2"),
        ({"test_digits": "many"}, "metadata 'test_digits' must be a whole number from 1 to 10,000, got 'many'"),
        ({"note": math.nan}, "metadata 'note' cannot be stored as JSON"),
        ({"note": b"x"}, "metadata 'note' cannot be stored as JSON \\(bytes is not a JSON value\\)"),
    ],
)
def test_a_hand_made_checkpoints_metadata_is_checked_as_a_files_is(metadata, said):
    """`Checkpoint(config, weights, {"test_accuracy": "abc"})` was made, and its repr then raised ("could not convert
    string to float"); "0.9" was an accuracy of 0.9, 2 one of 200 % (the app's About showed it), "many" digits; NaN
    or bytes were refused only by a save. It is refused when made, as `from_reader` and a file's load refuse it."""
    with pytest.raises(ValueError, match=said):
        Checkpoint(SMALL, small_weights(), metadata)


def test_a_hand_made_checkpoints_numpy_numbers_are_plain_numbers():
    made = Checkpoint(SMALL, small_weights(), {"test_accuracy": np.float32(0.5), "epochs_trained": np.int64(3)})
    assert made.metadata == {"test_accuracy": 0.5, "epochs_trained": 3}
    assert type(made.metadata["epochs_trained"]) is int and made.accuracy == 0.5


def test_a_file_whose_metadata_no_file_can_hold_is_refused_at_load_not_at_its_next_save(tmp_path):
    """A file holding NaN under a key the library does not know loaded, and `save_checkpoint` of it was then refused
    (a fine-tune's result among such saves); it is refused at once, by `read_metadata` (the Models menu) too."""
    path = tmp_path / "m.safetensors"
    save_checkpoint(path, Checkpoint(SMALL, small_weights(), {"note": 1.5}))
    data = path.read_bytes()
    patched = data.replace(b'\\"note\\": 1.5', b'\\"note\\": NaN')  # the same length: the offsets still hold
    assert patched != data
    path.write_bytes(patched)
    for read in (load_checkpoint, read_metadata):
        with pytest.raises(CheckpointError, match="metadata 'note' cannot be stored as JSON"):
            read(path)


@pytest.mark.parametrize("make", [Checkpoint, RowStream], ids=["Checkpoint", "RowStream"])
def test_a_tensor_name_that_is_not_text_is_named(make):
    """`Checkpoint(config, {…, 0: array}).stream()` and `RowStream(config, {…, 0: array})` failed in the sort of the
    names' mismatch: "expected string or bytes-like object, got 'int'"."""
    with pytest.raises(TypeError, match="tensor names must be text, got 0 \\(int\\)"):
        make(SMALL, {**small_weights(), 0: np.zeros(3)}).stream()  # a RowStream is refused before .stream


@pytest.mark.parametrize(
    ("values", "error", "said"),
    [
        (np.array(["1", "2", "3", "4"]), TypeError, "tensor input.bias holds <U1, not real numbers"),
        (np.ones(4, complex) * 1j, TypeError, "tensor input.bias holds complex128, not real numbers"),
        (np.full(4, 1e300), ValueError, "tensor input.bias holds values beyond float32's range"),
    ],
)
def test_a_stream_made_of_weights_by_hand_refuses_what_a_checkpoint_refuses(values, error, said):
    """`RowStream(config, weights)` read weights of text as the numbers they spelled and complex ones without their
    imaginary part (a NumPy warning); `Checkpoint(config, weights)` refused both, by the tensor's name."""
    with pytest.raises(error, match=said):
        RowStream(SMALL, {**small_weights(), "input.bias": values})


def test_a_stream_reads_a_torch_modules_parameters_as_their_values():
    """`RowStream(config, dict(reader.named_parameters()))` failed in torch's words ("Can't call numpy() on Tensor
    that requires grad"), and bfloat16 weights as "Got unsupported ScalarType BFloat16"; a Checkpoint read both."""
    from rowreader.network import RowReader

    reader = RowReader(SMALL).eval()
    image = torch.rand(1, 28, 28, generator=torch.Generator().manual_seed(0))
    with torch.no_grad():
        expected = torch.softmax(reader(image), -1)[0].numpy()
    for weights in (dict(reader.named_parameters()), {k: v.bfloat16() for k, v in reader.state_dict().items()}):
        stream = RowStream(SMALL, weights)
        stream.feed_image(image[0])
        tolerance = 1e-5 if next(iter(weights.values())).dtype == torch.float32 else 0.05
        np.testing.assert_allclose(stream.probabilities, expected, atol=tolerance)


@pytest.mark.parametrize("sure", [np.int64(1), fractions.Fraction(3, 5), np.float16(0.6)])
def test_decided_at_takes_any_real_probability(sure):
    """`decided_at(beliefs, np.int64(1))` and `Fraction(3, 5)` were refused as "not a percentage"."""
    beliefs = np.tile(np.eye(10)[3], (5, 1))
    assert decided_at(beliefs, sure) == 1


def test_a_config_of_keys_of_mixed_types_names_the_strangers():
    """`ReaderConfig.from_dict({"hidden_size": 8, 1: 2})` failed in the sort of the unknown keys: "'<' not supported
    between instances of 'str' and 'int'"."""
    with pytest.raises(ValueError, match=r"unknown ReaderConfig fields: \[1, 'x'\]"):
        ReaderConfig.from_dict({"hidden_size": 8, 1: 2, "x": 3})


def test_a_sessions_source_of_numpy_text_is_text():
    """`set_image(image, source=np.str_("scan"))` kept NumPy's text: the session's repr said "reading
    np.str_('scan')"."""
    session = DigitSession()
    session.set_image(np.zeros((28, 28), np.float32), source=np.str_("scan"))
    assert type(session.source) is str and "reading 'scan'" in repr(session)


def test_a_batchs_states_asked_for_from_two_threads_at_once_are_each_rows_own(monkeypatch):
    """The predictions of a batch's history share one re-reading of its rows for their states (`hidden`, `cell`);
    two threads asking at once (a thread pool over the 28 rows) stepped it together: 27 of 28 rows' states came out
    wrong without a word, or "'RowStream' object has no attribute '_position'". The second waits for the first.
    No timing: thread B asks while A's re-reading is inside a step, and A steps on only once B waits for it (after B
    took a step of its own, before the fix)."""
    stream = RowStream(SMALL, small_weights(), batch=3)
    images = np.random.default_rng(1).random((3, 28, 28), dtype=np.float32)
    history = stream.feed_image(images)
    expected = RowStream(SMALL, small_weights(), batch=3)
    expected.feed_image(images)
    want = {row: expected.history[row].hidden.copy() for row in (5, 20)}
    a, b_waits, a_stepped, outcome = threading.current_thread(), threading.Event(), threading.Event(), []

    def ask_b() -> None:
        try:
            outcome.append(history[20].hidden.copy())
        except Exception as err:  # what the old code raised, to be seen in the assertion
            outcome.append(err)

    b = threading.Thread(target=ask_b)
    real_step = RowStream._step

    def step(self: RowStream, x: np.ndarray, t: int) -> None:
        if threading.current_thread() is a and not b.is_alive() and not outcome:
            b.start()
            assert b_waits.wait(60)  # B waits at the lock (or, before the fix, has stepped once)
            real_step(self, x, t)
            a_stepped.set()
            return
        real_step(self, x, t)
        if threading.current_thread() is b and not b_waits.is_set():
            b_waits.set()
            a_stepped.wait(60)

    states = history[0]._states
    states._lock = LockThatTells(getattr(states, "_lock", threading.Lock()), b, b_waits)  # tells A when B reaches it
    monkeypatch.setattr(RowStream, "_step", step)
    first = history[5].hidden.copy()
    b.join()
    assert np.array_equal(first, want[5])
    assert len(outcome) == 1 and isinstance(outcome[0], np.ndarray), outcome
    assert np.array_equal(outcome[0], want[20])


def test_a_batchs_prediction_pickles_and_copies_with_its_states():
    """What the states' lock must keep: a lock cannot be pickled, and each copy gets its own."""
    stream = RowStream(SMALL, small_weights(), batch=2)
    history = stream.feed_image(np.full((2, 28, 28), 0.5, np.float32))
    history[3].hidden  # noqa: B018 (the states' reader exists now, and is carried)
    for twin in (pickle.loads(pickle.dumps(history[7])), copy.deepcopy(history[7])):
        assert np.array_equal(twin.hidden, history[7].hidden) and np.array_equal(twin.cell, history[7].cell)


def test_a_sessions_predictions_are_read_only_as_its_image_is():
    """The session's history is what every view reads; `p = session.current.probs; p /= p.max()` (scaling for a plot)
    wrote into it without a word: `unsure` then said the digit was sure while `probabilities`, built before, said
    otherwise. Its predictions' arrays are read-only, as its image and its stacked arrays are."""
    session = DigitSession(rowreader.load_pretrained())
    digit = np.zeros((28, 28), np.float32)
    digit[5:22, 12:16] = 1.0
    session.set_image(digit)
    session.seek(10)
    session.feed_next()
    for prediction in (session.current, session.predictions[3]):
        for values in (prediction.probs, prediction.hidden, prediction.cell):
            with pytest.raises(ValueError, match="read-only"):
                values *= 2


def test_a_session_changed_from_a_second_thread_meanwhile_is_refused_and_stays_whole(monkeypatch):
    """Thread B's `set_image` while thread A's `set_image` was reading took B's image and was refused by the stream
    in the stream's words; A read on, its rows from B's image: the session held B's image and beliefs of half of
    each, without a word. B is refused before anything changes; A's reading is whole."""
    model = rowreader.load_pretrained()
    rng = np.random.default_rng(2)
    first, second = rng.random((28, 28), dtype=np.float32), rng.random((28, 28), dtype=np.float32)
    session = DigitSession(model)
    outcome = acted_on_from_another_thread_mid_reading(monkeypatch, lambda: session.set_image(second) or "changed")
    session.set_image(first)
    monkeypatch.undo()
    assert len(outcome) == 1 and isinstance(outcome[0], RuntimeError)
    assert "this session is being changed in another thread" in str(outcome[0])
    alone = DigitSession(model)
    alone.set_image(first)
    assert np.array_equal(session.image, first) and np.array_equal(session.probabilities, alone.probabilities)
    session.set_image(second)  # once A is done, B's change is taken
    assert np.array_equal(session.image, second)


def test_a_sessions_observer_may_change_the_session_it_is_told_of():
    """The guard is another thread's: an observer (a view, on the thread that changed the session) may seek (what
    the guard must keep)."""
    session = DigitSession(rowreader.load_pretrained())
    session.subscribe(lambda event: session.seek(7) if event == "rows" and session.position == 28 else None)
    session.set_image(np.zeros((28, 28), np.float32))
    assert session.position == 7 and len(session.predictions) == 7


def test_a_player_told_from_a_second_thread_while_the_session_changes_is_left_as_it_was(monkeypatch):
    """`session.player.seek(3)` from thread B while thread A's `set_image` was reading put the player in Step and told
    the observers so, then the session refused the seek: the window would show Step over a Live reading."""
    session = DigitSession(rowreader.load_pretrained())
    events: list[str] = []
    session.subscribe(events.append)
    outcome = acted_on_from_another_thread_mid_reading(monkeypatch, lambda: session.player.seek(3))
    session.set_image(np.zeros((28, 28), np.float32))
    assert len(outcome) == 1 and isinstance(outcome[0], RuntimeError)
    assert session.player.mode == "live" and "player" not in events and session.position == 28
