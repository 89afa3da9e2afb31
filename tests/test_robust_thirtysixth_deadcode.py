"""The thirty-sixth round of hostile testing, deadcode: code that nothing runs, and things defined twice.

The deletions need no test (the tests of the code they leave pass); a merge of two definitions into one does: these
hold each place that had its own copy to the one definition, so that a copy written back is caught.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pytest

REPO = Path(__file__).resolve().parents[1]


def test_bench_reading_copies_judges_at_the_rows_and_the_target_the_other_benches_do(bench_module) -> None:
    """bench_reading_copies.py wrote out ``REPORT_ROWS = (14, 20, 28)`` and ``TARGET_ACCURACY = 0.985`` (issue 7's
    target) beside bench_drawn's and bench_handwriting's, from which it imports already: one changed, the copies'
    table and target would no longer be the ones the other benchmarks report."""
    copies = bench_module("bench_reading_copies")  # its siblings, as it imported them, are in sys.modules
    assert copies.REPORT_ROWS is sys.modules["bench_drawn"].REPORT_ROWS
    assert copies.TARGET_ACCURACY is sys.modules["bench_handwriting"].TARGET_ACCURACY


def test_the_drawn_digits_trim_their_strokes_as_the_pen_digits_do() -> None:
    """training/drawn.py and training/pen_augment.py each had a ``_trim``, the same lines but for the shortest curve
    left alone (3 points and 4) and ``linalg.norm`` for ``hypot``: the drawn curves have 24 points at the fewest,
    and the two agreed on all 3,674 curves a run of both trimmed, so drawn.py uses pen_augment's."""
    from training import drawn, pen_augment

    assert drawn.trim_stroke is pen_augment.trim_stroke
    # … and the two built a hand's slant, width and turn in the same three lines: one function now
    assert drawn.hand_affine is pen_augment.hand_affine


def test_the_drawn_replays_cache_is_named_by_the_trims_source_too(tmp_path, monkeypatch) -> None:
    """The drawn replay digits are kept in the cache under the source of the code that draws them: a change to the
    trim, now in pen_augment.py, must draw them anew, as a change to drawn.py does."""
    from training import pen_augment, replay

    monkeypatch.setattr(replay, "_cached_digits", lambda name, count, draw: name)
    before = replay.drawn_replay(10)
    changed = tmp_path / "pen_augment.py"
    changed.write_bytes(Path(pen_augment.__file__).read_bytes() + b"\n# changed\n")
    monkeypatch.setattr(pen_augment, "__file__", str(changed))
    assert replay.drawn_replay(10) != before


def test_a_label_that_is_no_digit_is_refused_by_one_check() -> None:
    """``ExampleStore.add``, ``ExampleStore.move`` and ``training.drawn.render_digit`` each wrote out the check of a
    label (no bool, a whole number, 0–9) and its words: the three refuse through ``rowreader.model.check_label``."""
    from rowreader.model import check_label
    from training.drawn import render_digit

    sources = [REPO / "rowreader" / "example_store.py", REPO / "training" / "drawn.py"]
    assert all("label must be a digit" not in path.read_text(encoding="utf-8") for path in sources)
    for label in (True, 3.0, 10, -1, "7"):
        with pytest.raises(ValueError, match=r"^label must be a digit 0–9, got "):
            check_label(label)
        with pytest.raises(ValueError, match=r"^label must be a digit 0–9, got "):
            render_digit(label, np.random.default_rng(0))
    check_label(np.int64(7))
