"""The "My examples" dock and the "Keep as example" dialog: collecting the drawings the model will learn from.

Files are the truth: the dock shows what :class:`rowreader.examples.ExampleStore` finds in the user's
examples folder (ImageFolder layout), one row of thumbnails per digit with its count. Deleting goes through
the window's undo stack, so Ctrl+Z brings an example back byte for byte. A damaged file is listed in the
dock's message line and skipped; the others load.
"""

from __future__ import annotations

import bisect
import contextlib
import os
import re
import time
from collections.abc import Callable
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QObject, QSize, Qt, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPalette,
    QPixmap,
    QUndoCommand,
    QUndoStack,
    QWindow,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QApplication,
    QBoxLayout,
    QButtonGroup,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QPushButton,
    QScrollArea,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from gui.plain_text import plain_tip, shortened
from gui.workers import TaskRunner
from rowreader.examples import (
    NOT_A_DIGITS_FOLDER,
    NOT_COPIED,
    OUTSIDE_THE_DIGITS,
    Example,
    ExamplesError,
    ExampleSet,
    ExampleStore,
    Removed,
    a_digit,
)
from rowreader.model import CLASSES, COLUMNS, ROWS
from rowreader.paths import broken_link
from rowreader.picture import HEIC, MANY_SMALL_MARKS, SIDE_BY_SIDE, too_large
from rowreader.readable import readable

THUMB = 40  # px: big enough to recognise a digit, small enough for a dozen per row
NAMED_IN_MESSAGE = 3  # damaged files named in the dock's message line; the rest are counted
NAMED_IN_TOOLTIP = 20  # …and their reasons in its tooltip
NAME_CHARS = 40  # a longer name is shortened in its middle in the message line (it ran past the dock's edge)


def kept_text(example: Example) -> str:
    """The status bar's word for an example just kept (or kept again by redo)."""
    return f"Kept as an example of {example.label} ({readable(example.path.name)})"


def _some(items: list[str], most: int, separator: str) -> str:
    """The first ``most`` items joined, and how many more there are."""
    more = f"{separator}… and {len(items) - most} more" if len(items) > most else ""
    return separator.join(items[:most]) + more


def _problem_path(problem: str) -> Path:
    """The file a skipped file's line (``PATH: why``) is about."""
    return Path(problem.split(": ", 1)[0])


_DIGIT_NAMES = frozenset(str(digit) for digit in range(CLASSES))


def skipped_kinds(problems: list[str]) -> str:
    """ "2 damaged file(s) and 1 broken link(s)": a link to nothing was called damaged, though the file it names is
    only elsewhere (the library's list of skipped files says "it is a link to …, which does not exist"); so was a
    whole picture whose sidecar names another digit (or is not ours); so was an `old/` beside the digits' folders."""
    # by their endings: a ": " in the folder's own path ("My: scans") is no end of the name
    not_named = [problem.endswith(f": {NOT_A_DIGITS_FOLDER}") for problem in problems]
    outside = [f": {OUTSIDE_THE_DIGITS}; " in problem for problem in problems]
    problems = [p for p, stray, loose in zip(problems, not_named, outside, strict=True) if not stray and not loose]
    # an import's: a picture whose digit's folder here is a file, or one gone since its folder was read (not damaged)
    uncopied = [problem.split(": ", 1)[-1].startswith(NOT_COPIED) for problem in problems]
    problems = [problem for problem, left in zip(problems, uncopied, strict=True) if not left]
    paths = [_problem_path(problem) for problem in problems]
    sidecars = sum(problem.split(": ", 1)[-1].startswith("sidecar") for problem in problems)
    links = sum(broken_link(path) is not None for path in paths)
    folders = sum(path.is_symlink() and path.is_dir() for path in paths)  # not followed: a loop would never end
    # a file named 3 where the 3s' folder should be (no picture is named so: a picture has its suffix): every 3
    # left unread, and it was "1 damaged file(s): 3"
    in_place = [path.name in _DIGIT_NAMES and broken_link(path) is None for path in paths]
    # a named pipe called x.png is never opened; it was called damaged
    special = sum(
        path.exists() and not path.is_file() and not path.is_dir() and not instead
        for path, instead in zip(paths, in_place, strict=True)
    )
    large = sum(path.is_file() and too_large(path) for path in paths)  # a 900-megapixel photo is whole, not damaged
    several = sum(SIDE_BY_SIDE in problem for problem in problems)  # "37" in 3/: whole, but not one digit
    text = sum(MANY_SMALL_MARKS in problem for problem in problems)  # a page of text in 3/: whole, no digit either
    heic = sum(HEIC in problem for problem in problems)  # a phone's photo, whole: it was passed over without a word
    unread = links + folders + special + large + several + text + heic + sidecars + sum(in_place)
    counts = (
        (len(paths) - unread, "damaged file(s)"),
        (sum(not_named), "folder(s) not named 0–9"),
        (sum(outside), "picture(s) outside the digits' folders"),
        (sum(in_place), "file(s) where a digit's folder should be"),
        (sum(uncopied), "picture(s) not copied"),
        (sidecars, "picture(s) with a wrong sidecar (.json)"),
        (large, "picture(s) too large"),
        (several, "picture(s) of digits side by side"),
        (text, "picture(s) of many small marks (text?)"),
        (heic, "HEIC photo(s), to be saved as JPEG or PNG"),
        (links, "broken link(s)"),
        (folders, "link(s) to a folder"),
        (special, "named pipe(s) or device(s)"),
    )
    kinds = [f"{count} {kind}" for count, kind in counts]
    return " and ".join(kind for kind in kinds if not kind.startswith("0 "))


def thumbnail(example: Example, ratio: float = 1.0) -> QIcon:
    """The 28×28 input the model reads, dark on light, as an icon (what it learns from, not the raw file).

    Drawn at the screen's pixel ratio: a 40-px pixmap was stretched, and blurred, on a 2× screen.
    """
    grey = np.ascontiguousarray(255 - np.round(example.image * 255).astype(np.uint8))
    image = QImage(grey.data, COLUMNS, ROWS, COLUMNS, QImage.Format.Format_Grayscale8).copy()
    size = round(THUMB * ratio)
    pixmap = QPixmap.fromImage(image).scaled(size, size, mode=Qt.TransformationMode.SmoothTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return QIcon(pixmap)


class _Thumbnail(QListWidgetItem):
    """One example in its digit's strip. Its icon and tooltip are made when the strip first asks for them (it asks
    for those it shows): made for all, 10,000 examples held the window 4.4 s at every change of the folder."""

    def __init__(self, example: Example, ratio: float) -> None:
        super().__init__()
        self._ratio = ratio
        self._icon: QIcon | None = None
        self.setData(Qt.ItemDataRole.UserRole, example)

    def data(self, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            if self._icon is None:
                self._icon = thumbnail(super().data(Qt.ItemDataRole.UserRole), self._ratio)
            return self._icon
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            example = super().data(Qt.ItemDataRole.UserRole)
            date = f", {example.date}" if example.date else ""
            said = f"{example.label}: {readable(example.path.name)}{date}"
            # a screen reader reads an item's text, and a thumbnail has none: it said nothing of each example
            return plain_tip(said) if role == Qt.ItemDataRole.ToolTipRole else said
        return super().data(role)


class _MessageLine(QLabel):
    """The dock's message: its first line, when it says how many examples the folder holds, shortened in its
    middle to the dock's width; the rest (and a reason the folder cannot be used) wrapped. Wrapped whole, the
    folder's path took six lines of a narrow dock (the window at its smallest), leaving room for one digit's row
    of thumbnails. ``text()`` is the whole message; so is the tooltip where the first line was shortened and no
    other tooltip is set."""

    def __init__(self) -> None:
        super().__init__()
        self._whole, self._tip = "", ""
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
            return
        room, metrics = max(self.contentsRect().width(), 40), self.fontMetrics()
        head, _, folder = first.partition(" in ")  # "2 examples in /a/long/path": the path gives way first
        space = room - metrics.horizontalAdvance(f"{head} in ")
        shown = metrics.elidedText(first, Qt.TextElideMode.ElideMiddle, room)
        if folder and space > metrics.horizontalAdvance("/…/examples"):
            shown = f"{head} in {metrics.elidedText(folder, Qt.TextElideMode.ElideMiddle, space)}"
        elif folder:
            shown = metrics.elidedText(f"{head} …", Qt.TextElideMode.ElideRight, room)
        super().setText("\n".join([shown, *rest]))
        super().setToolTip(self._tip or (plain_tip(first) if shown != first else ""))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()


class _DeleteExample(QUndoCommand):
    """Deleting an example, undoable: the files' bytes are kept in memory until the command is dropped."""

    def __init__(self, dock: ExamplesDock, example: Example) -> None:
        super().__init__(f"delete example {example.label}/{readable(example.name)}")
        self._dock, self._example, self._removed = dock, example, None
        self._on_disk = True  # False while deleted, and after an undo that could not write it back
        self.retry = "Redo then Undo (Ctrl+Shift+Z, Ctrl+Z)"  # after a write-back that failed
        self.refused = "Could not delete the example"  # the error box's title where the folder refuses it

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
        if (old := self._removed.path.name) != example.path.name:  # it came back renamed, and nothing said so
            self._dock.said.emit(
                f"Brought back the example of {example.label} as {example.path.name}: its own name, "
                f"{len(os.fsencode(old))} bytes, is too long to write again here"
            )

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


class _RelabelExample(QUndoCommand):
    """Moving an example to another digit (its files move there), undoable: undo moves it back."""

    def __init__(self, dock: ExamplesDock, example: Example, label: int) -> None:
        super().__init__(f"move example {example.label}/{readable(example.name)} to {label}")
        self._dock, self._example, self._labels = dock, example, (example.label, label)  # (from, to)

    def _move(self, label: int) -> None:
        old = self._example
        try:
            new = self._dock.store.relabel(old, label)
        except (OSError, ValueError) as err:  # gone, or a folder that refuses it: both files stay as they were
            self.setObsolete(True)
            self._dock.not_done(old, err, label, "Could not move the example", "moved")
            return
        self._example = new
        self._dock.dropped(old)
        self._dock.added(new)
        self._dock.said.emit(f"Moved the example of {old.label} ({readable(new.path.name)}) to the {label}s")

    def redo(self) -> None:
        self._move(self._labels[1])

    def undo(self) -> None:
        self._move(self._labels[0])


class _KeepExample(QUndoCommand):
    """Keeping an example, undoable: after a wrong digit key, Ctrl+Z undid the drawing's last stroke instead, and
    the misfiled example stayed. Undo deletes it (its bytes kept), Redo writes it back: a delete the other way."""

    def __init__(self, dock: ExamplesDock, example: Example) -> None:
        super().__init__(f"keep example {example.label}/{readable(example.name)}")
        self._dock = dock
        self._delete = _DeleteExample(dock, example)
        self._delete.retry = "Undo then Redo (Ctrl+Z, Ctrl+Shift+Z)"
        self._delete.refused = "Could not take back the example"
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


class _Strip(QListWidget):
    """One digit's thumbnails. With its focus, Delete and Backspace are its keys: the window's Clear
    shortcut (Esc, Delete) otherwise took Delete first and cleared the canvas instead of deleting the example.
    So are the arrows, Home and End, which move between thumbnails: the window's Step and Live shortcuts took
    them, and the keyboard could not go from one example to the next once something was drawn."""

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            # Delete even with nothing selected: holding it to empty a row cleared the drawing once the row was empty
            _is_delete_key(event) or (self.count() and event.key() in _MOVE_KEYS)
        ):
            event.accept()  # no shortcut: the key press comes to this strip, and on to ExamplesWidget
            return True
        return super().event(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The thumbnails, and with the keyboard's focus a frame in the palette's highlight colour: reached with
        Tab, a digit's row showed it only as a faint line."""
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self.viewport())
            color = self.palette().color(QPalette.ColorRole.Highlight)
            w, h, f = self.viewport().width(), self.viewport().height(), FOCUS_FRAME
            for x, y, width, height in ((0, 0, w, f), (0, h - f, w, f), (0, 0, f, h), (w - f, 0, f, h)):
                painter.fillRect(x, y, width, height, color)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the frame comes and goes with the focus
        # Tab from outside the dock (the canvas) gave the keys to a row scrolled out of sight: shown now. A click
        # is left where it is (scrolling under the pointer would move a double-click's second click)
        if event.reason() not in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            return
        area = self.parentWidget()  # the rows' widget, then the area's viewport, then the dock's area
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            show_row(area, self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()


FOCUS_FRAME = 2  # px: the focus frame of a digit's row, in the highlight colour
# The keys of a selected example, for the window's list of shortcuts (Help ▸ Keyboard shortcuts): it listed Del as
# Clear alone, and Move to digit was a right-click away, the Menu key only (most laptops have none)
EXAMPLE_KEYS = (
    ("My examples: delete", "Del, Backspace"),
    ("My examples: open in the canvas", "Enter"),
    ("My examples: move to digit…", "Menu, Shift+F10"),
    ("My examples: another example", "arrows, Home, End"),
)
_MOVE_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down)


def _answers(event: QKeyEvent) -> bool:
    """Whether a key answers the Keep dialog: a digit, Enter or Esc, without Ctrl or Alt."""
    if event.modifiers() & (Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.AltModifier):
        return False
    text = event.text()
    answer = (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Escape)
    return (len(text) == 1 and text.isdecimal()) or event.key() in answer


def _is_delete_key(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Delete) or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class ExamplesWidget(QWidget):
    """Ten rows (digits 0–9), each a count and a strip of thumbnails; select + Delete, double-click opens."""

    open_requested = Signal(object)  # Example
    delete_requested = Signal(object)  # Example
    relabel_requested = Signal(object, int)  # Example, the digit it is
    widened = Signal()  # a count's label changed width: the rows' least width with it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[int, tuple[QLabel, QListWidget]] = {}
        self._count_width = self.fontMetrics().horizontalAdvance("9  ·  99") + 6
        grid = QGridLayout(self)
        grid.setContentsMargins(6, 4, 6, 4)
        grid.setVerticalSpacing(2)
        for digit in range(CLASSES):
            label = QLabel()
            label.setMinimumWidth(self._count_width)
            strip = _Strip()
            strip.setAccessibleName(f"Examples of {digit}")  # ten lists a screen reader could not tell apart
            strip.setViewMode(QListWidget.ViewMode.IconMode)
            strip.setFlow(QListWidget.Flow.LeftToRight)
            strip.setWrapping(False)
            strip.setIconSize(QSize(THUMB, THUMB))
            strip.setGridSize(QSize(THUMB + 6, THUMB + 6))  # no text line under the icon
            strip.setUniformItemSizes(True)  # laid out by the first thumbnail: the others are made when shown
            # room for the scroll bar that a full row shows: it covered the lower half of every thumbnail
            scroll_bar = strip.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, strip)
            strip.setFixedHeight(THUMB + 6 + 2 * strip.frameWidth() + scroll_bar)
            strip.setMinimumWidth(THUMB + 6 + 2 * strip.frameWidth())  # one thumbnail: the rest scroll sideways
            strip.setMovement(QListWidget.Movement.Static)
            strip.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
            strip.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
            strip.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
            strip.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
            strip.customContextMenuRequested.connect(lambda pos, s=strip: self._menu(s, pos))
            strip.itemDoubleClicked.connect(lambda item: self.open_requested.emit(item.data(Qt.ItemDataRole.UserRole)))
            grid.addWidget(label, digit, 0)
            grid.addWidget(strip, digit, 1)
            self.rows[digit] = (label, strip)
        self.show_counts()  # no examples yet: an empty folder read again changes nothing, and the rows had no digits

    def show_examples(self, found: ExampleSet) -> None:
        for _, strip in self.rows.values():
            strip.clear()
        for example in found.examples:
            self.rows[example.label][1].addItem(self._item(example))
        self.show_counts()

    def add_examples(self, examples: list[Example]) -> None:
        """More thumbnails, as a first reading finds them (in name order within each digit): appended, unless an
        example kept meanwhile stands after them."""
        for example in examples:
            strip = self.rows[example.label][1]
            last = strip.item(strip.count() - 1) if strip.count() else None
            if last is None or last.data(Qt.ItemDataRole.UserRole).path < example.path:
                strip.addItem(self._item(example))
            else:
                self.add_example(example)
        self.show_counts()

    def add_example(self, example: Example) -> QListWidgetItem:
        """One more thumbnail, in name order within its digit, without rebuilding the other rows."""
        strip = self.rows[example.label][1]
        names = [strip.item(i).data(Qt.ItemDataRole.UserRole).path for i in range(strip.count())]
        item = self._item(example)
        strip.insertItem(bisect.bisect(names, example.path), item)
        self.show_counts()
        return item

    def remove_example(self, example: Example) -> None:
        strip = self.rows[example.label][1]
        for i in range(strip.count()):
            if strip.item(i).data(Qt.ItemDataRole.UserRole).path == example.path:
                strip.takeItem(i)
                break
        self.show_counts()

    def _item(self, example: Example) -> QListWidgetItem:
        return _Thumbnail(example, self.devicePixelRatioF())

    def show_counts(self, unfinished: int | None = None) -> None:
        """Each digit's count; from ``unfinished`` on (a first reading is at that digit), the count so far and "…"."""
        for digit, (label, strip) in self.rows.items():
            if unfinished is not None and digit >= unfinished:
                so_far = f"{strip.count():,} …" if strip.count() else "…"
                label.setText(f"<b>{digit}</b>  ·  {so_far}")
                label.setToolTip(f"Reading your examples of {digit}…")
                continue
            # as the dock's total counts them: a row said "3 · 1000" and "1 example(s) of 3" under "5,000 examples"
            count = strip.count()
            label.setText(f"<b>{digit}</b>  ·  {count:,}")
            label.setToolTip(f"{count:,} example{'s' if count != 1 else ''} of {digit}")
        widened = False
        for label, strip in self.rows.values():  # "0 · 1000" was cut to "0 · 100" by a width made for two digits
            if label.minimumWidth() != (width := max(self._count_width, label.sizeHint().width())):
                label.setMinimumWidth(width)
                widened = True
            # Tab passes a digit with no examples, as Up and Down do: with two digits kept, Tab went through eight
            # empty rows, each framed as if it held something, before Import. One emptied with the focus keeps it
            # (the Delete held to empty it would go on to the window's Clear).
            tab = strip.count() or strip.hasFocus()
            strip.setFocusPolicy(Qt.FocusPolicy.StrongFocus if tab else Qt.FocusPolicy.ClickFocus)
        if widened:
            self.widened.emit()

    def selected(self) -> Example | None:
        for _, strip in self.rows.values():
            items = strip.selectedItems()
            if items and strip.hasFocus():
                return items[0].data(Qt.ItemDataRole.UserRole)
        for _, strip in self.rows.values():
            if items := strip.selectedItems():
                return items[0].data(Qt.ItemDataRole.UserRole)
        return None

    def items(self) -> list[QListWidgetItem]:
        return [strip.item(i) for _, strip in self.rows.values() for i in range(strip.count())]

    def _menu(self, strip: QListWidget, pos) -> None:
        item = strip.itemAt(pos)
        if item is None:
            return
        if not strip.viewport().visibleRegion().contains(pos):
            # asked from the keyboard (Menu, Shift+F10) for an example scrolled out of sight, in its row or with
            # its row: the menu opened at the screen's edge, beside nothing it names. The example is shown first
            strip.scrollToItem(item)
            if isinstance(scroll := self.parentWidget().parentWidget(), QScrollArea):  # as _to_next_strip finds it
                show_row(scroll, strip)
            pos = strip.visualItemRect(item).center()
        example = item.data(Qt.ItemDataRole.UserRole)
        menu = QMenu(self)
        menu.addAction("Open in canvas", lambda: self.open_requested.emit(example))
        move = menu.addMenu("Move to digit (undoable)")  # kept as the wrong digit: it is that digit
        for digit in range(CLASSES):
            if digit != example.label:
                move.addAction(f"{digit}", lambda d=digit: self.relabel_requested.emit(example, d))
        menu.addAction("Delete (undoable)", lambda: self.delete_requested.emit(example))
        menu.popup(strip.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event) -> None:
        if _is_delete_key(event) and (example := self.selected()) is not None:
            self.delete_requested.emit(example)
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (example := self.selected()) is not None:
            self.open_requested.emit(example)  # what a double-click does, from the keyboard (Enter did nothing)
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._to_next_strip(event.key() == Qt.Key.Key_Down):
            return
        if event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier:
            # the context menu's other key (Qt on X11 knows only the Menu key): Move to digit was out of reach
            strips = sorted((strip for _, strip in self.rows.values() if strip.selectedItems()), key=QWidget.hasFocus)
            if strips:  # the selected example, in the row with the keys if any (as Delete's)
                strip = strips[-1]
                self._menu(strip, strip.visualItemRect(strip.selectedItems()[0]).center())
                return
        super().keyPressEvent(event)

    def _to_next_strip(self, down: bool) -> bool:
        """Up and Down go to the thumbnail at the same place in the digit above or below that has examples: a
        strip has only one line, so they scrolled the dock instead, and half hid the selected thumbnail."""
        strips = [strip for _, strip in self.rows.values()]
        here = next((i for i, strip in enumerate(strips) if strip.hasFocus()), None)
        if here is None:
            return False
        others = strips[here + 1 :] if down else strips[:here][::-1]
        target = next((strip for strip in others if strip.count()), None)
        if target is None:
            return True  # the last row with examples: stay
        row = min(max(strips[here].currentRow(), 0), target.count() - 1)
        strips[here].clearSelection()
        target.setFocus()
        target.setCurrentRow(row)
        target.scrollToItem(target.item(row))
        if isinstance(scroll := self.parentWidget().parentWidget(), QScrollArea):  # viewport, then the dock's area
            show_row(scroll, target)
        return True


class _RowsArea(QScrollArea):
    """The rows, scrolling up and down, never sideways: each strip scrolls its own thumbnails. At the window's least
    width the dock's area was 120 px and the rows 136: it scrolled sideways, every thumbnail cut at its right, the
    strips' own scroll bars half out of sight. It is as wide as the rows can be made (one thumbnail each)."""

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint, rows = super().minimumSizeHint(), self.widget()
        if rows is None:
            return hint
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)  # rows past the bottom
        return QSize(rows.minimumSizeHint().width() + bar + 2 * self.frameWidth(), hint.height())


def show_row(scroll: QScrollArea, strip: QListWidget) -> None:
    """Scroll the dock to a digit's row (up or down: it never scrolls sideways, see _RowsArea)."""
    scroll.ensureWidgetVisible(strip, 0, 0)


class _PictureLabels:
    """The examples of each picture (its 28×28 input), so that whether a new example clashes with one kept under
    another digit is a lookup: comparing it with 3,000 examples held the window 13 ms at every keep. The clashes of
    a whole folder come from it too (each picture's bytes taken once: 10,000 of them took 0.5 s more)."""

    def __init__(self, examples: list[Example] | None = None) -> None:
        self._kept: dict[bytes, list[Example]] = {}
        for example in examples or []:
            self.add(example)

    def add(self, example: Example) -> None:
        self._kept.setdefault(example.image.tobytes(), []).append(example)

    def remove(self, example: Example) -> None:
        kept = self._kept.get(key := example.image.tobytes(), [])
        for i, other in enumerate(kept):
            if other.path == example.path:
                del kept[i]
                break
        if not kept:
            self._kept.pop(key, None)

    def kept_as(self, image: np.ndarray, label: int) -> Example | None:
        """An example of ``label`` whose picture is ``image`` (a 28×28 input), if one is kept."""
        return next((other for other in self._kept.get(image.tobytes(), []) if other.label == label), None)

    def kept_as_another(self, example: Example) -> bool:
        """Whether ``example``'s picture is also kept as another digit."""
        return any(other.label != example.label for other in self._kept.get(example.image.tobytes(), []))

    def clashes(self) -> list[str]:
        """:meth:`ExampleSet.label_clashes`, from what is held here."""
        return [clash for kept in self._kept.values() if len(kept) > 1 for clash in ExampleSet(kept).label_clashes()]


class ExamplesDock(QWidget):
    """The dock's content: the rows of thumbnails, a message line, and import/export/teach buttons."""

    changed = Signal(object)  # ExampleSet, after every reload
    failed = Signal(str, str)  # (title, message) of an error the window shows
    said = Signal(str)  # a status-bar message: what an undo or redo of a keep did
    # from the reading's thread (queued onto the UI thread): reading, examples read since, files done, in all
    _read_so_far = Signal(int, object, int, int)

    def __init__(self, store: ExampleStore, undo_stack: QUndoStack, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.undo_stack = undo_stack
        self.found = ExampleSet()
        self.layout_error: str | None = None  # why the folder's layout cannot be used, if it cannot
        self.clashes: list[str] = []  # pictures kept under two digits (found at each reading and each delete)
        self._pictures = _PictureLabels()
        self._readings = 0  # readings of the folder started, so a slow one cannot overwrite a newer one
        self.read_started = time.monotonic()  # when the latest reading began (the first starts with the window)
        self._edits = 0  # examples kept or deleted here: a reading that began before one of them is out of date
        self._waiting: list[Callable[[ExampleSet], None]] = []  # told what the next finished reading found
        self._reading_now = False  # a reading runs in the background; never two at once
        self._read_again = False  # asked for while one ran: once it ends, the folder is read once more
        # (files done, files in all or None before it knows, the digit it reads) of a first reading shown as it goes
        self.progress: tuple[int, int | None, int] | None = None
        self._read_so_far.connect(self._show_so_far)
        self.view = ExamplesWidget()
        self.scroll = scroll = _RowsArea()
        scroll.setWidget(self.view)
        scroll.setWidgetResizable(True)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the rows, which show the focus; the area draws none
        self.message = _MessageLine()
        self.import_button = QPushButton("Import…")
        self.import_button.setToolTip("Copy examples from a folder laid out as FOLDER/0/*.png … FOLDER/9/*.png")
        self.export_button = QPushButton("Export…")
        self.export_button.setToolTip("Copy your examples into a folder (ImageFolder layout); nothing is overwritten")
        self.teach_button = QPushButton("Teach…")
        self.buttons = buttons = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        for button in (self.import_button, self.export_button):
            buttons.addWidget(button)
        buttons.addStretch(1)
        buttons.addWidget(self.teach_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.message)
        layout.addLayout(buttons)
        # as narrow as the strips allow, the buttons then one under the other (see resizeEvent): side by side
        # they made the dock 260 px wide at least, and at 200 % on a 1400-px screen (700 logical) the window
        # with the dock was wider than the screen, the dock's right half past the edge
        self._fit_width()
        self.view.widened.connect(self._fit_width)
        self.view.delete_requested.connect(self.delete)
        self.view.relabel_requested.connect(self.relabel)

    def _fit_width(self) -> None:
        margins = self.layout().contentsMargins()
        width = max(self.scroll.minimumSizeHint().width(), self._column_width()) + margins.left() + margins.right()
        self.setMinimumWidth(width)

    def _row_width(self) -> int:
        """Width the three buttons need side by side, with a little room between Export and Teach."""
        hints = [b.sizeHint().width() for b in (self.import_button, self.export_button, self.teach_button)]
        return sum(hints) + 2 * max(self.buttons.spacing(), 0) + self.fontMetrics().horizontalAdvance("MM")

    def _column_width(self) -> int:
        return max(b.sizeHint().width() for b in (self.import_button, self.export_button, self.teach_button))

    def resizeEvent(self, event) -> None:
        margins = self.layout().contentsMargins()
        room = event.size().width() - margins.left() - margins.right()
        wanted = QBoxLayout.Direction.LeftToRight if room >= self._row_width() else QBoxLayout.Direction.TopToBottom
        if self.buttons.direction() != wanted:
            self.buttons.setDirection(wanted)
        super().resizeEvent(event)

    def reload(self) -> ExampleSet:
        """Re-read the folder now (unchanged files come from the store's cache) and show what was found."""
        self._readings += 1  # a reading started earlier in the background is older than this one
        try:
            found: ExampleSet | ExamplesError = self.store.load()
        except ExamplesError as err:
            found = err
        return self._settle(self.show_found(found))

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
        self._reading_now = True
        self.read_started = time.monotonic()
        reading, edits = self._readings, self._edits

        def so_far(batch: list[Example], done: int, total: int) -> None:
            with contextlib.suppress(RuntimeError):  # the window closed while this ran: nobody to tell
                self._read_so_far.emit(reading, batch, done, total)

        def read() -> tuple[ExampleSet, _PictureLabels]:
            # what the pictures are kept as, too: for 10,000 examples it held the window 1.2 s of 1.6
            found = self.store.load(tasks.stopping.is_set, so_far if first else None)
            return found, _PictureLabels(found.examples)

        def done(result: tuple[ExampleSet, _PictureLabels] | BaseException) -> None:
            self._reading_now = False
            if reading != self._readings and not self._read_again:  # read again meanwhile (reload): that is newer
                return
            # an example kept or deleted while this reading ran, or a reading asked for meanwhile: read once more
            # (quick: the pictures read are the store's now)
            if edits != self._edits or self._read_again:
                self.load_in_background(tasks)
                return
            if isinstance(result, BaseException):
                error = result if isinstance(result, ExamplesError) else ExamplesError(f"{self.store.root}: {result}")
                self._settle(self.show_found(error))
                return
            self._settle(self.show_found(*result))

        tasks.run(read, done, done)

    def _show_so_far(self, reading: int, batch: list[Example], done: int, total: int) -> None:
        """Part of a first reading: its examples shown, and how far it has come (see :meth:`load_in_background`)."""
        if reading != self._readings or self.progress is None:
            return
        shown = {e.path for e in self.found.examples} if self._edits else set()  # one kept meanwhile is there
        new = [example for example in batch if example.path not in shown]
        self.found.examples += new  # which picture is kept as which digit comes at the end, from the reading
        self.view.add_examples(new)
        self.progress = (done, total, batch[-1].label if batch else self.progress[2])
        self._announce()

    def _settle(self, found: ExampleSet) -> ExampleSet:
        waiting, self._waiting = self._waiting, []
        for then in waiting:
            then(found)
        return found

    def added(self, example: Example) -> None:
        """An example just written by the store: shown at once, without re-reading the folder."""
        self._edits += 1
        if all(e.path != example.path for e in self.found.examples):
            self.found.examples.append(example)
            item = self.view.add_example(example)
            strip = self.view.rows[example.label][1]
            strip.scrollToItem(item)  # where the new one is, even with ten rows of them
            show_row(self.scroll, strip)
            self._pictures.add(example)
        if self._pictures.kept_as_another(example):  # a misfiled copy brought back by Ctrl+Z
            self.clashes = self._pictures.clashes()
        self._announce()

    def kept_already(self, image: np.ndarray, label: int) -> Example | None:
        """The example of ``label`` shown with this very 28×28 input, if there is one (see :class:`_PictureLabels`)."""
        return self._pictures.kept_as(image, label)

    def kept(self, example: Example) -> None:
        """An example just kept from the canvas: shown, and undoable (Ctrl+Z deletes it again)."""
        self.added(example)
        self.undo_stack.push(_KeepExample(self, example))
        self.said.emit(kept_text(example))

    def dropped(self, example: Example) -> None:
        """An example just deleted by the store: its thumbnail goes, the other rows stay as they are."""
        self._edits += 1
        for gone in (e for e in self.found.examples if e.path == example.path):
            self._pictures.remove(gone)
        self.found.examples = [e for e in self.found.examples if e.path != example.path]
        self.view.remove_example(example)
        if self.clashes:  # deleting the misfiled copy is how a clash is mended: the line goes with it
            self.clashes = self._pictures.clashes()
        self._announce()

    def show_found(self, found: ExampleSet | ExamplesError, pictures: _PictureLabels | None = None) -> ExampleSet:
        """Show the examples; damaged files are named in the message line, and so is a layout that cannot be
        used (a folder holding ``seven/`` and no digit's folder), which shows no examples rather than failing: it
        was raised while the window was being built, so one odd folder kept the app from starting."""
        shown = {e.path: e for e in self.found.examples}
        self.progress = None
        if isinstance(found, ExamplesError):
            self.found, self.layout_error = ExampleSet(), str(found)
        else:
            self.found, self.layout_error = found, None
        # the store hands back the same Example for a file that did not change: then the thumbnails stand
        # (rebuilding 2,000 of them held the window 0.23 s each time Ctrl+T re-read an unchanged folder)
        same = len(shown) == len(self.found.examples) and all(shown.get(e.path) is e for e in self.found.examples)
        if not same:
            self.view.show_examples(self.found)
        else:  # the counts again, in place of the "…" of a reading (an empty folder read again)
            self.view.show_counts()
        self._pictures = pictures if pictures is not None else _PictureLabels(self.found.examples)
        self.clashes = self._pictures.clashes()
        self._announce()
        return self.found

    def _announce(self) -> None:
        """The message line (how many, and what was skipped and why), then ``changed`` for the listeners."""
        total = len(self.found)
        text = f"{total:,} example{'s' if total != 1 else ''} in {self.store.root}"  # "10000 examples" read poorly
        if self.progress is not None:  # a keep during a first reading said "1 example in …" of 10,000
            done, listed, digit = self.progress
            # the count before the folder: after it, the folder's shortening cut "3,854 of" to "…4 of"
            so_far = f" ({done:,} of {listed:,})" if listed else ""
            text = f"Reading your examples{so_far} in {self.store.root}…"
            self.view.show_counts(unfinished=digit)
        if self.layout_error is not None:
            text = f"⚠ your examples cannot be used: {self.layout_error}"
            self.message.setToolTip(plain_tip(self.layout_error))
        elif problems := self.found.problems:
            # a few names, the reasons of a few more in the tooltip: 300 damaged files made a message line that
            # hid every digit's row but one (and ran past the dock), and a tooltip taller than the screen
            names = [shortened(readable(_problem_path(p).name), NAME_CHARS) for p in problems]
            text += f"\n⚠ skipped {skipped_kinds(problems)}: {_some(names, NAMED_IN_MESSAGE, '; ')}"
            self.message.setToolTip(plain_tip(_some([readable(p) for p in problems], NAMED_IN_TOOLTIP, "\n")))
        else:
            self.message.setToolTip("")
        if self.clashes and self.layout_error is None:  # taught as both digits, held-out below 100 %, no word why
            more = f" (and {len(self.clashes) - 1} more)" if len(self.clashes) > 1 else ""
            text += f"\n⚠ {readable(self.clashes[0])}{more}"
        self.message.setText(text)
        self.changed.emit(self.found)

    def not_done(self, example: Example, err: Exception, digit: int, title: str, done: str) -> None:
        """Say why ``example`` was not deleted or moved (``done``) to ``digit``'s folder, and show what is there now.
        Gone already (another window, a file manager): the status bar says so. Refused by its folder (read-only,
        not ours, full): an error box, as a keep, an import or an undo that fails; a delete said so in the dock's
        message line alone, gone at the next reading, and a move in an error box."""
        where = f"{example.label}/{readable(example.path.name)}"
        self.reload()
        if isinstance(err, FileNotFoundError) and not os.path.lexists(example.path):
            self.said.emit(f"{where} was already gone (deleted or moved outside RowReader): nothing was {done}")
        else:
            why = self.store.blocked((digit,)) or str(err)
            self.failed.emit(title, f"{where} stays among the {example.label}s: {why}.")

    def delete(self, example: Example) -> None:
        """Delete an example's files through the undo stack (Ctrl+Z restores them)."""
        self.undo_stack.push(_DeleteExample(self, example))

    def relabel(self, example: Example, label: int) -> None:
        """Move an example to the digit it is, through the undo stack (Ctrl+Z moves it back)."""
        self.undo_stack.push(_RelabelExample(self, example, label))


# The digit selected in the Keep dialog, in the palette's highlight: Fusion draws a checked button 10 % darker, 1.15:1
# against the others in the dark palette (1.26:1 in the light one), and "Its true label is selected" showed none
# (with the keys on it, ringed inside in the highlighted text's colour: the style sheet took Fusion's focus frame away)
CHECKED_DIGIT = (
    "QPushButton:checked { background: palette(highlight); color: palette(highlighted-text);"
    " border: 1px solid palette(highlight); border-radius: 3px; }"
    " QPushButton:checked:focus { border: 2px solid palette(highlighted-text); }"
)


class KeepExampleDialog(QDialog):
    """Which digit is this? Ten buttons (or the digit keys), the model's guess preselected; Enter keeps it."""

    withdrawn = Signal()  # closed unanswered because the drawing changed (see withdraw)

    def __init__(
        self,
        guess: int | None,
        on_keep: Callable[[int], None],
        parent: QWidget | None = None,
        known: int | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle("Keep as example")
        self._on_keep = on_keep
        self.group = QButtonGroup(self)
        self.group.setExclusive(True)
        row = QHBoxLayout()
        for digit in range(CLASSES):
            button = QPushButton(str(digit))
            button.setCheckable(True)
            button.setAutoDefault(False)  # Enter on it keeps the drawing as this digit (keyPressEvent), not selects it
            button.setStyleSheet(CHECKED_DIGIT)
            button.setFixedWidth(self.fontMetrics().horizontalAdvance("00") + 20)
            button.setToolTip(f"This is {a_digit(digit)} (key {digit})")
            self.group.addButton(button, digit)
            row.addWidget(button)
        if known is not None:
            self.group.button(known).setChecked(True)
            hint = "Its true label is selected."
        elif guess is not None:
            self.group.button(guess).setChecked(True)
            hint = "The model's guess is selected."
        else:
            hint = "Pick the digit you drew."
        text = QLabel(f"Which digit did you draw? Press its key or click it. {hint}")
        text.setWordWrap(True)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Keep")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(text)
        layout.addLayout(row)
        layout.addWidget(buttons)

    def withdraw(self) -> None:
        """The drawing asked about changed: close unanswered (its answer would keep the new drawing under the old
        one's digit), and say so: the question went without a word, the drawing not kept."""
        if self.isVisible():
            self.reject()
            self.withdrawn.emit()

    @property
    def label(self) -> int | None:
        checked = self.group.checkedId()
        return checked if checked >= 0 else None

    def open(self) -> None:
        """Shown without blocking the window, the keys that answer it taken wherever they land: Ctrl+K and a digit
        typed at once reached the window before the window manager gave the dialog the focus, and the window,
        blocked by the modal dialog, dropped the digit; the model's guess stayed selected, so Enter kept the
        drawing under the wrong digit (8 of 8 here, with xdotool)."""
        QApplication.instance().installEventFilter(self)
        self.show()

    def done(self, result: int) -> None:
        QApplication.instance().removeEventFilter(self)
        super().done(result)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A digit, Enter or Esc pressed in the window is this dialog's (Esc cleared the drawing asked about)."""
        kind = event.type()
        if kind not in (QEvent.Type.KeyPress, QEvent.Type.ShortcutOverride) or not _answers(event):
            return False
        if watched is self.windowHandle() or (isinstance(watched, QWidget) and watched.window() is self):
            return False  # its own: handled as ever
        if not isinstance(watched, QWidget | QWindow):
            return False
        if kind == QEvent.Type.ShortcutOverride:
            event.accept()  # no shortcut of the window (Clear on Esc) takes it; the key press comes here
            return True
        self.keyPressEvent(event)
        return True

    def keyPressEvent(self, event) -> None:
        text = event.text()
        if len(text) == 1 and text.isdecimal():  # isdigit() also takes '²', which int() refuses
            self.group.button(int(text)).setChecked(True)
            self.accept()  # a digit key answers the question
            return
        focused = self.focusWidget()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and focused in self.group.buttons():
            focused.setChecked(True)  # Tab to a digit and Enter: that digit (it selected it and kept nothing)
            self.accept()
            return
        super().keyPressEvent(event)

    def accept(self) -> None:
        if self.label is None:
            return
        super().accept()
        self._on_keep(self.label)
