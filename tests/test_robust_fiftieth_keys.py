"""The fiftieth round of hostile testing, keys: the app driven by the keyboard alone, and the small window defects the
forty-ninth round saw and left (docs/robustness.md's forty-ninth round bullets, "Seen, not changed"), driven offscreen
(pytest-qt) and in a real window (Xvfb, openbox, xdotool key sequences); each test is checked to fail on the code
before its fix."""

from __future__ import annotations

from gui_window import shown
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from gui.canvas import DrawingCanvas


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
