"""The forty-third round of hostile testing, kill: what the forty-second round changed (Import… and Export… with their
Stop, a teach's newest-per-digit cap, the start-up tidy of temporaries), stopped by SIGKILL, SIGTERM, SIGINT and
SIGHUP at swept times and started again, two app processes at once on one HOME; each test is checked to fail on the
code before its fix."""

from __future__ import annotations

import os
from pathlib import Path

import rowreader.atomic as atomic
from gui.taught_models import models_dir, new_model_path, sweep_models_folder
from rowreader.atomic import check_writable


def test_a_teach_checking_its_models_folder_as_another_window_starts_keeps_its_probe(tmp_path, monkeypatch):
    """Ctrl+T looks whether its model can be written with a probe of the model's temporary name, which it did not
    lock; another RowReader window starting meanwhile (its tidy takes every unlocked temporary of a taught model, a
    dead writer's at any age) removed it, and the teach said "Teaching was not started … [Errno 2] No such file or
    directory: '…/.mine-….safetensors.<hex>.tmp'" of a folder that was fine (two processes, 859 of 51,963 checks
    under a tidy run over and over). The probe is locked as a write's temporary is: the tidy leaves it."""
    user = tmp_path / "user"
    models_dir(user).mkdir(parents=True)
    out = new_model_path(user)
    unlink, tidied = os.unlink, []

    def other_window_starts_first(path, *args, **kwargs):
        if not tidied and Path(path).parent == out.parent and Path(path).name.startswith(f".{out.name}."):
            tidied.append(path)
            sweep_models_folder(user)  # another window's start, in the instant before the probe goes
        return unlink(path, *args, **kwargs)

    monkeypatch.setattr(atomic.os, "unlink", other_window_starts_first)
    check_writable(out, advise=False)
    assert tidied  # the other start came while the probe was there
    assert list(models_dir(user).iterdir()) == []  # and the probe went, as before
