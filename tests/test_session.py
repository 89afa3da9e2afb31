"""DigitSession without Qt: events, streaming order, seeking, and refusal of bad input."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from rowreader import Checkpoint, ReaderConfig, RowReader, to_mnist
from rowreader.session import UNSURE_BELOW, DigitSession


@pytest.fixture(scope="module")
def checkpoint() -> Checkpoint:
    torch.manual_seed(0)
    return Checkpoint.from_reader(
        RowReader(ReaderConfig(input_size=16, hidden_size=24, layers=2)), {"test_accuracy": 0.5}
    )


@pytest.fixture
def digit() -> np.ndarray:
    rng = np.random.default_rng(1)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 12:16] = rng.uniform(0.5, 1.0, (20, 4))  # a noisy "1"
    return image


def record(session: DigitSession) -> list[str]:
    events: list[str] = []
    session.subscribe(events.append)
    return events


def reference_probs(checkpoint: Checkpoint, image: np.ndarray) -> np.ndarray:
    with torch.no_grad():
        logits = checkpoint.reader(torch.from_numpy(image)[None])
    return torch.softmax(logits, dim=-1)[0].numpy()


def test_empty_session_has_no_predictions(checkpoint: Checkpoint) -> None:
    session = DigitSession(checkpoint)
    assert not session.ready
    assert session.predictions == [] and session.current is None and session.decided_at is None
    assert session.probabilities.shape == (0, 10)
    assert session.hidden_states.shape == (0, 48)  # 2 layers × 24 units, side by side


def test_set_image_reads_all_rows_like_the_model(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    events = record(session)
    session.set_image(digit, label=1, source="test")
    assert events == ["image", "rows"]
    assert session.ready and session.position == 28 and session.label == 1 and session.source == "test"
    np.testing.assert_allclose(session.probabilities, reference_probs(checkpoint, digit), atol=1e-5)
    assert [p.row for p in session.predictions] == list(range(28))
    assert session.hidden_states.shape == session.cell_states.shape == (28, 48)
    assert session.current is not None and session.current.row == 27


def test_image_is_read_only_for_observers(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    with pytest.raises(ValueError, match="read-only"):
        session.image[0, 0] = 1.0


def test_history_arrays_are_shared_read_only_and_follow_changes(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    probs = session.probabilities
    assert probs is session.probabilities  # built once, shared by every view
    with pytest.raises(ValueError, match="read-only"):
        probs[0, 0] = 1.0
    session.step(-1)
    assert session.probabilities.shape == (27, 10) and session.hidden_states.shape[0] == 27
    session.step(+1)
    np.testing.assert_allclose(session.probabilities, probs, atol=1e-6)
    session.set_image(np.zeros((28, 28), np.float32))
    assert not np.allclose(session.probabilities, probs)


def test_scan_delivers_rows_in_order_with_one_event_each(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    session.seek(0)
    assert session.predictions == [] and session.position == 0
    seen: list[int] = []
    session.subscribe(lambda event: seen.append(session.current.row) if event == "position" else None)
    rows = []
    while (prediction := session.feed_next()) is not None:
        rows.append(prediction.row)
    assert rows == seen == list(range(28))
    np.testing.assert_allclose(session.probabilities, reference_probs(checkpoint, digit), atol=1e-5)


def test_seek_and_step_rewind_and_read_forward(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    full = session.probabilities
    events = record(session)
    session.seek(10)
    assert session.position == 10 and events == ["position"]
    np.testing.assert_allclose(session.probabilities, full[:10])
    assert session.step(-3) == 7 and session.step(+5) == 12
    np.testing.assert_allclose(session.probabilities, full[:12], atol=1e-6)
    assert session.step(-100) == 0 and session.step(+100) == 28
    np.testing.assert_allclose(session.probabilities, full, atol=1e-6)
    events.clear()
    session.seek(28)  # already there: nothing happens
    assert events == []
    with pytest.raises(ValueError, match="0…28"):
        session.seek(29)
    with pytest.raises(ValueError, match="0…28"):
        session.seek(-1)


def test_new_image_is_read_up_to_the_current_position(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    session.seek(9)
    other = np.flipud(digit).copy()
    session.set_image(other)
    assert session.position == 9
    np.testing.assert_allclose(session.probabilities, reference_probs(checkpoint, other)[:9], atol=1e-5)


def test_set_drawing_uses_to_mnist(checkpoint: Checkpoint) -> None:
    session = DigitSession(checkpoint)
    canvas = np.full((280, 280), 255, np.uint8)
    canvas[40:240, 130:150] = 0  # a dark bar on white paper
    image = session.set_drawing(canvas, ink="dark")
    np.testing.assert_array_equal(image, to_mnist(canvas, ink="dark"))
    assert session.source == "drawing" and session.ready
    assert session.set_drawing(np.full((280, 280), 255, np.uint8)) is None  # blank paper: nothing to read
    assert not session.ready and session.predictions == []


def test_model_switch_rereads_and_reports(checkpoint: Checkpoint, digit: np.ndarray, tmp_path: Path) -> None:
    session = DigitSession()
    session.set_image(digit)
    assert session.model_name == "no model" and session.accuracy is None and session.predictions == []
    events = record(session)
    session.set_checkpoint(
        Checkpoint(checkpoint.config, checkpoint.weights, checkpoint.metadata, tmp_path / "m.safetensors")
    )
    assert events == ["model", "rows"]
    assert session.model_name == "m.safetensors" and session.accuracy == 0.5
    assert len(session.predictions) == 28


def test_decided_at_is_the_first_row_from_which_the_answer_stays_sure(
    checkpoint: Checkpoint, digit: np.ndarray
) -> None:
    from rowreader import load_pretrained

    decided = []
    for model in (load_pretrained(), checkpoint):  # the shipped model reads the 1; the random one is unsure
        session = DigitSession(model)
        session.set_image(digit)
        probs = session.probabilities
        final = int(np.argmax(probs[-1]))
        k = session.decided_at
        if probs[-1, final] < UNSURE_BELOW:
            assert k is None  # an unsure answer was never decided
            continue
        assert k is not None and (probs[k - 1 :, final] >= UNSURE_BELOW).all()
        assert k == 1 or probs[k - 2, final] < UNSURE_BELOW
        decided.append(k)
        session.seek(0)
        assert session.decided_at is None  # nothing read yet
    assert len(decided) == 1


def test_unsubscribe_stops_events(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    events: list[str] = []
    unsubscribe = session.subscribe(events.append)
    unsubscribe()
    unsubscribe()  # twice is harmless
    session.set_image(digit)
    assert events == []
    with pytest.raises(TypeError, match="callable"):
        session.subscribe("not a function")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("image", "error", "message"),
    [
        (np.zeros((28, 27)), ValueError, "28×28"),
        (np.full((28, 28), np.nan), ValueError, "NaN"),
        (np.full((28, 28), 2.0), ValueError, r"\[0, 1\]"),
        (np.full((28, 28), "0", dtype=object), TypeError, r"\[0, 1\], got an array of object holding str '0'"),
    ],
)
def test_bad_images_are_refused_and_state_kept(
    checkpoint: Checkpoint, digit: np.ndarray, image: np.ndarray, error: type[Exception], message: str
) -> None:
    session = DigitSession(checkpoint)
    session.set_image(digit)
    with pytest.raises(error, match=message):
        session.set_image(image)
    np.testing.assert_array_equal(session.image, digit)
    assert len(session.predictions) == 28


def test_bad_labels_are_refused(checkpoint: Checkpoint, digit: np.ndarray) -> None:
    session = DigitSession(checkpoint)
    with pytest.raises(ValueError, match="0–9"):
        session.set_image(digit, label=10)
    with pytest.raises(TypeError, match="integer"):
        session.set_image(digit, label=True)


@settings(max_examples=40, deadline=None)
@given(
    changes=st.lists(st.tuples(st.integers(0, 27), st.integers(0, 28), st.floats(0.0, 1.0)), min_size=1, max_size=6),
)
def test_a_new_image_reads_exactly_like_a_fresh_session(
    checkpoint: Checkpoint, changes: list[tuple[int, int, float]]
) -> None:
    """Rows the new image shares with the old are taken from the old states, not re-read: never a difference.

    Each change rewrites rows from ``first`` down (so the top rows stay alike, as while drawing), after the
    session was left at ``position`` rows.
    """
    rng = np.random.default_rng(len(changes))
    image = rng.uniform(0, 1, (28, 28)).astype(np.float32)
    session = DigitSession(checkpoint)
    session.set_image(image)
    for first, position, value in changes:
        session.seek(position)
        image = image.copy()
        image[first:] = np.clip(image[first:] + value, 0, 1) if value else image[first:]
        session.set_image(image)
        fresh = DigitSession(checkpoint)
        fresh.set_image(image)
        fresh.seek(position)
        assert session.position == position
        np.testing.assert_array_equal(session.probabilities, fresh.probabilities)
        np.testing.assert_array_equal(session.hidden_states, fresh.hidden_states)
        session.seek(28)  # and reading on continues from the right state
        fresh.seek(28)
        np.testing.assert_array_equal(session.probabilities, fresh.probabilities)


def constant_model(belief: float, digit: int = 3) -> Checkpoint:
    """A model whose belief is the same after every row, whatever it reads: ``belief`` in ``digit``."""
    torch.manual_seed(0)
    reader = RowReader(ReaderConfig(input_size=4, hidden_size=4))
    with torch.no_grad():
        reader.output.weight.zero_()
        reader.output.bias.zero_()
        reader.output.bias[digit] = np.log(9 * belief / (1 - belief))  # e^b / (e^b + 9) = belief
    return Checkpoint.from_reader(reader)


def test_an_answer_sure_from_the_first_row_is_decided_at_row_1(digit: np.ndarray) -> None:
    session = DigitSession(constant_model(0.9))
    session.set_image(digit)
    assert session.current.probability == pytest.approx(0.9, abs=1e-5) and session.decided_at == 1


def test_unsure_is_said_of_the_whole_digit_only(digit: np.ndarray) -> None:
    session = DigitSession(constant_model(0.3))
    session.set_image(digit)
    session.seek(27)
    assert not session.unsure  # one row to go: not yet an answer, sure or not
    session.seek(28)
    assert session.unsure


def test_a_callback_that_unsubscribes_itself_does_not_cost_the_next_one_its_event(digit: np.ndarray) -> None:
    session = DigitSession(constant_model(0.9))
    told: list[str] = []
    unsubscribe = session.subscribe(lambda event: unsubscribe())
    session.subscribe(told.append)
    session.set_image(digit)
    assert told == ["image", "rows"]


def test_too_small_is_said_only_of_an_empty_input(digit: np.ndarray) -> None:
    session = DigitSession()
    session.set_image(digit, too_small=True)  # an image was read after all: nothing is too small
    assert not session.too_small
    session.set_image(None, too_small=True)
    assert session.too_small


def test_an_empty_input_comes_from_nowhere() -> None:
    session = DigitSession()
    session.set_image(None, source="drawing")
    assert session.source == ""


def test_without_a_model_scanning_still_moves_one_row_a_tick() -> None:
    session = DigitSession()
    session.seek(0)
    assert session.feed_next() is None and session.position == 1
