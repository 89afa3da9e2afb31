"""The sixty-ninth round of hostile testing, teach25: the teach dialog's outcome at small and scaled screens
(docs/robustness.md). Its status line, framed (clear until it holds the keys), had its text indented by Qt, half an
"x" more than the frame: the outcome's first lines stood 3–4 px right of the warnings and the numbers under them."""

from __future__ import annotations

import numpy as np
import pytest
from gui_window import settled
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from test_gui_sixteenth import on_screen
from test_robust_sixty_eighth_live14 import TAUGHT_BEFORE
from test_robust_sixty_eighth_teach24 import WARNINGS
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_seventh_teach22 import FORGOT, MISREAD
from test_robust_sixty_sixth_teach21 import SHORT, THREE_LINES, end_with_three_lines

from gui.teach import TeachDialog

SCREEN = QRect(0, 0, 1024, 768)


def ink_left(dialog: TeachDialog, label: QLabel) -> int:
    """The leftmost column of ``label``'s text in ``dialog``, from what it draws: the least over its lines, so one
    letter's side bearing ("T", "Y") weighs as little as it can."""
    image = label.grab().toImage().convertToFormat(QImage.Format.Format_Grayscale8)
    width, height = image.width(), image.height()
    pixels = np.frombuffer(image.constBits(), np.uint8).reshape(height, image.bytesPerLine())[:, :width]
    inked = np.abs(pixels.astype(int) - int(pixels[height // 2, -1])) > 60  # its right edge is background
    columns = np.flatnonzero(inked.any(axis=0))
    assert columns.size, label.text()
    return label.mapTo(dialog, QPoint(int(columns[0] / label.devicePixelRatioF()), 0)).x()


@pytest.mark.parametrize("warned", [False, True], ids=["no_warning", "one_warning"])
def test_the_outcomes_first_lines_start_where_the_lines_under_them_do(qtbot, tmp_path, monkeypatch, warned) -> None:
    """A three-line message over the numbers and a misread line (a warning between them, or none), in a window filling
    a 1366×768 screen: the message's lines started 4 px right of every line under them (3 px in live14's real window,
    8 at 200 %), as if indented. They start where the others do now, no further right than the status's focus frame
    (1 px)."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, QRect(0, 0, 1366, 768))
    if warned:
        dialog.process.run.warnings = [TAUGHT_BEFORE]
        dialog.process.progress.emit()
    end_with_three_lines(qtbot, dialog, THREE_LINES, misread=True)
    status, summary = ink_left(dialog, dialog.status), ink_left(dialog, dialog.summary)
    assert 0 <= status - summary <= 1, (status, summary)
    if warned:
        assert 0 <= status - ink_left(dialog, dialog.warnings) <= 1, (status, dialog.warnings.text())


def ended_warned(
    qtbot, tmp_path, monkeypatch, outcome: str, warnings: list[str]
) -> tuple[TeachDialog, QRect, QRect, QRect]:
    """A teach in a window filling a 1024×768 screen, ``warnings`` while it ran, then a three-line message (or a short
    one with a forgot line and misread examples): its dialog, its frame before, Cancel's place then, its frame after."""
    dialog = teach_filling(qtbot, tmp_path, monkeypatch, SCREEN)
    run = dialog.process.run
    run.warnings = warnings
    dialog.process.progress.emit()
    before = settled(qtbot, dialog.frameGeometry)
    cancel = on_screen(dialog.cancel_button, dialog.cancel_button.rect())
    run.heldout, run.mnist_before, run.mnist_after, run.mnist_digits = [(0, 0.62), (40, 0.91)], 0.981, 0.879, 10_000
    if outcome == "short_with_misread":
        run.forgot, run.misread, run.misread_count = FORGOT, list(MISREAD), 5
    dialog.finish(True, THREE_LINES if outcome == "three_lines" else SHORT)
    return dialog, before, cancel, settled(qtbot, dialog.frameGeometry)


# two warnings with the three-line message: with one, the chart went only while the warning was measured beside a
# scroll bar that did not come (teach26), a line too tall; measured as shown, the dialog widens and keeps its chart
@pytest.mark.parametrize(
    ("outcome", "warnings"),
    [("three_lines", list(WARNINGS)), ("short_with_misread", [TAUGHT_BEFORE])],
    ids=["three_lines", "short_with_misread"],
)
def test_a_dialog_whose_chart_went_is_no_taller_than_its_lines(qtbot, tmp_path, monkeypatch, outcome, warnings) -> None:
    """In a window filling a 1024×768 screen, two warnings while it ran, then a three-line message (or one warning and
    a short one with a forgot line and misread examples): the chart went for want of room, and the dialog kept the
    height it ran at, a blank band of 8 px (22 with one warning; about 50 in live14's real window) above its buttons.
    It is as tall as its lines now, its foot and right edge kept (Close where Cancel was), every line whole, on the
    screen."""
    dialog, before, cancel, after = ended_warned(qtbot, tmp_path, monkeypatch, outcome, warnings)
    assert dialog.chart.isHidden(), (before, after)  # the case: no room for the chart at its least
    lines = max(dialog.heightForWidth(dialog.width()), dialog.minimumSizeHint().height())
    band = dialog.buttons.geometry().top() - dialog.summary.geometry().bottom() - 1 - dialog.layout().spacing()
    assert dialog.height() == lines and band == 0, (before, after, lines, band)
    close = on_screen(dialog.close_button, dialog.close_button.rect())
    assert (close.right(), close.bottom()) == (cancel.right(), cancel.bottom()), (before, after, close, cancel)
    assert SCREEN.contains(after), after
    for label in (dialog.status, dialog.summary):  # every line shown
        assert label.height() >= label.heightForWidth(label.width()), (label.size(), label.text())
