"""The forty-ninth round of hostile testing, a11y4: the app for a person who cannot see it well or does not use a
mouse, after this round's File ▸ Read in the other ink (Ctrl+I), the chart's read-out shading and the speck, dot and
faint messages: what a screen reader is told (every announcement logged by a Qt update handler, every view's
accessible name, role and description read with QAccessible), Tab, the shortcuts and the menus, in a real window
(Xvfb, openbox, xdotool keys only) at 200 % and offscreen; each test checked to fail on the code before
its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import keyed, open_shipped_window, window_without_model
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (the fixture: what a screen reader is told)

from gui.timeline import BeliefTimeline, Comparison
from rowreader.checkpoint import load_pretrained
from rowreader.session import DigitSession


def _light_seven(folder: Path) -> Path:
    """A 7 in white on black, saved as a PNG: read as light ink, told from its pixels."""
    picture = np.zeros((28, 28), np.uint8)
    picture[6, 8:20] = 255
    for row in range(7, 22):
        picture[row, 19 - (row - 7) // 2] = 255
    Image.fromarray(picture).save(path := folder / "seven.png")
    return path


def test_a_picture_opened_and_read_in_the_other_ink_is_announced_once(qtbot, tmp_path, announced) -> None:  # noqa: F811
    """Ctrl+O on a light-on-dark 7, then Ctrl+I: a screen reader was told "Reading seven.png", then at once
    "Reading seven.png: read as light ink on dark paper (told from its pixels; Ctrl+I reads it as dark ink)" (the
    window's words for any picture, then the picture's own over them), and after Ctrl+I both again: each reading
    twice, its name three times with "Opening seven.png…". Each reading is now announced once, with its notes."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    announced.clear()
    window.pictures.open_image(_light_seven(tmp_path))
    qtbot.waitUntil(window.actions_.other_ink.isEnabled, timeout=20_000)
    light = "read as light ink on dark paper (told from its pixels; Ctrl+I reads it as dark ink)"
    assert announced == ["Opening seven.png…", f"Reading seven.png: {light}"]
    assert window.statusBar().currentMessage() == f"Reading seven.png: {light}"
    announced.clear()
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    dark = "read as dark ink on light paper (as asked; Ctrl+I reads it as light ink)"
    qtbot.waitUntil(lambda: len(announced) == 2, timeout=20_000)
    assert announced == ["Reading seven.png as dark ink…", f"Reading seven.png: {dark}"]
    window.canvas.undo()  # the light reading back: its name and notes, as when it was read (the lead's test)
    assert announced[2:] == [f"Reading seven.png: {light}"]


def test_the_charts_row_cursor_tells_a_screen_reader_the_leader_first_in_words(qtbot) -> None:
    """Tab to the chart, comparing with the seed model, and Left: a screen reader was read the visible read-out,
    "after row 10: 0: <0.1%  1: 99.9%  2: <0.1% …  ·  ┄ seed: 0: 10.1% …": twenty values in digit order, the leader
    (bold on the screen) unmarked, the compared model's behind a box-drawing sign. It now hears what the bars and the
    chart's title say, the leader first: "after row 10: 1 (99.9%); the rest under 0.1%; seed after row 10: 1
    (10.9%); then …". The box on the screen is as it was."""
    session = DigitSession(load_pretrained())
    one = np.zeros((28, 28), np.float32)
    one[4:24, 13:15] = 1.0
    session.set_image(one)
    session.seek(10)
    chart = keyed(qtbot, BeliefTimeline(session), (560, 300))
    chart.set_comparison(Comparison("seed", session.probabilities[::-1].copy(), None))
    QTest.keyClick(chart, Qt.Key.Key_Left)
    said = chart.accessibleDescription()
    assert said.startswith("after row 10: 1 (") and "; then " in said, said
    assert "┄" not in said and "·" not in said and "; seed after row 10: " in said, said
    assert chart.readout() == chart.readout(10) and "┄ seed: " in chart.readout()  # the box as it was


def test_a_start_note_is_announced_whole_with_what_its_tooltip_says(qtbot, tmp_path, monkeypatch, announced) -> None:  # noqa: F811
    """`$XDG_DATA_HOME` naming a file: the start announced "Examples cannot be kept: $XDG_DATA_HOME=… is a file, not a
    folder", and what to do ("Set $XDG_DATA_HOME to a folder or unset it, and start the app again") was in the
    status bar's tooltip alone, which a screen reader is not read and a keyboard cannot open; so were what settings
    that cannot be saved lose, an import's whole count and each import a close cut short ("the tooltip says each").
    A message with a tooltip is now announced as the tooltip says it, whole; the examples' tooltip names what
    cannot be done, as the bar does."""
    afile = tmp_path / "notes"
    afile.write_text("not a folder\n", encoding="utf-8")
    monkeypatch.setenv("XDG_DATA_HOME", str(afile))
    window = window_without_model(qtbot, tmp_path, user_dir=afile / "RowReader")
    qtbot.waitUntil(lambda: any(said.startswith("Examples cannot be kept: ") for said in announced), timeout=5_000)
    (said,) = [said for said in announced if said.startswith("Examples cannot be kept: ")]
    tip = f"Examples cannot be kept: $XDG_DATA_HOME={afile} is a file, not a folder. Set $XDG_DATA_HOME to a folder"
    whole = f"{tip} or unset it, and start the app again: no example can be kept until then."
    assert said == window.statusBar().toolTip() == whole, said
