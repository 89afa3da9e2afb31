"""The forty-ninth round of hostile testing, review12: this round's app changes read with a hostile reviewer's eyes
(File ▸ Read in the other ink and its ``file_reading`` stamp, the ink guess on noisy paper, the docks placed again,
the read-out's bands, the right button and long strokes, the start-up notes of a blocked disk, the speck and dot
words), each suspicion driven in the window (pytest-qt offscreen) or through the library; each test is checked to
fail on the code before its fix."""

from __future__ import annotations

import numpy as np
from gui_window import (
    errors_said,
    first_example_opened,
    open_shipped_window,
    picture_read,
    png_of,
    read_in_the_other_ink,
    shown,
)
from PySide6.QtCore import QEvent, QPointF, Qt
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QApplication
from test_robust_forty_ninth_inkapp import scan_opened

from gui.canvas import MAX_STROKE_LENGTH, DrawingCanvas
from rowreader.preprocess import normalise


def _one(left: int = 130) -> np.ndarray:
    """A 1 in dark ink on white, 280 px a side."""
    grey = np.full((280, 280), 255, np.uint8)
    grey[30:250, left : left + 20] = 0
    return grey


def _seven() -> np.ndarray:
    """A 7 in dark ink on white, 280 px a side."""
    grey = np.full((280, 280), 255, np.uint8)
    grey[40:60, 50:230] = 0
    for y in range(60, 250):
        x = 230 - (y - 60) * 100 // 190
        grey[y, x - 12 : x + 12] = 0
    return grey


def test_an_example_changed_since_it_was_opened_is_not_read_in_the_other_ink(qtbot, tmp_path) -> None:
    """An example opened from My examples was read by ``load_picture_file`` itself, not by the ``file_reading`` kept
    for Ctrl+I, so its file was first stamped when Ctrl+I was pressed: an example written over since it was opened
    (another copy of the app keeping, an editor saving) was shown in the other ink under the old one's name, the very
    lie the stamp was made to stop. It is now stamped as it is opened and refused after, with how to open it again
    from My examples (not Ctrl+O, which does not open examples); the picture shown stays."""
    from rowreader.example_store import ExampleStore

    user = tmp_path / "user"
    example = ExampleStore(user / "examples").add(1, _one())
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760), user_dir=user)
    errors = errors_said(window)
    first_example_opened(qtbot, window, 1)
    shown = window.canvas.content
    assert window.actions_.other_ink.isEnabled()
    example.path.write_bytes(png_of(_seven()))  # written over since it was opened
    window.actions_.other_ink.trigger()
    qtbot.waitUntil(lambda: bool(errors) or window.canvas.content is not shown, timeout=20_000)
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert window.canvas.content is shown, "a file the user never opened was shown in the other ink"
    assert f"{example.path.name} changed since it was opened: open it again from My examples" in errors[0], errors


def test_ctrl_i_while_another_picture_loads_does_not_drop_it(qtbot, tmp_path) -> None:
    """Read in the other ink stayed on while a second picture was being opened: Ctrl+I pressed then (for the picture
    coming, or by a hand quicker than the decoder) read the first one again, and the second, the one asked for
    last, was dropped without a word. It is now off while a picture is being read, and on again once it is shown
    (or fails to be): the picture asked for last is the one shown."""
    first, second = tmp_path / "first.png", tmp_path / "second.png"
    first.write_bytes(png_of(_one()))
    second.write_bytes(png_of(_seven()))
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    other = window.actions_.other_ink
    window.pictures.open_image(first)
    picture_read(qtbot, window, "first.png")
    assert other.isEnabled()
    window.pictures.open_image(second)  # its worker's answer cannot come before the event loop runs again
    assert not other.isEnabled(), "Ctrl+I was on while second.png was being opened"
    other.trigger()  # a shortcut on a disabled action does nothing; nor does this
    picture_read(qtbot, window, "second.png")
    assert window.canvas.content.base.source == "second.png"
    assert other.isEnabled()
    broken = tmp_path / "broken.png"
    broken.write_bytes(b"not a picture")
    window.report_error = lambda *args: None
    window.pictures.open_image(broken)
    assert not other.isEnabled()
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=20_000)
    assert other.isEnabled(), "after a picture that could not be read, the one shown can be read again"


def test_a_file_deleted_since_it_was_opened_is_said_gone_not_changed(qtbot, tmp_path) -> None:
    """Ctrl+I on a picture whose file was deleted (or moved) since it was opened said "scan.png changed since it was
    opened: open it again (Ctrl+O) to read it as it is", which no Ctrl+O can do, though ``_stamp`` said that where
    the file cannot be asked the reading says why. The reading now says it: "scan.png: no such file"; the picture
    shown stays."""
    window, path, errors, shown = scan_opened(qtbot, tmp_path, _one())
    path.unlink()
    window.actions_.other_ink.trigger()
    qtbot.waitUntil(lambda: bool(errors), timeout=20_000)
    assert errors == ["Could not read the image in the other ink: scan.png: no such file"], errors
    assert window.canvas.content is shown


def _mouse(canvas: DrawingCanvas, kind: QEvent.Type, x: float, y: float, buttons: Qt.MouseButton) -> None:
    """The left button's event on ``canvas`` at (``x``, ``y``), ``buttons`` held after it."""
    pos, left = QPointF(x, y), Qt.MouseButton.LeftButton
    button = Qt.MouseButton.NoButton if kind == QEvent.Type.MouseMove else left
    event = QMouseEvent(kind, pos, canvas.mapToGlobal(pos), button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(canvas, event)


def _drag(canvas: DrawingCanvas, path: np.ndarray) -> None:
    """The left button pressed at ``path``'s first point, moved along it and let go at its last."""
    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    _mouse(canvas, QEvent.Type.MouseButtonPress, *path[0], left)
    for x, y in path[1:]:
        _mouse(canvas, QEvent.Type.MouseMove, x, y, left)
    _mouse(canvas, QEvent.Type.MouseButtonRelease, *path[-1], none)


def test_one_long_stroke_is_one_step_for_ctrl_z(qtbot) -> None:
    """A stroke at its longest (MAX_STROKE_LENGTH) now ends and the next takes up from its end (stroke4's): each
    piece was an undo step of its own, so Ctrl+Z after one long scribble, one press of the button, took back only its
    last piece and left the rest of it on the page (Edit ▸ Undo said "Stroke" each time). The pieces of one stroke
    are now one step: one Ctrl+Z takes it all back, and Ctrl+Shift+Z puts it all back; a stroke before it stays."""
    canvas = shown(qtbot, DrawingCanvas(), (302, 302))
    _drag(canvas, np.array([[150.0, 20.0], [150.0, 280.0]]))  # a 1, drawn first
    one = canvas.content
    across = np.linspace(10, 290, 60)
    rows = [np.c_[across[:: (-1) ** row], np.full(60, 30 + 10 * row)] for row in range(25)]
    _drag(canvas, np.concatenate(rows))  # 25 rows of 280: 7,000 units, over the 5,600 of one stroke
    assert MAX_STROKE_LENGTH < 7_000 and len(canvas.content.strokes) == 3  # the 1 and the scribble's two pieces
    drawn = canvas.content
    canvas.undo_stack.undo()
    assert canvas.content is one, [len(s.points) for s in canvas.content.strokes]
    canvas.undo_stack.redo()
    assert canvas.content is drawn


def test_an_example_read_in_the_other_ink_keeps_its_label(qtbot, tmp_path) -> None:
    """An example opened from My examples is shown with its digit as the true label (the chart and the bars say
    whether the reading is right); read again in the other ink (Ctrl+I) it lost it: ``use`` was given no label, so
    the same example, the same file, was shown as an unlabelled picture. It keeps its label now, through each
    Ctrl+I."""
    from rowreader.example_store import ExampleStore

    user = tmp_path / "user"
    ExampleStore(user / "examples").add(1, _one())
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760), user_dir=user)
    first_example_opened(qtbot, window, 1)
    for _ in range(2):
        read_in_the_other_ink(qtbot, window)
        assert window.canvas.content.base.label == 1 and window.session.label == 1


def test_a_small_digit_in_a_picture_reduced_to_be_read_is_not_called_a_speck() -> None:
    """A picture over 2,048 px a side is box-averaged to that before it is read, and tiny's speck words ("its ink
    spans under 5 pixels both down and across (a speck) ... there is no digit to read") counted the ink's pixels
    there: a 7 of 16 × 12 px in an 8,192² scan, 4 × 3 once reduced, was said to hold no digit (a speck; counted so,
    any mark is filled, so else a dot), though cropped to it the same 7 is read. Where the picture was reduced, the
    words now say how it was counted and to crop the picture to the digit; in one not reduced, a speck is still a
    speck."""
    from rowreader.picture_words import TOO_FEW_PIXELS, TOO_SMALL, too_small_words

    scan = np.full((8192, 8192), 255, np.uint8)
    scan[4000:4016, 4008:4012] = 0  # its stem
    scan[4000:4003, 4000:4012] = 0  # its bar
    read = normalise(scan)
    assert read.too_small
    assert too_small_words(read) == TOO_SMALL, too_small_words(read)
    assert normalise(scan[3990:4026, 3990:4026]).image is not None  # cropped to it: read
    speck = np.full((28, 28), 255, np.uint8)
    speck[10:12, 10:12] = 0
    assert too_small_words(normalise(speck)) == TOO_FEW_PIXELS
