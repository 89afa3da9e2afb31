"""The sixty-first round, student4: a student studying how early the reader decides compares a short run's printed
test accuracy with `rowreader evaluate`'s for the same model."""

from __future__ import annotations

from pathlib import Path

import pytest

from training.fit import main as fit_main


def test_a_limited_run_says_its_test_accuracy_is_of_the_first_n_test_digits(tmp_path: Path, capsys) -> None:
    """`--limit 6000` printed "epoch 1: test 0.5868" under "6,000 images" (the training digits), and
    `rowreader evaluate` of the same model said 61.87 %: its own 10,000 test digits, the run's only the first 6,000.
    Nothing in the run's output said so; a student took one of the two numbers for wrong. The run now names them."""
    out = tmp_path / "tiny.safetensors"
    args = ["--limit", "256", "--epochs", "1", "--hidden", "8", "--augment", "none", "--out", str(out)]
    assert fit_main(args) == 0
    head = capsys.readouterr().out.splitlines()[0]
    assert "256 images" in head
    assert "tested on the first 256 of the 10,000 MNIST test digits (--limit)" in head


@pytest.mark.parametrize("limit", ["10000", "20000"])
def test_a_run_that_tests_on_every_test_digit_says_nothing_of_it(tmp_path: Path, capsys, limit: str) -> None:
    """Only a cut is named: a run whose --limit leaves every test digit says no more than a run without one."""
    out = tmp_path / "tiny.safetensors"
    args = ["--limit", limit, "--train-samples", "128", "--hidden", "8", "--augment", "none", "--out", str(out)]
    assert fit_main(args) == 0
    assert "tested on" not in capsys.readouterr().out.splitlines()[0]
