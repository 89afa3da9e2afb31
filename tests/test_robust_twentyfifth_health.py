"""The twenty-fifth round, health: the code read as a student reads it, one definition of each thing.

The benchmarks' bound on ``--rounds`` stood three times (``MAX_ROUNDS = 100`` in bench_fit, bench_gui_latency and
bench_startup, each with its own copy of the refusal), and bench_gui_latency said its verdict as PASS/FAIL where
every other benchmark says met/MISSED. gui/teach.py's docstring gave the fine-tune's command line without the
``--threads 1`` the app adds.
"""

from __future__ import annotations

import ast
import contextlib
import io
import re
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

REPO = Path(__file__).resolve().parents[1]
BENCH_FILES = sorted((REPO / "bench").glob("*.py"))


def _tree(path: Path) -> ast.Module:
    return ast.parse(path.read_text(encoding="utf-8"))


def test_the_bound_on_a_benchmarks_rounds_is_defined_once() -> None:
    """`MAX_ROUNDS = 100` stood in three scripts ("as bench_startup's", "as the other benchmarks'"): changed in one,
    the others kept the old bound and the README's one sentence on it lied about two of them."""
    defined = [
        path.name
        for path in BENCH_FILES
        for node in ast.walk(_tree(path))
        if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "MAX_ROUNDS" for t in node.targets)
    ]
    assert defined == ["rounds.py"]


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(rounds=st.integers(min_value=101, max_value=10**15))
def test_every_benchmark_refuses_too_many_rounds_in_one_wording(bench_module, rounds: int) -> None:
    """Whatever the number past the bound, the three benchmarks that take --rounds refuse it alike (status 2, the
    bound named), before any work: each round is seconds, and `--rounds 1000000000` ran for good."""
    bound = bench_module("rounds").MAX_ROUNDS
    for name in ("bench_fit", "bench_gui_latency", "bench_startup"):
        module = bench_module(name)
        entry = module.parse_args if name == "bench_gui_latency" else module.main
        err = io.StringIO()
        with pytest.raises(SystemExit) as stop, contextlib.redirect_stderr(err):
            entry(["--rounds", str(rounds)])
        assert stop.value.code == 2
        fewest = getattr(module, "FEWEST_ROUNDS", 1)  # bench_fit's 3 (the forty-fourth round: it said 1)
        assert err.getvalue().endswith(
            f": error: argument --rounds: must be a whole number from {fewest} to {bound}, got '{rounds}'\n"
        )


def test_every_benchmark_words_its_verdict_met_or_missed() -> None:
    """bench_gui_latency printed "target p95 ≤ 16 ms: PASS" (or FAIL) where every other benchmark prints "met" or
    "MISSED": one question, two wordings, and a script grepping the benchmarks' output for MISSED missed it."""
    words = {
        path.name: {node.value for node in ast.walk(_tree(path)) if isinstance(node, ast.Constant)}
        for path in BENCH_FILES
    }
    assert {name for name, strings in words.items() if strings & {"PASS", "FAIL"}} == set()
    assert {"met", "MISSED"} <= words["bench_gui_latency.py"]


def test_the_teach_docstring_gives_the_command_line_teach_runs(qapp, tmp_path) -> None:
    """gui/teach_process.py's docstring (gui/teach.py's until the twenty-sixth round), where a student learns how
    Ctrl+T trains, said the app runs "exactly" ``python -m training.fit --finetune BASE --examples DIR --out OUT
    --progress json``; it also passes ``--threads 1``."""
    import gui.teach_process

    doc = " ".join(gui.teach_process.__doc__.split())
    shown = re.search(r"``python (-m training\.fit [^`]+)``", doc).group(1).split()
    base, examples, out = tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors"
    process = gui.teach_process.TeachProcess(base, examples, out)
    named = {str(base): "BASE", str(examples): "DIR", str(out): "OUT"}
    assert [named.get(arg, arg) for arg in process.args] == shown
    process.deleteLater()
