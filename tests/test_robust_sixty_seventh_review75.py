"""The sixty-seventh round of hostile testing, review75: teach22's teach dialog reviewed (docs/robustness.md). In a
window filling an 800×600 screen the dialog, 253 px wide at the screen's left edge, has its outcome's buttons one
under the other: they lay at its left, Close 147 px left of where Cancel had been. They lie at its right now, as in
a row: Close over Cancel's place, its right edge and foot kept."""

from __future__ import annotations

import pytest
from gui_window import settled
from PySide6.QtCore import QRect, Qt
from test_gui_sixteenth import on_screen
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_seventh_teach22 import FORGOT, MISREAD


@pytest.mark.parametrize("long", [False, True], ids=["short", "long"])
def test_buttons_one_under_the_other_keep_close_where_cancel_was(qtbot, tmp_path, monkeypatch, long) -> None:
    """The shortest outcome a teach writes and a long one (a forgot line, three misread examples and 2 more): the
    dialog too narrow for its buttons' row, Close lies where Cancel was, every button on the dialog, none cut."""
    screen = QRect(0, 0, 800, 600)
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run = dialog.process.run
    run.heldout, run.mnist_before, run.mnist_digits = [(0, 0.62), (40, 0.91)], 0.981, 10_000
    run.mnist_after = 0.879 if long else 0.98
    if long:
        run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, "Taught in 1 min 12 s.")
    after = settled(qtbot, dialog.frameGeometry)
    assert dialog.buttons.orientation() == Qt.Orientation.Vertical  # the case
    close = on_screen(dialog.close_button, dialog.close_button.rect())
    # a click where Cancel was lands on Close, its foot and right edge where Cancel's were (the column's width)
    assert close.contains(cancel) and (close.right(), close.bottom()) == (cancel.right(), cancel.bottom()), after
    assert screen.contains(after), after
    shown = [b for b in dialog.buttons.buttons() if not b.isHidden()]
    assert len(shown) == 3 and all(dialog.rect().contains(b.geometry().translated(dialog.buttons.pos())) for b in shown)
    for label in (dialog.status, dialog.summary):  # every line shown
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
