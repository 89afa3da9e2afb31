"""The sixty-third round, mutants19: hand mutants of the sixty-second round's later code that its tests let live,
each pinned here by what a user (or a caller) would meet."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import numpy as np
import pytest
from conftest import REPO
from gui_window import until, window_without_model
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication
from test_robust_sixty_second_a11y10 import keys_to_box

from gui.teach_record import RECORD_FORMAT, SUFFIX, TeachRecord, UnfinishedTeaches
from rowreader.atomic import lock_path
from rowreader.caller_values import in_unit_range


def test_a_file_named_like_a_teach_note_is_left_unlocked_and_a_teach_of_that_model_notes_itself(tmp_path) -> None:
    """A file of the user's named like a teach's note is left unsaid, and its lock let go at once: kept held (the
    window's whole life), an empty ``.teaching.lock`` stayed in the models folder, and a teach of that model could
    not take its note's lock, so a crash mid-way was never said at the next start."""
    out = tmp_path / "mine-20261207-060000-aaaaaa.safetensors"
    note = out.with_name(out.name + SUFFIX)
    note.write_text("my own notes on this model")
    notes = UnfinishedTeaches(tmp_path)
    assert notes.messages == [] and note.read_text() == "my own notes on this model"
    assert not lock_path(note).exists()  # let go (and removed) as it was read, not held until the close
    record = TeachRecord(out, tmp_path / "base.safetensors", 30)
    try:
        assert json.loads(note.read_text())["format"] == RECORD_FORMAT  # the teach noted itself over the user's file
    finally:
        record.close()
    notes.let_go()


@pytest.mark.skipif(np.finfo(np.longdouble).max <= np.finfo(np.float64).max, reason="long double is float64 here")
def test_a_long_double_pixel_beyond_float64_is_said_as_given_not_inf() -> None:
    """A long double row of 1e400 is finite: refused naming 1e+400, not "got 0…inf" ({:g} goes through a float)."""
    row = np.zeros(28, np.longdouble)
    row[3] = np.longdouble("1e400")
    with pytest.raises(ValueError, match=r"got 0…1e\+400") as caught:
        in_unit_range(row, "a row")
    assert "inf" not in str(caught.value)


@pytest.mark.parametrize(
    ("words", "refused"),
    [
        (["-m", "rowreader", "predict", "--bogus", "x.pbm", "--"], "unrecognized arguments: --bogus\n"),
        (["-m", "rowreader", "evaluate", "--data-dir", "nothing-here", "--", "--"], "unrecognized arguments: -- --;"),
    ],
    ids=["flag-before-last-dashes", "dashes-twice"],
)
def test_only_a_lone_last_dashes_is_dropped(tmp_path, words: list[str], refused: str) -> None:
    """The last ``--``, naming nothing, is dropped only where it is the one ``--`` and argparse left it over: a
    wrong flag before it (``predict --bogus x.pbm --``, the ``--`` taken by IMAGE's list) is still refused by its
    name, and ``evaluate -- --`` (the second a name) is said as typed."""
    (tmp_path / "x.pbm").write_text("P1\n1 1\n0\n")
    environ = {**os.environ, "PYTHONPATH": str(REPO), "HOME": str(tmp_path), "ROWREADER_DATA": "nothing-here"}
    done = subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=environ
    )
    assert done.returncode == 2 and refused in done.stderr, done.stderr


@pytest.mark.parametrize("box", ["brush", "speed"])
def test_tab_typed_on_the_window_goes_from_a_toolbar_box_to_the_drawing(qtbot, tmp_path, box) -> None:
    """Tab as a keyboard gives it, through the window (Qt asks the focus first, as a ShortcutOverride, then sends
    the key press to it): a11y10's test sent it to the box itself, so a box that also moved the keys at the
    ShortcutOverride passed there, while the key press that followed reached the drawing and went on past it (to the
    float button of Inside the LSTM)."""
    window = window_without_model(qtbot, tmp_path)
    window.activateWindow()
    until(qtbot, window.isActiveWindow)
    window.teaching.show_dock.trigger()
    until(qtbot, window.teaching.dock.isVisible)
    typed_into = keys_to_box(qtbot, window, box)
    QTest.keyClick(window.windowHandle(), Qt.Key.Key_Tab)
    until(qtbot, lambda: QApplication.focusWidget() is not typed_into)
    assert QApplication.focusWidget() is window.canvas, QApplication.focusWidget().accessibleName()
