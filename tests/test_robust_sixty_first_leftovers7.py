"""The sixty-first round's leftovers (area leftovers7), each test seen failing on the code before its fix but the
message boxes' parents, which were sound: an import's drawing whose picture is gone, named as the other files it
skips are; a `--` before a command's flags, said to end them; every message box of the app made over its window."""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest
from PIL import Image

from rowreader.example_folder import LONE_SIDECAR
from rowreader.example_store import ExampleStore
from rowreader.skipped_files import skipped_kinds

REPO = Path(__file__).resolve().parents[1]


def _source_with_a_lone_sidecar(root: Path) -> Path:
    """An ImageFolder of one 3 and the strokes of another whose picture was left out of the copy."""
    (root / "3").mkdir(parents=True)
    Image.fromarray(np.eye(28, dtype=np.uint8) * 255).save(root / "3" / "a.png")
    strokes = {"format": "rowreader-example", "version": 1, "label": 3, "strokes": []}
    (root / "3" / "b.json").write_text(json.dumps(strokes))
    (root / "3" / "notes.txt").write_text("not an example: left unsaid\n")
    return root / "3" / "b.json"


def test_an_imports_drawing_without_its_picture_is_named(tmp_path) -> None:
    """3/b.json without 3/b.png was passed over without a word, where every other file an import skips is named."""
    lone = _source_with_a_lone_sidecar(tmp_path / "source")
    imported = ExampleStore(tmp_path / "examples").import_folder(tmp_path / "source")
    assert len(imported.added) == 1
    assert imported.problems == [f"{lone}: {LONE_SIDECAR}"]
    assert skipped_kinds(imported.problems) == "1 drawing (.json) without its picture"  # not "1 damaged file"


def test_a_sidecar_a_picture_owns_is_not_named(tmp_path) -> None:
    """b.json beside b.jpg alone is b.jpg's (the only picture of its name), and a hidden .json is no example."""
    lone = _source_with_a_lone_sidecar(tmp_path / "source")
    Image.fromarray(np.eye(28, dtype=np.uint8) * 255).save(lone.with_suffix(".jpg"))
    (lone.parent / ".c.json").write_text("{}")
    imported = ExampleStore(tmp_path / "examples").import_folder(tmp_path / "source")
    assert len(imported.added) == 2 and imported.problems == []


def _run(tmp_path: Path, words: list[str]) -> subprocess.CompletedProcess[str]:
    environ = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, "-m", *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ
    )


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (
            ["training", "--", "--out", "r"],
            "unrecognized arguments: -- --out r; -- ends the options, so --out after it is read as a name: drop the --",
        ),
        (
            ["rowreader", "download", "--", "--data-dir", "d", "--data-dir=e", "--download"],
            "unrecognized arguments: -- --data-dir d --data-dir=e --download; -- ends the options, so --data-dir "
            "after it is read as a name: drop the --",
        ),
        (
            ["training.fit", "--", "--out", "r", "--epochs=2"],
            "unrecognized arguments: -- --out r --epochs=2; -- ends the options, so --out and --epochs after it are "
            "read as names: drop the --",
        ),
        (
            ["gui", "--", "x"],
            "unrecognized arguments: -- x; -- ends the options, and this command takes no names after it",
        ),
    ],
)
def test_a_double_dash_before_the_flags_is_said_to_end_them(tmp_path, words, said) -> None:
    """`python -m training -- --out r` (`npm run x -- --flag`'s habit) was "unrecognized arguments: -- --out r"
    alone, which did not say that `--` made --out a name."""
    result = _run(tmp_path, words)
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1].endswith(f": error: {said}"), result.stderr


BOX_MAKERS = {"QMessageBox", "plain_box", "question", "warning", "information", "critical", "about"}


def _parentless_boxes(source: str) -> list[int]:
    """The lines of ``source`` that make a message box with no parent, or None: Qt centres a box over its parent,
    and one without opens wherever the window manager puts it (the screen's top-left, under openbox)."""
    lines = []
    for node in ast.walk(ast.parse(source)):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
        static = isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "QMessageBox"
        if name not in {"QMessageBox", "plain_box"} and not (static and name in BOX_MAKERS):
            continue
        # QMessageBox(icon, title, text, buttons, parent), plain_box(icon, title, text, parent), question(parent, …)
        at = {"QMessageBox": 4, "plain_box": 3}.get(name, 0)
        given = [kw.value for kw in node.keywords if kw.arg == "parent"] or node.args[at : at + 1]
        if not given or (isinstance(given[0], ast.Constant) and given[0].value is None):
            lines.append(node.lineno)
    return lines


def test_every_message_box_of_the_app_is_made_over_a_window() -> None:
    """A box made without a parent opened at the screen's top-left under openbox, not over the window."""
    found = {path.name: lines for path in (REPO / "gui").glob("*.py") if (lines := _parentless_boxes(path.read_text()))}
    assert found == {}
    assert _parentless_boxes("QMessageBox.question(None, 't', 'x')\nplain_box(i, t, x)\nQMessageBox(i, t, x)") == [
        1,
        2,
        3,
    ]
