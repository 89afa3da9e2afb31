"""The fiftieth round of hostile testing, keys: the app driven by the keyboard alone, and the small window defects the
forty-ninth round saw and left (docs/robustness.md's forty-ninth round bullets, "Seen, not changed"), driven offscreen
(pytest-qt) and in a real window (Xvfb, openbox, xdotool key sequences); each test is checked to fail on the code
before its fix."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from gui_window import open_shipped_window, shown
from PIL import Image
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolTip

from gui.canvas import DrawingCanvas
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess


def test_a_press_beside_the_page_keeps_the_hint(qtbot) -> None:
    """A press in the margin beside the page of an empty canvas hid the "Draw a digit" hint until it was let go,
    though nothing was drawn (the stroke, wholly off the page, is dropped at pen-up). The hint now stays until the
    stroke inks the page; led onto it, the hint goes as for any stroke."""
    canvas = shown(qtbot, DrawingCanvas(), (500, 300))
    page = canvas.document_rect()
    margin = QPoint(round(page.left()) // 2, round(page.center().y()))
    empty = canvas.grab().toImage()
    QTest.mousePress(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, margin)
    assert canvas.is_drawing
    assert canvas.grab().toImage() == empty  # the hint still shows, and nothing else changed
    QTest.mouseMove(canvas, page.center().toPoint())
    assert canvas.grab().toImage() != empty
    QTest.mouseRelease(canvas, Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier, page.center().toPoint())
    assert not canvas.is_empty()


def _ctrl_i(window) -> str:
    """Ctrl+I pressed in the window: the status line's message after it."""
    QTest.keyClick(window, Qt.Key.Key_I, Qt.KeyboardModifier.ControlModifier)
    return window.statusBar().currentMessage()


def test_ctrl_i_where_there_is_no_picture_to_read_again_says_why(qtbot, tmp_path: Path) -> None:
    """Ctrl+I (File ▸ Read in the other ink) on a drawing, on an empty canvas or on a picture drawn over did nothing
    and said nothing: its menu item greyed, the key was dropped unheard. It now says why in the status line, and reads
    nothing; on a picture shown undrawn on it reads it again in the other ink, as before."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    assert not window.actions_.other_ink.isEnabled()  # greyed in the menu, as before
    assert (
        _ctrl_i(window) == "Not read in the other ink: nothing is shown (open, drop or paste a picture, then Ctrl+I)."
    )
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    assert _ctrl_i(window) == (
        "Not read in the other ink: a drawing is read as drawn (Ctrl+I reads a picture opened, dropped or pasted)."
    )
    window.canvas.clear()
    picture = np.zeros((28, 28), np.uint8)
    picture[4:24, 12:16] = 255
    Image.fromarray(picture).save(one := tmp_path / "one.png")
    window.pictures.open_image(one)
    qtbot.waitUntil(window.actions_.other_ink.isEnabled, timeout=20_000)
    window.canvas.draw_stroke([(40, 140), (240, 140)])
    assert _ctrl_i(window) == "Not read in the other ink: one.png is drawn on (Ctrl+Z your strokes, then Ctrl+I)."
    window.canvas.undo()
    assert _ctrl_i(window) == "Reading one.png as dark ink…"


@contextlib.contextmanager
def teach_running(qtbot, tmp_path: Path) -> Iterator[tuple[TeachDialog, TeachProcess]]:
    """The teach dialog shown, attached to a teach whose process (a minute's sleep) runs while the block does, and is
    killed after it whatever the block did: a teach under way without a fine-tune's minutes."""
    dialog = shown(qtbot, TeachDialog())
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    process.process.start(sys.executable, ["-c", "import time; time.sleep(60)"])
    assert process.process.waitForStarted(5000)
    try:
        yield dialog, process
    finally:
        process.process.kill()
        process.process.waitForFinished(5000)


def test_closing_the_teach_dialog_while_it_runs_asks_first(qtbot, tmp_path: Path) -> None:
    """Alt+F4 (or the title bar's close button) on the teach dialog while the teach ran cancelled it at once, unasked,
    minutes of teaching gone by a key meant perhaps to put the dialog away. It now asks, "Keep teaching" the default
    (Esc and Enter keep it); "Stop teaching" cancels, as Cancel and Esc in the dialog do."""
    with teach_running(qtbot, tmp_path) as (dialog, process):
        dialog.close()  # as Alt+F4 closes it
        asked = dialog.findChild(QMessageBox, "stop_teaching")
        assert asked is not None and asked.isVisible()
        assert dialog.isVisible() and process.running
        QTest.keyClick(asked, Qt.Key.Key_Return)  # the default: keep teaching
        assert not asked.isVisible() and dialog.isVisible() and process.running
        dialog.close()
        asked = dialog.findChild(QMessageBox, "stop_teaching")
        asked.button(QMessageBox.StandardButton.Discard).click()
        assert not dialog.isVisible()
        qtbot.waitUntil(lambda: not process.running, timeout=10_000)


def test_the_keyboard_opens_the_status_lines_whole_text(qtbot, tmp_path: Path) -> None:
    """A message shortened in the status line ("…") kept its whole, and what to do, in the bar's tooltip, which only
    a pointer resting on it opens; so did the model's label its accuracy on how many digits. Help ▸ Status bar in
    full (Shift+F1) now shows the whole of both, and the position's words, in that tooltip, and says it aloud."""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    message = "Examples cannot be kept: " + "/a/long/folder" * 12 + " is a file, not a folder"
    window.status.say(message, 20_000, tip=f"{message}.\nSet $XDG_DATA_HOME to a folder or unset it.")
    assert window.statusBar().currentMessage() != message  # shortened in its middle
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert QToolTip.isVisible()
    whole = QToolTip.text()
    assert f"{message}.\nSet $XDG_DATA_HOME to a folder or unset it." in whole
    assert "Shipped model  ·  MNIST 99.41% (10,000)  ·  LSTM 256, read with NumPy on the CPU" in whole
    assert window.status.position_label.text() in whole


def test_esc_in_my_examples_lets_go_of_the_example_before_it_clears_the_drawing(qtbot, tmp_path: Path) -> None:
    """Esc with the keys on a chosen example in My examples cleared the drawing (the window's Clear, Esc and Delete),
    out of the keys' sight, where the bars, the chart and What the model sees let go of their cursor first. It now
    lets go of the example chosen (Delete then deletes nothing, and says so), and only a second Esc clears."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine", activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    window.teaching.keep(1)
    strip = window.teaching.panel.view.rows[1][1]
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=10_000)
    strip.setFocus()
    strip.setCurrentRow(0)
    QTest.keyClick(strip, Qt.Key.Key_Escape)
    assert not window.canvas.is_empty() and not strip.selectedItems()
    QTest.keyClick(strip, Qt.Key.Key_Delete)
    assert strip.count() == 1
    QTest.keyClick(strip, Qt.Key.Key_Escape)
    assert window.canvas.is_empty()


def test_space_with_nothing_to_read_says_so(qtbot, tmp_path: Path) -> None:
    """Space (Read ▸ Play) on an empty canvas did nothing and said nothing, its item greyed, as Ctrl+I on a drawing
    did. It now says there is nothing to read and how to bring a digit in; with a digit drawn it plays, as before."""
    window = open_shipped_window(qtbot, tmp_path, activate=True)
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert window.statusBar().currentMessage() == (
        "Nothing to play: draw a digit, or bring one in (Ctrl+O, Ctrl+V, Ctrl+R)."
    )
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    QTest.keyClick(window, Qt.Key.Key_Space)
    assert window.actions_.play.isChecked()  # scanning


def test_space_on_a_my_examples_button_presses_it(qtbot, tmp_path: Path) -> None:
    """Space on a My examples button reached with the keys (Import…, Export…, Teach…) was taken by the window's Play:
    a drawing shown, it scanned the drawing and the button stayed unpressed (nothing to read, since Space says so,
    the same). Space is now the button's, as in any dialog; elsewhere it plays, as before."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine", activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    window.teaching.keep(1)
    button = window.teaching.panel.export_button
    qtbot.waitUntil(button.isVisible, timeout=10_000)
    pressed: list[bool] = []
    button.pressed.connect(lambda: pressed.append(True))
    button.setFocus()
    QTest.keyPress(button, Qt.Key.Key_Space)  # pressed, not let go: let go, it would open Export's folder dialog
    assert pressed and not window.actions_.play.isChecked()
    button.setDown(False)
    window.canvas.setFocus()
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.actions_.play.isChecked()
