"""The fifty-ninth round, review43: light5's Qt checks reviewed at their edges.

A checkout run from $PYTHONPATH, not installed, had no Qt pin: 6.12.0 started, and the install named for a missing
Qt was the bare package, which pip resolves to that very 6.12.0. And the version read from PySide6's ``__init__.py``
as text was the first line that began ``__version__ = "…"``, inside a docstring too, or the first string of a sum.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


def _asked(tmp_path: Path, path: list[Path], code: str) -> list[str]:
    """What ``code`` prints in a Python without site-packages (no project metadata, no pip's Qt) whose path is
    ``path``: each line."""
    run = f"import sys; sys.path[:0] = {[str(p) for p in path]!r}\n{code}"
    result = subprocess.run(
        [sys.executable, "-S", "-c", run], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def test_a_checkout_not_installed_keeps_to_its_pyprojects_qt_pin(tmp_path):
    """A checkout run on $PYTHONPATH, never installed, has no metadata: the app let 6.12.0 start (no pin to judge
    by) and named `pip install PySide6-Essentials` for a missing Qt, which installs 6.12.0, which it should refuse.
    The pin is read from the checkout's own pyproject.toml (one definition); another project's file is not it."""
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "rowreader", checkout / "rowreader", ignore=shutil.ignore_patterns("pretrained", "__py*"))
    shutil.copy(REPO / "pyproject.toml", checkout)
    deps = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    (pin,) = [d for d in deps if d.startswith("PySide6-Essentials")]
    code = (
        "from rowreader.needs_torch import install_words, qt_refused, qt_requirement\n"
        "print(qt_requirement()); print(qt_refused('6.12.0') is not None); print(qt_refused('6.11.3'))\n"
        "print(install_words('the app', 'PySide6'))\n"
    )
    wanted, refused, allowed, words = _asked(tmp_path, [checkout], code)
    assert (wanted, refused, allowed) == (pin, "True", "None")
    assert f"pip install '{pin}'`" in words, words
    (checkout / "pyproject.toml").write_text(f'[project]\nname = "other"\ndependencies = ["{pin}"]\n')
    assert _asked(tmp_path, [checkout], code)[:2] == ["PySide6-Essentials", "False"]
    (checkout / "pyproject.toml").write_text('project = "rowreader"\n')  # TOML, not a project's table
    assert _asked(tmp_path, [checkout], code)[:2] == ["PySide6-Essentials", "False"]


@pytest.mark.parametrize(
    ("init", "version"),
    [
        ('"""Notes.\n__version__ = "6.11.3"\n"""\n__version__ = "6.12.0"\n', "6.12.0"),  # a docstring's line first
        ("# __version__ = '6.11.3'\n__version__ = '6.12.0'\n", "6.12.0"),  # a comment's: held before too
        ('__version__ = "6" + ".12.0"\n', "None"),  # computed: not guessed (was "6", refused as "PySide6 6")
        ('__version__ = "6.11.3"\n__version__ = ".".join(("6", "12", "0"))\n', "None"),  # the last one is Qt's
        ('__version__ = "6.12.0"  # set by the build\n__version_info__ = (6, 12, 0)\n', "6.12.0"),
        ("    __version__ = '6.11.3'\n", "None"),  # indented: no module-level line (Python refuses it)
    ],
)
def test_the_version_is_the_one_python_would_set_not_a_line_that_looks_like_it(tmp_path, init, version):
    """A PySide6 whose ``__init__.py`` has ``__version__ = "6.11.3"`` in its docstring before its own 6.12.0 was
    judged 6.11.3 and started; ``"6" + ".12.0"`` was read as 6. The statements Python runs are read (tokenised, not
    run): the last module-level ``__version__ = "…"``, where its value is one plain string, else none (let be)."""
    (tmp_path / "site" / "PySide6").mkdir(parents=True)
    (tmp_path / "site" / "PySide6" / "__init__.py").write_text(init)
    code = "from rowreader.needs_torch import qt_version; import sys; print(qt_version(), 'PySide6' in sys.modules)"
    assert _asked(tmp_path, [tmp_path / "site", REPO], code) == [f"{version} False"]


def test_a_qt_whose_init_declares_another_encoding_is_read_in_it(tmp_path):
    """An ``__init__.py`` in Latin-1 with its coding line (Python imports it so) was "not UTF-8 text": its 6.12.0
    was let be. It is read as Python reads it; bytes not in its encoding are still let be, not guessed."""
    qt = tmp_path / "site" / "PySide6"
    qt.mkdir(parents=True)
    (qt / "__init__.py").write_bytes(b'# -*- coding: latin-1 -*-\n# Gr\xfc\xdfe\n__version__ = "6.12.0"\n')
    code = "from rowreader.needs_torch import qt_version; print(qt_version())"
    assert _asked(tmp_path, [tmp_path / "site", REPO], code) == ["6.12.0"]
    (qt / "__init__.py").write_bytes(b'# Gr\xfc\xdfe\n__version__ = "6.12.0"\n')
    assert _asked(tmp_path, [tmp_path / "site", REPO], code) == ["None"]
