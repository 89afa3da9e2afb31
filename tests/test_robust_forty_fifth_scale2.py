"""The forty-fifth round of hostile testing, scale2: the window's thread at a keen user's scale (12,944 examples kept)
after this round's changes (copies of one drawing counted in a teach and an import, cut-short notes written under a
lock, Delete and Ctrl+Z's words): a keep, a delete, its undo, a move, Ctrl+T's start, an import of 1,000 copies, the
re-read and a start with a note to say, each timed offscreen and in a real window (Xvfb) on the shared 2-core machine;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import threading
import time

from gui_window import keep_examples, open_shipped_window, open_teach_dialog, start_teaching

import gui.teach_command as teach_command
from gui.example_transfer import CUT_SHORT_FILES, cut_short_words, note_cut_short
from gui.teach_process import TeachProcess
from rowreader.atomic import drop_lock, take_lock
from rowreader.example_folder import ExampleSet


def _on_the_windows_thread(monkeypatch, owner: object, name: str) -> list[str]:
    """One item per call of ``owner.name`` made on the window's (the main) thread from now on."""
    calls: list[str] = []
    original = getattr(owner, name)

    def counted(*args, **kwargs):
        if threading.get_ident() == threading.main_thread().ident:  # current_thread() left a Dummy thread
            calls.append(name)
        return original(*args, **kwargs)

    monkeypatch.setattr(owner, name, counted)
    return calls


def test_ctrl_t_counts_the_drawings_it_teaches_off_the_windows_thread(qtbot, tmp_path, mnist_test, monkeypatch):
    """Ctrl+T's start counted the different drawings kept twice on the window's thread (whether there are two to
    teach, then how many of them it learns from): 66–120 ms at 12,944 examples, the window frozen past its 16-ms
    frame. Both are counted in the background, with the check of the model in use, once."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    counted = _on_the_windows_thread(monkeypatch, ExampleSet, "drawings")
    start_teaching(window, qtbot)
    assert window.teaching.record is not None and not counted


def test_what_a_teach_read_is_noted_off_the_windows_thread(qtbot, tmp_path, mnist_test, monkeypatch):
    """Once the fine-tune said it had read the folder, the window looked at each example's file on its own thread to
    note which were there: 0.3–0.5 s at 12,944 examples (12,944 stat calls), and listing each digit's folder once
    instead still took 60–120 ms to name them. It is noted in the background, each folder listed once, and the end
    of the teach waits for it; an example deleted before that is still left out, as it was."""
    monkeypatch.setattr(TeachProcess, "start", lambda process: None)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    open_teach_dialog(qtbot, window, mnist_test, per_digit=3)
    gone = teaching.panel.found.examples[0]
    os.remove(gone.path)  # in a file manager, before the fine-tune read the folder
    looks = _on_the_windows_thread(monkeypatch, os, "stat")
    named = _on_the_windows_thread(monkeypatch, teach_command, "readable")
    teaching.process.run.found = 29
    teaching.process.progress.emit()
    assert not looks and not named
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=5_000)
    assert len(teaching.taught_from) == 29 and gone.path not in {path for path, _ in teaching.taught_from}


def test_a_note_said_at_the_start_is_forgotten_off_the_windows_thread(qtbot, tmp_path):
    """A start's note of an import cut short is removed once the bar has said it, under a lock that another window may
    hold (it adds a line as it closes) and that the window waited up to 2 s for, on its own thread: with the lock held
    the bar's saying it froze the window 2.0 s. It is removed in the background, once the lock is free; said once."""
    user = tmp_path / "user"
    user.mkdir()
    note_cut_short(user, "import", cut_short_words("import", 316, tmp_path / "big"))
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    window.status.start_notes.clear()  # said after the start-up model's message: said here at once, as then
    window.teaching.say_cut_short()
    ((words, ms, tip, then),) = window.status.start_notes
    note = user / CUT_SHORT_FILES["import"]
    held = take_lock(note)  # another window closing, its own note being written
    began = time.monotonic()
    window.status._say_note(words, ms, tip, then)
    blocked = time.monotonic() - began
    drop_lock(note, held)
    qtbot.waitUntil(lambda: not note.exists() and not window.tasks.busy, timeout=5_000)
    assert blocked < 0.5, blocked
