"""The sixty-seventh round, review74: cli23's numbers said as typed, and its conjuncts, reviewed (docs/robustness.md).

A number said as typed is never a line of thousands of characters (training.fit's "would change no weight", the
benchmarks' ``--rounds``), and ``--rounds -0`` is said as typed, as every other count is since cli23. The grapheme
clusters of rowreader.output meet Unicode 15.1's GraphemeBreakTest lines for rule GB9c.
"""

from __future__ import annotations

import contextlib
import io

import pytest

from rowreader.output import first_characters
from training.arguments import parse_args

LONG = "0.0000000001" + "0" * 5_000  # 1e-10, written with 5,000 more zeros


def _refused(entry, argv: list[str]) -> str:
    """The one error line ``entry(argv)`` exits 2 with."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(err):
        entry(argv)
    assert stop.value.code == 2
    return err.getvalue().strip().splitlines()[-1]


@pytest.mark.parametrize("number", [LONG, "0" * 5_000 + "1e-10"])
def test_training_fits_tiny_lr_typed_long_is_said_shortened(number) -> None:
    """`training.fit --lr 0.0000000001000…` (5,012 characters) was refused in a line of 5,370: "--lr 1e-10 would
    change no weight" with the text typed put in whole. Now shortened, as every refusal names a number."""
    said = _refused(parse_args, ["--lr", number])
    assert len(said) < 500, len(said)
    assert f"--lr {number[:20]}" in said and "..." in said and "would change no weight" in said


def test_bench_finetunes_set_of_a_long_tiny_lr_is_said_shortened(bench_module) -> None:
    said = _refused(bench_module("bench_finetune").parse_args, ["--set", f"lr={LONG}"])
    assert len(said) < 500, len(said)
    assert "--set: --lr 0.0000000001000" in said and "would change no weight" in said


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("-0", "'-0'"),  # was "got 0"
        ("00", "'00'"),
        ("+0", "'+0'"),
        ("101", "'101'"),  # review81: quoted as typed, as every number refused
        ("1000000000", "'1000000000'"),
        ("1" + "0" * 3_000, "'100000000000000000000000000...0000000000000000000000000000'"),  # was 4,001 digits
    ],
)
@pytest.mark.parametrize("name", ["bench_gui_latency", "bench_startup", "bench_fit"])
def test_the_benchmarks_rounds_are_said_as_typed(bench_module, name, typed, said) -> None:
    """`bench_gui_latency.py --rounds -0` was "got 0" where every other count says "got '-0'" since cli23, and
    3,001 digits made an error line of 4,081 characters. bench_fit's 1 and 2 have words of their own."""
    module = bench_module(name)
    fewest = getattr(module, "FEWEST_ROUNDS", 1)
    entry = module.parse_args if name == "bench_gui_latency" else module.main
    assert _refused(entry, ["--rounds", typed]).endswith(
        f": error: argument --rounds: must be a whole number from {fewest} to 100, got {said}"
    )


# Unicode 15.1's GraphemeBreakTest.txt, its lines for rule GB9c (÷ a break, × none), as the file writes them
GB9C_LINES = """
÷ 0915 ÷ 0924 ÷
÷ 0915 × 094D × 0924 ÷
÷ 0915 × 094D × 094D × 0924 ÷
÷ 0915 × 094D × 200D × 0924 ÷
÷ 0915 × 093C × 200D × 094D × 0924 ÷
÷ 0915 × 093C × 094D × 200D × 0924 ÷
÷ 0915 × 094D × 0924 × 094D × 092F ÷
÷ 0915 × 094D ÷ 0061 ÷
÷ 0061 × 094D ÷ 0924 ÷
÷ 003F × 094D ÷ 0924 ÷
"""


@pytest.mark.parametrize("line", GB9C_LINES.strip().splitlines())
def test_clusters_meet_unicodes_gb9c_lines(line) -> None:
    """cli23 wrote Unicode 15.1's Indic_Conjunct_Break consonants and viramas from memory: checked against the Unicode
    data (240 consonants, 6 linkers, none differing), and its clusters against GraphemeBreakTest's lines."""
    fields = line.split()
    text = "".join(chr(int(field, 16)) for field in fields[1::2])
    breaks = [at for at, mark in enumerate(fields[::2]) if mark == "÷"]
    for at in range(1, len(text)):
        assert first_characters(text, at) == text[: min(b for b in breaks if b >= at)], (line, at)
