"""The sixty-fifth round, training6: a run's counts written one way, and `--pen-holdout` following `--limit`
(docs/robustness.md). The holdout's cost is pinned by the digits drawn and read, not by the clock."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

import pytest

import rowreader
from rowreader.output import counted
from training import epoch as epoch_module
from training import train_data
from training.fit import main
from training.unipen_convert import Conversion, report

TINY = ["--device", "cpu", "--limit", "64", "--batch-size", "64", "--hidden", "16", "--threads", "1"]


def test_every_count_groups_its_thousands():
    """The start line said "1,463 images" and the pen holdout's "1208 digits": each call chose its own format."""
    assert counted(1208, "digit") == "1,208 digits" and counted(1, "digit") == "1 digit"
    assert counted(2, "folder not named 0–9", plural="folders not named 0–9") == "2 folders not named 0–9"


def test_a_call_in_the_old_form_is_refused_not_misread():
    """`spec` is gone: a call still passing "," (a branch written before) must fail, not print "," as a plural."""
    with pytest.raises(TypeError):
        counted(3, "digit", ",")  # type: ignore[misc]


def test_the_unipen_converter_groups_its_thousands():
    """It printed "kept 11983 of 12,001 segments; dropped 18:", one number in two forms on one line."""
    records = [{"split": "train", "writer": "a-1"}] * 11_983
    printed = report(Conversion(records, Counter({"too few points": 1_018})))
    assert "kept 11,983 of 13,001 segments; dropped 1,018:\n  1,018  too few points" in printed
    assert "train: 11,983 digits of 1 person" in printed


def test_the_pen_holdout_reads_the_first_limit_digits(tmp_path: Path, monkeypatch, capsys):
    """`--limit 64 --pen-holdout 0.1` drew all 1,208 held-out digits at the start and read them after every epoch,
    a smoke run's most work (101 s of wall time for two epochs at a load of 8); it now takes --limit's first N,
    as of the test digits, and says so."""
    drawn: list[int] = []
    read: list[int] = []
    render = train_data.render_plain
    curve = epoch_module.evaluate_curve
    monkeypatch.setattr(train_data, "render_plain", lambda digits: drawn.append(len(digits)) or render(digits))
    monkeypatch.setattr(
        epoch_module, "evaluate_curve", lambda reader, x, y, device: read.append(len(y)) or curve(reader, x, y, device)
    )
    out = tmp_path / "m.safetensors"
    args = ["--out", str(out), "--epochs", "2", "--pen", "0.3", "--pen-holdout", "0.1", "--pen-workers", "0"]
    assert main([*TINY, *args]) == 0
    assert drawn == [64], drawn  # the holdout drawn once, 64 of it
    assert read == [64, 64, 64, 64], read  # each epoch: the 64 test digits, then the 64 held-out ones
    holdout = rowreader.load_checkpoint(out).metadata["pen"]["holdout"]
    assert holdout["digits"] == 64 and holdout["held_out"] > 64 and holdout["persons"] >= 1
    said = re.findall(r"pen holdout \((.*?) of unseen writers\)", capsys.readouterr().out)
    assert said == [f"the first 64 of {holdout['held_out']:,} digits"] * 2, said
