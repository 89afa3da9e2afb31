"""The fiftieth round of hostile testing, review17: this round's app changes read with a hostile reviewer's eyes (the
models opened remembered from start to start and Forget opened, the teach dialog's "Stop teaching?", Shift+F1, the keys
heard when greyed), each suspect proved by a failing test (pytest-qt offscreen) before its fix; each test is checked
to fail on the code before its fix."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from gui_window import open_shipped_window, opened_menu, shown, started_from_settings
from PySide6.QtCore import QPoint, QSettings, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QMessageBox, QToolTip

from gui.main_window import MainWindow
from gui.opened_models import OPENED_KEY
from gui.taught_models import models_dir
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from rowreader.checkpoint import pretrained_path


def _settings(tmp_path: Path) -> QSettings:
    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


def opened_model(qtbot, window: MainWindow, model: Path) -> None:
    window.open_model(model)
    qtbot.waitUntil(lambda: window.session.checkpoint.path == model and not window.tasks.busy, timeout=20_000)


def test_fiftieth_review17_the_model_in_use_is_not_offered_to_forget(qtbot, tmp_path: Path) -> None:
    """Models ▸ Forget opened offered the model in use: chosen, it went off the menu, which then marked no model in
    use and offered no way back to it, and the next start read it all the same (it is the last model used): forgotten
    in name only. The model in use is now not offered there; it stays listed, marked, and the others can be let go."""
    mine, other = tmp_path / "runs" / "mine.safetensors", tmp_path / "runs" / "other.safetensors"
    mine.parent.mkdir()
    for model in (other, mine):
        shutil.copyfile(pretrained_path(), model)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    opened_model(qtbot, window, other)
    opened_model(qtbot, window, mine)
    menu = window.teaching.models_menu
    opened_menu(menu)
    assert [act.toolTip() for act in menu.forgetting.actions()] == [str(other)]
    checked = [act.text() for act in menu.actions() if act.isChecked()]
    assert checked == ["Opened: mine.safetensors"]


def test_fiftieth_review17_a_hand_edited_list_naming_the_shipped_or_a_taught_model_lists_each_once(
    qtbot, tmp_path: Path
) -> None:
    """The settings' list of models opened, edited by hand to name the shipped model or one of the user's taught
    models, listed each twice: "Shipped model" and "Opened: rowreader-mnist.safetensors", "Yours: …" and "Opened:
    …", and offered them in Forget opened. The app never writes those into the list (it keeps the opened ones from
    elsewhere); read back, they are now passed over as the app passes them over."""
    user = tmp_path / "user"
    taught = models_dir(user) / "rowreader-taught-20261205-150000-abcdef.safetensors"
    taught.parent.mkdir(parents=True)
    shutil.copyfile(pretrained_path(), taught)
    elsewhere = tmp_path / "elsewhere.safetensors"
    shutil.copyfile(pretrained_path(), elsewhere)
    settings = _settings(tmp_path)
    settings.beginWriteArray(OPENED_KEY, 3)
    for index, path in enumerate((pretrained_path(), taught, elsewhere)):
        settings.setArrayIndex(index)
        settings.setValue("path", str(path))
    settings.endArray()
    settings.sync()
    window = started_from_settings(qtbot, settings, user)
    menu = window.teaching.models_menu
    paths = [path for _, path in menu.choices()]
    assert len(paths) == len(set(paths)), menu.choices()
    assert menu.opened == [elsewhere]


# a fine-tune that has written its model and is ending (its interpreter unloading torch): its "done" line, then a wait
_WRITTEN_THEN_ENDING = (
    "import json, sys, time\n"
    "print(json.dumps({'event': 'progress', 'step': 3, 'steps': 3}), flush=True)\n"
    "sys.stdin.readline()\n"
    "print(json.dumps({'event': 'done'}), flush=True)\n"
    "time.sleep(60)\n"
)


@contextmanager
def stop_asked(qtbot, tmp_path: Path) -> Iterator[tuple[TeachDialog, TeachProcess, QMessageBox]]:
    """A teach dialog whose fine-tune (``_WRITTEN_THEN_ENDING``) has taken its 3 steps, closed as Alt+F4 closes it:
    "Stop teaching?" showing, the fine-tune waiting for a line before it writes its model; killed at the end."""
    dialog = shown(qtbot, TeachDialog())
    process = TeachProcess(tmp_path / "base.safetensors", tmp_path / "examples", tmp_path / "out.safetensors")
    dialog.attach(process)
    process.process.start(sys.executable, ["-c", _WRITTEN_THEN_ENDING])
    assert process.process.waitForStarted(5000)
    try:
        qtbot.waitUntil(lambda: process.run.steps == 3, timeout=10_000)
        dialog.close()  # as Alt+F4 closes it
        asked = dialog.findChild(QMessageBox, "stop_teaching")
        assert asked is not None and asked.isVisible()
        yield dialog, process, asked
    finally:
        process.process.kill()
        process.process.waitForFinished(5000)


def test_fiftieth_review17_stop_teaching_is_not_asked_once_the_model_is_written(qtbot, tmp_path: Path) -> None:
    """ "Stop teaching?" (a close while the teach runs) stayed open once the fine-tune had written its model, still
    saying "Closing this window stops the teach: … nothing is written", though Cancel was off and nothing was left to
    stop; "Stop teaching" then closed the dialog while the taught model was put in use. The question now goes as the
    model is written, as it goes when the teach ends, and the dialog stays to say how it ended."""
    with stop_asked(qtbot, tmp_path) as (dialog, process, asked):
        process.process.write(b"go\n")  # the fine-tune writes its model
        qtbot.waitUntil(lambda: process.run.written, timeout=10_000)
        assert not asked.isVisible()
        assert dialog.isVisible() and process.running


def test_fiftieth_review17_help_status_bar_in_full_shows_the_message_the_menu_covered(qtbot, tmp_path: Path) -> None:
    """Help ▸ Status bar in full, chosen with the pointer, never showed the message it is for: pointing at the menu
    put each item's status tip in the bar over the message (Qt's way), and leaving it cleared the bar, so the whole
    said was the position and the model alone, the message (and its tip, what to do) gone before its time. A message
    a menu's tips covered now comes back, for the rest of its time, as the menu goes; Status bar in full has it. (Its
    tooltip opens once the window has the focus back, which offscreen Qt never gives it: the window is activated
    here, as X does; see test_robust_fiftieth_leftovers3.)"""
    window = open_shipped_window(qtbot, tmp_path, size=(640, 480), activate=True)
    message = "Examples cannot be kept: " + "/a/long/folder" * 12 + " is a file, not a folder"
    window.status.say(message, 20_000, tip=f"{message}.\nSet $XDG_DATA_HOME to a folder or unset it.")
    help_menu = next(act.menu() for act in window.menuBar().actions() if act.text() == "&Help")
    item = window.actions_.whole_status
    help_menu.popup(window.mapToGlobal(QPoint(0, 0)))
    qtbot.waitUntil(help_menu.isVisible)
    QTest.mouseMove(help_menu, help_menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: window.statusBar().currentMessage().startswith("Show and say"))
    QTest.mouseClick(help_menu, Qt.MouseButton.LeftButton, pos=help_menu.actionGeometry(item).center())
    qtbot.waitUntil(lambda: not help_menu.isVisible())
    assert window.statusBar().currentMessage() == window.status.shown
    window.activateWindow()  # the pointer then rests on a toolbar button: its hint in the bar, not in the tooltip
    qtbot.waitUntil(QToolTip.isVisible)
    assert "Set $XDG_DATA_HOME to a folder or unset it." in QToolTip.text(), QToolTip.text()


def test_fiftieth_review17_an_example_not_put_over_a_drawing_says_so(qtbot, tmp_path: Path) -> None:
    """An example of My examples clicked is read on a worker; a stroke drawn before it came kept the drawing, as it
    should, but said nothing: the example asked for never showed and the status line still said nothing of it, where
    a picture opened meanwhile says "Not put over your drawing". The example now says so too, and how to have it."""
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "mine", activate=True)
    window.canvas.draw_stroke([(140, 40), (140, 240)])
    window.teaching.keep(1)
    strip = window.teaching.panel.view.rows[1][1]
    qtbot.waitUntil(lambda: strip.count() == 1, timeout=10_000)
    window.canvas.clear()
    window.teaching.open_example(window.teaching.panel.found.examples[0])
    window.canvas.draw_stroke([(40, 140), (240, 140)])  # drawn before its file is read
    drawn = window.canvas.content
    qtbot.waitUntil(lambda: not window.tasks.busy, timeout=10_000)
    assert window.canvas.content is drawn
    said = window.statusBar().currentMessage()
    assert said.startswith("Not put over your drawing: example 1/"), said
