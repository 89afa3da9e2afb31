"""The sixty-ninth round of hostile testing, settings6: the app's saved settings edited by hand, and the model paths
in them (`model/path`, `models/opened`) written with `~` or relative to no folder; each test is checked to fail on
the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from gui_window import opened_menu, started_from_settings, until
from PySide6.QtCore import QSettings

from gui.opened_models import OPENED_KEY
from rowreader.checkpoint import pretrained_path


def _settings(tmp_path: Path, **values: str) -> QSettings:
    """Settings in ``tmp_path`` holding ``values`` (``model_path`` for `model/path`), as a person writes them."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    for key, value in values.items():
        settings.setValue(key.replace("_", "/"), value)
    settings.sync()
    return settings


def _a_model(path: Path) -> Path:
    """The shipped model copied to ``path`` (its folders made): a model of the user's own."""
    path.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(pretrained_path(), path)
    return path


def test_a_remembered_model_written_from_home_is_read(qtbot, tmp_path: Path, monkeypatch) -> None:
    """`model/path=~/mine.safetensors`, written by hand: Qt expands no `~`, and the start said "The last model used,
    mine.safetensors, is gone: reading with the shipped model", though the file was there. `~` is the home folder,
    as in a shell: the model is read."""
    home = tmp_path / "home"
    model = _a_model(home / "mine.safetensors")
    monkeypatch.setenv("HOME", str(home))
    window = started_from_settings(qtbot, _settings(tmp_path, model_path="~/mine.safetensors"), tmp_path / "mine")
    assert window.session.checkpoint.path == model
    assert "The last model used" not in window.status.shown


def test_a_remembered_model_not_from_the_root_is_said_and_not_read(qtbot, tmp_path: Path, monkeypatch) -> None:
    """`model/path=runs/m.safetensors`, written by hand, was read from the folder the app was started in: started in
    one project it read that project's runs/m.safetensors without a word, started elsewhere it said "The last model
    used, m.safetensors, is gone", its folder not named. A path not from / is read from nowhere: the start reads the
    shipped model and says the path as written is not a whole path, and what to write."""
    _a_model(tmp_path / "runs" / "m.safetensors")
    monkeypatch.chdir(tmp_path)
    window = started_from_settings(qtbot, _settings(tmp_path, model_path="runs/m.safetensors"), tmp_path / "mine")
    until(qtbot, lambda: "The last model used" in window.status.shown)
    assert window.session.checkpoint.path == pretrained_path()
    said = "The last model used, runs/m.safetensors, is not a whole path (write it from / or ~/): reading with the"
    assert window.status._said[0] == f"{said} shipped model"


@pytest.mark.parametrize("written", ["~/home.safetensors", "runs/here.safetensors"])
def test_the_models_opened_are_named_from_the_root(qtbot, tmp_path: Path, monkeypatch, written: str) -> None:
    """`models/opened` edited by hand: an entry `~/home.safetensors` was listed as a file named so in the folder the
    app was started in (Qt expands no `~`), which is not there; one `runs/here.safetensors` as that folder's, another
    file at each start. Now `~` is the home folder, and a path not from / is passed over."""
    home = tmp_path / "home"
    _a_model(home / "home.safetensors")
    _a_model(tmp_path / "runs" / "here.safetensors")
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.chdir(tmp_path)
    settings = _settings(tmp_path)
    settings.beginWriteArray(OPENED_KEY, 1)
    settings.setArrayIndex(0)
    settings.setValue("path", written)
    settings.endArray()
    settings.sync()
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    assert window.teaching.models_menu.opened == ([home / "home.safetensors"] if written.startswith("~") else [])


def test_one_model_remembered_by_three_names_is_listed_once_and_forgotten_whole(qtbot, tmp_path: Path) -> None:
    """`models/opened` edited by hand to name one model as `a/m.safetensors`, as `b/link.safetensors` (a link to it)
    and as `a/../a/m.safetensors`, the shipped model in use: the Models menu listed it three times ("Opened:
    a/m.safetensors", "Opened: link.safetensors", "Opened: ../a/m.safetensors"), each choosing the same file, and
    Forget opened offered each. It is listed and offered once, by its first name, and forgetting it forgets every
    name of it: one forgotten, the next came back."""
    model = _a_model(tmp_path / "a" / "m.safetensors")
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "link.safetensors").symlink_to(model)
    names = [str(model), str(tmp_path / "b" / "link.safetensors"), str(tmp_path / "a" / ".." / "a" / "m.safetensors")]
    settings = _settings(tmp_path)
    settings.beginWriteArray(OPENED_KEY, len(names))
    for index, name in enumerate(names):
        settings.setArrayIndex(index)
        settings.setValue("path", name)
    settings.endArray()
    settings.sync()
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    menu = opened_menu(window.teaching.models_menu)
    assert [path for text, path in menu.choices() if text.startswith("Opened")] == [model]
    assert len(menu.forgetting.actions()) == 1, [act.text() for act in menu.forgetting.actions()]
    menu.forget(model)
    assert menu.opened == []
