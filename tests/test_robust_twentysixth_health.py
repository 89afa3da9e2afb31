"""The twenty-sixth round, health: the code read as a student learning from it reads it.

gui/teaching.py passed the status bar's 5000 ms by hand four times beside ``MESSAGE_MS``, its one definition;
gui/comparing.py and training/ship.py spelled the shipped models' file names beside rowreader/checkpoint.py's
constants; five bench scripts each put bench/ on ``sys.path`` themselves (four lines apiece) for the tests' loader.
"""

from __future__ import annotations

import ast
import sys
from pathlib import Path

from conftest import load_bench

REPO = Path(__file__).resolve().parents[1]


def _calls(path: Path, attribute: str) -> list[ast.Call]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == attribute
    ]


def test_no_view_writes_the_status_bars_time_by_hand() -> None:
    """``say(text, 5000)``, four times in gui/teaching.py, is ``say(text)``: the default is ``MESSAGE_MS``, and a
    change to it left those four at the old value. ``10_000``, three times there, is ``2 * MESSAGE_MS``, as the
    window, the pictures and the models write it."""
    from gui.status_line import MESSAGE_MS

    by_hand = [
        f"{path.name}:{call.lineno}"
        for path in sorted((REPO / "gui").glob("*.py"))
        for call in _calls(path, "say")
        for arg in call.args[1:2]
        if isinstance(arg, ast.Constant) and arg.value in (MESSAGE_MS, 2 * MESSAGE_MS, 3 * MESSAGE_MS)
    ]
    assert by_hand == []


def test_a_bench_script_leaves_sys_path_to_whoever_runs_it() -> None:
    """``python bench/X.py`` has bench/ first on ``sys.path`` already; only this_checkout.py (the checkout's root)
    touches it. Five scripts carried ``BENCH = …; if … not in sys.path: sys.path.insert(0, BENCH)`` for tests."""
    touching = [
        f"{path.name}:{call.lineno}"
        for path in sorted((REPO / "bench").glob("*.py"))
        if path.name != "this_checkout.py"
        for call in _calls(path, "insert") + _calls(path, "append")
        if ast.unparse(call.func.value) == "sys.path"
    ]
    assert touching == []


def test_the_tests_loader_finds_a_bench_scripts_siblings(monkeypatch) -> None:
    """bench_fit.py imports its sibling rounds.py: loaded by its path with bench/ off ``sys.path``, it still is."""
    bench = str(REPO / "bench")
    monkeypatch.setattr(sys, "path", [p for p in sys.path if p != bench])
    for name in ("rounds", "bench_fit"):
        monkeypatch.delitem(sys.modules, name, raising=False)
    module = load_bench("bench_fit")
    assert module.check_rounds is sys.modules["rounds"].check_rounds
    assert sys.path.index(bench) == len(sys.path) - 1  # last: it hides no module of the library or the tests


def test_the_shipped_models_file_names_are_written_once() -> None:
    """``"seed.safetensors"`` stood in gui/comparing.py beside ``rowreader.checkpoint.SEED_NAME``, and training/ship.py
    wrote ``rowreader.safetensors`` out beside ``PRETRAINED_NAME``: a renamed file would be found by one, not both."""
    from rowreader.checkpoint import PRETRAINED_NAME, SEED_NAME

    names = (PRETRAINED_NAME, SEED_NAME)  # a run's default --out, runs/rowreader.safetensors, is another file
    texts = {path: path.read_text(encoding="utf-8") for package in ("rowreader", "gui", "training")
             for path in sorted((REPO / package).rglob("*.py"))}  # fmt: skip
    spelled = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for path, text in texts.items()
        if any(name in text for name in names)  # only those parsed: all 108 took 6 s at a load of 15
        for node in ast.walk(ast.parse(text))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if node.value in names or node.value.endswith(tuple(f"pretrained/{name}" for name in names))
    ]
    assert len(spelled) == len(names)  # each defined once, as a constant
    assert [place for place in spelled if not place.startswith("rowreader/checkpoint.py:")] == []
