"""The sixty-ninth round, mutants26: hand mutants of the round's code (checkpoint names, number words, the device
flag, pasted paths); each test here kills a mutant the round's tests let live."""

from __future__ import annotations

import contextlib
import io
from pathlib import Path

import pytest
from gui_window import errors_said, until, window_without_model
from PySide6.QtCore import QMimeData

from training.arguments import main as arguments_main


def _refused(argv: list[str]) -> str:
    """The last line `training.fit` says as it refuses ``argv`` (status 2) before anything is read or trained."""
    err = io.StringIO()
    with contextlib.redirect_stderr(err), contextlib.redirect_stdout(io.StringIO()), pytest.raises(SystemExit) as end:
        arguments_main(argv)
    assert end.value.code == 2, err.getvalue()
    return err.getvalue().strip().splitlines()[-1]


def test_a_hidden_metrics_file_is_still_taken(tmp_path, monkeypatch) -> None:
    """Only a model may not be hidden (ls and Open model would not show it): a mutant that refused every name
    beginning with a dot told `--metrics runs/.log.csv` "the model would be a hidden file", a model no one named.
    The metrics file is the user's to hide: it is taken."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "runs").mkdir()
    assert arguments_main(["--metrics", "runs/.log.csv"]) == 0


@pytest.mark.parametrize(
    ("out", "offered"),
    [
        ("runs/..pt", "runs/pt.safetensors"),  # every dot that begins it left out, not the first alone
        ("runs/.Safetensors", "runs/model.safetensors"),  # the ending alone, in capitals: no name before it
    ],
)
def test_the_name_offered_for_a_hidden_model_is_never_hidden(tmp_path, monkeypatch, out, offered) -> None:
    """`--out runs/..pt` would be offered runs/.pt.safetensors if one dot were left out, a hidden model (the one
    cli26 refused); `--out runs/.Safetensors` runs/Safetensors.safetensors if the ending were matched in small
    letters alone. Each is offered a name ls shows, its model named "model" where nothing else is left."""
    monkeypatch.chdir(tmp_path)
    line = _refused(["--out", out])
    assert line.startswith(f"python -m training.fit: error: --out {out} does not end in .safetensors: "), line
    assert line.endswith(f"; give {offered}, say"), line
    assert list(tmp_path.iterdir()) == []


def test_a_pasted_path_to_a_broken_link_is_opened_and_said_so(qtbot, tmp_path: Path) -> None:
    """A pasted path is opened as a drop is where it names something here (window27): a mutant asking whether it
    exists (the link followed) let a broken link's path, no picture's name, be "nothing to paste", as if no path had
    been copied. The link is there: it is opened, and the error names it."""
    (link := tmp_path / "scan").symlink_to(tmp_path / "moved away")
    window = window_without_model(qtbot, tmp_path)
    said = errors_said(window)
    mime = QMimeData()
    mime.setText(str(link))
    assert window.pictures.accept_mime(mime, "pasted")
    until(qtbot, lambda: bool(said) and not window.tasks.busy)
    assert said and said[0].startswith("Could not open the image: "), said
    assert "scan" in said[0], said
