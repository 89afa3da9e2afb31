"""The fifty-fifth round of hostile testing, teach12: teaching as a demanding user where teach11 left (how long
Ctrl+T takes on a busy 2-core machine, a digit drawn in two styles, two digits taught alone, a folder of 1,000
examples copied in beside a few drawn, a teach, another model opened, a teach again), in a real window and offscreen;
each test is checked to fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import held_at_the_third_picture, open_shipped_window

import rowreader.example_folder
from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.example_store import ExampleStore


def _box(left: int) -> np.ndarray:
    """A 0 drawn as a box on the canvas's 280×280 page, ``left`` px from its left edge (its input alike: copies)."""
    page = np.full((280, 280), 255, np.uint8)
    page[60:220, left : left + 28] = page[60:220, left + 112 : left + 140] = 0
    page[60:88, left : left + 140] = page[192:220, left : left + 140] = 0
    return page


def test_pictures_copied_in_beside_kept_ones_are_said_to_be_read(qtbot, tmp_path: Path, monkeypatch) -> None:
    """1,000 MNIST digits copied into the examples folder beside 8 drawn and kept: the dock said "8 examples in …",
    and nothing else, for the 20–30 s (a load of 7) it took to read them, then all at once "1,008 examples": only a
    first reading, of an empty dock, said how far it had come. A reading of a folder shown already says so too now,
    its rows as they were until the end."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    window: MainWindow = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user", activate=True)
    panel = window.teaching.panel
    draw_digit(window.canvas, "7")
    window.teaching.keep(7)  # a drawing kept: the dock shows it at once
    qtbot.waitUntil(lambda: panel.view.rows[7][1].count() == 1, timeout=10_000)
    monkeypatch.setattr(rowreader.example_folder, "PROGRESS_EVERY_S", 0.0)
    outside = ExampleStore(window.teaching.store.root)  # a file manager's copy, behind the app's back
    for left in range(20, 120, 20):
        outside.add(0, _box(left))
    release, decoded = held_at_the_third_picture(monkeypatch)
    found: list = []
    try:
        panel.load_in_background(window.tasks, found.append)
        qtbot.waitUntil(lambda: len(decoded) == 3, timeout=10_000)
        qtbot.waitUntil(lambda: panel.message.text().startswith("Reading your examples ("), timeout=10_000)
        # the rows stand as they were read last, each count whole (no "…" of a first reading's digits to come)
        assert panel.view.rows[7][1].count() == 1 and panel.view.rows[0][1].count() == 0
        assert all("…" not in label.text() for label, _ in panel.view.rows.values())
    finally:
        release.set()
    qtbot.waitUntil(lambda: len(found) == 1, timeout=10_000)
    assert panel.message.text().startswith("6 examples (2 drawings) in") and panel.view.rows[0][1].count() == 5
