"""The library as a hostile programmer uses it (the sixteenth round): hand-made checkpoints and streams, odd keys
and odd numbers, states read from threads. Each test here failed before its fix."""

from __future__ import annotations

import math

import numpy as np
import pytest

from rowreader.checkpoint import Checkpoint, CheckpointError, load_checkpoint, read_metadata, save_checkpoint
from rowreader.model import ReaderConfig

SMALL = ReaderConfig(input_size=4, hidden_size=3)


def small_weights(seed: int = 0) -> dict[str, np.ndarray]:
    rng = np.random.default_rng(seed)
    return {name: rng.normal(size=shape).astype(np.float32) for name, shape in SMALL.weight_shapes().items()}


@pytest.mark.parametrize(
    ("metadata", "said"),
    [
        ({"test_accuracy": "abc"}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got 'abc'"),
        ({"test_accuracy": "0.9"}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got '0.9'"),
        ({"test_accuracy": 2}, "metadata 'test_accuracy' must be a number in \\[0, 1\\] or null, got 2"),
        ({"test_digits": "many"}, "metadata 'test_digits' must be a whole number ≥ 1, got 'many'"),
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
