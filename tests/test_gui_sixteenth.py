"""The sixteenth round's window defects, each found in a real window (Xvfb + openbox + xdotool) and checked to fail on
the code before its fix."""

from __future__ import annotations

from gui_window import open_shipped_window
from PySide6.QtCore import QEvent, QPoint, QRect
from PySide6.QtGui import QHelpEvent
from PySide6.QtWidgets import QApplication, QToolTip, QWidget

from gui.demo import draw_digit
from gui.plain_text import TIP_CHARS
from gui.screen_room import shown_tip


def tip_for(view: QWidget, at: QPoint) -> QRect:
    """Where the tooltip of ``view`` shows with the pointer resting at ``at`` (view coordinates), on the screen."""
    QApplication.sendEvent(view, QHelpEvent(QEvent.Type.ToolTip, at, view.mapToGlobal(at)))
    tip = shown_tip()
    assert tip is not None, "no tooltip shown"
    return tip.geometry()


def on_screen(view: QWidget, rect: QRect) -> QRect:
    return QRect(view.mapToGlobal(rect.topLeft()), rect.size())


def test_sixteenth_window_a_views_tooltip_lies_beside_what_it_reads_out_not_over_it(qtbot, tmp_path):
    """Pointing at a pixel of "What the model sees" showed its read-out (three lines of up to 90 characters) just
    below the pointer: it hid the picture's rows under the pixel pointed at, and at 200 % on a 1600-px screen,
    moved left for want of room, half the drawing too. The bars' tooltip lay over the bars below the one pointed
    at. Each is narrow now and lies beside its picture or its bars, at the pointer's height."""
    window = open_shipped_window(qtbot, tmp_path)
    draw_digit(window.canvas, "7")
    view = window.input_view
    picture = view.grid_rect().toAlignedRect()
    for at in (picture.center(), picture.topLeft() + QPoint(3, 3), picture.bottomRight() - QPoint(3, 3)):
        tip = tip_for(view, at)
        assert QToolTip.text().startswith("Row "), QToolTip.text()
        assert not tip.intersects(on_screen(view, picture)), (tip, on_screen(view, picture))
        assert tip.top() <= view.mapToGlobal(at).y() <= tip.bottom()  # beside the row pointed at
        QToolTip.hideText()
    bars = window.bars
    tip = tip_for(bars, QPoint(bars.width() // 2, bars.height() // 2))
    assert not tip.intersects(on_screen(bars, bars.rect())), (tip, on_screen(bars, bars.rect()))
    QToolTip.hideText()
    for text in (view.TOOLTIP, bars.TOOLTIP, window.canvas.toolTip()):
        assert max(len(line) for line in text.splitlines()) <= TIP_CHARS, text


def test_sixteenth_window_ctrl_c_in_the_terminal_closes_the_window_as_quit_does(qapp, tmp_path, monkeypatch):
    """Ctrl-C in the terminal `python -m gui` was started from did nothing while the window was idle (Python runs a
    handler only between its own bytecodes), then printed "KeyboardInterrupt" from an event filter, and the window
    stayed; SIGTERM and SIGHUP ended the process without saving the window's settings. The signal now closes the
    window as Quit does (its settings saved), with the status and the line a stopped command gives."""
    import os
    import signal

    import shiboken6
    from PySide6.QtCore import QSettings, QTimer

    import gui.__main__ as gui_main
    from gui.main_window import MainWindow

    for fmt in (QSettings.Format.NativeFormat, QSettings.Format.IniFormat):
        QSettings.setPath(fmt, QSettings.Scope.UserScope, str(tmp_path / "settings"))
    sent: list[int] = []
    hang = QTimer(singleShot=True, interval=120_000)  # bounds a hang: the window that stays is the defect
    hang.timeout.connect(lambda: [w.close() for w in QApplication.topLevelWidgets()])

    def interrupt_when_ready() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if isinstance(w, MainWindow) and w.isVisible()]
        if windows and windows[0].session.checkpoint is not None and not windows[0].tasks.busy:
            sent.append(signal.SIGINT)
            hang.start()
            os.kill(os.getpid(), signal.SIGINT)
        else:
            QTimer.singleShot(20, interrupt_when_ready)

    QTimer.singleShot(0, interrupt_when_ready)
    try:
        code = gui_main.main([])
    finally:  # deleted, not left to the closures' reference cycle with its callback (the sixty-fifth round, soak2)
        shiboken6.delete(hang)
    assert sent == [signal.SIGINT]
    assert code == 130
    assert not any(isinstance(w, MainWindow) and w.isVisible() for w in QApplication.topLevelWidgets())
    saved = [QSettings(str(path), QSettings.Format.IniFormat) for path in (tmp_path / "settings").rglob("*.conf")]
    assert any(s.contains("window/geometry") for s in saved), list((tmp_path / "settings").rglob("*"))
    assert signal.getsignal(signal.SIGINT) is signal.default_int_handler  # put back as it was
    assert signal.getsignal(signal.SIGTERM) == signal.SIG_DFL


def test_sixteenth_window_my_examples_floated_at_200_percent_leaves_the_toolbar_clear(qtbot, tmp_path, monkeypatch):
    """My examples floated by its button at 200 % on a 1600×1000 screen was placed over what the model sees and
    the toolbar's Play, Row and Speed: the dialogs' rule kept the drawing, the bars, the chart and the input in
    sight, in that order, and knew no toolbar. The toolbars come after the chart now: it lies over the input, the
    controls that work it in sight."""
    from gui_window import settled
    from PySide6.QtWidgets import QToolBar
    from test_gui_fifteenth import window_on_a_short_screen

    window, free = window_on_a_short_screen(qtbot, tmp_path, monkeypatch)
    dock = window.teaching.dock
    dock.show()
    settled(qtbot, lambda: dock.geometry().getRect())
    dock.setFloating(True)  # as its button does
    placed = settled(qtbot, lambda: dock.frameGeometry().getRect())
    frame = QRect(*placed)
    assert free.contains(frame)
    bars = [toolbar for toolbar in window.findChildren(QToolBar) if toolbar.isVisible()]
    assert bars
    for view in (window.canvas, window.bars, window.timeline):
        assert not frame.intersects(on_screen(view, view.rect())), (view, frame, on_screen(view, view.rect()))
    for view in bars:  # their buttons: the empty end of a toolbar's row is room (the seventeenth round)
        assert not frame.intersects(on_screen(view, view.childrenRect())), (view, frame)


def test_sixteenth_window_a_frameless_dock_is_placed_by_its_own_size(qtbot):
    """Under X11 a dock in a window of its own has no window manager frame (its title is its own), but was placed
    as if it had a dialog's 48-px title bar: at 200 % on a 1600×1000 screen My examples did not fit the gap below
    the toolbars, and was made its smallest, over them."""
    from PySide6.QtCore import QSize, Qt
    from PySide6.QtWidgets import QDialog, QDockWidget

    from gui.screen_room import FRAME_ROOM, best_place, frame_room

    dock, dialog = QDockWidget("My examples"), QDialog()
    qtbot.addWidget(dock)
    qtbot.addWidget(dialog)
    dock.setWindowFlag(Qt.WindowType.FramelessWindowHint, True)
    assert frame_room(dock) == QSize(0, 0) and frame_room(dialog) == FRAME_ROOM
    screen, window = QRect(0, 0, 800, 500), QRect(0, 0, 800, 500)
    views = [QRect(0, 0, 800, 100), QRect(0, 330, 800, 170)]  # a gap 230 px tall between them
    place = best_place(QSize(150, 200), window, views, screen, frame_room(dock))
    assert not any(QRect(place, QSize(150, 200)).intersects(view) for view in views)


def test_sixteenth_window_a_floating_dock_shown_again_is_placed_beside_the_window(qtbot, tmp_path, monkeypatch):
    """My examples, floating and hidden (saved so at 200 %), shown again from the Teach menu at 100 % came back
    where it had been, over the menu bar, the toolbar and the drawing: only a start and a float placed a dock. It
    is placed as a dock restored floating is: beside the window, where the screen has room."""
    from gui_window import settled, window_without_model
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QScreen

    from gui.screen_room import views_in_order

    free = QRect(0, 0, 1600, 1000)
    monkeypatch.setattr(QScreen, "availableGeometry", lambda screen: free)
    window = window_without_model(qtbot, tmp_path, tmp_path / "user", (1100, 720))
    dock = window.teaching.dock
    dock.show()
    dock.setFloating(True)
    settled(qtbot, lambda: dock.geometry().getRect())
    dock.hide()
    dock.setGeometry(QRect(window.canvas.mapToGlobal(QPoint(20, -60)), QSize(130, 200)))  # a place saved at 200 %
    dock.toggleViewAction().trigger()  # Teach ▸ My examples
    assert dock.isVisible() and dock.isFloating()

    def clear() -> bool:
        return not any(view.intersects(dock.frameGeometry()) for view in views_in_order(window))

    qtbot.waitUntil(clear, timeout=20_000)  # bounds a hang: it is placed at the event loop's next turn
    assert free.contains(dock.frameGeometry())
