"""The dock's rows of thumbnails: ten digits, each a count and a strip of its examples, with their keys and menu.

Each thumbnail is the 28×28 input the model reads, made only when its strip shows it.
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Callable, Iterator, Mapping

import numpy as np
from PySide6.QtCore import QEvent, QPoint, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QFocusEvent,
    QIcon,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPaintEvent,
    QPixmap,
    QPixmapCache,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMenu,
    QScrollArea,
    QStyle,
    QWidget,
)

from gui.numbers import moment_words
from gui.plain_text import plain_tip
from gui.theme import paint_focus_frame
from rowreader.example_folder import Example, ExampleSet
from rowreader.model import CLASSES, COLUMNS, ROWS
from rowreader.output import counted
from rowreader.readable import readable

THUMB = 40  # px: big enough to recognise a digit, small enough for a dozen per row
# thumbnails shown per turn of the event loop (some 7 ms of it): an import's 13,100 new examples, shown at once, held
# the window 95–124 ms
SHOWN_AT_ONCE = 1_000


def thumbnail(example: Example, ratio: float = 1.0) -> QPixmap:
    """The 28×28 input the model reads, dark on light (what it learns from, not the raw file).

    Drawn at the screen's pixel ratio: a 40-px pixmap was stretched, and blurred, on a 2× screen.
    """
    grey = np.ascontiguousarray(255 - np.round(example.image * 255).astype(np.uint8))
    image = QImage(grey.data, COLUMNS, ROWS, COLUMNS, QImage.Format.Format_Grayscale8).copy()
    size = round(THUMB * ratio)
    pixmap = QPixmap.fromImage(image).scaled(size, size, mode=Qt.TransformationMode.SmoothTransformation)
    pixmap.setDevicePixelRatio(ratio)
    return pixmap


_keys = itertools.count()  # each thumbnail's own key in QPixmapCache: a file changed under its name is a new one


class _Thumbnail(QListWidgetItem):
    """One example in its digit's strip. Its icon and tooltip are made when the strip asks for them (it asks for
    those it shows): made for all, 10,000 examples held the window 4.4 s at every change of the folder. Its pixmap
    is kept in QPixmapCache, whose limit keeps those least recently shown: each kept its own for good, and a dock of
    5,000 scrolled through held 5,000 (32 MB more at 100 %, four times that at 200 %). Drawn at its strip's pixel
    ratio as it is shown: the ratio when the item was made stayed with it, and since a row keeps the items of the
    examples it shows, a window moved onto a 2× screen kept blurred 40-px thumbnails for good."""

    def __init__(self, example: Example) -> None:
        super().__init__()
        self._key = f"rowreader-thumbnail-{next(_keys)}"
        self._cached: str | None = None  # its pixmap's key in QPixmapCache, at the ratio last shown (see forget)
        self.example = example  # as UserRole's data, without a call through data() (see show_examples)
        self.setData(Qt.ItemDataRole.UserRole, example)

    def data(self, role: int) -> object:
        if role == Qt.ItemDataRole.DecorationRole:
            strip = self.listWidget()
            ratio = strip.devicePixelRatioF() if strip is not None else 1.0
            key = f"{self._key}@{ratio}"
            if key != self._cached:  # the former ratio's stayed until the cache's limit, before those shown
                self.forget()
                self._cached = key
            pixmap = QPixmapCache.find(key)
            if pixmap is None:
                pixmap = thumbnail(self.example, ratio)
                QPixmapCache.insert(key, pixmap)
            return QIcon(pixmap)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleTextRole):
            example = super().data(Qt.ItemDataRole.UserRole)
            date = f", {moment_words(example.date)}" if example.date else ""
            strip = self.listWidget()
            copies = strip.copies_of(example) if isinstance(strip, _Strip) else 1
            # a row of the same thumbnail said nothing of being one drawing, which a teach learns once; "one of 3
            # copies" counted the drawing among its copies (a picture and two copies, the row's "2 copies")
            copy = f"; one of {copies:,} examples of one drawing (a teach learns it once)" if copies > 1 else ""
            name = readable(example.path.name)
            if role == Qt.ItemDataRole.ToolTipRole:
                return plain_tip(f"{example.label}: {name}{date}{copy}")
            # a screen reader reads an item's text, and a thumbnail has none: it said nothing of each example. The
            # file's name last: "20261205-082741-1b76….png" read first, as a number, hid when it was kept
            return f"{example.label}{date}{copy}; {name}"
        return super().data(role)

    def forget(self) -> None:
        """Its pixmap out of QPixmapCache: drawn at another ratio, or its example gone from the dock (each stayed
        until the cache's 10 MB limit pushed it out, ahead of the thumbnails shown)."""
        if self._cached is not None:
            QPixmapCache.remove(self._cached)
            self._cached = None


class _Strip(QListWidget):
    """One digit's thumbnails. With its focus, Delete and Backspace are its keys: the window's Clear
    shortcut (Esc, Delete) otherwise took Delete first and cleared the canvas instead of deleting the example.
    So are the arrows, Home and End, which move between thumbnails: the window's Step and Live shortcuts took
    them, and the keyboard could not go from one example to the next once something was drawn."""

    # how many examples are an example's drawing, itself among them (the dock's count, ExamplesWidget.show_drawings)
    copies_of: Callable[[Example], int] = staticmethod(lambda example: 1)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ShortcutOverride and (
            # Delete even with nothing selected: holding it to empty a row cleared the drawing once the row was empty
            _is_delete_key(event)
            or (self.count() and event.key() in _MOVE_KEYS)
            # Esc lets go of the example chosen, as the views let go of their cursor, before it is the window's
            # Clear: it cleared the drawing, out of sight, with an example chosen here
            or (event.key() == Qt.Key.Key_Escape and self.selectedItems())
        ):
            event.accept()  # no shortcut: the key press comes to this strip, and on to ExamplesWidget
            return True
        return super().event(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.selectedItems():
            self.clearSelection()
            event.accept()
            return
        super().keyPressEvent(event)

    def paintEvent(self, event: QPaintEvent) -> None:
        """The thumbnails, and with the keyboard's focus a frame in the palette's highlight colour: reached with
        Tab, a digit's row showed it only as a faint line."""
        super().paintEvent(event)
        if self.hasFocus():
            painter = QPainter(self.viewport())
            paint_focus_frame(painter, self.viewport().width(), self.viewport().height(), self.palette())

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        self.viewport().update()  # the frame comes and goes with the focus
        # Tab from outside the dock (the canvas) gave the keys to a row scrolled out of sight: shown now. A click
        # is left where it is (scrolling under the pointer would move a double-click's second click)
        if event.reason() not in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            return
        if self.count() and not self.selectedItems():
            # the thumbnail the keys are on, selected: reached by Tab it was marked as current (a faint line, and a
            # screen reader named it), but Enter, Delete and Menu act on the selected one, so each did nothing
            # until an arrow was pressed
            self.setCurrentRow(min(max(self.currentRow(), 0), self.count() - 1))
            for other in self.parentWidget().findChildren(_Strip):  # one example selected, as Up and Down leave it
                if other is not self:
                    other.clearSelection()
        area = self.parentWidget()  # the rows' widget, then the area's viewport, then the dock's area
        while area is not None and not isinstance(area, QScrollArea):
            area = area.parentWidget()
        if area is not None:
            show_row(area, self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.viewport().update()


# The keys of a selected example, for the window's list of shortcuts (Help ▸ Keyboard shortcuts): it listed Del as
# Clear alone, and Move to digit was a right-click away, the Menu key only (most laptops have none)
EXAMPLE_KEYS = (
    ("My examples: delete", "Del, Backspace"),
    ("My examples: open in the canvas", "Enter"),
    ("My examples: move to digit…", "Menu, Shift+F10"),
    ("My examples: another example", "arrows, Home, End"),
    ("My examples: let go of the example chosen", "Esc"),
)
_MOVE_KEYS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_Up, Qt.Key.Key_Down)


def unchosen_text(digit: int, count: int, reading: bool = False) -> str:
    """What Delete in ``digit``'s row says when none of its ``count`` examples is chosen (``reading``: the row's
    first reading has not ended, ``count`` is so far: "No examples of 5 to delete" stood beside its "5 · …")."""
    if not count:
        return f"No examples of {digit} read yet" if reading else f"No examples of {digit} to delete"
    which = "its example" if count == 1 else f"one of its {count} examples"
    return f"Nothing deleted: choose {which} first (click it, or the arrows), then Delete"


def _is_delete_key(event: QKeyEvent) -> bool:
    return event.matches(QKeySequence.StandardKey.Delete) or event.key() in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace)


class ExamplesWidget(QWidget):
    """Ten rows (digits 0–9), each a count and a strip of thumbnails; select + Delete, double-click opens."""

    open_requested = Signal(object)  # Example
    delete_requested = Signal(object)  # Example
    delete_unchosen = Signal(str)  # Delete pressed in a digit's row with none chosen: why nothing went
    relabel_requested = Signal(object, int)  # Example, the digit it is
    widened = Signal()  # a count's label changed width: the rows' least width with it

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: dict[int, tuple[QLabel, QListWidget]] = {}
        self._unfinished: int | None = None  # the digit a first reading is at (show_counts)
        self._drawings: Mapping[int, int] = {}  # different drawings per digit, where the dock has counted them
        self._count_width = self.fontMetrics().horizontalAdvance("9  ·  99") + 6
        self._showing: Iterator[bool] | None = None  # what show_examples has left to show (see finish_showing)
        self._show_more = QTimer(self, singleShot=True)
        self._show_more.setInterval(0)  # not interval=: see gui.app.create_app
        self._show_more.timeout.connect(self._next_step)
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
        """Show ``found``: a row keeps the thumbnails of the examples it shows already (the same :class:`Example`, as
        the store hands back for a file unchanged), drops the others and gains the new ones, in name order. Rebuilt
        whole, each reading while 5,000 were imported (one every second or two, as the files came in) held the
        window 34–148 ms of its CPU, more as the rows grew, and threw each row back to its first thumbnail. More than
        :data:`SHOWN_AT_ONCE` new ones are shown that many at a time, the window's events handled between."""
        self.finish_showing()
        steps = self._shown_in_steps(found)
        if next(steps, False):
            self._showing = steps
            self._show_more.start()

    def finish_showing(self) -> None:
        """What :meth:`show_examples` has left to show, shown now: before the rows are read or changed otherwise."""
        steps, self._showing = self._showing, None
        self._show_more.stop()
        for _ in steps or ():
            pass

    def _next_step(self) -> None:
        steps, self._showing = self._showing, None  # not finished from within (a signal of the rows meanwhile)
        if steps is not None and next(steps, False):
            self._showing = steps
            self._show_more.start()

    def _shown_in_steps(self, found: ExampleSet) -> Iterator[bool]:
        """:meth:`show_examples`' work, pausing (True) after each :data:`SHOWN_AT_ONCE` thumbnails made."""
        made = 0
        wanted: dict[int, list[Example]] = {digit: [] for digit in self.rows}
        for example in found.examples:
            wanted[example.label].append(example)
        for digit, (_, strip) in self.rows.items():
            examples, items = wanted[digit], [strip.item(row) for row in range(strip.count())]
            if len(items) == len(examples) and all(i.example is e for i, e in zip(items, examples, strict=True)):
                continue
            keep = {id(example) for example in examples}
            for row in reversed(range(len(items))):
                if id(items[row].example) not in keep:
                    strip.takeItem(row).forget()
            items = [item for item in items if id(item.example) in keep]
            present = {id(item.example) for item in items}
            if [id(item.example) for item in items] != [id(e) for e in examples if id(e) in present]:
                for item in items:
                    item.forget()
                strip.clear()  # in another order than the reading's (never seen): shown anew, as before
                items = []
            kept = 0
            for row, example in enumerate(examples):
                if kept < len(items) and items[kept].example is example:
                    kept += 1
                else:
                    if made and made % SHOWN_AT_ONCE == 0:
                        yield True
                    strip.insertItem(row, _Thumbnail(example))
                    made += 1
        self.show_counts()

    def add_examples(self, examples: list[Example]) -> None:
        """More thumbnails, as a first reading finds them (in name order within each digit): appended, unless an
        example kept meanwhile stands after them."""
        self.finish_showing()
        for example in examples:
            strip = self.rows[example.label][1]
            last = strip.item(strip.count() - 1) if strip.count() else None
            if last is None or last.data(Qt.ItemDataRole.UserRole).path < example.path:
                strip.addItem(_Thumbnail(example))
            else:
                self.add_example(example)
        self.show_counts()

    def add_example(self, example: Example) -> QListWidgetItem:
        """One more thumbnail, in name order within its digit, without rebuilding the other rows."""
        self.finish_showing()
        strip = self.rows[example.label][1]
        names = [strip.item(i).data(Qt.ItemDataRole.UserRole).path for i in range(strip.count())]
        item = _Thumbnail(example)
        strip.insertItem(bisect.bisect(names, example.path), item)
        self.show_counts()
        return item

    def remove_example(self, example: Example) -> None:
        self.finish_showing()
        strip = self.rows[example.label][1]
        for i in range(strip.count()):
            if strip.item(i).data(Qt.ItemDataRole.UserRole).path == example.path:
                strip.takeItem(i).forget()
                break
        self.show_counts()

    def show_drawings(self, drawings: Mapping[int, int], copies_of: Callable[[Example], int]) -> None:
        """How many different drawings each digit's examples are (``drawings``), and how many examples are an
        example's drawing (``copies_of``), for the counts and the thumbnails' tooltips: the dock showed every copy of
        a drawing, and said nothing of them, while a teach learns each drawing once."""
        self._drawings = drawings
        for _, strip in self.rows.values():
            strip.copies_of = copies_of
        self.show_counts(self._unfinished)

    def show_counts(self, unfinished: int | None = None) -> None:
        """Each digit's count; from ``unfinished`` on (a first reading is at that digit), the count so far and "…"."""
        self._unfinished = unfinished
        for digit, (label, strip) in self.rows.items():
            if unfinished is not None and digit >= unfinished:
                so_far = f"{strip.count():,} …" if strip.count() else "…"
                label.setText(f"<b>{digit}</b>  ·  {so_far}")
                label.setToolTip(f"Reading your examples of {digit}…")
                continue
            # as the dock's total counts them: a row said "3 · 1000" and "1 example(s) of 3" under "5,000 examples"
            count, drawings = strip.count(), self._drawings.get(digit, 0)
            examples = f"{counted(count, 'example')} of {digit}"
            if 0 < drawings < count:  # copies of one drawing: 1,000 of one 3 were "3 · 1,005" and nothing more
                label.setText(f"<b>{digit}</b>  ·  {count:,}<br>{counted(drawings, 'drawing')}")
                copies = count - drawings
                label.setToolTip(
                    f"{examples}: {counted(drawings, 'different drawing')}, and {copies:,} "
                    f"cop{'ies' if copies != 1 else 'y'} of {'them' if drawings != 1 else 'it'} (a teach learns "
                    "each drawing once)"
                )
            else:
                label.setText(f"<b>{digit}</b>  ·  {count:,}")
                label.setToolTip(examples)
        widened = False
        for label, strip in self.rows.values():  # "0 · 1000" was cut to "0 · 100" by a width made for two digits
            least = label.minimumWidth()
            label.setMinimumWidth(0)  # a label's size hint is held up to its least width: once wider, wider for good
            label.setMinimumWidth(width := max(self._count_width, label.sizeHint().width()))
            widened |= width != least
            # Tab passes a digit with no examples, as Up and Down do: with two digits kept, Tab went through eight
            # empty rows, each framed as if it held something, before Import. One emptied with the focus keeps it
            # (the Delete held to empty it would go on to the window's Clear).
            tab = strip.count() or strip.hasFocus()
            strip.setFocusPolicy(Qt.FocusPolicy.StrongFocus if tab else Qt.FocusPolicy.ClickFocus)
        if widened:
            self.widened.emit()

    def choose(self, example: Example) -> None:
        """Choose ``example`` in its row, and give that row the keys where another row of the dock holds them. For an
        Undo of a Delete: the example came back, but the choice stayed on the thumbnail after it (where Delete had
        moved it), and Delete again deleted that one, not the one chosen before and just brought back."""
        self.finish_showing()
        strip = self.rows[example.label][1]
        item = next((i for i in map(strip.item, range(strip.count())) if i.example.path == example.path), None)
        if item is None:
            return
        if self._focused_digit() not in (None, example.label):
            for _, other in self.rows.values():  # one example chosen, as Up and Down leave it
                other.clearSelection()
            strip.setFocus()
        strip.setCurrentItem(item)

    def selected(self) -> Example | None:
        """The example chosen in the row with the keys, which Delete, Enter and Shift+F10 act on. Not one chosen
        before in another row: a 7 clicked, then row 3 clicked beside its thumbnails, Delete there deleted the 7,
        perhaps below the fold, without a word (a click leaves the other rows' choices as they are)."""
        self.finish_showing()
        if (digit := self._focused_digit()) is None:
            return None
        items = self.rows[digit][1].selectedItems()
        return items[0].data(Qt.ItemDataRole.UserRole) if items else None

    def items(self) -> list[QListWidgetItem]:
        self.finish_showing()
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
        # gone once closed (chosen from, Esc, a click beside it): each right-click left its menu and submenu behind,
        # two more widgets and eleven actions for as long as the window stayed open
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.addAction("Open in canvas", lambda: self.open_requested.emit(example))
        move = menu.addMenu("Move to digit (undoable)")  # kept as the wrong digit: it is that digit
        for digit in range(CLASSES):
            if digit != example.label:
                move.addAction(f"{digit}", lambda d=digit: self.relabel_requested.emit(example, d))
        menu.addAction("Delete (undoable)", lambda: self.delete_requested.emit(example))
        menu.popup(strip.viewport().mapToGlobal(pos))

    def keyPressEvent(self, event) -> None:
        if _is_delete_key(event):
            if (example := self.selected()) is not None:
                self.delete_requested.emit(example)
            elif (digit := self._focused_digit()) is not None:
                # a row clicked beside its thumbnails (none chosen): Delete did nothing and said nothing
                reading = self._unfinished is not None and digit >= self._unfinished
                self.delete_unchosen.emit(unchosen_text(digit, self.rows[digit][1].count(), reading))
            return
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and (example := self.selected()) is not None:
            self.open_requested.emit(example)  # what a double-click does, from the keyboard (Enter did nothing)
            return
        if event.key() in (Qt.Key.Key_Up, Qt.Key.Key_Down) and self._to_next_strip(event.key() == Qt.Key.Key_Down):
            return
        # Shift+F10, the context menu's other key (Qt on X11 knows only the Menu key): Move to digit was out of reach
        shift_f10 = event.key() == Qt.Key.Key_F10 and event.modifiers() == Qt.KeyboardModifier.ShiftModifier
        if shift_f10 and (example := self.selected()) is not None:
            strip = self.rows[example.label][1]
            self._menu(strip, strip.visualItemRect(strip.selectedItems()[0]).center())
            return
        super().keyPressEvent(event)

    def _focused_digit(self) -> int | None:
        """The digit whose row has the keyboard's focus, if one has."""
        return next((digit for digit, (_, strip) in self.rows.items() if strip.hasFocus()), None)

    def _to_next_strip(self, down: bool) -> bool:
        """Up and Down go to the thumbnail at the same place in the digit above or below that has examples: a
        strip has only one line, so they scrolled the dock instead, and half hid the selected thumbnail."""
        strips = [strip for _, strip in self.rows.values()]  # in digit order: a strip's index is its digit
        here = self._focused_digit()
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


class RowsArea(QScrollArea):
    """The rows, scrolling up and down, never sideways: each strip scrolls its own thumbnails. At the window's least
    width the dock's area was 120 px and the rows 136: it scrolled sideways, every thumbnail cut at its right, the
    strips' own scroll bars half out of sight. It is as wide as the rows can be made (one thumbnail each)."""

    # the first row's thumbnails whole (its own scroll bar and the rows under it scroll): Qt's 70 px, one row with
    # its scroll bar, held the window 19 px too tall for its screen at 200 % on a 1024×600 screen (252 px free)
    LEAST_HEIGHT = THUMB + 10

    def __init__(self) -> None:
        super().__init__()
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)

    def minimumSizeHint(self) -> QSize:
        hint, rows = super().minimumSizeHint(), self.widget()
        if rows is None:
            return hint
        bar = self.style().pixelMetric(QStyle.PixelMetric.PM_ScrollBarExtent, None, self)  # rows past the bottom
        return QSize(rows.minimumSizeHint().width() + bar + 2 * self.frameWidth(), self.LEAST_HEIGHT)


def show_row(scroll: QScrollArea, strip: QListWidget) -> None:
    """Scroll the dock to a digit's row, the whole of it where it fits (up or down: it never scrolls sideways, see
    RowsArea). ``ensureWidgetVisible`` showed the row's current thumbnail, not the row: at 200 % on a 1366×768 screen
    each row Tab reached lay 16 px past the foot of the dock's 105, its scroll bar and its focus frame's foot unseen."""
    if strip.height() > scroll.viewport().height():  # its thumbnails, not its middle: at the rows' least height
        # (200 % on a 1024×600 screen) centred, the strip's top 13 px (9 of the thumbnail's) lay above the area,
        # the empty room for its scroll bar in sight
        scroll.verticalScrollBar().setValue(strip.mapTo(scroll.widget(), QPoint(0, 0)).y())
        return
    centre = strip.mapTo(scroll.widget(), strip.rect().center())
    scroll.ensureVisible(centre.x(), centre.y(), 0, strip.height() // 2 + 1)  # its centre rounds up
