"""The undoable edits of the examples folder: delete, move to another digit, keep. Each goes through the window's
undo stack: Ctrl+Z brings a deleted example back byte for byte (its files' bytes kept in memory meanwhile), moves a
moved one back, and takes a kept one back (deleting it, its bytes kept for Ctrl+Shift+Z).
"""

from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtGui import QUndoCommand

from rowreader.example_folder import Example
from rowreader.example_store import Removed
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.examples_dock import ExamplesDock


def kept_text(example: Example) -> str:
    """The status bar's word for an example just kept (or kept again by redo)."""
    return f"Kept as an example of {example.label} ({readable(example.path.name)})"


class DeleteExample(QUndoCommand):
    """Deleting an example, undoable: the files' bytes are kept in memory until the command is dropped."""

    def __init__(self, dock: ExamplesDock, example: Example) -> None:
        super().__init__(f"delete example {example.label}/{readable(example.name)}")
        self._dock, self._example, self._removed = dock, example, None
        self._on_disk = True  # False while deleted, and after an undo that could not write it back
        self.retry = "Redo then Undo (Ctrl+Shift+Z, Ctrl+Z)"  # after a write-back that failed
        self.refused = "Could not delete the example"  # the error box's title where the folder refuses it
        # the status bar says what it did (a Delete meant for the canvas went unsaid); a keep's take-back, which is
        # one of these run the other way, says its own words
        self.tell = True

    def redo(self) -> None:
        if not self._on_disk:  # after an undo that failed: still deleted, its bytes kept for the next undo
            return
        try:
            self._removed = self._dock.store.remove(self._example)
        except OSError as err:  # gone or refused since it was shown: nothing to undo, show what is there now
            self._removed = None
            self.setObsolete(True)
            self._dock.not_done(self._example, err, self._example.label, self.refused, "deleted")
            return
        self._on_disk = False
        self._dock.dropped(self._example)
        if self.tell:
            name = readable(self._example.path.name)
            self._dock.said.emit(f"Deleted the example of {self._example.label} ({name}): Ctrl+Z brings it back")

    def undo(self) -> None:
        """Write the example back. If that fails (its folder replaced by a file, a full disk), say so and keep
        its bytes: the error escaped as a traceback nobody saw, and the next redo then dropped them for good."""
        if self._removed is None:
            return
        try:
            example = self._dock.store.restore(self._removed)
        except OSError as err:
            where = self._removed.path.relative_to(self._dock.store.root)
            why = self._dock.store.blocked((self._example.label,)) or str(err)
            self._dock.failed.emit(
                "Could not bring the example back",
                f"{where}: {why}.\n\nIts picture is kept while RowReader runs: once that is mended, {self.retry} "
                "brings it back.",
            )
            return
        self._example, self._on_disk = example, True
        self._dock.added(example)
        self._dock.view.choose(example)
        # both names readable, as every other word of the dock's: an escape went raw to the bar, and Qt dropped a byte
        # that is not UTF-8, naming another file
        name = readable(example.path.name)
        if (old := self._removed.path.name) != example.path.name:  # it came back renamed, and nothing said so
            if os.path.lexists(self._removed.path):  # another file took it meanwhile (a scanner's next scan1.png)
                why = f"{readable(old)}, names another file now"
            else:
                why = f"{len(os.fsencode(old))} bytes, is too long to write again here"
            self._dock.said.emit(f"Brought back the example of {example.label} as {name}: its own name, {why}")
        elif self.tell:  # the bar went on offering Ctrl+Z for an example back already
            self._dock.said.emit(f"Brought back the example of {example.label} ({name})")

    @property
    def removed(self) -> Removed | None:
        return self._removed

    @property
    def on_disk(self) -> bool:
        """Whether the example's files are there (False while deleted, and after a write-back that failed)."""
        return self._on_disk

    @property
    def example(self) -> Example:
        return self._example


class RelabelExample(QUndoCommand):
    """Moving an example to another digit (its files move there), undoable: undo moves it back."""

    def __init__(self, dock: ExamplesDock, example: Example, label: int) -> None:
        super().__init__(f"move example {example.label}/{readable(example.name)} to {label}")
        self._dock, self._example, self._labels = dock, example, (example.label, label)  # (from, to)

    def _move(self, label: int) -> Example | None:
        """The example moved to ``label``'s row, or None where the store refused (said so)."""
        old = self._example
        try:
            new = self._dock.store.relabel(old, label)
        except (OSError, ValueError) as err:  # gone, or a folder that refuses it: both files stay as they were
            self.setObsolete(True)
            self._dock.not_done(old, err, label, "Could not move the example", "moved")
            return None
        self._example = new
        self._dock.dropped(old)
        self._dock.added(new)
        self._dock.said.emit(f"Moved the example of {old.label} ({readable(new.path.name)}) to the {label}s")
        return new

    def redo(self) -> None:
        self._move(self._labels[1])

    def undo(self) -> None:
        """Move it back, chosen in its row as a Delete's undo leaves the example it brings back: the choice stayed
        on the thumbnail after it, where the move had left it, and Delete deleted that one."""
        if (new := self._move(self._labels[0])) is not None:
            self._dock.view.choose(new)


class KeepExample(QUndoCommand):
    """Keeping an example, undoable: after a wrong digit key, Ctrl+Z undid the drawing's last stroke instead, and
    the misfiled example stayed. Undo deletes it (its bytes kept), Redo writes it back: a delete the other way."""

    def __init__(self, dock: ExamplesDock, example: Example) -> None:
        super().__init__(f"keep example {example.label}/{readable(example.name)}")
        self._dock = dock
        self._delete = DeleteExample(dock, example)
        self._delete.retry = "Undo then Redo (Ctrl+Z, Ctrl+Shift+Z)"
        self._delete.refused = "Could not take back the example"
        self._delete.tell = False
        self._written = True  # pushed once the store has written it: the first redo has nothing to do

    def redo(self) -> None:
        if self._written:
            self._written = False
            return
        self._delete.undo()
        if self._delete.on_disk:
            self._dock.said.emit(kept_text(self._delete.example))

    def undo(self) -> None:
        """Delete it again; the status bar says so (it went on saying "Kept as an example of …")."""
        self._delete.redo()
        example = self._delete.example
        name = readable(example.path.name)
        if self._delete.removed is None and not example.path.exists():  # deleted outside meanwhile: the status bar
            # went on saying "Kept", and a redo then said it was kept again while nothing was written; none is offered
            self.setObsolete(True)
            self._dock.said.emit(f"The example of {example.label} ({name}) was already gone: nothing to take back")
        elif not self._delete.on_disk:  # else it could not be deleted: the error box says why
            self._dock.said.emit(f"Took back the example of {example.label} ({name}): Ctrl+Shift+Z keeps it again")
