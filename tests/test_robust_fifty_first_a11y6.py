"""The fifty-first round of hostile testing, a11y6: what a screen-reader and keyboard-only user meets among this
round's new and changed controls and messages (the Models menu's told-apart names, Ctrl+K's words taken back on a new
drawing, "Stop teaching?" withdrawn, the float buttons' keys): every announcement logged by a Qt update handler,
accessible names read with QAccessible, the keys followed, offscreen with pytest-qt; each test is checked to fail on
the code before its fix."""

from __future__ import annotations

import shutil
from pathlib import Path

from gui_window import open_shipped_window
from test_robust_fiftieth_review17 import _opened
from test_robust_forty_eighth_a11y3 import announced  # noqa: F401 (the fixture: what a screen reader is told)

from rowreader.checkpoint import pretrained_path


def test_switching_between_two_opened_models_of_one_name_says_which(qtbot, tmp_path: Path, announced) -> None:  # noqa: F811
    """Two opened models of one file name (two projects' ``runs/rowreader.safetensors``) are told apart in the Models
    menu ("Opened: digits/runs/rowreader.safetensors"), but choosing one there announced "Now reading with
    rowreader.safetensors", and comparing with the other "Comparing with rowreader (dashed)": the same words whichever
    was chosen, so a screen-reader user could not tell what the choice had done. Each is now named as the menu names
    it."""
    first, second = (tmp_path / project / "runs" / "rowreader.safetensors" for project in ("digits", "letters"))
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    for model in (first, second):
        model.parent.mkdir(parents=True)
        shutil.copyfile(pretrained_path(), model)
        _opened(qtbot, window, model)
    menu = window.teaching.models_menu
    menu.fill()
    announced.clear()
    (item,) = [act for act in menu.actions() if act.text() == "Opened: digits/runs/rowreader.safetensors"]
    item.trigger()
    qtbot.waitUntil(lambda: window.session.checkpoint.path == first and not window.tasks.busy, timeout=20_000)
    assert "Now reading with digits/runs/rowreader.safetensors" in announced, announced
    menu.fill()
    announced.clear()
    (item,) = [act for act in menu.compare.actions() if act.text() == "Opened: letters/runs/rowreader.safetensors"]
    item.trigger()
    qtbot.waitUntil(lambda: window.comparison is not None and not window.tasks.busy, timeout=20_000)
    assert "Comparing with letters/runs/rowreader (dashed)" in announced, announced
