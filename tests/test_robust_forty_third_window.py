"""The forty-third round of hostile testing, window: the app as a demanding person uses what the forty-second round
added (My examples of thousands, Import… and Export… and their Stop, Ctrl+T learning from the newest of each digit),
driven in a real window (Xvfb, openbox, xdotool) at 100 % and 200 %, light and dark; each test is checked to fail on
the code before its fix."""

from __future__ import annotations

import os

import numpy as np
from gui_window import open_shipped_window
from test_robust_forty_second_scale import FAST, examples_kept, held_at

import training.finetune as finetune_module
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path
from rowreader.example_store import ExampleStore
from training.fit import main as fit_main


def test_the_stop_buttons_say_to_a_screen_reader_what_they_stop(qtbot, tmp_path, monkeypatch):
    """While an import and an export ran, the dock's two buttons both said "Stop", and that was all a screen reader
    had of them: two buttons of one name, side by side, with nothing to tell which stops what. Each button's
    accessible name is its Teach menu entry's words: "Stop importing" and "Stop exporting", then "Import examples…"
    and "Export examples…" again once each ends (the button itself still says the short Stop, as before)."""
    source = ExampleStore(tmp_path / "source")
    examples_kept(source, {1: 4, 4: 4})
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching, panel = window.teaching, window.teaching.panel
    assert panel.import_button.accessibleName() == "Import examples…"
    assert panel.export_button.accessibleName() == "Export examples…"
    reached, release = held_at(monkeypatch, 2)
    teaching.import_folder(source.root)
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    teaching.export_folder(tmp_path / "stick")  # both at once: the export waits on the same held write
    assert panel.import_button.text() == panel.export_button.text() == "Stop"
    assert panel.import_button.accessibleName() == "Stop importing"
    assert panel.export_button.accessibleName() == "Stop exporting"
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert panel.import_button.accessibleName() == "Import examples…"
    assert panel.export_button.accessibleName() == "Export examples…"


def test_a_teach_of_the_newest_of_a_digit_does_not_count_them_as_all_of_it(tmp_path, monkeypatch, capsys, mnist_test):
    """With 3,000 examples kept (some 300 of each digit), Ctrl+T learns from the newest 100 of each, and its warning
    of a drawing in the wrong folder said "95 of your other 99 6s read as 6s", where the person had 299 other 6s, 200
    of them not read. Of a digit taught only in part it says "95 of your newest 100 6s read as 6s" (as short, within
    the line the dialog keeps whole); of a digit taught whole, "your other", as before."""
    monkeypatch.setattr(finetune_module, "NEWEST_PER_DIGIT", 5, raising=False)
    images, labels = mnist_test
    store = ExampleStore(tmp_path / "examples")
    fours, ones = np.flatnonzero(labels == 4)[:6], np.flatnonzero(labels == 1)[:4]
    seven = np.flatnonzero(labels == 7)[0]
    when = 1_700_000_000
    for label, index in [*((4, i) for i in fours), *((1, i) for i in ones), (4, seven)]:  # the 7 kept last, as a 4
        example = store.add(label, 255 - images[index])
        when += 1
        for file in (example.path, example.sidecar):
            os.utime(file, (when, when))
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(pretrained_path()), "--examples", str(store.root), "--out", str(out), *FAST]
    assert fit_main(argv) == 0
    said = capsys.readouterr().err
    assert "2 older examples left out" in said
    assert f"4 of your newest 5 4s read as 4s; 4/{example.path.name} reads as a 7" in said
    assert "your other" not in said


def _summary(qtbot, tmp_path, left_out: int, misread: list[dict], heldout: tuple[float, float]) -> str:
    """The end of Ctrl+T's dialog for a teach of the newest 1,000 examples, ``left_out`` older ones not taught."""
    dialog = TeachDialog()
    qtbot.addWidget(dialog)
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    for line in (
        {"event": "start", "examples": 1000, "left_out": left_out},
        {"event": "progress", "step": 0, "steps": 40, "heldout": heldout[0], "mnist": 0.995},
        {"event": "progress", "step": 40, "steps": 40, "heldout": heldout[1], "mnist": 0.994},
        {"event": "done", "mnist_eval": {"digits": 2000}, "heldout_accuracy": {"misread": misread}},
    ):
        process._apply(line)
    dialog.finish(True, "Done")
    return dialog.summary.text()


def test_a_teach_of_the_newest_read_right_does_not_say_it_read_all_the_examples_right(qtbot, tmp_path):
    """With 9,631 examples kept, a teach that read the newest 1,000 right ended "It already read all your examples
    right, so teaching had nothing to fix", of 8,631 it never read. It says "It already read all the newest 1,000 of
    your 9,631 examples right"; with none left out, "all your examples", as before."""
    for left_out, words in (
        (8631, "all the newest 1,000 of your 9,631 examples right"),
        (0, "all your examples right"),
    ):
        summary = _summary(qtbot, tmp_path, left_out, [], (1.0, 1.0))
        assert f"It already read {words}, so teaching had nothing to fix" in summary


def test_a_teach_of_the_newest_says_its_misread_examples_are_of_those_it_read(qtbot, tmp_path):
    """With 3,000 examples kept, the end of Ctrl+T's dialog said "11 of your examples are read as another digit", of
    the newest 1,000 it learnt from: the other 2,000 were never read, and may hold more. Where it left some out it
    says "11 of the newest 1,000 of your 3,000 examples are read as another digit", as its first line says it learns
    from them; with none left out, "of your examples", as before."""
    for left_out, words in (
        (2000, "11 of the newest 1,000 of your 3,000 examples are"),
        (0, "11 of your examples are"),
    ):
        misread = [{"file": f"6/{i}.png", "label": 6, "read_as": 4} for i in range(11)]
        summary = _summary(qtbot, tmp_path, left_out, misread, (0.986, 0.989))
        assert f"\n{words} read as another digit: 6/0.png as a 4;" in summary


def test_a_word_said_while_an_import_runs_is_not_gone_at_its_next_count(qtbot, tmp_path, monkeypatch):
    """Ctrl+T while an import of 2,000 ran said "Your examples are still being imported: press Ctrl+T again once the
    import is done", and the import's next count ("Importing examples from …imp2… (399 of 2,000 read)") replaced it
    within a quarter of a second (screenshots 0.25 s apart): Ctrl+T seemed to do nothing. So went "Stopping the
    import…" and anything else said meanwhile. The count waits while another message shows, and takes the bar again
    once that has gone; the import's end is said over it, as before."""
    source = ExampleStore(tmp_path / "source")
    examples_kept(source, {1: 4, 4: 4})
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching, bar = window.teaching, window.statusBar()
    reached, release = held_at(monkeypatch, 2)
    teaching.import_folder(source.root)
    try:
        _said_while_held(qtbot, teaching, bar, source.root, reached)
    finally:
        release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert bar.currentMessage().startswith("Import stopped: 2 examples copied")  # the held one whole


def _said_while_held(qtbot, teaching, bar, folder, reached) -> None:
    """The status bar's words while the import is held at its second write (above)."""
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    teaching._import_read.emit(folder, "read", 3, 8)  # as the import's thread says how far it has come
    assert "(3 of 8 read)" in bar.currentMessage()
    teaching.teach()  # Ctrl+T
    refusal = bar.currentMessage()
    assert refusal.startswith("Your examples are still being imported")
    teaching._import_read.emit(folder, "copied or kept already", 1, 8)
    assert bar.currentMessage() == refusal
    bar.clearMessage()  # its time up
    teaching._import_read.emit(folder, "copied or kept already", 2, 8)
    assert "(2 of 8 copied or kept already)" in bar.currentMessage()
    teaching.choose_import()  # Stop
    teaching._import_read.emit(folder, "copied or kept already", 3, 8)
    assert bar.currentMessage().startswith("Stopping the import")
