"""The twenty-third round of hostile testing, the code's health: gui/ read module by module as a student reads it,
each docstring and comment against the code, and the README's and docs' claims about the app against what it does."""

from __future__ import annotations

import importlib
import io
import re
import tokenize
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

# A dotted name of the project's own: gui.screen_room.show_beside, rowreader.output.one_line; not a file's name
# ("rowreader.safetensors", "training.log")
DOTTED = re.compile(r"(?<![\w./-])((?:gui|rowreader|training)(?:\.[A-Za-z_]\w*)+)(?![\w-])")
FILE_ENDINGS = {"conf", "csv", "json", "log", "md", "png", "pt", "py", "safetensors", "teaching", "txt"}


def _prose(path: Path) -> list[str]:
    """The comments and docstrings of a Python file: where a reader is told what to read next."""
    tokens = tokenize.generate_tokens(io.StringIO(path.read_text(encoding="utf-8")).readline)
    return [t.string for t in tokens if t.type == tokenize.COMMENT or t.string.startswith(('"""', 'r"""'))]


def _resolves(dotted: str) -> bool:
    """Whether ``dotted`` names a module of the project, or something in one."""
    parts = dotted.split(".")
    for split in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module(".".join(parts[:split]))
        except ImportError:
            continue
        for name in parts[split:]:
            if not hasattr(found, name):
                return False
            found = getattr(found, name)
        return True
    return False


def test_every_module_and_name_the_code_s_comments_send_a_reader_to_exists():
    """gui/session_view.py sent a reader to ``gui.tips.TIP_CHARS`` and ``gui.tips.show_beside``: there is no
    gui/tips.py (the one became gui.plain_text's, the other gui.screen_room's). Every dotted name of the project's
    that a comment or docstring of gui/, rowreader/ or training/ gives is one that can be imported."""
    files = [p for folder in ("gui", "rowreader", "training") for p in sorted((REPO / folder).rglob("*.py"))]
    named = {
        (path.relative_to(REPO).as_posix(), dotted)
        for path in files
        for text in _prose(path)
        for dotted in DOTTED.findall(text)
        if dotted.rpartition(".")[2] not in FILE_ENDINGS
    }
    assert len(named) > 50  # the check reads what it is meant to
    assert [(where, dotted) for where, dotted in sorted(named) if not _resolves(dotted)] == []
