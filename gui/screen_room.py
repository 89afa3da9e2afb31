"""How much of its screen a window may take (the main window, the dialogs and the text boxes are fitted into it),
and where the dialogs read beside the window open: clear of what the user is looking at when the screen has room,
on screen when not; and the views' tooltips, beside what they describe rather than over it.

One placement rule for every such dialog (Keep as example, Teach it my handwriting): the Keep dialog opened over
the bars and the chart (Qt centres a dialog on its window) while the teach dialog opened right of the canvas, and
at 200 % on a 1600×1000 screen the teach dialog covered everything but the canvas.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from PySide6.QtCore import QElapsedTimer, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QCursor, QGuiApplication
from PySide6.QtWidgets import (
    QAbstractButton,
    QApplication,
    QDialog,
    QDockWidget,
    QGridLayout,
    QLabel,
    QMenuBar,
    QMessageBox,
    QSizePolicy,
    QSpacerItem,
    QToolBar,
    QToolTip,
    QWidget,
)

from gui.plain_text import left_to_right, readable_lines

if TYPE_CHECKING:
    from gui.main_window import MainWindow

FRAME_ROOM = QSize(16, 48)  # what the window manager's frame and title bar take beside the window itself
GAP = 8  # px between a dialog's frame and what it keeps clear of
POINTER_ROOM = 24  # px under the pointer's tip that its arrow takes (Qt opens a tooltip 16 px or more below it)
TITLE_BAR_ROOM = 120  # px of a title bar that its text cannot use: the window's icon and buttons
SHRINK_STEPS = 8  # sizes tried between a dialog's smallest and its own when it must shrink


def screen_room(widget: QWidget) -> QSize:
    """The largest size ``widget``'s window may have on its screen's free area (less the panels and docks)."""
    return widget.screen().availableGeometry().size() - FRAME_ROOM


def views_in_order(window: MainWindow) -> list[QRect]:
    """The window's views on screen, most looked at first: the drawing, the bars, the chart, the window's title bar, the
    menus, the toolbars, the status bar, what the model sees, the docks' buttons, then the docks (My examples, Inside
    the LSTM). Hidden ones take no room. Without the toolbars, My examples floated at 200 % on a 1600×1000 screen lay
    over Play, the row steps and the speed; without the menus, "Inside the LSTM" floated at 100 % came back at 200 %
    over File to Models; without the status bar, floated at 100 % on 1600×1000, under the window over its left half,
    where the news is said; without the title bar, above the window over its close and maximise buttons."""
    return [_on_screen(view) for view in _views(window)]


def _on_screen(view: QWidget) -> QRect:
    """Where ``view`` is on screen; a window only its title bar (none where it has no frame, offscreen); a menu
    bar or a toolbar only as far as its items reach. The empty rest of their
    rows counted as toolbar, so "Inside the LSTM" in a window of its own, with no room free at 200 % on a 1600×1000
    screen, lay over the menus and Undo to Live rather than the empty right of those rows."""
    if view.isWindow():  # its title bar, where the window manager framed it (its close and maximise buttons)
        frame = view.frameGeometry()
        return QRect(frame.topLeft(), QSize(frame.width(), view.geometry().top() - frame.top()))
    if isinstance(view, QMenuBar):
        area = QRect()
        for action in view.actions():
            if action.isVisible():
                area |= view.actionGeometry(action)
    elif isinstance(view, QToolBar):
        area = view.childrenRect()  # its visible buttons, boxes, handle and ">>"
    else:
        area = view.rect()
    return QRect(view.mapToGlobal(area.topLeft()), area.size())


def _views(window: MainWindow) -> list[QWidget]:
    """The widgets of :func:`views_in_order`, in its order: a docked dock's buttons before the rest of it. As one
    view, My examples was covered where least of it showed, and "Inside the LSTM" floated at 150 % over a window
    filling the screen lay over its Import, Export and Teach buttons rather than its thumbnails."""
    views: list[QWidget] = [window.canvas, window.bars, window.timeline, window, window.menuBar()]
    views += [toolbar for toolbar in window.findChildren(QToolBar) if not toolbar.isFloating()]
    views += [window.statusBar(), window.input_view]
    docks = [dock for dock in window.findChildren(QDockWidget) if not dock.isFloating()]
    views += [button for dock in docks for button in dock.findChildren(QAbstractButton)]
    views += docks
    return [view for view in views if view.isVisible()]


def _covered(frame: QRect, views: Sequence[QRect]) -> tuple[int, ...]:
    """How many px of each view a dialog's ``frame`` covers."""
    return tuple(frame.intersected(view).width() * frame.intersected(view).height() for view in views)


def _onto(point: QPoint, frame: QSize, screen: QRect) -> QPoint:
    """``point`` moved just enough for a frame of that size to lie on ``screen``; its top left corner first (the
    title bar stays reachable) when it is larger than the screen."""
    x = min(point.x(), screen.right() + 1 - frame.width())
    y = min(point.y(), screen.bottom() + 1 - frame.height())
    return QPoint(max(x, screen.left()), max(y, screen.top()))


def _edges(spans: Sequence[tuple[int, int]], length: int) -> list[int]:
    """Where a frame ``length`` long may begin along one axis beside each (first, last) span: after it, before it,
    flush with its start or with its end; sorted, each once."""
    return sorted(
        {edge for first, last in spans for edge in (last + 1 + GAP, first - GAP - length, first, last + 1 - length)}
    )


def best_place(
    size: QSize, window: QRect, views: Sequence[QRect], screen: QRect, frame_room: QSize = FRAME_ROOM
) -> QPoint:
    """Where a dialog of ``size`` (its frame's top left, ``frame_room`` around it) covers the fewest px of the first
    view, then of the second, and so on; of those, one clear of the ``window`` if any, and the nearest the first
    view. Every place lies on ``screen``, so with no room left the dialog covers what matters least.

    The places are every left edge beside the window or a view (:func:`_edges`) with every top edge, each moved onto
    the screen (a grid, as :func:`_onto` moves x and y apart), then the screen's top left; of equal ones, the first.
    Beside one anchor alone, My examples floated at 200 % on a 1600×1000 screen missed the one gap it fit (below the
    toolbars, right of the drawing, above the chart) and lay over the toolbar. A place covers a view
    by its overlap across times its overlap along, so the whole grid is scored in NumPy at once: scored one place
    at a time (1,939 places for the teach dialog at 100 %, each against 16 views; nine times as many where it must
    shrink), Ctrl+T held the window 0.1–0.3 s at a load of 4–5, 0.3–0.6 s at 6."""
    frame = size + frame_room
    anchors = [window, *views]
    xs = _edges([(anchor.left(), anchor.right()) for anchor in anchors], frame.width())
    ys = _edges([(anchor.top(), anchor.bottom()) for anchor in anchors], frame.height())
    corner = _onto(screen.topLeft(), frame, screen)
    left = np.append(np.repeat(_onto_axis(xs, frame.width(), screen.left(), screen.right()), len(ys)), corner.x())
    top = np.append(np.tile(_onto_axis(ys, frame.height(), screen.top(), screen.bottom()), len(xs)), corner.y())
    right, bottom = left + frame.width() - 1, top + frame.height() - 1
    target = views[0].center() if views else window.center()
    keys = [_overlap(left, right, v.left(), v.right()) * _overlap(top, bottom, v.top(), v.bottom()) for v in views]
    keys.append(
        (_overlap(left, right, window.left(), window.right()) > 0)
        & (_overlap(top, bottom, window.top(), window.bottom()) > 0)
    )
    keys.append(np.abs(_half(left + right) - target.x()) + np.abs(_half(top + bottom) - target.y()))
    best = np.ones(len(left), dtype=bool)
    for key in keys:  # the fewest px of the first view, then of the second, …: a tuple's order, as min() had it
        best &= key == key[best].min()
    chosen = int(np.flatnonzero(best)[0])
    return QPoint(int(left[chosen]), int(top[chosen]))


def _onto_axis(starts: Sequence[int], length: int, first: int, last: int) -> np.ndarray:
    """:func:`_onto` along one axis: each start moved just enough for ``length`` to lie in ``first``…``last``."""
    return np.maximum(np.minimum(np.array(starts, dtype=np.int64), last + 1 - length), first)


def _overlap(first: np.ndarray, last: np.ndarray, start: int, end: int) -> np.ndarray:
    """How many px of ``start``…``end`` each span ``first``…``last`` covers (a view ``end`` < ``start`` is empty)."""
    return np.maximum(np.minimum(last, end) - np.maximum(first, start) + 1, 0)


def _half(twice: np.ndarray) -> np.ndarray:
    """Halved, rounded towards zero as C++ (and so :meth:`QRect.center`) rounds."""
    return np.sign(twice) * (np.abs(twice) // 2)


def place_dialog(
    dialog: QWidget,
    window: MainWindow,
    in_sight: int = 2,
    over_the_drawing: bool = False,
    clear_of: Sequence[QRect] = (),
    least_width: int = 0,
    over_the_window: bool = False,
) -> None:
    """Move ``dialog`` (before it is shown) where it hides the least of what the user is looking at. Where even
    then it would hide part of the first ``in_sight`` views (the drawing and the bars) (200 % on a 1600×1000
    screen), it is made smaller, no smaller than it must be to keep them in sight (or to hide the least of them at
    its smallest size), then as wide and as tall as the room there allows, up to its own size.

    ``over_the_drawing``: for a dialog that does not ask about the drawing (Teach it my handwriting, which changes
    no drawing), where even so it would hide part of the bars or the chart, it goes over the drawing instead, clear
    of the bars and the chart: at 200 % on a 1366×768 screen, at its least beside the bars, the teach dialog hid
    their percentages and the chart's title; in a window filling a 1600×1000 screen, the chart's left half.

    ``clear_of``: more to keep off (other docks in windows of their own), after the first ``in_sight`` views: kept
    off last, the maps restored floating over a window filling a 1600×1000 screen still went under My examples,
    every place clear of it covering a little of some later view.

    ``least_width``: the least width it is made (the teach dialog's outcome buttons in a row), so it need not widen
    later, its buttons moving under the pointer; narrower only where that width would hide more of the bars or the
    chart (at 200 % on 1366×768, beside the bars, it hid their left 70 px).

    ``over_the_window``: it lies over its window (:func:`room_over_window`), not beside it: the Keep dialog, the
    window's question, opened at the screen's left edge half outside a 1100×720 window on a 1600×1000 screen, or
    under it, away from the drawing it asks about."""
    if not dialog.testAttribute(Qt.WidgetAttribute.WA_Resized):
        dialog.adjustSize()  # the size it opens at (unshown, a dialog is 640×480 until then)
    full = dialog.size()
    views = views_in_order(window)
    reading = views[1:3]  # the bars and the chart
    views[in_sight:in_sight] = clear_of  # after the views kept in sight, before the rest

    def placed(views: list[QRect], in_sight: int) -> tuple[tuple[int, ...], QSize, QPoint]:
        reserved, free = (
            _placed(dialog, window, views, in_sight, full, least, over_the_window) for least in (least_width, 0)
        )
        hidden = [_covered(QRect(place, size + frame_room(dialog)), reading) for _, size, place in (reserved, free)]
        return free if hidden[1] < hidden[0] else reserved

    _, size, place = placed(views, in_sight)
    if over_the_drawing and any(_covered(QRect(place, size + frame_room(dialog)), views[1:3])):
        views = reading_order(views)  # the bars and the chart kept in sight, then the drawing
        _, size, place = placed(views, in_sight + 1)
    dialog.resize(size)
    dialog.move(place)


def _placed(
    dialog: QWidget,
    window: MainWindow,
    views: Sequence[QRect],
    in_sight: int,
    full: QSize,
    least_width: int = 0,
    inside: bool = False,
) -> tuple[tuple[int, ...], QSize, QPoint]:
    """:func:`place_dialog`'s choice for ``views`` in that order: what it covers of the first ``in_sight`` views,
    the dialog's size and its place; ``inside``: over the window (:func:`room_over_window`)."""
    screen = window.screen().availableGeometry()
    area = window.frameGeometry()
    room = frame_room(dialog)

    def placed(size: QSize) -> tuple[tuple[int, ...], QSize, QPoint]:
        bounds = room_over_window(size + room, area, screen) if inside else screen
        place = best_place(size, area, views, bounds, room)
        return _covered(QRect(place, size + room), views[:in_sight]), size, place

    choice = placed(full)
    smallest = dialog.minimumSizeHint().expandedTo(dialog.minimumSize()).expandedTo(QSize(least_width, 0))
    smallest = smallest.boundedTo(full)
    if any(choice[0]) and smallest.isValid():
        options = [placed(size) for size in _between(dialog, smallest, full)]
        least = min(covered for covered, _, _ in options)
        largest = [option for option in options if option[0] == least][-1]
        choice = min(choice, largest, key=lambda option: option[0])
        choice = _grown(choice, full, room_over_window(full + room, area, screen) if inside else screen, views, room)
    return choice


def room_over_window(frame: QSize, window: QRect, screen: QRect) -> QRect:
    """Where a frame of that size lies over ``window``: the window's part of the ``screen``, grown about its
    middle where the frame is larger, then moved onto the screen (never past it)."""
    area = window.intersected(screen)
    size = area.size().expandedTo(frame)
    corner = QPoint(area.center().x() + 1 - (size.width() + 1) // 2, area.center().y() + 1 - (size.height() + 1) // 2)
    return QRect(_onto(corner, size, screen), size).intersected(screen)


def _grown(
    choice: tuple[tuple[int, ...], QSize, QPoint],
    full: QSize,
    screen: QRect,
    views: Sequence[QRect],
    room: QSize,
) -> tuple[tuple[int, ...], QSize, QPoint]:
    """``choice`` (what it covers, its size, its place) made wider, then taller, towards ``full`` where that covers
    no more of any of ``views`` and stays on ``screen``: made smaller on both sides alike, My examples floated at
    200 % on a 1600×1000 screen was left as narrow as its smallest (a scroll bar across its thumbnails) where only
    its height had to give."""
    covered, size, place = choice
    before = _covered(QRect(place, size + room), views)
    for wider in (True, False):
        for step in range(SHRINK_STEPS, 0, -1):
            more = (full - size) * (step / SHRINK_STEPS)
            bigger = size + (QSize(more.width(), 0) if wider else QSize(0, more.height()))
            frame = QRect(place, bigger + room)
            now = _covered(frame, views)
            if screen.contains(frame) and all(a <= b for a, b in zip(now, before, strict=True)):
                size = bigger
                break
    return covered, size, place


def frame_room(widget: QWidget) -> QSize:
    """What the window manager adds around ``widget``'s window: none for a window without a frame, as a dock in a
    window of its own is under X11 (its title is its own). Counted with a frame's 48 px, My examples floated at
    200 % on a 1600×1000 screen did not fit the gap below the toolbars and was made its smallest, over them."""
    return QSize(0, 0) if widget.windowFlags() & Qt.WindowType.FramelessWindowHint else FRAME_ROOM


def _between(dialog: QWidget, smallest: QSize, full: QSize) -> list[QSize]:
    """Sizes from ``smallest`` up to (not including) ``full``, each as tall as the dialog's wrapped lines need at
    its width: the minimum size hint cut the Keep dialog's question in half."""
    sizes = []
    for step in range(SHRINK_STEPS):
        size = smallest + (full - smallest) * (step / SHRINK_STEPS)
        size.setHeight(min(full.height(), max(size.height(), dialog.heightForWidth(size.width()))))
        sizes.append(size)
    return sizes


def grown_place(
    dialog: QWidget, size: QSize, before: QRect, views: Sequence[QRect] | None = None
) -> tuple[QPoint, bool]:
    """Where ``dialog``, grown to ``size``, may lie, and whether it covers no more of its window's drawing, bars and
    chart there than its frame ``before`` did, its bottom right corner (its buttons) where it was: where it lies,
    moved onto its screen, if it covers no more, else the place that hides the least of the bars and then the chart
    (:func:`reading_first`). At 200 % on a 1600×1000 screen the teach dialog, narrow over My examples beside the bars,
    grew at its outcome to 340 px and was moved left onto the screen over the bars' percentages and the chart's title.
    A dialog of no window may lie anywhere.
    ``views``: its window's :func:`views_in_order`, where the caller tries many sizes while they stay put (walked
    anew at each of the teach dialog's widths, teach8's window stood still 0.6–1.35 s)."""
    room, screen = frame_room(dialog), dialog.screen().availableGeometry()
    frame = size + room
    # its right edge kept, its foot then its top (its buttons, right-aligned at its foot, stay under the pointer);
    # its left edge last: grown rightwards, "Compare both" lay where Cancel had been (1600×1000, the gap beside bars)
    right, foot = before.right() + 1 - frame.width(), before.bottom() + 1 - frame.height()
    anchors = [QPoint(right, foot), QPoint(right, before.top()), before.topLeft()]
    places = [_onto(anchor, frame, screen) for anchor in anchors]
    window = dialog.parentWidget()
    if window is None:
        return places[0], True
    views = views_in_order(window) if views is None else views

    def clear(place: QPoint, kept: Sequence[QRect] = views[:3]) -> bool:
        now, was = _covered(QRect(place, frame), kept), _covered(before, kept)
        return all(a <= b for a, b in zip(now, was, strict=True))

    # clear only where its right edge and its foot stay (not pushed by the screen's edge): at the screen's left edge,
    # grown rightwards from 319 to 527 px (1100×720, a real window), "Switch back" came where Cancel had been; at its
    # top, grown downwards (1366×768, 371×254 to 302), Close came 48 px below where Cancel had been
    if (here := next((place for place in places if clear(place)), None)) is not None:
        return here, QRect(here, frame).bottomRight() == before.bottomRight()
    # its buttons kept under the pointer, over more of the drawing or the chart, where the bars stay as clear: moved
    # off the chart's top 12 px instead (a window larger than its 800×800 screen), a click meant for Cancel drew a dot
    if (here := next((place for place in places if clear(place, views[1:2])), None)) is not None:
        return here, False
    place = reading_first(dialog, size, views)
    return place, clear(place)


def widened_in_place(dialog: QWidget, size: QSize, before: QRect, views: Sequence[QRect]) -> bool:
    """Whether ``dialog``, grown to ``size`` from its frame ``before`` with its right edge and its foot kept (its
    buttons, right-aligned at its foot, under the pointer), lies on its screen hiding no more of its window's bars and
    chart (``views``: :func:`views_in_order`) than it did: over more of the drawing only, which a teach changes not.
    :func:`grown_place` puts it there, the first place it weighs, the bars as clear."""
    place = QRect(foot_kept(dialog, size, before), size + frame_room(dialog))
    now, was = _covered(place, views[1:3]), _covered(before, views[1:3])
    on_screen = dialog.screen().availableGeometry().contains(place)
    return on_screen and all(a <= b for a, b in zip(now, was, strict=True))


def foot_kept(dialog: QWidget, size: QSize, before: QRect) -> QPoint:
    """Where ``dialog``'s frame lies grown to ``size`` from its frame ``before``, its right edge and foot kept."""
    frame = size + frame_room(dialog)
    return QPoint(before.right() + 1 - frame.width(), before.bottom() + 1 - frame.height())


def reading_first(dialog: QWidget, size: QSize, views: Sequence[QRect]) -> QPoint:
    """Where ``dialog``, of ``size``, hides the least of its window's bars, then of its chart, then of the drawing and
    the rest (``views``: the window's :func:`views_in_order`): the place of a dialog that changes no drawing, which
    the user reads the bars and the chart beside. ``dialog`` has a parent window."""
    window = dialog.parentWidget()
    screen = dialog.screen().availableGeometry()
    return best_place(size, window.frameGeometry(), reading_order(views), screen, frame_room(dialog))


def reading_order(views: Sequence[QRect]) -> list[QRect]:
    """``views`` (:func:`views_in_order`) with the bars and the chart first, the drawing after them: the order a
    dialog that changes no drawing keeps clear, opened (:func:`place_dialog`) and grown (:func:`reading_first`) alike.
    Written out in each, it was two rules for one thing."""
    return [*views[1:3], views[0], *views[3:]]


def off_the_reading(dialog: QWidget) -> bool:
    """Move ``dialog``, where it lies over its window's bars or chart, to the best place clear of both, if there is
    one; whether it is clear of them now. "Compare both" in the teach dialog compared behind it: at 200 % on a
    1280×720 screen the finished dialog covered the whole window, and the dashed line it offers showed only once it
    was closed (window7)."""
    window = dialog.parentWidget()
    if window is None:
        return True
    views = views_in_order(window)
    if not any(_covered(dialog.frameGeometry(), views[1:3])):
        return True
    place = reading_first(dialog, dialog.size(), views)
    if any(_covered(QRect(place, dialog.size() + frame_room(dialog)), views[1:3])):
        return False
    dialog.move(place)
    return True


def onto_its_screen(widget: QWidget) -> None:
    """Move a window lying partly off every screen just far enough to lie on its own, its title bar first."""
    frame = widget.frameGeometry()
    if not any(screen.availableGeometry().contains(frame) for screen in QGuiApplication.screens()):
        widget.move(_onto(frame.topLeft(), frame.size(), widget.screen().availableGeometry()))


class TitleBarsOnScreen(QObject):
    """Installed on a window: each of its dialogs, once the window manager has framed it, is moved onto its screen
    where its frame (title bar included) lies off it.

    A dialog moved onto the screen as it opens is moved before the window manager has framed it, when Qt knows no
    frame: Qt took its window for its frame, and openbox put the title bar above that, off the screen (at 200 % on a
    1024×600 screen the widened "MNIST digits needed" box opened with its title bar above the top edge, so it could
    not be moved). The frame is known by its first paint, or a move, after it shows (framing it there, openbox moves
    no window, so Qt says no move); only those of its first second are looked at (``SETTLING_MS``), so a dialog the
    user drags partly off the screen stays where it is let go."""

    SETTLING_MS = 1000

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._shown: dict[int, QElapsedTimer] = {}  # id of each dialog shown lately → since when
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """A dialog of the window is polished: its own events are watched; shown: its moves are looked at a while."""
        kind = event.type()
        if kind == QEvent.Type.ChildPolished and isinstance(child := event.child(), QDialog):
            child.installEventFilter(self)  # once: Qt keeps one entry per filter
        elif kind == QEvent.Type.Show and isinstance(watched, QDialog):
            self._shown[id(watched)] = since = QElapsedTimer()
            since.start()
        elif kind == QEvent.Type.Hide:
            self._shown.pop(id(watched), None)  # a closed dialog's entry goes with it
        elif kind in (QEvent.Type.Move, QEvent.Type.Paint) and isinstance(watched, QDialog):
            since = self._shown.get(id(watched))
            if since is not None and since.elapsed() > self.SETTLING_MS:
                del self._shown[id(watched)]
            elif since is not None and watched.frameGeometry() != watched.geometry():  # framed
                onto_its_screen(watched)
        return False


def place_floating(dock: QDockWidget, window: MainWindow, left_here: bool = False) -> None:
    """A dock restored in a window of its own, made to fit its screen and, where it would lie off every screen or
    over the window's views, placed as a dialog is (:func:`place_dialog`). Saved at 200 % on a 1600×1000 screen,
    "My examples" came back at 100 % at the place's half, partly over the drawing; saved at 100 % it came back at
    200 % as tall as the screen, over the bars and the chart: it is made smaller rather than cover them.

    ``left_here``: it was left where it is at this scale (hidden since, or at the last close), where the user expects it
    again: kept there unless it lies over the drawing, the title bar, the menus or the toolbars, or off the screen.
    Placed as a dialog, the maps left over the chart came back at the window's top right, over the toolbar (200 % on
    1600×1000)."""
    screen = window.screen().availableGeometry()
    dock.resize(dock.size().boundedTo(screen.size()))
    frame = dock.frameGeometry()
    # the other docks in windows of their own: restored over a window filling the screen, the maps went to the one
    # gap My examples went to, under it
    docks = window.findChildren(QDockWidget)
    others = [d.frameGeometry() for d in docks if d is not dock and d.isFloating() and d.isVisible()]
    views = views_in_order(window)
    if left_here:
        views = [_on_screen(w) for w in [window.canvas, *_controls(window)]]
    if any(s.availableGeometry().contains(frame) for s in QGuiApplication.screens()) and not any(
        _covered(frame, [*views, *others])
    ):
        return
    # made smaller, as a dialog is, rather than cover the drawing, the bars, the chart or the toolbars: it stays
    place_dialog(dock, window, _in_sight(window), clear_of=others)


def _in_sight(window: MainWindow) -> int:
    """How many of :func:`views_in_order` a dock in a window of its own keeps in sight first: those before What
    the model sees (the drawing, the bars, the chart, the window's title bar, the menus, the toolbars and the status
    bar)."""
    views = _views(window)
    return views.index(window.input_view) if window.input_view in views else len(views)


def _controls(window: MainWindow) -> list[QWidget]:
    """Where the window's commands are: its title bar (``window`` itself, see :func:`_on_screen`), menus and
    toolbars."""
    return [view for view in _views(window) if view is window or isinstance(view, QMenuBar | QToolBar)]


def over_views_in_sight(dock: QDockWidget, window: MainWindow) -> bool:
    """Whether ``dock``, in a window of its own, lies over any of the views kept in sight (:func:`_in_sight`)."""
    return any(_covered(dock.frameGeometry(), views_in_order(window)[: _in_sight(window)]))


def over_the_controls(dock: QDockWidget, window: MainWindow) -> bool:
    """Whether ``dock``, in a window of its own, lies over the window's title bar, menus or toolbars: placed over
    them for want of room clear of every view, it put the window's commands out of reach."""
    return any(_covered(dock.frameGeometry(), [_on_screen(view) for view in _controls(window)]))


def shown_tip() -> QWidget | None:
    """The tooltip on screen, if one is (Qt's own label: QToolTip says its text, not where it is)."""
    if not QToolTip.isVisible():
        return None
    return next((w for w in QApplication.topLevelWidgets() if w.inherits("QTipLabel") and w.isVisible()), None)


def show_beside(widget: QWidget, text: str, pointer: QPoint, spot: QRect, clear_of: QRect) -> None:
    """Show ``text`` as the tooltip of ``widget``'s ``spot`` (it goes once the pointer leaves it), at the height of
    ``pointer``, right of ``clear_of`` (all in ``widget``'s coordinates) where the screen has room, else left of it;
    where neither side has room, where Qt puts it. Qt shows a tooltip just below the pointer: the pixel read-out of
    What the model sees hid the picture's rows under the pixel pointed at, and at 200 % on a 1600-px screen, moved
    left for want of room, half the drawing too; the bars' tooltip lay over the bars below the one pointed at."""
    tip = open_tip(widget, text, widget.mapToGlobal(pointer), spot)
    if tip is None:
        return
    screen = widget.screen().geometry()
    keep = QRect(widget.mapToGlobal(clear_of.topLeft()), clear_of.size())
    right, left = keep.right() + 1 + GAP, keep.left() - GAP - tip.width()
    if right + tip.width() <= screen.right() + 1:
        x = right
    elif left >= screen.left():
        x = left
    else:
        return
    y = widget.mapToGlobal(pointer).y() - tip.height() // 2
    tip.move(off_the_pointer(tip, QPoint(x, max(screen.top(), min(y, screen.bottom() + 1 - tip.height()))), keep))


def show_under(widget: QWidget, text: str, pointer: QPoint, spot: QRect, clear_of: QRect, top: int) -> None:
    """Show ``text`` as :func:`show_beside` does, but at ``widget``'s height ``top``, from ``clear_of``'s left edge,
    where the screen has room under it (else beside ``clear_of``): the keyboard's pixel cursor of What the model sees
    at row 28 had its read-out beside the picture, over the Live belief bars' 9 row, hiding it while it showed."""
    show_beside(widget, text, pointer, spot, clear_of)
    tip = shown_tip()
    if tip is None:
        return
    screen = widget.screen().geometry()
    under = widget.mapToGlobal(QPoint(clear_of.left(), top))
    if under.y() + tip.height() <= screen.bottom() + 1:
        x = max(screen.left(), min(under.x(), screen.right() + 1 - tip.width()))
        keep = QRect(widget.mapToGlobal(clear_of.topLeft()), clear_of.size())
        tip.move(off_the_pointer(tip, QPoint(x, under.y()), keep))


def open_tip(widget: QWidget, text: str, at: QPoint, spot: QRect | None = None) -> QWidget | None:
    """``text`` shown as ``widget``'s tooltip (``spot``: as :meth:`QToolTip.showText`'s rect), opened where Qt opens
    one for the pointer at ``at`` (global), or at the pointer itself where it rests on ``widget``'s screen; the
    tooltip shown, to be moved where it belongs (there, :func:`off_the_pointer`), or None.

    Why the pointer: Qt closes a tooltip 0.3 s after the pointer leaves a widget, and a tooltip that opens under the
    pointer takes it off the widget below. Qt opens one clear of the point it is given, which it takes for the
    pointer's; given another (the status bar's corner for Shift+F1's status bar in full, the pixel the arrow keys chose
    in What the model sees), it opened over a pointer resting there, and went unread (a real window at 200 %)."""
    pointer = QCursor.pos()
    QToolTip.showText(pointer if widget.screen().geometry().contains(pointer) else at, text, widget, spot or QRect())
    return shown_tip()


def off_the_pointer(tip: QWidget, corner: QPoint, keep: QRect | None = None) -> QPoint:
    """Where to move ``tip``, meant to go to ``corner``: there, or where it would lie over the pointer (which closes
    it: :func:`open_tip`), just above the pointer where the screen has room, else just below it, else beside it, the
    nearer side to ``corner`` first; of those, first one clear of ``keep`` (global), what it describes: moved above a
    pointer resting under the picture, the pixel read-out of What the model sees lay over the picture's last rows,
    the pixel it read out among them (200 % on 1366×768). Beside: on a screen only a little taller than the tip
    (1600×260), neither above nor below had room, and the tip moved over the pointer vanished at once. Where no side
    has room either, it stays where Qt opened it. Decided before the move: moved over the pointer even for a moment,
    it was closed all the same."""
    pointer, size = QCursor.pos(), tip.frameGeometry().size()
    if not QRect(corner, size).contains(pointer):
        return corner
    room = (QGuiApplication.screenAt(pointer) or tip.screen()).availableGeometry()
    above, below = pointer.y() - GAP - size.height(), pointer.y() + POINTER_ROOM
    fits = [QPoint(corner.x(), y) for y in (above, below) if room.top() <= y <= room.bottom() + 1 - size.height()]
    if not fits:  # right of the pointer's arrow, or left of its tip
        y = max(room.top(), min(corner.y(), room.bottom() + 1 - size.height()))
        right, left = pointer.x() + POINTER_ROOM, pointer.x() - GAP - size.width()
        sides = sorted((right, left), key=lambda x: abs(x - corner.x()))
        fits = [QPoint(x, y) for x in sides if room.left() <= x <= room.right() + 1 - size.width()]
    clear = [place for place in fits if keep is None or not QRect(place, size).intersects(keep)]
    return (clear or fits or [tip.frameGeometry().topLeft()])[0]


def plain_box(
    icon: QMessageBox.Icon,
    title: str,
    text: str,
    parent: QWidget,
    buttons: QMessageBox.StandardButton = QMessageBox.StandardButton.Ok,
    details: str = "",
) -> QMessageBox:
    """A message box of plain text, deleted once closed: its words quote file, folder and model names, and a name
    such as "<b>x.png" must not render as HTML, nor one not UTF-8 lose its bytes (:func:`readable_lines`), nor a line
    that begins with a Hebrew name be laid out right to left, reordered (:func:`left_to_right`). As wide as its
    title (:func:`_room_for_the_title`); ``details``: behind Show Details…."""
    box = QMessageBox(icon, title, left_to_right(readable_lines(text)), buttons, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    if details:  # before the title's room: Qt lays the box out anew, without it
        box.setDetailedText(details)
    _room_for_the_title(box)
    return box


def _room_for_the_title(box: QMessageBox) -> None:
    """A message box as wide as its title: sized to a short message ("folder.png: is a folder, not an image"), the
    window manager cut the title that says what failed to "Could not ope… — RowReader", and a box of two short
    lines its title to "Pr… er" (at 100 %, openbox). Every plain box, not only the error's."""
    title = f"{box.windowTitle()} — {QGuiApplication.applicationDisplayName()}"
    screen = box.screen().availableGeometry().width() if box.screen() is not None else 1000
    width = min(box.fontMetrics().horizontalAdvance(title) + TITLE_BAR_ROOM, screen * 3 // 4)
    grid = box.layout()
    spacer = QSpacerItem(width, 0, QSizePolicy.Policy.Minimum, QSizePolicy.Policy.Minimum)
    if isinstance(grid, QGridLayout):
        grid.addItem(spacer, grid.rowCount(), 0, 1, grid.columnCount())


class _OpenOnceExposed(QObject):
    """On a window's handle until it is first exposed, then opens the box it belongs to (:func:`open_within_screen`);
    a child of the box, so a box deleted meanwhile opens nothing."""

    def __init__(self, box: QMessageBox, window: QWidget) -> None:
        super().__init__(box)
        self._box, self._window = box, window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Expose and watched.isExposed():  # type: ignore[attr-defined]
            watched.removeEventFilter(self)
            box, window = self._box, self._window
            QTimer.singleShot(0, box, lambda: open_within_screen(box, window))  # not from inside Qt's expose
            self.deleteLater()
        return False


def open_once_placed(box: QMessageBox, window: QWidget) -> None:
    """:func:`open_within_screen`, for a box asked for as the window is shown (the start's): at once where the window
    is on the screen or not shown at all, else once it is on the screen. Qt centres a box on where it believes the
    window is, and until the window manager has placed it that is where it was made, at the screen's top left: under
    openbox the start's boxes (a teach not finished, the examples' folder moved) opened off a 642×595 window placed at
    the screen's centre once in 3 starts, 260 px off a 1102×745 window's centre 5 in 8."""
    handle = window.windowHandle()
    if window.isVisible() and handle is not None and not handle.isExposed():
        handle.installEventFilter(_OpenOnceExposed(box, window))
    else:
        open_within_screen(box, window)


class _WindowGone(QObject):
    """On a window from the moment a start's box is made, a child of the box: whether the window has closed (a close
    asked for, then the window hidden: one ignored leaves it shown)."""

    went = Signal()  # the window gone

    def __init__(self, box: QMessageBox, window: QWidget) -> None:
        super().__init__(box)
        self.asked = self.gone = False
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Close:
            self.asked = True
        # a window closed unshown has no Hide to come
        if self.asked and not self.gone and (event.type() == QEvent.Type.Hide or not watched.isVisible()):
            self.gone = True
            self.went.emit()
        return False


def say_at_start(
    box: QMessageBox, window: QWidget, said: Callable[[], None], done: Callable[[], None] | None = None
) -> None:
    """Open a start's box (a teach cut short, the examples' folder) one tick after the window is shown, once it is on
    the screen (:func:`open_once_placed`), and call ``said`` once the user has closed it: what it says is kept (a
    note, a setting) until then. A window closed first (before the box opened, or with it open) leaves it unsaid, for
    the next start: unopened, the box opened over the closed window (offscreen, its events run after the close), and
    a window started minimized and closed from the task bar lost "Your examples have a new folder" for good; open,
    Qt ends it as the app ends, which said the folder's message and not the teach's. ``done`` is called when either
    comes first, said or left to the next start (and may be called again)."""
    window_gone = _WindowGone(box, window)
    box.finished.connect(lambda *_: None if window_gone.gone else said())
    if done is not None:
        box.finished.connect(lambda *_: done())
        window_gone.went.connect(done)

    def open_it() -> None:
        if not window_gone.gone:
            open_once_placed(box, window)

    QTimer.singleShot(0, box, open_it)


def open_within_screen(box: QMessageBox, window: QWidget) -> None:
    """Open ``box`` (window-modal), its lines made wider where its text wrapped makes it taller than the screen's
    free area, and moved onto the screen. Qt wraps a message box's text at half the screen's width: at 200 % on a
    1024×600 screen the "MNIST digits needed" box was 256 px wide and taller than the screen, its Download and Cancel
    buttons below the bottom edge."""
    box.open()
    room = screen_room(window)
    label = box.findChild(QLabel, "qt_msgbox_label")
    if label is None or box.height() <= room.height():
        return
    label.setMinimumWidth(max(label.width(), room.width() - (box.width() - label.width())))
    QApplication.sendPostedEvents(box, QEvent.Type.LayoutRequest)  # Qt sizes the box anew
    onto_its_screen(box)
