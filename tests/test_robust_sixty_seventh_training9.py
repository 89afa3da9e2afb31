"""The sixty-seventh round, training9: training's and the tests' leftovers — a checkpoint's holdout count edited by
hand to a huge number on ``--resume``; labels of 3.5 told ``labels.astype(int)``."""

from __future__ import annotations

from fractions import Fraction
from pathlib import Path

import numpy as np
import pytest
from conftest import TINY
from test_robust_eighteenth_cli import rewrite_metadata
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader import RowReader
from rowreader.checkpoint import read_metadata
from rowreader.evaluate import evaluate_rows
from training.pen_data import train_writers_digits

PEN = ("--pen", "0.3", "--pen-holdout", "0.01", "--pen-workers", "0")  # 0.01: 142 held-out digits of 2 persons


@pytest.mark.parametrize("more", [10**30, None])  # None: one more than the train writers drew
def test_a_holdout_count_no_run_of_the_file_reads_is_refused_by_name(tmp_path: Path, monkeypatch, capsys, more):
    """A ``pen.holdout.digits`` edited to 10**30 passed review71's "whole number above 0" and was told "the run read
    1,000,…,000 held-out pen digits …, and this version holds out 142 …; resume with the version and UNIPEN file …":
    the version blamed, though the file is the run's (its checksum compared first) and no run of it reads more digits
    than its train writers drew. Refused by name, the files kept."""
    more = more or len(train_writers_digits(None)) + 1
    stopped_in_its_second_epoch(tmp_path, monkeypatch, *PEN, out="m.safetensors")
    model = tmp_path / "m.safetensors"
    pen = read_metadata(model)["pen"]
    rewrite_metadata(model, pen={**pen, "holdout": {**pen["holdout"], "digits": more}})
    before = model.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", *PEN, "--resume") == 2
    err = capsys.readouterr().err
    assert f"pen.holdout.digits holds {more}, more than the " in err and "this version" not in err, err
    assert model.read_bytes() == before


@pytest.mark.parametrize(
    ("labels", "named"),
    [
        (np.array([3, 3.5, 2, 1]), "got float64, 3.5 among them, no digit"),
        (np.array([Fraction(3), Fraction(7, 2), 2, 1], dtype=object), "got object, 3.5 among them, no digit"),
        (np.array([3, np.nan, 2, 1]), "got float64, nan among them, no digit"),
        ([3.0, 2.0, 1.0, 0.25], "got a list of float64, 0.25 among them, no digit"),
    ],
)
def test_labels_that_are_no_whole_numbers_are_not_told_astype_int(labels, named) -> None:
    """Labels of floats were told "labels.astype(int) reads them", and so were Fractions (library8 read them as
    floats): for a 3.5 (or Fraction(7, 2)) the call made a 3 without a word, a NaN the lowest int64. The hint is
    given where each label is whole; where one is not, it is named."""
    reader = RowReader(TINY)
    with pytest.raises(TypeError) as refused:
        evaluate_rows(reader, np.zeros((4, 28, 28), np.uint8), labels)
    assert named in str(refused.value) and "int(" not in str(refused.value), refused.value


@pytest.mark.parametrize("labels", [np.array([3.0, 2.0]), np.array([Fraction(3), Fraction(2)], dtype=object)])
def test_whole_labels_held_as_floats_or_fractions_are_still_told_astype_int(labels) -> None:
    """The control: whole labels held otherwise than as integers keep their hint (the call reads them)."""
    with pytest.raises(TypeError, match=r"; labels\.astype\(int\) reads them$"):
        evaluate_rows(RowReader(TINY), np.zeros((2, 28, 28), np.uint8), labels)


@pytest.mark.parametrize(("drawn", "digits"), [(0, 10**30), (0, 1), (2, 21)])
def test_a_drawn_digits_count_no_run_of_its_recipe_draws_is_refused_by_name(
    tmp_path: Path, monkeypatch, capsys, drawn, digits
):
    """A ``drawn_digits`` edited to 10**30 was told "trained on 1,000,…,000 synthetic drawn digits, and this version
    draws 0 …; resume with the version that began the run": the version blamed, where a run of ``--drawn N`` draws
    10 × N of them at most (``--limit`` cuts them, never adds). Refused by name, the files kept."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", str(drawn), out="m.safetensors")
    model = tmp_path / "m.safetensors"
    rewrite_metadata(model, drawn_digits=digits)
    before = model.read_bytes()
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", str(drawn), "--resume") == 2
    err = capsys.readouterr().err
    assert f"drawn_digits holds {digits}, more than the {10 * drawn} its recipe's --drawn {drawn} draws" in err, err
    assert model.read_bytes() == before


def test_a_drawn_digits_count_a_run_of_its_recipe_draws_is_still_the_versions_to_tell(
    tmp_path: Path, monkeypatch, capsys
):
    """The control: a count within the recipe's 10 × N, not the one this version draws, is still told as the
    version's ("this version draws")."""
    stopped_in_its_second_epoch(tmp_path, monkeypatch, "--drawn", "2", out="m.safetensors")
    model = tmp_path / "m.safetensors"
    rewrite_metadata(model, drawn_digits=19)
    capsys.readouterr()
    assert fit(tmp_path, "--epochs", "2", "--drawn", "2", "--resume") == 2
    assert "was trained on 19 synthetic drawn digits, and this version draws " in capsys.readouterr().err
