"""The fifty-first round of hostile testing, docs7: the docs (README, docs/the-app.md, input-checks.md, library.md,
training.md, teaching.md, shipped-model.md, development.md) read against the code after this round's changes, each
concrete claim (a message's words, a limit, a key, a menu item, a default, a file name, a status, a measured number)
checked by running it; where the docs state what was meant and the code fell short, the code is fixed, each test
checked to fail on the code before its fix."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from gui_window import window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QAbstractButton

from training.config import LEAST_LR, FitConfig


def test_the_keyboard_shortcuts_list_says_space_on_a_panels_float_button(qtbot, tmp_path: Path) -> None:
    """The README says F1 lists each view's keys, and docs/the-app.md that Space on a panel's float button (a Tab
    stop since the fiftieth round) floats the panel into a window of its own or docks it back; Help ▸ Keyboard
    shortcuts listed Esc and Tab of a panel in its own window and never that Space. It lists it now, and Space on the
    button does what the list says."""
    window = window_without_model(qtbot, tmp_path)
    rows = dict(window.actions_.shortcut_rows())
    assert rows.get("A panel's float button (Tab to it): float it / dock it back") == "Space"
    dock = window.heatmap_dock
    button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    button.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(button.hasFocus)
    QTest.keyClick(button, Qt.Key.Key_Space)
    qtbot.waitUntil(dock.isFloating)


def test_the_least_lr_a_refusal_asks_for_is_taken() -> None:
    """docs/training.md says `--lr` is at least 2⁻³² (about 2.3e-10); `--lr 1e-10` was refused with "give at least
    2.3e-10", and `--lr 2.3e-10`, given as told, was refused again with the same words: 2.3e-10 lies under 2⁻³²
    (2.328e-10). The refusal now asks for the least number written so that is taken (2.33e-10), and it is."""
    with pytest.raises(ValueError, match="would change no weight") as refused:
        FitConfig(lr=1e-10)
    asked = re.search(r"give at least ([0-9.e+-]+)", str(refused.value)).group(1)
    assert float(asked) >= LEAST_LR, asked
    assert FitConfig(lr=float(asked)).lr == float(asked)
    with pytest.raises(ValueError, match="would change no weight"):
        FitConfig(lr=2.3e-10)  # the words' "about 2.3e-10" stays a reading of the bound, not a value to give
