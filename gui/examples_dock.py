"""The "My examples" dock: the drawings the model will learn from, as the examples folder holds them.

Files are the truth: the dock shows what :class:`rowreader.example_store.ExampleStore` finds in the user's
examples folder (ImageFolder layout), one row of thumbnails per digit with its count (``gui.example_rows``).
Deleting, moving and keeping go through the window's undo stack (``gui.example_commands``), so Ctrl+Z brings an
example back byte for byte. A damaged file is listed in the dock's message line (``rowreader.skipped_files``) and
skipped; the others load. The Keep dialog is ``gui.keep_dialog``.
"""

from __future__ import annotations

import contextlib
import os
import re
import time
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QSize, Qt, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPainter, QTextLayout, QTextOption, QUndoStack
from PySide6.QtWidgets import QApplication, QGridLayout, QLabel, QPushButton, QStyle, QVBoxLayout, QWidget

from gui.cycle_pause import cycles_left_alone
from gui.example_commands import DeleteExample, KeepExample, RelabelExample, kept_text
from gui.example_rows import ExamplesWidget, RowsArea, show_row
from gui.focus_chain import plain_space
from gui.plain_text import plain_tip, words_fitted
from gui.workers import TaskRunner
from rowreader.example_folder import Example, ExamplesError, ExampleSet
from rowreader.example_store import ExampleStore
from rowreader.output import counted, shortened
from rowreader.readable import readable
from rowreader.skipped_files import problem_path, skipped_kinds, some_of

NAMED_IN_MESSAGE = 3  # damaged files named in the dock's message line; the rest are counted
NAMED_IN_TOOLTIP = 20  # …and their reasons in its tooltip
NAME_CHARS = 40  # a longer name is shortened in its middle in the message line (it ran past the dock's edge)
FOLDER_GONE = "is gone (deleted or moved outside RowReader)"  # the examples folder, removed under the app

# (text, tooltip) of the dock's button and of the Teach menu's entry: idle, then while one runs (a button of the
# dock, Import… and Export…, the same tooltip as the entry)
IMPORT_WORDS = (
    ("&Import examples…", "Copy examples from a folder laid out as FOLDER/0/*.png … FOLDER/9/*.png"),
    ("Stop &importing", "Stop the import: the examples copied so far stay, each whole; the rest are not copied"),
)
EXPORT_WORDS = (
    ("E&xport examples…", "Copy your examples into a folder (ImageFolder layout); nothing is overwritten"),
    ("Stop e&xporting", "Stop the export: the examples written so far stay, each whole; the rest are not written"),
)
# the dock's shorter words: Stop, narrower than Import… and Export…, leaves the dock no wider (its least width is the
# window's: "Stop importing" made it 37 px wider at 100 %, more at 200 %, where a small screen has none to spare)
BUTTON_WORDS = {"&Import examples…": "Import…", "E&xport examples…": "Export…", "Stop &importing": "Stop"}
BUTTON_WORDS["Stop e&xporting"] = "Stop"


def wrapped_lines(text: str, font: QFont, width: int) -> list[str]:
    """``text``'s lines as a label of ``width`` px wraps them between words (a word wider than that, alone)."""
    lines = []
    for paragraph in text.split("\n"):
        layout = QTextLayout(paragraph, font)
        option = QTextOption()
        option.setWrapMode(QTextOption.WrapMode.WordWrap)
        layout.setTextOption(option)
        layout.beginLayout()
        while (line := layout.createLine()).isValid():
            line.setLineWidth(width)
            lines.append(paragraph[line.textStart() : line.textStart() + line.textLength()].rstrip())
        layout.endLayout()
    return lines


class _MessageLine(QLabel):
    """The dock's message: its first line, when it says how many examples the folder holds, shortened in its
    middle to the dock's width; the rest (and a reason the folder cannot be used) wrapped. Wrapped whole, the
    folder's path took six lines of a narrow dock (the window at its smallest), leaving room for one digit's row
    of thumbnails; a word of the lines under it wider than the dock, shortened in its middle too. ``text()`` is the
    whole message; the tooltip, where a line was shortened and no other tooltip is set, is those lines whole."""

    def __init__(self) -> None:
        super().__init__()
        self._whole, self._tip = "", ""
        self._cut: str | None = None  # what is drawn where the dock gives it less height than its lines need
        self.setTextFormat(Qt.TextFormat.PlainText)  # it names files and folders
        self.setWordWrap(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setMinimumWidth(1)  # never wider than the dock lets it be: it is shortened instead

    def text(self) -> str:
        return self._whole

    def setText(self, text: str) -> None:
        self._whole = text
        self._fit()

    def setToolTip(self, tip: str) -> None:
        self._tip = tip
        self._fit()

    def _fit(self) -> None:
        first, *rest = self._whole.split("\n")
        if not re.match(
            r"([\d,]+ examples?|Reading your examples( \([\d,]+ of [\d,]+\))?) in ", first
        ):  # a reason, to be read whole: wrapped
            super().setText(self._whole)
            super().setToolTip(self._tip)
            self._cut_to_height()
            return
        # measured in fractions of a pixel, as the label lays its text out: a line whose whole-pixel width was the
        # label's (388 px of 388) wrapped its last word, and one shortened so went on as "xamples" on a second line
        room, metrics = max(self.contentsRect().width(), 40), QFontMetricsF(self.font())
        head, _, folder = first.partition(" in ")  # "2 examples in /a/long/path": the path gives way first
        space = room - metrics.horizontalAdvance(f"{head} in ")
        shown = metrics.elidedText(first, Qt.TextElideMode.ElideMiddle, room)
        if folder and space > metrics.horizontalAdvance("/…/examples"):
            shown = f"{head} in {metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, space)}"
        elif folder:
            shown = metrics.elidedText(f"{head} …", Qt.TextElideMode.ElideRight, room)
        # a word wider than the dock (a clash's "(2/20261203-222555-862813c7da8d8792.png)") cannot wrap: at 150 %
        # with the window at its smallest the line was cut at the dock's edge, which two examples it named unseen
        fitted = [words_fitted(line, metrics, room) for line in rest]
        super().setText("\n".join([shown, *fitted]))
        # the lines shortened, whole in the tooltip, unless it has its own (the files skipped and why)
        cut = ([first] if shown != first else []) + [
            line for line, fit in zip(rest, fitted, strict=True) if fit != line
        ]
        super().setToolTip(self._tip or plain_tip("\n".join(cut)))
        self._cut_to_height()

    def _cut_to_height(self) -> None:
        """Where the dock gives the message less height than its wrapped lines need (200 % on a 1366×768 screen,
        six damaged files: 66 px of 98), the lines that fit, the last shortened to end in "…", and the whole
        message in the tooltip (or the reasons of the files skipped, which name them, where it says those): the
        line under them was drawn cut through its middle. Drawn so, not set as the
        text: the label's size hints stay those of its whole text, so the dock gives it as much room as before."""
        room, metrics = self.contentsRect(), self.fontMetrics()
        lines = wrapped_lines(super().text(), self.font(), room.width())
        fit = max(1, room.height() // metrics.lineSpacing())
        self._cut = None
        if len(lines) > fit:
            rest = metrics.elidedText(" ".join(lines[fit - 1 :]), Qt.TextElideMode.ElideRight, room.width())
            self._cut = "\n".join([*lines[: fit - 1], rest])
            super().setToolTip(self._tip or plain_tip(self._whole))  # the skipped files' reasons name each one

    def minimumSizeHint(self) -> QSize:
        """One line tall at least, not two or more: cut to the lines it is given (``_cut_to_height``), it loses no
        word, and six damaged files' message kept the window 313 px tall at 200 % on a 1024×700 screen, 11 px past
        the screen's bottom with its status bar."""
        hint = super().minimumSizeHint()
        return QSize(hint.width(), min(hint.height(), self.fontMetrics().lineSpacing()))

    def paintEvent(self, event) -> None:
        if self._cut is None:
            super().paintEvent(event)
            return
        painter = QPainter(self)
        painter.setPen(self.palette().color(self.foregroundRole()))
        painter.drawText(self.contentsRect(), Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop, self._cut)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class _PictureLabels:
    """The examples of each picture (its 28×28 input), so that whether a new example clashes with one kept under
    another digit is a lookup: comparing it with 3,000 examples held the window 13 ms at every keep. The clashes of
    a whole folder come from it too (each picture's bytes taken once: 10,000 of them took 0.5 s more)."""

    def __init__(self, examples: list[Example] | None = None) -> None:
        self._kept: dict[bytes, list[Example]] = {}
        # how many examples are each drawing (its picture under its digit, as ExampleSet.drawings has it), and how
        # many drawings each digit holds: the dock showed 1,000 copies of one 3 as 1,000 examples, without a word
        self._copies: Counter[tuple[bytes, int]] = Counter()
        self.drawings: Counter[int] = Counter()
        for example in examples or []:
            self.add(example)

    def add(self, example: Example) -> None:
        self._kept.setdefault(key := example.image.tobytes(), []).append(example)
        self._copies[key, example.label] += 1
        self.drawings[example.label] += self._copies[key, example.label] == 1

    def remove(self, example: Example) -> None:
        kept = self._kept.get(key := example.image.tobytes(), [])
        for i, other in enumerate(kept):
            if other.path == example.path:
                del kept[i]
                self._copies[key, example.label] -= 1
                if not self._copies[key, example.label]:
                    del self._copies[key, example.label]
                    self.drawings[example.label] -= 1
                break
        if not kept:
            self._kept.pop(key, None)

    def copies_of(self, example: Example) -> int:
        """How many examples are ``example``'s drawing (itself among them): one where it has no copy."""
        return self._copies.get((example.image.tobytes(), example.label), 0)

    def kept_as(self, image: np.ndarray, label: int) -> Example | None:
        """An example of ``label`` whose picture is ``image`` (a 28×28 input), if one is kept."""
        return next((other for other in self._kept.get(image.tobytes(), []) if other.label == label), None)

    def kept_as_another(self, example: Example) -> bool:
        """Whether ``example``'s picture is also kept as another digit."""
        return any(other.label != example.label for other in self._kept.get(example.image.tobytes(), []))

    def clashes(self, root: Path) -> list[str]:
        """:meth:`ExampleSet.label_clashes`, from what is held here, read from the examples folder ``root``."""
        return [
            clash
            for kept in self._kept.values()
            if len(kept) > 1
            for clash in ExampleSet(kept, root=root).label_clashes()
        ]


class ExamplesDock(QWidget):
    """The dock's content: the rows of thumbnails, a message line, and import/export/teach buttons."""

    changed = Signal(object)  # ExampleSet, whenever what it shows changes: a reading (or part of one), a keep, a delete
    failed = Signal(str, str)  # (title, message) of an error the window shows
    said = Signal(str)  # a status-bar message: what a keep, a move or an undo or redo of one did, or why it did nothing
    # from the reading's thread (queued onto the UI thread): reading, examples read since, files done, in all
    _read_so_far = Signal(int, object, int, int)

    def __init__(self, store: ExampleStore, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.found = ExampleSet()
        self.layout_error: str | None = None  # why the folder's layout cannot be used, if it cannot
        # the examples folder seen by a reading: one not there now is gone, not yet to be made (folder_gone)
        self._root_seen = False
        self.clashes: list[str] = []  # pictures kept under two digits (found at each reading and each delete)
        self._kinds: tuple[list[str] | None, str] = (None, "")  # a reading's problems, and what kinds they are
        self._pictures = _PictureLabels()
        self._readings = 0  # readings of the folder started, so a slow one cannot overwrite a newer one
        self.read_started = time.monotonic()  # when the latest reading began (the first starts with the window)
        self._edits = 0  # examples kept or deleted here: a reading that began before one of them is out of date
        self._deleted_while_read: set[str] = set()  # deleted here since the reading began: its batches list them
        self._waiting: list[Callable[[ExampleSet], None]] = []  # told what the next finished reading found
        self._reading_now = False  # a reading runs in the background; never two at once
        self._read_again = False  # asked for while one ran: once it ends, the folder is read once more
        self._first_reading = 0  # the reading that began with no examples shown: it shows them as it goes
        # (files done, files in all or None before it knows, the digit a first reading is at, None in a later one)
        # of a reading shown as it goes
        self.progress: tuple[int, int | None, int | None] | None = None
        self._read_so_far.connect(self._show_so_far)
        self.view = ExamplesWidget()
        self.scroll = scroll = RowsArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the rows, which show the focus; the area draws none
        self.message = _MessageLine()
        self.import_button, self.export_button = QPushButton(), QPushButton()
        self.set_button_words(self.import_button, *IMPORT_WORDS[0])
        self.set_button_words(self.export_button, *EXPORT_WORDS[0])
        self.teach_button = QPushButton("Teach…")
        self.buttons = QGridLayout()
        self._columns = 0  # the buttons' columns: 3 side by side, 2 (Teach under Import and Export) or 1
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(self.buttons)
        self._arrange(3)
        # as narrow as the strips and two buttons side by side allow, Teach then under Import and Export (see
        # resizeEvent): all three side by side made the dock 260 px wide at least, and at 200 % on a 1400-px screen
        # (700 logical) the window with the dock was wider than the screen; one under the other, they made it 198 px
        # tall at least, and at 200 % on a 1024×600 screen (252 px free) the window was 299 px tall, its status bar
        # past the screen's bottom
        self._fit_width()
        self.view.widened.connect(self._fit_width)
        self.view.delete_requested.connect(self.delete)
        self.view.delete_unchosen.connect(self.said)
        self.view.relabel_requested.connect(self.relabel)

    def _fit_width(self) -> None:
        margins = self.layout().contentsMargins()
        width = max(self.scroll.minimumSizeHint().width(), self._width(2)) + margins.left() + margins.right()
        self.setMinimumWidth(width)

    def _least(self, button: QPushButton) -> int:
        """The width ``button``'s words need: the style's 80 px at least made two buttons side by side too wide."""
        style = button.style()
        padding = 2 * style.pixelMetric(QStyle.PixelMetric.PM_ButtonMargin, None, button)
        padding += 2 * style.pixelMetric(QStyle.PixelMetric.PM_DefaultFrameWidth, None, button)
        return button.fontMetrics().horizontalAdvance(button.text()) + padding

    def _width(self, columns: int) -> int:
        """Width the buttons need in ``columns`` columns: side by side, with a little room between Export and Teach;
        in two, Import and Export at their least."""
        spacing = max(self.buttons.horizontalSpacing(), 0)
        if columns == 3:
            hints = [b.sizeHint().width() for b in (self.import_button, self.export_button, self.teach_button)]
            return sum(hints) + 2 * spacing + self.fontMetrics().horizontalAdvance("MM")
        return self._least(self.import_button) + spacing + self._least(self.export_button)

    def _arrange(self, columns: int) -> None:
        """The buttons in ``columns`` columns: 3, Teach at the right; 2, Teach under Import and Export."""
        if columns == self._columns:
            return
        self._columns = columns
        for button in (self.import_button, self.export_button, self.teach_button):
            self.buttons.removeWidget(button)
            button.setMinimumWidth(self._least(button) if columns == 2 else 0)
        self.buttons.addWidget(self.import_button, 0, 0)
        self.buttons.addWidget(self.export_button, 0, 1)
        if columns == 3:
            self.buttons.addWidget(self.teach_button, 0, 2, Qt.AlignmentFlag.AlignRight)
        else:
            self.buttons.addWidget(self.teach_button, 1, 0, 1, 2)
        self.buttons.setColumnStretch(2, 1 if columns == 3 else 0)

    def event(self, event: QEvent) -> bool:
        """Space on a button here (Import…, Export…, Teach…) is the button's: the window's Play took it, and with a
        drawing shown it scanned the drawing, the button unpressed (with none, it said there was nothing to play)."""
        focus = QApplication.focusWidget()
        if plain_space(event) and isinstance(focus, QPushButton) and self.isAncestorOf(focus):
            event.accept()  # no shortcut: the key press goes to the button
            return True
        return super().event(event)

    def set_button_words(self, button: QPushButton, words: str, tip: str) -> None:
        """``button``'s text, tooltip and accessible name, from its menu entry's ``words`` (Import… says Stop while an
        import runs: see :data:`BUTTON_WORDS`). A screen reader is given the entry's words: the short Stop of both
        buttons, while an import and an export ran, named two buttons alike."""
        button.setText(BUTTON_WORDS[words])
        button.setToolTip(tip)
        button.setAccessibleName(words.replace("&", ""))

    def resizeEvent(self, event) -> None:
        margins = self.layout().contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        self._arrange(3 if room >= self._width(3) else 2)
        super().resizeEvent(event)

    def reload(self) -> None:
        """Re-read the folder now (unchanged files come from the store's cache) and show what was found."""
        self._readings += 1  # a reading started earlier in the background is older than this one
        listings = self.store.listings()  # before it reads: what changes meanwhile is not taken for read
        try:
            found: ExampleSet | ExamplesError = self.store.load()
        except ExamplesError as err:
            found = err
        else:
            self.store.known(listings)
        self._settle(self.show_found(found))

    def load_in_background(self, tasks: TaskRunner, then: Callable[[ExampleSet], None] | None = None) -> None:
        """Read the folder off the UI thread (at start-up, after an import, before teaching): 2,000 examples
        took 3 s to read the first time, and re-reading them still held the window ~0.3 s.

        ``then`` is called with what was found once a reading that is not out of date has been shown: this one,
        or the newer one that replaced it.
        """
        if then is not None:
            self._waiting.append(then)
        if self._reading_now:  # coming back to the window during a first reading of 10,000 examples started a
            self._read_again = True  # second one beside it, and every picture was decoded twice
            return
        self._read_again = False
        first = not self.found.examples  # shown as it is read: the dock showed nothing for minutes, then all
        if first:
            self.progress = (0, None, 0)
            self._announce()
        self._readings += 1
        if first:
            self._first_reading = self._readings
        self._reading_now = True
        self.read_started = time.monotonic()
        reading, edits = self._readings, self._edits
        self._deleted_while_read = set()

        def so_far(batch: list[Example], done: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed while this ran: nobody to tell
                self._read_so_far.emit(reading, batch, done, total)

        def read() -> tuple[ExampleSet, _PictureLabels, dict]:
            # what the pictures are kept as, too: for 10,000 examples it held the window 1.2 s of 1.6
            listings = self.store.listings()  # before it reads: what changes meanwhile is not taken for read
            with cycles_left_alone():
                found = self.store.load(tasks.stopping.is_set, so_far)
                return found, _PictureLabels(found.examples), listings

        def done(result: tuple[ExampleSet, _PictureLabels, dict] | BaseException) -> None:
            self._reading_now = False
            if reading != self._readings and not self._read_again:  # read again meanwhile (reload): that is newer
                return
            # an example kept or deleted while this reading ran, or a reading asked for meanwhile: read once more
            # (quick: the pictures read are the store's now)
            if edits != self._edits or self._read_again:
                self.load_in_background(tasks)
                return
            if isinstance(result, BaseException):
                # a MemoryError has no words: "…/examples: " and nothing after it, as Ctrl+T's reading ran out of memory
                why = str(result) or type(result).__name__
                error = result if isinstance(result, ExamplesError) else ExamplesError(f"{self.store.root}: {why}")
                self._settle(self.show_found(error))
                return
            found, pictures, listings = result
            self.store.known(listings)  # the folder as shown: the watcher's news of it is then of something else
            self._settle(self.show_found(found, pictures))

        tasks.run(read, done, done)

    def _show_so_far(self, reading: int, batch: list[Example], done: int, total: int) -> None:
        """How far a reading has come; a first reading's examples shown too (see :meth:`load_in_background`). A
        later one's rows stand until its end, but it is said: 1,000 pictures copied in beside 8 kept were read for
        20–30 s (at a load of 7) under "8 examples in …", then shown all at once."""
        if reading != self._readings or not self._reading_now:  # a newer one began, or this one ended
            return
        if reading != self._first_reading:  # a later reading: the rows stand, a first one's "…" with them
            self.progress = (done, total, self.progress[2] if self.progress else None)
            self._announce()
            return
        if self.progress is None:
            return
        shown = {e.path for e in self.found.examples} if self._edits else set()  # one kept meanwhile is there
        # one deleted here once the reading had listed it came back with its batch, a thumbnail of no file
        new = [e for e in batch if e.path not in shown and os.fspath(e.path) not in self._deleted_while_read]
        self.found.examples += new  # which picture is kept as which digit comes at the end, from the reading
        self.view.add_examples(new)
        self.progress = (done, total, batch[-1].label if batch else self.progress[2])
        self._announce()

    def _settle(self, found: ExampleSet) -> None:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(found)

    def added(self, example: Example) -> None:
        """An example just written by the store: shown at once, without re-reading the folder."""
        self._edits += 1
        if os.fspath(example.path) not in [os.fspath(e.path) for e in self.found.examples]:  # see dropped
            self.found.examples.append(example)
            item = self.view.add_example(example)
            strip = self.view.rows[example.label][1]
            strip.scrollToItem(item)  # where the new one is, even with ten rows of them
            show_row(self.scroll, strip)
            self._pictures.add(example)
        if self._pictures.kept_as_another(example):  # a misfiled copy brought back by Ctrl+Z
            self.clashes = self._pictures.clashes(self.store.root)
        self._announce()

    def kept_already(self, image: np.ndarray, label: int) -> Example | None:
        """The example of ``label`` shown with this very 28×28 input, if there is one (see :class:`_PictureLabels`)."""
        return self._pictures.kept_as(image, label)

    def kept(self, example: Example) -> None:
        """An example just kept from the canvas: shown, and undoable (Ctrl+Z deletes it again)."""
        self.added(example)
        self.undo_stack.push(KeepExample(self, example))
        self.said.emit(kept_text(example))

    def dropped(self, example: Example) -> None:
        """An example just deleted by the store: its thumbnail goes, the other rows stay as they are."""
        self._edits += 1
        # its path as text, the others' once each: three paths compared with each of 12,944 (39,000 Path.__eq__) held
        # the window some 25 ms at each move
        gone, kept, path = [], [], os.fspath(example.path)
        self._deleted_while_read.add(path)
        for shown in self.found.examples:
            (gone if os.fspath(shown.path) == path else kept).append(shown)
        for example_gone in gone:
            self._pictures.remove(example_gone)
        self.found.examples = kept
        self.view.remove_example(example)
        if self.clashes:  # deleting the misfiled copy is how a clash is mended: the line goes with it
            self.clashes = self._pictures.clashes(self.store.root)
        self._announce()

    def show_found(self, found: ExampleSet | ExamplesError, pictures: _PictureLabels | None = None) -> ExampleSet:
        """Show the examples; damaged files are named in the message line, and so is a layout that cannot be
        used (a folder holding ``seven/`` and no digit's folder), which shows no examples rather than failing: it
        was raised while the window was being built, so one odd folder kept the app from starting."""
        shown = {e.path: e for e in self.found.examples}
        self.progress = None
        if isinstance(found, ExamplesError):
            self.found, self.layout_error = ExampleSet(), readable(str(found))  # it names the folder
        else:
            self.found, self.layout_error = found, None
        self._root_seen = self._root_seen or self.store.root.is_dir()
        # the store hands back the same Example for a file that did not change: then the thumbnails stand
        # (rebuilding 2,000 of them held the window 0.23 s each time Ctrl+T re-read an unchanged folder)
        same = len(shown) == len(self.found.examples) and all(shown.get(e.path) is e for e in self.found.examples)
        self._pictures = pictures if pictures is not None else _PictureLabels(self.found.examples)
        if not same:
            # no drawings counted until _announce counts this reading's: the last one's beside these rows said
            # "1 · 5 / 4 drawings", a label 18 px wider, and the dock widened with it (its width kept, see show_counts)
            self.view.show_drawings({}, self._pictures.copies_of)
            self.view.show_examples(self.found)
        else:  # the counts again, in place of the "…" of a reading (an empty folder read again)
            self.view.show_counts()
        self.clashes = self._pictures.clashes(self.store.root)
        self._announce()
        return self.found

    def _announce(self) -> None:
        """The message line (how many, and what was skipped and why), then ``changed`` for the listeners."""
        total = len(self.found)
        folder = readable(str(self.store.root))  # a home whose name is not UTF-8: "ren" (the byte dropped by Qt)
        drawings = self._pictures.drawings.total()  # fewer than the examples where some are copies of another
        different = f" ({counted(drawings, 'drawing')})" if 0 < drawings < total else ""
        text = f"{counted(total, 'example')}{different} in {folder}"  # "10000 examples" read poorly
        if not total and self.folder_gone:  # it said "0 examples in …" alone, as on a first start
            text += f"\n⚠ that folder {FOLDER_GONE}"
        self.view.show_drawings(self._pictures.drawings, self._pictures.copies_of)
        if self.progress is not None:  # a keep during a first reading said "1 example in …" of 10,000
            done, listed, digit = self.progress
            # the count before the folder: after it, the folder's shortening cut "3,854 of" to "…4 of"
            so_far = f" ({done:,} of {listed:,})" if listed else ""
            text = f"Reading your examples{so_far} in {folder}…"
            self.view.show_counts(unfinished=digit)
        if self.layout_error is not None:
            text = f"⚠ your examples cannot be used: {self.layout_error}"
            self.message.setToolTip(plain_tip(self.layout_error))
        elif problems := self.found.problems:
            # a few names, the reasons of a few more in the tooltip: 300 damaged files made a message line that
            # hid every digit's row but one (and ran past the dock), and a tooltip taller than the screen
            # told apart once for these files: each Delete, Ctrl+Z, keep and reading again opened every skipped file
            # anew, on this thread (too_large), and with 5,000 damaged files in 3/ each held the window 8 s; and
            # only those named are put in words (the rest are counted), where all 5,000 were, 0.3 s each time
            if self._kinds[0] != problems:
                self._kinds = (problems, skipped_kinds(problems))
            named = [shortened(readable(problem_path(p).name), NAME_CHARS) for p in problems[:NAMED_IN_MESSAGE]]
            named += problems[NAMED_IN_MESSAGE:]  # counted only
            text += f"\n⚠ skipped {self._kinds[1]}: {some_of(named, NAMED_IN_MESSAGE, '; ')}"
            reasons = [readable(p) for p in problems[:NAMED_IN_TOOLTIP]] + problems[NAMED_IN_TOOLTIP:]
            self.message.setToolTip(plain_tip(some_of(reasons, NAMED_IN_TOOLTIP, "\n")))
        else:
            self.message.setToolTip("")
        if self.clashes and self.layout_error is None:  # taught as both digits, held-out below 100 %, no word why
            more = f" (and {len(self.clashes) - 1} more)" if len(self.clashes) > 1 else ""
            text += f"\n⚠ {readable(self.clashes[0])}{more}"
        self.message.setText(text)
        self.changed.emit(self.found)

    @property
    def folder_gone(self) -> bool:
        """Whether the examples folder, seen by a reading here, is not there now: removed under the app (a file
        manager, ``rm -r``), where the dock said "0 examples in …" and Ctrl+T "You have kept no example", as if none
        had ever been kept. A folder never made (no example kept yet) is not gone."""
        return self._root_seen and not os.path.lexists(self.store.root)

    def not_done(self, example: Example, err: Exception, digit: int, title: str, done: str) -> None:
        """Say why ``example`` was not deleted or moved (``done``) to ``digit``'s folder, and show what is there now.
        Gone already (another window, a file manager): the status bar says so. Refused by its folder (read-only,
        not ours, full): an error box, as a keep, an import or an undo that fails; a delete said so in the dock's
        message line alone, gone at the next reading, and a move in an error box.

        Gone, its thumbnail goes; the rest is read again in the background, as the folder changes (the watcher) or
        the window is come back to from the box. The whole folder was read again here: on a read-only folder of
        20,000 examples each Delete held the window 5.8 s, each Move 2.7 s."""
        where = f"{example.label}/{readable(example.path.name)}"
        if not os.path.lexists(example.path):
            self.dropped(example)
        # or its digit's folder no folder now: made a file meanwhile (a zip of the 5s named 5), the read's "Not a
        # directory" said "stays among the 5s" in an error box
        folder_gone = not os.path.isdir(example.path.parent)
        if (isinstance(err, FileNotFoundError) or folder_gone) and not os.path.lexists(example.path):
            self.said.emit(f"{where} was already gone (deleted or moved outside RowReader): nothing was {done}")
        else:
            why = self.store.blocked((digit,)) or str(err)
            self.failed.emit(title, f"{where} stays among the {example.label}s: {why}.")

    def delete(self, example: Example) -> None:
        """Delete an example's files through the undo stack (Ctrl+Z restores them)."""
        self.undo_stack.push(DeleteExample(self, example))

    def relabel(self, example: Example, label: int) -> None:
        """Move an example to the digit it is, through the undo stack (Ctrl+Z moves it back)."""
        self.undo_stack.push(RelabelExample(self, example, label))
