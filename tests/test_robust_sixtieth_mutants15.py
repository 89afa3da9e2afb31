"""The sixtieth round of hostile testing, mutants15: mutation testing by hand of the round's new code. Each test here
was seen killing a mutant (a comparison flipped, a condition dropped, a constant moved) that the round's own tests
and the older ones let live, or failing on a defect a mutant showed, and passing on the code."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import numpy as np
from gui_window import keyed, open_shipped_window, open_teach_dialog, until, window_without_model
from PySide6.QtCore import QElapsedTimer, QPoint, QRect, QSize, Qt
from PySide6.QtGui import QCursor, QGuiApplication, QScreen
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QLabel, QToolTip, QWidget
from test_robust_fifty_ninth_window16 import AT_200_ON_1024X600
from test_robust_fifty_seventh_window14 import finished_teach
from test_robust_sixtieth_cli15 import MISSING_LIBRARY
from test_robust_sixtieth_window17 import TipPlaces

from gui import screen_room, status_line, teach, teach_process, workers
from gui.teach_process import TeachProcess
from gui.workers import TaskRunner
from rowreader import needs_torch

REPO = Path(__file__).resolve().parents[1]


def _python(tmp_path: Path, words: list[str], first: Path) -> subprocess.CompletedProcess[str]:
    """``python WORDS`` in ``tmp_path``, ``first`` then the project on the path."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join((str(first), str(REPO))), "HOME": str(tmp_path)}
    return subprocess.run(
        [sys.executable, *words], capture_output=True, text=True, timeout=120, cwd=tmp_path, env=env, check=False
    )


def test_a_torchvision_that_cannot_load_is_named_beside_a_torch_that_can(tmp_path: Path) -> None:
    """torchvision, in a folder beside torch's as pip installs them (``…/torch``, ``…/torchvision``), failing on a
    missing library during `rowreader download`: said "torchvision (, in …)" (a word lost), and a look that took the
    torchvision folder for inside torch's (``startswith`` without the separator) would blame PyTorch."""
    site = tmp_path / "site"
    for name, body in (("torch", ""), ("torchvision", f"raise OSError({MISSING_LIBRARY!r})\n")):
        (site / name).mkdir(parents=True)
        (site / name / "__init__.py").write_text(body)
    result = _python(tmp_path, ["-m", "rowreader", "download", "--data-dir", str(tmp_path / "mnist")], site)
    assert result.returncode == 1, result.stderr
    assert f"torchvision (in {site / 'torchvision'}) cannot be loaded: {MISSING_LIBRARY};" in result.stderr
    assert "PyTorch" not in result.stderr and "Traceback" not in result.stderr


def test_every_runners_pool_is_let_go_once_its_work_ends_not_only_the_first(qtbot) -> None:
    """pool1's keeping: each pool given work is held until that work ends, then let go. Its looks stop when none is
    held, and must start again for the next: with the "a look is due" flag left set, every pool given work after the
    first round was held for good, its idle threads with it (no freeze, so pool1's tests let that live)."""
    for _ in range(2):  # a second round, after the looks had stopped
        runner = TaskRunner()
        done: list[object] = []
        runner.run(lambda: 7, done.append, done.append)
        qtbot.waitUntil(lambda done=done: done == [7], timeout=5000)
        pool = runner._pool  # another test's pools may still be held: this one's going is asked
        qtbot.waitUntil(lambda pool=pool: pool not in workers._kept, timeout=5 * workers.KEPT_MS + 2000)


def test_condas_install_spells_pips_requirements_as_conda_forge_names_them() -> None:
    """cli15's conda install, given a requirement as pip writes it with spaces (``torch >= 2.1, < 2.15``, a
    pyproject.toml edited by hand): one word per package, its pin closed up, its name conda-forge's."""
    said = needs_torch.conda_install("torch >= 2.1, < 2.15", "PySide6_Essentials<6.12")
    assert said.endswith(" -c conda-forge 'pytorch>=2.1,<2.15' 'pyside6<6.12'"), said


# teach17's fine-tune on cue, that also writes a line to its stderr when told "e" (a warning: no step, no status)
ON_CUE_OR_STDERR = """
import json, sys
def say(**line):
    print(json.dumps(line), flush=True)
say(event="start", examples=10, per_digit={}, warnings=[], left_out=0, copies=0)
for line in sys.stdin:
    if line.strip() == "e":
        print("a warning of torch's", file=sys.stderr, flush=True)
    else:
        say(event="progress", step=int(line), steps=40)
"""


class QuietClock:
    """The fine-tune's clock (``time.monotonic`` in gui.teach_process), moved by the test alone, and the dialog's
    looks at it counted: on the wall clock a loaded machine let 2 s pass while a step was shown (the note came back) or
    a look come late (1.3 s of quiet then 3.1: "2 s" never said)."""

    def __init__(self, monkeypatch) -> None:
        self.now, self.looks = 1000.0, 0
        monkeypatch.setattr(teach_process, "time", SimpleNamespace(monotonic=lambda: self.now))
        quiet_s = TeachProcess.quiet_s

        def counted(process: TeachProcess) -> float:
            self.looks += 1
            return quiet_s(process)

        monkeypatch.setattr(TeachProcess, "quiet_s", counted)

    def look(self, qtbot, process: TeachProcess, quiet: float | None = None) -> None:
        """The clock ``quiet`` s past the fine-tune's last word (left as it is if None), then the dialog's next look."""
        if quiet is not None:
            self.now = process.heard + quiet
        looks = self.looks
        until(qtbot, lambda: self.looks > looks)


def test_the_quiet_note_is_said_aloud_once_counts_on_and_goes_when_stderr_speaks(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """teach17's quiet note, where its tests did not look: said aloud once however long the quiet lasts (not each
    second, nor never), its count going on; a step shown as it goes is not put back by the next look (the note's copy
    of the status kept); and a line on stderr, which changes no status, is a word all the same:
    the note goes (it stayed where stderr was not heard, or the status was not put back)."""
    monkeypatch.setattr(teach, "QUIET_S", 2)
    monkeypatch.setattr(TeachProcess, "start", lambda p: p.process.start(sys.executable, ["-c", ON_CUE_OR_STDERR]))
    aloud: list[str] = []
    monkeypatch.setattr(teach, "announce", lambda _, text: aloud.append(text))
    clock = QuietClock(monkeypatch)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    until(qtbot, lambda: process.running)
    process.process.write(b"3\n")
    until(qtbot, lambda: "step 3 of 40" in dialog.status.text())
    clock.look(qtbot, process, 1.9)
    assert "No word" not in dialog.status.text() and not [text for text in aloud if "No word" in text]
    for quiet in (2, 3, 4):
        clock.look(qtbot, process, quiet)
        assert dialog.status.text().endswith(teach.quiet_note(quiet)), dialog.status.text()
    assert [text for text in aloud if "No word" in text] == [teach.quiet_note(2)]
    process.process.write(b"4\n")  # a step: the note goes, and the step shown is not put back by the next look
    until(qtbot, lambda: "step 4 of 40" in dialog.status.text())
    clock.look(qtbot, process)
    assert dialog.status.text().startswith("Learning from your 10 examples… step 4 of 40"), dialog.status.text()
    assert "No word" not in dialog.status.text()
    clock.look(qtbot, process, 2)
    assert "No word from the fine-tune for 2 s" in dialog.status.text()
    process.process.write(b"e\n")  # heard at the clock's time: no quiet at the next look
    until(qtbot, lambda: "No word" not in dialog.status.text())
    assert dialog.status.text().startswith("Learning from your 10 examples… step 4 of 40")
    dialog.cancel_button.click()
    until(qtbot, lambda: not process.running, seconds=10)


def test_the_quiet_note_says_a_minute_in_minutes() -> None:
    """The note's count turns to minutes at 60 s, not after it."""
    assert teach.quiet_note(59).startswith("No word from the fine-tune for 59 s:")
    assert teach.quiet_note(60).startswith("No word from the fine-tune for 1 min 0 s:")


def test_the_status_bar_in_full_follows_unsaid(qtbot, tmp_path: Path, monkeypatch) -> None:
    """window17's following: the status bar in full, shown by Shift+F1 (said then, once), follows a message and the
    rows read without saying itself again: a screen reader heard the whole bar again at each message and each row."""
    aloud: list[str] = []
    monkeypatch.setattr(status_line, "announce", lambda _, text: aloud.append(text))
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    window.status.say("A first message", aloud=False)
    image = np.zeros((28, 28), np.float32)
    image[4:24, 13:16] = 1.0  # a 1
    window.session.set_image(image)
    QTest.keyClick(window, Qt.Key.Key_Home)
    aloud.clear()
    QTest.keyClick(window, Qt.Key.Key_F1, Qt.KeyboardModifier.ShiftModifier)
    assert QToolTip.isVisible() and len(aloud) == 1 and "A first message" in aloud[0], aloud
    window.status.say("A second message", aloud=False)
    QTest.keyClick(window, Qt.Key.Key_PageDown)
    assert "A second message" in QToolTip.text() and window.status.position_label.text() in QToolTip.text()
    assert len(aloud) == 1, aloud


def _tip_at(qtbot, size: QSize, pointer: QPoint) -> QWidget:
    """A widget of ``size`` standing for a tooltip, the pointer moved to ``pointer`` (global)."""
    tip = QWidget()
    qtbot.addWidget(tip)
    tip.resize(size)
    QCursor.setPos(pointer)
    assert QCursor.pos() == pointer
    return tip


def test_a_tip_over_the_pointer_goes_above_it_or_just_below_it_at_the_screens_limits(qtbot) -> None:
    """window17's ``off_the_pointer`` at the screen's edges: above the pointer where that fits to the last pixel,
    else below the pointer's arrow where that fits to the last pixel, else beside it."""
    room = QGuiApplication.primaryScreen().availableGeometry()
    x, gap, arrow = room.left() + 100, screen_room.GAP, screen_room.POINTER_ROOM
    high = QSize(120, 40)
    top = room.top() + gap + high.height()  # the highest pointer a tip this high fits above
    for pointer, corner, moved in (
        (QPoint(x + 10, top), QPoint(x, top - 5), QPoint(x, room.top())),  # above, its top on the screen's
        (QPoint(x + 10, top - 1), QPoint(x, top - 5), QPoint(x, top - 1 + arrow)),  # a pixel short: below
        (QPoint(x + 10, top + 100), QPoint(x, top + 200), QPoint(x, top + 200)),  # not over the pointer: kept
    ):
        assert screen_room.off_the_pointer(_tip_at(qtbot, high, pointer), corner) == moved, (pointer, corner)
    pointer = QPoint(x + 10, room.top() + 6)  # no room above; below, exactly the room left
    tall = QSize(120, room.bottom() + 1 - (pointer.y() + arrow))
    corner = QPoint(x, room.top())
    assert screen_room.off_the_pointer(_tip_at(qtbot, tall, pointer), corner) == QPoint(x, pointer.y() + arrow)
    taller = tall + QSize(0, 1)  # a pixel too tall for either: beside the pointer's arrow (window18)
    assert screen_room.off_the_pointer(_tip_at(qtbot, taller, pointer), corner) == QPoint(x + 10 + arrow, room.top())


def test_the_teach_chart_comes_back_once_the_dialog_lies_still_not_mid_drag(qtbot, tmp_path, monkeypatch) -> None:
    """teach17's return of the chart on a screen with room waits until the dialog has lain still there half a
    second: each move of a drag starts that wait again (fitted mid-drag, the dialog would leave the pointer)."""
    screen = [AT_200_ON_1024X600]
    monkeypatch.setattr(QScreen, "availableGeometry", lambda s: screen[0])
    dialog = finished_teach(qtbot, window_without_model(qtbot, tmp_path), tmp_path)
    assert dialog.chart.isHidden()
    screen[0] = QRect(0, 0, 1600, 1000)
    dialog.windowHandle().screenChanged.emit(dialog.screen())
    dragged, still = QElapsedTimer(), QElapsedTimer()
    dragged.start()
    while dragged.elapsed() < 1200:  # a drag's moves, a tenth of a second apart
        dialog.move(dialog.pos() + QPoint(1, 0))
        still.start()
        qtbot.wait(100)
        # back only after half a second still (a loaded machine may hold this loop that long: then it may come back)
        assert dialog.chart.isHidden() or still.elapsed() >= 500, (dragged.elapsed(), still.elapsed())
        if not dialog.chart.isHidden():
            break
    until(qtbot, lambda: not dialog.chart.isHidden())


def test_a_tip_opens_for_the_resting_pointer_else_for_the_point_given(qtbot) -> None:
    """window17's ``open_tip``: with the pointer resting on the widget's screen, Qt is given the pointer, and opens
    the tip clear of it; given the point asked for, it opened over a pointer resting there (and closed it 0.3 s
    later). With the pointer off every screen, the tip opens for the point asked for."""
    widget = keyed(qtbot, QLabel("a widget"), (200, 100))
    at = widget.screen().geometry().center()
    QCursor.setPos(at + QPoint(12, 24))  # where Qt opens a tip for ``at``: 2 px right of it, 16 below
    places = TipPlaces()
    try:
        tip = screen_room.open_tip(widget, "A read-out\nof two lines", at)
    finally:
        places.close()
    assert tip is not None and places.places and not places.over_the_pointer(), (places.places, QCursor.pos())
    QToolTip.hideText()
    qtbot.waitUntil(lambda: not QToolTip.isVisible())
    QCursor.setPos(widget.screen().geometry().bottomRight() + QPoint(2000, 2000))
    tip = screen_room.open_tip(widget, "A read-out\nof two lines", at)
    assert tip is not None and (tip.frameGeometry().topLeft() - at).manhattanLength() < 40, tip.frameGeometry()


def test_a_fine_tune_slow_to_stop_keeps_saying_stopping_not_the_quiet_note(
    qtbot, tmp_path, mnist_test, monkeypatch
) -> None:
    """Cancel pressed while the quiet note showed, the fine-tune taking its grace to stop (it holds SIGTERM, as
    while torch loads): the dialog says "Stopping…" until it ends; the note's count put the last step back over it."""
    holds_a_stop = "import signal\nsignal.signal(signal.SIGTERM, signal.SIG_IGN)\n" + ON_CUE_OR_STDERR
    monkeypatch.setattr(teach, "QUIET_S", 1)
    monkeypatch.setattr(TeachProcess, "start", lambda p: p.process.start(sys.executable, ["-c", holds_a_stop]))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    dialog, process = open_teach_dialog(qtbot, window, mnist_test, per_digit=1)
    until(qtbot, lambda: process.running)
    process.process.write(b"3\n")
    until(qtbot, lambda: "No word from the fine-tune for" in dialog.status.text())
    dialog.cancel_button.click()
    stopping = "Stopping: the model in use stays, nothing is written…"
    seen: list[str] = []
    while process.running and len(seen) < 20:  # its grace is 3 s: killed then
        qtbot.wait(100)
        seen.append(dialog.status.text())
    assert all(text == stopping for text in seen[:-1]), {text for text in seen if text != stopping}
    until(qtbot, lambda: not process.running, seconds=10)
