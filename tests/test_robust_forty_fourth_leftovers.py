"""The forty-fourth round of hostile testing, leftovers: what the forty-third round saw and left in the app's My
examples (Stop pressed twice, a teach's newest pictures by a file's time dated in the future); each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import os
import time

import pytest
from gui_window import open_shipped_window
from test_robust_forty_second_scale import examples_kept, held_at

from gui.example_transfer import CUT_SHORT_FILES, cut_short_noted
from rowreader.example_folder import newest_first
from rowreader.example_store import ExampleStore


@pytest.mark.parametrize("kind", ["import", "export"])
def test_stop_pressed_twice_does_not_begin_another_transfer(qtbot, tmp_path, monkeypatch, kind):
    """Stop importing pressed twice 0.3 s apart: the first press stopped the import, which ended at once, and the
    second hit the button that said Import… again and opened the import dialog (the export's alike). Once Stop is
    pressed the button and its menu entry are disabled until the transfer has ended, and a press within a moment of
    that end is let go: no dialog opens, no other transfer begins."""
    source = ExampleStore(tmp_path / "source")
    examples_kept(source, {1: 4})
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    teaching, panel = window.teaching, window.teaching.panel
    if kind == "export":
        examples_kept(teaching.store, {2: 4})
    asked: list[str] = []
    monkeypatch.setattr(window.files, "choose_folder", lambda *args, **kwargs: asked.append("dialog") or "")
    button, action = (
        (panel.import_button, teaching.import_action)
        if kind == "import"
        else (panel.export_button, teaching.export_action)
    )
    reached, release = held_at(monkeypatch, 2)
    teaching.import_folder(source.root) if kind == "import" else teaching.export_folder(tmp_path / "stick")
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    button.click()  # Stop
    stopping = button.isEnabled(), action.isEnabled()
    release.set()
    assert stopping == (False, False)  # stopping: a second press cannot land on Import…
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    button.click()  # the second press, a moment after the first
    action.trigger()
    assert asked == []
    assert not teaching.transfer_stops[kind]
    qtbot.wait(1100)  # then the button is Import… (Export…) again, as before
    button.click()
    assert asked == ["dialog"]


def test_a_picture_dated_in_the_future_is_not_the_newest_for_ever(tmp_path):
    """A teach chose each digit's newest pictures by their files' modified time, so a picture dated 2100 (a camera's
    clock, a copy from another machine) stayed among the newest at every teach, before every example kept after it.
    A file's time is now taken as no later than when it came to this disk (its change time, which no program sets
    forward): the example kept after it is the newer."""
    store = ExampleStore(tmp_path / "examples")
    early, late = examples_kept(store, {3: 2})[3]
    future = time.time() + 75 * 365 * 86400
    os.utime(early, (future, future))  # dated in the future as it arrives
    time.sleep(0.02)
    late.write_bytes(late.read_bytes())  # kept after it
    assert newest_first([early, late]) == [late, early]


def test_an_export_cut_short_by_the_close_is_said_in_the_window_at_the_next_start(qtbot, tmp_path, monkeypatch):
    """An export cut short by Quit, SIGTERM or SIGHUP was said only on stderr as the app ended, which an app started
    from a menu never shows: a person took the stick's folder for whole. The words are kept, written atomically, in
    the app's own folder, and the next start says them in the status bar, once; a damaged note is ignored quietly."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    examples_kept(window.teaching.store, {2: 4})
    reached, release = held_at(monkeypatch, 2)
    window.teaching.export_folder(tmp_path / "stick")
    qtbot.waitUntil(reached.is_set, timeout=10_000)
    window.tasks.stopping.set()  # the window closing: the export stops between examples
    release.set()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert [p.name for p in user.iterdir() if "cut" in p.name] == [CUT_SHORT_FILES["export"]]  # no temporary beside it
    again = open_shipped_window(qtbot, tmp_path, user_dir=user)
    bar = again.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Last time"), timeout=10_000)  # after the model's words
    said = bar.toolTip()  # whole (the bar shortens it in its middle)
    assert said.startswith(f"Last time, the export to {tmp_path / 'stick'} was cut short as the window closed: ")
    assert "2 examples written, each whole, the rest not; export there again to finish it" in said, said
    qtbot.waitUntil(lambda: not (user / CUT_SHORT_FILES["export"]).exists(), timeout=5_000)  # in the background
    assert cut_short_noted(user, "export") is None  # said once
    (user / CUT_SHORT_FILES["export"]).write_bytes(b"\xff\xfe not ours")  # left as it is, never said
    assert cut_short_noted(user, "export") is None
    assert (user / CUT_SHORT_FILES["export"]).read_bytes() == b"\xff\xfe not ours"
    (user / CUT_SHORT_FILES["export"]).write_text("some other words")
    assert cut_short_noted(user, "export") is None
    assert (user / CUT_SHORT_FILES["export"]).read_text() == "some other words"
