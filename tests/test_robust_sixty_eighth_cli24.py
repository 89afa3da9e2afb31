"""The sixty-eighth round, cli24: the commands' words for numbers (rowreader's CLI, training.fit, the benchmarks)
given what a hostile user types: a minus then a digit that is no number, and text that is no number at all."""

from __future__ import annotations

import pytest
from conftest import load_bench, refused_last_line


@pytest.mark.parametrize(
    "name, argv, said",
    [
        ("training.arguments", ["--hidden", "-0e"], "--hidden: must be a whole number from 1 to 4,096, got '-0e'"),
        ("training.arguments", ["--lr", "-1e3x"], "--lr: must be a number above 0 and at most 10, got '-1e3x'"),
        ("rowreader.cli", ["evaluate", "--sure", "-0e"], "--sure: must be a belief above 0 and at most 1, got '-0e'"),
        ("rowreader.cli", ["evaluate", "--batch-size", "-.5x"], "--batch-size: must be a whole number "
         "from 1 to 65,536, got '-.5x'"),
        ("bench_fit", ["--rounds", "-0e"], "--rounds: must be a whole number from 3 to 100, got '-0e'"),
        ("bench_handwriting", ["--brush", "-\u0663e"], "--brush: must be from 4 to 64 canvas pixels, got "
         "'-\u0663e'"),
    ],
)  # fmt: skip
def test_a_minus_then_a_digit_is_the_flags_value_refused_with_its_range(name: str, argv: list[str], said: str) -> None:
    """`evaluate --sure -0e` (an exponent half typed), `--hidden -0e`, `--rounds -0e` were argparse's "argument
    --sure: expected one argument", as if no value were typed, where `--sure 0e` names the flag's range: argparse
    took the word for a flag. No flag begins with a minus and a digit: the word is the flag's value, refused by its
    reader with the range, as the number typed without its minus is."""
    assert refused_last_line(name, argv).endswith(said), refused_last_line(name, argv)


@pytest.mark.parametrize(
    "name, argv, said",
    [
        ("training.arguments", ["--lr", "abc"], "--lr: must be a number above 0 and at most 10, got 'abc'"),
        ("training.arguments", ["--pen", "0x10"], "--pen: must be a number from 0 to 0.95, got '0x10'"),
        ("rowreader.cli", ["evaluate", "--sure", "1e"], "--sure: must be a belief above 0 and at most 1, got '1e'"),
        ("bench_handwriting", ["--brush", "x"], "--brush: must be from 4 to 64 canvas pixels, got 'x'"),
    ],
)  # fmt: skip
def test_a_real_number_flag_names_its_range_whatever_text_it_refuses(name: str, argv: list[str], said: str) -> None:
    """`training.fit --lr abc` or `--lr 0x10` said only "invalid float value: 'abc'", the range unsaid, where
    `--lr ""` and every whole-number flag (`--hidden abc`: "must be a whole number from 1 to 4,096") name it: the
    user learnt neither what is taken nor how much. Every refusal of a real-number flag names its range now."""
    assert refused_last_line(name, argv).endswith(said), refused_last_line(name, argv)


@pytest.mark.parametrize("typed, said", [("01", "--rounds 01 measures each loop once"), ("+2", "--rounds +2 measures")])
def test_too_few_rounds_are_said_as_typed(typed: str, said: str) -> None:
    """`bench_fit.py --rounds 01` said "--rounds 1 measures each loop once", a number the user did not type, where
    every other count refused is said as typed (`--rounds 0101`: "got '0101'"). The user's text is said now."""
    assert f"error: {said}" in refused_last_line("bench_fit", ["--rounds", typed]), refused_last_line(
        "bench_fit", ["--rounds", typed]
    )


@pytest.mark.parametrize("typed, read", [("lr=1.", 1.0), ("lr=+1e-3", 0.001), ("seed=+7", 7), ("batch_size=064", 64)])
def test_bench_finetune_set_reads_a_number_as_training_fit_reads_its_flag(typed: str, read: float) -> None:
    """`bench_finetune.py --set lr=1.` and `--set lr=+1e-3` were refused as "--lr must be a finite number, got
    '1.'" (JSON reads neither), where `training.fit --lr 1.` trains: --set reads a number with the flag's reader."""
    field_name, value, _ = load_bench("bench_finetune").recipe_setting(typed)
    assert value == read and type(value) is type(read), (field_name, value)


def test_bench_finetune_set_refuses_a_number_in_training_fit_s_words() -> None:
    """`--set lr=1_000` was "--lr must be a finite number, got '1_000'", as if it were no number: it is told what
    training.fit's `--lr 1_000` is told, with the range and the separator to drop."""
    said = refused_last_line("bench_finetune", ["--set", "lr=1_000"])
    assert said.endswith(
        "argument --set: --lr: must be a number above 0 and at most 10, got '1_000' (a number is written without "
        "separators)"
    ), said
