"""The twenty-fourth round of hostile testing, the code's health: bench/, the tests' helpers, docs/development.md and
docs/training.md read as a student reads them, each docstring and comment against the code, and tests drawn at random
from the library, training and command-line files broken on purpose to see that they can fail."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import BENCHMARKS

REPO = Path(__file__).resolve().parents[1]


def test_every_list_of_benchmarks_a_test_walks_is_every_benchmark():
    """test_cli_seventeenth's stop-while-starting test said "Every benchmark says so now" over a list written out by
    hand that left bench_finetune out (test_robust_training's had it): a benchmark missing from a hand-written list is
    never tested. The tests take conftest's ``BENCHMARKS``, read from bench/; a list still written out that names most
    of them (a chosen few, the ones taking --checkpoint, are a choice) must name them all."""
    partial = []
    for path in sorted((REPO / "tests").glob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.List | ast.Tuple | ast.Set) and len(node.elts) > len(BENCHMARKS) / 2:
                names = [e.value for e in node.elts if isinstance(e, ast.Constant) and isinstance(e.value, str)]
                benches = len(names) == len(node.elts) and all(name.startswith("bench_") for name in names)
                if benches and set(names) != set(BENCHMARKS):
                    partial.append(f"{path.name}:{node.lineno} lacks {sorted(set(BENCHMARKS) - set(names))}")
    assert not partial, partial
