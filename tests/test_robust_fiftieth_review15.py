"""The fiftieth round of hostile testing, review15: the forty-ninth round's app changes read with a hostile reviewer's
eyes (the lead's ``Shown`` list and Ctrl+I, the canvas's long strokes, the docks placed again, the announcements),
each suspected defect driven offscreen (pytest-qt) with a hostile sequence of user actions; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

from pathlib import Path

import numpy as np
from gui_window import open_shipped_window
from PIL import Image
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from gui.picture_inputs import MAX_SHOWN


def _picture(path: Path, column: int = 12) -> Path:
    """A dark stroke on light paper, saved at ``path``."""
    grey = np.full((28, 28), 255, np.uint8)
    grey[4:24, column : column + 4] = 0
    Image.fromarray(grey).save(path)
    return path


def _settled(window, qtbot) -> None:
    """Every reading asked for has come back (shown or turned away)."""
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    QTest.qWait(0)


def _open(window, qtbot, path: Path) -> None:
    before = window.canvas.content
    window.pictures.open_image(path)
    qtbot.waitUntil(lambda: window.canvas.content is not before, timeout=20_000)
    _settled(window, qtbot)


def _ctrl_i(window) -> str:
    """Ctrl+I pressed in the window: the status line's message after it."""
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    return window.statusBar().currentMessage()


def test_ctrl_i_on_a_picture_opened_before_those_remembered_says_so(qtbot, tmp_path: Path) -> None:
    """21 pictures opened, then Ctrl+Z 20 times: the first, opened from a file, is shown again, and Ctrl+I said
    "Not read in the other ink: p00.png has no other ink to read (Ctrl+I reads a picture opened, dropped or pasted)"
    — false of a picture that was opened (only the last 20 readings are remembered). It now says it was read too
    long ago and how to read it in the other ink: open it again."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    for index in range(MAX_SHOWN + 1):
        _open(window, qtbot, _picture(tmp_path / f"p{index:02}.png", 4 + index))
    for _ in range(MAX_SHOWN):
        window.canvas.undo()
    assert window.canvas.content.base.source == "p00.png"
    assert not window.actions_.other_ink.isEnabled()
    said = _ctrl_i(window)
    assert "has no other ink" not in said, said
    assert said == (
        f"Not read in the other ink: p00.png was read more than {MAX_SHOWN} pictures ago (open, drop or paste it "
        "again, then Ctrl+I)."
    ), said


def test_a_reading_in_the_other_ink_is_not_put_over_what_redo_brought_back(qtbot, tmp_path: Path) -> None:
    """Ctrl+I on a picture brought back undrawn by Ctrl+Z, then Ctrl+Shift+Z before its reading came: the strokes
    drawn on the picture were shown again, and the reading in the other ink was put over them (no stroke was drawn
    since it was asked, so the guard against a drawing replaced passed it), though Ctrl+I reads only a picture with
    nothing drawn over it. Now the reading is dropped when the canvas no longer shows what was read again, and the
    status line says so; the strokes stay."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    _open(window, qtbot, _picture(tmp_path / "one.png"))
    window.canvas.draw_stroke([(40, 140), (240, 140)])
    drawn = window.canvas.content
    window.canvas.undo()
    assert window.actions_.other_ink.isEnabled()
    assert _ctrl_i(window) == "Reading one.png as light ink…"
    window.canvas.undo_stack.redo()  # before the reading comes back
    assert window.canvas.content is drawn
    _settled(window, qtbot)
    assert window.canvas.content is drawn
    said = window.statusBar().currentMessage()
    assert said.startswith("Not read in the other ink: one.png"), said


def test_a_reading_in_the_other_ink_is_not_put_over_the_picture_ctrl_z_brought_back(qtbot, tmp_path: Path) -> None:
    """Ctrl+I, then Ctrl+Z before its reading came: the picture opened before was shown, and the reading of the
    other picture in the other ink was put over it as a new step, which dropped the Ctrl+Shift+Z of the picture
    Ctrl+I had read. Now it is dropped, said so, Ctrl+I is on again for the picture shown, and Ctrl+Shift+Z still
    brings the other picture back."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    _open(window, qtbot, _picture(tmp_path / "first.png"))
    first = window.canvas.content
    _open(window, qtbot, _picture(tmp_path / "second.png", 6))
    second = window.canvas.content
    assert _ctrl_i(window) == "Reading second.png as light ink…"
    window.canvas.undo()
    _settled(window, qtbot)
    assert window.canvas.content is first
    assert window.statusBar().currentMessage() == (
        "Not read in the other ink: second.png, no longer shown as it was when its reading came (Ctrl+I again where "
        "it is shown undrawn on)."
    )
    assert window.actions_.other_ink.isEnabled()  # the picture shown can be read in the other ink, as before
    assert window.canvas.undo_stack.canRedo()
    window.canvas.undo_stack.redo()
    assert window.canvas.content is second


def test_each_ink_tried_and_taken_back_keeps_the_picture_readable_in_the_other_ink(qtbot, tmp_path: Path) -> None:
    """One picture opened, then Ctrl+I and Ctrl+Z, again and again, to compare its two readings: each Ctrl+I's
    reading, taken back and dropped from the undo history by the next Ctrl+I, was still remembered, and after 20 of
    them the picture opened itself was forgotten: shown, undrawn on, the only picture opened, Ctrl+I greyed and said
    it had no other ink. Only the readings Ctrl+Z or Ctrl+Shift+Z can still show are remembered now."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    _open(window, qtbot, _picture(tmp_path / "one.png"))
    first = window.canvas.content
    for _ in range(MAX_SHOWN):
        assert _ctrl_i(window) == "Reading one.png as light ink…"
        qtbot.waitUntil(lambda: window.canvas.content is not first, timeout=20_000)
        _settled(window, qtbot)
        window.canvas.undo()
        assert window.canvas.content is first
    assert window.actions_.other_ink.isEnabled()
    assert _ctrl_i(window) == "Reading one.png as light ink…"


def test_ctrl_i_is_off_while_an_example_of_my_examples_is_being_read(qtbot, tmp_path: Path) -> None:
    """An example of My examples clicked is read on a worker, as an opened picture is, but Ctrl+I stayed on
    meanwhile for the picture still shown: pressed then, the two readings raced, and where the Ctrl+I's came first
    the example clicked was never shown, nothing said (or, the other way, the reading in the other ink the status
    line announced was dropped). Ctrl+I is now off while an example is read, as while a picture opens, and says
    why; once the example is shown it reads that example in the other ink."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine", activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    window.teaching.keep(1)
    strip = window.teaching.panel.view.rows[1][1]
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=10_000)
    _open(window, qtbot, _picture(tmp_path / "one.png"))
    assert window.actions_.other_ink.isEnabled()
    example = window.teaching.panel.found.examples[0]
    window.teaching.open_example(example)
    assert not window.actions_.other_ink.isEnabled()
    said = _ctrl_i(window)
    assert said == "Not read in the other ink: a picture is being read (Ctrl+I again once it is shown).", said
    qtbot.waitUntil(lambda: window.canvas.content.base.source.startswith("example 1/"), timeout=20_000)
    _settled(window, qtbot)
    assert window.actions_.other_ink.isEnabled()
    assert _ctrl_i(window).startswith("Reading example 1/")


def test_a_test_digit_whose_set_loads_meanwhile_is_not_put_over_a_drawing_or_a_picture_asked_since(
    qtbot, tmp_path: Path
) -> None:
    """Ctrl+R's first press loads MNIST's test set on a worker; a stroke drawn meanwhile, or a picture opened or
    read in the other ink meanwhile (shown first: it is read faster), was replaced by the test digit once the set
    came, where a picture opened is never put over a drawing nor over one asked for after it. The digit is now
    shown only where nothing was drawn and nothing asked for since; the set stays loaded for the next Ctrl+R."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    assert window.pictures.mnist is None
    window.pictures.random_digit()
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    drawn = window.canvas.content
    _settled(window, qtbot)
    assert window.pictures.mnist is not None
    assert window.canvas.content is drawn
    said = window.statusBar().currentMessage()
    assert said.startswith("Not put over your drawing: a random test digit"), said
    window.canvas.clear()
    window.pictures.mnist = None
    window.pictures.random_digit()
    window.pictures.open_image(_picture(tmp_path / "one.png"))
    _settled(window, qtbot)
    assert window.canvas.content.base.source == "one.png"
    window.pictures.mnist = None
    window.pictures.random_digit()
    window.pictures.open_image(tmp_path / "one.png")
    window.pictures.random_digit()  # asked for last, while the set still loads: a digit is shown
    _settled(window, qtbot)
    assert window.canvas.content.base.source.startswith("MNIST test #")
