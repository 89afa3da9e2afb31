"""The sixty-fifth round's review69: library7's boundary (``is_whole``/``is_real``, ``sure``'s words) tried again
with the values a library caller has at hand. Each test of a defect was seen failing on the code before its fix."""

from __future__ import annotations

from decimal import Decimal

import numpy as np
import pytest

import rowreader
from rowreader.model import ReaderConfig

BELIEFS = np.full((28, 10), 0.1)


@pytest.mark.parametrize("sure", [np.timedelta64(1), np.datetime64(1, "ns"), np.array([np.timedelta64(1)])])
def test_a_duration_or_date_sure_is_not_advised_its_item(sure: object) -> None:
    """library7 refused NumPy durations as numbers (a label of 3 s was 3), yet ``sure=np.timedelta64(1)`` was told
    "(an array or tensor: sure.item() gives the number it holds)": a generic unit's ``.item()`` is an int, and the
    advice turned the duration back into the number library7 refused to read it as."""
    with pytest.raises(ValueError) as refused:
        rowreader.decided_at(BELIEFS, sure)
    assert "one number" in str(refused.value)
    assert "item()" not in str(refused.value)


def test_an_array_holding_one_number_is_still_advised_its_item() -> None:
    """Control: a one-number array is still told ``sure.item()``."""
    with pytest.raises(ValueError, match=r"sure\.item\(\) gives the number it holds"):
        rowreader.decided_at(BELIEFS, np.array([0.6]))


@pytest.mark.parametrize("name", ["forget_bias", "pixel_mean", "pixel_std"])
def test_a_config_takes_a_decimal_as_sure_and_the_pen_do(name: str) -> None:
    """``ReaderConfig(forget_bias=Decimal("1"))`` was "must be a finite number, got Decimal('1')", false of it,
    where a Fraction was taken and ``sure`` and the pen take a Decimal: now taken, as its float."""
    config = ReaderConfig(**{name: Decimal("0.25")})
    assert getattr(config, name) == 0.25 and type(getattr(config, name)) is float


@pytest.mark.parametrize("value", [Decimal("NaN"), Decimal("sNaN"), Decimal("Infinity"), Decimal("1E+400")])
def test_a_config_refuses_a_decimal_no_float_holds_finitely(value: Decimal) -> None:
    """A Decimal's NaN, sNaN (float() raises ValueError for it) and infinities are refused in the config's words."""
    with pytest.raises(ValueError, match=r"ReaderConfig\.forget_bias must be a finite number"):
        ReaderConfig(forget_bias=value)


def test_a_config_refuses_a_decimal_out_of_range_by_its_range() -> None:
    """Control: a finite Decimal out of range is told the range, as a float is."""
    with pytest.raises(ValueError, match=r"ReaderConfig\.pixel_std must lie in"):
        ReaderConfig(pixel_std=Decimal("-1"))
