"""The fiftieth round of hostile testing, a11y5: what a screen-reader user meets among this round's new controls and
messages (Models ▸ Forget opened, the teach dialog's "Stop teaching?", the docks' float button, Shift+F1, the keys
heard when greyed): every announcement logged by a Qt update handler, accessible names read with QAccessible, the
focus followed, offscreen with pytest-qt; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import open_shipped_window, opened_menu
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import QAbstractButton
from test_robust_fiftieth_review17 import opened_model, stop_asked
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (the fixture: what a screen reader is told)

from rowreader.checkpoint import pretrained_path


def test_forgetting_an_opened_model_is_said_and_announced(qtbot, tmp_path: Path, announced) -> None:  # noqa: F811
    """Models ▸ Forget opened ▸ other.safetensors took the model off the menu without a word: the menu closed, the
    status bar and a screen reader said nothing, so a person who cannot see the menu could not tell it was done (or
    that the file was left as it is). It is now said in the status bar and announced."""
    other = tmp_path / "runs" / "other.safetensors"
    other.parent.mkdir()
    shutil.copyfile(pretrained_path(), other)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    opened_model(qtbot, window, other)
    window.open_model(pretrained_path())
    qtbot.waitUntil(lambda: window.session.checkpoint.path == pretrained_path() and not window.tasks.busy)
    menu = window.teaching.models_menu
    opened_menu(menu)
    announced.clear()
    (item,) = menu.forgetting.actions()
    item.trigger()
    said = "Forgot other.safetensors: off the Models menu, its file left as it is"
    assert announced == [said]
    assert window.statusBar().currentMessage() == said


def test_stop_teaching_withdrawn_as_the_model_is_written_is_announced(qtbot, tmp_path: Path, announced) -> None:  # noqa: F811
    """Alt+F4 while the teach runs asks "Stop teaching?"; the fine-tune then wrote its model and the question went
    (nothing left to stop), but a screen reader, reading the question, was told nothing: the box vanished and the
    dialog's new status ("… and written; its process is ending…") is a label's text, not news to one. Its going is
    now announced with why, once."""
    with stop_asked(qtbot, tmp_path) as (dialog, process, asked):
        announced.clear()
        process.process.write(b"go\n")  # the fine-tune writes its model
        qtbot.waitUntil(lambda: process.run.written, timeout=10_000)
        assert not asked.isVisible()
        assert announced == [f"Nothing left to stop: {dialog.status.text()}"], announced
        assert "written" in dialog.status.text()


def test_the_float_buttons_description_says_whose_and_what_space_does(qtbot, tmp_path: Path) -> None:
    """Each dock's float button, named this round for what it does ("Float Inside the LSTM in a window of its own"),
    kept Qt's description, which a screen reader reads after the name: "Undocks and re-attaches the dock widget",
    whose not said, in Qt's words rather than the app's, and the same floating or docked. Its description now says
    what Space on it does to which panel, floating and docked, as its name and tooltip do."""
    window = open_shipped_window(qtbot, tmp_path)
    for dock in (window.heatmap_dock, window.teaching.dock):
        button = dock.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
        title = dock.windowTitle()
        said = QAccessible.queryAccessibleInterface(button)
        assert said.text(QAccessible.Text.Name) == f"Float {title} in a window of its own"
        assert said.text(QAccessible.Text.Description) == f"Space moves {title} out of the main window, into its own"
        dock.setFloating(True)
        assert said.text(QAccessible.Text.Name) == f"Dock {title} in the window again"
        assert said.text(QAccessible.Text.Description) == f"Space puts {title} back in the main window"
        dock.setFloating(False)
