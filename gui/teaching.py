"""Everything "teach it your handwriting" adds to the window: keep examples (Ctrl+K), the dock, import and export
them, teach (Ctrl+T), the Models menu.

One object owns these so the main window only creates it and hands it the close event; the window's actions ask it
first on Esc (stopping a teach still reading the examples) and Ctrl+Z (taking back a keep still being written).
Files live in the per-user data folder (:func:`gui.user_folder.user_data_dir`): ``examples/<digit>/*.png`` and
``models/mine-*.safetensors`` (:mod:`gui.taught_models`). The Models menu is :class:`gui.models_menu.ModelsMenu`.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QEvent, QFileSystemWatcher, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import QDockWidget, QFileDialog, QMenu, QMessageBox

from gui.dock_size import DockSizeKeeper
from gui.examples_dock import ExamplesDock
from gui.image_io import Picture, load_picture_file
from gui.keep_dialog import KeepExampleDialog
from gui.latest_request import LatestRequest
from gui.model_names import model_name
from gui.models_menu import ModelsMenu, unreadable_why
from gui.screen_room import place_dialog
from gui.skipped_files import skipped_kinds
from gui.status_line import MESSAGE_MS
from gui.taught_models import models_dir, new_model_path, sweep_models_folder
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from gui.teach_record import TeachRecord, unfinished_teaches
from gui.user_folder import EXAMPLES_FOLDER, folder_in_use, move_old_folder, old_user_data_dir, user_data_dir
from gui.workers import PROGRESS_MS
from rowreader.atomic import check_writable
from rowreader.checkpoint import (
    Checkpoint,
    CheckpointError,
    file_holds,
    read_config,
    read_metadata,
)
from rowreader.examples import Example, ExamplesError, ExampleSet, ExampleStore, PenStroke, a_digit
from rowreader.model import ROWS
from rowreader.paths import file_sha256
from rowreader.picture import not_one_digit
from rowreader.preprocess import normalise
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.main_window import MainWindow

REREAD_AFTER_S = 3.0  # coming back to the window sooner than this after any reading of the folder reads nothing
SETTLE_MS = 500  # a folder changed outside the app is read this long after its last change (a copy of 3,000 files)
DOCK_SEEN_KEY = "examples/dock_seen"  # settings: the dock has been on screen once (then the saved layout rules)
REPLACED = "was replaced (its file holds another model now)"  # said of one of the last teach's two models


def _picture_of(example: Example) -> Picture | np.ndarray:
    """The example's file, crisp, as Open shows it (its 28×28 blown up to blocks was shown), the same input read;
    its 28×28 as the dock holds it where the file changed since (PictureError is a ValueError)."""
    try:
        return load_picture_file(example.path)
    except (OSError, ValueError):
        return example.image


NOT_KEPT = "nothing was written (Ctrl+S saves the drawing)."


def mend_blocking(blocked: str, then: str, nothing: str) -> str:
    """``blocked`` (:meth:`ExampleStore.blocked`'s words) and what to do about it: a file in the way is moved, and
    ``then`` follows; a variable that names no folder (``$XDG_DATA_HOME=/dev/null is a device, not a folder``) is set
    anew, which the app reads as it starts, and ``nothing`` says what was left undone. "Move or rename it" sent the
    user to move /dev/null."""
    if blocked.startswith("$"):
        return f"{blocked}. Set {blocked.partition('=')[0]} to a folder or unset it, and start the app again: {nothing}"
    return f"{blocked}. Move or rename it{then}"


@dataclass
class LastKeep:
    """The drawing last kept (its pixels), as which digit, and its file once written; forgotten once the canvas
    changes."""

    drawing: bytes
    digit: int
    path: Path | None = None

    def kept_already(self, drawing: np.ndarray) -> str | None:
        """What to say when ``drawing`` is this one, still kept (or being written); None when it may be kept."""
        if drawing.tobytes() != self.drawing or (self.path is not None and not self.path.exists()):
            return None  # another drawing, or this one taken back (Ctrl+Z), deleted or moved: it keeps again
        return f"This drawing is kept already, as {a_digit(self.digit)}: Ctrl+Z takes it back (then keep it anew)"


class Teaching(QObject):
    """Keep as example (Ctrl+K), the "My examples" dock, Teach it my handwriting (Ctrl+T), and the Models menu."""

    _import_read = Signal(
        object, str, int, int
    )  # (folder, "read" or examples.COPIED, how many, in all): the import's thread

    def __init__(self, window: MainWindow, user_dir: Path | None = None, teach_args: list[str] | None = None) -> None:
        super().__init__(window)
        self.window = window
        self.moved_box: QMessageBox | None = None  # what moving an older version's folder did, said once
        if user_dir is None:  # the user's own folder: first out of the old nested one, if it is there
            old, user_dir = old_user_data_dir(), user_data_dir()
            self.moved_box = move_old_folder(window, old, user_dir)
            user_dir = folder_in_use(old, user_dir)
        self.user_dir = user_dir
        sweep_models_folder(user_dir)
        self.unfinished_box = self._say_unfinished_teach()
        self.record: TeachRecord | None = None  # the note of the teach running now (see gui.teach_record)
        self.store = ExampleStore(self.user_dir / EXAMPLES_FOLDER, index=True)
        self.teach_args = teach_args or []  # extra flags for the fine-tune (tests use tiny settings)
        self.process: TeachProcess | None = None
        self.preparing = False  # Ctrl+T pressed, the examples folder being read before the fine-tune starts
        self.importing = 0  # imports still copying: a teach started meanwhile learnt from part of them
        self.dialog: TeachDialog | None = None
        self.keep_dialog: KeepExampleDialog | None = None  # the Keep question, while it is asked
        self.last_keep: LastKeep | None = None  # the drawing kept last: Ctrl+K and a digit typed twice kept it twice
        self.keeping = 0  # keeps still being written (their undo steps not pushed yet)
        self._take_back = False  # Ctrl+Z pressed meanwhile: the keep is taken back once written (see take_back_keep)
        self.previous_model: Path | None = None
        self.taught_model: Path | None = None  # the last teach's result, while its dialog can switch to and fro
        self.pair_sha: dict[Path, str] = {}  # the files of those two as they were (see _keep_digest)
        self._digests: dict[tuple[int, ...], str] = {}  # file_sha256 by the file's stat (see _digest)
        self._example_asked = LatestRequest()  # the example opened last is shown, not one decoded slower before it
        window.canvas.stroke_started.connect(self._example_asked.supersede)  # a stroke begun is not drawn over

        self.panel = ExamplesDock(self.store, window.canvas.undo_stack)
        self.dock = QDockWidget("My examples", window)
        self.dock.setObjectName("examples_dock")
        self.dock.setWidget(self.panel)
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, self.dock)
        self.dock.hide()  # until the first example is kept (or View ▸ My examples); the window stays as it was
        self.dock_size = DockSizeKeeper(window, self.dock)  # its width back when a narrowed window grows again
        self.panel.view.open_requested.connect(self.open_example)
        self.panel.import_button.clicked.connect(self.choose_import)
        self.panel.export_button.clicked.connect(self.choose_export)
        self.panel.teach_button.clicked.connect(self.teach)
        self.panel.failed.connect(window.report_error)
        # the examples the running fine-tune read (once it has), where they were and how they are named: one gone at
        # its end was learnt from all the same
        self.taught_from: list[tuple[Path, str]] = []
        self._found_for_teach: ExampleSet | None = None  # what Ctrl+T found, until the fine-tune says it has read it
        self.panel.said.connect(window.say)

        self.keep_action = self._action("&Keep as example…", "Ctrl+K", "Keep the drawing, with its digit", self.keep)
        self.teach_action = self._action(
            "&Teach it my handwriting…", "Ctrl+T", "Fine-tune the model on your examples", self.teach
        )
        self.panel.teach_button.setToolTip(self.teach_action.toolTip())
        panel = self.panel
        self.import_action = self._action("&Import examples…", None, panel.import_button.toolTip(), self.choose_import)
        self.export_action = self._action("E&xport examples…", None, panel.export_button.toolTip(), self.choose_export)
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
        self._watcher = QFileSystemWatcher(self)
        self._settled = QTimer(self, singleShot=True, interval=SETTLE_MS)
        self._watcher.directoryChanged.connect(lambda _: self._settled.start())
        self._settled.timeout.connect(self._read_changed_folder)
        self.panel.changed.connect(self._watch)

    def _say_unfinished_teach(self) -> QMessageBox | None:
        """Once, at the start after a crash mid-teach: that it did not finish, what it wrote, and that the examples
        are intact (the start said nothing of it, and the user wondered whether either had come through)."""
        messages = unfinished_teaches(models_dir(self.user_dir))
        if not messages:
            return None
        title = "The last teaching did not finish"
        box = QMessageBox(
            QMessageBox.Icon.Information, title, "\n\n".join(messages), QMessageBox.StandardButton.Ok, self.window
        )
        box.setTextFormat(Qt.TextFormat.PlainText)  # it names models
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        QTimer.singleShot(0, box.open)  # once the window is on screen: at start-up it is not shown yet
        return box

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """When the window becomes active again, read the examples folder again in the background: pictures
        copied in with a file manager, or kept by a second RowReader window, showed only after Ctrl+T or an
        import. At most every few seconds; thumbnails of unchanged examples are kept."""
        if (
            watched is self.window
            and event.type() == QEvent.Type.WindowActivate
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

    def _read_changed_folder(self) -> None:
        """The folder changed: read it again, unless Ctrl+T is reading it (which reads what is there)."""
        if not self.preparing and not self.window.tasks.stopping.is_set():
            self.panel.load_in_background(self.window.tasks)

    def _show_dock_once(self, found: ExampleSet) -> None:
        """At start-up: show the dock if there are examples and it has never been shown (they were copied into the
        folder, or the app ended before it saved its layout). Once seen, the saved layout decides, so a dock the
        user closed stays closed."""
        if not len(found):
            return
        # once: a first reading of 10,000 examples showed the dock only minutes later, at its end
        self.panel.changed.disconnect(self._show_dock_once)
        settings = self.window.settings
        seen = settings.value(DOCK_SEEN_KEY, False, type=bool) and settings.contains("window/state")
        if not seen:  # a layout saved since the dock was seen says whether the user closed it
            self.dock.show()

    def _remember_dock_seen(self, visible: bool) -> None:
        if visible:
            self.window.settings.setValue(DOCK_SEEN_KEY, True)

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

    # ---- examples ------------------------------------------------------------------------------------------

    def keep(self, label: int | None = None) -> KeepExampleDialog | None:
        """Ctrl+K: ask which digit the drawing is (the model's guess preselected), then keep it."""
        if self.keep_dialog is not None:  # Ctrl+K twice: one question
            self.keep_dialog.raise_()
            self.keep_dialog.activateWindow()
            return self.keep_dialog
        canvas = self.window.canvas
        if canvas.is_empty():
            self.window.say("Draw a digit first, then keep it as an example")
            return None
        if self.window.session.too_small:  # asked for its digit, then refused it as "empty"
            self.window.say("Too small to be a digit: draw it larger, then keep it")
            return None
        kept = "keep the drawing again (Ctrl+K): it is still here, and nothing was written."
        if (blocked := self.store.blocked()) is not None:  # before asking which digit it is
            self.window.report_error("Could not keep the example", mend_blocking(blocked, f", then {kept}", NOT_KEPT))
            return None
        drawing = 255 - canvas.render_ink()  # dark ink on white, the canvas as drawn
        read = normalise(drawing, ink="dark")  # the input the example will give the reader
        why = not_one_digit(read, "an example is one digit; clear it (Esc)")
        if why is not None:  # asked for its digit, then refused (store.add)
            self.window.say(f"Not kept: {why}")
            return None
        if self.last_keep is not None and (said := self.last_keep.kept_already(drawing)) is not None:
            self.window.say(said, 8000)
            return None
        strokes = tuple(PenStroke(tuple(s.points), float(s.width)) for s in canvas.content.strokes)

        def failed(digit: int, err: BaseException) -> None:
            self._keep_done()
            self.last_keep = None  # nothing was written: the drawing may be kept again
            blocked = self.store.blocked((digit,))
            # "cannot write to …/1: Read-only file system, then keep the drawing again": the advice hung on the reason
            mend = f"{str(err).rstrip('.')}. Once that is mended, {kept}"
            mend = mend_blocking(blocked, f", then {kept}", NOT_KEPT) if blocked is not None else mend
            self.window.report_error("Could not keep the example", mend)

        def save(digit: int) -> None:
            # an example opened from the dock (double-click) and kept again was kept twice, unsaid: counted twice in
            # the dock and taught twice as often as the others
            same = self.panel.kept_already(read.image, digit)
            if same is not None and same.path.is_file():  # deleted outside the app since the dock read it: keep it
                where = f"{digit}/{readable(same.path.name)}"
                self.window.say(f"Not kept: this drawing is kept already, as {a_digit(digit)} ({where})", 8000)
                return
            self.last_keep = keeping = LastKeep(drawing.tobytes(), digit)

            def written(example) -> None:
                keeping.path = example.path
                self._kept(example)
                if self._keep_done():
                    self.panel.undo_stack.undo()

            self.keeping += 1
            self.window.tasks.run(
                lambda: self.store.add(digit, drawing, strokes),
                written,
                lambda err: failed(digit, err),
            )

        if label is not None:
            save(label)
            return None
        session = self.window.session
        # a digit whose true label is known (an MNIST test digit, an opened example) is offered as that label:
        # the model's guess was preselected, and Enter kept a misread digit under the wrong one
        dialog = KeepExampleDialog(self._whole_reading(), save, self.window, known=session.label)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        place_dialog(dialog, self.window)  # clear of the drawing it asks about (Qt centred it over the bars)
        # it no longer blocks the window (see KeepExampleDialog.open): the drawing changed, the question goes with
        # it; Ctrl+K again asks it once
        canvas.changed.connect(dialog.withdraw)
        dialog.withdrawn.connect(
            lambda: self.window.say("Not kept: the drawing changed while its digit was asked; Ctrl+K asks again", 8000)
        )
        dialog.finished.connect(lambda *_: setattr(self, "keep_dialog", None))
        self.keep_dialog = dialog
        dialog.open()
        return dialog

    def take_back_keep(self) -> bool:
        """Ctrl+Z while a keep is still being written: its undo step is not on the stack yet, so Undo took back the
        drawing's last stroke instead, and the keep, landing after, dropped that stroke's Redo for good and stayed.
        The keep is taken back once written (further presses wait for it). False when no keep is being written."""
        if not self.keeping:
            return False
        if not self._take_back:
            self._take_back = True
            self.window.say("Taking back the example being kept…")
        return True

    def _keep_done(self) -> bool:
        """A keep was written or failed; whether the last one was, with Ctrl+Z pressed meanwhile (then undo it)."""
        self.keeping -= 1
        if self.keeping:
            return False
        take_back, self._take_back = self._take_back, False
        return take_back

    def _drawing_changed(self) -> None:
        self.last_keep = None  # drawn on, cleared or replaced: whatever is there now is a new drawing, even if alike

    def _whole_reading(self) -> int | None:
        """The model's answer after all 28 rows, whatever row the window is paused at: the guess offered was
        the belief after the row shown (10 % noise at row 2, nothing at all before the first row)."""
        session = self.window.session
        if session.checkpoint is None or session.image is None:
            return None
        if session.position < ROWS:  # read the whole input with the same model, leaving the window's reading be
            return session.checkpoint.stream().feed_image(session.image)[-1].top
        return session.current.top if session.current is not None else None

    def _kept(self, example) -> None:
        self.dock.show()  # first: the row of the new example is scrolled into a laid-out view
        self.panel.kept(example)  # undoable: Ctrl+Z after a wrong digit key deletes it again; says it is kept

    def open_example(self, example) -> None:
        """Show an example in the canvas; the keys go back to the reading there (the arrows step through its
        rows, as after opening any picture, rather than moving on to the next thumbnail).

        Its file is decoded on a worker: on the UI thread an imported 8,000² scan held the window 1.9 s. It is shown
        only if nothing was drawn, opened or cleared meanwhile (the canvas's content is replaced by every edit) and
        no other example was asked for since."""
        if not example.path.is_file():  # deleted or moved outside the app: it opened from the dock's memory
            where = f"{example.label}/{readable(example.path.name)}"
            self.window.say(f"{where} was deleted or moved outside RowReader: the dock now shows what is there")
            self.panel.load_in_background(self.window.tasks)
            return
        ticket, before, canvas = self._example_asked.ask(), self.window.canvas.content, self.window.canvas

        def show(picture: Picture | np.ndarray) -> None:
            if self._example_asked.is_latest(ticket) and canvas.content is before:
                self.window.pictures.use(picture, f"example {example.label}/{readable(example.name)}", example.label)

        self.window.tasks.run(lambda: _picture_of(example), show, lambda err: show(example.image))
        canvas.setFocus()

    def _choose_folder(self, title: str) -> Path | None:
        """A folder dialog that starts where the last file or folder was chosen (it started in the working folder)."""
        folder = QFileDialog.getExistingDirectory(self.window, title, self.window.files.last_dir())
        if not folder:
            return None
        self.window.files.remember_folder(folder)
        return Path(folder)

    def choose_import(self) -> None:
        if folder := self._choose_folder("Import examples from (FOLDER/0 … FOLDER/9)"):
            self.import_folder(folder)

    def import_folder(self, folder: Path) -> None:
        def done(result) -> None:
            self.importing -= 1
            added, problems, already = result
            self.panel.load_in_background(self.window.tasks)
            if added:
                self.dock.show()  # as keeping the first example does: an import showed nothing but a message
            # the bar names the folder by its name and ends with the count of pictures kept already, which a
            # shortened message keeps (its middle goes): the whole path cut the count out; the tooltip has it all
            # counted as the dock counts them: "Imported 5000 example(s)" beside "5,000 examples in …"
            message, short = (f"Imported {len(added):,} example(s) from {where}" for where in (folder, folder.name))
            if already:  # a folder imported twice: "Imported 0 example(s)" said nothing of why
                message += f"; {already:,} picture(s) were already among your examples, not copied again"
                short += f"; {already:,} were kept already"
            # the count in the text too: as the dialog's title it was cut to "Imported 4 example(s) f…"; and what was
            # skipped, as the dock says it: a folder not named 0–9 was "Skipped 1 file(s)"
            if problems:
                self.window.report_error(
                    "Some files were skipped",
                    f"{message}.\n\nSkipped {skipped_kinds(problems)}:\n" + "\n".join(map(readable, problems[:10])),
                )
            else:
                self.window.say(readable(short), 6000, tip=message)

        def failed(err: BaseException) -> None:
            # it may stop half-way (a disk full, a class folder that is a file): what was copied stays, and the
            # dock, which went on showing the folder as before the import, is read again
            self.importing -= 1
            self.panel.load_in_background(self.window.tasks)
            # the folder in the way, or the reason: a digit's folder in the way is the library's to name, per file
            why = self.store.blocked() or str(err)
            kept = "Any examples copied before this are kept: the dock shows them."
            after = "Nothing was copied." if isinstance(err, ExamplesError) else kept  # refused before any copy
            self.window.report_error("Could not import examples", f"{why}\n\n{after}")

        if (blocked := self.store.blocked()) is not None:  # the examples folder is a file: "[Errno 20] Not a directory"
            copied = "nothing was copied."
            self.window.report_error("Could not import examples", mend_blocking(blocked, f": {copied}", copied))
            return
        if self.importing:  # the library's refusal said "in this window or another RowReader window": it is this one
            self.window.report_error(
                "Could not import examples",
                f"This window is importing into {self.store.root} already (the status bar says how far it has come): "
                "import again once it is done.\n\nNothing was copied.",
            )
            return
        self.importing += 1
        self.window.say(f"Importing examples from {folder}…", PROGRESS_MS)  # 3,000 of them: a minute, and no word

        def so_far(stage: str, count: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed while it ran: nobody to tell
                self._import_read.emit(folder, stage, count, total)

        stop = self.window.tasks.stopping.is_set
        self.window.tasks.run(lambda: self.store.import_folder(folder, stop, so_far), done, failed)

    def _say_import_read(self, folder: Path, stage: str, count: int, total: int) -> None:
        """How far an import has come: the status bar said "Importing…" alone, and that for its first minute only."""
        if self.importing and count < total:
            self.window.say(f"Importing examples from {folder}… ({count:,} of {total:,} {stage})", PROGRESS_MS)

    def choose_export(self) -> None:
        if folder := self._choose_folder("Export your examples to"):
            self.export_folder(folder)

    def export_folder(self, folder: Path) -> None:
        def done(result) -> None:
            written, skipped, already = result
            message = f"Exported {written:,} example(s) to {folder}"
            if already:  # exported there before: they were each named "left alone", in a warning
                message += f"; {already:,} were there already, the same files"
            if skipped:
                self.window.report_error(
                    "Some files were left alone",
                    f"{message}.\n\nLeft {len(skipped):,} file(s) alone:\n" + "\n".join(map(readable, skipped[:10])),
                )
            else:
                self.window.say(message, 6000)

        def failed(err: BaseException) -> None:  # it may stop half-way, as an import may; refused, it wrote nothing
            after = (
                "Nothing was written."
                if isinstance(err, ExamplesError)
                else f"Any examples written before this are in {folder}."
            )
            self.window.report_error("Could not export examples", f"{err}\n\n{after}")

        self.window.say(f"Exporting your examples to {folder}…", PROGRESS_MS)
        self.window.tasks.run(lambda: self.store.export_folder(folder, self.window.tasks.stopping.is_set), done, failed)

    # ---- teaching ------------------------------------------------------------------------------------------

    def teach(self) -> None:
        """Ctrl+T: re-read the examples folder off the UI thread (files may have been added outside the app),
        then fine-tune the model in use on them in a separate process (``self.dialog`` shows it)."""
        if self.process is not None and self.process.running:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.raise_()
            else:  # Esc closed the dialog and the fine-tune is still stopping: Ctrl+T did nothing, silently
                self.window.say("The last teach is still stopping: press Ctrl+T again in a moment")
            return
        if self.importing:  # it taught from the examples copied so far, without a word
            self.window.say("Your examples are still being imported: press Ctrl+T again once the import is done")
            return
        checkpoint = self.window.session.checkpoint
        if checkpoint is None or checkpoint.path is None:
            self.window.report_error("Nothing to teach", "Open a model first.")
            return
        if (why := self._base_unusable(checkpoint.path)) is not None:
            self.window.report_error("Nothing to teach", why)
            return
        if self.preparing:  # a second press while the folder is read: still one fine-tune
            return
        self.preparing = True
        self.teach_action.setEnabled(False)
        self.window.say("Reading your examples… (Esc stops)")
        self.panel.load_in_background(self.window.tasks, lambda found: self._start_if_wanted(checkpoint.path, found))

    def stop_preparing(self) -> bool:
        """Esc while Ctrl+T reads the examples folder (seconds for thousands): the teach is not started. It cleared
        the canvas instead, and the fine-tune began anyway. True if there was a teach to stop."""
        if not self.preparing:
            return False
        self.preparing = False
        self.teach_action.setEnabled(True)
        self.window.say("Teaching stopped before it began: nothing was taught, the model in use stays")
        return True

    def _start_if_wanted(self, base: Path, found: ExampleSet) -> None:
        """The folder read: the model's file is checked, and its SHA-256 noted, in the background too (on the window's
        thread, both held it 0.6 s for a 200 MB model, 4.5 s for 1.1 GB), then the teach starts (unless Esc)."""
        if not self.preparing:  # stopped by Esc meanwhile
            return
        in_use = self.window.session.checkpoint

        def check() -> str | None:
            why = self._base_unusable(base, in_use)
            with contextlib.suppress(OSError):  # gone: _start_teaching says so
                self._digest(base)
            return why

        def checked(why: str | None) -> None:
            if self.preparing:
                self._start_teaching(base, found, why)

        self.window.tasks.run(check, checked, lambda err: checked(f"The model in use cannot be read any more: {err}"))

    @staticmethod
    def _base_unusable(base: Path, in_use: Checkpoint | None = None) -> str | None:
        """Why the model to teach from cannot be, if it cannot: deleted or damaged since it was opened, or (given the
        model ``in_use``) its file holding another model now. The fine-tune said so only after starting up (10–15 s,
        torch loaded); a file replaced by another network was taught without a word, and the window read with the
        result (MNIST 99.41 % in use, "9.30 % → 19.15 %" in the dialog)."""
        choose = "Teaching starts from its file. Choose a model in the Models menu, then teach again."
        if not base.is_file():
            return f"The model in use, {base}, is no longer there (deleted or moved since it was opened). {choose}"
        try:
            on_disk = read_config(base)  # its header alone: at Ctrl+T, before the folder is read
            # not load_checkpoint(base) != in_use: its check of the weights froze the window 1–5 s for a 200 MB model
            replaced = in_use is not None and in_use.path == base and not file_holds(base, in_use)
        except (CheckpointError, OSError) as err:
            unreadable = not isinstance(err, CheckpointError) or unreadable_why(err)
            since = "" if unreadable else " (changed or damaged since it was opened)"
            return f"The model in use cannot be read any more{since}: {err}. {choose}"
        if replaced and in_use is not None:
            now, was = (f"{c.cell.upper()} {c.hidden_size}" for c in (on_disk, in_use.config))
            holds = f" ({now}; the model in use: {was})" if now != was else ""
            return (
                f"The file of the model in use, {base}, was replaced since it was opened: it holds another model"
                f"{holds}. Teaching starts from its file: choose it again in the Models menu to read and teach what it "
                "holds now, or choose another."
            )
        return None

    def _start_teaching(self, base: Path, found: ExampleSet, why: str | None = None) -> None:
        """``why``: what :meth:`_base_unusable` said of ``base`` a moment ago, in the background."""
        self.window.statusBar().clearMessage()
        self.preparing = False
        self.teach_action.setEnabled(True)
        if self.panel.layout_error is not None:
            self.window.report_error("Your examples folder cannot be used", self.panel.layout_error)
            return
        # again: gone while the folder was read (seconds for thousands of examples), it was "Your taught model could
        # not be saved: [Errno 2] No such file" about the model taught from
        if why is not None:
            self.window.report_error("Nothing to teach", why)
            return
        if (too_few := found.too_few()) is not None:  # the command line's rule, one definition
            more = "more" if len(found) else "first"
            self.window.report_error(
                "Too few examples",
                f"You have kept {too_few}: keep a few {more} (Ctrl+K); three of each digit you want it to learn is a "
                "good start.",
            )
            return
        why = "Teaching mixes your examples with MNIST's digits, so that the reader does not forget what it reads."
        if not self.window.mnist_offer.ensure(why, self.teach):  # then reads the folder and the model in use again
            return
        out = new_model_path(self.user_dir)
        try:  # before the dialog opens: a models "folder" that is a file left the dialog at "Starting…" for good
            check_writable(out, advise=False)  # the folder is the app's: "choose a folder on another disk" it cannot
            # as large as the model it is taught from: a disk without room for it failed only after the whole run
            need, free = base.stat().st_size, shutil.disk_usage(out.parent).free
            if free < need:
                raise OSError(
                    f"{out.parent} has {free / 1e6:.1f} MB free, and the taught model needs {need / 1e6:.1f} MB: "
                    "make room, then teach again"
                )
        except OSError as err:
            # nothing was taught yet: the title says teaching did not start, not that a model was lost
            self.window.report_error(
                "Teaching was not started",
                f"The taught model could not be saved: {str(err).rstrip('.')}.\n\nRowReader keeps the models it "
                f"teaches in {out.parent}, and nowhere else: teaching can start once a model can be written there.",
            )
            return
        if self.dialog is not None:  # the last teach's dialog stayed open under the new one, saying it read with
            self.dialog.close()  # a model no longer in use, its Switch back acting on the new run
            self.dialog.deleteLater()
        if self.process is not None:
            self.process.deleteLater()  # ended (a running one returned above)
        self.previous_model, self.taught_model, self.pair_sha = base, None, {}
        self._keep_digest(base)  # the file that held the model in use a moment ago (_base_unusable)
        self.taught_from, self._found_for_teach = [], found
        # where the user asked (`--device`): the fine-tune trained wherever its own default, auto, chose
        args = ["--device", self.window.device, *self.teach_args]
        self.process = TeachProcess(base, self.store.root, out, self.window.data_root, args, parent=self)
        self.process.progress.connect(self._note_what_it_reads)
        self.dialog = TeachDialog(self.window)
        self.dialog.attach(self.process)
        self.dialog.switch_back_button.clicked.connect(self.switch_back)
        self.dialog.compare_button.clicked.connect(self.compare_both)
        self.process.succeeded.connect(self._digest_then_taught)
        self.process.failed.connect(self._not_taught)
        place_dialog(self.dialog, self.window)  # clear of the drawing and the bars while it learns
        self.dialog.show()
        self.record = TeachRecord(out, base, len(found))
        self.process.start()
        self.teach_action.setEnabled(False)

    def _ended(self) -> None:
        """The fine-tune ended, however: its note goes (a later start has nothing to say of it)."""
        self.teach_action.setEnabled(True)
        if self.record is not None:
            self.record.close()
            self.record = None

    def _note_what_it_reads(self) -> None:
        """Once the fine-tune has read the folder, which of the examples found are there: one deleted or moved after
        that, in this window, another one or a file manager, is learnt from all the same. Only this window's
        deletes were named; one deleted in a second window on the same folder left the dialog saying "Done"."""
        found = self._found_for_teach
        if found is None or self.process is None or self.process.run.found is None:
            return
        self._found_for_teach = None
        self.taught_from = [(e.path, f"{e.label}/{readable(e.path.name)}") for e in found.examples if e.path.exists()]

    def _meanwhile_note(self) -> str:
        """What the taught model learnt from that is no longer so: a 3 kept as an 8, deleted while it was taught,
        was learnt as an 8, and the dialog said only "Done". And what it did not learn: an example kept while it was
        taught (the window draws on meanwhile) was taken for taught, the dialog saying only "Done"."""
        # one brought back meanwhile (Delete, then Ctrl+Z) is as it was taught: it was named, "teach again"
        changed = [name for path, name in self.taught_from if not path.exists()]
        gone = {path.name for path, _ in self.taught_from if not path.exists()}  # a moved one is named as moved
        added = [name for name, file in self._not_learnt() if file not in gone]
        self.taught_from = []
        said = []
        if changed:
            names = "; ".join(changed[:3]) + (f"; and {len(changed) - 3} more" if len(changed) > 3 else "")
            said.append(
                f"{len(changed)} example{'s were' if len(changed) != 1 else ' was'} deleted or moved while it was "
                f"taught ({names}): it learnt from {'them' if len(changed) != 1 else 'it'} as before."
            )
        if added:
            names = "; ".join(added[:3]) + (f"; and {len(added) - 3} more" if len(added) > 3 else "")
            were = "s kept while it was taught were" if len(added) != 1 else " kept while it was taught was"
            said.append(f"{len(added)} example{were} not learnt ({names}).")
        if not said:
            return ""
        return f"\n\n{' '.join(said)} Teach again (Ctrl+T) to learn from your examples as they are now."

    def _not_learnt(self) -> list[tuple[str, str]]:
        """(``<digit>/<file>`` as shown, file name) of the examples the dock last read that the taught model did not
        learn (its metadata lists every example it learnt): kept while it was taught, here or in another window."""
        found = self.panel.found
        if self.taught_model is None or found is None:
            return []
        with contextlib.suppress(OSError, CheckpointError):
            recorded = read_metadata(self.taught_model).get("examples")
            files = recorded.get("files") if isinstance(recorded, dict) else None
            if isinstance(files, list):
                learnt = set(files)
                return [
                    (f"{e.label}/{readable(e.path.name)}", e.path.name)
                    for e in found.examples
                    if f"{e.label}/{e.path.name}" not in learnt
                ]
        return []

    def _digest_then_taught(self, path: Path) -> None:
        """The taught model's SHA-256 (and the model in use's), noted in the background before :meth:`_taught` notes
        them: on the window's thread they held it 0.5 s for a 200 MB model, 2.2 s for 1.1 GB, as the teach ended."""
        if self.record is not None:  # the model is written: a window closed meanwhile has no unfinished teach to tell
            self.record.close()
            self.record = None
        checkpoint = self.window.session.checkpoint
        files = [path] + ([checkpoint.path] if checkpoint is not None and checkpoint.path is not None else [])

        def digests() -> None:
            for file in files:
                with contextlib.suppress(OSError):  # gone: _taught says so
                    self._digest(file)

        self.window.tasks.run(digests, lambda _: self._taught(path), lambda _: self._taught(path))

    def _taught(self, path: Path) -> None:
        self._ended()
        self.taught_model = path
        checkpoint = self.window.session.checkpoint
        current = checkpoint.path if checkpoint is not None else None
        base = self.previous_model
        if base is not None and self._taught_from_another(path, base):
            self._taught_another(path, base)
            return
        if current is not None and base is not None and current.resolve() != base.resolve():
            # another model was chosen while it ran (Models menu, Open model): it took over all the same, and
            # Switch back went to the model taught from. The user's choice stays; the taught model is offered.
            chosen = model_name(current, suffix=True)
            self.window.say(f"Taught model ready: Models menu, Yours. Still reading with {chosen}.", 2 * MESSAGE_MS)
            text = (f"Done: {path.name} is ready to use in the Models menu (Yours: {path.stem}), or with the "
                    f"button below. Still reading with {chosen}, chosen while it was taught."
                    f"{self._meanwhile_note()}")  # fmt: skip
            self.previous_model = current  # the dialog's pair: the model chosen and the taught one
            self._keep_digest(current)
            self._keep_digest(path)
            if self.dialog is not None:
                self.dialog.finish(True, text, in_use=False)
            return
        self._keep_digest(path)
        self.window.open_model(path)
        if self.dialog is not None:
            note = self._meanwhile_note()
            gone = base is not None and not base.is_file()  # deleted while it was taught
            note = f" The model it was taught from, {model_name(base, suffix=True)}, is gone.{note}" if gone else note
            self.dialog.finish(True, f"Done: now reading with {path.name} (Models menu to switch).{note}")
            if gone:
                self.dialog.other_gone()

    def _taught_from_another(self, taught: Path, base: Path) -> bool:
        """Whether the fine-tune read another model from ``base``'s file than the one it held at the teach's start
        (the SHA-256 the taught model records against :meth:`_keep_digest`'s): a file replaced in the seconds before
        the fine-tune read it (a training run saving each epoch to the model in use) was taught, and the window
        switched to the result, saying "Done" as if the model in use had been taught."""
        kept = self._noted_digest(base)
        with contextlib.suppress(OSError, CheckpointError):  # unreadable: opening it says why
            source = read_metadata(taught).get("finetuned_from")
            read = source.get("sha256") if isinstance(source, dict) else None
            return kept is not None and isinstance(read, str) and read != kept
        return False

    def _taught_another(self, taught: Path, base: Path) -> None:
        """A model taught from what replaced ``base``'s file: kept in the Models menu, not read, said so."""
        current, name = self.window.model_in_use, model_name(base, suffix=True)
        self.window.say(
            f"Taught from another model ({name} was replaced): still reading with {current}.", 2 * MESSAGE_MS
        )
        self._keep_digest(taught)
        if self.dialog is not None:
            self.dialog.finish(
                True,
                f"Not the model in use taught: the file of {name} was replaced after teaching began, and "
                f"{taught.name} was taught from what it held then (the numbers below start there). It is in the "
                f"Models menu (Yours: {taught.stem}); still reading with {current}.{self._meanwhile_note()}",
                in_use=False,
            )
            self.dialog.chosen_meanwhile = False  # the model before teaching, if chosen again, is named as such
            self.dialog.other_gone()  # no button to it: the Models menu has it, and the text says what it is

    def _not_taught(self, reason: str) -> None:
        self._ended()
        base = self.previous_model
        if base is not None and str(base) in reason and not base.is_file():  # the fine-tune's "checkpoint not found"
            reason = (
                f"The model teaching started from, {model_name(base, suffix=True)}, is gone (deleted or moved since)"
            )
        text = f"{reason.rstrip('.')}. Still reading with {self.window.model_in_use}; nothing was written."
        self.window.say(text, 2 * MESSAGE_MS)  # also said when Esc has already closed the dialog
        if self.dialog is not None:
            self.dialog.finish(False, text)

    def _other_model(self) -> Path | None:
        """Of the last teach's two models (before and taught), the one the dialog says is not in use."""
        if self.previous_model is None or self.taught_model is None or self.dialog is None:
            return None
        return self.previous_model if self.dialog.showing_taught else self.taught_model

    def _keep_digest(self, model: Path) -> None:
        """The SHA-256 of one of the teach's two models' files: the one taught from as the teach starts (found the
        model in use), the taught one as it ends. Switch back reads the file again: one replaced by another network
        meanwhile was read as it then was, the dialog saying "Now reading with opened.safetensors again, as before
        teaching" beside an LSTM 32 that read MNIST at 10 %."""
        with contextlib.suppress(OSError):  # gone (deleted while it was taught: said so)
            digest = self._digest(model)
            self.pair_sha[Path(os.path.abspath(model))] = self.pair_sha[model.resolve()] = digest

    def _digest(self, model: Path) -> str:
        """``file_sha256(model)``, hashed once per file as it is on disk (its device, inode, size, modification and
        change times): every switch of model with the teach dialog open hashed its file again on the window's
        thread, 0.5 s for a 200 MB model and 2.2 s for 1.1 GB. A file written or replaced since changes its stat
        (an atomic save is a new inode; a write moves the change time, which no program can set back), so is hashed
        anew. The background (Ctrl+T, a teach's end) hashes what the window's thread then finds here."""
        info = os.stat(model)
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        if (digest := self._digests.get(key)) is None:
            digest = self._digests[key] = file_sha256(model)
        return digest

    def _noted_digest(self, model: Path) -> str | None:
        """The digest :meth:`_keep_digest` noted for ``model``: by its name as given, then by the file it names (one
        model reached by two names is one model). By the file alone, a link pointed at another model meanwhile
        (``current.safetensors`` → a newer one) was a file never noted, and read "as before teaching"."""
        return self.pair_sha.get(Path(os.path.abspath(model))) or self.pair_sha.get(model.resolve())

    def _replaced(self, model: Path) -> bool:
        """Whether ``model``, one of the last teach's two, holds another model than :meth:`_keep_digest` noted."""
        with contextlib.suppress(OSError):  # unreadable now: opening it says why
            kept = self._noted_digest(model)
            return kept is not None and self._digest(model) != kept
        return False

    def _still_there(self, model: Path) -> bool:
        """Whether ``model``'s file is still there, holding that model; if not, the dialog says so and stops
        offering it (deleted or moved since, it was an error box; replaced, it was read as if it were the same)."""
        if model.is_file() and not self._replaced(model):
            return True
        if self.dialog is not None:
            what = REPLACED if model.is_file() else "is gone (deleted or moved)"
            name, current = model_name(model, suffix=True), self.window.model_in_use
            self.dialog.lost(name, model == self.taught_model, f"{what}: still reading with {current}")
        return False

    def switch_back(self) -> None:
        """The dialog's switch button: back to the model used before teaching, and pressed again, forth to the
        taught one (the dialog had gone on saying "now reading with" the taught model after switching back).
        The dialog follows once the model is in use (``_follow_model``), and a comparison in the window."""
        if (other := self._other_model()) is not None and self._still_there(other):
            self.window.open_model(other)

    def compare_both(self) -> None:
        """The dialog's "Compare both": the model not in use reads beside the one in use, dashed in the chart,
        so the same drawing shows row by row how teaching changed the belief."""
        if (other := self._other_model()) is not None and self._still_there(other):
            self.window.compare_with(other)

    def shutdown(self) -> None:
        """At close: a running fine-tune is cancelled and waited for, so no orphan process stays behind. Its
        dialog goes first, as the window does: it stayed on screen, frozen, for as long as the wait. The folder is
        no longer watched: no reading starts after the window's tasks are stopped."""
        self._settled.stop()
        self._watcher.blockSignals(True)
        if self.dialog is not None:
            self.dialog.hide()
        if self.process is not None:
            self.process.wait()

    # ---- the teach dialog's two models -------------------------------------------------------------------

    def _on_session(self, event: str) -> None:
        checkpoint = self.window.session.checkpoint
        if event == "model" and checkpoint is not None and checkpoint.path is not None:
            self._follow_model(checkpoint.path)

    def _follow_model(self, path: Path) -> None:
        """The teach dialog says which of its two models is in use, however the model was switched: its button
        or the Models menu (which left the dialog saying "now reading with" a model no longer in use). A
        comparison follows in the window (``Comparing.not_with_itself``)."""
        if self.dialog is None or self.taught_model is None or self.previous_model is None:
            return
        taught = path.resolve() == self.taught_model.resolve()
        if not taught and path.resolve() != self.previous_model.resolve():
            return
        if self._replaced(path):  # chosen in the Models menu: the window reads what its file holds now
            self.dialog.lost(model_name(path, suffix=True), taught, f"{REPLACED}, and the window reads that")
        elif taught != self.dialog.showing_taught:
            self.dialog.switched(model_name(path, suffix=True), taught)
