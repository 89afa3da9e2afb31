"""Pillow's warnings and log messages, and what libtiff writes to stderr itself, kept off stderr while a
picture is read (:func:`pillow_quiet`, :func:`what_libtiff_says`), so that a command's one error line stands alone.
"""

from __future__ import annotations

import contextlib
import logging
import os
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
    """What libtiff says while a TIFF decodes on this thread, added to ``said`` (the last names the damage) instead of
    written to stderr: libtiff writes there itself, so a damaged compressed TIFF put "PackBitsDecode: Not enough data
    for scanline 109." above `predict`'s one error line ("decoder error -2").

    libtiff's error and warning handlers are set once (:func:`_libtiff_told`) and hand each message to the thread
    that made it. Pointing the process's stderr at a file while a TIFF decoded, as was done before, took every
    thread's lines: another thread's were given as the damage, or lost (78 of 184; still a line in 3 of 11 runs of
    200 readings, written just as stderr was pointed back). Where the handlers cannot be set (a Python without
    ctypes, a Pillow whose libtiff is hidden), libtiff writes to stderr as it would anyway and Pillow's words stay."""
    previous = getattr(_LISTENING, "said", None)
    _LISTENING.said = said if _libtiff_handled() else None
    try:
        yield
    finally:
        _LISTENING.said = previous


_LISTENING = threading.local()  # ``said``: the list the thread now decoding a TIFF gathers libtiff's messages in
_HANDLERS: list[object] = []  # libtiff's handlers once set (kept: libtiff calls them for good), or None where not
_SETTING = threading.Lock()


def _libtiff_handled() -> bool:
    """Whether libtiff's messages come to :func:`_libtiff_told`, its handlers set the first time this is asked."""
    with _SETTING:
        if not _HANDLERS:
            _HANDLERS.extend(_set_libtiff_handlers() or [None])
        return _HANDLERS[0] is not None


def _set_libtiff_handlers() -> list[object] | None:
    """libtiff's error and warning handlers pointed at :func:`_libtiff_told` (process-wide, as libtiff keeps them),
    or None where they cannot be: the symbols are looked up through Pillow's own module, so they are those of the
    libtiff that Pillow decodes with (its wheel's copy, or the system's it was built against)."""
    try:
        import ctypes

        from PIL import _imaging

        libtiff, libc = ctypes.CDLL(_imaging.__file__), ctypes.CDLL(None)
        set_error, set_warning, vsnprintf = libtiff.TIFFSetErrorHandler, libtiff.TIFFSetWarningHandler, libc.vsnprintf
    except (ImportError, OSError, AttributeError, TypeError):  # no ctypes, no such library or symbol
        return None
    # a va_list argument is a pointer wherever Pillow's wheels run (x86-64's and ARM64's are passed by reference,
    # others are a char *): handed on as it came, vsnprintf reads the arguments libtiff gave
    vsnprintf.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_char_p, ctypes.c_void_p]
    handler = ctypes.CFUNCTYPE(None, ctypes.c_char_p, ctypes.c_char_p, ctypes.c_void_p)

    def words(module: bytes | None, form: bytes, arguments: int, warning: str = "") -> None:
        text = ctypes.create_string_buffer(1024)
        vsnprintf(text, len(text), form, arguments)
        _libtiff_told(module, warning + text.value.decode("utf-8", "replace"))

    kept = [handler(words), handler(lambda module, form, arguments: words(module, form, arguments, "Warning, "))]
    for setter, kept_one in zip((set_error, set_warning), kept, strict=True):
        setter.argtypes, setter.restype = [handler], ctypes.c_void_p
        setter(kept_one)
    return kept


def _libtiff_told(module: bytes | None, message: str) -> None:
    """A message of libtiff's, for the thread decoding a TIFF inside :func:`what_libtiff_says`; any other thread's
    written to stderr as libtiff's own handler writes it ("<module>: <message>.")."""
    line = (f"{module.decode('utf-8', 'replace')}: " if module else "") + message
    said = getattr(_LISTENING, "said", None)
    if said is not None:
        said.append(line)
        return
    with contextlib.suppress(OSError):  # no stderr: libtiff's own writes would be lost too
        os.write(2, f"{line}.\n".encode())
