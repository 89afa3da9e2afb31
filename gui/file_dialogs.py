"""File dialogs that start in the folder last chosen in any of them (remembered in the settings)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtWidgets import QFileDialog

from gui.settings import read_text

if TYPE_CHECKING:
    from gui.main_window import MainWindow

CHECKPOINT_FILES = "RowReader checkpoints (*.safetensors);;All files (*)"  # the filters of a file dialog
IMAGE_FILES = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pgm *.ppm *.pbm *.pnm);;All files (*)"
LAST_DIR_KEY = "files/last_dir"


class FileDialogs:
    """Asks for files and folders, and remembers where; ``window.files`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window

    def choose(self, title: str, filters: str) -> str:
        """A file to open, asked for in a dialog that starts in the last folder used; "" if none was chosen."""
        path, _ = QFileDialog.getOpenFileName(self._window, title, self.last_dir(), filters)
        if path:
            self.remember_dir(path)
        return path

    def last_dir(self) -> str:
        return read_text(self._window.settings, LAST_DIR_KEY, str(Path.home()))

    def remember_dir(self, path: str) -> None:
        """The folder of a file just chosen: the next file dialog starts there."""
        self.remember_folder(str(Path(path).parent))

    def remember_folder(self, folder: str) -> None:
        """A folder just chosen (import, export): the next dialog starts in it."""
        window = self._window
        window.settings.setValue(LAST_DIR_KEY, str(folder))
        window.status.check_settings(sync=True)  # a settings folder that became unwritable since the start is said now
        window.status.tell_settings_trouble()
