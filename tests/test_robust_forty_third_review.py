"""The forty-third round of hostile testing, review: a hostile reading of what the forty-second round changed (a home
whose name is not UTF-8, the start-up tidy of temporaries no live writer holds, `--version` on every entry point,
the cap of a teach's examples), then those changes tried as a user; each test is checked to fail on the code before
its fix."""

from __future__ import annotations

import sys
from pathlib import Path

from gui.app import APPLICATION, ORGANIZATION
from gui.settings import app_settings, settings_trouble
from rowreader.atomic import check_writable, remove_stale_temporaries_in

_tidy_at_remove: list[Path] = []  # the folder whose tidy runs as the next file there is removed (see below)


def _tidy_before_a_remove(event: str, args: tuple) -> None:
    """An audit hook: as a file in the folder of :data:`_tidy_at_remove` is about to be removed, another process's
    tidy of what dead writers left there runs (the app starting in a second window, a teach's clean-up): the
    instant a real race puts it in, here every time."""
    if event == "os.remove" and _tidy_at_remove and Path(args[0]).parent == _tidy_at_remove[0]:
        folder = _tidy_at_remove.pop()
        remove_stale_temporaries_in(folder, older_than=0)


sys.addaudithook(_tidy_before_a_remove)  # audit hooks stay for the process: idle once the list is empty


def test_settings_a_home_qt_cannot_name_loses_say_what_to_set_whole(qapp, tmp_path, monkeypatch, request) -> None:
    """Under a home whose name is not UTF-8 the status bar's tooltip said "Settings cannot be saved: $HOME=… is not
    UTF-8, which Qt cannot name: set $XDG_CONFIG_HOME to a folder whose name is." and stopped there: the advice
    lost its last word. It says whose name is UTF-8, and that the app then keeps them."""
    names = qapp.organizationName(), qapp.applicationName()
    request.addfinalizer(lambda: (qapp.setOrganizationName(names[0]), qapp.setApplicationName(names[1])))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    home = tmp_path / "ren\udce9"  # the byte 0xE9, as Python reads a name that is not UTF-8
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("XDG_CONFIG_HOME", raising=False)
    trouble = settings_trouble(app_settings())
    assert trouble is not None
    short, whole = trouble
    assert short == f"$HOME={tmp_path}/rené is not UTF-8"
    assert whole.endswith("set $XDG_CONFIG_HOME to a folder whose name is UTF-8 and start the app again"), whole


def test_a_writable_check_whose_probe_a_tidy_took_still_passes(tmp_path) -> None:
    """The forty-second round tidies every unlocked temporary at any age, but the probe that checks a folder can
    be written (``check_writable``, before a teach's or a training run's save) is such a file, unlocked for its
    microseconds: a tidy in between (a second window starting sweeps the models folder) removed it, and the check
    of a writable folder failed with "[Errno 2] No such file or directory" of a hidden file nobody made. A probe
    removed is a folder written: the check passes."""
    out = tmp_path / "mine-20261204-205000-abc123.safetensors"
    _tidy_at_remove.append(tmp_path)
    check_writable(out)
    assert not _tidy_at_remove and list(tmp_path.iterdir()) == []  # the tidy ran, and took the probe
