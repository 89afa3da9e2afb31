"""The fifty-eighth round of hostile testing, review37: a review of cli13's, window15's and a11y9's merges. Each
defect found is checked here, and seen failing on the code before its fix."""

from __future__ import annotations

import re

import pytest
from gui_window import settled, window_without_model
from PySide6.QtCore import QRect
from test_robust_fifty_eighth_window15 import fitted_on_a_laptop

from training.config import FitConfig


def test_my_examples_width_survives_a_start_and_quit_in_a_narrower_window(qtbot, tmp_path, monkeypatch) -> None:
    """My examples widened to 258 px on a monitor, the app started on a laptop (fitted to 166 px) and quit there
    untouched: back on the monitor, the window grown to its first size, it stayed at the fitted width, the user's 258
    gone for good, as the quit saved the width it was fitted to. The width the user gave stands till they give
    another."""
    window, free, given, wide, fitted = fitted_on_a_laptop(qtbot, tmp_path, monkeypatch)
    window.close()  # quit on the laptop, the dock untouched
    free[0] = QRect(0, 0, 800, 600)
    # back on the monitor, at the laptop's size, grown by the user to the first size
    window = window_without_model(qtbot, tmp_path)
    dock = window.teaching.dock
    settled(qtbot, lambda: (dock.width(), window.canvas.width(), window.width()))
    window.resize(wide)
    settled(qtbot, lambda: (dock.width(), window.canvas.width(), window.width()))
    assert dock.width() == given, (dock.width(), given, fitted)


@pytest.mark.parametrize("name", ["out", "metrics"])
def test_an_output_holding_a_nul_byte_is_named_not_pythons_embedded_null_byte(name: str) -> None:
    """The check of outputs' names asks whether the name lies under /proc (cli13): a recipe whose --out held a NUL
    (a training state's, read by --resume) was refused in Python's words, "embedded null byte", naming no flag."""
    given = "m\0.safetensors"
    said = f"--{name} must name a file, and {given!r} holds a NUL byte"
    with pytest.raises(ValueError, match="^" + re.escape(said)):
        FitConfig(**{name: given})
