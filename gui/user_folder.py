"""The per-user data folder (kept examples, taught models), and moving them once out of the old nested place.

Qt's ``AppDataLocation`` is "organisation, then application", and both are "RowReader": the examples lived in
``~/.local/share/RowReader/RowReader/examples``, a folder inside a folder of the same name, which a user looking
for them (or the README) had to explain. The folder is ``GenericDataLocation``/RowReader now: one RowReader.
"""

from __future__ import annotations

import contextlib
import errno
import os
from pathlib import Path

from PySide6.QtCore import QStandardPaths

FOLDER = "RowReader"
MOVED = ("examples", "models")  # what the app writes there; anything else in the old folder is not ours


def user_data_dir() -> Path:
    """``~/.local/share/RowReader`` on Linux (``$XDG_DATA_HOME/RowReader``), ``~/Library/Application
    Support/RowReader`` on macOS, ``%LOCALAPPDATA%\\RowReader`` on Windows."""
    generic = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericDataLocation)
    return Path(generic) / FOLDER


def old_user_data_dir() -> Path:
    """Where versions before 1 Dec 2026 kept the examples and taught models (organisation, then application)."""
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def move_old_data(old: Path, new: Path) -> tuple[list[str], list[str]]:
    """Move ``old/examples`` and ``old/models`` to ``new``, each by one rename (atomic: a folder is wholly in one
    place or the other, whatever stops the app), and remove ``old`` if that leaves it empty.

    Nothing is ever overwritten or merged: where ``new`` already has that folder (examples kept since, by this
    version), or the rename fails (another disk, a read-only folder), the old one stays where it is, and the
    second list says so and what to do. Returns (what was moved, what was left), in sentences."""
    moved: list[str] = []
    left: list[str] = []
    if old == new or not old.is_dir():
        return moved, left
    for name in MOVED:
        source, target = old / name, new / name
        if not os.path.lexists(source):
            continue
        with contextlib.suppress(OSError):  # an empty folder there holds nothing to keep: the old one takes its place
            if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
                target.rmdir()
        if os.path.lexists(target):
            if not os.path.lexists(source):  # a second window starting at once: the first one moved it meanwhile
                continue
            how = "Import… (My examples) copies them in." if name == "examples" else "Open model (Ctrl+M) opens them."
            left.append(f"{source} was left where it is: {target} is there too, and they are not merged. {how}")
            continue
        try:
            new.mkdir(parents=True, exist_ok=True)
            os.rename(source, target)  # one made at target meanwhile (another window) is replaced only if empty
        except FileNotFoundError:
            continue  # moved by another window starting at the same time
        except OSError as err:
            why = "it is on another disk" if err.errno == errno.EXDEV else (err.strerror or str(err))
            how = "RowReader uses it where it is" if name == MOVED[0] else "Open model (Ctrl+M) opens them there"
            left.append(f"{source} could not be moved to {target} ({why}): {how}.")
            break  # what is left stays together: the examples stuck, their models stay beside them
        moved.append(name)
    if moved:
        with contextlib.suppress(OSError):
            old.rmdir()  # only if empty: anything else there is the user's
    return moved, left


def folder_in_use(old: Path, new: Path) -> Path:
    """``new``, unless the old examples could not be moved there (a read-only disk): then ``old``, where they are,
    as before. Moving them was refused, and the app showed none of them, nor could Import bring them in."""
    examples = MOVED[0]
    stuck = os.path.lexists(old / examples) and not os.path.lexists(new / examples)
    return old if stuck else new


def moved_path(path: Path, old: Path, new: Path) -> Path:
    """``path`` where :func:`move_old_data` put it, if it was in a moved folder (the model remembered for the next
    start); else ``path`` itself."""
    for name in MOVED:
        try:
            rest = path.relative_to(old / name)
        except ValueError:
            continue
        return new / name / rest
    return path
