"""The main window with the shipped model, opened as the GUI tests need it: one definition for their fixtures."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, QSize

from gui.main_window import FIRST_SIZE, MainWindow
from rowreader.checkpoint import pretrained_path


def open_shipped_window(
    qtbot,
    tmp_path: Path,
    size: tuple[int, int] | None = None,
    user_dir: Path | None = None,
    activate: bool = False,
) -> MainWindow:
    """Shown, exposed, the shipped model loaded (not still loading), settings in ``tmp_path``; closed by qtbot."""
    settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    w = MainWindow(checkpoint=pretrained_path(), settings=settings, user_dir=user_dir)
    qtbot.addWidget(w)
    w.resize(QSize(*size) if size is not None else FIRST_SIZE)  # FIRST_SIZE: the offscreen screen is smaller
    w.show()
    qtbot.waitExposed(w)
    if activate:
        w.activateWindow()
    qtbot.waitUntil(lambda: not w.tasks.busy, timeout=20_000)
    assert w.session.checkpoint is not None, w.last_error
    return w
