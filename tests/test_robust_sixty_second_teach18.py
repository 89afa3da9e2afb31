"""The sixty-second round of hostile testing, teach18: teaching under a user who does not wait (Ctrl+T pressed, then
the window closed at once). Each defect found is checked offscreen, against the real app, and seen failing on the code
before its fix."""

from __future__ import annotations

import threading
import time
from pathlib import Path

from gui_window import keep_examples, open_shipped_window, until
from test_robust_forty_second_scale import examples_kept, held_at

from gui.example_transfer import cut_short_noted
from gui.teach_command import TeachCommand
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore


def test_ctrl_t_then_ctrl_q_at_once_is_said_as_a_teach_cut_short(qtbot, tmp_path, mnist_test, capfd) -> None:
    """Ctrl+T, then Ctrl+Q while it still read the examples (seconds for thousands, the status saying "Reading your
    examples…"): the window closed and nothing said the teach had not run, on stderr or at the next start, where the
    same two keys a moment later (its process started) said "the teach was cancelled as the window closed (before its
    first step)" in both. Now the close says so of a teach still being prepared too."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    keep_examples(window.teaching.store, mnist_test, per_digit=2)
    window.teaching.teach_action.trigger()
    assert window.teaching.preparing and window.teaching.process is None  # its examples being read
    window.close()
    words = "the teach was cancelled as the window closed (before its first step): no model was written"
    assert words in capfd.readouterr().err
    assert [words in note for note in cut_short_noted(user, "teach")] == [True]
    assert not list((user / "models").glob("*.safetensors"))  # and none was written: the words are true


def test_an_import_begun_as_ctrl_t_reads_the_examples_is_not_taught_half_copied(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """Ctrl+T during an import is refused ("Your examples are still being imported: press Ctrl+T again once the import
    is done"): a teach then learnt from the part copied so far. But Ctrl+T, then Import… at once, as the examples were
    read: the fine-tune started as the reading ended, the import still copying, and learnt from the part copied by
    then, without a word. Now it is refused there too, in the same words, and nothing is started."""
    started: list[TeachProcess] = []
    monkeypatch.setattr(
        TeachProcess, "start", lambda process: started.append(process)
    )  # the fine-tune not run: whether it starts is all
    source = ExampleStore(tmp_path / "from-a-friend")
    examples_kept(source, {1: 4, 4: 4})
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=2)
    reading, load = threading.Event(), ExampleStore.load
    monkeypatch.setattr(ExampleStore, "load", lambda store, *args: (reading.wait(20), load(store, *args))[1])
    copying, release = held_at(monkeypatch, 2)
    try:
        teaching.teach()  # Ctrl+T: the folder read in the background
        teaching.import_folder(source.root)  # then Import…, at once
        reading.set()  # the reading ends, the import copying on
        until(qtbot, lambda: copying.is_set() and not teaching.preparing, seconds=10)
        assert teaching.importing
        assert teaching.process is None and teaching.dialog is None and not started
        assert window.statusBar().currentMessage().startswith("Your examples are still being imported: press Ctrl+T")
    finally:
        reading.set()
        release.set()
    until(qtbot, lambda: not window.tasks.busy, seconds=20)


def test_ctrl_t_stopped_then_pressed_again_with_another_model_teaches_the_model_in_use(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """Ctrl+T, then Esc as the examples were read ("Teaching stopped before it began"), another model opened, then
    Ctrl+T again, the reading not yet done: the Ctrl+T stopped was started all the same, and it taught the model of
    that one, the dialog saying "Starting from the shipped model, the model in use" beside the other model in use. Now
    the reading answers the last Ctrl+T alone: one teach, of the model in use."""
    started: list[TeachProcess] = []
    monkeypatch.setattr(TeachProcess, "start", lambda process: started.append(process))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching = window.teaching
    keep_examples(teaching.store, mnist_test, per_digit=2)
    other = tmp_path / "mine" / "other.safetensors"
    other.parent.mkdir()
    other.write_bytes(pretrained_path().read_bytes())
    reading, load = threading.Event(), ExampleStore.load
    monkeypatch.setattr(ExampleStore, "load", lambda store, *args: (reading.wait(20), load(store, *args))[1])
    unusable = TeachCommand._base_unusable

    def slower_of_the_other(base: Path, in_use=None) -> str | None:  # the two checks in the background end in turn
        if base == other and threading.get_ident() != threading.main_thread().ident:
            time.sleep(2)
        return unusable(base, in_use)

    monkeypatch.setattr(TeachCommand, "_base_unusable", staticmethod(slower_of_the_other))
    try:
        teaching.teach()  # Ctrl+T, the shipped model in use
        assert teaching.stop_preparing()  # Esc
        window.open_model(other)
        until(qtbot, lambda: window.session.checkpoint.path == other, seconds=20)
        teaching.teach()  # Ctrl+T again, the other model in use
        reading.set()
        until(qtbot, lambda: not teaching.preparing, seconds=20)
    finally:
        reading.set()
    assert teaching.process is not None and started == [teaching.process]  # one teach
    assert teaching.process.run.base == other, teaching.process.run.base
    assert teaching.dialog is not None and "other.safetensors, the model in use" in teaching.dialog.status.text()
