"""The fifty-sixth round of hostile testing, window13: the main window's layout at 150 % on small screens (Xvfb at
1280×720, 1366×768 and 1024×768 with openbox, ``QT_SCALE_FACTOR=1.5``, xdotool; each screenshot looked at), the
window sized to its least, My examples shown, floated and docked again, maximised and restored; each defect found is
checked offscreen, the screen's free area given in logical px as 150 % makes it, and seen failing on the code before
its fix."""

from __future__ import annotations

import pytest
from gui_window import settled, window_without_model
from PySide6.QtCore import QRect, Qt
from PySide6.QtGui import QScreen


@pytest.mark.parametrize("free", [QRect(0, 0, 853, 480), QRect(0, 0, 911, 512), QRect(0, 0, 683, 512)])
def test_my_examples_shown_beside_the_views_leaves_the_drawing_its_room(qtbot, tmp_path, monkeypatch, free) -> None:
    """My examples shown (Teach ▸ My examples) on 1280×720 at 150 % (853×480 logical px) docked right of the views
    at 332 px, Qt's default width for its lists (256 px), empty: the drawing went from 353 px wide to 157, its least,
    and What the model sees to 56 (1366×768: 386 to 229; 1024×768: 282 to 150). The dock is no wider than the
    drawing, nor narrower than its least."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path)
    dock = window.teaching.dock
    window.teaching.show_dock.trigger()
    qtbot.waitUntil(dock.isVisible)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    assert dock.minimumSizeHint().width() <= dock.width() <= window.canvas.width()
    assert window.width() <= free.width()
    fitted, size = dock.width(), window.size()
    window.resize(100, 100)  # to its least, and back: the dock got its 332 px back as the window grew
    qtbot.waitUntil(lambda: dock.width() < fitted)
    window.resize(size)
    qtbot.waitUntil(lambda: window.size() == size)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))  # the room given back once laid out
    assert dock.width() == fitted <= window.canvas.width()


def test_my_examples_shown_again_keeps_the_width_the_user_gave_it(qtbot, tmp_path, monkeypatch) -> None:
    """Fitted beside the drawing once a start: widened by its separator, hidden and shown again, My examples keeps
    the user's width (the drawing narrower than it then), on a 1600×1000 screen at 100 %."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 1600, 1000))
    window = window_without_model(qtbot, tmp_path)
    dock, show = window.teaching.dock, window.teaching.show_dock
    show.trigger()
    qtbot.waitUntil(dock.isVisible)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    assert window.canvas.width() >= dock.width() >= 5 * 46  # five thumbnails a row still
    window.resizeDocks([dock], [500], Qt.Orientation.Horizontal)  # as the separator's drag leaves it
    qtbot.waitUntil(lambda: dock.width() == 500)
    show.trigger()
    qtbot.waitUntil(dock.isHidden)
    show.trigger()
    qtbot.waitUntil(dock.isVisible)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    assert dock.width() == 500 > window.canvas.width()
