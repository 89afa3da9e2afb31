"""The sixty-seventh round, training9: training's and the tests' leftovers — a checkpoint's holdout count edited by
hand to a huge number on ``--resume``."""

from __future__ import annotations

from pathlib import Path

import pytest
from test_robust_eighteenth_cli import rewrite_metadata
from test_robust_training import fit, stopped_in_its_second_epoch

from rowreader.checkpoint import read_metadata
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
