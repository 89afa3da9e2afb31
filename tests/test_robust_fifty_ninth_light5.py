"""The fifty-ninth round, light5: the light, torch-free install's Qt checks, where light4 and mutants13 left them.

The PySide6 judged was the one pip's metadata named, not the one Python imports: with pip's 6.11.3 installed, a
6.12.0 on $PYTHONPATH started the app. A 5,000-digit ``__version__`` stopped the check with Python's int limit. And
two faults of this Python were said one start apart, the second news only after the first was mended: "no display"
before a Qt that cannot load, and `--device cuda`'s "needs PyTorch" before "needs Qt".
"""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

import pytest
from test_robust_fifty_eighth_light4 import PIN, qt_on_the_path, run_python, unloadable_qt

from rowreader.needs_torch import qt_refused

REPO = Path(__file__).resolve().parents[1]


def _gui(
    tmp_path: Path, args: list[str], env: dict[str, str], code: str = "", module: str = "gui.__main__"
) -> subprocess.CompletedProcess[str]:
    """`python -m gui ARGS` (or ``module``) as run_main runs it, named "gui", ``code`` run first, in ``env`` with the
    project on the path."""
    run = f"import sys\n{code}\nfrom rowreader.launch import run_main\n"
    run += f"sys.exit(run_main({module!r}, 'gui', {args!r}))"
    return run_python(tmp_path, ["-c", run], env)


def test_the_qt_python_finds_first_is_judged_not_pips_metadata(tmp_path):
    """pip's PySide6-Essentials 6.11.3 installed (its metadata read), a 6.12.0 first on $PYTHONPATH: the app judged
    6.11.3 and started on 6.12.0, which aborts mid-use. The PySide6 imported is judged, and its folder named (pip's
    install does not move it)."""
    qt = qt_on_the_path(tmp_path, "6.12.0")
    env = {**os.environ, "PYTHONPATH": f"{qt.parent}{os.pathsep}{REPO}", "QT_QPA_PLATFORM": "offscreen"}
    result = _gui(tmp_path, [], env)
    assert result.returncode == 2, result.stderr
    line = result.stderr.splitlines()[-1]  # after the usage, as a refused flag's
    assert line.startswith("gui: error: this Python") and "Traceback" not in result.stderr
    assert f"has PySide6 6.12.0 (in {qt})" in line and PIN in line, line


def test_a_version_of_five_thousand_digits_is_judged_not_a_traceback(tmp_path):
    """A ``__version__`` of 5,000 digits ended the check in "ValueError: Exceeds the limit (4300 digits) for
    integer string conversion", a traceback where a version so far past the pin is refused. Numbers are compared as
    pip does: 6, then 5,000 zeros and 11, is 6.11, let be."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env = {**env, "XDG_SESSION_TYPE": "tty"}
    qt = qt_on_the_path(tmp_path / "far", "9" * 5000)
    result = _gui(tmp_path, [], {**env, "PYTHONPATH": f"{qt.parent}{os.pathsep}{REPO}"})
    assert result.returncode == 2, result.stderr
    assert f"has PySide6 {'9' * 5000} (in {qt})" in result.stderr and "Traceback" not in result.stderr
    assert qt_refused(f"6.{'0' * 5000}11") is None
    assert qt_refused(f"6.{'0' * 5000}12") is not None


def test_a_qt_that_cannot_load_is_said_before_no_display(tmp_path):
    """A server's light install without libEGL, over plain ssh: the app said "no display … or over `ssh -X`"; done
    so, it said only then that Qt cannot load at all. The Qt is loaded first (it needs no display to load), and
    its failure is the one line run_main gives it."""
    qt = unloadable_qt(tmp_path)
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env = {**env, "PYTHONPATH": f"{qt.parent}{os.pathsep}{REPO}", "XDG_SESSION_TYPE": "tty"}
    result = _gui(tmp_path, [], env)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"gui: error: Qt (PySide6, in {qt}) cannot load Qt"), line


def test_without_qt_or_torch_a_device_names_qt_first(tmp_path):
    """The light install without PySide6: `python -m gui --device cuda` said that --device cuda needs PyTorch;
    installed (the CUDA build is 6.1 GB), the app then said that it needs Qt, without which it cannot start at all.
    Qt is named first, in run_main's one line, torch not imported."""
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    code = "sys.modules['PySide6'] = sys.modules['torch'] = sys.modules['torchvision'] = None"
    result = _gui(tmp_path, ["--device", "cuda"], env, code)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("gui: error: the app needs Qt (PySide6), which is not installed"), line
    assert PIN in line and "PyTorch" not in line


def test_without_torch_or_a_display_a_device_says_no_display_first(tmp_path):
    """The light install over plain ssh: `python -m gui --device cuda` said that it needs PyTorch; installed, the app
    then said that there is no display to open the window on, which it needed first."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    env = {**env, "PYTHONPATH": str(REPO), "XDG_SESSION_TYPE": "tty"}
    result = _gui(tmp_path, ["--device", "cuda"], env, "sys.modules['torch'] = sys.modules['torchvision'] = None")
    assert result.returncode == 2, result.stderr
    assert result.stderr.splitlines()[-1].startswith("gui: error: no display to open the window on"), result.stderr


def test_a_pin_clause_that_cannot_be_judged_leaves_the_others_judged(tmp_path, monkeypatch):
    """A pin holding one clause the reader does not judge (``~=6.8``, ``!=6.12.*``) left the whole pin unjudged, and
    6.12.0 started though its ``<6.12`` refuses it. The clauses it can judge still refuse what they refuse; what
    only the other would refuse is let be (not guessed at)."""
    info = tmp_path / "rowreader-0.0.1.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rowreader\nVersion: 0.0.1\nRequires-Dist: PySide6-Essentials<6.12,~=6.8\n"
    )
    monkeypatch.syspath_prepend(str(tmp_path))
    assert "has PySide6 6.12.0" in qt_refused("6.12.0")
    assert qt_refused("6.11.3") is None and qt_refused("6.7.1") is None


BARE_QT_FOLDER = """
import importlib.abc, importlib.machinery, sys
class BareFolder(importlib.abc.MetaPathFinder):  # PySide6 found only as FOLDER, a folder without its __init__.py
    def find_spec(self, name, path, target=None):
        if name == "PySide6":
            return importlib.machinery.PathFinder.find_spec(name, [FOLDER])
sys.meta_path.insert(0, BareFolder())
"""


@pytest.mark.parametrize(("module", "args"), [("gui.__main__", []), ("gui.screenshot", ["shot.png"])])
def test_a_bare_qt_folder_is_no_qt(tmp_path, module, args):
    """A Python without Qt where a folder named PySide6 lies on the path (what an uninstall can leave, or one where
    the app is started): Python takes it for an empty namespace package, and the app ended in a traceback, "No
    module named 'PySide6.QtCore'", as did `gui.screenshot`. Each says that it needs Qt, in run_main's one line."""
    (tmp_path / "PySide6").mkdir()
    env = {**os.environ, "PYTHONPATH": str(REPO), "QT_QPA_PLATFORM": "offscreen"}
    result = _gui(tmp_path, args, env, BARE_QT_FOLDER.replace("FOLDER", repr(str(tmp_path))), module)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("gui: error: the app needs Qt (PySide6), which is not installed"), line
