"""The window's reading controls and views (pytest-qt, offscreen): spin boxes you can type in, Play/Pause,
nothing to scan on an empty canvas, status messages, hover read-outs, scrubbing, junk, and a second reader."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from pathlib import Path

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QSpinBox

from gui.demo import draw_digit
from gui.main_window import MainWindow
from rowreader.checkpoint import pretrained_path
from rowreader.model import ROWS
from rowreader.player import Mode


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(checkpoint=pretrained_path(), settings=settings)
    qtbot.addWidget(w)
    w.resize(1180, 760)
    w.show()
    qtbot.waitExposed(w)
    qtbot.waitUntil(lambda: not w.tasks.busy, timeout=20_000)
    assert w.session.checkpoint is not None, w.last_error
    return w


def type_into(spin: QSpinBox, text: str) -> None:
    """Click into the box, select what is there, type, press Enter: what a person does."""
    QTest.mouseClick(spin.lineEdit(), Qt.MouseButton.LeftButton)
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    QTest.keyClicks(spin.lineEdit(), text)
    QTest.keyClick(spin.lineEdit(), Qt.Key.Key_Return)


def test_typing_in_the_spin_boxes_sets_speed_and_brush(window: MainWindow) -> None:
    speed, brush = window.actions_.speed, window.actions_.brush
    type_into(speed, "20")
    assert speed.value() == 20 and window.session.player.speed == 20
    assert window.canvas.hasFocus()  # Enter hands the keyboard back, so Space scans again
    type_into(brush, "12")
    assert brush.value() == 12 and window.canvas.brush_width == 12.0
    type_into(speed, "1")
    assert speed.text() == "1 row/s"  # singular
    QTest.keyClick(window.canvas, Qt.Key.Key_Plus)
    assert speed.text() == "2 rows/s"


def test_speed_keys_multiply_and_leave_nothing_selected(window: MainWindow) -> None:
    speed = window.actions_.speed
    assert speed.value() == 8
    for expected in (12, 18, 27):
        QTest.keyClick(window.canvas, Qt.Key.Key_Plus)
        assert speed.value() == expected == window.session.player.speed
    QTest.keyClick(window.canvas, Qt.Key.Key_Minus)
    assert speed.value() == 18
    QTest.keyClick(window.canvas, Qt.Key.Key_BracketRight)
    assert window.actions_.brush.value() == 30
    assert not speed.lineEdit().hasSelectedText() and not window.actions_.brush.lineEdit().hasSelectedText()


def test_nothing_to_read_disables_play_and_step(window: MainWindow) -> None:
    actions = window.actions_
    assert window.position_label.text() == "Nothing to read"  # not "Live · row 28/28" on an empty canvas
    assert not any(act.isEnabled() for act in actions.reading)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.mode is Mode.LIVE and window.session.position == ROWS
    draw_digit(window.canvas, "7")
    assert all(act.isEnabled() for act in actions.reading)
    QTest.keyClick(window.canvas, Qt.Key.Key_Escape)
    assert not actions.play.isEnabled()


def test_one_play_pause_toggle(window: MainWindow, qtbot) -> None:
    draw_digit(window.canvas, "1")
    play = window.actions_.play
    assert play.iconText() == "▶ Play" and not play.isChecked()
    window.actions_.speed.setValue(2)
    QTest.keyClick(window.canvas, Qt.Key.Key_Space)
    assert window.mode is Mode.SCAN and play.iconText() == "⏸ Pause" and play.isChecked()
    assert window.position_label.text().startswith("Scanning")
    play.trigger()  # the toolbar button pauses too
    assert window.mode is Mode.STEP and play.iconText() == "▶ Play" and not play.isChecked()
    assert window.position_label.text().startswith("Paused")
    window.actions_.live.trigger()
    assert window.mode is Mode.LIVE and window.actions_.live.isChecked()
    window.actions_.live.trigger()  # triggering Live in Live keeps it checked
    assert window.actions_.live.isChecked()


def test_status_messages_time_out(window: MainWindow, qtbot, monkeypatch) -> None:
    monkeypatch.setattr("gui.main_window.MESSAGE_MS", 200)
    window.say("something happened", 200)
    assert window.statusBar().currentMessage() == "something happened"
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=2_000)
    window.open_image(Path("/nonexistent/picture.png"))
    qtbot.waitUntil(lambda: window.error_dialog is not None, timeout=5_000)
    window.error_dialog.done(0)
    assert "Could not open the image" in window.statusBar().currentMessage()
    qtbot.waitUntil(lambda: window.statusBar().currentMessage() == "", timeout=2_000)


def test_position_label_names_mode_and_row(window: MainWindow) -> None:
    draw_digit(window.canvas, "0")
    assert window.position_label.text() == "Live  ·  all rows"
    QTest.keyClick(window.canvas, Qt.Key.Key_Left)
    assert window.position_label.text() == f"Paused  ·  row {ROWS - 1}/{ROWS}"
    assert np.isfinite(window.predictions()[-1]).all()
    QTest.mouseClick(window.canvas, Qt.MouseButton.LeftButton, pos=QPoint(5, 5))  # drawing returns to Live
    assert window.mode is Mode.LIVE
