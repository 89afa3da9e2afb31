"""The fifty-second round, hypo6: Hypothesis over the library's open-ended boundaries that older rounds' properties
left open: checkpoint files built tensor by tensor (any small network, its tensors' names, types and shapes drawn,
the file cut short or grown) and `to_mnist` under an ink of any strength and a page of any size around the digit."""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from rowreader.checkpoint import CheckpointError, file_holds, load_checkpoint, read_metadata
from rowreader.cli import main
from rowreader.model import ReaderConfig
from rowreader.preprocess import to_mnist

# A refusal is one line a person reads; the longest the shipped model's damaged copies below give is under 400.
LONGEST_REFUSAL = 1_000
FAST = settings(max_examples=40, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
SHIPPED = Path(__file__).resolve().parent.parent / "rowreader" / "pretrained" / "rowreader.safetensors"


def _file(path: Path, metadata: dict[str, str], tensors: list[tuple[str, str, list[int], bytes]]) -> None:
    """A safetensors file of ``tensors`` (name, type, shape, bytes) back to back, written as safetensors writes it."""
    header: dict[str, object] = {"__metadata__": metadata}
    start = 0
    for name, dtype, shape, data in tensors:
        header[name] = {"dtype": dtype, "shape": shape, "data_offsets": [start, start + len(data)]}
        start += len(data)
    text = json.dumps(header, separators=(",", ":")).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + b"".join(data for *_, data in tensors))


def _shipped_with_shape(path: Path, name: str, shape: list[int]) -> None:
    """The shipped model with ``name`` declared of ``shape`` (its bytes as they are)."""
    raw = SHIPPED.read_bytes()
    size = int.from_bytes(raw[:8], "little")
    header = json.loads(raw[8 : 8 + size])
    header[name]["shape"] = shape
    text = json.dumps(header, separators=(",", ":")).encode()
    path.write_bytes(len(text).to_bytes(8, "little") + text + raw[8 + size :])


def test_a_tensor_of_a_hundred_thousand_dimensions_is_refused_in_a_short_line(tmp_path, capsys) -> None:
    """A header may declare a tensor of any number of dimensions of 1 (its bytes still fit): the shipped model with
    ``output.bias`` of shape [10, 1, 1, …] was refused with its whole shape written out, an error line of 300,000
    characters (3 MB for a million; `rowreader predict` printed it all)."""
    model = tmp_path / "m.safetensors"
    _shipped_with_shape(model, "output.bias", [10] + [1] * 100_000)
    with pytest.raises(CheckpointError, match=r"tensor output\.bias has shape \[10, 1, 1, 1, \.\.\.\]") as caught:
        load_checkpoint(model)
    assert len(str(caught.value)) < LONGEST_REFUSAL and "needs [10]" in str(caught.value)
    assert main(["predict", "--checkpoint", str(model), str(tmp_path / "any.png")]) != 0
    err = capsys.readouterr().err
    assert "output.bias" in err and len(err) < LONGEST_REFUSAL


TYPES = {"F32": np.float32, "F64": np.float64, "F16": np.float16, "I32": np.int32, "U8": np.uint8}
DAMAGES = ["none", "left out", "renamed", "retyped", "reshaped", "ones after", "cut short", "grown"]


@FAST
@given(st.data(), st.sampled_from(DAMAGES))
def test_any_checkpoint_file_loads_as_written_or_is_refused_in_one_short_line(tmp_path_factory, data, damage) -> None:
    """Whatever a small network's file holds (a tensor left out, renamed, of another type or shape, or of its
    shape with dimensions of 1 after, its bytes still fitting; the file cut short or grown), it loads with every
    weight as written, or is a CheckpointError of one short line naming the file: never another exception, and
    never a refusal longer than a line (one of 400 dimensions of 1 wrote them all out)."""
    path = tmp_path_factory.mktemp("ck") / "m.safetensors"
    config = ReaderConfig(
        input_size=data.draw(st.integers(1, 4)),
        hidden_size=data.draw(st.integers(1, 4)),
        layers=data.draw(st.integers(1, 2)),
        cell=data.draw(st.sampled_from(["lstm", "gru"])),
    )
    rng = np.random.default_rng(data.draw(st.integers(0, 99)))
    shapes = config.weight_shapes()
    damaged = data.draw(st.sampled_from(sorted(shapes)))
    tensors, written = [], {}
    for name, declared in shapes.items():
        shape, dtype = list(declared), "F32"
        if name == damaged:
            if damage == "left out":
                continue
            name += data.draw(st.sampled_from(["x", ".0", " "])) if damage == "renamed" else ""
            dtype = data.draw(st.sampled_from(sorted(TYPES))) if damage == "retyped" else dtype
            shape = data.draw(st.lists(st.integers(0, 3), max_size=3)) if damage == "reshaped" else shape
            shape += [1] * data.draw(st.integers(300, 400)) if damage == "ones after" else []
        values = (rng.standard_normal(int(np.prod(shape))) * 2).astype(TYPES[dtype])
        tensors.append((name, dtype, shape, values.tobytes()))
        written[name] = values
    metadata = {"format": "rowreader-checkpoint", "format_version": "1", "config": json.dumps(config.to_dict())}
    _file(path, metadata, tensors)
    if damage in ("cut short", "grown"):
        raw = path.read_bytes()
        cut = data.draw(st.integers(0, len(raw) - 1))
        path.write_bytes(raw[:cut] if damage == "cut short" else raw + bytes(cut % 9 + 1))
    try:
        checkpoint = load_checkpoint(path)
    except CheckpointError as err:
        assert str(err).startswith(f"{path}: ") and "\n" not in str(err) and len(str(err)) < LONGEST_REFUSAL, err
        return
    for name, values in written.items():
        assert np.array_equal(checkpoint.weights[name].ravel(), values)
    assert read_metadata(path) == checkpoint.metadata and file_holds(path, checkpoint)


@settings(max_examples=25, deadline=None, derandomize=True, suppress_health_check=list(HealthCheck))
@given(
    index=st.integers(0, 9_999),
    strength=st.floats(0.1, 1.0),
    dark=st.booleans(),
    page=st.tuples(st.integers(28, 300), st.integers(28, 300)),
    where=st.tuples(st.floats(0, 1), st.floats(0, 1)),
)
def test_an_mnist_digit_reads_alike_at_any_ink_strength_and_anywhere_on_a_larger_page(
    mnist_test, index, strength, dark, page, where
) -> None:
    """Untested as a property till now, and so (150 digits at each tenth of strength 0.1–1, 200 pages of 28–300 px):
    a test digit written in fainter ink (its pixels times ``strength``, dark on white or light on black) and the same
    digit anywhere on a larger page of its paper give its 28×28 input bit for bit: contrast is stretched from the
    paper to the darkest ink, and the crop finds the digit wherever it lies."""
    digit = mnist_test[0][index] / 255.0
    alone = to_mnist(digit)
    faint = digit * strength
    assert np.array_equal(to_mnist(1 - faint if dark else faint), alone)
    (height, width), (down, across) = page, where
    top, left = round(down * (height - 28)), round(across * (width - 28))
    paper = np.zeros(page)
    paper[top : top + 28, left : left + 28] = digit
    assert np.array_equal(to_mnist(paper), alone)


ARGV_WORDS = [
    *["predict", "evaluate", "--checkpoint", "--json", "--ink", "--allow-small", "--data-dir"],
    *["--device", "--batch-size", "--limit", "--sure", "--help", "--", "-", "digit.png", "notes.txt", "missing.png"],
    *[
        "auto",
        "dark",
        "cpu",
        "meta",
        "0",
        "1",
        "-1",
        "1e9",
        "nan",
        "inf",
        "0.5",
        "1_0",
        "٣",
        "",
        "--limit=",
        "--sure=1.5",
    ],
    *["--json=1", "--ch", "--lim", "-x", "--batch-size=0", "--limit=5", "--device=cuda:7", str(SHIPPED), "."],
]


@FAST
@given(st.lists(st.sampled_from(ARGV_WORDS) | st.text(max_size=4), max_size=7))
def test_any_command_line_ends_in_a_status_and_never_a_traceback(tmp_path_factory, argv) -> None:
    """Any words after `rowreader` (its commands' flags and hostile values, run whole, not only parsed): status 0,
    1 or 2, never an exception, and a refusal's last line its reason. MNIST is looked for in an empty folder, so
    `evaluate` is refused at once; `download` and `--download` are left out (they would fetch)."""
    folder = tmp_path_factory.mktemp("argv")
    page = np.full((40, 40), 255, np.uint8)
    page[8:32, 18:23] = 0
    Image.fromarray(page).save(folder / "digit.png")
    (folder / "notes.txt").write_text("not a picture")
    out, err = io.StringIO(), io.StringIO()
    with (
        contextlib.chdir(folder),
        contextlib.redirect_stdout(out),
        contextlib.redirect_stderr(err),
        pytest.MonkeyPatch.context() as patch,
    ):
        patch.setenv("ROWREADER_DATA", str(folder / "no-mnist"))
        try:
            status = main(argv)
        except SystemExit as stop:
            status = stop.code
    said = err.getvalue()
    assert status in (0, 1, 2, None) and "Traceback" not in said, (status, said[-500:])
    if status in (1, 2):
        assert said.strip().splitlines()[-1].strip(), said
