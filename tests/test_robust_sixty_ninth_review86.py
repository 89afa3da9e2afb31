"""The sixty-ninth round of hostile testing, review86: a review of the lead's two fixes (one_digit's SPECKS, and
My examples saved squeezing the drawing giving way only in a window as wide as it was saved in). Each test is seen
failing on the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import settled, shown
from PySide6.QtCore import QSize, Qt
from test_robust_sixty_ninth_live16 import squeezed_layout_saved

from gui.main_window import MainWindow
from gui.window_room import LAYOUT_SIZE_KEY


@pytest.mark.parametrize("side", [Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.LeftDockWidgetArea])
@pytest.mark.parametrize("wider_by", [1, 8, 40])
def test_a_squeezed_layout_restored_a_little_wider_still_gives_the_drawing_room(
    qtbot, tmp_path, monkeypatch, wider_by, side
) -> None:
    """The lead's d4eac8bb let a layout saved with My examples squeezing the drawing to its least give way at the
    next start only in a window exactly as wide as it was saved in: one a pixel wider (a window manager's frame, a
    screen a little larger) came back with the drawing at its least, 150 px beside My examples' 316, as before
    live16. The dock's keeper gives back only what the window gained; a drawing still at its least after that is no
    width a user chose, and the dock gives way."""
    settings, width = squeezed_layout_saved(qtbot, tmp_path, monkeypatch, side)
    saved_in = QSize(width - wider_by, settings.value(LAYOUT_SIZE_KEY).height())
    settings.setValue(LAYOUT_SIZE_KEY, saved_in)
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    wide, drawing = settled(qtbot, lambda: (again.teaching.dock.width(), again.canvas.width()))
    assert again.width() == saved_in.width() + wider_by and again.dockWidgetArea(again.teaching.dock) == side
    assert drawing > again.canvas.minimumWidth() and wide <= drawing, (wide, drawing)
