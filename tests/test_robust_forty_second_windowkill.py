"""The forty-second round of hostile testing, windowkill: the app in a real window (Xvfb, openbox, xdotool) as a person
uses it, killed (SIGKILL, SIGTERM, SIGHUP) at swept times during Ctrl+K, Delete and Undo, a teach, an export and an
import and while switching models, then started again; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import signal
import subprocess
import sys
from pathlib import Path

from gui_window import window_without_model
from PySide6.QtWidgets import QFileDialog

from gui.taught_models import TAUGHT_PREFIX, models_dir, sweep_models_folder
from rowreader.atomic import lock_file, lock_path
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def test_the_export_dialog_opens_in_the_last_export_folder_not_where_any_dialog_was(qtbot, tmp_path, monkeypatch):
    """Teach ▸ Export examples… opened in the folder the last dialog of any kind had used: after Compare with… the
    package's own ``pretrained/`` folder, after Open image a folder of scans. It opens in the folder the last export
    went to, else in the home folder; the other dialogs go on starting where any of them chose last."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    window = window_without_model(qtbot, tmp_path)
    started: list[str] = []
    answers = iter([pretrained_path().parent, *(tmp_path / name for name in ("stick", "scans", "stick", "scans"))])

    def dialog(parent, title, start, *rest):
        started.append(start)
        answer = str(next(answers))
        return (str(Path(answer, "model.safetensors")), "") if rest else answer

    for folder in ("stick", "scans"):
        (tmp_path / folder).mkdir()
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(dialog))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(dialog))
    monkeypatch.setattr(window.teaching, "export_folder", lambda folder: None)  # only the dialogs are looked at
    monkeypatch.setattr(window.teaching, "import_folder", lambda folder: None)
    window.files.choose("Compare with", "")  # a model in the package's pretrained/ chosen in it
    window.teaching.choose_export()  # never exported: the home folder (it was pretrained/), the stick chosen
    window.teaching.choose_import()  # an export's folder is any dialog's last, as before; scans/ chosen
    window.teaching.choose_export()  # the last export's folder, not the import's
    (tmp_path / "stick").rmdir()  # unplugged: home again
    window.teaching.choose_export()
    assert started == [str(home), str(home), str(tmp_path / "stick"), str(tmp_path / "stick"), str(home)]
    assert window.files.last_dir() == str(tmp_path / "scans")  # the other dialogs start where any chose last


def _killed_renaming(root: Path, write: str) -> list[Path]:
    """Run ``write`` (Python, after the imports below) in a process that is killed outright (SIGKILL) once its files
    are written to their temporaries, before their renames: what Ctrl+K then a digit left in a real window killed
    0 s after the key, and the app and its fine-tune killed together as the model was saved. Returns the
    temporaries under ``root`` it left."""
    child = f"""
import os, signal
from pathlib import Path
import numpy as np
import rowreader.atomic as atomic
from rowreader.example_store import ExampleStore
def killed(*args):
    os.kill(os.getpid(), signal.SIGKILL)
atomic.os.link = atomic.os.replace = killed
{write}
"""
    done = subprocess.run([sys.executable, "-c", child], timeout=60)
    assert done.returncode == -signal.SIGKILL
    return sorted(p for p in root.rglob("*") if p.name.endswith(".tmp"))


def test_a_keep_killed_mid_write_leaves_no_temporaries_after_a_start_within_the_minute(tmp_path):
    """The app killed (SIGKILL) in the instant Ctrl+K wrote an example left its hidden ``.NAME.<hex>.tmp`` picture
    and sidecar in the digit's folder (in the real window, SIGKILL 0 s after the digit's key); the start's tidy took
    only temporaries a minute old, and the two starts after, within the minute, left them for as long as they ran.
    Unlocked, a temporary is a dead writer's at any age (a write whose temporary a tidy takes before its lock writes
    it again): the first reading of the folder takes them at once; a live writer's stays."""
    root = tmp_path / "examples"
    keep = "drawing = np.full((280, 280), 255, np.uint8)\ndrawing[40:240, 130:150] = 0\n"
    left = _killed_renaming(root, keep + f"ExampleStore({str(root)!r}).add(1, drawing)")
    assert [p.name.split(".")[-3] for p in left] == ["json", "png"]
    live = root / "1" / ".20261204-200000-0123456789abcdef.png.0123456789abcdef.tmp"  # another window writing now
    with live.open("wb") as writing:
        lock_file(writing.fileno())
        store = ExampleStore(root)
        assert len(store.load()) == 0  # nothing renamed: no example, and no half one
        assert sorted(p for p in root.rglob("*") if p.is_file()) == [live]
    ExampleStore(root).load()  # its writer gone now, another start takes it too
    assert not live.exists()


def test_the_teach_window_picture_shows_the_examples_in_a_home_folder():
    """docs/teach-window.png showed "30 examples in /tmp/tmpp_j1hiqd/examples" in its dock: `python -m
    gui.teach_screenshot` taught in a throwaway /tmp folder, a path no user's examples are in. It takes ``--home``,
    the examples copied into HOME/.local/share/RowReader for the picture (which must not exist yet), and the
    picture was retaken so; its run record holds the dock's line."""
    import json

    from PIL import Image

    from rowreader.own_png import RUN_KEY

    picture = Path(__file__).resolve().parents[1] / "docs" / "teach-window.png"
    with Image.open(picture) as image:
        run = json.loads(image.text[RUN_KEY])
        assert image.size[0] <= 1400  # kept small
    assert run["dock"].startswith("30 examples in /home/"), run.get("dock")
    assert run["dock"].endswith("/.local/share/RowReader/examples") and "/tmp" not in run["dock"]


def test_a_fine_tune_killed_with_the_app_as_it_saved_leaves_no_temporary_after_a_start_within_the_minute(tmp_path):
    """The app and its fine-tune killed together (SIGKILL, as a logout or the system short of memory kills a
    session) the moment the taught model's temporary appeared: the next start, seconds later, removed the fine-tune's
    ``.lock`` and the teach's note (saying it did not finish) and left the 1.6-MB hidden ``.mine-….safetensors.<hex>
    .tmp``, under a minute old, for as long as it ran, and for every start within the minute. Unlocked, it is a
    dead writer's: the start removes it at once; one a live fine-tune (another window's) writes stays."""
    user = tmp_path / "user"
    models = models_dir(user)
    models.mkdir(parents=True)
    out = models / f"{TAUGHT_PREFIX}20261204-202858-4ca233.safetensors"
    (left,) = _killed_renaming(
        models, f"atomic.take_lock({str(out)!r})\natomic.atomic_write_bytes({str(out)!r}, b'x' * 1000)"
    )
    assert lock_path(out).is_file()
    live = models / f".{TAUGHT_PREFIX}20261204-202900-aaaaaa.safetensors.0123456789abcdef.tmp"
    with live.open("wb") as writing:
        lock_file(writing.fileno())  # another window's fine-tune, saving now
        sweep_models_folder(user)
        assert sorted(models.iterdir()) == [live]
    assert not left.exists() and not lock_path(out).exists()
