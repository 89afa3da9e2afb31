"""The sixty-ninth round of hostile testing, review85: a review of settings6 (model paths in the app's settings
written by hand with `~`, and one model remembered by several names in the Models menu); each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from gui_window import opened_menu, started_from_settings
from PySide6.QtCore import QSettings

from gui.opened_models import OPENED_KEY
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


def test_one_model_remembered_by_two_hard_links_is_one_row_till_one_is_deleted(qtbot, tmp_path: Path) -> None:
    """`models/opened` edited by hand to name one model file by two hard links, `a/m.safetensors` and
    `h/n.safetensors`: the Models menu listed two rows ("Opened: m.safetensors", "Opened: n.safetensors") and Forget
    opened offered both, yet forgetting m forgot n too, as one file. It is one row and one offer now, as a link to it
    is; once the name listed is deleted, the other is listed again and stays when the gone one is forgotten."""
    model = tmp_path / "a" / "m.safetensors"
    model.parent.mkdir()
    shutil.copyfile(pretrained_path(), model)
    other = tmp_path / "h" / "n.safetensors"
    other.parent.mkdir()
    os.link(model, other)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.beginWriteArray(OPENED_KEY, 2)
    for index, name in enumerate((model, other)):
        settings.setArrayIndex(index)
        settings.setValue("path", str(name))
    settings.endArray()
    settings.sync()
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    menu = opened_menu(window.teaching.models_menu)
    assert [path for text, path in menu.choices() if text.startswith("Opened")] == [model]
    assert [act.text() for act in menu.forgetting.actions()] == ["m.safetensors"]
    model.unlink()
    menu = opened_menu(window.teaching.models_menu)
    assert [path for text, path in menu.choices() if text.startswith("Opened")] == [model, other]
    menu.forget(model)
    assert menu.opened == [other]


def test_a_link_to_the_shipped_model_is_not_listed_again_as_opened(qtbot, tmp_path: Path) -> None:
    """`models/opened` naming the shipped model by a link to it (a hand-edited list, or one kept from a clone whose
    model was linked): the Models menu listed "Shipped model" and "Opened: link.safetensors", both marked as the
    model in use, two rows choosing one file. The shipped model is listed once, by its own row."""
    link = tmp_path / "link.safetensors"
    link.symlink_to(pretrained_path())
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.beginWriteArray(OPENED_KEY, 1)
    settings.setArrayIndex(0)
    settings.setValue("path", str(link))
    settings.endArray()
    settings.sync()
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    menu = opened_menu(window.teaching.models_menu)
    assert [text for text, _ in menu.choices()] == ["Shipped model"]
    assert [act.text() for act in menu.actions() if act.isChecked()] == ["Shipped model"]
