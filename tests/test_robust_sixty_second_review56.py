"""The sixty-second round's review of a11y10's, leftovers8's and review55's merges (area review56), each test seen
failing on the code before its fix: an --out whose links loop said to be a chain that ends at a missing file; the
teach dialog's status line framed in the focus colour of the theme it opened in, a theme switched after."""

from __future__ import annotations

from pathlib import Path

import pytest
from gui_window import shown, window_without_model
from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QApplication

from gui.teach import TeachDialog
from gui.theme import _dark_palette, focus_colour
from training.files import OutputError, check_checkpoint_out


def test_an_out_whose_links_loop_says_so(tmp_path: Path) -> None:
    """`--out a`, a → b → a, said "a link to b (itself a link: the links end at …/a), which does not exist": a as
    the end of a chain, and a missing file; a chain of 50 links (more than the system follows) ended at a file
    that exists, "which does not exist"."""
    (tmp_path / "b").symlink_to("a")
    (out := tmp_path / "a").symlink_to("b")
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(out, force=False, own="a merge's")
    assert str(refused.value).startswith(
        f"--out {out} is a link to b (itself a link: the links go round in a loop), which the system cannot follow "
        "(too many links); remove the link"
    )
    (tmp_path / "c50").write_bytes(b"x")
    for at in range(50):
        (tmp_path / f"c{at}").symlink_to(f"c{at + 1}")
    with pytest.raises(OutputError) as refused:
        check_checkpoint_out(tmp_path / "c0", force=False, own="a merge's")
    assert f"the links end at {tmp_path / 'c50'}), which the system cannot follow (too many links)" in str(
        refused.value
    )


def test_the_teach_status_follows_a_theme_switched_while_it_runs(following, qtbot, tmp_path) -> None:
    """The teach dialog opens with the keys on its status line, framed by a style sheet: a desktop going dark during
    the minutes a teach runs left the status black on the dark dialog (#000000 on #202124, 1.2:1), framed in the
    light theme's blue (a label with a style sheet keeps the palette it had). It follows the palette now."""
    window = window_without_model(qtbot, tmp_path)
    box = shown(qtbot, TeachDialog(window))
    following.setPalette(_dark_palette())  # the desktop goes dark while the teach runs
    QApplication.sendPostedEvents()
    text = QPalette.ColorRole.WindowText
    assert box.status.palette().color(text).name() == box.palette().color(text).name() == "#e8eaed"
    assert f"border-color: {focus_colour(box.palette()).name()};" in box.status.styleSheet()
