"""The seventeenth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail
on the code before its fix."""

from __future__ import annotations

from gui_window import shown
from PySide6.QtCore import QRect, QSettings, QSize
from PySide6.QtGui import QScreen

from gui.main_window import MainWindow


def test_seventeenth_window_the_drawing_is_in_view_at_start_on_a_screen_too_small_for_the_views(
    qtbot, tmp_path, monkeypatch
):
    """At 200 % on a 1024×700 screen (512 × 350 logical px) the views scroll, and the drawing's column is as tall as
    the model's (the picture, the bars and the chart): the square page sat in its middle, 90 px below its caption,
    its lower half out of view at start. It sits under its caption, whole in view."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: QRect(0, 0, 512, 350))
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    window = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    room = QSize(512, 350) - QSize(16, 48)
    qtbot.waitUntil(lambda: window.width() <= room.width() and window.height() <= room.height())
    views, canvas = window.views_area, window.canvas
    assert views.verticalScrollBar().value() == 0 and views.verticalScrollBar().maximum() > 0  # it does scroll
    page = canvas.document_rect().toAlignedRect()
    page.moveTopLeft(canvas.mapTo(views.viewport(), page.topLeft()))
    assert views.viewport().rect().contains(page), (page, views.viewport().rect())
