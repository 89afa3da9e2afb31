"""The fifty-first round of hostile testing, review20: the fiftieth round's app changes read with a hostile reviewer's
eyes (the status bar in full, Forget opened, the stop while the window is built, Ctrl+I and Space when greyed), each
driven offscreen (pytest-qt) as a user drives it; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import tempfile
from pathlib import Path

from gui_window import open_shipped_window, opened_menu, two_of_one_name
from hypothesis import given, settings
from hypothesis import strategies as st
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMenu, QMessageBox, QToolTip
from test_robust_fiftieth_keys import teach_running

from gui.opened_models import Stamp, read_opened, write_opened


def test_the_status_bar_in_full_waiting_for_the_focus_is_dropped_with_its_window(qtbot, tmp_path: Path) -> None:
    """Help ▸ Status bar in full chosen from the menu (no window focused yet) waited on the application's focus signal,
    whichever window took the focus: a window closed meanwhile had its words ("Nothing to play…", its model) shown
    over the next window focused, at the closed one's bar (and, its window deleted, a RuntimeError in the event loop).
    It now waits for its own window's activation, the wait going with the window."""
    first = open_shipped_window(qtbot, tmp_path / "first", activate=True)
    first.say("Nothing to play: draw a digit first.")
    menu = next(o for o in first.actions_.whole_status.associatedObjects() if isinstance(o, QMenu))
    menu.popup(first.mapToGlobal(first.rect().center()))
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is menu.windowHandle(), timeout=5_000)
    QTest.keyClick(menu, Qt.Key.Key_F)  # Status bar in &full: the menu gone, no window focused, it waits
    assert first.status._whole_waits
    first.close()
    qtbot.waitUntil(lambda: not first.isVisible(), timeout=5_000)
    QTest.qWait(20)
    second = open_shipped_window(qtbot, tmp_path / "second", activate=True)
    qtbot.waitUntil(lambda: QGuiApplication.focusWindow() is second.windowHandle(), timeout=5_000)
    QTest.qWait(20)
    assert not QToolTip.isVisible() or "Nothing to play" not in QToolTip.text(), QToolTip.text()


def test_two_opened_models_of_one_name_are_told_apart_in_the_models_menu(qtbot, tmp_path: Path) -> None:
    """Two training runs' models, each at fit's default ``runs/rowreader.safetensors`` in its own project, opened
    one after the other were both "Opened: rowreader.safetensors" in the Models menu, in Compare with and in Forget
    opened, and forgetting one said "Forgot rowreader.safetensors": which, only a pointer resting on each could tell.
    Where opened models share a file name, each is now named by as many of its last folders as tell it apart."""
    window, _, _ = two_of_one_name(qtbot, tmp_path)
    menu = window.teaching.models_menu
    opened = [text for text, _ in menu.choices() if text.startswith("Opened: ")]
    assert opened == ["Opened: letters/runs/rowreader.safetensors", "Opened: digits/runs/rowreader.safetensors"]
    opened_menu(menu)
    assert [act.text() for act in menu.forgetting.actions()] == ["digits/runs/rowreader.safetensors"]
    menu.forgetting.actions()[0].trigger()
    bar = window.statusBar()
    said = bar.toolTip() or bar.currentMessage()  # whole: a narrow bar (the screen's room) cuts it in its middle
    assert said.startswith("Forgot digits/runs/rowreader.safetensors:"), said
    assert [text for text, _ in menu.choices() if text.startswith("Opened: ")] == ["Opened: rowreader.safetensors"]


@settings(max_examples=60, deadline=None)
@given(size=st.integers(0, 2**63 - 1), mtime_ns=st.integers(-(2**63), 2**63 - 1))
def test_a_remembered_models_stamp_reads_back_as_written(size: int, mtime_ns: int) -> None:
    """A model file dated before 1970 (an archive's or a camera card's dates: its time of change negative) was
    remembered with a stamp ``size:-315619200000000000`` that the reading back refused, taken as unknown: written over
    since, it was never said to have changed. Every stamp a file can have reads back as written."""
    with tempfile.TemporaryDirectory() as folder:
        held = QSettings(str(Path(folder) / "settings.ini"), QSettings.Format.IniFormat)
        model = Path(folder) / "old.safetensors"
        write_opened(held, [(model, Stamp(size, mtime_ns))])
        assert read_opened(held, 1) == [(model, Stamp(size, mtime_ns))]


def test_stop_teaching_asked_goes_with_the_teach_dialog_hidden_at_the_windows_close(qtbot, tmp_path: Path) -> None:
    """Closing the main window while "Stop teaching?" was asked (Alt+F4 on the teach dialog, then on the window)
    hid the teach dialog first, as the window goes (Teaching.shutdown: not left on screen, frozen, for the wait on
    the fine-tune), but the question, a window of its own, stayed on screen over the desktop, its buttons dead, until
    the process ended. It now goes with its dialog."""
    with teach_running(qtbot, tmp_path) as (dialog, _):
        dialog.close()  # as Alt+F4 closes it
        asked = dialog.findChild(QMessageBox, "stop_teaching")
        assert asked is not None and asked.isVisible()
        dialog.hide()  # as Teaching.shutdown hides it at the window's close
        assert not asked.isVisible()
