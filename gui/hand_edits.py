"""A hand-edited settings file kept before Qt writes over it.

Qt's INI save writes back only what it read: a line without "=" (``rows_per_second 3``), a comment (``; mine``, a
value's ``; note``), an unclosed ``[scan`` and a line that is not UTF-8 (``café`` saved in Latin-1 came back
``caf``) were gone after the first close, without a word. Before the app can write such a file, a copy of it is
kept beside it (``RowReader.conf.hand-edited``, an earlier copy never written over), and the window says so once.
"""

from __future__ import annotations

import os
from pathlib import Path

from rowreader.atomic import NameTaken, atomic_write_files
from rowreader.paths import open_regular_file

HAND_EDITED = ".hand-edited"  # what follows the settings file's name in its copy's
KEPT = "rowreader_hand_edited"  # the QSettings' property: [the copy's path, the first line lost] when one was made
MOST_COPIES = 100  # RowReader.conf.hand-edited, ….hand-edited-2, …: past this, none is made (nor a save)


def lost_lines(data: bytes) -> list[str]:
    """The lines of an INI file's ``data`` that Qt's save does not write back (stripped, as read, in order)."""
    lost = []
    # Qt skips a UTF-8 BOM (an editor's "UTF-8 with BOM"): its first line was called lost, a copy made for nothing
    for raw in data.removeprefix(b"\xef\xbb\xbf").splitlines():
        try:
            line = raw.decode("utf-8").strip()
        except UnicodeDecodeError:  # Qt drops the bytes it cannot read, what is left of the value kept
            lost.append(raw.decode("utf-8", "replace").strip())
            continue
        if line.startswith("["):
            kept = line.endswith("]") and _whole_name(line[1:-1])
        else:
            key, equals, value = line.partition("=")
            # a quote in a key is a format error to Qt; a ";" outside quotes begins a comment; a line ending in
            # one backslash (`folder=C:\`) goes on: Qt reads the next line into its value (`brush=3` was gone)
            kept = not line or (bool(equals) and _whole_name(key) and ";" not in _unquoted(value) and not _goes_on(raw))
        if not kept:
            lost.append(line)
    return lost


def _whole_name(name: str) -> bool:
    """Whether Qt reads ``name`` (a key, a section) as itself: not with a quote, a ";" or "[", and no empty part
    where a backslash (Qt's "/") begins or ends it or doubles."""
    parts = name.strip().replace("\\", "/").split("/")
    return not any(c in name for c in '";[') and (len(parts) == 1 or all(part.strip() for part in parts))


def _goes_on(raw: bytes) -> bool:
    """Whether the line ``raw`` (its end of line taken off, nothing else) ends in an escaping backslash: an odd
    number of them, which Qt's INI reading takes as escaping the line's end, the next line read into this value."""
    return (len(raw) - len(raw.rstrip(b"\\"))) % 2 == 1


def _unquoted(value: str) -> str:
    """``value`` without its double-quoted parts (a ``;`` within quotes is the value's, outside a comment)."""
    return "".join(value.split('"')[::2])


def keep_hand_edits(path: Path) -> tuple[Path, str] | None:
    """Keep a copy of the settings file at ``path`` if it holds lines Qt's save drops: the copy's path and the first
    line lost, or None when nothing is lost (or no such file). A copy of these very bytes kept already (an earlier
    start) is named again, not made twice; another one is never written over (``….hand-edited-2`` then).
    :class:`OSError` when no copy can be made: the caller then saves nothing."""
    if not os.path.isfile(path):  # none yet; a folder, a pipe: Qt saves nothing there (gui.settings says so)
        return None
    with open_regular_file(path) as file:
        data = file.read()
    if not (lost := lost_lines(data)):
        return None
    for number in range(1, MOST_COPIES + 1):
        copy = path.with_name(f"{path.name}{HAND_EDITED}{'' if number == 1 else f'-{number}'}")
        if os.path.lexists(copy):  # a copy, a folder, a link: written over never
            if _holds(copy, data):
                return copy, lost[0]
            continue
        try:
            atomic_write_files([(copy, data)], replace=False)
            return copy, lost[0]
        except NameTaken:  # made in between (a second window): checked again
            if _holds(copy, data):
                return copy, lost[0]
    raise OSError(f"{path.name}{HAND_EDITED} … -{MOST_COPIES} are all taken")


def _holds(path: Path, data: bytes) -> bool:
    """Whether ``path`` is a regular file of exactly ``data``."""
    try:
        with open_regular_file(path) as file:
            return file.read(len(data) + 1) == data
    except (OSError, ValueError):
        return False
