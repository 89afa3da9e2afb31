"""The fifty-fifth round, review31: a review of what the round merged (review30, menu5, cli10, pages7, window12 and
tests3), each command and window path tried as a user would; each defect found is checked to fail on the code
before its fix."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from gui_window import open_shipped_window
from PySide6.QtCore import QPoint

from gui import models_menu
from gui.__main__ import build_parser
from gui.models_menu import READ_AGAIN, STILL_READING


@pytest.mark.parametrize(
    ("typed", "said"),
    [
        (["-Style", "fusion"], "unrecognized arguments: -Style fusion; did you mean -style?"),
        (["-styl", "Fusion"], "unrecognized arguments: -styl Fusion; did you mean -style?"),
        (["-s", "Fusion"], "unrecognized arguments: -s Fusion; did you mean -style?"),
        (["—style", "Fusion"], "did you mean --style? (it begins — (em dash), not two hyphens --)"),
    ],
)
def test_qts_style_typed_askew_with_one_hyphen_is_not_told_to_use_two(typed: list[str], said: str, capsys) -> None:
    """`python -m gui -Style fusion` (Qt's option, a capital typed) was told "did you mean --style? (it begins -
    (hyphen-minus), not two hyphens --)": a fix that is no fix, for -style with one hyphen is taken, Qt's own way.
    Typed with one hyphen, the flag meant is named so, and its letters are what is askew; a dash that is no hyphen
    is still said. And `-styl Fusion`, `-s Fusion` were taken for -style, abbreviations being off: Python 3.11's
    argparse turned them off for two hyphens alone."""
    with pytest.raises(SystemExit) as refused:
        build_parser().parse_args(typed)
    err = capsys.readouterr().err
    assert refused.value.code == 2 and said in err, err
    assert ("not two hyphens" in err) == ("not two hyphens" in said), err


def test_a_menu_opened_before_any_look_ended_is_not_looked_at_again_as_that_look_ends(
    qtbot, tmp_path: Path, monkeypatch
) -> None:
    """Opened while the start's look at the model files went on (a slow folder), the Models menu says, as that look
    ends, to open it again (menu5: its models would push every row down). Yet it first began a new look and waited up
    to READ_WAIT_MS for it on the window's thread, with the menu open, for a list it would not show either way: every
    header read again, for nothing. The look that ended says it; none more is begun until the next opening."""
    looks = []
    look = models_menu.ModelsMenu._look_now
    go_on = threading.Event()

    def held(menu, asked):  # the start's look held: a slow folder
        looks.append(asked)
        go_on.wait(20)
        return look(menu, asked)

    monkeypatch.setattr(models_menu.ModelsMenu, "_look_now", held)
    window = open_shipped_window(qtbot, tmp_path, user_dir=tmp_path / "user")
    menu = window.teaching.models_menu
    menu.popup(QPoint(0, 0))
    try:
        assert menu.actions()[0].text() == STILL_READING
        go_on.set()
        qtbot.waitUntil(lambda: menu.actions()[0].text() != STILL_READING, timeout=10_000)
        assert menu.actions()[0].text() == READ_AGAIN and len(looks) == 1, len(looks)
    finally:
        go_on.set()
        menu.hide()
