"""Everything "teach it your handwriting" adds to the window, hooked up: keep examples (Ctrl+K), the dock, import and
export them, teach (Ctrl+T), the Models menu.

One object owns these so the main window only creates it and hands it the close event; the window's actions ask it
first on Esc (stopping a teach still reading the examples) and Ctrl+Z (taking back a keep still being written).
Files live in the per-user data folder (:func:`gui.user_folder.user_data_dir`): ``examples/<digit>/*.png`` and
``models/mine-*.safetensors`` (:mod:`gui.taught_models`). The Models menu is :class:`gui.models_menu.ModelsMenu`.

This module makes the object: its state, the dock, the Teach menu and the Models menu, and what a crashed teach
left, told at the start. Each job's methods are in a module of their own, read in this order:
:mod:`gui.keeping` (Ctrl+K, an example opened from the dock), :mod:`gui.example_transfer` (import and export),
:mod:`gui.teach_command` (Ctrl+T, start to end), :mod:`gui.teach_switch` (the teach dialog's two models) and
:mod:`gui.examples_watch` (the dock shown once, the folder read again as it changes). Each declares at the top of
its class what of the state made here it uses, and which part changes it.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import IO, TYPE_CHECKING

from PySide6.QtCore import QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QMenu, QMessageBox

from gui.dock_size import DockSizeKeeper
from gui.example_transfer import ExampleTransfer, note_cut_short, say_noted, teach_cut_short_words
from gui.examples_dock import EXPORT_WORDS, IMPORT_WORDS, ExamplesDock
from gui.examples_watch import SETTLE_MS, ExamplesWatch
from gui.focus_chain import ChainedDock
from gui.keep_dialog import KeepExampleDialog
from gui.keeping import Keeping, LastKeep
from gui.latest_request import LatestRequest
from gui.models_menu import ModelsMenu
from gui.screen_room import plain_box, say_at_start
from gui.taught_models import models_dir, sweep_models_folder
from gui.teach import TeachDialog
from gui.teach_command import AsRead, TeachCommand
from gui.teach_process import TeachProcess
from gui.teach_record import TeachRecord, UnfinishedTeaches
from gui.teach_switch import TeachSwitch
from gui.user_folder import EXAMPLES_FOLDER, folder_in_use, move_old_folder, old_user_data_dir, user_data_dir
from rowreader.example_folder import ExampleSet
from rowreader.example_store import ExampleStore

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Teaching(Keeping, ExampleTransfer, TeachCommand, TeachSwitch, ExamplesWatch, QObject):
    """Keep as example (Ctrl+K), the "My examples" dock, Teach it my handwriting (Ctrl+T), and the Models menu: made
    here, each job's methods in its own module (above)."""

    _import_read = Signal(
        object, str, int, int
    )  # (folder, "read" or examples.COPIED, how many, in all): the import's thread
    _export_written = Signal(object, int, int)  # (folder, how many, in all): the export's thread

    def __init__(self, window: MainWindow, user_dir: Path | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.moved_box: QMessageBox | None = None  # what moving an older version's folder did, said once
        if user_dir is None:  # the user's own folder: first out of the old nested one, if it is there
            old, user_dir = old_user_data_dir(), user_data_dir()
            self.moved_box = move_old_folder(window, old, user_dir)
            user_dir = folder_in_use(old, user_dir)
        self.user_dir = user_dir
        sweep_models_folder(user_dir)
        # the teaches a crash cut short: their notes held until the box saying so is closed (see _say_unfinished_teach)
        self.unfinished = UnfinishedTeaches(models_dir(self.user_dir))
        self.unfinished_box = self._say_unfinished_teach()
        self.record: TeachRecord | None = None  # the note of the teach running now (see gui.teach_record)
        self.store = ExampleStore(self.user_dir / EXAMPLES_FOLDER, index=True)
        self.teach_args: list[str] = []  # extra flags for the fine-tune (tests use tiny settings)
        self.process: TeachProcess | None = None
        self.preparing = False  # Ctrl+T pressed, the examples folder being read before the fine-tune starts
        self._teach_asked = 0  # each Ctrl+T counted: the reading answers the last (TeachCommand._start_if_wanted)
        # each import's and each export's running now, its stop (Stop importing, Stop exporting: ExampleTransfer)
        self.transfer_stops: dict[str, list[threading.Event]] = {"import": [], "export": []}
        self._stopped_at: dict[str, float] = {}
        self._unended: dict[object, Callable[[], None]] = {}  # each transfer's (keep's) note if the close gives up
        self._saying: dict[str, IO[str] | None] = {}  # the claim on saying each cut-short note (ExampleTransfer)
        self.dialog: TeachDialog | None = None
        self.keep_dialog: KeepExampleDialog | None = None  # the Keep question, while it is asked
        self.last_keep: LastKeep | None = None  # the drawing kept last: Ctrl+K and a digit typed twice kept it twice
        self.keeping = 0  # keeps still being written (their undo steps not pushed yet)
        self._take_back = False  # Ctrl+Z pressed meanwhile: the keep is taken back once written (see take_back_keep)
        self._said_of_drawing = ""  # Ctrl+K's last word on the drawing shown, taken back as it changes (Keeping)
        self.previous_model: Path | None = None
        self.taught_model: Path | None = None  # the last teach's result, while its dialog can switch to and fro
        self.pair_sha: dict[Path, str] = {}  # the files of those two as they were (see _keep_digest)
        self._digests: dict[tuple[int, ...], str] = {}  # file_sha256 by the file's stat (see _digest)
        self._example_asked = LatestRequest()  # the example opened last is shown, not one decoded slower before it
        window.canvas.stroke_started.connect(self._example_asked.supersede)  # a stroke begun is not drawn over

        self.panel = ExamplesDock(self.store, window.canvas.undo_stack)
        self.dock = ChainedDock("My examples", window)
        self.dock.setObjectName("examples_dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # until the first example is kept (or View ▸ My examples); the window stays as it was
        DockSizeKeeper(window, self.dock)  # its width back when a narrowed window grows again (the dock's child)
        self.panel.view.open_requested.connect(self.open_example)
        self.panel.import_button.clicked.connect(self.choose_import)
        self.panel.export_button.clicked.connect(self.choose_export)
        self.panel.teach_button.clicked.connect(self.teach)
        self.panel.failed.connect(window.report_error)
        # the examples the running fine-tune read (once it has), where they were and how they are named: one gone at
        # its end was learnt from all the same
        self.taught_from: list[tuple[Path, str]] = []
        self._found_for_teach: ExampleSet | None = None  # what Ctrl+T found, until the fine-tune says it has read it
        self._noting = threading.Event()  # set once taught_from is noted, in the background: none to note yet
        self._noting.set()
        self._not_noted: list[str] = []  # why what a teach read could not be noted, if it could not
        self._found_named: list[tuple[Path, str]] = []  # every example a teach found as it began, named
        # each example there once the fine-tune had read it: its size, its time and its picture (TeachCommand)
        self._as_read: dict[Path, AsRead] = {}
        self.panel.said.connect(window.say)

        self.keep_action = self._action("&Keep as example…", "Ctrl+K", "Keep the drawing, with its digit", self.keep)
        self.teach_action = self._action(
            "&Teach it my handwriting…", "Ctrl+T", "Fine-tune the model on your examples", self.teach
        )
        self.panel.teach_button.setToolTip(self.teach_action.toolTip())
        panel = self.panel
        self.import_action = self._action(IMPORT_WORDS[0][0], None, panel.import_button.toolTip(), self.choose_import)
        self.export_action = self._action(EXPORT_WORDS[0][0], None, panel.export_button.toolTip(), self.choose_export)
        self.show_dock = self.dock.toggleViewAction()
        self.show_dock.setText("My &examples")
        self.show_dock.setToolTip("Show or hide your kept examples")
        menu = QMenu("&Teach", window)
        menu.setToolTipsVisible(True)
        for act in (self.keep_action, self.teach_action, None, self.import_action, self.export_action, None):
            menu.addSeparator() if act is None else menu.addAction(act)
        menu.addAction(self.show_dock)
        self.models_menu = ModelsMenu(window, self.user_dir)
        bar = window.menuBar()
        before = bar.actions()[-1] if bar.actions() else None  # keep Help last
        bar.insertMenu(before, menu)
        bar.insertMenu(before, self.models_menu)
        window.session.subscribe(self._on_session)
        self.dock.visibilityChanged.connect(self._remember_dock_seen)
        window.canvas.changed.connect(self._drawing_changed)
        self.panel.changed.connect(self._show_dock_once)  # as soon as examples are found, not when all are
        self.panel.load_in_background(window.tasks)
        window.installEventFilter(self)  # coming back to the window reads the folder again (see eventFilter)
        # and so does a change in it while the window is active: a 7/ made, or pictures copied in, with a file
        # manager beside the window showed only after the window was left and come back to
        self._import_read.connect(self._say_import_read)
        self._export_written.connect(self._say_export_written)
        self._watcher = QFileSystemWatcher(self)
        self._settled = QTimer(self, singleShot=True)
        self._settled.setInterval(SETTLE_MS)  # not interval=: see gui.app.create_app
        self._changed_folders: set[str] = set()  # what the watcher saw change since the folder was last read
        self._watcher.directoryChanged.connect(self._folder_changed)
        self._settled.timeout.connect(self._read_changed_folder)
        self.panel.changed.connect(self._watch)

    def _say_unfinished_teach(self) -> QMessageBox | None:
        """Once, at the start after a crash mid-teach: that it did not finish, what it wrote, and that the examples
        are intact (the start said nothing of it, and the user wondered whether either had come through)."""
        if not self.unfinished.messages:
            return None
        title = "The last teaching did not finish"
        box = plain_box(QMessageBox.Icon.Information, title, "\n\n".join(self.unfinished.messages), self.window)
        say_at_start(box, self.window, self.unfinished.said)  # a window closed first leaves it to the next start
        return box

    def _action(self, text: str, key: str | None, tip: str, slot) -> QAction:
        act = QAction(text, self.window)
        if key:
            act.setShortcut(QKeySequence(key))
            tip = f"{tip} ({key})"
        act.setToolTip(tip)
        act.setStatusTip(tip)
        act.triggered.connect(lambda *_: slot())
        self.window.addAction(act)
        self.window.actions_.all.append(act)  # listed in the F1 shortcut table
        return act

    def shutdown(self) -> None:
        """At close: a running fine-tune is cancelled and waited for, so no orphan process stays behind. Its
        dialog goes first, as the window does: it stayed on screen, frozen, for as long as the wait. The folder is
        no longer watched: no reading starts after the window's tasks are stopped."""
        self._settled.stop()
        self._watcher.blockSignals(True)
        self.let_go_of_notes()
        self.unfinished.let_go()
        if self.dialog is not None:
            self.dialog.hide()
        # a teach the close cuts short: said, as an import's is (it said nothing); not one whose model is written,
        # nor one Esc or Cancel stopped a moment before (still stopping), which the next start called cut short.
        # Its lines read first: one ended taught in that instant, "done" unread, was said cut short, its model kept.
        # And one Ctrl+T had begun, its examples still being read: Ctrl+T, then Ctrl+Q, said nothing, where a
        # moment later (its process started) the same two keys said it was cancelled, here and at the next start
        process = self.process
        if process is not None:
            process.process.waitForReadyRead(0)
        if process is not None and process.running and not process.run.written and not process.cancelled:
            words = teach_cut_short_words(process.run.step, process.run.steps)
        else:
            words = teach_cut_short_words(0, 0) if self.preparing else ""
        if words:
            say_noted(words)
            note_cut_short(self.user_dir, "teach", words)
        if process is not None:
            process.wait()
