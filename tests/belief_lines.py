"""Belief lines made to order for chart tests: each named digit rising to its peak and back, the rest at the floor."""

from __future__ import annotations

import numpy as np

from rowreader.model import CLASSES, ROWS


def peaked(peaks: dict[int, tuple[int, float, float]]) -> np.ndarray:
    """Lines near the floor but for ``peaks`` {digit: (row, value, fall a row)}, each rising to its peak and back."""
    probs = np.full((ROWS, CLASSES), 0.01, np.float32)
    rows = np.arange(1, ROWS + 1)
    for digit, (row, value, fall) in peaks.items():
        probs[:, digit] = np.maximum(0.01, value - np.abs(rows - row) * fall)
    return probs
