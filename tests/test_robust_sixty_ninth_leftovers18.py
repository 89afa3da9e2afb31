"""The sixty-ninth round, leftovers18: the round's small leftovers, a model's name given to `--out` beginning with a
space in training.fit and training.merge, and a remembered model in the home of no user here."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import started_from_settings, until
from PySide6.QtCore import QSettings

from rowreader.checkpoint import pretrained_path
from training.config import FitConfig
from training.merge import main as merge_main


@pytest.mark.parametrize(
    ("out", "offered"),
    [(" m.safetensors", "give m.safetensors, say"), ("runs/ .safetensors", "give runs/model.safetensors, say")],
)
def test_a_model_name_beginning_with_a_space_is_refused(out: str, offered: str) -> None:
    """`training.fit --out ' m.safetensors'` trained for minutes and wrote " m.safetensors", which the next command's
    `--checkpoint m.safetensors` does not find; `--out 'runs/ .safetensors'` wrote a file named " .safetensors", no
    name at all. Now the name is refused before anything runs, and a name without the space is offered."""
    with pytest.raises(ValueError, match="begins its file's name with a space") as refused:
        FitConfig(out=out)
    assert offered in str(refused.value)


def test_merge_refuses_a_model_name_beginning_with_a_space(capsys: pytest.CaptureFixture[str]) -> None:
    """`training.merge A B --out ' m.safetensors'` took the name, as training.fit did; now it is refused with the
    command line (status 2), the name without its space offered."""
    with pytest.raises(SystemExit) as stopped:
        merge_main(["a.safetensors", "b.safetensors", "--out", " m.safetensors"])
    assert stopped.value.code == 2
    error = capsys.readouterr().err
    assert "begins its file's name with a space" in error and "give m.safetensors, say" in error


def test_a_remembered_model_in_no_users_home_names_that_user(qtbot, tmp_path: Path) -> None:
    """`model/path=~nobody9/m.safetensors` in the settings (no user nobody9 here) started with "The last model used,
    ~nobody9/m.safetensors, is not a whole path (write it from / or ~/)", though it is written from a home. Now the
    start says no user nobody9 is on this computer, and reads the shipped model."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("model/path", "~nobody9/m.safetensors")
    settings.sync()
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    until(qtbot, lambda: "The last model used" in window.status.shown)
    assert window.session.checkpoint.path == pretrained_path()
    said = "The last model used, ~nobody9/m.safetensors, names the home of nobody9, and no user nobody9 is on this"
    assert window.status._said[0].startswith(said), window.status._said[0]
