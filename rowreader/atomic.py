"""Atomic file writes: readers see the old file or the new one, never half of either (Ctrl-C, full disk)."""

from __future__ import annotations

import contextlib
import errno
import os
import secrets
from collections.abc import Sequence
from pathlib import Path


def _temporary(path: Path) -> Path:
    """The name a write of ``path`` goes through first: hidden, beside it, unique (22 characters longer)."""
    return path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"


def _write_temporary(path: Path, data: bytes) -> Path:
    """``data`` in a new temporary file beside ``path``, flushed to disk; the temporary's path."""
    # Not mkstemp: it makes the file private (0600). An exclusive create with mode 0o666 gets the mode a plain
    # open() would have (the umask applies) without touching the process-wide umask, which threads share.
    tmp = _temporary(path)
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    return tmp


def atomic_write_files(files: Sequence[tuple[str | os.PathLike[str], bytes]]) -> None:
    """Write several files that belong together (a checkpoint and its training state): each goes in full to a
    temporary file first, and only when all are on disk do they replace their predecessors, in the order given.

    A full disk used to strike between two files: the training state of epoch 1 was written, its checkpoint not,
    and ``--resume`` refused for good the run it had just saved. Now a failed write leaves every file as it was.
    An error names the file it was writing (``OSError.filename``), not a temporary nobody knows of.
    """
    written: list[tuple[Path, Path]] = []
    try:
        for name, data in files:
            path = Path(name)
            try:
                written.append((_write_temporary(path, data), path))
            except OSError as err:
                raise OSError(err.errno, err.strerror or str(err), str(path)) from err
        for tmp, path in written:
            try:
                os.replace(tmp, path)
            except OSError as err:
                raise OSError(err.errno, err.strerror or str(err), str(path)) from err
    except BaseException:
        for tmp, _ in written:  # those already renamed are gone: nothing to remove
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place."""
    atomic_write_files([(path, data)])


def check_writable(path: str | os.PathLike[str]) -> None:
    """Fail now, with the reason, if ``path`` could not be written later (before hours of training).

    The probe is a temporary file of the very name a write makes: a name the file system takes but not with the
    22 characters a write adds (a 236-character ``--out``) passed the old, shorter probe and failed after an epoch.
    """
    path = Path(path)
    folder = path.parent
    if path.is_dir():
        raise OSError(f"{path} is a folder, not a file path")
    try:
        folder.mkdir(parents=True, exist_ok=True)
        probe = _temporary(path)
        fd = os.open(probe, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except OSError as err:
        # mkdir's own word for a file where a folder should be is "File exists" or "Not a directory": say which
        blocking = next((p for p in (folder, *folder.parents) if p.exists() and not p.is_dir()), None)
        if blocking is not None:
            raise OSError(f"cannot write {path}: {blocking} is a file, not a folder") from err
        if err.errno == errno.ENAMETOOLONG:
            raise OSError(
                f"cannot write {path}: its name ({len(path.name)} characters) is too long for this file system once "
                "a write's temporary name is made of it (22 more); give a shorter one"
            ) from err
        raise OSError(f"cannot write to {folder}: {err.strerror or err}") from err
    os.close(fd)
    os.unlink(probe)
