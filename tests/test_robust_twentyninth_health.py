"""The twenty-ninth round of hostile testing, the code's health: a name another module imports is not private.

The split of rowreader/picture.py left its seven modules importing each other's helpers by their private names
(``_pillow_quiet``, ``_load_as_stored``, ``_worded_errors``, …), and older modules did the same (``example_store``
five of ``example_folder``'s, ``lstm`` and ``gru`` the cells' ``_sub``, the app ``data._find``, a benchmark
replaced ``DrawingCanvas._paint`` on the class): 30 names in all. A reader takes a leading underscore to mean "used
here only", so each is public now, or moved to the one module that uses it; this keeps it so.
"""

from __future__ import annotations

import ast
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PACKAGES = ("rowreader", "gui", "training", "bench")
# what the project's modules import by: the packages, and the benchmarks' own modules (``from bench_drawn import …``)
OURS = {*PACKAGES, *(path.stem for path in (REPO / "bench").glob("*.py"))}


def _private(name: str) -> bool:
    return name.startswith("_") and not name.startswith("__")


def _crossings(path: Path) -> list[str]:
    """Where ``path`` takes a private name of another of the project's modules: ``from X import _name``, or
    ``Name._attr`` of a name it imported from the project (``DrawingCanvas._paint``)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    own: dict[str, str] = {}  # a name this file imported from the project → where from
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.split(".")[0] in OURS:
            for alias in node.names:
                if _private(alias.name):
                    found.append(f"{path.relative_to(REPO)}:{node.lineno}: from {node.module} import {alias.name}")
                else:
                    own[alias.asname or alias.name] = node.module
        elif isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] in OURS:
                    own[(alias.asname or alias.name).split(".")[0]] = alias.name
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and _private(node.attr):
            base = node.value
            while isinstance(base, ast.Attribute):
                base = base.value
            if isinstance(base, ast.Name) and base.id in own:
                found.append(f"{path.relative_to(REPO)}:{node.lineno}: {ast.unparse(node)} (of {own[base.id]})")
    return found


def test_no_module_takes_another_modules_private_names() -> None:
    """Every ``from X import _name`` and ``imported._name`` across rowreader/, gui/, training/ and bench/ (tests
    may look inside): 35 places, of 30 names, before this round; none now."""
    files = sorted(path for package in PACKAGES for path in (REPO / package).rglob("*.py"))
    assert len(files) > 100, files  # the packages were found
    crossings = [where for path in files for where in _crossings(path)]
    assert not crossings, "\n".join(crossings)
