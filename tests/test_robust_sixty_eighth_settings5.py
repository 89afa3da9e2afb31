"""The sixty-eighth round of hostile testing, settings5: the app's saved settings and state between starts as a
hostile user leaves them (every key's value of a wrong type, a saved model now a folder or a device, the file made
unreadable); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from gui_window import started_from_settings, until
from PySide6.QtCore import QSettings

REPO = Path(__file__).resolve().parents[1]

# the app's start as far as its settings: made, a speed changed, saved, and what the window would say of them
STARTED = """
import json
from gui.app import create_app
from gui.settings import app_settings, settings_trouble
create_app()
settings = app_settings()
settings.setValue("scan/rows_per_second", 20)
settings.sync()
print(json.dumps(settings_trouble(settings)))
"""


def as_a_user(command: list[str]) -> list[str]:
    """``command`` without root's power to read any file whatever its mode, as a user runs it."""
    if os.geteuid() == 0:
        return ["setpriv", "--bounding-set=-dac_override,-dac_read_search", *command]
    return command


@pytest.mark.parametrize(
    ("name", "mode"),
    [("RowReader/RowReader.conf", 0o000), ("RowReader/RowReader.conf", 0o200), ("RowReader.conf", 0o000)],
)
def test_a_settings_file_the_user_may_not_read_is_said_so_and_left_as_it_is(
    tmp_path: Path, name: str, mode: int
) -> None:
    """`RowReader.conf` made unreadable (`chmod 000`, or `chmod 200`): Qt read it as empty, without a word, and the
    start said "…RowReader.conf is read-only: read, and left as it is" with the advice `chmod u+w` (mode 200: "holds
    lines Qt would not write back … read"), though not one setting had been read; the organisation's file that Qt
    reads too (`~/.config/RowReader.conf`) made so, "RowReader.conf cannot be written", though the app's was. Now the
    start says the file cannot be read, with `chmod u+rw`, on stderr and in the status bar's words, starts clean,
    and leaves the file as it is, bytes and mode."""
    conf = tmp_path / name
    conf.parent.mkdir(exist_ok=True)
    conf.write_bytes(b"[scan]\nrows_per_second=3\n")
    conf.chmod(mode)
    env = {**os.environ, "XDG_CONFIG_HOME": str(tmp_path), "QT_QPA_PLATFORM": "offscreen"}
    run = subprocess.run(
        as_a_user([sys.executable, "-c", STARTED]), env=env, cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert run.returncode == 0, run.stderr
    whole = f"{conf} cannot be read (chmod u+rw lets RowReader read and save it)"
    assert json.loads(run.stdout.splitlines()[-1]) == ["RowReader.conf cannot be read", whole]
    assert f"{whole}: left as it is; starting clean" in run.stderr
    assert "read, and left" not in run.stderr
    assert conf.stat().st_mode & 0o777 == mode
    conf.chmod(0o600)
    assert conf.read_bytes() == b"[scan]\nrows_per_second=3\n"


@pytest.mark.parametrize(
    ("remembered", "what"),
    [("/", "is a folder, not a model file"), (".", "is not a whole path (write it from / or ~/)")],
)
def test_a_remembered_model_of_no_name_is_named_whole(qtbot, tmp_path: Path, remembered: str, what: str) -> None:
    """`model/path=/` (or `.`) written by hand: the start said "The last model used, , is a folder, not a model
    file", the name left out, so the user could not tell which setting to mend. A path with no last name is named
    whole: "The last model used, /, is a folder, not a model file". (`.` was the folder the app started in: since
    settings6, a path not from / is not read, and said so.)"""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    settings.setValue("model/path", remembered)
    window = started_from_settings(qtbot, settings, tmp_path / "mine")
    until(qtbot, lambda: "The last model used" in window.status.shown)
    assert f"The last model used, {remembered}, {what}" in window.status.shown
