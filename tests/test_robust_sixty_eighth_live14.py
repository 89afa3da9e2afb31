"""The sixty-eighth round of hostile testing, live14: the whole app after this round, in a real window (Xvfb, openbox,
xdotool; docs/robustness.md). Taught again from a taught model, maximised at 1600×1000, the teach dialog's one
warning ("40 of these examples were taught to the model it starts from: …") showed as one line cut off mid-sentence
behind a scroll bar, the rest of the dialog as it should be. The warnings are measured beside their scroll bar now."""

from __future__ import annotations

import pytest
from gui_window import settled
from PySide6.QtCore import QRect
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_sixth_teach21 import THREE_LINES, end_with_three_lines

# the one warning the app showed, a second teach of the same 40 MNIST digits (a real window, maximised at 1600×1000)
TAUGHT_BEFORE = (
    "40 of these examples were taught to the model it starts from: not unseen, so held-out accuracy reads high"
)


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 768), QRect(0, 0, 1600, 1000)], ids=["1366x768", "1600x1000"])
def test_a_lone_warning_is_shown_whole_after_the_outcome(qtbot, tmp_path, monkeypatch, screen) -> None:
    """One warning while it ran, then a three-line outcome: the warnings' box was given the lines the warning needs
    without a scroll bar (one line at 669 px on 1366×768, two at 349 px on 1600×1000), the bar came all the same, and
    behind it the warning wrapped to one line more, its end cut off (a real window: "… so held-out accuracy reads"
    and a scroll arrow). Every line of it shows now."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    run = dialog.process.run
    run.warnings = [TAUGHT_BEFORE]
    dialog.process.progress.emit()
    settled(qtbot, dialog.frameGeometry)
    end_with_three_lines(qtbot, dialog, THREE_LINES)
    settled(qtbot, dialog.frameGeometry)
    label, area = dialog.warnings, dialog.warnings_area
    assert area.isVisible()
    assert area.viewport().height() >= label.heightForWidth(area.viewport().width()), (area.size(), label.size())
    assert label.height() >= label.heightForWidth(label.width()), (area.size(), label.size())
