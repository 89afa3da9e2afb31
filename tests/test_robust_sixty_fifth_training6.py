"""The sixty-fifth round, training6: a run's counts written one way, and `--pen-holdout` following `--limit`
(docs/robustness.md). The holdout's cost is pinned by the digits drawn and read, not by the clock."""

from __future__ import annotations

from collections import Counter

import pytest

from rowreader.output import counted
from training.unipen_convert import Conversion, report


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
