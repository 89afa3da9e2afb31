"""The fiftieth round of hostile testing, a11y5: what a screen-reader user meets among this round's new controls and
messages (Models ▸ Forget opened, the teach dialog's "Stop teaching?", the docks' float button, Shift+F1, the keys
heard when greyed): every announcement logged by a Qt update handler, accessible names read with QAccessible, the
focus followed, offscreen with pytest-qt; each test is checked to fail on the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import open_shipped_window
from test_robust_fiftieth_review17 import _opened
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
    _opened(qtbot, window, other)
    window.open_model(pretrained_path())
    qtbot.waitUntil(lambda: window.session.checkpoint.path == pretrained_path() and not window.tasks.busy)
    menu = window.teaching.models_menu
    menu.fill()
    announced.clear()
    (item,) = menu.forgetting.actions()
    item.trigger()
    said = "Forgot other.safetensors: off the Models menu, its file left as it is"
    assert announced == [said]
    assert window.statusBar().currentMessage() == said
