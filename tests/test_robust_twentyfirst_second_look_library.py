"""The twenty-first round, second look at the library, teaching and the default brush: what the round had just
changed, attacked again (docs/robustness.md says what was tried)."""

import numpy as np
import pytest

from rowreader.pen import DEFAULT_PEN, render_strokes


def test_the_bench_names_the_default_pens_ratio_as_it_measures_ratios(bench_module):
    """`bench_handwriting.py` headed its table by pen width / ink height with "the default pen on a 190-px digit:
    0.13", 24 / 190, where each digit's ratio is its pen over its ink's height, half a pen past the strokes at either
    end: 24 / 214 = 0.11 (0.13 was the old 28-px pen's). The heading's number is the one its table would give."""
    bench = bench_module("bench_handwriting")
    canvas = render_strokes([np.array([[0.0, 0.0], [0.0, 1.0]])], DEFAULT_PEN)  # a 1, 190 px tall, the default pen
    rows = np.nonzero((canvas < 128).any(axis=1))[0]
    measured = DEFAULT_PEN / np.ptp(rows)  # as Rendered.pen_ratios measures it
    assert pytest.approx(measured, abs=0.002) == bench.DEFAULT_PEN_RATIO
