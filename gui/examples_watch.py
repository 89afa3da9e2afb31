"""The My examples dock's start-up and upkeep: shown once at the start where examples are kept (then the saved
layout decides), and the examples folder read again when the window is come back to or the folder changes.

A part of :class:`gui.teaching.Teaching`, whose ``__init__`` makes what it uses (declared at the top of
:class:`ExamplesWatch`).
"""

from __future__ import annotations

import os
import time
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject

from gui.settings import read_flag
from rowreader.example_folder import ExampleSet

if TYPE_CHECKING:
    from PySide6.QtCore import QFileSystemWatcher, QTimer
    from PySide6.QtWidgets import QDockWidget

    from gui.examples_dock import ExamplesDock
    from gui.main_window import MainWindow
    from rowreader.example_store import ExampleStore

REREAD_AFTER_S = 3.0  # coming back to the window sooner than this after any reading of the folder reads nothing
SETTLE_MS = 500  # a folder changed outside the app is read this long after its last change (a copy of 3,000 files)
DOCK_SEEN_KEY = "examples/dock_seen"  # settings: the dock has been on screen once (then the saved layout rules)


class ExamplesWatch:
    """The dock shown once, and the examples folder read again as it changes."""

    # What it uses of the Teaching it is a part of, all made in Teaching.__init__ (one place makes them; the parts
    # share them; tests/test_robust_thirtieth_structure.py keeps this list whole):
    window: MainWindow
    store: ExampleStore
    panel: ExamplesDock
    dock: QDockWidget
    _watcher: QFileSystemWatcher  # its changes start the reading (connected there)
    _settled: QTimer  # started by each change: the folder is read once they have stopped for SETTLE_MS
    _changed_folders: set[str]  # changed here: the folders the watcher saw change since they were last read
    preparing: bool  # TeachCommand's: a teach is reading the folder

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """When the window becomes active again, read the examples folder again in the background: pictures
        copied in with a file manager, or kept by a second RowReader window, showed only after Ctrl+T or an
        import. At most every few seconds; thumbnails of unchanged examples are kept. Installed on the window alone
        (``Teaching.__init__``), so every event it sees is the window's."""
        if (
            event.type() == QEvent.Type.WindowActivate
            and not self.preparing
            and time.monotonic() - self.panel.read_started > REREAD_AFTER_S
        ):
            self.panel.load_in_background(self.window.tasks)
        return False

    def _watch(self, _found: ExampleSet) -> None:
        """Watch the examples folder, the folder it is in and its digits' folders as they are now (after each
        reading); where there is no examples folder yet, the nearest folder it will be made in. The folder it is in:
        Qt watches no folder for being renamed, so the examples folder renamed (or moved away) in a shell beside the
        window left the dock showing its 1,027 examples, each gone, until the window was left and come back to."""
        root = self.store.root
        if root.is_dir():
            folders = [root.parent, root, *(path for path in root.glob("*") if path.is_dir())]
        else:
            folders = [next(folder for folder in root.parents if folder.is_dir() or folder == folder.parent)]
        wanted = {os.fspath(folder) for folder in folders}
        watched = set(self._watcher.directories())
        if gone := watched - wanted:
            self._watcher.removePaths(sorted(gone))
        if new := wanted - watched:
            self._watcher.addPaths(sorted(new))

    def _folder_changed(self, folder: str) -> None:
        self._changed_folders.add(folder)
        self._settled.start()

    def _read_changed_folder(self) -> None:
        """The folder changed: read it again, unless Ctrl+T is reading it (which reads what is there), or the
        folders that changed hold what the dock last read there or the app's own keep, delete, undo or move left
        there, which the dock shows already: each of those read all 12,944 examples again (1.1–1.8 s of CPU). The
        folders are compared in the background: a digit's, listed with a stat of each file, held the window 10–40 ms
        half a second after each Delete, undo or move. A comparison that fails reads the folder again."""
        changed, self._changed_folders = self._changed_folders, set()

        def read_if_changed(outside: bool | BaseException) -> None:
            if outside is not False and not self.preparing and not self.window.tasks.stopping.is_set():
                self.panel.load_in_background(self.window.tasks)

        self.window.tasks.run(
            lambda: any(map(self.store.changed_since_known, changed)), read_if_changed, read_if_changed
        )

    def _show_dock_once(self, found: ExampleSet) -> None:
        """At start-up: show the dock if there are examples and it has never been shown (they were copied into the
        folder, or the app ended before it saved its layout). Once seen, the saved layout decides, so a dock the
        user closed stays closed."""
        if not len(found):
            return
        # once: a first reading of 10,000 examples showed the dock only minutes later, at its end
        self.panel.changed.disconnect(self._show_dock_once)
        settings = self.window.settings
        seen = read_flag(settings, DOCK_SEEN_KEY) and settings.contains("window/state")
        if not seen:  # a layout saved since the dock was seen says whether the user closed it
            self.dock.show()

    def _remember_dock_seen(self, visible: bool) -> None:
        if visible:
            self.window.settings.setValue(DOCK_SEEN_KEY, True)
