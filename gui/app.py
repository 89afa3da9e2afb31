"""The QApplication: its names (where QSettings keeps the settings, the title bar, the desktop entry), its colours,
and how it ends on a stop signal.

Ctrl-C in the terminal the app was started from did nothing while the window was idle (Python runs a signal's handler
only between two of its own bytecodes, and an idle window runs none), then printed "KeyboardInterrupt" from inside an
event filter, and the window stayed. SIGTERM (``kill``, a logout) and SIGHUP (the terminal closed) ended the process
at once, and the window's size, docks, brush, speed and model were not saved. Each signal now wakes the event loop
through a socket (``signal.set_wakeup_fd``), and the window closes as Quit closes it, its settings saved. A second
signal ends the process at once, as it would have before: a close that hangs is not waited on twice.
"""

from __future__ import annotations

import signal
import socket
from collections.abc import Callable, Sequence
from types import FrameType

from PySide6.QtCore import (
    QLocale,
    QMessageLogContext,
    QObject,
    QSocketNotifier,
    Qt,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtWidgets import QApplication, QMainWindow

from gui.qt_quiet import as_qt_writes
from gui.theme import ColorScheme, apply_color_scheme
from rowreader.launch import STOP_SIGNALS, stop_by_signal

ORGANIZATION = "RowReader"
APPLICATION = "RowReader"


def create_app(argv: Sequence[str] = (), color_scheme: ColorScheme = "system") -> QApplication:
    """Return the running QApplication (creating it if needed) with names set, so QSettings has a home."""
    app = QApplication.instance() or QApplication(list(argv) or ["rowreader-gui"])
    assert isinstance(app, QApplication)
    # every pen movement, not the last of those queued: a fast zig-zag drawn while the window was busy lost its
    # corners (Qt merges queued moves into one), the stroke cut straight across them. Set once the app exists: Qt's
    # X11 platform turns the merging on as it starts (QXcbIntegration's constructor): set before, as it was, it
    # changed nothing there, and drawn at 1,000 moves a second 9 of 60 moves reached the canvas, a 0 of 90 a dot
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressHighFrequencyEvents, False)
    QApplication.setAttribute(Qt.ApplicationAttribute.AA_CompressTabletEvents, False)
    app.setOrganizationName(ORGANIZATION)
    app.setApplicationName(APPLICATION)
    app.setApplicationDisplayName("RowReader")
    app.setDesktopFileName("rowreader-gui")
    apply_color_scheme(app, color_scheme)
    # numbers Qt writes (the brush and speed boxes, the teach's "step 5 of 40") as every other number in the window:
    # under LANG=ar_EG.UTF-8 (or fa_IR) they were "Brush ٢٤ px", "Speed ٨ rows/s" beside "100.0%" and "row 28"
    QLocale.setDefault(QLocale(QLocale.Language.English, QLocale.Country.UnitedStates))
    # The QApplication gives the C library the user's locale, and PySide names a keyword's property setter with the C
    # library's toupper, which leaves "i" as it is under Turkish (tr_TR, az_AZ: its capital is İ): under
    # LANG=tr_TR.UTF-8 `QTimer(self, interval=0)` raised "'interval' is not a Qt property or a signal", and the app
    # never started. No keyword argument of a Qt class here names a property beginning with "i" (a test holds them).
    return app


# what Qt's offscreen platform says each time a window's smallest or largest size changes: it cannot pass them on,
# and nothing is wrong with the window
_NO_SIZE_HINTS = "This plugin does not support propagateSizeHints()"


def quiet_offscreen_size_hints() -> None:
    """Keep Qt's offscreen "does not support propagateSizeHints()" off stderr, every other message of Qt's as before.

    The screenshot commands always run offscreen, and `gui.screenshot --size 800x560` printed that line before its
    own "pictured 800×563: no smaller", as if something had failed; the window is pictured all the same."""
    before: Callable[[QtMsgType, QMessageLogContext, str], None] | None = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if message == _NO_SIZE_HINTS:
            return
        if before is not None:
            before(kind, context, message)
        else:  # Qt's own handler, as it would have written it
            as_qt_writes(kind, context, message)

    before = qInstallMessageHandler(handler)


class StopSignals(QObject):
    """While installed, a stop signal closes every window, which ends the app; :attr:`signum` says which came.
    Handlers left ignored (``nohup``, a script's ``&``) or set by someone else are not taken."""

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self.signum: int | None = None
        self._app = app
        self._wake, self._woken = socket.socketpair()
        for end in (self._wake, self._woken):
            end.setblocking(False)
        self._notifier = QSocketNotifier(self._woken.fileno(), QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)  # Python runs, so does the handler of the signal that woke it
        self._previous_fd = signal.set_wakeup_fd(self._wake.fileno())
        self._taken = {s: signal.getsignal(s) for s in STOP_SIGNALS if _pythons_own(s)}
        for signum in self._taken:
            signal.signal(signum, self._stop)

    def _drain(self) -> None:
        try:
            while self._woken.recv(64):
                pass
        except BlockingIOError:
            pass

    def _stop(self, signum: int, frame: FrameType | None) -> None:
        signal.signal(signum, signal.SIG_DFL)  # a second one ends the process, whatever the close is doing
        if self.signum is None:
            self.signum = signum
            QTimer.singleShot(0, self._close)  # from the event loop, not from inside whatever Python was running

    def _close(self) -> None:
        # the main window's closeEvent saves the settings and stops its work; a box open over it (its own event
        # loop) closes too, and the last window closed ends the app (no window of the app refuses to close). The
        # main windows first: a dock in a window of its own, closed before them, was hidden when they saved the
        # layout, and "Inside the LSTM" floated was gone at the next start
        for window in self._app.topLevelWidgets():
            if isinstance(window, QMainWindow) and window.isVisible():
                window.close()
        self._app.closeAllWindows()

    def uninstall(self) -> None:
        """The handlers and the wakeup as they were before."""
        for signum, handler in self._taken.items():
            signal.signal(signum, handler)
        signal.set_wakeup_fd(self._previous_fd)
        self._notifier.setEnabled(False)
        self._wake.close()
        self._woken.close()
        self.deleteLater()


def _pythons_own(signum: int) -> bool:
    """Whether the signal's handler is Python's default (Ctrl-C's KeyboardInterrupt, the system's for the others),
    or the one :func:`rowreader.launch.run_main` sets while the app starts (SIGTERM as Ctrl-C)."""
    return signal.getsignal(signum) in (signal.default_int_handler, signal.SIG_DFL, stop_by_signal)
