"""The forty-seventh round of hostile testing, importleft: My examples' import and its words, the leftovers the
forty-sixth round's copies, notes, gcend, polish2 and fuzzpics helpers saw and left (a copy's tooltip, the skipped
files said, notes queued in the status bar, a folder whose name is not UTF-8, the collector paused by an import),
tried with the library and the app offscreen with pytest-qt; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from gui_window import lone_dock
from test_robust_forty_second_scale import examples_kept
from test_robust_forty_sixth_notes import window_on_notes

from gui.example_transfer import cut_short_noted, cut_short_words, note_cut_short
from rowreader.example_store import ExampleStore
from rowreader.output import counted
from rowreader.readable import readable


def test_a_copys_tooltip_does_not_count_the_drawing_among_its_copies(qtbot, tmp_path) -> None:
    """A drawing kept three times (a picture and two copies of it) showed on each thumbnail "one of 3 copies of one
    drawing": three copies are four pictures, and the row's own tooltip said "2 copies". Each thumbnail now says it
    is one of 3 examples of one drawing, which is so; the row's count of copies is as before."""
    from PySide6.QtCore import Qt

    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {3: 2, 7: 2})
    for i in range(2):
        shutil.copyfile(kept[3][0], kept[3][0].with_name(f"copy{i}.png"))
    dock = lone_dock(store)
    qtbot.addWidget(dock)
    dock.reload()
    qtbot.waitUntil(lambda: len(dock.found) == 6, timeout=10_000)
    label, strip = dock.view.rows[3]
    assert "2 copies of it" in label.toolTip() or "2 copies of them" in label.toolTip(), label.toolTip()
    tips = [strip.item(i).data(Qt.ItemDataRole.ToolTipRole) for i in range(strip.count())]
    alike = [tip for tip in tips if "drawing" in tip]
    assert len(alike) == 3, tips
    assert all("one of 3 examples of one drawing (a teach learns it once)" in tip for tip in alike), alike
    assert not any("copies" in tip for tip in tips), tips


def test_a_teach_refused_for_one_drawing_kept_thrice_does_not_call_it_three_copies(tmp_path) -> None:
    """A picture and two copies of it, alone, were refused as "3 copies of one drawing" (by Ctrl+T and the command
    line's fine-tune), as the tooltip counted them: the drawing among its copies. Now "3 examples of one drawing"."""
    from rowreader.example_folder import load_examples

    root = tmp_path / "examples"
    (mine,) = examples_kept(ExampleStore(root), {3: 1})[3]
    for i in range(2):
        shutil.copyfile(mine, mine.with_name(f"copy{i}.png"))
    why = load_examples(root).too_few()
    assert why == "3 examples of one drawing; teaching needs at least two different drawings", why


def test_a_hundred_imports_cut_short_are_said_as_one_summary(qtbot, tmp_path) -> None:
    """100 imports cut short by one logout were said at the next start one after another, 30 s each: the status bar
    was theirs for 50 minutes, every later message waiting behind them, and each went only once said. They are now
    said as one: how many, and that the tooltip says the first ten (the rest counted); once said, all go."""
    user = tmp_path / "user"
    user.mkdir()
    for n in range(100):
        note_cut_short(user, "import", cut_short_words("import", n, Path(f"/media/cut{n:03d}")))
    window = window_on_notes(qtbot, tmp_path, user, "first")
    qtbot.waitUntil(lambda: window.status.shown.startswith("Last time"))
    message, _, _, tip = window.status._said
    assert message.startswith("Last time, closing windows cut short 100 imports (the tooltip says the first 10)"), (
        message
    )
    assert tip.count("/media/cut") == 10 and "/media/cut009" in tip and tip.endswith("… and 90 more"), tip
    qtbot.waitUntil(lambda: cut_short_noted(user, "import") is None, timeout=5_000)  # said, all go


@pytest.mark.parametrize("damaged", [1, 5, 6, 50])
def test_an_import_names_the_files_it_skipped_or_says_where_the_rest_are(qtbot, tmp_path, damaged) -> None:
    """An import that skipped 50 damaged files said "Skipped 50 damaged file(s):" over ten of them, each by its whole
    path, and nothing of the other 40, as if those ten were all. Up to five are now each named on a line, within the
    folder named above them (as the dock and the teach dialog name them); more are counted by kind, the first three
    named, the rest counted, and every one is named in the box's details (Show Details…)."""
    source = ExampleStore(tmp_path / "from-a-friend")
    examples_kept(source, {3: 2})
    for i in range(damaged):
        (source.root / "3" / f"damaged{i:02d}.png").write_bytes(b"\x89PNG\r\n\x1a\n not really")
    window = window_on_notes(qtbot, tmp_path, tmp_path / "user", "first")
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    title, message = window.last_error
    lines = message.split("\n\n", 1)[1].splitlines()
    said = f"Skipped {counted(damaged, 'damaged file')}"  # one is "1 damaged file" (words2)
    assert title == "Some files were skipped" and lines[0].startswith(said), lines
    assert str(source.root) not in message.split("\n\n", 1)[1]  # named within the folder the first line names
    named = [line for line in lines if line.startswith("3/damaged")]
    details = window.error_dialog.detailedText()
    if damaged <= 5:
        assert len(named) == damaged == len(lines) - 1 and not details, lines
    else:
        assert len(named) == 3 and lines[-1] == f"… and {damaged - 3} more (Show Details… names each)", lines
        assert details.splitlines() == [f"3/damaged{i:02d}.png: " + named[0].split(": ", 1)[1] for i in range(damaged)]
    window.error_dialog.close()


def test_a_folder_not_named_in_utf8_keeps_its_name_in_the_import_and_export_words(qtbot, tmp_path) -> None:
    """An import from, and an export to, a folder whose name is not UTF-8 (bytes 0xFF 0xFE, from an old system or a
    zip) copied every example, but the status bar said "Importing examples from /tmp/…//src…", "Exported 3
    example(s) to /tmp/…//out": the name's bytes dropped where Qt took them, a path that names another folder. Every
    word of the import and export now names the folder as the rest of the app does (``readable``); and an export that
    left six files alone named ten at most and nothing of the rest, as the import did: it names a few, counts the
    rest, and its details name each."""
    odd = tmp_path / os.fsdecode(b"\xff\xfe")
    source = ExampleStore(odd / "src")
    examples_kept(source, {3: 4, 5: 2})
    window = window_on_notes(qtbot, tmp_path, tmp_path / "user", "first")
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.teaching.import_folder(source.root)
    qtbot.waitUntil(lambda: not window.teaching.importing and len(window.teaching.panel.found) == 6, timeout=10_000)
    assert said[0] == f"Importing examples from {readable(str(source.root))}…", said
    assert window.statusBar().toolTip() == f"Imported 6 examples from {readable(str(source.root))}"
    out = odd / "out"
    window.teaching.export_folder(out)
    qtbot.waitUntil(lambda: said[-1].startswith("Exported"), timeout=10_000)
    assert said[-2:] == [
        f"Exporting your examples to {readable(str(out))}…",
        f"Exported 6 examples to {readable(str(out))}",
    ]
    for written in (out / "3").iterdir():
        written.write_bytes(b"another file")
    for written in (out / "5").iterdir():
        written.write_bytes(b"another file")
    window.teaching.export_folder(out)
    qtbot.waitUntil(lambda: window.last_error is not None, timeout=10_000)
    title, message = window.last_error
    lines = message.split("\n\n", 1)[1].splitlines()
    assert title == "Some files were left alone" and message.startswith(f"Exported 0 examples to {readable(str(out))}")
    assert lines[0] == "Left 6 files alone; the first 3:" and lines[-1] == "… and 3 more (Show Details… names each)"
    assert all(line.startswith(("3/", "5/")) for line in lines[1:4]), lines
    assert len(window.error_dialog.detailedText().splitlines()) == 6
    window.error_dialog.close()
