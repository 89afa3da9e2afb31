"""Pillow's warnings and log messages, and what libtiff writes to stderr itself, kept off stderr while a
picture is read (:func:`pillow_quiet`, :func:`what_libtiff_says`), so that a command's one error line stands alone.
"""

from __future__ import annotations

import logging
import os
import re
import tempfile
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

# warnings.catch_warnings swaps the process's filter list: two threads inside it at once left "ignore every
# warning" in place for good (the app reads examples on worker threads). One reading at a time inside it.
_WARNINGS_LOCK = threading.Lock()


_PILLOW_LOG = logging.getLogger("PIL")


# Found before the last resort: Pillow's records still propagate to a program's own handlers. One, made here: a
# handler made for each picture, half made when Ctrl-C or SIGTERM came (registered, its lock not yet), broke logging's
# shutdown at exit, and `predict` stopped mid-list printed a traceback under its one line.
_PILLOW_QUIET = logging.NullHandler()


@contextmanager
def pillow_quiet() -> Iterator[None]:
    """Pillow's warnings and log messages kept off stderr while a picture is read: it warns from 89 Mpx (our own
    limit decides, with a worded error) and about damaged metadata (EXIF blocks, TIFF tags) whose pixels it reads
    all the same, and it logs some refusals it then raises, so `rowreader predict damaged.tif` printed "More
    samples per pixel than can be decoded: 122" (Python's last-resort log handler) above its own error line. Its
    messages still reach the handlers a program has set up."""
    with _WARNINGS_LOCK, warnings.catch_warnings():  # one picture at a time: the handler is added once
        warnings.simplefilter("ignore")
        _PILLOW_LOG.addHandler(_PILLOW_QUIET)
        try:
            yield
        finally:
            _PILLOW_LOG.removeHandler(_PILLOW_QUIET)


@contextmanager
def what_libtiff_says(said: list[str]) -> Iterator[None]:
    """What libtiff says while a TIFF decodes, kept off stderr: it writes there itself, so a damaged compressed TIFF
    put "PackBitsDecode: Not enough data for scanline 109." above `predict`'s one error line ("decoder error -2"),
    and "JPEGLib: Bogus DAC index 116." above a TIFF it read. File descriptor 2 goes to a temporary file meanwhile;
    its lines are added to ``said`` once the decoding is over (the last names the damage)."""
    try:
        saved = os.dup(2)
    except OSError:  # no stderr (2>&-): nothing reaches one
        yield
        return
    try:
        with tempfile.TemporaryFile() as caught:
            try:  # the dup2 inside: a stop landing as it returned left stderr in the (deleted) file for good, where
                os.dup2(caught.fileno(), 2)  # the command's own "interrupted" line then went
                yield
            finally:
                os.dup2(saved, 2)
                caught.seek(0)
                said += _given_back(caught.read())
    finally:
        os.close(saved)


# What libtiff's own handlers write: "<module>: <message>.", a warning "<module>: Warning, <message>." (its
# TIFFError and TIFFWarning on POSIX), the module a name such as PackBitsDecode or Pillow's "tempfile.tif".
_LIBTIFF_LINE = re.compile(rb"[A-Za-z_][\w.]*: [^\n]*\.\r?\n?")


def _given_back(caught: bytes) -> list[str]:
    """libtiff's lines among what reached stderr while a TIFF decoded, the rest written to stderr as it came: the
    redirection is the process's, so another thread's lines went into the file (78 of a thread's 184 lines, written
    while another read a damaged TIFF 300 times, never reached stderr) and were given as the damage ("a damaged TIFF
    picture (libtiff: writer line 140)")."""
    lines = caught.splitlines(keepends=True)
    others = b"".join(line for line in lines if not _LIBTIFF_LINE.fullmatch(line))
    while others:  # a write may take part of it
        try:
            others = others[os.write(2, others) :]
        except OSError:  # stderr closed or full: they would not have been seen either
            break
    return [line.decode("utf-8", "replace").strip() for line in lines if _LIBTIFF_LINE.fullmatch(line)]
