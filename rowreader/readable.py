"""File names as people read them, where a name is not UTF-8.

Such a name (``café.png`` written by an older Latin-1 system, or unpacked from a Windows zip archive) reaches
Python with its odd bytes as lone surrogates (``caf\\udce9.png``), and Qt shows each as U+FFFD: the dock said
"caf�.png", a name no one can tell from ``caf?.png`` or find again. Those bytes are read as Windows-1252 (Latin-1
with the printable characters Windows puts at 0x80–0x9F), the encoding such names almost always come from, so it
says "café.png". Only the text shown changes: every action still takes the file by its real path.
"""

from __future__ import annotations

import codecs
import os

from rowreader.output import one_line


def _as_windows_1252(err: UnicodeError) -> tuple[str, int]:
    """Decoding's error handler: the bytes that are not UTF-8, one character each (Windows-1252, else Latin-1)."""
    if not isinstance(err, UnicodeDecodeError):
        raise err
    odd = err.object[err.start : err.end]
    return "".join(bytes([b]).decode("cp1252", errors="ignore") or chr(b) for b in odd), err.end


codecs.register_error("rowreader.windows-1252", _as_windows_1252)


def readable(text: str) -> str:
    """``text`` (a name, a path, or a line naming files) to be shown: the bytes of a name that is not UTF-8 read as
    Windows-1252, and control characters escaped (:func:`rowreader.output.one_line`), as one line."""
    try:
        raw = text.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:  # a lone surrogate that stands for no byte (from JSON, say): shown as its escape
        return one_line(text.encode("utf-8", "backslashreplace").decode("utf-8"))
    return one_line(raw.decode("utf-8", "rowreader.windows-1252"))


def not_utf8(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` holds bytes that are not UTF-8 (lone surrogates), which no Qt string can hold: handed to Qt (a
    ``QProcess``'s arguments, a setting), such a byte becomes U+FFFD or is dropped, and the name another file's."""
    try:
        os.fspath(path).encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False
