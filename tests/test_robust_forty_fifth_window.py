"""The forty-fifth round of hostile testing, window: the app as a person uses it, driven in a real window (Xvfb,
openbox, xdotool) at 100 % and 200 %: digits drawn stroke by stroke and kept, a folder of copies imported, teaches
cancelled and let finish, models switched and compared, the app quit during an import and started again; each test
is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import SLOW_TEACH, lone_dock, open_shipped_window, open_teach_dialog, shown
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.example_transfer import cut_short_noted, cut_short_words, note_cut_short
from rowreader.example_store import ExampleStore


def test_the_next_starts_note_of_an_import_cut_short_keeps_its_count_in_the_bar(qtbot, tmp_path):
    """Quit during an import of 3,000 pictures from /tmp/w45-big, then started again (1,105 px window): the bar said
    "Last time, the import from /tmp/w45-big was cut short as the window closed…import from there again to finish it",
    its middle, "316 example(s) copied", cut out to fit: what the note is for could not be read but in a tooltip. The
    bar now says the count before the folder, named by its name ("Last time, the window's close cut short an import:
    316 example(s) copied from w45-big; import from there again to finish it"); the tooltip keeps the whole words."""
    user = tmp_path / "user"
    user.mkdir()
    folder = tmp_path / "a folder of the pictures my class drew" / "w45-big"
    note_cut_short(user, "import", cut_short_words("import", 316, folder))
    window = open_shipped_window(qtbot, tmp_path, size=(1105, 700), user_dir=user)
    window.status.start_notes.clear()  # said after the start-up model's message: said here at once, as then
    window.teaching.say_cut_short()
    ((words, ms, tip, _),) = window.status.start_notes
    window.say(words, ms, tip)
    bar = window.statusBar()
    shown = bar.currentMessage()
    assert "316 examples copied from w45-big" in shown, shown
    assert shown.endswith("import from there again to finish it"), shown
    assert bar.toolTip() == (
        f"Last time, the import from {folder} was cut short as the window closed: 316 examples copied, each whole, "
        "the rest not; import from there again to finish it (what was copied is not copied twice)"
    )


def test_delete_in_my_examples_says_what_it_deleted_and_the_undo_what_it_brought_back(qtbot, tmp_path):
    """In the real window, the Ø in My examples chosen and Delete pressed (Del is also Clear, where the canvas has the
    keys): the thumbnail went and the count fell by one, and not a word, where a keep, a move and a take-back each
    say what they did: a person who meant to clear the canvas did not learn that a kept example had gone, nor that
    Ctrl+Z brings it back. Delete now says "Deleted the example of 0 (NAME): Ctrl+Z brings it back", and the undo
    "Brought back the example of 0 (NAME)", so that the bar does not go on offering Ctrl+Z for what is back."""
    store = ExampleStore(tmp_path / "examples")
    picture = np.full((28, 28), 255, np.uint8)
    picture[6:22, 8] = picture[6:22, 19] = picture[6, 8:20] = picture[21, 8:20] = 0  # a 0
    picture[np.arange(6, 22), np.arange(6, 22) // 2 + 6] = 0  # slashed
    kept = store.add(0, picture)
    dock = shown(qtbot, lone_dock(store))
    dock.reload()
    said: list[str] = []
    dock.said.connect(said.append)
    dock.activateWindow()
    qtbot.waitUntil(dock.isActiveWindow)
    zeros = dock.view.rows[0][1]
    zeros.setFocus()
    zeros.setCurrentRow(0)
    QTest.keyClick(zeros, Qt.Key.Key_Delete)
    assert zeros.count() == 0
    assert said == [f"Deleted the example of 0 ({kept.path.name}): Ctrl+Z brings it back"]
    dock.undo_stack.undo()
    assert zeros.count() == 1
    assert said[1:] == [f"Brought back the example of 0 ({kept.path.name})"]
    dock.undo_stack.redo()  # Ctrl+Shift+Z: deleted again, said again
    assert said[2:] == said[:1]


def test_a_teach_cut_short_by_quit_is_said_on_stderr_and_at_the_next_start(qtbot, tmp_path, mnist_test, capfd):
    """Ctrl+T, then Ctrl+Q while it learnt (step 18 of 40): the window closed, the teach was cancelled, and nothing
    said so, not on stderr, not at the next start, where an import or an export so cut is said in both: the next start
    read with the model it had, its Models menu without the one the person took for taught. It is now said as the app
    ends and noted for the next start: "the teach was cancelled as the window closed (…): no model was written; teach
    again (Ctrl+T) to finish it"."""
    user = tmp_path / "user"
    window = open_shipped_window(qtbot, tmp_path, user_dir=user)
    _, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=2, teach_args=SLOW_TEACH)
    assert process.running
    window.close()
    words = "the teach was cancelled as the window closed"
    assert words in capfd.readouterr().err
    (note,) = cut_short_noted(user, "teach") or [""]
    assert words in note and note.endswith("no model was written; teach again (Ctrl+T) to finish it"), note
    again = open_shipped_window(qtbot, tmp_path, user_dir=user)
    again.status.start_notes.clear()  # said after the start-up model's message: read here at once, as then
    again.teaching.say_cut_short()
    assert [n[0] for n in again.status.start_notes] == [f"Last time, {note.removeprefix('rowreader-gui: ')}"]
