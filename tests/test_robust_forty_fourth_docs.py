"""The forty-fourth round of hostile testing, docs: every claim the README and docs/ make of what the forty-second
and forty-third rounds changed, checked against the code by running it (each entry point's --version and --help, a
closed pipe's 141, --out's ending, folder and whole-number flags, the teach's newest 100 of each digit, bench_fit's
fewest rounds); each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize("rounds", ["0", "-1", "101"])
def test_bench_fits_refused_rounds_name_its_own_range(bench_module, capsys, rounds) -> None:
    """`bench_fit.py --rounds 101` said "--rounds must be a whole number from 1 to 100" and `--rounds 0` "must be at
    least 1", where its --help and docs/benchmarks.md say 3 to 100 and 1 and 2 are refused: a user following the
    error typed 1 and was refused again. Every refused count names bench_fit's own range, 3 to 100."""
    with pytest.raises(SystemExit) as exit_:
        bench_module("bench_fit").main(["--rounds", rounds])
    err = capsys.readouterr().err
    assert exit_.value.code == 2 and f"--rounds must be a whole number from 3 to 100, got {rounds}" in err
    assert "`--rounds` 3 to 100" in (ROOT / "docs/benchmarks.md").read_text(encoding="utf-8")
