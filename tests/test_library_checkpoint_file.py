"""Checkpoint files that lie, or change while they are read (the fifteenth round, library): each test here failed
before its fix."""

from __future__ import annotations

import contextlib
import json
import subprocess
import sys
import textwrap
from pathlib import Path

import numpy as np
import pytest
from conftest import peak_memory
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from safetensors.numpy import save as safetensors_save

import rowreader
from rowreader.checkpoint import CheckpointError, is_checkpoint, load_checkpoint, read_metadata

ROOT = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="module")
def model() -> rowreader.Checkpoint:
    return rowreader.load_pretrained()


def checkpoint_file(model: rowreader.Checkpoint, path: Path, extra: dict[str, np.ndarray] | None = None) -> Path:
    """The shipped model's tensors, and ``extra`` ones, under a checkpoint's header at ``path``."""
    header = {
        "format": "rowreader-checkpoint",
        "format_version": "1",
        "config": json.dumps(model.config.to_dict()),
        "metadata": "{}",
    }
    tensors = {name: np.ascontiguousarray(array) for name, array in model.weights.items()} | (extra or {})
    path.write_bytes(safetensors_save(tensors, metadata=header))
    return path


def test_a_checkpoint_cut_short_while_it_is_loaded_is_refused_and_the_process_lives(model, tmp_path):
    """safetensors memory-mapped the file, and one cut short while mapped (`cp other.safetensors model.safetensors`,
    which truncates in place, over a model the app was opening) killed the process with SIGBUS, the app with it.
    A child cuts the file at the moment the weights are about to be read (the old reader's `get_tensor`, the new
    one's `read_tensors`: no timing), and must say so in words."""
    path = checkpoint_file(model, tmp_path / "m.safetensors")
    child = textwrap.dedent(
        f"""
        import os, sys
        from rowreader.checkpoint import CheckpointError, load_checkpoint

        def cut(frame, event, arg):
            about_to_read = (event == "c_call" and getattr(arg, "__name__", "") == "get_tensor") or (
                event == "call" and frame.f_code.co_name == "read_tensors"
            )
            if about_to_read:
                sys.setprofile(None)
                os.truncate({str(path)!r}, 1000)

        sys.setprofile(cut)
        try:
            load_checkpoint({str(path)!r})
        except CheckpointError as err:
            print(err)
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", child], capture_output=True, text=True, cwd=ROOT, env={"PYTHONPATH": str(ROOT)}
    )
    assert done.returncode == 0, (done.returncode, done.stderr[-2000:])
    assert done.stdout.strip() == (
        f"{path}: the file changed while it was read (written over meanwhile?); open it again"
    )


def test_a_checkpoint_holding_a_tensor_the_model_lacks_is_refused_before_any_tensor_is_read(model, tmp_path):
    """Every tensor was read into memory before their names were compared with the model's: a file holding the
    model and a 64 MB tensor it lacks (an optimiser's state, say) took 64 MB to be refused as "unexpected"."""
    extra = {"optimiser.state": np.zeros(16 * 2**20, np.float32)}
    path = checkpoint_file(model, tmp_path / "m.safetensors", extra)
    with pytest.raises(CheckpointError, match=r"unexpected \['optimiser.state'\]"), peak_memory() as peak:
        load_checkpoint(path)
    assert peak.bytes < 8 * 2**20, f"{peak.bytes / 2**20:.0f} MB allocated to refuse it"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        ({"output.bias": {"data_offsets": [0, 40]}}, "tensor 'input.bias' begins at byte 0 of the data, overlapping"),
        ({"output.bias": {"shape": [10**6, 10**6]}}, "tensor 'output.bias' of shape [1000000, 1000000] needs 4,000"),
        ({"output.bias": {"dtype": "F4"}}, "tensor 'output.bias' has the unknown type 'F4'"),
        ({"output.bias": {"data_offsets": [True, 40]}}, "has the data offsets [True, 40], not [start, end]"),
    ],
)
def test_a_header_that_lies_about_its_tensors_is_refused_in_words(model, tmp_path, change, words):
    """safetensors' refusals were its own internals: "overflow computing buffer size from shape and/or element
    type", "invalid JSON in header: invalid type: boolean `true`, expected usize at line 1 column 943"."""
    path = checkpoint_file(model, tmp_path / "m.safetensors")
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    for name, fields in change.items():
        header[name].update(fields)
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + data[8 + size :])
    with pytest.raises(CheckpointError) as caught:
        load_checkpoint(path)
    assert str(caught.value).startswith(f"{path}: not a readable safetensors file: ")
    assert words in str(caught.value)
    assert not is_checkpoint(path)


@settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    name=st.sampled_from(["input.bias", "output.weight", "lstm.bias_ih_l0", "__metadata__"]),
    key=st.sampled_from(["dtype", "shape", "data_offsets", "format", "config"]),
    value=st.one_of(
        st.integers(-(2**70), 2**70),
        st.lists(st.integers(-3, 2**40), max_size=3),
        st.sampled_from(["F32", "F16", "BF16", "I64", "BOOL", "", None, 1.5, float("nan"), [], {}]),
    ),
    cut=st.integers(0, 64),
)
def test_any_edit_of_a_checkpoints_header_loads_or_is_a_checkpoint_error(model, tmp_path, name, key, value, cut):
    """Whatever a header says of its tensors, and however much of the file's end is missing, loading reads the model
    or refuses it as a CheckpointError (a ValueError), never another exception and never a crash."""
    path = checkpoint_file(model, tmp_path / "m.safetensors")
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    header[name][key] = value
    text = json.dumps(header).encode()
    whole = len(text).to_bytes(8, "little") + text + data[8 + size :]
    path.write_bytes(whole[: len(whole) - cut])
    for read in (load_checkpoint, read_metadata):
        with contextlib.suppress(CheckpointError):
            read(path)
    is_checkpoint(path)


@pytest.mark.parametrize(
    ("field", "value", "words"),
    [
        ("config", {"forget_bias": 10**400}, "ReaderConfig.forget_bias must be a finite number, got 1000"),
        ("config", {"pixel_std": -(10**400)}, "ReaderConfig.pixel_std must be a finite number, got -1000"),
        ("metadata", {"wall_seconds": 10**400}, "metadata 'wall_seconds' must be a number ≥ 0, got 1000"),
        ("metadata", {"test_accuracy": 10**400}, "metadata 'test_accuracy' must be a number in [0, 1] or null"),
    ],
)
def test_a_whole_number_beyond_floats_range_in_a_header_is_refused_in_words(model, tmp_path, field, value, words):
    """A header's number of 400 digits (JSON reads it whole) ended `rowreader predict --checkpoint` in a traceback,
    "OverflowError: int too large to convert to float", from the check that it was finite (and a wall_seconds of 400
    digits was kept, for the app to show)."""
    path = checkpoint_file(model, tmp_path / "m.safetensors")
    data = path.read_bytes()
    size = int.from_bytes(data[:8], "little")
    header = json.loads(data[8 : 8 + size])
    own = json.loads(header["__metadata__"][field])
    header["__metadata__"][field] = json.dumps(own | value)
    text = json.dumps(header).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + data[8 + size :])
    with pytest.raises(CheckpointError, match="damaged model config or metadata: ") as caught:
        load_checkpoint(path)
    assert words in str(caught.value)


@pytest.mark.parametrize(
    ("kind", "words"), [(str, "holds <U"), (complex, "holds complex128"), (object, "holds object")]
)
def test_a_checkpoint_made_of_weights_that_are_not_real_numbers_is_refused_naming_the_tensor(model, kind, words):
    """`Checkpoint(config, weights)` of text was read by the stream as the numbers the text spelled, and of complex
    numbers with their imaginary part dropped (a NumPy warning); saving text or objects failed as "ufunc 'isfinite'
    not supported for the input types"."""
    weights = {name: array.astype(kind) for name, array in model.weights.items()}
    with pytest.raises(TypeError, match=rf"^tensor input.bias {words}.*, not real numbers$"):
        rowreader.Checkpoint(model.config, weights)


def test_a_checkpoint_of_weights_beyond_float32_is_refused_not_saved_as_infinity(model, tmp_path):
    """float64 weights of 1e300 passed the finite check and were cast to float32 as they were written: the file held
    infinity, and never loaded again ("contains NaN or infinite values")."""
    weights = {name: array.astype(np.float64) for name, array in model.weights.items()}
    weights["output.bias"] = weights["output.bias"] * 1e300
    with pytest.raises(ValueError, match=r"^tensor output.bias holds values beyond float32's range"):
        rowreader.Checkpoint(model.config, weights)


def test_a_checkpoint_made_by_hand_reads_as_a_loaded_one(model):
    """A path given as text was kept as text, and the app's title failed on it ("'str' object has no attribute
    'name'"); weights given as nested lists failed in the checkpoint's repr ("'list' object has no attribute
    'size'"). Each becomes what a loaded checkpoint holds: a Path, read-only float32 arrays (a copy of the caller's
    own, which stay theirs to write)."""
    from rowreader.session import DigitSession

    weights = {name: array.tolist() for name, array in model.weights.items()}
    own = np.array(model.weights["output.bias"])
    made = rowreader.Checkpoint(model.config, weights | {"output.bias": own}, {}, "mine.safetensors")
    assert made.path == Path("mine.safetensors") and DigitSession(made).model_name == "mine.safetensors"
    assert "401,546 parameters" in repr(made)
    assert all(a.dtype == np.float32 and not a.flags.writeable for a in made.weights.values())
    own[0] = 1.0  # still the caller's to write, and not the checkpoint's
    digit = np.zeros((28, 28), np.float32)
    np.testing.assert_array_equal(made.stream().feed_image(digit)[-1].probs, model.stream().feed_image(digit)[-1].probs)
    with pytest.raises(TypeError, match=r"^path must be the file's path or None, got int$"):
        rowreader.Checkpoint(model.config, model.weights, {}, 5)
