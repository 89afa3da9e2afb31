"""The sixty-ninth round, cli26: a review of cli25's flags' words, and what it left: a real-number flag given text
that is no number (training.fit, rowreader evaluate, the benchmarks) refused in the words of a whole-number flag."""

from __future__ import annotations

import contextlib
import importlib
import io

import pytest
from conftest import load_bench

BENCHES = ("bench_handwriting", "bench_finetune", "bench_gui_latency")


def _said(name: str, argv: list[str]) -> str:
    """The last line command ``name`` (a module, or a benchmark) says as it refuses ``argv`` with status 2."""
    main = load_bench(name).main if name in BENCHES else importlib.import_module(name).main
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as end:
        main(argv)
    assert end.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


@pytest.mark.parametrize(
    ("name", "argv", "said", "beyond"),
    [
        ("training.arguments", ["--lr", "abc"], "--lr: must be a number above 0 and at most 10, got 'abc'", "20"),
        ("training.arguments", ["--pen", "0,3"], "--pen: must be a number from 0 to 0.95, got '0,3' (a decimal is "
         "written with a point: 0.3)", "2"),
        ("rowreader.cli", ["evaluate", "--sure", "1e"], "--sure: must be a belief above 0 and at most 1, got '1e'",
         "0"),
        ("bench_handwriting", ["--brush", "x"], "--brush: must be from 4 to 64 canvas pixels, got 'x'", "100"),
        ("bench_gui_latency", ["--step", ""], "--step: must be from 1 to 100 widget pixels, got ''", "0"),
    ],
)  # fmt: skip
def test_text_no_number_is_refused_as_a_number_beyond_the_range(name, argv, said, beyond) -> None:
    """`training.fit --lr abc` said argparse's "argument --lr: invalid float value: 'abc' (a number above 0 and at
    most 10)", where `--lr 20` said "must be a number above 0 and at most 10, got '20'" and `--hidden abc` "must be a
    whole number from 1 to 4,096, got 'abc'": two wordings for one flag, and "float" is Python's word, not the
    user's. Every real-number flag of every command refuses text as it refuses a number beyond its range now,
    in the flag's own words (--sure's belief, --brush's canvas pixels), a decimal comma still given its hint."""
    assert _said(name, argv).endswith(said), _said(name, argv)
    out_of_range = _said(name, [*argv[:-1], beyond])
    assert out_of_range.endswith(said.split(", got ")[0] + f", got '{beyond}'"), out_of_range


def test_a_training_flag_given_to_bench_finetune_is_refused_in_training_fits_words() -> None:
    """`bench_finetune.py --set lr=abc` relays training.fit's refusal; it said "invalid float value: 'abc'" too."""
    said = _said("bench_finetune", ["--set", "lr=abc"])
    assert said.endswith("argument --set: --lr: must be a number above 0 and at most 10, got 'abc'"), said

