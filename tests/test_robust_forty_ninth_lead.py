"""The forty-ninth round of hostile testing, lead: what the lead found trying the round's merged work in a real
window (Xvfb, openbox, xdotool; screenshots looked at); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import open_shipped_window, picture_read, png_of


def _light_seven() -> bytes:
    """A light 7 on dark paper, as MNIST stores its digits, enlarged: read as light ink from its pixels."""
    grey = np.zeros((200, 200), np.uint8)
    grey[40:60, 40:160] = 255
    for row in range(60, 170):
        column = 150 - (row - 60) * 70 // 110
        grey[row, column - 10 : column + 10] = 255
    return png_of(grey)


def test_ctrl_z_of_a_reading_in_the_other_ink_says_the_ink_again_and_can_read_it_again(qtbot, tmp_path) -> None:
    """A light 7 opened said "Reading seven.png: read as light ink on dark paper (told from its pixels; Ctrl+I reads
    it as dark ink)"; Ctrl+I read it as dark ink (a 0), and Ctrl+Z brought the first reading back saying only
    "Reading seven.png", the ink it was read in unsaid, and Ctrl+I greyed: the picture shown as it was read could
    not be read in the other ink again without Ctrl+Shift+Z first. Now Ctrl+Z and Ctrl+Shift+Z say each reading's
    ink again, and Ctrl+I stays on for the picture brought back."""
    path = tmp_path / "seven.png"
    path.write_bytes(_light_seven())
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    other = window.actions_.other_ink
    window.pictures.open_image(path)
    picture_read(qtbot, window, "seven.png")
    first = window.canvas.content
    light = "read as light ink on dark paper (told from its pixels; Ctrl+I reads it as dark ink)"
    assert light in window.status.shown
    other.trigger()
    picture_read(qtbot, window, "seven.png", after=first)
    second = window.canvas.content
    dark = "read as dark ink on light paper (as asked; Ctrl+I reads it as light ink)"
    assert dark in window.status.shown
    window.canvas.undo()
    assert window.canvas.content is first
    assert window.status.shown == f"Reading seven.png: {light}", window.status.shown
    assert other.isEnabled()
    window.canvas.undo_stack.redo()
    assert window.canvas.content is second
    assert window.status.shown == f"Reading seven.png: {dark}", window.status.shown
    window.canvas.undo()
    other.trigger()  # read again from the first reading: dark ink once more, a new step
    picture_read(qtbot, window, "seven.png", after=first)
    assert dark in window.status.shown
    window.canvas.draw_stroke([(100, 100), (140, 140)])  # drawn over: nothing to read again, nothing said of it
    assert not other.isEnabled() and "Reading seven.png" not in window.statusBar().currentMessage()
