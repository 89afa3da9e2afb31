"""The sixty-ninth round of hostile testing, live16: a review of live15's work (My examples giving way as the window
narrows), tried in a real window (Xvfb :95 with openbox) and offscreen, and the two defects its author saw and left
there: where the Keep dialog opens, and the teach dialog's progress bar after Cancel. Each test is seen failing on
the code before its fix."""

from __future__ import annotations

import pytest
from gui_window import open_shipped_window, settled, shown, teach_running_at, until, window_without_model
from PySide6.QtCore import QRect, QSettings, QSize, Qt
from PySide6.QtGui import QScreen
from PySide6.QtWidgets import QWidget

from gui.demo import draw_digit
from gui.main_window import MainWindow
from gui.screen_room import frame_room, views_in_order
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from gui.window_room import GEOMETRY_KEY, LAYOUT_SIZE_KEY, WindowRoom

# (the screen's free area, the window's frame on it) at 100 % and at 200 % (1600×1000 is 800×500 there)
KEEP_LAYOUTS = [
    ((1600, 1000), QRect(250, 140, 1100, 720)),  # live15's real window: the dialog at the screen's left edge
    ((1600, 1000), QRect(0, 0, 1100, 720)),  # room under the window: the dialog went there, away from it
    ((1366, 768), QRect(200, 80, 900, 600)),
    ((1920, 1080), QRect(400, 180, 1100, 720)),
    ((800, 600), QRect(0, 0, 784, 552)),
    ((800, 500), QRect(0, 0, 784, 452)),
]


def test_the_teach_bar_says_cancelled_and_where_after_cancel(qtbot, tmp_path, monkeypatch) -> None:
    """Cancelled at step 27 of 40 (a real window, live15), the teach dialog's bar stayed at 27 of 40 without a word:
    a user read it as a run still going, or as done. The bar now says "Cancelled at step 27 of 40"; a run that
    failed says "Stopped", and one cancelled before its first step says so."""
    monkeypatch.setattr(TeachProcess, "running", property(lambda self: True))
    monkeypatch.setattr(TeachProcess, "cancel", lambda self: None)
    dialog, _ = teach_running_at(qtbot, tmp_path, 27)
    assert not dialog.bar.isTextVisible()  # running: the heading says the step, the bar only how far
    dialog.cancel_button.click()
    dialog.finish(False, "Cancelled. Still reading with the shipped model; nothing was written.")
    assert dialog.bar.isTextVisible() and dialog.bar.text() == "Cancelled at step 27 of 40"
    failed = TeachDialog()
    qtbot.addWidget(failed)
    failed.finish(False, "The fine-tune failed: out of memory")
    assert failed.bar.isTextVisible() and failed.bar.text() == "Stopped before step 1"
    assert failed.bar.maximum() > 0 and failed.bar.value() == 0  # not Qt's moving "busy" bar


@pytest.mark.parametrize(("screen", "where"), KEEP_LAYOUTS)
def test_the_keep_dialog_opens_over_its_window_on_the_screen(qtbot, tmp_path, monkeypatch, screen, where) -> None:
    """Ctrl+K with My examples docked beside the views, a 1100×720 window on a 1600×1000 screen (a real window,
    live15): the Keep dialog opened at the screen's left edge, half outside the window; with room under the window
    it opened there, away from the drawing it asks about. It opens over the window, wholly on the screen, clear of
    the drawing and the bars, at each screen size and scale."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, *screen))
    window = open_shipped_window(qtbot, tmp_path, size=(where.width(), where.height()), user_dir=tmp_path / "user")
    window.move(where.topLeft())
    window.teaching.show_dock.trigger()
    until(qtbot, window.teaching.dock.isVisible)
    settled(qtbot, lambda: (window.teaching.dock.width(), window.canvas.width(), window.frameGeometry()))
    draw_digit(window.canvas, "7")
    dialog = window.teaching.keep()
    assert dialog is not None
    frame = QRect(dialog.pos(), dialog.size() + frame_room(dialog))
    area = window.frameGeometry().intersected(QRect(0, 0, *screen))
    assert area.contains(frame), (frame, window.frameGeometry())
    drawing, bars = views_in_order(window)[:2]
    assert not frame.intersects(drawing) and not frame.intersects(bars), (frame, drawing, bars)
    dialog.reject()


def test_a_layout_saved_with_the_drawing_squeezed_comes_back_with_it_given_room(qtbot, tmp_path, monkeypatch) -> None:
    """A layout saved by the code before live15's (My examples at 316 px beside a drawing squeezed to its least,
    150, in an 800-px window) came back so at each start in as wide a window: only a narrower window refitted the
    dock. A drawing at its least beside a wider My examples is no width a user chose: the dock gives way at the
    start, as when the window narrows (at 800×563 in a real window, openbox: 150 beside 316, now 233 beside 226)."""
    settings, width = squeezed_layout_saved(qtbot, tmp_path, monkeypatch)
    settings.setValue(LAYOUT_SIZE_KEY, QSize(width, settings.value(LAYOUT_SIZE_KEY).height()))
    again = shown(qtbot, MainWindow(settings=settings, load_model=False, user_dir=tmp_path / "mine"))
    wide, drawing = settled(qtbot, lambda: (again.teaching.dock.width(), again.canvas.width()))
    assert drawing > again.canvas.minimumWidth() and wide <= drawing, (wide, drawing)


def squeezed_layout_saved(qtbot, tmp_path, monkeypatch, side: Qt.DockWidgetArea | None = None) -> tuple[QSettings, int]:
    """The settings a window of the code before live15's saved with My examples (docked at ``side``, or where it
    opens) squeezing the drawing to its least at 800×560 (316 px beside 150), and the width Qt gives that window back
    at the next start: offscreen, 2 px narrower than it was left (openbox gives it back as it was)."""
    monkeypatch.setattr(QScreen, "availableGeometry", lambda _: QRect(0, 0, 1600, 1000))
    give_way = WindowRoom._examples_give_way
    monkeypatch.setattr(WindowRoom, "_examples_give_way", lambda room: None)  # as the code before live15's
    window = window_without_model(qtbot, tmp_path, size=(1100, 720))
    dock = window.teaching.dock
    window.teaching.show_dock.trigger()
    until(qtbot, dock.isVisible)
    if side is not None:
        window.addDockWidget(side, dock)
    settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    window.resize(800, 560)
    until(qtbot, lambda: window.width() == 800)
    squeezed, least = settled(qtbot, lambda: (dock.width(), window.canvas.width()))
    assert least == window.canvas.minimumWidth() < squeezed  # the layout the old code saved
    window.close()
    monkeypatch.setattr(WindowRoom, "_examples_give_way", give_way)
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    given_back = QWidget()
    given_back.restoreGeometry(settings.value(GEOMETRY_KEY))
    return settings, given_back.width()
