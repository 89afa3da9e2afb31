"""The sixty-seventh round, docs13: the round's words run as a reader would — labels told ``labels.astype(int)``
"only where each is whole" (docs/input-checks.md), given an infinite label or one past int64."""

from __future__ import annotations

import numpy as np
import pytest
from conftest import TINY

from rowreader import RowReader
from rowreader.evaluate import evaluate_rows


@pytest.mark.parametrize(
    ("labels", "named"),
    [
        (np.array([3, np.inf, 2, 1]), "got float64, inf among them, no digit"),
        (np.array([3, -np.inf, 2, 1]), "got float64, -inf among them, no digit"),
        (np.array([3, 1e30, 2, 1]), "got float64, 1e+30 among them, no digit"),
        ([3.0, 2.0**63, 1.0, 0.0], "got a list of float64, 9.22337e+18 among them, no digit"),
    ],
)
def test_labels_no_int_holds_are_not_told_astype_int(labels, named) -> None:
    """An infinite label equals its own round, and one of 1e30 is whole: both were told "labels.astype(int) reads
    them", which makes each the lowest int64 (-9223372036854775808, with a RuntimeWarning), a number no one gave,
    then refused as "digits 0–9, got -9223372036854775808…3". Only labels an int64 holds get the hint."""
    with pytest.raises(TypeError) as refused:
        evaluate_rows(RowReader(TINY), np.zeros((4, 28, 28), np.uint8), labels)
    assert named in str(refused.value) and "int(" not in str(refused.value), refused.value


def test_whole_labels_an_int64_holds_keep_the_hint() -> None:
    """The control: labels of 2**62 as floats are whole and int64 holds them; the hint reads them (then refused as no
    digits, by the range, in the user's own numbers)."""
    with pytest.raises(TypeError, match=r"; labels\.astype\(int\) reads them$"):
        evaluate_rows(RowReader(TINY), np.zeros((2, 28, 28), np.uint8), np.array([3.0, 2.0**62]))
