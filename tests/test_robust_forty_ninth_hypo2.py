"""The forty-ninth round of hostile testing, hypo2: properties of the library's open-ended inputs stated with
Hypothesis (the numbers and text the views write, what a model's metadata may hold as About shows it, the strokes an
example keeps, a grey picture in each layout); each falsified property's failing example is kept as an
``@example``, and each test is checked to fail on the code before its fix."""

from __future__ import annotations

import re
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from gui.about import model_lines
from gui.model_names import model_name
from gui.numbers import grouped_numbers
from rowreader.checkpoint import Checkpoint
from rowreader.example_folder import MAX_SIDECAR_BYTES, PenStroke, load_examples
from rowreader.example_store import ExampleStore
from rowreader.model import ReaderConfig
from rowreader.preprocess import to_mnist

# digits of other scripts (Arabic-Indic, full-width, Devanagari) among ASCII ones, and what lies around numbers
NUMBER_TEXT = st.text(alphabet="0123456789 .,_vM\u0660\u0663\uff11\u0969", max_size=30)


def _tiny(metadata: dict) -> Checkpoint:
    """A checkpoint of a 2-unit reader holding ``metadata``, as a file would (checked as a load checks it)."""
    config = ReaderConfig(input_size=2, hidden_size=2)
    rng = np.random.default_rng(0)
    weights = {name: rng.normal(size=shape).astype(np.float32) for name, shape in config.weight_shapes().items()}
    return Checkpoint(config, weights, metadata)


def _about_lines(metadata: dict) -> list[str]:
    """What Help ▸ About says of a model holding ``metadata``."""
    return model_lines(SimpleNamespace(model_named=model_name, session=SimpleNamespace(checkpoint=_tiny(metadata))))


@settings(max_examples=300, deadline=None)
@given(text=NUMBER_TEXT)
@example(text="100\u0660")  # a run ending in an Arabic-Indic zero was rewritten "1,000", in ASCII digits
@example(text="1" * 4301)  # one digit past what int() writes out: a ValueError
def test_grouping_numbers_adds_commas_to_runs_of_ascii_digits_and_changes_nothing_else(text: str) -> None:
    """``grouped_numbers`` took a run of any script's digits for a number: "100٠" (three ASCII digits and an
    Arabic-Indic zero) was written "1,000", the text's own digit replaced; and a run of 4,301 digits or more raised
    Python's "Exceeds the limit (4300 digits) for integer string conversion". Now only runs of 0-9 are grouped, by
    their text (no int made of them), commas added and nothing else changed, at any length."""
    grouped = grouped_numbers(text)
    assert grouped.replace(",", "") == text.replace(",", ""), (text, grouped)
    assert grouped_numbers(grouped) == grouped  # a grouped number is not grouped again
    at = 0  # where ``text`` is, walking ``grouped``: each comma added stands before three of 0-9, and no fourth
    for place, char in enumerate(grouped):
        if char == "," and not text.startswith(",", at):
            assert re.match(r"[0-9]{3}(?![0-9])", grouped[place + 1 :]), (text, grouped)
            assert grouped[place - 1] in "0123456789", (text, grouped)
        else:
            at += 1


@settings(max_examples=5, deadline=None)
@given(digits=st.integers(4301, 6000))
def test_about_shows_a_models_dataset_of_thousands_of_digits(digits: int) -> None:
    """A model whose metadata's "dataset" held a run of 4,301 digits or more (a file anyone may have written: the
    schema asks a string of any length) loaded, and Help ▸ About then raised ValueError in ``grouped_numbers``: no
    About box. Now it says the dataset, its digits grouped by thousands."""
    lines = _about_lines({"dataset": f"MNIST + {'7' * digits} drawn digits"})
    learnt = next(line for line in lines if line.startswith("Learnt from: MNIST + 7"))
    assert learnt.endswith("777 drawn digits") and learnt.count("7") == digits, learnt[:80]


@settings(max_examples=150, deadline=None)
@given(path=st.text(st.characters(codec=None), min_size=1, max_size=40))
@example(path="\x00")  # ValueError: embedded null byte, from Path.resolve
@example(path="/tmp/a\x00b.safetensors")
def test_about_names_the_model_a_taught_model_was_taught_from_whatever_its_metadata_says(path: str) -> None:
    """A taught model's metadata names the model it was taught from (``finetuned_from.path``), any string a file
    holds. One holding a NUL character loaded, and Help ▸ About raised "embedded null byte" (``same_file``, which
    "never raises", let ``Path.resolve``'s ValueError through): no About box. Now About names it, as a name."""
    lines = _about_lines({"finetuned_from": {"path": path}})
    assert any(line.startswith("Taught from ") for line in lines), lines


def _scribble(points: int, seed: int) -> tuple[PenStroke, ...]:
    """A canvas's strokes of ``points`` points in all, at a tablet's fractional coordinates (17 digits each in JSON),
    in strokes of the canvas's longest (20 × 280 px of pen travel, a point every 0.75 px: 7,466 points)."""
    rng = np.random.default_rng(seed)
    xy = rng.uniform(0.0, 280.0, (points, 2)).tolist()
    return tuple(PenStroke(tuple(map(tuple, xy[at : at + 7466])), 24.0) for at in range(0, points, 7466))


@settings(
    max_examples=4, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow]
)
@given(points=st.sampled_from([1, 200, 7466]), seed=st.integers(0, 2**16))
@example(points=120_000, seed=0)  # 16 of the canvas's longest strokes: 4,679,103 bytes of sidecar
def test_an_example_kept_with_its_strokes_is_read_back_with_them_or_not_kept_at_all(
    tmp_path_factory: pytest.TempPathFactory, points: int, seed: int
) -> None:
    """``ExampleStore.add`` wrote a sidecar of any size, and the reading refuses one over 4 MiB: a drawing of 120,000
    pen points (16 of the canvas's longest strokes) was written as NAME.png and NAME.json, then ``add`` raised "sidecar
    is 4,679,103 bytes, more than the 4,194,304 …" (the app: "Could not keep the example … nothing was written"), and
    every reading of the folder skipped it as a problem. Now what ``add`` writes, a reading reads with its strokes;
    strokes too many to record are refused before a file is written, saying so."""
    root = tmp_path_factory.mktemp("examples")
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[40:240, 130:150] = 0
    strokes = _scribble(points, seed)
    try:
        kept = ExampleStore(root).add(1, drawing, strokes)
    except ValueError as err:
        assert "nothing was kept" in str(err) and f"{MAX_SIDECAR_BYTES // 2**20} MiB" in str(err), err
        assert not any(Path(root).rglob("*.*")), sorted(Path(root).rglob("*"))
        return
    read = load_examples(root)
    assert read.problems == [] and [e.path for e in read.examples] == [kept.path]
    assert read.examples[0].strokes == strokes


FAINT = np.pad(np.array([[30, 3, 3, 3, 3], [3, 3, 3, 3, 3]], np.uint8), 1)  # ink 30 of 255, its edge at 3: a tenth


@settings(max_examples=150, deadline=None)
@given(
    grey=st.tuples(st.integers(1, 24), st.integers(1, 24)).flatmap(
        lambda shape: arrays(np.uint8, shape, elements=st.sampled_from([0, 0, 3, 25, 30, 128, 250, 255]))
    ),
    ink=st.sampled_from(["auto", "dark", "light"]),
)
@example(grey=FAINT, ink="light")  # the RGB copy was "too small", the grey one a digit
@example(grey=FAINT, ink="auto")
def test_a_grey_picture_reads_alike_as_grey_rgb_and_opaque_rgba(grey: np.ndarray, ink: str) -> None:
    """The luminance of an RGB picture was ``rgb @ LUMA``, whose weights sum to 0.9999999999999999: a grey pixel
    (R = G = B) of 3 came out 1e-18 darker than itself, and where that lay at exactly a tenth of the ink's reach
    (``INK_THRESHOLD``) the RGB copy lost it: a faint digit saved as a grey PNG was read a 4 (93.2 %) by `rowreader
    predict`, the same picture saved as RGB "too small to be a digit". Now a grey pixel is its own shade in any
    layout, and the three read alike, bit for bit."""
    grey = np.pad(grey, 1)  # a page round it, as a picture has
    alone = to_mnist(grey, ink=ink)
    for layout in (np.stack([grey] * 3, axis=-1), np.dstack([grey] * 3 + [np.full_like(grey, 255)])):
        read = to_mnist(layout, ink=ink)
        assert (read is None) == (alone is None), (layout.shape, alone is None)
        assert read is None or np.array_equal(read, alone), np.abs(read - alone).max()
