"""The forty-seventh round of hostile testing, review7: the round's own changes read by a hostile reviewer (Qt's
message handler kept off stderr while a picture is read, docks' floating places, cut-short checkpoint remedies,
import summaries, ICO/CUR and QOI checks); each test is checked to fail on the code before its fix."""

from __future__ import annotations

import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from gui_window import shown
from PySide6.QtCore import QPoint, QRect, QSettings
from stopped_runs import killed_pen_run
from test_robust_forty_seventh_uileft import floated_over_the_chart

from gui.main_window import MainWindow
from gui.window_room import FLOATING_PLACE_KEY, FLOATING_RATIO_KEY

ROOT = Path(__file__).resolve().parents[1]


def _python(code: str) -> subprocess.CompletedProcess[str]:
    """``code`` run by a Python of its own (offscreen Qt), for what ends the process."""
    env = {"QT_QPA_PLATFORM": "offscreen", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    run = [sys.executable, "-c", textwrap.dedent(code)]
    return subprocess.run(run, capture_output=True, text=True, timeout=60, env=env, check=False)


def test_a_fatal_message_of_qt_while_a_picture_is_read_still_reaches_stderr() -> None:
    """Qt's fatal message on a thread reading a picture was kept in the reading's list, as its warnings are, and Qt
    then aborted the process: the app ended with nothing on stderr to say why (a qFatal made from Python: rc -6,
    stderr empty). A fatal message is now handed on as Qt would write it; the warnings are still kept."""
    done = _python(
        """
        from PySide6.QtCore import QMessageLogContext, QtMsgType, qFatal
        from gui.qt_quiet import _handler, what_qt_says
        said = []
        with what_qt_says(said):  # Qt's own messages, as Qt hands them to the handler
            _handler(QtMsgType.QtWarningMsg, QMessageLogContext(), "a warning kept")
            _handler(QtMsgType.QtFatalMsg, QMessageLogContext(), "the reason the app ends")
        print(said, flush=True)
        with what_qt_says([]):
            qFatal("made from Python")
        """
    )
    assert done.returncode != 0
    assert done.stdout == "['a warning kept', 'the reason the app ends']\n"
    assert "the reason the app ends" in done.stderr and "qFatal() call" in done.stderr, done.stderr
    assert "a warning kept" not in done.stderr


def test_maps_left_floating_with_no_place_saved_are_placed_as_a_dialog_is(qtbot, tmp_path) -> None:
    """The maps left floating over the chart by an app that saved no scale or place for them (every settings file
    before this round, or one whose keys were removed) came back kept over the chart: the window hid each dock
    restored floating till it was shown, and that hiding was taken as the user leaving it there at this scale. A
    dock restored so is "left there" only where the scale and place saved say so; else it is placed as a dialog is,
    clear of the chart, as it was before this round."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"), (780, 700))
    left = floated_over_the_chart(qtbot, window)
    window.save_settings()
    settings.remove(FLOATING_RATIO_KEY)
    settings.remove(FLOATING_PLACE_KEY + window.heatmap_dock.objectName())
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    dock = again.heatmap_dock
    chart = QRect(again.timeline.mapToGlobal(QPoint(0, 0)), again.timeline.size())
    assert left.intersects(chart)  # where it was left: over the chart
    # no place on this screen clear of the views: since the fiftieth round (docks2) it waits hidden, said, not kept
    # over the chart (it was placed as a dialog is, over the views, before)
    qtbot.waitUntil(lambda: "No room for Inside the LSTM" in again.statusBar().currentMessage())
    assert dock.isFloating() and not dock.isVisible()


@pytest.mark.skipif(not Path("/dev/shm").is_dir(), reason="SIGKILL, named semaphores in /dev/shm (Linux)")
@pytest.mark.parametrize("flags", [["-W", "default"], ["-E"]], ids=["-W default", "-E"])
def test_a_pen_run_killed_outright_under_python_flags_leaves_no_leak_warning(tmp_path, flags: list[str]) -> None:
    """The resource tracker's "There appear to be 5 leaked semaphore objects" after `kill -9` of a pen run was kept
    quiet by a filter put in PYTHONWARNINGS as the tracker started; but the tracker is started with the trainer's own
    flags, and `python -W default -m training.fit` (a -W comes after the environment's, and wins) or `python -E`
    (the environment not read) printed it again. The filter is now handed to the tracker as a -W of its own, last."""
    done = killed_pen_run(tmp_path, "sorted(sys.warnoptions)", tuple(flags))
    assert done.returncode == -signal.SIGKILL
    assert done.stderr == "", done.stderr
    assert done.stdout == f"{sorted(['default'] if flags[0] == '-W' else [])}\n"  # the trainer's own as they were
