"""The forty-eighth round of hostile testing, teach3: teaching the reader one's handwriting as a hostile user, in a
real window (Xvfb, openbox, xdotool) and offscreen: teaches of 1, 3 and 50 examples per digit and of one digit only,
Cancel and the window's close at once, mid-run and at the very end, Ctrl+T again, examples deleted and the examples
folder removed under the app; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from fake_fine_tune import ends_slowly, teaching_to_its_end
from gui_window import keep_examples, open_shipped_window, start_teaching
from hypothesis import given
from hypothesis import strategies as st
from test_gui_teach import refused_teaching

import gui.model_loading
from gui.example_transfer import CUT_SHORT_FILES
from gui.main_window import MainWindow
from gui.teach import WARNING_CHARS, TeachDialog, warning_lines
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path
from training.finetune import lone_digits_warning


def written_then_lingering(qtbot, tmp_path, mnist_test, monkeypatch, linger_s: float) -> tuple[MainWindow, TeachDialog]:
    """A window whose teach has written its model whole and said "done", its process not yet ended."""
    window, dialog, process = teaching_to_its_end(qtbot, tmp_path, mnist_test, monkeypatch, linger_s)
    qtbot.waitUntil(lambda: process.run.mnist_digits is not None, timeout=10_000)  # "done" read
    assert process.running and process.run.out.is_file()
    return window, dialog


@given(st.sets(st.integers(0, 9), min_size=1))
def test_the_warning_of_digits_kept_once_is_said_whole_in_the_dialog(digits: set[int]) -> None:
    """One example of each digit (the first teach a newcomer tries) was warned of as "⚠ Only one drawing of 0, 1, 2,
    3, 4, 5, 6, 7, 8, 9: the h…ut estimate says little of how it reads your next ones": the list of ten digits took the
    line past the dialog's 110 characters, and it was cut in its middle, mid-word (nine digits too). The digits are
    said in runs ("0–3, 5–9", "each digit"), and the line is whole, however many."""
    warning = lone_digits_warning(sorted(digits))
    assert len(warning) <= WARNING_CHARS
    assert "…" not in warning_lines([warning], Path("/nowhere"))
    assert warning.endswith("the held-out estimate says little of how it reads your next ones")


def test_digits_kept_once_are_named_in_runs() -> None:
    """The runs the lone-digit warning names (one list of digits, read as a person would write it)."""
    assert lone_digits_warning(list(range(10))).startswith("only one drawing of each digit:")
    assert lone_digits_warning([0, 1, 2, 3, 5, 6, 7, 8, 9]).startswith("only one drawing of 0–3, 5–9:")
    assert lone_digits_warning([1, 2, 4]).startswith("only one drawing of 1, 2, 4:")
    assert lone_digits_warning([7]).startswith("only one drawing of 7:")


def test_cancel_once_the_taught_model_is_written_keeps_it(qtbot, tmp_path, mnist_test, monkeypatch) -> None:
    """Cancel pressed as the fine-tune ended (its model written whole, "done" said, its process still unloading torch,
    the dialog saying "checking it on the MNIST digits and writing it…"): the finished model was deleted, and the
    dialog said "Cancelled … nothing was written". Once written, there is nothing left to cancel: Cancel is off, the
    dialog says it is written, and the teach ends as taught, the window reading with the taught model."""
    window, dialog = written_then_lingering(qtbot, tmp_path, mnist_test, monkeypatch, linger_s=1.0)
    out = window.teaching.process.run.out
    assert not dialog.cancel_button.isEnabled() and "written" in dialog.status.text()
    dialog.cancel_button.click()  # off: a click meant for it as it went off does nothing
    dialog.reject()  # Esc: closes the dialog, and the teach ends as taught
    window.teaching.teach()  # again, before it has ended: it is not "still stopping"
    assert "ending, its model written" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.session.checkpoint.path == out, timeout=20_000)
    assert out.is_file() and dialog.status.text().startswith("Done: now reading with")


def test_closing_the_window_once_the_taught_model_is_written_keeps_it(
    qtbot, tmp_path, mnist_test, monkeypatch, capfd
) -> None:
    """The window closed in those last seconds: the finished model was deleted, and the app said (and noted for the
    next start) "the teach was cancelled as the window closed (at step 2 of 2): no model was written; teach again".
    The model stays in the Models menu, and no teach is said to be cut short."""
    window, _ = written_then_lingering(qtbot, tmp_path, mnist_test, monkeypatch, linger_s=1.0)
    out = window.teaching.process.run.out
    window.close()
    assert out.is_file() and not (tmp_path / "user" / CUT_SHORT_FILES["teach"]).exists()
    assert "cancelled as the window closed" not in capfd.readouterr().err


def test_the_examples_folder_removed_under_the_app_is_said_gone(qtbot, tmp_path, mnist_test) -> None:
    """The examples folder removed under the app (a file manager, `rm -r`), thirty examples kept: the dock said "0
    examples in …/examples", as on a first start, and Ctrl+T "You have kept no example; … keep a few first": neither
    said the folder had gone. Both now say it is gone, deleted or moved outside RowReader."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    store, panel = window.teaching.store, window.teaching.panel
    keep_examples(store, mnist_test, per_digit=3)
    panel.load_in_background(window.tasks)
    qtbot.waitUntil(lambda: len(panel.found) == 30 and not window.tasks.busy, timeout=10_000)
    shutil.rmtree(store.root)
    panel.load_in_background(window.tasks)  # as the watcher or coming back to the window reads it
    qtbot.waitUntil(lambda: not len(panel.found) and not window.tasks.busy, timeout=10_000)
    gone = "is gone (deleted or moved outside RowReader)"
    assert panel.message.text() == f"0 examples in {store.root}\n⚠ that folder {gone}"
    title, message = refused_teaching(window, qtbot)
    assert title == "Too few examples" and message.startswith(f"Your examples folder, {store.root}, {gone}: keep")


def test_a_model_chosen_as_the_teach_ends_is_not_overridden_by_the_taught_one(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """The shipped model chosen in the Models menu as a teach from another model ended, its file still being read (a
    200 MB model takes seconds): the teach took the window over all the same, which then read with the taught model,
    the dialog saying "Done: now reading with mine-…, taught from other.safetensors … Switch back loses nothing", the
    user's choice lost without a word. The end now waits for the model asked for: it reads, and the taught model is
    offered, as for a model chosen earlier in the teach."""
    monkeypatch.setattr(TeachProcess, "start", ends_slowly(0.0))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    other = tmp_path / "other.safetensors"
    shutil.copyfile(pretrained_path(), other)
    window.open_model(other)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == other, timeout=20_000)
    keep_examples(window.teaching.store, mnist_test, per_digit=1)
    read = gui.model_loading.load_for_reading
    monkeypatch.setattr(gui.model_loading, "load_for_reading", lambda path: time.sleep(1.0) or read(path))  # a big one
    dialog = start_teaching(window, qtbot)
    process = window.teaching.process
    process.succeeded.connect(lambda _: window.open_model(pretrained_path()))  # chosen as it ends
    qtbot.waitUntil(lambda: dialog.close_button.isVisible(), timeout=20_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert window.session.checkpoint.path == pretrained_path()
    assert "Still reading with the shipped model, chosen while it was taught" in dialog.status.text()
    assert dialog.switch_back_button.text() == "Use the taught model"
