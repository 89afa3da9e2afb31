"""The sixty-fourth round, window22: the app's last small things a user sees. A number a float holds as a whole
one ("24.0000000000000001"), the speed box's ending while a number is typed, and the chart's note of a row not
read yet while a drag on it is held."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window, window_without_model
from PySide6.QtCore import QPointF, Qt
from PySide6.QtTest import QTest
from test_gui_reading import hover
from test_robust_sixty_third_live4 import typed_in

from gui.demo import draw_digit


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        ("24.0000000000000001", "in whole numbers: 24.0000000000000001 was taken as 24"),
        ("1e-400", "in whole numbers: 1e-400 was taken as 4"),
    ],
    ids=["a float's 24", "a float's 0"],
)
def test_a_number_a_float_rounds_is_said_as_typed(qtbot, tmp_path, typed, said) -> None:
    """ "24.0000000000000001" in the brush box was 24 without a word (a float holds it as 24.0), and "1e-400" was
    said as if whole (0.0 as a float): the number typed is compared exactly with the one used."""
    window = window_without_model(qtbot, tmp_path)
    typed_in(window.actions_.brush, typed)
    assert window.actions_.brush.value() == int(said.rsplit(" ", 1)[1])
    assert window.statusBar().currentMessage().endswith(said)


def test_a_whole_number_typed_with_a_point_is_taken_without_a_word(qtbot, tmp_path) -> None:
    """A control: "24.0" and "2.4e1" are 24 exactly, taken as typed and not said."""
    window = window_without_model(qtbot, tmp_path)
    for typed in ("24.0", "2.4e1"):
        typed_in(window.actions_.brush, typed)
        assert window.actions_.brush.value() == 24
        assert window.statusBar().currentMessage() == ""


@pytest.mark.parametrize(
    ("before", "typed", "shown"),
    [(1, "12.5", "12.5 rows/s"), (8, "1", "1 row/s"), (1, "12", "12 rows/s")],
    ids=["from 1 to 12.5", "from 8 to 1", "from 1 to 12"],
)
def test_the_speed_box_ends_as_the_number_typed(qtbot, tmp_path, before, typed, shown) -> None:
    """Typed "12.5" at 1 row/s read "12.5 row/s" until Enter: the ending was the value's before. It follows the
    number as typed, the cursor staying at its end, and Enter takes it."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    spin.setValue(before)
    typed_in(spin, typed, enter=False)
    assert spin.lineEdit().text() == shown
    assert spin.lineEdit().cursorPosition() == len(typed)
    QTest.keyClick(spin, Qt.Key.Key_Return)
    assert spin.value() == round(float(typed) + 0.1)
    assert spin.lineEdit().text() == f"{spin.value()} {'row/s' if spin.value() == 1 else 'rows/s'}"


@pytest.mark.parametrize("leave", ["Esc", "emptied and Tab"])
def test_the_speed_box_left_unset_ends_as_its_value(qtbot, tmp_path, leave) -> None:
    """Typed "12" at 1 row/s and then left without it (Esc, or emptied and Tab pressed): the box says its
    value with that value's ending, "1 row/s", not the ending of the 12 typed."""
    window = window_without_model(qtbot, tmp_path)
    spin = window.actions_.speed
    spin.setValue(1)
    window.activateWindow()  # for the keyboard's focus to leave the box
    qtbot.waitUntil(window.isActiveWindow)
    typed_in(spin, "12", enter=False)
    if leave == "Esc":
        QTest.keyClick(spin, Qt.Key.Key_Escape)
    else:
        spin.selectAll()
        QTest.keyClick(spin, Qt.Key.Key_Backspace)
        assert spin.lineEdit().text() == " rows/s"
        QTest.keyClick(spin, Qt.Key.Key_Tab)
        qtbot.waitUntil(window.canvas.hasFocus)
    assert spin.value() == 1
    assert spin.lineEdit().text() == "1 row/s"


@pytest.mark.parametrize("view", ["timeline", "heatmap"])
def test_a_drag_held_past_the_rows_read_is_not_told_to_click(qtbot, tmp_path, view) -> None:
    """Held on row 20 of the chart (or of Inside the LSTM) and Space pressed, the scan ran on from the top and the
    note under the held drag said "row 20: not read yet; click to read to it", the button already down. While the
    drag is held it says the row is not read yet; let go, that a click reads to it."""
    window = open_shipped_window(qtbot, tmp_path, size=(1180, 760))
    draw_digit(window.canvas, "4")
    widget = getattr(window, view)
    if view == "timeline":
        plot = widget.plot_rect()
        at = QPointF(widget.x_of(20, plot), plot.center().y())
    else:
        window.heatmap_dock.show()
        hidden = widget._layout()[1]
        at = QPointF(hidden.center().x(), hidden.top() + hidden.height() * 19.5 / 28)
    QTest.mousePress(widget, Qt.MouseButton.LeftButton, pos=at.toPoint())
    assert window.session.position == 20
    window.session.player.seek(3)  # as Space from the end, or Left, leaves the rows read behind the held drag
    hover(widget, at.x(), at.y(), Qt.MouseButton.LeftButton)
    assert window.session.position == 3
    assert widget.readout() == "row 20: not read yet"
    QTest.mouseRelease(widget, Qt.MouseButton.LeftButton, pos=at.toPoint())
    assert widget.readout() == "row 20: not read yet; click to read to it"
