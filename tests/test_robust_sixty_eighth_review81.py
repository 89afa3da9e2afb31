"""The sixty-eighth round, review81: cli24's number flags reviewed, and one wording for a refused number
(docs/robustness.md).

A number a flag's range refuses is said as one its reader refuses: argparse's "argument --hidden: …" first, the
value as typed and quoted, the range, in training.fit, bench_finetune's --set, the benchmarks' --rounds and every count
read by ``rowreader.whole_number``. `training.fit --hidden 5000` said "--hidden must be …, got 5000" where
`--hidden 1e9` said "argument --hidden: must be …, got '1e9'".
"""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest

from rowreader.whole_number import whole_number
from training.arguments import fit_parser, parse_args

CHECKOUT = Path(__file__).resolve().parent.parent
BASE = str(CHECKOUT / "rowreader" / "pretrained" / "rowreader.safetensors")
# what a flag needs beside it to be read at all: a fine-tune's own, a teacher's
NEEDS = {
    **dict.fromkeys(("--replay", "--folds", "--eval-digits", "--newest"), ("--finetune", BASE, "--examples", ".")),
    **dict.fromkeys(("--distill-weight", "--distill-temperature"), ("--distill-from", BASE)),
}
NUMBER_FLAGS = [
    action.option_strings[-1]
    for action in fit_parser()._actions
    if action.option_strings and getattr(action.type, "__name__", "") in ("count", "float")
]


def _refused(entry, argv: list[str]) -> str:
    """The one error line ``entry(argv)`` exits 2 with, from "error: " on."""
    err = io.StringIO()
    with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()):
        entry(argv)
    assert stop.value.code == 2
    return "error: " + err.getvalue().strip().splitlines()[-1].partition("error: ")[2]


@pytest.mark.parametrize("name", NUMBER_FLAGS)
def test_every_training_fit_number_out_of_range_is_said_as_one_not_a_number_is(name: str) -> None:
    """`training.fit --hidden 5000` was "--hidden must be a whole number from 1 to 4,096, got 5000" (FitConfig's,
    after parsing) and `--hidden 1e9` "argument --hidden: must be a whole number from 1 to 4,096, got '1e9'"
    (argparse's): two forms of one refusal. Every number flag now says both in argparse's, the text quoted as typed,
    and a count in the same words up to "got"."""
    context = NEEDS.get(name, ())
    ranged = _refused(parse_args, [*context, name, "99999999999999"])
    wrong = _refused(parse_args, [*context, name, "1e9x"])
    assert ranged.startswith(f"error: argument {name}: ") and ranged.endswith(", got '99999999999999'"), ranged
    assert wrong.startswith(f"error: argument {name}: ") and "'1e9x'" in wrong, wrong
    if "whole number" in wrong:
        assert ranged.removesuffix("'99999999999999'") == wrong.removesuffix("'1e9x'"), (ranged, wrong)


def test_a_whole_number_refused_is_quoted_as_typed_in_every_command() -> None:
    """`rowreader evaluate --batch-size 0` said "got 0" and `--batch-size -0` "got '-0'": a plain number was said
    unquoted, the rest quoted. Both quoted now, as typed."""
    for typed in ("0", "-0", "65537"):
        with pytest.raises(Exception, match=rf"^must be a whole number from 1 to 65,536, got '{typed}'$"):
            whole_number(1, 65_536)(typed)


@pytest.mark.parametrize("name", ["bench_gui_latency", "bench_startup", "bench_fit"])
def test_the_benchmarks_rounds_are_refused_in_argparses_form(bench_module, name: str) -> None:
    """`bench_startup.py --rounds 101` was "--rounds must be a whole number from 1 to 100, got 101", `--rounds 1e3`
    "argument --rounds: must be … got '1e3'"; now both the latter's form."""
    module = bench_module(name)
    entry = module.parse_args if name == "bench_gui_latency" else module.main
    fewest = getattr(module, "FEWEST_ROUNDS", 1)
    words = f"error: argument --rounds: must be a whole number from {fewest} to 100, got "
    assert _refused(entry, ["--rounds", "101"]) == f"{words}'101'"
    assert _refused(entry, ["--rounds", "1e3"]) == f"{words}'1e3'"


def test_bench_finetunes_set_refuses_a_number_in_one_form(bench_module) -> None:
    """`bench_finetune.py --set train_samples=0` was "--set: --train-samples must be … got '0'" where
    `train_samples=1e9x` was "argument --set: --train-samples: must be … got '1e9x'"."""
    parse = bench_module("bench_finetune").parse_args
    words = "error: argument --set: --train-samples: must be a whole number from 1 to 1,000,000,000,000, got "
    assert _refused(parse, ["--set", "train_samples=0"]) == f"{words}'0'"
    assert _refused(parse, ["--set", "train_samples=1e9x"]) == f"{words}'1e9x'"
    assert (
        _refused(parse, ["--set", "lr=20"])
        == "error: argument --set: --lr: must be a number above 0 and at most 10, got '20'"
    )
