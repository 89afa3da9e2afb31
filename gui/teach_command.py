"""Teach it my handwriting (Ctrl+T), start to end: the examples folder read and the model in use checked in the
background, the fine-tune started in its own process (:mod:`gui.teach_process`) with its dialog (:mod:`gui.teach`),
and what its end says: the taught model in use, or why not, and what changed in the examples meanwhile.

A part of :class:`gui.teaching.Teaching`, whose ``__init__`` makes what it uses (declared at the top of
:class:`TeachCommand`); the two models the dialog switches between are :mod:`gui.teach_switch`'s.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QTimer

from gui.cycle_pause import cycles_left_alone
from gui.examples_dock import FOLDER_GONE
from gui.model_names import network_words
from gui.models_menu import unreadable_why
from gui.screen_room import place_dialog
from gui.status_line import MESSAGE_MS
from gui.taught_models import new_model_path
from gui.teach import TeachDialog
from gui.teach_process import TeachProcess
from gui.teach_record import TeachRecord
from gui.workers import nothing_to_say
from rowreader import needs_torch
from rowreader.atomic import check_writable
from rowreader.checkpoint import (
    Checkpoint,
    CheckpointError,
    file_holds,
    read_config,
    read_metadata,
    without_remedy,
)
from rowreader.example_folder import Example, ExampleSet, file_key, load_example, still_there, taught_name
from rowreader.example_index import FileKey
from rowreader.output import shortened
from rowreader.readable import not_utf8, readable

if TYPE_CHECKING:
    from PySide6.QtGui import QAction

    from gui.examples_dock import ExamplesDock
    from gui.main_window import MainWindow
    from rowreader.example_store import ExampleStore


class TeachCommand:
    """Ctrl+T: the fine-tune on the examples, from the folder's reading to the taught model."""

    # What it uses of the Teaching it is a part of, all made in Teaching.__init__ (one place makes them; the parts
    # share them; tests/test_robust_thirtieth_structure.py keeps this list whole):
    window: MainWindow
    store: ExampleStore
    panel: ExamplesDock
    user_dir: Path
    teach_args: list[str]
    teach_action: QAction
    # changed here: the teach running now, and its dialog
    record: TeachRecord | None
    process: TeachProcess | None
    preparing: bool  # ExamplesWatch reads it
    _teach_asked: int  # which Ctrl+T the folder's reading answers: one Esc stopped is not started by it
    dialog: TeachDialog | None  # TeachSwitch reads it
    taught_from: list[tuple[Path, str]]
    _found_for_teach: ExampleSet | None
    _noting: threading.Event  # set once taught_from is noted
    _not_noted: list[str]  # why it could not be, if it could not (an exception there, said at the end)
    _found_named: list[tuple[Path, str]]  # every example found as it began, named: what it learnt is among them
    _as_read: dict[Path, AsRead]  # each one there once it had read them, as it was then (_changed_since)
    # changed here: the last teach's two models, which TeachSwitch switches between
    previous_model: Path | None
    taught_model: Path | None
    pair_sha: dict[Path, str]

    def teach(self) -> None:
        """Ctrl+T: re-read the examples folder off the UI thread (files may have been added outside the app),
        then fine-tune the model in use on them in a separate process (``self.dialog`` shows it)."""
        if self.process is not None and self.process.running:
            if self.dialog is not None and self.dialog.isVisible():
                self.dialog.raise_()  # and the keyboard with it: Esc pressed next, meant to stop the teach, cleared
                self.dialog.activateWindow()  # the drawing, the window keeping it, and the fine-tune ran on
            elif self.process.run.written:  # Esc closed the dialog as its process ended: not "stopping"
                self.window.say("The last teach is ending, its model written: press Ctrl+T again in a moment")
            else:  # Esc closed the dialog and the fine-tune is still stopping: Ctrl+T did nothing, silently
                self.window.say("The last teach is still stopping: press Ctrl+T again in a moment")
            return
        if self.importing:  # it taught from the examples copied so far, without a word
            self.window.say(STILL_IMPORTING)
            return
        if needs_torch.absent("torch"):  # the light install: the fine-tune's page of traceback ended the dialog
            self.window.report_error(
                "Teaching needs PyTorch",
                f"{needs_torch.install_words('Teaching')}.",
                line="Teaching needs PyTorch, which is not installed in this Python: the message says how to get it",
            )
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
        self._teach_asked += 1
        asked = self._teach_asked
        self.teach_action.setEnabled(False)
        self.window.say("Reading your examples… (Esc stops)")
        self.panel.load_in_background(
            self.window.tasks, lambda found: self._start_if_wanted(checkpoint.path, found, asked)
        )

    def stop_preparing(self) -> bool:
        """Esc while Ctrl+T reads the examples folder (seconds for thousands): the teach is not started. It cleared
        the canvas instead, and the fine-tune began anyway. True if there was a teach to stop."""
        if not self.preparing:
            return False
        self.preparing = False
        self.teach_action.setEnabled(True)
        self.window.say("Teaching stopped before it began: nothing was taught, the model in use stays")
        return True

    def _start_if_wanted(self, base: Path, found: ExampleSet, asked: int) -> None:
        """The folder read: the model's file is checked, and its SHA-256 noted, in the background too (on the window's
        thread, both held it 0.6 s for a 200 MB model, 4.5 s for 1.1 GB), then the teach starts (unless Esc). Only the
        Ctrl+T ``asked`` last: Ctrl+T, Esc, another model opened, then Ctrl+T, as the folder was read, taught the model
        of the Ctrl+T stopped, the dialog calling it "the model in use"."""

        def wanted() -> bool:  # not stopped by Esc meanwhile, nor asked again since
            return self.preparing and asked == self._teach_asked

        if not wanted():
            return
        in_use = self.window.session.checkpoint
        # its drawings counted here too, once: on the window's thread, twice, they held it 66–120 ms at 12,944
        examples = ExampleSet(
            list(found.examples), copies=found.copies, root=found.root
        )  # a copy: the dock edits its own meanwhile

        def check() -> tuple[str | None, str | None, int, int]:
            why = self._base_unusable(base, in_use)
            with contextlib.suppress(OSError):  # gone: _start_teaching says so
                self._digest(base)
            # a tuple and a bytes of each drawing set the collector off: a full collection, every thread standing
            # (the window's 95–128 ms at 12,944 examples, 107 ms of it the collection)
            with cycles_left_alone():
                counts = examples.teach_counts()  # the drawings made once: thrice, 33–42 ms each at 12,944
            return why, counts.too_few, counts.taught, len(examples) - counts.different

        def checked(result: tuple[str | None, str | None, int, int]) -> None:
            if wanted():
                self._start_teaching(base, found, *result)

        def failed(err: BaseException) -> None:
            checked((f"The model in use cannot be read any more: {err}", None, 0, 0))  # said before any count

        self.window.tasks.run(check, checked, failed)

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
            return f"The model in use cannot be read any more{since}: {without_remedy(err)}. {choose}"
        if replaced and in_use is not None:
            now, was = (network_words(c) for c in (on_disk, in_use.config))
            holds = f" ({now}; the model in use: {was})" if now != was else ""
            return (
                f"The file of the model in use, {base}, was replaced since it was opened: it holds another model"
                f"{holds}. Teaching starts from its file: choose it again in the Models menu to read and teach what it "
                "holds now, or choose another."
            )
        return None

    def _start_teaching(
        self,
        base: Path,
        found: ExampleSet,
        why: str | None = None,
        too_few: str | None = None,
        taught: int = 0,
        copies: int = 0,
    ) -> None:
        """``why``: what :meth:`_base_unusable` said of ``base`` a moment ago, in the background; ``too_few`` and
        ``taught``: what ``found``'s :meth:`ExampleSet.too_few` and :meth:`ExampleSet.taught` said there; ``copies``:
        how many of ``found`` are copies of another drawing (for the note of a teach cut short)."""
        self.window.statusBar().clearMessage()
        self.preparing = False
        self.teach_action.setEnabled(True)
        if self.importing:  # begun after Ctrl+T, as the folder was read: it taught from the part copied by then
            self.window.say(STILL_IMPORTING)
            return
        if self.panel.layout_error is not None:
            self.window.report_error("Your examples folder cannot be used", self.panel.layout_error)
            return
        # again: gone while the folder was read (seconds for thousands of examples), it was "Your taught model could
        # not be saved: [Errno 2] No such file" about the model taught from
        if why is not None:
            self.window.report_error("Nothing to teach", why)
            return
        if too_few is not None:  # the command line's rule, one definition
            more = "more" if len(found) else "first"
            kept = f"You have kept {too_few}: keep a few {more}"
            if not len(found) and self.panel.folder_gone:  # "You have kept no example" of thirty, their folder gone
                kept = f"Your examples folder, {readable(str(self.store.root))}, {FOLDER_GONE}: keep a few again"
            self.window.report_error(
                "Too few examples",
                f"{kept} (Ctrl+K); three of each digit you want it to learn is a good start.",
            )
            return
        # Qt hands a process text alone: the fine-tune was given "mod\ufffdle.safetensors" and stopped after starting
        # up, "checkpoint not found", the dialog naming a file that is not there
        named = {"The model in use": base, "The examples folder": self.store.root}
        named["MNIST's folder"] = self.window.data_root
        if (what := next((what for what, path in named.items() if path and not_utf8(path)), None)) is not None:
            self.window.report_error("Teaching was not started", _not_utf8_words(what, named[what]))
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
        self.taught_from, self._found_for_teach, self._not_noted, self._found_named = [], found, [], []
        self._as_read = {}
        # where the user asked (`--device`): the fine-tune trained wherever its own default, auto, chose
        args = ["--device", self.window.device, *self.teach_args]
        self.process = TeachProcess(base, self.store.root, out, self.window.data_root, args, parent=self)
        self.process.progress.connect(self._note_what_it_reads)
        self.dialog = TeachDialog(self.window, self._taught_from(base))
        # Ctrl+T from the dialog too (a window of its own: the window's shortcuts are not heard there): after Cancel
        # or at the end, the key pressed there did nothing at all, the Close button in focus
        self.dialog.addAction(self.teach_action)
        self.dialog.attach(self.process)
        self.dialog.rejected.connect(self._stopping_unseen)
        self.dialog.switch_back_button.clicked.connect(self.switch_back)
        self.dialog.compare_button.clicked.connect(self.compare_both)
        self.process.succeeded.connect(self._digest_then_taught)
        self.process.failed.connect(self._not_taught)
        least = self.dialog.outcome_row_width()  # so its outcome need not widen it, its buttons moving
        place_dialog(self.dialog, self.window, over_the_drawing=True, least_width=least)  # the bars first
        self.dialog.show()
        self.record = TeachRecord(out, base, taught, len(found), copies)
        # Ctrl+T stays on while it runs: teach() raises the dialog, or says the teach cancelled is still stopping;
        # turned off here, the key did nothing at all in those seconds, and that message was never seen
        self.process.start()

    def _stopping_unseen(self) -> None:
        """Esc (or a close confirmed) in the dialog while it teaches: the dialog goes at once, the fine-tune may take
        Cancel's grace (3 s) to end, and the window said nothing at all until "Cancelled. …" (in a real window,
        2–3 s, as if Esc had not been heard). Said at once, where the dialog was saying it."""
        if self.process is not None and self.process.running and not self.process.run.written:
            self.window.say("Stopping the teach: the model in use stays, nothing is written…", 2 * MESSAGE_MS)

    def _ended(self) -> None:
        """The fine-tune ended, however: its note goes (a later start has nothing to say of it)."""
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
        run, record = self.process.run, self.record
        counts = (run.found, run.found + run.copies + run.left_out, run.copies)  # what the dialog now says it reads
        # in the background: here it held the window 0.3–0.5 s at 12,944 examples (60–120 ms with still_there)
        examples, taught_from, named, noted, as_read = (
            list(found.examples),
            self.taught_from,
            self._found_named,
            threading.Event(),
            self._as_read,
        )
        self._noting, not_noted = noted, self._not_noted  # the end waits for it (_digest_then_taught)

        def note() -> None:
            try:  # into this teach's own list: a later teach's is another
                named.extend((e.path, readable(found.name_of(e))) for e in examples)
                there = still_there(e.path for e in examples)
                taught_from.extend((path, name) for path, name in named if path in there)
                as_read.update(_as_they_are([e for e in examples if e.path in there]))
                if record is not None:  # the note says it too: written here, off the window's thread
                    record.counted(*counts)
            except (
                Exception
            ) as err:  # dropped, the list left short, the end named examples kept meanwhile that were not
                not_noted.append(readable(f"{type(err).__name__}: {err}"))
            finally:
                noted.set()

        self.window.tasks.run(note, nothing_to_say, nothing_to_say)  # what it noted is in its list

    def _meanwhile_note(self) -> str:
        """What the taught model learnt from that is no longer so: a 3 kept as an 8, deleted while it was taught,
        was learnt as an 8, and the dialog said only "Done". And what it did not learn: an example kept while it was
        taught (the window draws on meanwhile) was taken for taught, the dialog saying only "Done". The older
        examples a teach of thousands leaves out (``training.finetune.NEWEST_PER_DIGIT``, said as it starts) are
        neither: they were named "kept while it was taught", and, deleted meanwhile, "learnt from as before". What it
        read not noted (an exception there, or not within :data:`NOTING_WAIT_S`), it says so and names none."""
        if self._not_noted or not self._noting.is_set():
            why = f" ({self._not_noted[0]})" if self._not_noted else " in time"
            self.taught_from = []
            return (
                f"\n\nWhich examples it read could not be noted{why}: any deleted, moved or kept while it was taught "
                "are not named here. Teach again (Ctrl+T) to be sure it learnt from your examples as they are now."
            )
        learnt = self._learnt()
        # found as it began, there or not when the background note looked: from those still there then, an older
        # example left out, deleted before it looked and back by the end, was "kept while it was taught" (1 run in 7)
        began, root = {path for path, _ in self._found_named}, self.store.root

        def place(path: Path, label: int) -> str:  # where in its digit's folder: 7/monday/scan1.png's monday/scan1.png
            return taught_name(path, label, root).split("/", 1)[1]

        # the name shown begins with the digit; the metadata names an example as taught_name does. What it learnt is
        # looked for among all found as it began: the note of which were there runs in the background, and one
        # deleted before it ran (a second after the fine-tune read the folder, on a busy machine) went unnamed
        taught = (
            [(path, name) for path, name in self._found_named if taught_name(path, int(name[0]), root) in learnt]
            if learnt is not None
            else self.taught_from
        )
        # one brought back meanwhile (Delete, then Ctrl+Z) is as it was taught: it was named, "teach again"
        there = still_there(path for path, _ in taught)
        changed = [name for path, name in taught if path not in there]
        rewritten = _changed_since(self._as_read, [path for path, _ in taught if path in there])
        self._as_read = {}
        written_over = [name for path, name in taught if path in rewritten]
        # a moved one (to another digit, its place in the digit's folder kept) is named as moved, not as new too
        gone = {place(path, int(name[0])) for path, name in taught if path not in there}
        found = self.panel.found
        kept = found.examples if found is not None and learnt is not None else []
        added = [  # each named once: three times each, 9,900 held the window a second at the teach's end
            readable(name)
            for e, name in ((e, taught_name(e.path, e.label, root)) for e in kept)
            if name not in learnt and e.path not in began and name.split("/", 1)[1] not in gone
        ]
        self.taught_from, self._found_named = [], []
        said = []
        if changed:
            names = "; ".join(changed[:3]) + (f"; and {len(changed) - 3:,} more" if len(changed) > 3 else "")
            said.append(
                f"{len(changed):,} example{'s were' if len(changed) != 1 else ' was'} deleted or moved while it was "
                f"taught ({names}): it learnt from {'them' if len(changed) != 1 else 'it'} as before."
            )
        if written_over:  # emptied in place (`: > 2/x.png`), or drawn over: the dialog said only "Done"
            names = "; ".join(written_over[:3]) + (
                f"; and {len(written_over) - 3:,} more" if len(written_over) > 3 else ""
            )
            one = len(written_over) == 1
            said.append(
                f"{len(written_over):,} example{' was' if one else 's were'} changed while it was taught ({names}): "
                f"it learnt from {'it' if one else 'them'} as {'it was' if one else 'they were'}."
            )
        if added:
            names = "; ".join(added[:3]) + (f"; and {len(added) - 3:,} more" if len(added) > 3 else "")
            were = "s kept while it was taught were" if len(added) != 1 else " kept while it was taught was"
            said.append(f"{len(added):,} example{were} not learnt ({names}).")
        if not said:
            return ""
        # every example deleted meanwhile (or all but one drawing): "Teach again (Ctrl+T)" was advice Ctrl+T refuses
        if found is not None and (too_few := found.too_few()) is not None:
            return f"\n\n{' '.join(said)} You have kept {too_few}: keep a few more (Ctrl+K), then teach again (Ctrl+T)."
        return f"\n\n{' '.join(said)} Teach again (Ctrl+T) to learn from your examples as they are now."

    def _learnt(self) -> set[str] | None:
        """The name (:func:`taught_name`) of every example the taught model learnt (its metadata lists them); None where
        there is no taught model or it lists none."""
        if self.taught_model is None:
            return None
        with contextlib.suppress(OSError, CheckpointError):
            recorded = read_metadata(self.taught_model).get("examples")
            files = recorded.get("files") if isinstance(recorded, dict) else None
            if isinstance(files, list):
                return {str(file) for file in files}
        return None

    def _digest_then_taught(self, path: Path) -> None:
        """The taught model's SHA-256 (and the model in use's), noted in the background before :meth:`_taught` notes
        them: on the window's thread they held it 0.5 s for a 200 MB model, 2.2 s for 1.1 GB, as the teach ended."""
        if self.record is not None:  # the model is written: a window closed meanwhile has no unfinished teach to tell
            self.record.close()
            self.record = None
        checkpoint = self.window.session.checkpoint
        files = [path] + ([checkpoint.path] if checkpoint is not None and checkpoint.path is not None else [])
        noting = self._noting

        def digests() -> None:
            noting.wait(NOTING_WAIT_S)  # what it read, noted in the background (_note_what_it_reads)
            for file in files:
                with contextlib.suppress(OSError):  # gone: _taught says so
                    self._digest(file)

        self.window.tasks.run(digests, lambda _: self._taught(path), lambda _: self._taught(path))

    def _taught(self, path: Path) -> None:
        if self.window.models.loading and not self.window.tasks.stopping.is_set():
            # a model chosen as it ended, still being read (seconds for 200 MB): the window took the taught one over
            # it, the choice lost without a word. Once read, it is a model chosen while it was taught
            QTimer.singleShot(LOADING_POLL_MS, self.window, lambda: self._taught(path))
            return
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
            chosen = self.window.model_named(current, suffix=True, in_text=True)
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
        # the dialog says "Done: now reading with …" as it ends: a screen reader heard it twice, the status line's
        # "Now reading with …" after it. Put away (Esc once its model was written), the dialog says nothing, and the
        # model in use changed unheard
        self.window.open_model(path, aloud=self.dialog is None or not self.dialog.isVisible())
        if self.dialog is not None:
            note = self._meanwhile_note()
            gone = base is not None and not base.is_file()  # deleted while it was taught
            if gone:
                named = self.window.model_named(base, suffix=True, in_text=True)
                note = f" The model it was taught from, {named}, is gone.{note}"
            # named as it started, and here: a teach again teaches the taught model, not the shipped one
            named = f", taught from {self._taught_from(base)}" if base is not None and not gone else ""
            self.dialog.finish(True, f"Done: now reading with {path.name}{named} (Models menu to switch).{note}")
            if gone:
                self.dialog.other_gone()

    def _taught_from(self, base: Path) -> str:
        """The model a teach starts from, as its dialog names it: as the Models menu does (two opened
        ``runs/rowreader.safetensors`` were both "rowreader.safetensors" there), shortened in its middle, as the
        dialog's other file names are (a model's name of 190 letters made the dialog 2,203 px wide at 200 %)."""
        return shortened(self.window.model_named(base, suffix=True, in_text=True), 40)

    def _taught_from_another(self, taught: Path, base: Path) -> bool:
        """Whether the fine-tune read another model from ``base``'s file than the one it held at the teach's start
        (the SHA-256 the taught model records against :meth:`~gui.teach_switch.TeachSwitch._keep_digest`'s): a file
        replaced in the seconds before the fine-tune read it (a training run saving each epoch to the model in use)
        was taught, and the window switched to the result, saying "Done" as if the model in use had been taught."""
        kept = self._noted_digest(base)
        with contextlib.suppress(OSError, CheckpointError):  # unreadable: opening it says why
            source = read_metadata(taught).get("finetuned_from")
            read = source.get("sha256") if isinstance(source, dict) else None
            return kept is not None and isinstance(read, str) and read != kept
        return False

    def _taught_another(self, taught: Path, base: Path) -> None:
        """A model taught from what replaced ``base``'s file: kept in the Models menu, not read, said so."""
        current, name = self.window.model_in_use, self.window.model_named(base, suffix=True, in_text=True)
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
            named = self.window.model_named(base, suffix=True, in_text=True)
            reason = f"The model teaching started from, {named}, is gone (deleted or moved since)"
        text = f"{reason.rstrip('.')}. Still reading with {self.window.model_in_use}; nothing was written."
        # also said when Esc has already closed the dialog; announced by the dialog where it shows (said twice)
        shown = self.dialog is not None and self.dialog.isVisible()
        self.window.status.say(text, 2 * MESSAGE_MS, aloud=not shown)
        if self.dialog is not None:
            self.dialog.finish(False, text)


# an example as the fine-tune read it: its file (size, times, inode), its digit and its picture (read at Ctrl+T)
AsRead = tuple[FileKey, int, "np.ndarray"]


def _as_they_are(examples: list[Example]) -> dict[Path, AsRead]:
    """Each of ``examples``' file as it is now (:func:`file_key`, one stat each: in the background), with its digit
    and picture; one gone is left out (:func:`still_there` names it)."""
    noted = {}
    for example in examples:
        with contextlib.suppress(OSError):
            noted[example.path] = (file_key(example.path, None), example.label, example.image)
    return noted


def _changed_since(as_read: dict[Path, AsRead], paths: list[Path]) -> set[Path]:
    """Which of ``paths`` (each there) hold another picture than :func:`_as_they_are` noted: one stat each, and a
    picture read again only where its file was written since with its size kept. By its size and time alone, a
    picture copied over it keeping its dates (`cp -p`, a sync tool) was as it was taught where the two were of one
    size: its change time, which no program sets back, tells. Written anew with the same picture (deleted, then
    Ctrl+Z) it is as it was taught; one that cannot be read now (emptied) is changed."""
    changed = set()
    for path in paths:
        if (noted := as_read.get(path)) is None:
            continue
        key, label, image = noted
        try:
            now = file_key(path, None)
            if now == key or (now[0] == key[0] and np.array_equal(load_example(path, label).image, image)):
                continue
        except (OSError, ValueError):  # gone since still_there looked, or no picture now: not as it was taught
            pass
        changed.add(path)
    return changed


# Ctrl+T's answer while an import copies examples in: a teach then learnt from the part copied so far, without a word
STILL_IMPORTING = "Your examples are still being imported: press Ctrl+T again once the import is done"
LOADING_POLL_MS = 50  # how often the end of a teach looks whether the model asked for is read
NOTING_WAIT_S = 30.0  # what a teach read, noted in the background: a second at most, on the busiest machine


# the variable that moves each folder teaching hands over out of the home (the model in use is one the user opened)
MOVED_BY = {"The examples folder": "XDG_DATA_HOME", "MNIST's folder": "ROWREADER_DATA"}


def _not_utf8_words(what: str, path: Path) -> str:
    """Why teaching cannot start with ``what`` (``path``) named in bytes that are not UTF-8, and what to do. In a
    home whose name is not UTF-8 (where the examples are kept) "Give it a UTF-8 name" sent the user to rename the
    app's own examples folder, which does not help: the variable that puts it elsewhere is named."""
    home = os.environ.get("HOME", "")
    cannot = "which teaching cannot hand to its process"
    if what in MOVED_BY and not_utf8(home) and path.is_relative_to(home):
        return (
            f"{what}, {readable(str(path))}, is in your home folder, $HOME={readable(home)}, whose name is not UTF-8 "
            f"(bytes of an older system's encoding), {cannot}. Set ${MOVED_BY[what]} to a folder whose name is UTF-8 "
            "(and move what is here into it), start the app again, then teach."
        )
    return (
        f"{what}, {readable(str(path))}, has a name that is not UTF-8 (bytes of an older system's encoding), {cannot}. "
        "Give it a UTF-8 name (and open it again), then teach."
    )
