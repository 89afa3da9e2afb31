"""The sixty-ninth round of hostile testing, review85: a review of settings6 (model paths in the app's settings
written by hand with `~`, and one model remembered by several names in the Models menu); each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import started_from_settings
from PySide6.QtCore import QSettings

from rowreader.checkpoint import pretrained_path


def test_a_remembered_model_from_home_with_a_comma_is_read(qtbot, tmp_path: Path, monkeypatch) -> None:
    """`model/path=~/my, model.safetensors`, written by hand without quotes: Qt reads it as a list, and its parts
    were joined again by ", " only where that named a file, looked for with the `~` unexpanded (a folder named "~"
    in the start folder), so never: the start said "The last model used, my,model.safetensors, is gone", the file
    there. The parts are looked for as the path is read, `~` the home folder: the model is read."""
    home = tmp_path / "home"
    home.mkdir()
    model = home / "my, model.safetensors"
    shutil.copyfile(pretrained_path(), model)
    monkeypatch.setenv("HOME", str(home))
    conf = tmp_path / "settings.ini"
    conf.write_text("[model]\npath=~/my, model.safetensors\n")
    window = started_from_settings(qtbot, QSettings(str(conf), QSettings.Format.IniFormat), tmp_path / "mine")
    assert window.session.checkpoint.path == model
    assert "The last model used" not in window.status.shown
