"""The sixty-ninth round of hostile testing, teach26: a review of teach25's work on the teach dialog's outcome at small
and scaled screens, and what it left (docs/robustness.md). The warnings' box was measured beside a scroll bar that
did not come: a two-line warning stood over a blank line."""

from __future__ import annotations

import pytest
from gui_window import settled
from PySide6.QtCore import QRect
from test_robust_sixty_eighth_live14 import TAUGHT_BEFORE
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_sixth_teach21 import THREE_LINES, end_with_three_lines


@pytest.mark.parametrize("screen", [QRect(0, 0, 1024, 768), QRect(0, 0, 1600, 1000)], ids=["1024x768", "1600x1000"])
def test_a_warning_that_needs_no_scroll_bar_has_no_blank_line_under_it(qtbot, tmp_path, monkeypatch, screen) -> None:
    """One warning while it ran, then a three-line outcome, in a window filling a 1024×768 (or 1600×1000) screen:
    the warnings' box was as tall as the warning would be beside a scroll bar, which did not come: its two lines
    stood over a blank line (42 px for 28; 4 px more at 1600×1000). It is as tall as its lines, no bar, every line
    shown."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    dialog.process.run.warnings = [TAUGHT_BEFORE]
    dialog.process.progress.emit()
    settled(qtbot, dialog.frameGeometry)
    end_with_three_lines(qtbot, dialog, THREE_LINES)
    settled(qtbot, dialog.frameGeometry)
    label, area = dialog.warnings, dialog.warnings_area
    lines = label.heightForWidth(area.viewport().width())
    assert area.isVisible() and not area.verticalScrollBar().isVisible(), area.size()
    assert area.viewport().height() == lines, (area.viewport().size(), lines, label.text())
