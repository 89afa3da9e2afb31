"""The fifty-ninth round of hostile testing, window16: the main window and the finished teach dialog on small screens
and high scale factors where window15 and review37 left them (Xvfb with openbox at 1024×600, 1280×720, 1366×768 and
1600×1000 with ``QT_SCALE_FACTOR`` 1.5 and 2, My examples shown, dragged and restarted; each screenshot looked at).
Each defect found is checked offscreen, and seen failing on the code before its fix."""

from __future__ import annotations

import itertools

import pytest
from gui_window import settled
from PySide6.QtCore import QRect
from test_robust_fifty_eighth_window15 import finished_on_a_screen

from gui.teach import TeachDialog

AT_200_ON_1024X600 = QRect(0, 0, 512, 300)  # the logical px of a 1024×600 screen's free area at 200 %


@pytest.mark.parametrize("docked", [False, True], ids=["", "my-examples"])
def test_the_finished_teach_dialog_on_a_screen_too_short_for_its_chart_keeps_its_outcome_whole(
    qtbot, tmp_path, monkeypatch, docked
) -> None:
    """At 200 % on a 1024×600 screen (where the-app.md says the window fits) the finished dialog was as wide as the
    screen with its chart at its least and its warnings two lines, and still 40 px too tall: its outcome was drawn over
    the chart's axis title, and its last line ("1 of your examples is read as another digit: 1/scan.png as a 7. Kept
    under the wrong digit? …") cut off in the middle, 51 px of the 70 it needs. With no room even then, the chart goes
    (its before and after are the outcome's first two lines), and the outcome is whole."""
    _, dialog = finished_on_a_screen(qtbot, tmp_path, monkeypatch, AT_200_ON_1024X600, docked)
    whole(dialog)
    dialog.switched("rowreader.safetensors", taught=False)  # Switch back: its lines measured again, the chart gone
    settled(qtbot, dialog.frameGeometry)
    whole(dialog)


def whole(dialog: TeachDialog) -> None:
    """``dialog`` on the screen, its parts shown one under another, none over the next, its outcome whole."""
    assert AT_200_ON_1024X600.contains(dialog.frameGeometry()), dialog.frameGeometry()
    parts = (dialog.status, dialog.warnings_area, dialog.bar, dialog.chart, dialog.summary, dialog.buttons)
    for above, below in itertools.pairwise([part for part in parts if part.isVisible()]):
        assert below.geometry().top() > above.geometry().bottom(), (above.geometry(), below.geometry())
    assert dialog.summary.height() >= dialog.summary.heightForWidth(dialog.summary.width()), dialog.summary.height()
    assert dialog.buttons.geometry().bottom() < dialog.height()
