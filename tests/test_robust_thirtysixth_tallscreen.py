"""The thirty-sixth round of hostile testing, tallscreen: the app at 200 % on a 1366×768 screen (Xvfb,
QT_SCALE_FACTOR=2, openbox, xdotool), with 1024×600 at 2 and 1600×1000 at 1 to check nothing regressed, and training's
commands in a Python without torch; each defect found checked offscreen (the screen's free area set as the real
one's) and checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QRect, QSettings
from PySide6.QtGui import QScreen
from without_torch import without_torch

from gui.main_window import MainWindow
from gui.window_room import FLOATED_FOR_ROOM, HIDDEN_FOR_ROOM


@pytest.mark.parametrize("module", ["training.merge", "training.ship", "training.unipen_convert"])
def test_training_commands_give_their_help_without_torch(tmp_path: Path, module: str) -> None:
    """`python -m training.merge --help` (ship's, unipen_convert's) in a Python without torch said "this command needs
    PyTorch" instead of its help: each imported torch (training.state, by training.files; training.fit) before reading
    its command line. The help comes, status 0, and torch is imported only once the command runs."""
    result = without_torch(
        f"import runpy\nsys.argv = ['-m', '--help']\nrunpy.run_module({module!r}, run_name='__main__', alter_sys=True)",
        tmp_path,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith(f"usage: python -m {module} "), result.stdout[:200]
    assert "PyTorch" not in result.stderr, result.stderr


@pytest.mark.parametrize(("screen", "told"), [((683, 384), True), ((1600, 1000), False)], ids=["1366x768@2", "1600"])
def test_the_maps_hidden_or_floated_for_room_are_said_in_the_status_line(
    qtbot, tmp_path: Path, monkeypatch, screen: tuple[int, int], told: bool
) -> None:
    """At 200 % on a 1366×768 screen "Inside the LSTM" waited hidden at start without a word, and shown by Ctrl+L it
    floated over the belief bars 4–9 (nowhere else on the 384-px screen is free of the views), again unsaid. The
    status line says both, and what shows, moves or hides the maps; on a 1600×1000 screen nothing is hidden or said."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, *screen))
    saved = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=saved, load_model=False, user_dir=tmp_path / "mine")
    shown(qtbot, window)
    maps = window.heatmap_dock
    assert maps.isHidden() is told
    if told:  # after the start-up model's message (none here), as the settings' trouble is
        qtbot.waitUntil(lambda: window.status._said[0] == HIDDEN_FOR_ROOM)
        assert window.statusBar().currentMessage() == window.status.shown
        window.actions_.show_state.trigger()
        qtbot.waitUntil(maps.isVisible)
        assert maps.isFloating() and window.status._said[0] == FLOATED_FOR_ROOM
    else:
        qtbot.wait(50)
        assert "Inside the LSTM" not in window.status._said[0]
