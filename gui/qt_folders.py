"""The per-user folders Qt names, where a name it reads is not UTF-8.

Qt reads ``$HOME`` and ``$XDG_*_HOME`` as UTF-8 and puts U+FFFD for each byte that is not: under
``HOME=/home/ren\\xe9`` (a name kept from an older Latin-1 system) the app made ``/home/ren\\xef\\xbf\\xbd`` beside
the home and kept its settings, examples and taught models there, or, where that folder could not be made, saved
nothing without a word. Python keeps such a name's bytes (as lone surrogates), so the folder meant is named here.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from PySide6.QtCore import QStandardPaths

from rowreader.readable import not_utf8, readable

Location = QStandardPaths.StandardLocation
# the variable Qt reads first for each folder the app writes in (else $HOME and the default beneath it), as the XDG
# Base Directory specification has them
VARIABLES = {Location.GenericConfigLocation: "XDG_CONFIG_HOME", Location.GenericDataLocation: "XDG_DATA_HOME"}
DEFAULTS = {Location.GenericConfigLocation: ".config", Location.GenericDataLocation: ".local/share"}


def not_named(location: QStandardPaths.StandardLocation) -> str | None:
    """Why Qt cannot name ``location``, one of :data:`VARIABLES` ("$HOME=/home/rené is not UTF-8", its bytes read as
    Windows-1252), or None where it can. Windows and macOS hand Qt their names as Unicode: never there."""
    if sys.platform in ("win32", "darwin"):
        return None
    name, value = _read_from(location)
    return f"${name}={readable(value)} is not UTF-8" if not_utf8(value) else None


def folder(location: QStandardPaths.StandardLocation) -> Path:
    """``location``'s folder (one of :data:`VARIABLES`): Qt's, or where Qt cannot name it, the same folder as Python
    names it, its bytes kept."""
    if not_named(location) is None:
        return Path(QStandardPaths.writableLocation(location))
    name, value = _read_from(location)
    return Path(value) if name != "HOME" else Path(value, DEFAULTS[location])


def _read_from(location: QStandardPaths.StandardLocation) -> tuple[str, str]:
    """The variable Qt builds ``location`` on, and its value: its own if it holds an absolute path, else $HOME."""
    value = os.environ.get(VARIABLES[location], "")
    return (VARIABLES[location], value) if os.path.isabs(value) else ("HOME", os.environ.get("HOME", ""))
