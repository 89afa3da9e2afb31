"""The forty-fifth round of hostile testing, window: the app as a person uses it, driven in a real window (Xvfb,
openbox, xdotool) at 100 % and 200 %: digits drawn stroke by stroke and kept, a folder of copies imported, teaches
cancelled and let finish, models switched and compared, the app quit during an import and started again; each test
is checked to fail on the code before its fix."""

from __future__ import annotations

from gui_window import open_shipped_window

from gui.example_transfer import cut_short_words, note_cut_short


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
    bar = window.statusBar()
    qtbot.waitUntil(lambda: bar.currentMessage().startswith("Last time"), timeout=10_000)
    shown = bar.currentMessage()
    assert "316 example(s) copied from w45-big" in shown, shown
    assert shown.endswith("import from there again to finish it"), shown
    assert bar.toolTip() == (
        f"Last time, the import from {folder} was cut short as the window closed: 316 example(s) copied, each whole, "
        "the rest not; import from there again to finish it (what was copied is not copied twice)"
    )
