"""The fifty-seventh round, light3: the light, torch-free install as the README makes it.

PySide6-Essentials 6.12.0 (the newest on this machine's index) opened the window, then aborted Python mid-use
("Fatal Python error: none_dealloc: deallocating None", status 134) after about thirty Ctrl+R's, the drawing lost:
the pin ``<6.12`` is only pip's, and ``pip install --no-deps -e .`` (the light install) or a later ``pip install -U``
never applies it. The app now refuses at start a Qt its metadata does not allow, with the pip install that fixes it.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from without_torch import without_torch

from rowreader.needs_torch import qt_refused, qt_requirement

REPO = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize("version", ["6.12.0", "6.12.1", "7.0", "6.6.3.1", "6.12.0a1"])
def test_a_qt_outside_the_projects_range_is_refused_with_the_install_that_fixes_it(version):
    assert qt_requirement() == "PySide6-Essentials<6.12,>=6.7"  # the pin this test reads, from pyproject.toml
    words = qt_refused(version)
    assert words is not None
    assert f"PySide6 {version}" in words
    assert "-m pip install 'PySide6-Essentials<6.12,>=6.7'" in words


@pytest.mark.parametrize("version", ["6.7", "6.7.0", "6.8.2.1", "6.11.3"])
def test_a_qt_inside_the_range_is_let_be(version):
    assert qt_refused(version) is None


def test_the_app_refuses_a_disallowed_qt_before_its_window(tmp_path):
    """A PySide6-Essentials 6.12.0 found first on the path (its metadata and ``__init__.py``, as pip leaves them)
    stops `python -m gui` in one line before Qt is imported, where the window opened and aborted later."""
    info = tmp_path / "site" / "pyside6_essentials-6.12.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: PySide6-Essentials\nVersion: 6.12.0\n")
    (tmp_path / "site" / "PySide6").mkdir()
    (tmp_path / "site" / "PySide6" / "__init__.py").write_text('__version__ = "6.12.0"\n')
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{REPO}", "QT_QPA_PLATFORM": "offscreen"}
    env["HOME"] = str(tmp_path)
    result = subprocess.run(
        [sys.executable, "-m", "gui"], capture_output=True, text=True, timeout=60, env=env, check=False
    )
    assert result.returncode == 2, result.stderr
    assert "PySide6 6.12.0" in result.stderr
    assert "-m pip install 'PySide6-Essentials<6.12,>=6.7'" in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith("python -m gui: error: ")


def test_the_help_of_the_commands_that_need_torch_answers_without_it(tmp_path):
    """The README's light install: training's and evaluate's `--help` and the app's `--version` answer in a Python
    without torch (measured with `-X importtime` in the full one: none imports it). Pinned here, one Python for all;
    an `import torch` creeping into their parsers' imports fails it."""
    result = without_torch(
        """
        import contextlib, io, runpy
        for argv in (["training.fit", "--help"], ["training.merge", "--help"], ["rowreader", "evaluate", "--help"],
                     ["rowreader", "download", "--help"], ["gui", "--version"]):
            sys.argv = [f"python -m {argv[0]}", *argv[1:]]
            out = io.StringIO()
            with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
                runpy.run_module(argv[0], run_name="__main__", alter_sys=True)
            print(argv, out.getvalue().startswith(("usage:", "python -m gui ")), file=sys.stderr)
        """,
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stderr.splitlines()
    assert len(lines) == 5 and all(line.endswith(" True") for line in lines), result.stderr
