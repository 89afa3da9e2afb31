"""The thirty-sixth round of hostile testing, deadcode: code that nothing runs, and things defined twice.

The deletions need no test (the tests of the code they leave pass); a merge of two definitions into one does: these
hold each place that had its own copy to the one definition, so that a copy written back is caught.
"""

from __future__ import annotations

import sys


def test_bench_reading_copies_judges_at_the_rows_and_the_target_the_other_benches_do(bench_module) -> None:
    """bench_reading_copies.py wrote out ``REPORT_ROWS = (14, 20, 28)`` and ``TARGET_ACCURACY = 0.985`` (issue 7's
    target) beside bench_drawn's and bench_handwriting's, from which it imports already: one changed, the copies'
    table and target would no longer be the ones the other benchmarks report."""
    copies = bench_module("bench_reading_copies")  # its siblings, as it imported them, are in sys.modules
    assert copies.REPORT_ROWS is sys.modules["bench_drawn"].REPORT_ROWS
    assert copies.TARGET_ACCURACY is sys.modules["bench_handwriting"].TARGET_ACCURACY
