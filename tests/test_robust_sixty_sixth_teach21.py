"""The sixty-sixth round of hostile testing, teach21: the teach dialog's outcome taller than its chart can give
(docs/robustness.md). Against the screen's top, a 3-line outcome grew the dialog downwards, Close below where Cancel
had been under the pointer; it now grows upwards where there is room, else widens leftwards over the drawing, its
right edge and foot kept."""

from __future__ import annotations

import pytest
from gui_window import settled
from PySide6.QtCore import QRect
from test_gui_sixteenth import on_screen
from test_robust_sixty_fifth_teach20 import teach_filling

from gui.screen_room import views_in_order
from gui.teach import TeachDialog

# three lines at the width the dialog runs at: a name that cannot break, and the model it was taught from
THREE_LINES = (
    "Taught in 1 min 12 s: the window now reads with mine-20261207-152501-a81823.safetensors, saved in your models "
    "folder; rowreader.safetensors, the model it was taught from, stays in the Models menu."
)
SHORT = "Taught in 1 min 12 s: the window now reads with out.safetensors, saved in your models folder."


def end_with_three_lines(qtbot, dialog: TeachDialog, message: str = THREE_LINES, misread: bool = False) -> None:
    """A success whose message wraps to three lines, with the held-out and MNIST numbers and the three buttons;
    ``misread``: one held-out example read as another digit, its line (four at the width it runs at) in the outcome."""
    run = dialog.process.run
    run.heldout = [(0, 0.62), (40, 0.91)]
    run.mnist_before, run.mnist_after, run.mnist_digits = 0.981, 0.979, 10_000
    if misread:
        run.misread, run.misread_count = [("1/scan.png", 7)], 1
    dialog.finish(True, message)
    settled(qtbot, dialog.frameGeometry)


@pytest.mark.parametrize("screen", [QRect(0, 0, 1366, 768), QRect(0, 0, 1280, 800), QRect(0, 0, 1600, 1000)], ids=str)
@pytest.mark.parametrize("misread", [False, True], ids=["three lines", "a misread example"])
def test_an_outcome_taller_than_the_chart_gives_keeps_close_where_cancel_was(
    qtbot, tmp_path, monkeypatch, screen, misread
) -> None:
    """In a window filling its screen the dialog opened at (or near) the screen's top; a 3-line outcome needed more
    height than the chart gives down to its least, and the dialog grew downwards: Close 76 px below where Cancel had
    been offscreen on 1366×768 (21 px on 1600×1000; 76 px in a real maximised 1600×1000 window at 100 %), 90 px (35
    px) for a short message and one misread example's line. Close now lies exactly where Cancel was, the bars and
    the chart no more hidden than as it ran, the outcome's lines whole and below the chart."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, screen)
    reading = views_in_order(dialog.parentWidget())[1:3]
    hidden = [dialog.frameGeometry().intersected(view) for view in reading]
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    end_with_three_lines(qtbot, dialog, SHORT if misread else THREE_LINES, misread)
    assert on_screen(dialog.close_button, dialog.close_button.rect()) == cancel, dialog.frameGeometry()
    now = [dialog.frameGeometry().intersected(view) for view in reading]
    assert all(a.width() * a.height() <= b.width() * b.height() for a, b in zip(now, hidden, strict=True)), now
    summary, chart = dialog.summary.geometry(), dialog.chart.geometry()
    assert not dialog.chart.isHidden() and summary.top() > chart.bottom(), (chart, summary)
    assert dialog.chart.height() >= dialog.chart.least_height(), dialog.chart.height()
    for label in (dialog.status, dialog.summary):  # every line shown: not cut by the dialog's foot
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
    assert dialog.buttons.geometry().bottom() < dialog.height()
