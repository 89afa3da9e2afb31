"""The sixty-ninth round, leftovers18: the round's small leftovers, a model's name given to `--out` beginning with a
space in training.fit and training.merge, a remembered model in the home of no user
here, a whole SVG with a processing instruction left open."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import started_from_settings, until
from PySide6.QtCore import QSettings

from gui.image_io import read_any_picture_and_note
from rowreader.checkpoint import pretrained_path
from rowreader.picture_errors import CUT_OFF, PictureError
from training.config import FitConfig
from training.merge import main as merge_main

_SEVEN = (
    '<svg xmlns="http://www.w3.org/2000/svg" width="280" height="280" viewBox="0 0 280 280">'
    '<rect width="280" height="280" fill="white"/>'
    '<path d="M 60 60 L 220 60 L 120 240" stroke="black" stroke-width="24" fill="none"/></svg>'
)


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


def _said_of_seven(path: Path, data: bytes) -> str:
    """What the app says of ``data``, a 7 opened as a file: the words after its name."""
    path.write_bytes(data)
    with pytest.raises(PictureError) as refused:
        read_any_picture_and_note(path)
    return str(refused.value).removeprefix(f"{path.name}: ")


def test_a_whole_svg_with_a_processing_instruction_left_open_is_said_damaged_not_cut_off(qapp, tmp_path: Path) -> None:
    """A whole 7 (its ``</svg>`` last) with a ``<?pi`` never closed was said "cut off, as by a download or a copy
    that did not finish", though nothing was missing, as an open comment was before window27. It is said a damaged
    drawing, the instruction and its line named; the same cut inside it is still cut off."""
    head, tail = _SEVEN.split("<path", 1)
    whole = f"{head}\n<?pi the 7's bar<path{tail}"
    assert _said_of_seven(tmp_path / "seven.svg", whole.encode()) == (
        "a damaged SVG drawing: a processing instruction opened on line 2 (<?) is never closed (no ?>), so all after "
        "it, the drawing's end too, is taken for part of it: put its ?> where it should end"
    )
    assert _said_of_seven(tmp_path / "cut.svg", whole.removesuffix("</svg>").encode()).endswith(f"({CUT_OFF})")
