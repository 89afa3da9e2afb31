"""The forty-seventh round of hostile testing, importleft: My examples' import and its words, the leftovers the
forty-sixth round's copies, notes, gcend, polish2 and fuzzpics helpers saw and left (a copy's tooltip, the skipped
files said, notes queued in the status bar, a folder whose name is not UTF-8, the collector paused by an import),
tried with the library and the app offscreen with pytest-qt; each test is checked to fail on the code before its
fix."""

from __future__ import annotations

import shutil

from test_robust_forty_second_scale import _kept

from rowreader.example_store import ExampleStore


def test_a_copys_tooltip_does_not_count_the_drawing_among_its_copies(qtbot, tmp_path) -> None:
    """A drawing kept three times (a picture and two copies of it) showed on each thumbnail "one of 3 copies of one
    drawing": three copies are four pictures, and the row's own tooltip said "2 copies". Each thumbnail now says it
    is one of 3 examples of one drawing, which is so; the row's count of copies is as before."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QUndoStack

    from gui.examples_dock import ExamplesDock

    store = ExampleStore(tmp_path / "examples")
    kept = _kept(store, {3: 2, 7: 2})
    for i in range(2):
        shutil.copyfile(kept[3][0], kept[3][0].with_name(f"copy{i}.png"))
    dock = ExamplesDock(store, QUndoStack())
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
