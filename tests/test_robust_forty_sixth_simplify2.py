"""The forty-sixth round of hostile testing, simplify2: one definition of each thing, as the round's review5, review6
and newcomer helpers saw it left: two functions of one name, two ways of saying how a command was typed, and two
wordings of one cut-off checkpoint; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _public_functions(package: str) -> dict[str, list[str]]:
    """Each public top-level function or class name of ``package``'s modules → the modules that define it."""
    where: dict[str, list[str]] = defaultdict(list)
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.FunctionDef | ast.ClassDef) and not node.name.startswith("_"):
                where[node.name].append(path.relative_to(ROOT).as_posix())
    return where


def test_no_two_functions_of_the_library_share_a_name():
    """``rowreader.model.real_number`` (is a value read from a file a finite real number?) and
    ``rowreader.number_text.real_number`` (the ``type=`` of a real-number flag) were two functions of one name, so a
    reader of ``real_number(value)`` had to look up which import it was. The test is ``is_real_number`` now, as the
    library's other yes/no tests are named; the flag's type keeps ``real_number``, beside ``whole_number``."""
    shared = {name: modules for name, modules in _public_functions("rowreader").items() if len(modules) > 1}
    assert shared == {}
