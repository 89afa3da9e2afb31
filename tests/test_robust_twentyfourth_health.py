"""The twenty-fourth round of hostile testing, the code's health: bench/, the tests' helpers, docs/development.md and
docs/training.md read as a student reads them, each docstring and comment against the code, and tests drawn at random
from the library, training and command-line files broken on purpose to see that they can fail."""

from __future__ import annotations

import ast
import io
import math
from pathlib import Path

import numpy as np
import pytest
from conftest import BENCHMARKS
from hypothesis import given
from hypothesis import strategies as st

from rowreader.checkpoint import CheckpointError, load_pretrained, save_checkpoint
from rowreader.model import ReaderConfig
from training.pen_augment import PenAugmentConfig
from training.ship import main as ship_main

REPO = Path(__file__).resolve().parents[1]


def test_every_list_of_benchmarks_a_test_walks_is_every_benchmark():
    """test_cli_seventeenth's stop-while-starting test said "Every benchmark says so now" over a list written out by
    hand that left bench_finetune out (test_robust_training's had it): a benchmark missing from a hand-written list is
    never tested. The tests take conftest's ``BENCHMARKS``, read from bench/; a list still written out that names most
    of them (a chosen few, the ones taking --checkpoint, are a choice) must name them all."""
    partial = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List | ast.Tuple | ast.Set) and len(node.elts) > len(BENCHMARKS) / 2:
                names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                benches = len(names) == len(node.elts) and all(name.startswith("bench_") for name in names)
                if benches and set(names) != set(BENCHMARKS):
                    partial.append(f"{path.name}:{node.lineno} lacks {sorted(set(BENCHMARKS) - set(names))}")
    assert not partial, partial


@given(
    st.sampled_from(["jitter", "trim", "rotation_deg", "slant", "aspect"]),
    st.sampled_from([math.inf, -math.inf, math.nan]),
)
def test_the_pen_augmentation_refuses_every_limit_that_is_not_finite(field, value):
    """``PenAugmentConfig`` says each of its five limits must be "a finite number ≥ 0"; its test gave a NaN and a
    negative, which ``value >= 0`` alone refuses too: the finite check could go (tried) and every test passed, an
    infinite jitter then drawing every point of a pen digit as NaN (an infinite rotation: "math domain error")."""
    with pytest.raises(ValueError, match=f"{field} must be a finite number"):
        PenAugmentConfig(**{field: value})


def test_a_stage_file_that_says_its_epochs_trained_but_not_its_recipes_stops_ship(tmp_path, capsys, tiny_reader):
    """ship reads how far a stage came from two numbers, the epochs trained and the recipe's epochs; its test gave a
    file that has neither, so the check of the second could go (tried) and every test passed, a file with the first
    alone then ending ship in a KeyError. Refused as a foreign file is, nothing trained."""
    runs = tmp_path / "runs"
    runs.mkdir()
    save_checkpoint(runs / "stage1.safetensors", tiny_reader, {"epochs_trained": 2})
    rehearsal = ["--device", "cpu", "--threads", "1", "--also", "--limit 128 --epochs 1"]
    assert ship_main(["--runs", str(runs), *rehearsal]) == 2
    assert "does not say how many epochs it trained" in capsys.readouterr().err
    assert [p.name for p in runs.iterdir()] == ["stage1.safetensors"]


def test_the_fidelity_bench_counts_a_digit_to_mnist_loses_as_a_miss(bench_module, mnist_test, monkeypatch):
    """bench_fidelity.py's comment said a digit ``to_mnist`` finds nothing in "would count as a miss"; it was read as
    the blank field it left, which the shipped reader takes for a 1: five MNIST 1s all lost scored 100 %."""
    bench = bench_module("bench_fidelity")
    images, labels = mnist_test
    ones = np.flatnonzero(labels == 1)[:5]
    monkeypatch.setattr(bench, "to_mnist", lambda image: None)
    original, restored = bench.fidelity(load_pretrained().reader, images[ones], labels[ones])
    assert original == 1.0 and restored == 0.0


def test_every_app_start_the_startup_bench_times_is_a_first_start(bench_module, tmp_path, monkeypatch):
    """bench_startup.py says each app it times starts "as at a first start", with settings and a data folder of its
    own; every start of a run was given the same two, so the first (untimed) start wrote the window's layout and
    scan speed to that settings file and each timed start read them. Each start is given its own, not there yet."""
    bench = bench_module("bench_startup")
    given = []

    class Child:
        returncode = 0

        def __init__(self, args, **_):
            settings, user = Path(args[-2]), Path(args[-1])
            given.append((settings, user, settings.exists() or user.exists()))
            self.stdout = io.StringIO("first-prediction\n")

        def communicate(self, timeout=None):
            return "rss-kb 1024 torch False\n", ""

        def poll(self):
            return 0

    monkeypatch.setattr(bench.subprocess, "Popen", Child)
    for _ in range(3):
        assert bench.time_app(tmp_path) == (pytest.approx(0, abs=60), 1.0, False)
    assert len({settings for settings, _, _ in given}) == len({user for _, user, _ in given}) == 3
    assert not any(there for _, _, there in given)


def test_the_stream_bench_says_why_it_times_a_random_model(bench_module, monkeypatch):
    """Without a readable shipped model bench_stream.py times a random one of the same shape (the same speed), and
    said "no pretrained model found" whatever was wrong: of a shipped file that is there but damaged too. It gives
    the library's reason."""
    bench = bench_module("bench_stream")

    def damaged():
        raise CheckpointError("rowreader.safetensors: not a readable safetensors file (its header is cut off)")

    monkeypatch.setattr(bench, "load_pretrained", damaged)
    reader, source = bench._reader(None, None)
    assert source == (
        "randomly initialised default model (rowreader.safetensors: not a readable safetensors file (its header is "
        "cut off))"
    )
    assert reader.config == ReaderConfig()
