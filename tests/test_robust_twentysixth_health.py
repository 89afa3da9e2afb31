"""The twenty-sixth round, health: the code read as a student learning from it reads it.

gui/teaching.py passed the status bar's 5000 ms by hand four times beside ``MESSAGE_MS``, its one definition;
gui/comparing.py and training/ship.py spelled the shipped models' file names beside rowreader/checkpoint.py's
constants.
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


def test_the_shipped_models_file_names_are_written_once() -> None:
    """``"seed.safetensors"`` stood in gui/comparing.py beside ``rowreader.checkpoint.SEED_NAME``, and training/ship.py
    wrote ``rowreader.safetensors`` out beside ``PRETRAINED_NAME``: a renamed file would be found by one, not both."""
    from rowreader.checkpoint import PRETRAINED_NAME, SEED_NAME

    names = (PRETRAINED_NAME, SEED_NAME)  # a run's default --out, runs/rowreader.safetensors, is another file
    spelled = [
        f"{path.relative_to(REPO)}:{node.lineno}"
        for package in ("rowreader", "gui", "training")
        for path in sorted((REPO / package).rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Constant) and isinstance(node.value, str)
        if node.value in names or node.value.endswith(tuple(f"pretrained/{name}" for name in names))
    ]
    assert len(spelled) == len(names)  # each defined once, as a constant
    assert [place for place in spelled if not place.startswith("rowreader/checkpoint.py:")] == []
