"""The sixty-third round, window20: the app's windows where the last round left them. The start's boxes of a window
closed before it was on screen (one said to no one, one opened over the closed window), the probe box's title, a bare
timeline's read-out, and Tab in a toolbar box with the drawing hidden."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import shown, until, window_without_model
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication, QMessageBox, QWidget
from test_robust_sixty_second_a11y10 import keys_to_box
from test_robust_sixty_second_leftovers9 import moved_box_said_once, old_examples_folder

from gui.main_window import MainWindow
from gui.screen_room import TITLE_BAR_ROOM, plain_box
from gui.timeline import BeliefTimeline
from rowreader.model import ROWS
from rowreader.session import DigitSession


def test_a_move_said_to_no_one_is_said_at_the_next_start(qapp, qtbot, tmp_path, monkeypatch, request) -> None:
    """ "Your examples have a new folder" was made as the move was done, and a window closed before it was on screen
    (started minimized, closed from the task bar) never opened it: the move was said to no one, for good. It is kept
    until its box is closed, and the next start says it, once."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(first)
    first.close()  # before its events ran: the box is not yet open
    assert (tmp_path / "share/RowReader/examples/3").is_dir()  # moved
    second = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(second)
    box = second.teaching.moved_box
    assert box is not None and box.windowTitle() == "Your examples have a new folder"
    assert str(tmp_path / "share/RowReader/RowReader") in box.text()
    moved_box_said_once(qtbot, settings, second)


def test_a_move_shown_but_left_open_as_the_window_closed_is_said_again(
    qapp, qtbot, tmp_path, monkeypatch, request
) -> None:
    """Closing the window with the box open: Qt ends the box as the app ends, which called the folder's message said
    (a real window under openbox: not said again) and not the teach's (its note let go at the close). Neither now."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = shown(qtbot, MainWindow(settings=settings, load_model=False))
    box = first.teaching.moved_box
    until(qtbot, box.isVisible)
    first.close()
    box.close()  # as the app's end does
    second = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(second)
    assert second.teaching.moved_box is not None and "They were in" in second.teaching.moved_box.text()


def test_a_start_box_of_a_window_closed_first_does_not_open_over_it(
    qapp, qtbot, tmp_path, monkeypatch, request
) -> None:
    """A window shown and closed before its events ran (offscreen: before the window manager placed it) opened its
    start's box a tick later, alone over the closed window. It opens nothing; the next start says it."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(first)
    first.show()
    first.close()
    box = first.teaching.moved_box
    assert box is not None
    qtbot.wait(200)
    assert not box.isVisible()
    assert not [w for w in QApplication.topLevelWidgets() if w.isVisible() and w.windowTitle() == box.windowTitle()]


def test_a_plain_box_of_two_short_lines_is_as_wide_as_its_title(qtbot) -> None:
    """Only the error box was made as wide as its title: any other plain box of short lines (a start's, the probe
    box of window19) had its title cut by openbox at 100 %, "Probe — RowReader" shown "Pr… er". One with details
    keeps the room (Qt lays a box out anew as they are set)."""
    window = QWidget()
    qtbot.addWidget(window)
    for details in ("", "one\ntwo"):
        box = plain_box(QMessageBox.Icon.Information, "Probe", "Two short\nlines.", window, details=details)
        title = f"Probe — {QGuiApplication.applicationDisplayName()}"
        box.show()
        assert box.width() >= box.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM
        box.close()


@pytest.mark.parametrize("height", [40, 60])
def test_a_bare_chart_too_short_for_the_read_out_shows_the_guide_alone(qtbot, height) -> None:
    """window19 drew no read-out in a scroll area's sliver of the chart, but a chart made 40–60 px tall on its own
    still drew its box 131 px tall into it, cut after its second (40 px) or fourth (60 px) line: the guide alone."""
    chart = BeliefTimeline(DigitSession())
    chart.probabilities = np.asarray(np.random.default_rng(3).dirichlet(np.full(10, 0.3), ROWS), np.float32)
    chart._rows_read = ROWS
    chart.setFixedSize(560, height)
    shown(qtbot, chart)
    x = round(chart.x_of(12, chart.plot_rect()))
    plain = chart.grab().toImage()
    chart.key_row = 12
    with_row = chart.grab().toImage()
    assert chart.readout().startswith("after row 12: 0: 32.0%")  # still said
    changed = [(px, py) for py in range(height) for px in range(560) if plain.pixel(px, py) != with_row.pixel(px, py)]
    assert changed and all(abs(px - x) <= 3 for px, _ in changed), len(changed)  # the guide alone


@pytest.mark.parametrize("box", ["brush", "speed"])
def test_tab_from_a_toolbar_box_with_the_drawing_hidden_goes_on(qtbot, tmp_path, box) -> None:
    """a11y10 sent Tab from the brush or speed box to the drawing; with the drawing hidden it went nowhere: the keys
    stayed in the box, the number typed unset. It goes on along Qt's chain, the number set."""
    window = window_without_model(qtbot, tmp_path)
    window.activateWindow()
    until(qtbot, window.isActiveWindow)
    window.canvas.hide()
    typed_into = keys_to_box(qtbot, window, box)
    QTest.keyClicks(typed_into.lineEdit(), "12")
    QTest.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
    until(qtbot, lambda: QApplication.focusWidget() is not typed_into)
    assert typed_into.value() == 12


def test_the_question_to_replace_a_drawing_names_it_plainly_under_its_whole_title(qtbot, tmp_path) -> None:
    """Ctrl+S over a.png asked in Qt's question box, 249 px wide: openbox cut its title "Save draw…owReader" (a real
    window at 100 %); and a file named "<b>x.png" was taken for HTML, shown "x.png" in bold. A plain box now."""
    window = window_without_model(qtbot, tmp_path)
    asked: list[tuple] = []

    def answer() -> None:  # as a user answers it, once it is up
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox):
            QTimer.singleShot(20, answer)
            return
        asked.append((box.textFormat(), box.text(), box.width(), box.windowTitle()))
        box.button(QMessageBox.StandardButton.No).click()

    QTimer.singleShot(20, answer)
    assert not window.saving._may_replace(tmp_path / "<b>x.png")
    text_format, text, width, title = asked[0]
    assert text_format == Qt.TextFormat.PlainText and text.startswith("<b>x.png already exists")
    title = f"{title} — {QGuiApplication.applicationDisplayName()}"
    assert width >= window.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM
