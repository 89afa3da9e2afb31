"""The sixty-first round, library4: the Qt-free library as a researcher's script uses it, and as a hostile one does.

Two calls answered a slip with advice that did not fit it: ``save_checkpoint(model, path)`` (the arguments swapped)
was told "got str (a file? load_checkpoint(path) reads it)", and ``first_sure(beliefs, torch.tensor(0.5))`` "not a
percentage". The stream's reading of one digit held in any layout and numeric type is pinned beside them.
"""

from __future__ import annotations

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

import rowreader


@pytest.fixture(scope="module")
def model() -> rowreader.Checkpoint:
    return rowreader.load_pretrained()


@pytest.mark.parametrize("as_path", ["checkpoint", "reader"])
def test_a_save_with_its_arguments_swapped_says_so_and_writes_nothing(model, tmp_path, as_path) -> None:
    """``save_checkpoint(model, "m.safetensors")`` let the model through as the path, then refused the path as the
    model: "expected a RowReader or a Checkpoint to save, got str (a file? load_checkpoint(path) reads it)"."""
    given_model = model if as_path == "checkpoint" else model.build_reader("cpu")
    target = tmp_path / "m.safetensors"
    with pytest.raises(TypeError, match=r"^save_checkpoint takes the path first, then the model: path is a ") as err:
        rowreader.save_checkpoint(given_model, str(target))
    assert "load_checkpoint" not in str(err.value) and f"path is a {type(given_model).__name__} " in str(err.value)
    assert list(tmp_path.iterdir()) == []
    rowreader.save_checkpoint(target, given_model)  # the right order saves, and loads back the same weights
    assert rowreader.load_checkpoint(target).weights.keys() == model.weights.keys()


def test_a_path_that_is_no_path_is_refused_before_the_model_is_serialised(model, tmp_path, monkeypatch) -> None:
    """``save_checkpoint(None, model)`` serialised the model's weights first (its whole file's bytes), and only then
    refused the name; the name is checked first now, in the same words."""
    from rowreader import checkpoint

    def serialised(*args: object) -> bytes:
        raise AssertionError("the model was serialised for a save that cannot be made")

    monkeypatch.setattr(checkpoint, "checkpoint_bytes", serialised)
    for path, kind in ((None, "NoneType"), (3, "int"), (b"m.safetensors", "bytes")):
        with pytest.raises(TypeError, match=rf"^expected the file's path \(a str or a Path\), got {kind}$"):
            rowreader.save_checkpoint(path, model)
    with pytest.raises(ValueError, match=r"^file '.*a\\x00b' holds a NUL byte"):
        rowreader.save_checkpoint(f"{tmp_path}/a\0b", model)


def test_a_session_given_a_torch_reader_is_told_how_to_make_a_checkpoint_of_it(model) -> None:
    """``DigitSession(reader)`` and ``set_checkpoint(reader)`` said only "expected a Checkpoint, got RowReader"; they
    name ``Checkpoint.from_reader`` now, and the checkpoint it makes reads as the reader does."""
    from rowreader.session import DigitSession

    reader = model.build_reader("cpu")
    for call in (DigitSession, DigitSession().set_checkpoint):
        with pytest.raises(TypeError, match=r"^expected a Checkpoint, got RowReader \(a torch reader: Checkpoint\."):
            call(reader)
    session = DigitSession(rowreader.Checkpoint.from_reader(reader, model.metadata))
    assert session.checkpoint == model


@pytest.mark.parametrize("function", [rowreader.first_sure, rowreader.decided_at])
def test_a_threshold_held_in_an_array_is_not_called_a_percentage(function) -> None:
    """``first_sure(beliefs, torch.tensor(0.5))`` and ``np.array([0.6])`` were refused as "not a percentage", a
    reason false of 0.5; so were 0 and NaN. Each is told what it is now, and a percentage still is one."""
    beliefs = np.tile(np.eye(10)[3], (4, 1))
    for sure in (torch.tensor(0.5), np.array([0.6]), np.array(0.6)):
        with pytest.raises(ValueError, match=r"one number: got .*sure\.item\(\) gives the number it holds") as err:
            function(beliefs, sure)
        assert "percentage" not in str(err.value)
    for sure in (0, float("nan"), -0.5):
        with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\]: got ") as err:
            function(beliefs, sure)
        assert "percentage" not in str(err.value)
    with pytest.raises(ValueError, match=r"^sure must be a probability in \(0, 1\], not a percentage: got 60$"):
        function(beliefs, 60)
    assert function(beliefs, torch.tensor(0.5).item()) == function(beliefs, 0.5)


def _layouts(image: np.ndarray) -> dict[str, object]:
    """One digit, whose values float16 holds exactly, in the layouts and types a caller might hand the stream."""
    read_only = image.copy()
    read_only.setflags(write=False)
    return {
        "float16": image.astype(np.float16),
        "float64": image.astype(np.float64),
        "fortran": np.asfortranarray(image),
        "strided": np.repeat(image, 2, axis=1)[:, ::2],
        "read-only": read_only,
        "negative zero": np.where(image > 0, image, np.float32(-0.0)),
        "torch": torch.from_numpy(image.copy()),
        "torch float64 with grad": torch.from_numpy(image.astype(np.float64)).requires_grad_(),
        "list": image.tolist(),
    }


@settings(max_examples=12, deadline=None)
@given(seed=st.integers(0, 2**32 - 1), ink=st.floats(0.05, 1.0))
def test_one_digit_in_any_layout_reads_as_itself(model, seed, ink) -> None:
    """The stream reads the same values the same whatever holds them (checked and sound this round): the beliefs of
    every layout equal those of the float32 array, bit for bit, and the torch module's to 1e-5."""
    rng = np.random.default_rng(seed)
    image = (rng.random((28, 28)) < 0.3) * np.float32(np.float16(ink))  # float16-exact: every type holds it
    image = image.astype(np.float32)
    reference = model.stream()
    reference.feed_image(image)
    for name, layout in _layouts(image).items():
        stream = model.stream()
        stream.feed_image(layout)
        assert np.array_equal(stream.probabilities, reference.probabilities), name
    with torch.inference_mode():
        logits = model.reader(torch.from_numpy(image)[None])
    np.testing.assert_allclose(torch.softmax(logits, -1)[0].numpy(), reference.probabilities, atol=1e-5)
