"""Icons and types for Qt's file dialogs, told from file names alone, never from what the files hold.

Qt's own provider tells a file's type by reading its first bytes where its name does not say (``QMimeDatabase``'s
default match), and does so on the window's thread as a folder's listing arrives. A file whose reading never ends
froze the window for good: typing "/proc/" into a Save or Open dialog's name box (its completer lists the folder)
read /proc/kmsg, which waits for the kernel's next message, as root for ever (7 Dec 2026, a real window). Names
are enough for a dialog; the app reads a file only once it is chosen, and then says what it is.
"""

from __future__ import annotations

from PySide6.QtCore import QFileInfo, QMimeDatabase
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QFileIconProvider

_MIME = QMimeDatabase()


class NameOnlyIcons(QFileIconProvider):
    """A file's icon and type from its name (its extension), a folder's and a drive's as Qt gives them."""

    def type(self, info: QFileInfo) -> str:
        if not info.isFile():
            return super().type(info)  # a folder, a drive, a pipe, a link to nothing: Qt reads none of these
        return _MIME.mimeTypeForFile(info, QMimeDatabase.MatchMode.MatchExtension).comment()

    def icon(self, which: QFileInfo | QFileIconProvider.IconType) -> QIcon:
        if not isinstance(which, QFileInfo) or not which.isFile():
            return super().icon(which)
        mime = _MIME.mimeTypeForFile(which, QMimeDatabase.MatchMode.MatchExtension)
        return QIcon.fromTheme(mime.iconName(), super().icon(QFileIconProvider.IconType.File))


_ICONS: list[NameOnlyIcons] = []  # one for every dialog, kept while the app runs (Qt does not own a provider)


def name_only_icons() -> NameOnlyIcons:
    """The one :class:`NameOnlyIcons` every file dialog shares."""
    if not _ICONS:
        _ICONS.append(NameOnlyIcons())
    return _ICONS[0]
