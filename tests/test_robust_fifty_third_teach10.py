"""The fifty-third round, teach10: teaching in the app while its examples folder is changed outside it, and Cancel
as the taught model is written (pytest-qt, offscreen, the real fine-tune with tiny settings)."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

from gui_window import open_shipped_window, open_teach_dialog, taught_until
from test_gui_teach import FAST

from gui.main_window import MainWindow
from gui.taught_models import models_dir

# run by the fine-tune's Python as it starts (on its PYTHONPATH), as it writes its model's temporary: "hold" waits,
# before writing, for the test's go (the folder is changed meanwhile, however fast the machine); "stuck" writes it
# whole, then sticks with the stop signals held (a disk that stopped answering): Cancel's SIGTERM waits, its grace kills
AT_THE_WRITE = """
import os, signal, time
import rowreader.atomic as atomic
real = atomic._write_temporary
def at_the_write(path, data):
    if str(path).endswith(".safetensors"):
        mode, mark = os.environ["TEACH10_MODE"], os.environ["TEACH10_MARK"]
        if mode == "hold":
            open(mark, "w").close()
            while os.path.exists(mark):
                time.sleep(0.05)
        else:
            written = real(path, data)
            signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
            open(mark, "w").close()
            time.sleep(120)
            return written
    return real(path, data)
atomic._write_temporary = at_the_write
"""


def at_the_write(monkeypatch, tmp_path: Path, mode: str) -> Path:
    """The file the fine-tune makes once it is at its model's write (:data:`AT_THE_WRITE`, in ``mode``)."""
    hook, mark = tmp_path / "hook", tmp_path / "at-the-write"
    hook.mkdir()
    (hook / "sitecustomize.py").write_text(AT_THE_WRITE)
    monkeypatch.setenv("PYTHONPATH", os.pathsep.join([str(hook), os.environ.get("PYTHONPATH", "")]))
    monkeypatch.setenv("TEACH10_MODE", mode)
    monkeypatch.setenv("TEACH10_MARK", str(mark))
    return mark


def test_an_example_emptied_while_it_is_taught_is_named_and_one_undone_is_not(
    qtbot, tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """A PNG emptied in place (``: > 2/x.png``, a sync tool's placeholder) once the fine-tune had read it was learnt as
    it was, and the dialog said only "Done: now reading with …", as if the model knew the examples as they are now:
    only those deleted or moved were named. Now it is named as changed, with "teach again"; one deleted in the dock
    and brought back by Ctrl+Z meanwhile (the same picture, written anew) is still as it was taught, unnamed."""
    held = at_the_write(monkeypatch, tmp_path, "hold")
    window: MainWindow = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=3, teach_args=FAST)
    taught_until(qtbot, process, lambda: held.exists() and teaching._noting.is_set())
    root = teaching.store.root
    emptied = sorted((root / "2").glob("*.png"))[0]
    emptied.write_bytes(b"")
    undone = next(e for e in teaching.panel.found.examples if e.label == 5)
    teaching.panel.delete(undone)
    window.canvas.undo_stack.undo()
    assert undone.path.is_file()
    held.unlink()  # go: the model is written
    taught_until(qtbot, process, dialog.close_button.isVisible)
    said = dialog.status.text()
    assert said.startswith("Done: now reading with"), said
    assert f"1 example was changed while it was taught (2/{emptied.name}): it learnt from it as it was." in said, said
    assert undone.path.name not in said and "Teach again (Ctrl+T)" in said, said
    dialog.close()


def test_cancel_while_the_taught_model_is_stuck_being_written_leaves_nothing(
    qtbot, tmp_path: Path, mnist_test, monkeypatch
) -> None:
    """Cancel with the fine-tune stuck writing its model (SIGTERM held, killed after Cancel's grace): the model in use
    stays, the dialog and the status bar say "Cancelled … nothing was written", and the models folder holds nothing:
    no temporary of the model (as large as it), no lock, no note of a teach running, no model, and the Models menu
    lists no taught one. Pinned here: tried so this round, sound."""
    stuck = at_the_write(monkeypatch, tmp_path, "stuck")
    window: MainWindow = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    before = window.session.checkpoint
    dialog, _ = open_teach_dialog(qtbot, window, mnist_test, per_digit=2, teach_args=FAST)
    process = teaching.process
    taught_until(qtbot, process, stuck.exists)
    folder = models_dir(teaching.user_dir)
    assert any(p.name.endswith(".tmp") for p in folder.iterdir())  # mid-write: its temporary there
    dialog.cancel_button.click()
    assert dialog.status.text().startswith("Stopping: the model in use stays")
    qtbot.waitUntil(lambda: not process.running, timeout=20_000)
    said = "Cancelled. Still reading with the shipped model; nothing was written."
    qtbot.waitUntil(lambda: dialog.status.text() == said, timeout=5_000)
    assert window.session.checkpoint is before and window.statusBar().currentMessage() == said
    assert list(folder.iterdir()) == []
    assert [path.name for _, path in teaching.models_menu.choices()] == ["rowreader.safetensors"]
    dialog.close()
