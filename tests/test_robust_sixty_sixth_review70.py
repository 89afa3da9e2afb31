"""The sixty-sixth round's review70: live11's held drag on the belief chart, reviewed as a user. A drag whose button's
release went to a dialog opened mid-drag stayed held on the chart. Seen failing on the code before its fix."""

from __future__ import annotations

from conftest import let_go_of_every_button
from gui_window import open_shipped_window
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox
from test_gui_reading import hover

from gui.demo import draw_digit
from gui.readout import unread_note


def test_a_drag_whose_release_a_box_took_is_over_once_the_pointer_moves_without_the_button(qtbot, tmp_path) -> None:
    """An application-modal dialog opened while a drag was held on the chart (Ctrl+O's Open image, in a real window
    on Xvfb) took the button's release: the chart stayed held until its next click. Hovering a row not read then
    said "row 21: not read yet", never that a click reads to it, and the lines under the pointer waited for a paint.
    The first move without the button ends the drag: the note whole, the lines worked out as the pointer moves."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    timeline, plot = window.timeline, window.timeline.plot_rect()
    QTest.mousePress(timeline, Qt.MouseButton.LeftButton, pos=QPoint(round(timeline.x_of(14, plot)), 60))
    hover(timeline, timeline.x_of(12, plot), 60, Qt.MouseButton.LeftButton)
    QApplication.processEvents()
    assert window.session.position == 12
    box = QMessageBox(QMessageBox.Icon.Information, "RowReader", "A dialog, opened mid-drag", parent=window)
    box.setWindowModality(Qt.WindowModality.ApplicationModal)
    box.open()  # the release goes to it: the chart never hears of it
    QApplication.processEvents()
    box.done(0)
    QApplication.processEvents()
    for row, y in ((20, 60), (8, 64)):
        hover(timeline, timeline.x_of(row, plot), y)
        assert timeline._unread_note(20) == unread_note(20)  # "row 20: not read yet; click to read to it"
        assert timeline._lines_due is None  # worked out at the move, not put off to a paint
    expected = timeline.readers_at(QPointF(timeline.x_of(8, plot), 64))
    assert timeline.hover_row == 8 and timeline.hover_readers == expected
    assert window.bars.highlight == (expected[0][0] if expected else None)
    assert window.session.position == 12  # moves without the button read nothing
    let_go_of_every_button()  # the release the box took, come at last to Qt's whole process
