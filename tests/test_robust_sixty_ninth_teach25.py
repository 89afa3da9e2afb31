"""The sixty-ninth round of hostile testing, teach25: the teach dialog's outcome at small and scaled screens
(docs/robustness.md). Its status line, framed (clear until it holds the keys), had its text indented by Qt, half an
"x" more than the frame: the outcome's first lines stood 3–4 px right of the warnings and the numbers under them."""

from __future__ import annotations

import numpy as np
import pytest
from PySide6.QtCore import QPoint, QRect
from PySide6.QtGui import QImage
from PySide6.QtWidgets import QLabel
from test_robust_sixty_eighth_live14 import TAUGHT_BEFORE
from test_robust_sixty_fifth_teach20 import teach_filling
from test_robust_sixty_sixth_teach21 import THREE_LINES, end_with_three_lines

from gui.teach import TeachDialog


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
