"""File dialogs that start in the folder last chosen in any of them (remembered in the settings)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from gui.image_io import PICTURE_SUFFIXES
from gui.settings import read_path, write_path
from rowreader.checkpoint import CHECKPOINT_SUFFIX
from rowreader.readable import not_utf8

if TYPE_CHECKING:
    from gui.main_window import MainWindow

CHECKPOINT_FILES = f"RowReader checkpoints (*{CHECKPOINT_SUFFIX});;All files (*)"  # the filters of a file dialog
IMAGE_FILES = f"Images ({' '.join(sorted(f'*{suffix}' for suffix in PICTURE_SUFFIXES))});;All files (*)"
LAST_DIR_KEY = "files/last_dir"
# where the last export went: the Export dialog starts there (else at home), not where any dialog was last (after
# Compare with…, the package's own pretrained/ folder)
EXPORT_DIR_KEY = "files/export_dir"
KERNEL_FOLDERS = (("proc",), ("sys",), ("dev",))  # not started in: their files can block whoever reads them


class FileDialogs:
    """Asks for files and folders, and remembers where; ``window.files`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        for key in (LAST_DIR_KEY, EXPORT_DIR_KEY):  # read at the start, so one no path can be is not saved again
            read_path(window.settings, key)

    def choose(self, title: str, filters: str) -> str:
        """A file to open, asked for in a dialog that starts in the last folder used; "" if none was chosen."""
        path, _ = QFileDialog.getOpenFileName(self._window, title, self.last_dir(), filters)
        if path:
            self.remember_dir(path)
        return path

    def choose_folder(self, title: str, key: str = LAST_DIR_KEY) -> str:
        """A folder, asked for in a dialog that starts in the folder remembered under ``key`` (by default the last
        one any dialog chose); "" if none was chosen. The folder chosen is remembered under ``key`` and as the last
        one chosen."""
        folder = QFileDialog.getExistingDirectory(self._window, title, self.last_dir(key))
        if folder:
            if key != LAST_DIR_KEY:
                write_path(self._window.settings, key, folder)
            self.remember_folder(folder)
        return folder

    def last_dir(self, key: str = LAST_DIR_KEY) -> str:
        """The folder a dialog starts in: the one remembered under ``key`` (the last one chosen), unless it is gone
        or one of the kernel's, else the home folder. Qt's dialog reads each file it lists to pick its icon, and
        /proc/kmsg never ends: after a drawing could not be saved in /proc, the next file dialog froze the window
        for good. One Qt cannot name (see :func:`nameable`) gives way to its nearest folder that it can."""
        home = str(Path.home())
        folder = read_path(self._window.settings, key, home)
        try:
            path = Path(folder)
            usable = path.is_absolute() and path.is_dir() and path.resolve().parts[1:2] not in KERNEL_FOLDERS
        except (OSError, ValueError):  # a name the file system refuses, a NUL in a hand-edited setting
            usable = False
        return nameable(folder if usable else home)

    def remember_dir(self, path: str) -> None:
        """The folder of a file just chosen: the next file dialog starts there."""
        self.remember_folder(str(Path(path).parent))

    def remember_folder(self, folder: str) -> None:
        """A folder just chosen (import, export): the next dialog starts in it."""
        window = self._window
        write_path(window.settings, LAST_DIR_KEY, folder)
        window.status.check_settings(sync=True)  # a settings folder that became unwritable since the start is said now
        window.status.tell_settings_trouble()


def nameable(folder: str) -> str:
    """``folder``, or its nearest parent whose name is UTF-8. Handed a name that is not (a home kept from an older
    Latin-1 system), Qt's dialog took it for a file "ren\ufffd" in the parent, filled its File name box with that,
    and Open then looked for a file that is not there."""
    path = Path(folder)
    return str(next((p for p in (path, *path.parents) if not not_utf8(p)), path))
