"""The forty-sixth round of hostile testing, copies: copies and skipped files, said once and clearly (the command
line's fine-tune naming each of 300 damaged files on a line of its own, the My examples dock showing 1,000 copies of
one 3 without a word, a drawing saved again lossily not counted a copy), tried with the library, the command line's
fine-tune and the app offscreen with pytest-qt; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import os
import shutil

from gui_window import lone_dock
from test_robust_forty_second_scale import FAST, examples_kept

from rowreader.example_store import ExampleStore
from training.fit import main as fit_main


def test_the_fine_tune_counts_the_files_it_skipped_by_kind_and_names_a_few(tmp_path, tiny_base, capsys) -> None:
    """``python -m training.fit --finetune … --examples DIR`` named every skipped file on a line of its own: 300 copies
    of one damaged picture were 300 lines of stderr, the rest of what it said lost among them. They are counted, by
    kind, on one line, the first three named, and the way to name them all said (``--list-all``), which does."""
    store = ExampleStore(tmp_path / "examples")
    examples_kept(store, {3: 1})  # one drawing: refused as too few to teach, after the warnings (no teach to wait for)
    damaged = store.root / "3" / "damaged.png"
    damaged.write_bytes(b"\x89PNG\r\n\x1a\n not really")
    for i in range(299):
        shutil.copyfile(damaged, damaged.with_name(f"damaged ({i}).png"))
    (store.root / "old").mkdir()
    out = tmp_path / "mine.safetensors"
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), *FAST, "--folds", "0"]
    assert fit_main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    skipped = [line for line in err if "skipped" in line]
    assert len(skipped) == 5, skipped[:8]
    assert "skipped 301 files: 300 damaged files and 1 folder not named 0–9" in skipped[0]
    assert all(f"skipped {store.root}{os.sep}" in line for line in skipped[1:4])  # a few named, with why
    assert "--list-all" in skipped[-1] and "298 more files skipped" in skipped[-1]
    assert fit_main([*argv, "--list-all"]) == 2
    err = capsys.readouterr().err
    assert err.count("damaged (") == 299 and err.count("/old") == 1  # each named, a line each


def test_the_dock_says_which_examples_are_copies_of_one_drawing(qtbot, tmp_path) -> None:
    """The My examples dock showed every copy of one drawing and said nothing of them, while a teach learns each
    drawing once: 1,000 copies of one of five 3s were "3 · 1,005", a row of the same thumbnail, and nothing more.
    The row now says how many drawings those are ("5 drawings"), its tooltip how many copies; a copy's thumbnail says
    it is one of N copies of one drawing; the message line counts the drawings; each follows a delete and its undo."""
    from PySide6.QtCore import Qt

    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {3: 5, 7: 3})
    for i in range(4):
        shutil.copyfile(kept[3][0], kept[3][0].with_name(f"copy{i}.png"))
    dock = lone_dock(store)
    undo = dock.undo_stack
    qtbot.addWidget(dock)
    dock.reload()
    qtbot.waitUntil(lambda: len(dock.found) == 12, timeout=10_000)
    label, strip = dock.view.rows[3]
    assert "3</b>  ·  9" in label.text() and "5 drawings" in label.text()
    assert "4 copies" in label.toolTip() and "a teach learns each drawing once" in label.toolTip()
    assert "drawing" not in dock.view.rows[7][0].text()  # no copies: as before
    items = {strip.item(i).example.path.name: strip.item(i) for i in range(strip.count())}
    tip = items["copy2.png"].data(Qt.ItemDataRole.ToolTipRole)
    assert "one of 5 examples of one drawing" in tip, tip
    assert "copies" not in items[kept[3][1].name].data(Qt.ItemDataRole.ToolTipRole)
    assert "12 examples (8 drawings) in" in dock.message.text()
    dock.delete(items["copy0.png"].example)
    assert "3</b>  ·  8" in label.text() and "5 drawings" in label.text() and "3 copies" in label.toolTip()
    assert "one of 4 examples" in items["copy2.png"].data(Qt.ItemDataRole.ToolTipRole)
    undo.undo()
    assert "3</b>  ·  9" in label.text() and "4 copies" in label.toolTip()
    for name in ("copy0.png", "copy1.png", "copy2.png", "copy3.png"):
        dock.delete(next(e for e in dock.found.examples if e.path.name == name))
    assert "drawing" not in label.text() and "(8 drawings)" not in dock.message.text()


def test_the_fine_tune_counts_the_pictures_kept_under_two_digits_and_names_a_few(tmp_path, tiny_base, capsys) -> None:
    """A folder of 3s copied into 8/ by mistake: the fine-tune said "the same picture is kept as a 3 (…) and as an 8
    (…)" once per picture, 40 lines of stderr (4,000 for a folder of 4,000). They are counted on one line, the first
    three named, and ``--list-all`` names each, as it names each file skipped."""
    store = ExampleStore(tmp_path / "examples")
    kept = examples_kept(store, {3: 40, 7: 3})
    (store.root / "8").mkdir()
    for path in kept[3]:
        shutil.copyfile(path, store.root / "8" / path.name)
    out, no_mnist = tmp_path / "mine.safetensors", tmp_path / "no-mnist"
    no_mnist.mkdir()  # refused as the replayed digits are read, after the warnings: no teach to wait for
    argv = ["--finetune", str(tiny_base), "--examples", str(store.root), "--out", str(out), "--data-dir", str(no_mnist)]
    assert fit_main(argv) == 2
    err = capsys.readouterr().err.splitlines()
    same = [line for line in err if "kept as" in line or "two digits" in line]
    assert len(same) == 5, same[:8]
    assert "40 pictures are each kept under two digits or more" in same[0]
    assert all("the same picture is kept as a 3 (3/" in line for line in same[1:4])
    assert "37 more" in same[-1] and "--list-all" in same[-1]
    assert fit_main([*argv, "--list-all"]) == 2
    assert capsys.readouterr().err.count("the same picture is kept as a 3") == 40
