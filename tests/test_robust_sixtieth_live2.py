"""The sixtieth round of hostile testing, live2: the live read's cost per pen move, continued. After live1, the
largest part of reading a canvas drawing was the lighting's look for a ruled page's printed rules
(``rowreader.lighting._rule_gains``: each strip's row medians along five slants, across and down, dark rules and
light). The medians along a slant are now moved into place a run of columns at a time, not gathered pixel by pixel,
and the whole page's medians reuse those its sides were read for. These pin that each strip is read once a slant, and
that a slanted read is still each row's median along the slant: the cost changed, not a bit of what is read."""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from rowreader import lighting


def ruled_page(seed: int = 60) -> np.ndarray:
    """A 420 × 360 grey page ruled every 30 px, a dark bar (a stroke) across its middle, a little grain."""
    rng = np.random.default_rng(seed)
    page = np.full((360, 420), 235.0)
    page[15::30] = page[16::30] = 150.0
    page[170:186, 150:270] = 20.0
    return np.clip(page + rng.normal(0, 1.5, page.shape), 0, 255).astype(np.uint8)


def test_each_strip_is_read_once_a_slant(monkeypatch: pytest.MonkeyPatch) -> None:
    """A page whose rules are found reads its two sides first (a rule must cross them), then the whole page along
    the same slant: its four side strips were read again with the middle (4 of the 27 strip reads of this page a
    repeat). The whole page's read keeps its sides'."""
    read: list[tuple[str, float]] = []
    median_rows = lighting._median_rows

    def counted(blocks: np.ndarray, slant: float = 0.0) -> np.ndarray:
        for strip in range(blocks.shape[1]):
            read.append((hashlib.sha256(np.ascontiguousarray(blocks[:, strip]).tobytes()).hexdigest(), slant))
        return median_rows(blocks, slant)

    monkeypatch.setattr(lighting, "_median_rows", counted)
    page = ruled_page()
    assert lighting.printed_rules(page / 255.0) is not None, "the page's rules were not found"
    repeats = len(read) - len(set(read))
    assert not repeats, f"{repeats} of {len(read)} strip reads were a strip read before along the same slant"


def slanted_by_hand(blocks: np.ndarray, slant: float) -> np.ndarray:
    """:func:`lighting._median_rows`' definition, pixel by pixel: row ``r`` of a strip runs through row
    ``r + round(slant · (column − 15.5))`` of each column (clipped to the picture), and its median is the upper middle
    of its pixels sorted."""
    height, strips, width = blocks.shape
    medians = np.empty((height, strips))
    for row in range(height):
        for strip in range(strips):
            pixels = [
                blocks[min(max(row + round(slant * (column - (width - 1) / 2)), 0), height - 1), strip, column]
                for column in range(width)
            ]
            medians[row, strip] = sorted(pixels)[width // 2]
    return medians


@pytest.mark.parametrize("height", [1, 2, 3, 7, 40])
@pytest.mark.parametrize("slant", [*lighting.SLANTS, 0.013, -0.7, 2.5])
def test_a_slanted_read_is_each_rows_median_along_the_slant(height: int, slant: float) -> None:
    """Moved a run of columns at a time, the rows along a slant are the rows the definition names, down to a strip
    fewer rows tall than the slant moves its edge columns (their rows all clipped to the edge)."""
    rng = np.random.default_rng(height)
    picture = rng.integers(0, 4, (height, 3 * lighting.RULE_STRIP + 5)) / 3.0  # few shades: medians tie
    blocks = picture[:, 2 : 2 + 3 * lighting.RULE_STRIP].reshape(height, 3, lighting.RULE_STRIP)
    assert np.array_equal(lighting._median_rows(blocks, slant), slanted_by_hand(blocks, slant))
