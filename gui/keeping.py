"""Keep as example (Ctrl+K) and open a kept one from the dock: the question of which digit it is, the keep written
in the background, a keep taken back (Ctrl+Z) and the drawing kept twice refused.

A part of :class:`gui.teaching.Teaching`, whose ``__init__`` makes what it uses (declared at the top of
:class:`Keeping`); ``mend_blocking`` is shared with :mod:`gui.example_transfer`.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import Qt

from gui.image_io import Picture, Reading, file_reading
from gui.keep_dialog import KeepExampleDialog
from gui.screen_room import place_dialog
from gui.status_line import MESSAGE_MS
from rowreader.example_folder import Example, a_digit
from rowreader.model import ROWS
from rowreader.paths import disk_trouble
from rowreader.picture_words import not_one_digit
from rowreader.preprocess import normalise
from rowreader.readable import readable

if TYPE_CHECKING:
    from PySide6.QtWidgets import QDockWidget

    from gui.examples_dock import ExamplesDock
    from gui.latest_request import LatestRequest
    from gui.main_window import MainWindow
    from rowreader.example_store import ExampleStore


def _picture_of(example: Example, reading: Reading) -> Picture | np.ndarray:
    """The example's file, crisp, as Open shows it (its 28×28 blown up to blocks was shown), the same input read;
    its 28×28 as the dock holds it where the file changed since (PictureError is a ValueError). Read by ``reading``,
    the one Ctrl+I reads it again with: it stamps the file as it is shown (stamped at Ctrl+I, an example written over
    since it was shown was read in the other ink as if it were the one shown)."""
    try:
        return reading("auto")
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


class Keeping:
    """Ctrl+K and the dock's double-click: a drawing kept as an example, an example shown in the canvas."""

    # What it uses of the Teaching it is a part of, all made in Teaching.__init__ (one place makes them; the parts
    # share them; tests/test_robust_thirtieth_structure.py keeps this list whole):
    window: MainWindow
    store: ExampleStore
    panel: ExamplesDock
    dock: QDockWidget
    _example_asked: LatestRequest  # the example opened last (a stroke begun supersedes it: connected there)
    # changed here alone
    keep_dialog: KeepExampleDialog | None
    last_keep: LastKeep | None
    keeping: int
    _take_back: bool
    _said_of_drawing: str

    def say_blocked(self) -> None:
        """At the start: what stands where the examples folder should be (``$XDG_DATA_HOME`` naming a file), or a
        disk that takes no file under it (full, mounted read-only), said after the start's other notes. Only the
        first Ctrl+K said it, once a digit was drawn and its question answered, as settings that cannot be saved
        once were."""
        if (blocked := self.store.blocked()) is not None:
            tip = mend_blocking(blocked, ", then keep a drawing (Ctrl+K)", "no example can be kept until then.")
        else:
            nearest = next((f for f in (self.store.root, *self.store.root.parents) if os.path.isdir(f)), None)
            if nearest is None or (disk := disk_trouble(nearest)) is None:
                return
            blocked = f"{nearest} {disk}"
            tip = f"{blocked}: no example can be kept there until that is mended."
        said = "Examples cannot be kept: "  # in the tooltip too, which is announced: it is said whole there
        self.window.status.start_notes.append((f"{said}{blocked}", 30_000, f"{said}{tip}", None))

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
            self._say_of_drawing("Too small to be a digit: draw it larger, then keep it")
            return None
        kept = "keep the drawing again (Ctrl+K): it is still here, and nothing was written."
        if (blocked := self.store.blocked()) is not None:  # before asking which digit it is
            self.window.report_error("Could not keep the example", mend_blocking(blocked, f", then {kept}", NOT_KEPT))
            return None
        drawing = 255 - canvas.render_ink()  # dark ink on white, the canvas as drawn
        read = normalise(drawing, ink="dark")  # the input the example will give the reader
        why = not_one_digit(read, "an example is one digit; clear it (Esc)")
        if why is not None:  # asked for its digit, then refused (store.add)
            self._say_of_drawing(f"Not kept: {why}")
            return None
        if self.last_keep is not None and (said := self.last_keep.kept_already(drawing)) is not None:
            self._say_of_drawing(said, 8000)
            return None
        strokes = canvas.content.strokes  # the library's PenStroke, as the example's sidecar writes them

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
                self._say_of_drawing(f"Not kept: this drawing is kept already, as {a_digit(digit)} ({where})", 8000)
                return
            self.last_keep = keeping = LastKeep(drawing.tobytes(), digit)

            def written(example) -> None:
                keeping.path = example.path
                self._kept(example)
                if self._keep_done():
                    self.panel.undo_stack.undo()

            self.keeping += 1
            self.window.tasks.run(
                self.noting_a_stuck_keep(digit, lambda: self.store.add(digit, drawing, strokes)),
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
        # clear of the drawing it asks about (Qt centred it over the bars), over the window that asks
        place_dialog(dialog, self.window, over_the_window=True)
        # it no longer blocks the window (see KeepExampleDialog.open): the drawing changed, the question goes with
        # it; Ctrl+K again asks it once
        canvas.changed.connect(dialog.withdraw)
        # the window's Undo and Redo from the dialog too, a window of its own: Ctrl+Z there did nothing, unsaid (an
        # undone stroke withdraws the question, as drawing on does)
        dialog.addActions([self.window.actions_.undo, self.window.actions_.redo])
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

    def _say_of_drawing(self, message: str, ms: int = MESSAGE_MS) -> None:
        """Say ``message``, a word on the drawing shown, which goes once the drawing changes (``_drawing_changed``):
        kept its 8 s, "Not kept: this drawing is kept already, as a 1" stood over a 4 drawn since."""
        self.window.say(message, ms)
        self._said_of_drawing = message

    def _drawing_changed(self) -> None:
        self.last_keep = None  # drawn on, cleared or replaced: whatever is there now is a new drawing, even if alike
        if self._said_of_drawing:  # and what was said of the one before is no longer true of it
            self.window.status.take_back(self._said_of_drawing)
            self._said_of_drawing = ""

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
        self.window.room.bring_out(self.dock)  # first: the row of the new example is scrolled into a laid-out view
        self.panel.kept(example)  # undoable: Ctrl+Z after a wrong digit key deletes it again; says it is kept

    def open_example(self, example) -> None:
        """Show an example in the canvas; the keys go back to the reading there (the arrows step through its
        rows, as after opening any picture, rather than moving on to the next thumbnail).

        Its file is decoded on a worker: on the UI thread an imported 8,000² scan held the window 1.9 s. It is shown
        only if nothing was drawn, opened or cleared meanwhile (the canvas's content is replaced by every edit) and
        no other example or picture was asked for since (Ctrl+I is off meanwhile, see PictureInputs.asking); one not
        put over a drawing says so, as a picture opened does."""
        if not example.path.is_file():  # deleted or moved outside the app: it opened from the dock's memory
            where = f"{example.label}/{readable(example.path.name)}"
            self.window.say(f"{where} was deleted or moved outside RowReader: the dock now shows what is there")
            self.panel.load_in_background(self.window.tasks)
            return
        ticket, before, canvas = self._example_asked.ask(), self.window.canvas.content, self.window.canvas
        pictures = self.window.pictures
        asked = pictures.asking()  # Ctrl+I off meanwhile, as while a picture opens; an Open asked since comes first
        again = file_reading(example.path, "from My examples")  # for Ctrl+I too, while the file is unchanged

        def show(picture: Picture | np.ndarray) -> None:
            name = f"example {example.label}/{readable(example.name)}"
            if not pictures.still_asked(asked):  # another example or picture asked for since: that one is shown
                return
            if self._example_asked.is_latest(ticket) and canvas.content is before:
                pictures.use(picture, name, example.label, again)
            else:  # a stroke begun, or an edit, meanwhile
                pictures.given_up(asked)
                if canvas.is_drawing or not canvas.is_empty():  # kept, as a picture opened says (it said nothing)
                    self.window.say(
                        f"Not put over your drawing: {name}, which arrived after you began drawing (open it again "
                        "from My examples to use it).",
                        2 * MESSAGE_MS,
                    )

        self.window.tasks.run(lambda: _picture_of(example, again), show, lambda err: show(example.image))
        canvas.setFocus()
