"""The fortieth round of hostile testing, many: a person who uses the app for weeks, with 100, 1,000 and 5,000
examples kept as the app keeps them (UNIPEN pen digits drawn through rowreader.pen) and long sessions of drawing,
keeping, deleting and undoing; each defect found is checked to fail on the code before its fix. The folders of
thousands stay out of the tests: these build what they need in tmp_path, or no files at all."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from PySide6.QtCore import Qt

import rowreader.example_folder
from gui.example_rows import ExamplesWidget
from rowreader.example_folder import Example, ExampleSet
from rowreader.example_store import ExampleStore


def _rss_kb() -> int:
    with open("/proc/self/status") as status:
        return int(status.read().split("VmRSS:")[1].split()[0])


def test_the_dock_keeps_a_bounded_number_of_thumbnails_however_many_are_scrolled_through(qapp) -> None:
    """Each thumbnail was made when first shown and held by its row for as long as the window lived: a dock of
    5,000 examples scrolled through held all 5,000 pixmaps (RSS 209 → 230 MB for 3,000 of them at 100 %; an 80-px
    pixmap each at 200 %). They are kept in QPixmapCache now, its limit keeping those shown last."""
    rng = np.random.default_rng(40)
    examples = [
        Example(Path(f"/nowhere/{i % 10}/{i:05}.png"), i % 10, rng.random((28, 28), dtype=np.float32))
        for i in range(3000)
    ]
    view = ExamplesWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.show_examples(ExampleSet(examples))
    items = view.items()
    # the ratio of a 2× screen, as the items ask it of their rows (80-px pixmaps of 25 kB): 77 MB for 3,000
    for _, strip in view.rows.values():
        strip.devicePixelRatioF = lambda: 2.0
    before = _rss_kb()
    for item in items:  # what scrolling each row from end to end asks of it
        assert item.data(Qt.ItemDataRole.DecorationRole).availableSizes()[0].width() == 80
    grown = (_rss_kb() - before) / 1024
    assert grown < 30, f"RSS grew {grown:.0f} MB for 3,000 thumbnails"
    first = items[0].data(Qt.ItemDataRole.DecorationRole).pixmap(80, 80).toImage()  # made again, the same
    assert first.pixelColor(0, 0).isValid() and not first.isNull()
    view.deleteLater()


def test_undo_of_a_delete_decodes_nothing(tmp_path: Path, monkeypatch) -> None:
    """Undo of a Delete wrote the files back, then decoded the picture again on the UI thread to show it: 20–50 ms
    each with 1,000 to 5,000 examples, and the first Undo of a session 0.2–0.4 s while PIL loaded its plug-ins (the
    window's longest stall). The input shown before is the input of the very same bytes; none is decoded now, and
    the example comes back the same."""
    store = ExampleStore(tmp_path / "examples")
    drawing = np.full((280, 280), 255, np.uint8)
    drawing[60:220, 130:150] = 0
    kept = store.add(1, drawing)
    decoded: list[Path] = []
    real = rowreader.example_folder.input_of
    monkeypatch.setattr(rowreader.example_folder, "input_of", lambda path: decoded.append(path) or real(path))
    back = store.restore(store.remove(kept))
    assert decoded == []
    assert back.path == kept.path and np.array_equal(back.image, kept.image)
    assert np.array_equal(store.load().examples[0].image, kept.image)


def _kept(store: ExampleStore, count: int) -> None:
    for i in range(count):
        drawing = np.full((280, 280), 255, np.uint8)
        drawing[60:220, 100 + 10 * i : 130 + 10 * i] = 0  # each its own input: none is kept already
        store.add(1, drawing)


def test_an_export_says_how_far_it_has_come(qtbot, tmp_path: Path, monkeypatch) -> None:
    """An export of 5,000 examples took 17 s on the shared machine (each file flushed to disk: minutes onto a USB
    stick), the status bar saying "Exporting your examples to …" alone, and that for its first minute only (an
    import says "(1,234 of 5,000 read)"). It says how many are done now, as the import does."""
    from gui_window import window_without_model

    import rowreader.example_store

    monkeypatch.setattr(rowreader.example_store, "PROGRESS_EVERY_S", 0.0)  # at every example, as if each were slow
    store = ExampleStore(tmp_path / "kept")
    _kept(store, 3)
    told: list[tuple[int, int]] = []
    assert store.export_folder(tmp_path / "out", progress=lambda done, total: told.append((done, total))).written == 3
    assert told == [(0, 3), (1, 3), (2, 3)]

    window = window_without_model(qtbot, tmp_path, user_dir=tmp_path / "mine")
    _kept(window.teaching.store, 3)
    said: list[str] = []
    window.statusBar().messageChanged.connect(said.append)
    window.teaching.export_folder(tmp_path / "again")
    qtbot.waitUntil(lambda: any(s.startswith("Exported 3 examples") for s in said), timeout=20_000)
    # the folder as the bar shows it: a long one elided in its middle (an xdist worker's tmp_path is longer)
    assert any(s.startswith("Exporting your examples to /") and s.endswith("/again… (2 of 3 done)") for s in said), said


def test_a_reading_with_more_examples_keeps_the_thumbnails_shown(qapp) -> None:
    """Each reading of the folder while 5,000 examples were imported (one every second or two, as the files came
    in) rebuilt every row: 34–148 ms of the UI thread's CPU each, more as the rows grew, and every row thrown back
    to its first thumbnail. A row now keeps what it shows and gains the new examples in name order."""
    rng = np.random.default_rng(41)

    def example(i: int) -> Example:
        return Example(Path(f"/nowhere/{i % 2}/{i:05}.png"), i % 2, rng.random((28, 28), dtype=np.float32))

    before = [example(i) for i in range(0, 400, 2)]  # the 0s kept so far
    view = ExamplesWidget()
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen)
    view.resize(400, 600)
    view.show()
    view.show_examples(ExampleSet(before))
    qapp.processEvents()  # the rows laid out
    strip = view.rows[0][1]
    items = [strip.item(i) for i in range(strip.count())]
    strip.horizontalScrollBar().setValue(strip.horizontalScrollBar().maximum() // 2)  # half way along the 0s
    scrolled = strip.horizontalScrollBar().value()
    assert scrolled > 0
    # the next reading: one 0 gone, 1s and 0s come (a 0 among them sorts between two kept)
    now = sorted(
        [*before[:50], *before[51:], example(401), example(403), example(402), example(600)], key=lambda e: e.path
    )
    view.show_examples(ExampleSet(now))
    qapp.processEvents()
    shown = [strip.item(i).data(Qt.ItemDataRole.UserRole) for i in range(strip.count())]
    assert shown == [e for e in now if e.label == 0]
    kept = {id(item) for item in items}
    assert sum(id(strip.item(i)) in kept for i in range(strip.count())) == len(before) - 1  # none made anew
    assert strip.horizontalScrollBar().value() == scrolled
    ones = view.rows[1][1]
    assert [ones.item(i).data(Qt.ItemDataRole.UserRole) for i in range(ones.count())] == [e for e in now if e.label]
    view.close()
    view.deleteLater()
