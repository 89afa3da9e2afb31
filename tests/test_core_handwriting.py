"""The shipped model reads real people's handwriting: 500 digits of UNIPEN's test writers, drawn as on the canvas.

Issue 7's fast check of the yardstick (bench/bench_handwriting.py reads all 3,020 test-writer digits, and through
`rowreader predict` with --via-cli). The sample is uniform (not stratified: it estimates the same overall accuracy
the target is about), seed 0, drawn exactly as the full bench draws those digits. None of these 58 writers is in
the training split.
"""

from __future__ import annotations

import numpy as np

from rowreader import load_pretrained

SAMPLE, SEED, FLOOR = 500, 0, 0.97


def test_the_shipped_model_reads_500_test_writer_digits(bench_module, unipen):
    bench = bench_module("bench_handwriting")
    digits = bench.sample(bench.test_split(unipen), SAMPLE, SEED)
    assert len(digits) == SAMPLE and {d.split for d in digits} == {"test"}
    rendered = bench.render(digits, SEED)
    assert np.bincount(rendered.labels, minlength=10).min() >= 30  # every class is in the sample
    final = bench.predict_rows(load_pretrained().reader, rendered.images)[:, -1]
    wrong = final != rendered.labels
    accuracy = 1.0 - wrong.mean()
    misreads = sorted(f"{t}→{p}" for t, p in zip(rendered.labels[wrong], final[wrong], strict=True))
    assert accuracy >= FLOOR, f"{accuracy:.2%} of {SAMPLE} test-writer digits read after row 28; misreads {misreads}"
