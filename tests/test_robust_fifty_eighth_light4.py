"""The fifty-eighth round, light4: the light, torch-free install's Qt, where light3 and review35 left it.

``python -m gui`` refused a PySide6 outside the project's pin (6.12.0 aborts Python mid-use), but the two commands
that open the same window offscreen, ``python -m gui.screenshot`` and ``python -m gui.teach_screenshot``, ran on it;
and in a Python without Qt and without a display, the app said "no display" first: the person who then found one
(`ssh -X`) was told only then that Qt was missing.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PIN = "-m pip install 'PySide6-Essentials<6.12,>=6.7'"


def _qt_6_12(tmp_path: Path) -> dict[str, str]:
    """An environment whose first PySide6-Essentials, as its metadata says, is 6.12.0 (as pip leaves it)."""
    info = tmp_path / "site" / "pyside6_essentials-6.12.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: PySide6-Essentials\nVersion: 6.12.0\n")
    return {
        **os.environ,
        "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{REPO}",
        "QT_QPA_PLATFORM": "offscreen",
        "HOME": str(tmp_path),
    }


@pytest.mark.parametrize(
    "command",
    [["gui.screenshot", "shot.png"], ["gui.teach_screenshot", "--examples", "examples", "pictures"]],
)
def test_the_screenshot_commands_refuse_a_disallowed_qt_as_the_app_does(tmp_path, command):
    """On PySide6 6.12.0 `python -m gui.screenshot` drew and wrote its picture (status 0), and the teach's pictures
    were made with seconds of Qt's event loop, where the app refuses that Qt: each refuses it too, in one line
    naming the pip install that fixes it, before a file is written or an example copied."""
    (tmp_path / "examples" / "7").mkdir(parents=True)
    result = subprocess.run(
        [sys.executable, "-m", *command],
        capture_output=True,
        text=True,
        timeout=60,
        env=_qt_6_12(tmp_path),
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 2, result.stderr
    assert "PySide6 6.12.0" in result.stderr and PIN in result.stderr
    assert result.stderr.strip().splitlines()[-1].startswith(f"python -m {command[0]}: error: this Python")
    assert not (tmp_path / "shot.png").exists() and not (tmp_path / "pictures").exists()


def test_without_qt_or_a_display_the_app_names_qt_first(tmp_path):
    """The README's light install without PySide6 over a plain ssh (no $DISPLAY): `python -m gui` said "no display
    … start it from a desktop session, or over `ssh -X`"; done so, it then said that it needs Qt. Qt is named first,
    as it is where a display is there: the one line and status run_main gives a Python without Qt."""
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")}
    code = "import sys\nsys.modules['PySide6'] = None\nfrom rowreader.launch import run_main\n"
    result = subprocess.run(
        [sys.executable, "-c", code + "sys.exit(run_main('gui.__main__', 'rowreader-gui', ['--style', 'Fusion']))"],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "XDG_SESSION_TYPE": "tty"},
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("rowreader-gui: error: the app needs Qt (PySide6), which is not installed"), line
    assert PIN in line
