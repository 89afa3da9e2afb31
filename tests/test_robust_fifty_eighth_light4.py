"""The fifty-eighth round, light4: the light, torch-free install's Qt, where light3 and review35 left it.

``python -m gui`` refused a PySide6 outside the project's pin (6.12.0 aborts Python mid-use), but the two commands
that open the same window offscreen, ``python -m gui.screenshot`` and ``python -m gui.teach_screenshot``, ran on it;
and in a Python without Qt and without a display, the app said "no display" first: the person who then found one
(`ssh -X`) was told only then that Qt was missing.
"""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
PIN = "-m pip install 'PySide6-Essentials<6.12,>=6.7'"


def run_python(tmp_path: Path, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    """This Python run on ``args`` in ``tmp_path`` (its home too), in ``env``: each check of a Qt starts as a user's
    command does, in a process of its own."""
    return subprocess.run(
        [sys.executable, *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**env, "HOME": str(tmp_path)},
        cwd=tmp_path,
        check=False,
    )


def qt_on_the_path(folder: Path, version: str) -> Path:
    """A PySide6 whose ``__init__.py`` says ``version``, in ``folder``/site to put first on the path (as $PYTHONPATH,
    or a system's Qt, puts one before pip's), with no metadata of its own."""
    qt = folder / "site" / "PySide6"
    qt.mkdir(parents=True)
    (qt / "__init__.py").write_text(f'__version__ = "{version}"\n')
    return qt


def unloadable_qt(folder: Path) -> Path:
    """An allowed PySide6 (6.11.3, :func:`qt_on_the_path`) whose compiled parts are damaged (no ELF at all): met by
    the same loader, and said alike, as a server's Qt without libEGL."""
    import importlib.machinery

    qt = qt_on_the_path(folder, "6.11.3")
    for part in ("QtCore", "QtGui", "QtWidgets"):
        (qt / f"{part}{importlib.machinery.EXTENSION_SUFFIXES[0]}").write_bytes(b"not a shared object\n" * 8)
    return qt


def _qt_6_12(tmp_path: Path) -> dict[str, str]:
    """An environment whose first PySide6 is 6.12.0, its metadata and its ``__init__.py`` (as pip leaves them); its
    compiled parts are this Python's own, which the screenshot commands import as they load."""
    info = tmp_path / "site" / "pyside6_essentials-6.12.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: PySide6-Essentials\nVersion: 6.12.0\n")
    (tmp_path / "site" / "PySide6").mkdir()
    parts = importlib.util.find_spec("PySide6").submodule_search_locations[0]
    (tmp_path / "site" / "PySide6" / "__init__.py").write_text(
        f'__version__ = "6.12.0"\nfrom shiboken6 import Shiboken\n__path__.append({parts!r})\n'
    )
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
    result = run_python(tmp_path, ["-m", *command], _qt_6_12(tmp_path))
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
    code += "sys.exit(run_main('gui.__main__', 'rowreader-gui', ['--style', 'Fusion']))"
    result = run_python(tmp_path, ["-c", code], {**env, "PYTHONPATH": str(REPO), "XDG_SESSION_TYPE": "tty"})
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith("rowreader-gui: error: the app needs Qt (PySide6), which is not installed"), line
    assert PIN in line


def _judged_without_pip(tmp_path: Path, init: str) -> subprocess.CompletedProcess[str]:
    """What the app makes of a PySide6 that pip did not install (a system's or conda's: its own ``__init__.py``, no
    PySide6-Essentials metadata), in a Python without site-packages whose project metadata has the pin."""
    site = tmp_path / "site"
    (site / "PySide6").mkdir(parents=True)
    (site / "PySide6" / "__init__.py").write_text(init)
    info = site / "rowreader-0.1.0.dist-info"
    info.mkdir()
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: rowreader\nVersion: 0.1.0\nRequires-Dist: PySide6-Essentials<6.12,>=6.7\n"
    )
    code = (
        f"import sys; sys.path[:0] = [{str(site)!r}, {str(REPO)!r}]\n"
        "from rowreader.needs_torch import installed_qt_refused, qt_version\n"
        "print(qt_version()); print(installed_qt_refused())\n"
    )
    return subprocess.run(
        [sys.executable, "-S", "-c", code], capture_output=True, text=True, timeout=60, cwd=tmp_path, check=False
    )


def test_a_qt_pip_did_not_install_is_judged_by_its_own_version(tmp_path):
    """A PySide6 from the system's packages or conda's has no PySide6-Essentials metadata, and was let be, whatever
    its version: 6.12.0 aborts Python however it came. Its version is read from its ``__init__.py`` as text (nothing
    of Qt imported or run), and judged as pip's is."""
    init = '"""PySide6, as its build writes it."""\n__version__ = "6.12.0"\n__version_info__ = (6, 12, 0, "", "")\n'
    result = _judged_without_pip(tmp_path, init)
    assert result.returncode == 0, result.stderr
    version, refused = result.stdout.splitlines()
    assert version == "6.12.0"
    assert "has PySide6 6.12.0" in refused and PIN in refused


@pytest.mark.parametrize(
    ("init", "version"),
    [('__version__ = "6.11.3"\n', "6.11.3"), ("import os\n__version__ = os.environ['X']\n", "None"), ("", "None")],
)
def test_a_qt_pip_did_not_install_within_the_pin_or_unread_is_let_be(tmp_path, init, version):
    """An allowed one starts, and one whose version is not written out plainly is not guessed at (nor run)."""
    result = _judged_without_pip(tmp_path, init)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [version, "None"]


@pytest.mark.parametrize("command", [["gui"], ["gui.screenshot", "shot.png"]])
def test_a_qt_that_cannot_load_its_compiled_parts_is_one_line(tmp_path, command):
    """The light install on a server without libEGL (PySide6's QtGui needs it, and libGL, libfontconfig …): `python
    -m gui` and `python -m gui.screenshot` ended in 20 lines of traceback, "ImportError: libEGL.so.1: cannot open
    shared object file". One line says that Qt cannot load which part, the loader's reason, and where to look; a
    damaged compiled file (here, one that is no ELF at all) is met by the same loader and said alike."""
    qt = unloadable_qt(tmp_path)
    env = {**os.environ, "PYTHONPATH": f"{tmp_path / 'site'}{os.pathsep}{REPO}", "QT_QPA_PLATFORM": "offscreen"}
    result = run_python(tmp_path, ["-m", *command], env)
    assert result.returncode == 1, result.stderr
    (line,) = result.stderr.splitlines()
    assert line.startswith(f"python -m {command[0]}: error: Qt (PySide6, in {qt}) cannot load Qt"), line
    assert "Linux desktop packages" in line and "Traceback" not in line
    assert not (tmp_path / "shot.png").exists()
