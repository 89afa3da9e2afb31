"""The sixty-sixth round, review71: cli22's words, window24's boxes and SVG and training8's resume refusals
reviewed as a user (a negative number written as the number flags hint on)."""

from __future__ import annotations

import pytest

from rowreader.cli import main


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("-0,5", "a decimal is written with a point"),
        ("-1'000", "a number is written without separators"),
        ("-1_000", "a number is written without separators"),
        ("-\u0661", "a number is written in the digits 0-9"),
    ],
)
def test_a_negative_number_the_flags_hint_on_is_a_flags_value(bench_module, capsys, typed: str, why: str) -> None:
    """`--sure -0,5`, `--brush -1'000`: argparse took each for a flag, "expected one argument", where `0,5` was
    told "a decimal is written with a point: 0.5"; a word the number reader hints on is a value, minus or not."""
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert (
        refused.value.code == 2
        and f"--sure: invalid float value: {typed!r} (a number above 0 and at most 1; {why})\n" in said
    ), said
    with pytest.raises(SystemExit) as refused:
        bench_module("bench_handwriting").main(["--brush", typed])
    said = capsys.readouterr().err
    assert (
        refused.value.code == 2 and f"--brush: invalid float value: {typed!r} (a number from 4 to 64; {why})\n" in said
    ), said


@pytest.mark.parametrize("typed", ["-h", "--", "-1e3x", "-x1"])
def test_a_word_no_number_reader_takes_is_still_a_flag(capsys, typed: str) -> None:
    """The control: `--sure -h` or `--sure --` gives the flag no value, as argparse says."""
    with pytest.raises(SystemExit) as refused:
        main(["evaluate", "--sure", typed])
    said = capsys.readouterr().err
    assert refused.value.code == 2 and "--sure: expected one argument" in said, said
