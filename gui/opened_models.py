"""The models opened from elsewhere, remembered in the app's settings from one start to the next, as a recent-files
list is: each by its whole path and the size and time of change its file had when it was last read. They were
remembered for the session only, and a user who opened their own checkpoint found it gone from the Models menu after
a restart. Nothing is loaded from this list at a start: each is looked at again as the menu shows it, and one moved,
deleted, replaced or changed since is said so there (:func:`change_note`)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QSettings

from gui.settings import read_path, read_text, write_path

OPENED_KEY = "models/opened"  # a settings array: path, stamp
MAX_RECENT_MODELS = 5  # the Models menu stays short: shipped, your newest few, the ones opened last
# "size:mtime_ns", as :func:`write_opened` writes it; a time before 1970 (an archive's dates) is negative
_STAMP = re.compile(r"(\d{1,20}):(-?\d{1,25})")


@dataclass(frozen=True)
class Stamp:
    """What a model file was when it was read: its size and its time of change (ns). A file written again (a training
    run's next epoch, a copy over it) differs in one or both."""

    size: int
    mtime_ns: int


def stamp_of(path: Path) -> Stamp | None:
    """``path``'s stamp now, or None where it cannot be looked at (gone, a folder closed, a name the system refuses)."""
    try:
        info = os.stat(path)
    except (OSError, ValueError):
        return None
    return Stamp(info.st_size, info.st_mtime_ns)


def change_note(path: Path, then: Stamp | None) -> str:
    """The note a remembered model's menu item ends with where its file is not the one read then (written again
    since, by a training run or a copy over it), else "". Unknown where nothing was recorded (a hand-edited list)."""
    now = stamp_of(path)
    if then is None or now is None or now == then:
        return ""
    return " (changed since it was opened)"


MOST_READ = 64  # entries looked at in all: a hand-written size=1000000000 reads the first few


def read_opened(
    settings: QSettings, most: int, wanted: Callable[[Path], bool] = lambda _: True
) -> list[tuple[Path, Stamp | None]]:
    """The remembered models, newest first, at most ``most`` of those ``wanted``: a hand-edited entry that is no path,
    or not from / (``~/m`` is from /), is dropped (see :func:`read_path`), a stamp that does not read is unknown, a
    second entry for one path is dropped. Dropped entries do not count towards ``most``: the first five read, a
    hand-edited list's blank ones dropped, lost the good ones after them."""
    found: list[tuple[Path, Stamp | None]] = []
    count = settings.beginReadArray(OPENED_KEY)
    try:
        for index in range(min(count, MOST_READ)):
            settings.setArrayIndex(index)
            # a path not from / (hand-written: write_opened writes whole ones) named a file by the folder the app
            # was started in, another at each start: passed over, as an entry that is no path is
            text = read_path(settings, "path")
            if not os.path.isabs(text) or not wanted(path := Path(text)):
                continue
            stamp = _STAMP.fullmatch(read_text(settings, "stamp"))
            if all(path != seen for seen, _ in found):
                found.append((path, Stamp(int(stamp[1]), int(stamp[2])) if stamp else None))
            if len(found) == most:
                break
    finally:
        settings.endArray()
    return found


def write_opened(settings: QSettings, opened: list[tuple[Path, Stamp | None]]) -> None:
    """Remember ``opened`` (newest first) in place of the list before; synced at once, as the model in use is
    (a crash after opening one lost it)."""
    settings.remove(OPENED_KEY)
    settings.beginWriteArray(OPENED_KEY, len(opened))
    try:
        for index, (path, stamp) in enumerate(opened):
            settings.setArrayIndex(index)
            write_path(settings, "path", os.path.abspath(path))
            if stamp is not None:
                settings.setValue("stamp", f"{stamp.size}:{stamp.mtime_ns}")
    finally:
        settings.endArray()
    settings.sync()


def changed_since_read(settings: QSettings, path: Path) -> bool:
    """Whether the model ``path``, remembered among those opened, is not the file it was when last read (see
    :func:`change_note`): the start reads the last model used again, and said nothing of one written over since."""
    then = next((stamp for seen, stamp in read_opened(settings, MAX_RECENT_MODELS) if seen == path), None)
    return bool(change_note(path, then))
