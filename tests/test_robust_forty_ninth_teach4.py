"""The forty-ninth round of hostile testing, teach4: teaching the reader one's handwriting as a hostile user, in a real
window (Xvfb, openbox, xdotool: digits drawn with the mouse, kept by Ctrl+K, taught by Ctrl+T) and offscreen: two
windows teaching at once, an import while a teach runs, 200 examples of one digit, the examples folder renamed and
replaced by a file behind the app's back, the fine-tune's process killed (``kill -9``) mid-run and the window closed
mid-teach; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import signal
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import pytest
from fake_fine_tune import teaching_to_its_end
from gui_window import shown, unfinished_teaches
from PySide6.QtCore import QPoint, QProcess, QSettings

from gui.main_window import MainWindow
from gui.teach_process import TeachProcess
from gui.teach_record import TeachRecord
from gui.window_stack import WINDOW_STEP
from rowreader.atomic import atomic_write_bytes


def test_a_fine_tune_killed_after_writing_its_model_is_not_said_to_have_written_nothing(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """The fine-tune's process killed from outside (``kill -9``, the system short of memory) after it had written its
    model whole but before its "done" line: the dialog said "The fine-tune's process was killed from outside RowReader
    … Still reading with the shipped model; nothing was written", and the model stayed in the models folder, listed in
    the Models menu as one of yours. A model written whole there by this teach (atomically: there at all, it is whole)
    is its outcome, however the process ended after: the window reads with it, as after "done"."""
    window, dialog, process = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, 60, says_done=False)
    qtbot.waitUntil(lambda: process.run.out.is_file() and process.run.step == 2, timeout=10_000)
    os.kill(process.process.processId(), signal.SIGKILL)
    qtbot.waitUntil(lambda: not dialog.cancel_button.isVisible(), timeout=10_000)
    said = dialog.status.text()
    assert "nothing was written" not in said, said
    assert process.run.out.is_file()
    qtbot.waitUntil(lambda: window.model_in_use == process.run.out.name, timeout=10_000)
    assert said.startswith(f"Done: now reading with {process.run.out.name}"), said


def test_a_second_window_started_again_opens_where_it_was_not_a_step_further(qtbot, tmp_path) -> None:
    """With one window open (teaching, say), the second closed and started again opened a step (32 px) further down
    and right each time (openbox, 1600×1000: 251,167 → 283,199 → 315,231 → …): it saved the place it had stepped to,
    clear of the first, and the next start stepped clear of that. Each window (the first, the second, …) saves its own
    place: the second opens where it was left, stepped or moved there, and the first where it was."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"), (400, 300))
    first.move(40, 30)
    qtbot.waitUntil(lambda: first.pos() == QPoint(40, 30))
    first.close()  # its place saved, as at quit
    one = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    places = []
    for _ in range(3):  # the second window closed and started again, the first open all along
        two = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
        places.append(two.pos())
        two.close()
    assert one.pos() == QPoint(40, 30)
    assert places == [one.pos() + QPoint(WINDOW_STEP, WINDOW_STEP)] * 3
    moved = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    moved.move(100, 80)
    qtbot.waitUntil(lambda: moved.pos() == QPoint(100, 80))
    moved.close()
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    assert again.pos() == QPoint(100, 80)  # moved there by the user: it opens there
    again.close()
    one.close()
    alone = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    assert alone.pos() == QPoint(40, 30)  # the first window's place


def test_the_models_folder_moved_while_teaching_is_said_in_the_apps_words(qapp, tmp_path: Path) -> None:
    """The models folder moved away (renamed in a shell) while a teach ran: its fine-tune could not write its model,
    and the dialog said "The fine-tune stopped: cannot write …/models/mine-….safetensors: there is no folder
    …/models; make it first", the command line's advice for an ``--out`` the user typed: the app made that folder, it
    was there when the teach began, and Ctrl+T makes it again. It says the folder was moved or deleted while the teach
    ran, and to teach again."""
    out = tmp_path / "models" / "mine.safetensors"
    with pytest.raises(OSError) as refused:  # the fine-tune's own refusal as it saves (save_checkpoint writes so)
        atomic_write_bytes(out, b"weights")
    process = TeachProcess(Path("base.safetensors"), Path("examples"), out)
    process.run.log.append(f"python -m training.fit: error: {refused.value}")
    process._read_stderr = lambda: None  # nothing more from a child that was never started
    said = process._why_it_failed(1, QProcess.ExitStatus.NormalExit)
    assert "make it first" not in said, said
    assert said.startswith(f"The fine-tune stopped: cannot write {out}: there is no folder {out.parent}"), said
    assert said.endswith("moved or deleted while it was taught: teach again, and RowReader makes it anew"), said
    process.deleteLater()


def test_a_teach_whose_models_folder_was_moved_and_moved_back_is_not_said_to_have_been_cut_short(tmp_path) -> None:
    """The models folder moved away while a teach ran (renamed in a shell), then moved back: the teach ended (its
    fine-tune said the folder was gone), but its note went with the folder, and the app removed it by its old name,
    where nothing was. The next start found it, unheld, and said "The last teaching on 05 Dec at 12:08 … did not
    finish: RowReader ended while it ran", of a teach the window had seen end. The note is removed from its folder,
    wherever that was moved to."""
    models = tmp_path / "models"
    record = TeachRecord(models / "mine-20261205-120802-460330.safetensors", tmp_path / "base.safetensors", 30)
    assert record.path.is_file()
    models.rename(tmp_path / "models.bak")  # as the teach ran
    record.close()  # the teach ended (failed: its model could not be written)
    (tmp_path / "models.bak").rename(models)  # put back
    assert unfinished_teaches(models) == []
    assert sorted(p.name for p in models.iterdir()) == []  # neither the note nor its lock left
