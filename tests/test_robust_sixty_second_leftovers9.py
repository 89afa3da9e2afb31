"""The sixty-second round, leftovers9: what this round's reviews saw and left. The start's boxes (a teach a crash cut
short, an old examples folder left where it is) lost for good by a window started minimized and closed unshown; an
integer pixel written rounded; a text area's spoken description left stale as its text changed while it had the keys.
"""

from __future__ import annotations

import errno
import json
import os

import numpy as np
import pytest
from gui_window import shown, until, window_without_model
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from gui.app import APPLICATION, ORGANIZATION
from gui.main_window import MainWindow
from gui.taught_models import TAUGHT_PREFIX, models_dir
from gui.teach_record import RECORD_FORMAT
from gui.text_box import TextArea
from rowreader.caller_values import in_unit_range


def _closed_unshown(qtbot, settings: QSettings, user_dir=None) -> MainWindow:
    """A window closed before it was ever on screen (as one started minimized and closed from the task bar is): its
    start's boxes, waiting for it to be on screen, never opened."""
    w = MainWindow(settings=settings, load_model=False, user_dir=user_dir)
    qtbot.addWidget(w)
    w.close()  # before its events ran: the box is not yet open
    return w


def old_examples_folder(qapp, tmp_path, monkeypatch, request) -> None:
    """An older version's examples folder (organisation, then application) under a home of the test's own (window20's
    tests use it too)."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "share"))
    names = qapp.organizationName(), qapp.applicationName()
    request.addfinalizer(lambda: (qapp.setOrganizationName(names[0]), qapp.setApplicationName(names[1])))
    qapp.setOrganizationName(ORGANIZATION)
    qapp.setApplicationName(APPLICATION)
    (tmp_path / "share/RowReader/RowReader/examples/3").mkdir(parents=True)


def moved_box_said_once(qtbot, settings: QSettings, window: MainWindow) -> None:
    """``window``'s examples-folder box opened and closed: the next start says nothing (said once)."""
    box = window.teaching.moved_box
    shown(qtbot, window)
    until(qtbot, box.isVisible)
    box.close()
    window.close()
    later = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(later)
    assert later.teaching.moved_box is None


def test_a_teach_cut_short_is_said_at_a_later_start_when_the_first_closed_unshown(qtbot, tmp_path) -> None:
    """A window started minimized and closed without ever being on screen never opened the box that a teach did not
    finish, and its start had already removed the note: the message was lost for good. The note now goes only once
    the box is closed; the next start says it, once."""
    user = tmp_path / "user"
    models_dir(user).mkdir(parents=True)
    note = models_dir(user) / f"{TAUGHT_PREFIX}20261204-205905-ec3528.safetensors.teaching"
    note.write_text(json.dumps({"format": RECORD_FORMAT, "started": "2026-12-04T20:59:00+00:00", "examples": 30}))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = _closed_unshown(qtbot, settings, user)
    assert first.teaching.unfinished_box is not None and not first.teaching.unfinished_box.isVisible()
    assert note.is_file()  # kept for the next start, its lock given up
    second = MainWindow(settings=settings, load_model=False, user_dir=user)
    qtbot.addWidget(second)
    box = second.teaching.unfinished_box
    assert box is not None and "on your 30 examples did not finish" in box.text()
    shown(qtbot, second)
    until(qtbot, box.isVisible)
    box.close()
    until(qtbot, lambda: not note.exists())  # said: gone
    second.close()
    third = MainWindow(settings=settings, load_model=False, user_dir=user)
    qtbot.addWidget(third)
    assert third.teaching.unfinished_box is None


def test_an_old_folder_left_in_place_is_said_at_a_later_start_when_the_first_closed_unshown(
    qapp, qtbot, tmp_path, monkeypatch, request
) -> None:
    """ "Your examples stay in their old folder" is said once: noted as said before its box opened, it was never
    said by a window started minimized and closed unshown, nor at any start after. Noted once the box is closed."""
    old_examples_folder(qapp, tmp_path, monkeypatch, request)

    def read_only(source, target):
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "rename", read_only)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    first = _closed_unshown(qtbot, settings)
    assert first.teaching.moved_box is not None and not first.teaching.moved_box.isVisible()
    second = MainWindow(settings=settings, load_model=False)
    qtbot.addWidget(second)
    box = second.teaching.moved_box
    assert box is not None and "RowReader uses it where it is" in box.text()
    moved_box_said_once(qtbot, settings, second)


@pytest.mark.parametrize("dtype", [np.int64, np.uint64])
def test_integer_pixels_out_of_range_are_written_whole(dtype) -> None:
    """int64 pixels of 2**62 were refused as "got 0…4.61169e+18": a value no one gave, {:g} rounding an integer."""
    high = 2**62 if dtype is np.int64 else 2**64 - 1
    with pytest.raises(ValueError, match=f"got 0…{high}") as refused:
        in_unit_range(np.array([0, high], dtype=dtype), "a row")
    assert "e+" not in str(refused.value)


def test_a_text_area_says_its_new_text_when_it_changes_while_it_has_the_keys(qtbot, tmp_path) -> None:
    """A text area's description (what a screen reader says of its text) was set as it took the keys and not when
    its text changed while it had them: new warnings were read out as the old ones. ``set_text`` says them."""
    window = window_without_model(qtbot, tmp_path)
    holder = QWidget(window, Qt.WindowType.Window)
    label = QLabel("⚠ 3/scan.png could not be read: not a picture")
    label.setTextFormat(Qt.TextFormat.PlainText)
    area = TextArea(label, "Warnings from the teach")
    QVBoxLayout(holder).addWidget(area)
    shown(qtbot, holder)
    holder.activateWindow()
    until(qtbot, holder.isActiveWindow)
    area.setFocus(Qt.FocusReason.TabFocusReason)
    until(qtbot, area.hasFocus)
    area.set_text("⚠ 3/scan.png could not be read: not a picture\n⚠ only one drawing of 7")
    said = QAccessible.queryAccessibleInterface(area).text(QAccessible.Text.Description)
    assert "only one drawing of 7" in said and label.text().endswith("of 7"), said
    area.set_text("<b>rich</b> &amp; plain")  # a plain label's text is said as it is
    assert QAccessible.queryAccessibleInterface(area).text(QAccessible.Text.Description) == "<b>rich</b> &amp; plain"
