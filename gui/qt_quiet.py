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
_BEFORE: list[Callable[[QtMsgType, QMessageLogContext, str], None] | None] = [None]  # the handler ours hands on to
_INSTALLING = threading.Lock()


@contextmanager
def what_qt_says(said: list[str]) -> Iterator[None]:
    """What Qt says on this thread meanwhile, added to ``said`` (the last names the damage) instead of written to
    stderr. One handler, process-wide as Qt keeps it, hands each message to the thread that made it: the app reads
    pictures on worker threads while the window's own thread may have something of its own to say, written as
    before. It is put back on top at each reading, should another have been installed over it since (pytest-qt
    swaps its own in and out around each test: the handler installed once was gone after the first)."""
    with _INSTALLING:
        if (before := qInstallMessageHandler(_handler)) is not _handler:
            _BEFORE[0] = before
    previous = getattr(_LISTENING, "said", None)
    _LISTENING.said = said
    try:
        yield
    finally:
        _LISTENING.said = previous


def _handler(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """A message of Qt's, for the thread reading a picture inside :func:`what_qt_says` (a fatal one handed on too:
    Qt ends the process after it); any other thread's handed to the handler before this one (``gui.app``'s, or Qt's
    own, as it would have written it). One installed over ours hands its messages back to ours, which then hands them
    on to it: the second time round, Qt's own way is taken."""
    if (said := getattr(_LISTENING, "said", None)) is not None:
        said.append(message)
        if kind != QtMsgType.QtFatalMsg:  # Qt aborts after a fatal one: kept, it ended the app with not a word why
            return
    before = _BEFORE[0]
    if before is None or getattr(_LISTENING, "handing_on", False):
        as_qt_writes(kind, context, message)
        return
    _LISTENING.handing_on = True
    try:
        before(kind, context, message)
    finally:
        _LISTENING.handing_on = False


def as_qt_writes(kind: QtMsgType, context: QMessageLogContext, message: str) -> None:
    """A message of Qt's as Qt's own handler writes it (a line on stderr, as ``QT_MESSAGE_PATTERN`` shapes it): for
    a handler of the app's with no other before it to hand it on to."""
    sys.stderr.write(qFormatLogMessage(kind, context, message) + "\n")
