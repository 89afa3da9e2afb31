"""The twenty-sixth round, health: the code read as a student learning from it reads it.

gui/teaching.py passed the status bar's 5000 ms by hand four times beside ``MESSAGE_MS``, its one definition.
"""

from __future__ import annotations

import ast
from pathlib import Path

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
    change to it left those four at the old value."""
    from gui.status_line import MESSAGE_MS

    by_hand = [
        f"{path.name}:{call.lineno}"
        for path in sorted((REPO / "gui").glob("*.py"))
        for call in _calls(path, "say")
        for arg in call.args[1:2]
        if isinstance(arg, ast.Constant) and arg.value == MESSAGE_MS
    ]
    assert by_hand == []
