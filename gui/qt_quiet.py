"""What Qt says while the app reads a picture, kept off stderr (:func:`what_qt_says`): Qt's image readers write their
complaints through Qt's message handler (``qt.svg: cut.svg:1:210: Could not resolve property: missing``, ``libpng
warning: …``, libtiff's ``TIFFReadDirectory: …``), so opening or pasting a damaged SVG put Qt's lines on the
terminal beside the window's one error. :mod:`rowreader.picture_quiet` does the same for Pillow and libtiff.
"""

from __future__ import annotations

import sys
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from PySide6.QtCore import QMessageLogContext, QtMsgType, qFormatLogMessage, qInstallMessageHandler

_LISTENING = threading.local()  # ``said``: the list the thread now reading a picture gathers Qt's messages in
_INSTALLED: list[object] = []  # the handler, once installed (process-wide, as Qt keeps it)
_INSTALLING = threading.Lock()


@contextmanager
def what_qt_says(said: list[str]) -> Iterator[None]:
    """What Qt says on this thread meanwhile, added to ``said`` (the last names the damage) instead of written to
    stderr. The handler is installed once and hands each message to the thread that made it: the app reads pictures
    on worker threads while the window's own thread may have something of its own to say, written as before."""
    with _INSTALLING:
        if not _INSTALLED:
            _INSTALLED.append(_install())
    previous = getattr(_LISTENING, "said", None)
    _LISTENING.said = said
    try:
        yield
    finally:
        _LISTENING.said = previous


def _install() -> Callable[[QtMsgType, QMessageLogContext, str], None]:
    """Qt's message handler pointed at the reading thread's list, every other message handed to the handler before
    it (``gui.app``'s, or Qt's own, as it would have written it)."""
    before: Callable[[QtMsgType, QMessageLogContext, str], None] | None = None

    def handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
        if (said := getattr(_LISTENING, "said", None)) is not None:
            said.append(message)
        elif before is not None:
            before(kind, context, message)
        else:
            sys.stderr.write(qFormatLogMessage(kind, context, message) + "\n")

    before = qInstallMessageHandler(handler)
    return handler
