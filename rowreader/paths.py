"""Input paths checked once, at the boundary: only regular files are read.

Opening a named pipe blocks until someone writes to it, and a device such as ``/dev/zero`` never ends, so a
path given by a user is checked with ``stat`` before anything opens it. The messages name the path and say
what it is instead, so "not found" is never said of a folder.
"""

from __future__ import annotations

import argparse
import codecs
import hashlib
import io
import os
import stat
import sys
from pathlib import Path


class NotARegularFileError(OSError):
    """The path exists but is a pipe, socket or device: reading it could block forever or never end."""


def _kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def regular_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` as a Path if it names a regular file (symbolic links followed); else a clear ``OSError``.

    ``what`` words the file's role in messages ("checkpoint", "image"). Raises ``FileNotFoundError``,
    ``IsADirectoryError``, :class:`NotARegularFileError`, or ``OSError`` (e.g. permission denied).
    """
    path = Path(path)
    try:
        mode = path.stat().st_mode
    except FileNotFoundError as err:
        raise FileNotFoundError(f"{what} not found: {path}") from err
    except OSError as err:
        raise OSError(f"{path}: cannot read this {what} ({err.strerror or err})") from err
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{path}: is a folder, not a {what}")
    if not stat.S_ISREG(mode):
        raise NotARegularFileError(f"{path}: is {_kind(mode)}, not a regular file")
    return path


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (chunked), as ``sha256sum`` prints it: how checkpoints name the files they used."""
    with Path(path).open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def path_argument(text: str) -> Path:
    """``type=`` of a command-line file or folder: an empty name is refused. ``Path("")`` is the current folder,
    so ``--data-dir "$UNSET"`` downloaded MNIST into wherever the shell stood, ``predict ""`` said ".: is a folder"
    and ``merge … --out ""`` that "." was not a checkpoint."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name (an unset shell variable?)")
    return Path(text)


# C0 controls and DEL as escapes, the common ones as Python writes them.
_CONTROLS = {c: f"\\x{c:02x}" for c in (*range(32), 127)} | {ord("\n"): "\\n", ord("\r"): "\\r", ord("\t"): "\\t"}


def one_line(text: str) -> str:
    """``text`` with its control characters escaped (``\\n``, ``\\x1b``), for output read line by line. A file
    named ``a\\nb.png`` took two lines of ``rowreader predict``'s output (its error, one line by promise, too),
    and a name holding an escape sequence reached the terminal, which obeys it (a new window title, a cleared
    screen)."""
    return text.translate(_CONTROLS)


def _name_bytes_or_escape(err: UnicodeError) -> tuple[str | bytes, int]:
    """stdout's encoding-error handler. A file name that is not UTF-8 (Latin-1 ``été.png``) reaches Python with its
    bytes as surrogates, and printing it was a ``UnicodeEncodeError`` traceback wherever stdout is strict (an
    ``en_US.UTF-8`` desktop): its bytes go out as they are on disk, as ``ls`` writes them to a pipe. A character
    the output's encoding lacks (``PYTHONIOENCODING=ascii``) goes out as a ``\\u`` escape."""
    if not isinstance(err, UnicodeEncodeError):
        raise err
    try:
        return codecs.lookup_error("surrogateescape")(err)
    except UnicodeEncodeError:
        return codecs.backslashreplace_errors(err)


codecs.register_error("rowreader.names", _name_bytes_or_escape)


def print_any_file_name() -> None:
    """Let a command's stdout print every file name it is given (see ``_name_bytes_or_escape``); its mains call it."""
    if isinstance(sys.stdout, io.TextIOWrapper):
        sys.stdout.reconfigure(errors="rowreader.names")
