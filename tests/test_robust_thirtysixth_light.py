"""The thirty-sixth round of hostile testing, light: the app, the library and the commands in a Python without torch
(numpy, Pillow, safetensors, Qt and the project installed with ``--no-deps``), as a user of that light install
meets them; each test checked to fail on the code before its fix.

torch's absence is simulated as its removal would be: ``sys.modules["torch"] = None`` makes ``import torch`` fail
with ``ModuleNotFoundError`` naming it, and ``importlib.util.find_spec`` say it is not there.
"""

from __future__ import annotations

import importlib.abc
import re
import sys
import tomllib
from pathlib import Path

import pytest
from gui_window import open_shipped_window, shown
from PySide6.QtCore import QSettings
from without_torch import without_torch

from gui.main_window import MainWindow
from rowreader.checkpoint import pretrained_path
from rowreader.cli import main

REPO = Path(__file__).resolve().parents[1]


class _Absent(importlib.abc.MetaPathFinder):
    """Finds torch and torchvision nowhere, as a Python without them does."""

    def find_spec(self, name: str, path: object, target: object = None) -> None:
        if name.partition(".")[0] in ("torch", "torchvision"):
            raise ModuleNotFoundError(f"No module named {name!r}", name=name)


@pytest.mark.parametrize(
    ("command", "prog"),
    [
        ("from training.__main__ import run; sys.argv = ['rowreader-fit', '--epochs', '1']", "rowreader-fit"),
        ("from rowreader.__main__ import run; sys.argv = ['rowreader', 'evaluate']", "rowreader"),
    ],
)
def test_thirtysixth_light_training_and_evaluate_say_what_to_install(tmp_path: Path, command: str, prog: str) -> None:
    """Without torch, `python -m training.fit` (`rowreader-fit`) and `rowreader evaluate` printed a page of
    importlib's traceback ending "ModuleNotFoundError: No module named 'torch'". They say, on one line, that they
    need PyTorch and the command that installs it into this Python, and end with status 1."""
    result = without_torch(f"{command}\nsys.exit(run())", tmp_path)
    assert result.returncode == 1, result.stderr
    assert "Traceback" not in result.stderr and len(result.stderr.splitlines()) == 1, result.stderr
    assert result.stderr.startswith(f"{prog}: error: this command needs PyTorch (torch), which is not installed")
    assert f"{sys.executable} -m pip install 'torch<2.15' 'torchvision<0.30'" in result.stderr


def test_thirtysixth_light_the_app_with_a_device_says_it_needs_pytorch(tmp_path: Path) -> None:
    """`python -m gui --device cuda` without torch said "this command needs PyTorch" (a traceback before this
    round), though the app reads without it: it names the flag that needs it, as a refused flag (status 2)."""
    result = without_torch(
        "from gui.__main__ import run; sys.argv = ['rowreader-gui', '--device', 'cuda']\nsys.exit(run())", tmp_path
    )
    assert result.returncode == 2, result.stderr
    assert "rowreader-gui: error: --device cuda needs PyTorch (torch), which is not installed" in result.stderr
    assert "Traceback" not in result.stderr


def test_thirtysixth_light_download_says_torchvision_is_missing_not_the_internet(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Without torchvision, `rowreader download` (and the app's offer of MNIST, which runs it) said "could not
    download MNIST into X: No module named 'torchvision'. Without internet: copy the four files …", as if the
    network were the trouble. It names torchvision and how to install it, the copying by hand as the other way."""
    for name in [name for name in sys.modules if name.partition(".")[0] == "torchvision"]:
        monkeypatch.delitem(sys.modules, name)  # put back after the test
    monkeypatch.setattr(sys, "meta_path", [_Absent(), *sys.meta_path])
    folder = tmp_path / "mnist"
    assert main(["download", "--data-dir", str(folder)]) == 1
    said = capsys.readouterr().err
    assert "fetching it needs torchvision, which is not installed in this Python" in said, said
    assert "-m pip install 'torch<2.15' 'torchvision<0.30'" in said and "Or copy the four files" in said
    assert "No module named" not in said and "Without internet" not in said
    assert not folder.exists()  # nothing made for nothing


def test_thirtysixth_light_ctrl_t_says_teaching_needs_pytorch(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+T without torch started the fine-tune, whose dialog then showed the last lines of its traceback
    ("File …/training/fit.py, line 27, in <module> import torch / ModuleNotFoundError: No module named 'torch'").
    It says at once that teaching needs PyTorch and how to install it, and starts nothing."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    monkeypatch.setitem(sys.modules, "torch", None)
    window.teaching.teach_action.trigger()
    assert window.teaching.process is None and window.teaching.dialog is None
    title, message = window.last_error
    assert title == "Teaching needs PyTorch"
    assert message.startswith("Teaching needs PyTorch (torch), which is not installed in this Python")
    assert "-m pip install 'torch<2.15' 'torchvision<0.30'" in message


def test_thirtysixth_light_ctrl_r_without_torchvision_offers_no_download(qtbot, tmp_path: Path, monkeypatch) -> None:
    """Ctrl+R on a machine without MNIST nor torchvision offered "Download them now?", and Download could only fail
    ("Could not download MNIST": "fetching it needs torchvision …", in the window), as the action's tooltip said it
    would. The question says at once what downloading needs and how to install it, and the copying by hand; it offers
    no Download."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(
        checkpoint=pretrained_path(), settings=settings, data_root=tmp_path / "mnist", user_dir=tmp_path / "user"
    )
    shown(qtbot, window)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    monkeypatch.setitem(sys.modules, "torchvision", None)
    window.update_actions()
    assert "so it says how to get it" in window.actions_.random.toolTip()  # "offers to download it first"
    window.actions_.random.trigger()
    box = window.mnist_offer.question
    assert box is not None and box.isVisible()
    assert [button.text() for button in box.buttons()] == ["OK"]
    assert "Downloading them needs torchvision, which is not installed in this Python" in box.text()
    assert "-m pip install 'torch<2.15' 'torchvision<0.30'" in box.text() and "copy the four files" in box.text()
    box.close()


def test_thirtysixth_light_the_readme_installs_pyproject_s_dependencies_but_torch() -> None:
    """The light install's list is written out in the README (pip cannot leave two of a project's dependencies out),
    so it is a second copy of pyproject's: a bound changed there (PySide6's upper one, kept for a Qt abort) and not
    here would install what the project refuses."""
    wanted = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    light = {d for d in wanted if not re.match(r"torch(vision)?\b", d)}
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    block = readme.split("**Only reading, no torch.**", 1)[1].split("```bash", 1)[1].split("```", 1)[0]
    installed = set(re.findall(r"'([^']+)'", block.split("--no-deps", 1)[0]))
    assert installed == light
