"""The window's size, place and dock layout across starts, always within the screen it is on.

A saved geometry is restored but never larger than the screen's free area, and a window lying mostly off every
screen is centred. Where the screen is too short for the window with "Inside the LSTM" under the maps, the dock
waits hidden (asked for, it docks right of the views, or floats over them where that has no room either) and is
back under the maps at the next start on a screen with room; shown at quit, it is right of the views again at the
next start where it fits there. A dock in a window of its own is shown once the window is, on screen and beside it.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QEvent, QObject, QPoint, QRect, QSize, Qt, QTimer
from PySide6.QtGui import QGuiApplication, QScreen, QWindow
from PySide6.QtWidgets import QAbstractButton, QDockWidget, QStyle, QTabBar, QToolBar
from shiboken6 import isValid

from gui.canvas import DEFAULT_BRUSH, MAX_BRUSH, MIN_BRUSH
from gui.dock_size import SIDES, DockSizeKeeper
from gui.screen_room import (
    FRAME_ROOM,
    GAP,
    onto_its_screen,
    over_the_controls,
    over_views_in_sight,
    place_floating,
    screen_room,
)
from gui.settings import read_flag, read_int, read_number, read_text
from gui.window_layout import LSTM_HEIGHT
from gui.window_stack import GEOMETRY_KEY, WINDOW_STEP, geometry_key, window_slot
from rowreader.player import DEFAULT_SPEED, MAX_SPEED, MIN_SPEED

if TYPE_CHECKING:
    from gui.main_window import MainWindow

FIRST_SIZE = QSize(1100, 720)  # the window at first start, where the screen has room for it
# "yes": "Inside the LSTM" was hidden by the app for a short screen, not by the user; "floated": put in a window of
# its own there when asked for; "beside": docked right of the views there when asked for. Each way it is back under
# the maps at the next start on a screen with room; shown ("floated", "beside"), right of the views on one without.
LSTM_HIDDEN_FOR_ROOM_KEY = "window/lstm_hidden_for_room"
LAYOUT_SIZE_KEY = "window/size"  # the window's size the saved dock layout was made in (logical px)
# "true" where the window was maximised: Qt's geometry says so too, but Qt refuses a geometry saved on a screen a
# quarter wider or narrower (1600 px wide, restored at 1024), and the window opened unmaximised there
MAXIMIZED_KEY = "window/maximized"
# the scale (device pixel ratio) the docks left floating were placed at (at another, their place is another spot),
# and where each was (Qt's restore can move one: then it was not left where it comes back)
FLOATING_RATIO_KEY = "window/floating_ratio"
FLOATING_PLACE_KEY = "window/floating_place/"  # + the dock's object name
# the size the user's floating maps had before the app placed them for room (at 200 % on 1600×1000): saved so, they
# came back at the next start at 100 % at the room's size (421 px wide), not at theirs
MAPS_OWN_SIZE_KEY = "window/maps_own_size"
# "true": My examples, docked at the bottom by the user, was moved right of the views for want of room there (see
# WindowRoom._examples_for_room); back at the bottom at the next start on a screen with room
EXAMPLES_MOVED_KEY = "window/examples_moved_for_room"
# My examples' width as left docked beside the views: fitted at a start in a narrower window (a laptop after a
# monitor), it is what the dock gets back as the window grows again; unsaved, a width the user gave it on the monitor
# was gone for the session, the fitted one (166 px of 258) given back
EXAMPLES_WIDTH_KEY = "window/examples_width"
# what the status line says where the screen has no room for "Inside the LSTM" under the views (its middle shortened
# where the bar is narrow, the whole in its tooltip: short, so Ctrl+L stays in sight at 200 % on 1024×600), and for
# how long: longer than a plain message, as it is news
HIDDEN_FOR_ROOM = "No room for Inside the LSTM on this screen; Ctrl+L shows it"
FLOATED_FOR_ROOM = "No room for Inside the LSTM: it lies over the views; Ctrl+L hides it"
ROOM_MESSAGE_MS = 15_000
MOVED_SETTLE_MS = 300  # a dock moved by the window manager is taken to have stopped after this long without a move


def docked_buttons(docks: list[QDockWidget]) -> list[QRect]:
    """On screen, the buttons of those ``docks`` shown docked (My examples' Import, Export and Teach): a floating
    dock keeps off them."""
    return [
        QRect(button.mapToGlobal(QPoint(0, 0)), button.size())
        for dock in docks
        if dock.isVisible() and not dock.isFloating()
        for button in dock.findChildren(QAbstractButton)
        if button.isVisible()
    ]


class WindowRoom(QObject):
    """Restores and saves the window's layout and remembered settings; ``window.room`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        super().__init__(window)
        self._window = window
        self._slot, self._slot_lock = window_slot(window.settings)  # the windows open before it, and its own lock
        self._lstm_hidden_for_room = False  # "Inside the LSTM" hidden at start for want of room (restore)
        self._lstm_floated_for_room = False  # ... or in a window of its own when asked for there
        self._lstm_beside_for_room = False  # ... or docked right of the views when asked for there
        self._lstm_left_floating = False  # ... floated for room where the user had left them floating (not docked)
        self._maps_moved = False  # ... and moved since by the user: shown again, they are placed as any dock is
        self._maps_own_size = QSize()  # the size of the user's floating maps as this start found them (save)
        self._examples_moved = False  # My examples moved from the bottom for want of room (_examples_for_room)
        self._pressed_at = QPoint()  # where a dock was when a button was pressed on it
        self._floating_to_show: list[QDockWidget] = []  # restored in windows of their own, shown after the window
        self._left_at: dict[QDockWidget, tuple[float, QRect]] = {}  # docks hidden floating: the scale, and where
        self._just_floated: tuple[QDockWidget, QPoint] | None = None  # a dock put in a window of its own, and where
        self._double_clicked: QDockWidget | None = None  # a dock whose title was double-clicked, until it floats
        self._fit_timer = QTimer(self, singleShot=True)  # once a pass, however many layout changes
        self._fit_timer.setInterval(0)  # not interval=: see gui.app.create_app
        self._fit_timer.timeout.connect(self._maps_still_beside)  # first: floating them changes the layout
        self._fit_timer.timeout.connect(self._views_fitted)
        self._docked_shown: list[QDockWidget] = []  # docks shown docked, till laid out: see _floating_off_buttons
        # My examples shown by the user (its command, a keep, an import), till laid out; once a start, and not where
        # it was shown at the last quit: see _examples_beside_drawing
        self._fit_examples = self._examples_fitted = self._examples_as_left = self._squeeze_undone = False
        self._fit_timer.timeout.connect(self._examples_beside_drawing)
        # px the window lost in width since My examples last gave way: see _examples_give_way
        self._narrowed_by = 0
        self._narrowed_timer = QTimer(self, singleShot=True)  # once the layout has taken the narrowing
        self._narrowed_timer.setInterval(0)
        self._narrowed_timer.timeout.connect(self._examples_give_way)
        self._fit_timer.timeout.connect(self._floating_off_buttons)
        # a dock moved by the window manager (Alt+drag in openbox) gives no button release: it is put back on screen
        # once it has stopped moving (while the window manager drags it, it would put it back where the pointer is)
        self._moved_timer = QTimer(self, singleShot=True)
        self._moved_timer.setInterval(MOVED_SETTLE_MS)
        self._moved_timer.timeout.connect(self._floating_docks_onto_screen)
        # a screen made smaller (xrandr, a laptop's lid closed on its monitor) left the window and the docks floating
        # beside it where they were, partly off it: fitted again once the window manager has had its turn
        self._screen_timer = QTimer(self, singleShot=True)
        self._screen_timer.setInterval(MOVED_SETTLE_MS)
        self._screen_timer.timeout.connect(self._fitted_to_screen)
        # the window moved, resized, maximised or laid out anew: the docks the app placed in windows of their own
        # follow it once it has settled (see _window_changed)
        self._placed: dict[QDockWidget, tuple[QRect, Callable[[], None]]] = {}  # where, and how to place it again
        self._changed_timer = QTimer(self, singleShot=True)
        self._changed_timer.setInterval(MOVED_SETTLE_MS)
        self._changed_timer.timeout.connect(self._window_changed)
        self._new_screen = False  # the window was moved onto another screen: fitted once it has settled there
        self._screen_watched: QWindow | None = None  # the window's handle, whose screen changes are heard
        for screen in QGuiApplication.screens():
            self._watch(screen)
        QGuiApplication.instance().screenAdded.connect(self._watch)
        window.actions_.show_state.triggered.connect(self._lstm_shown_or_hidden_by_user)
        window.actions_.show_state.toggled.connect(self._maps_shown_or_hidden)  # by any means: Ctrl+L, a restore
        window.heatmap_dock.topLevelChanged.connect(self._maps_docked_again)
        # once it is gone from the layout: as it says it hides, it is still there
        window.teaching.dock.visibilityChanged.connect(
            lambda shown: shown or QTimer.singleShot(0, self, self._maps_back_beside)
        )
        for dock in window.findChildren(QDockWidget):
            dock.topLevelChanged.connect(lambda floating, dock=dock: floating and self._floated(dock))
            dock.installEventFilter(self)  # a button let go on it, or shown again: see _floated, _shown_floating
            shown_by_command = dock.toggleViewAction().triggered  # where tabbed, the tab behind: see _front
            shown_by_command.connect(lambda shown, dock=dock: shown and self.bring_out(dock))

    def restore(self) -> None:
        """Geometry, docks, brush and speed as saved, fitted to the screen the window opens on."""
        window = self._window
        settings, dock = window.settings, window.heatmap_dock
        own = settings.value(geometry_key(self._slot))  # where the first window (the second, …) was left
        geometry = own if own is not None else settings.value(GEOMETRY_KEY)
        if not (isinstance(geometry, QByteArray | bytes) and window.restoreGeometry(geometry) and self._sized()):
            window.resize(FIRST_SIZE)  # first start (or a geometry Qt cannot use): a size that shows every view
        elif (slot := self._slot) and own is None:  # a window open already restored this geometry: this steps clear
            step = QPoint(WINDOW_STEP, WINDOW_STEP) * slot
            room = window.screen().availableGeometry()
            stepped = window.geometry().translated(step)
            window.setGeometry(stepped if room.contains(stepped) else window.geometry().translated(-step))
        # as the window was left, whatever Qt made of its geometry; made so last, as resizing a window not yet shown
        # unmaximises it
        maximized = window.isMaximized() or read_flag(settings, MAXIMIZED_KEY)
        # never larger than the screen's free area: at 150 % on a 1366×768 laptop the first window was taller
        # than the screen, its status bar below the edge (and so was a size saved on a larger monitor)
        room = screen_room(window)
        if room.isValid() and window.size().boundedTo(room) != window.size():
            window.resize(window.size().boundedTo(room))
        self._onto_a_screen()
        state = settings.value("window/state")
        narrower = squeezed_by_window = False  # than the window its layout was saved in; saved at its narrowest
        if isinstance(state, QByteArray | bytes):
            window.restoreState(state)
            for bar in window.findChildren(QToolBar):  # a layout saved with one hidden (its right-click menu did)
                bar.show()
            laid_out_in = settings.value(LAYOUT_SIZE_KEY)
            if isinstance(laid_out_in, QSize):  # docks squeezed by a smaller window get their room back
                narrower = window.width() < laid_out_in.width()
                # saved at the window's narrowest, every view was squeezed by the window, not the drawing by the dock
                squeezed_by_window = laid_out_in.width() <= window.minimumSizeHint().width() < window.width()
                for keeper in window.findChildren(DockSizeKeeper):
                    keeper.restored_into(window.size() - laid_out_in)
        # a screen shorter than the window's smallest layout (150 % on a 1366×768 laptop: 512 px less a title
        # bar) kept its status bar below the edge whatever the size: "Inside the LSTM" waits for Ctrl+L there,
        # and is back at the next start on a screen with room (the saved layout alone kept it hidden for good)
        moved_for_room = read_text(settings, LSTM_HIDDEN_FOR_ROOM_KEY)
        if moved_for_room == "yes":
            dock.show()
        elif moved_for_room in ("floated", "beside"):  # floated, it came back where it was, at the other scale's
            dock.setFloating(False)  # position, half off the window: docked, or hidden below
            # under the views, not where it was docked last: right of them, for room, it stayed there for good
            window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
            window.resizeDocks([dock], [LSTM_HEIGHT], Qt.Orientation.Vertical)  # not its floating height
        self._lstm_hidden_for_room = (
            room.isValid() and not dock.isHidden() and window.minimumSizeHint().height() > room.height()
        )
        # shown by the user at quit (beside the views, or floating): beside them again where they fit there, as
        # Ctrl+L would put them. Hidden, the user's Ctrl+L was forgotten at each start (200 % on 1600×1000)
        if self._lstm_hidden_for_room and moved_for_room in ("floated", "beside") and self._docked_beside(room):
            self._lstm_hidden_for_room = False
        if self._lstm_hidden_for_room:
            dock.hide()
            # said, not only done: at 200 % on a 1366×768 screen the maps were gone without a word, and shown
            # (Ctrl+L) they lie over the belief bars 4–9, the one place they fit (see _lstm_shown_or_hidden_by_user)
            # untrue where Ctrl+L showed them before it was said (it waits for the model's message): taken back
            window.status.start_notes.append((HIDDEN_FOR_ROOM, ROOM_MESSAGE_MS, None, self._no_room_said))
        self._examples_moved = self._examples_for_room(read_flag(settings, EXAMPLES_MOVED_KEY), room)
        # shown at the last quit: as the user left it, unless in a narrower window (its width was had in a wider one:
        # left on a 1600×1000 monitor, it took 300 px of 798 at 150 % on a 1280×720 screen, the drawing 150)
        shown = not window.teaching.dock.isHidden()
        self._fit_examples, self._examples_fitted = shown, False
        # kept so unless it squeezes the drawing (see _squeezing); a layout saved at the window's narrowest gets back
        # from its keeper the room the window took (test_robust_gui's thirteenth layout, failed by live16's first cut).
        # Not "in a wider window": one a pixel wider than the layout's kept the drawing at 150 px beside 314 (review86)
        self._examples_as_left = shown and not narrower
        self._squeeze_undone = not squeezed_by_window
        # the width the user gave it, not one it was fitted to: what it gets back as the window grows, from the
        # start on (fitted at a start on a laptop and quit there, it came back at the fitted 166 px of the user's 258)
        left_width = read_int(settings, EXAMPLES_WIDTH_KEY, 0, 0, 100_000)
        for keeper in window.teaching.dock.findChildren(DockSizeKeeper):
            keeper.least = left_width or None
        self._views_fitted()
        if maximized:
            window.setWindowState(window.windowState() | Qt.WindowState.WindowMaximized)
        window.installEventFilter(self)  # its layout's changes: see eventFilter
        # a dock in a window of its own, shown by restoreState before the window was, was stacked under it for good
        # (openbox: a tool window mapped before its parent is not kept above it), and where it was saved at another
        # scale (200 %), its place read at 100 % lay over the window: it waits for the window, see window_shown
        self._floating_to_show = [d for d in window.findChildren(QDockWidget) if d.isFloating() and not d.isHidden()]
        for floating in self._floating_to_show:
            floating.hide()
        # hidden so, each was noted as left there at this scale (eventFilter): only what was saved says where it was
        self._left_at.clear()
        ratio = read_number(settings, FLOATING_RATIO_KEY, 0.0, 0.0, 100.0)  # none saved: none matches
        for floating in window.findChildren(QDockWidget):
            place = settings.value(FLOATING_PLACE_KEY + floating.objectName())
            if floating.isFloating() and isinstance(place, QRect):
                self._left_at[floating] = (ratio, place)
        own, left = settings.value(MAPS_OWN_SIZE_KEY), self._left_at.get(dock)
        # as saved: restored at 200 %, Qt had made them as wide as the screen (800 of 1100 px)
        own = own if isinstance(own, QSize) and own.isValid() else left[1].size() if left else dock.size()
        self._maps_own_size = own  # shown at this size (_show_floating)
        canvas = window.canvas
        canvas.set_brush_width(read_number(settings, "canvas/brush_width", canvas.brush_width, MIN_BRUSH, MAX_BRUSH))
        window.session.player.speed = read_int(settings, "scan/rows_per_second", DEFAULT_SPEED, MIN_SPEED, MAX_SPEED)

    def _examples_for_room(self, moved_before: bool, room: QSize) -> bool:
        """My examples docked at the bottom, where the screen is too short for the window with it there, moved right
        of the views (where it docks at first): placed there at 100 % and read at 200 % on a 1600×1000 screen, it
        took the chart's height, the views scrolled and the belief chart was a scroll away (31 of its 150 px in
        sight). ``moved_before``: so moved at the last start, it is back at the bottom first. True where moved."""
        window, examples = self._window, self._window.teaching.dock
        bottom, right = Qt.DockWidgetArea.BottomDockWidgetArea, Qt.DockWidgetArea.RightDockWidgetArea
        if examples.isFloating() or not room.isValid():
            return False
        if moved_before and window.dockWidgetArea(examples) == right:
            window.addDockWidget(bottom, examples)  # where the user left it
        if examples.isHidden() or window.dockWidgetArea(examples) != bottom:
            return False
        window.layout().activate()
        if window.minimumSizeHint().height() <= room.height():
            return False
        window.addDockWidget(right, examples)
        QTimer.singleShot(0, window, lambda: window.resize(window.size().boundedTo(room)))  # as it grew for the dock
        return True

    def _views_fitted(self) -> None:
        """Where even without "Inside the LSTM" the window's smallest is larger than the screen (200 % on a 1024×700
        screen: 681 × 451 px for 496 × 302), the views scroll by what is missing and the window fits the screen.
        Again whenever the window's layout changes: My examples, docked beside the views after the start, made the
        window 630 px wide again. A maximised window too: left maximised at 175 % on a 1024×700 screen, it opened
        as large as its smallest, 1,071 × 789 px, the status bar and My examples' buttons past the screen's edges."""
        window, room = self._window, screen_room(self._window)
        if not room.isValid() or window.isFullScreen():
            return
        views = window.views_area
        window.layout().activate()
        less = (views.less + window.minimumSizeHint() - room).expandedTo(QSize(0, 0))
        if less == views.less:
            return  # a window the user made larger than the screen is theirs
        views.shrink_by(less)
        window.layout().activate()
        # a maximised one on screen is sized by the window manager, now that it fits; one not yet shown gets the
        # size it has unmaximised (it was its smallest, larger than the screen, once the layout was activated)
        if not (window.isMaximized() and window.isVisible()):
            window.resize(window.size().boundedTo(room))

    def window_shown(self) -> None:
        """The window is shown: the docks restored floating follow once it is on screen (see eventFilter)."""
        handle = self._window.windowHandle()
        if self._floating_to_show and handle is not None:
            handle.installEventFilter(self)
        if handle is not None and handle is not self._screen_watched:
            self._screen_watched = handle
            handle.screenChanged.connect(self._moved_to_screen)

    def _moved_to_screen(self) -> None:
        """The window dragged from a 1600×1000 monitor onto a laptop's 1280×720 screen at 150 % (853×480 px) kept its
        1100×720 px, its right third and its lower 294 px (the chart, the status bar, its own lower edge to resize it
        by) off every screen. Once it has stopped moving there, where larger than that screen, it is fitted into it as
        at a start: fitted mid-drag, it would be moved from under the pointer."""
        self._new_screen = True
        self._changed_timer.start()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """At the window's first exposure the window manager has mapped and placed it: shown earlier (when shown
        by Qt), a dock stacked under it and was placed by where the window was asked to go, not where it went.
        A button let go on a dock in a window of its own: see _floated."""
        if event.type() == QEvent.Type.LayoutRequest and watched is self._window:
            self._fit_timer.start()
            self._changed_timer.start()
        elif event.type() in (QEvent.Type.Move, QEvent.Type.Resize) and watched is self._window:
            self._changed_timer.start()  # a maximise too: it resizes
            if event.type() == QEvent.Type.Resize and 0 < event.size().width() < event.oldSize().width():
                self._narrowed_by += event.oldSize().width() - event.size().width()
                self._narrowed_timer.start()
        elif event.type() == QEvent.Type.MouseButtonDblClick and isinstance(watched, QDockWidget):
            self._double_clicked = watched  # it floats (or docks) next, the button down: see _floated
        elif event.type() == QEvent.Type.MouseButtonPress and isinstance(watched, QDockWidget):
            self._double_clicked = None  # one docked by a double-click, then dragged out: placed where let go
            self._pressed_at = watched.pos()
        elif event.type() == QEvent.Type.Expose and isinstance(watched, QWindow) and watched.isExposed():
            watched.removeEventFilter(self)
            QTimer.singleShot(0, self, self._show_floating)
        elif event.type() == QEvent.Type.MouseButtonRelease and isinstance(watched, QDockWidget):
            if watched is self._window.heatmap_dock and watched.isFloating() and watched.pos() != self._pressed_at:
                self._maps_moved = True  # dragged by its title in its own window
            QTimer.singleShot(0, watched, lambda: self._place_floated(watched))
        elif event.type() == QEvent.Type.Show and isinstance(watched, QDockWidget) and watched.isFloating():
            # judged as it shows: under X11 Qt shows a dock anew as its drag out ends, in the release's handling,
            # after the release's _place_floated is queued (which forgets it was just floated)
            just_floated = self._floated_just_now(watched)
            QTimer.singleShot(0, watched, lambda: just_floated or self._shown_floating(watched))
        elif event.type() == QEvent.Type.Show and isinstance(watched, QDockWidget):
            self._docked_shown.append(watched)
            self._fit_timer.start()
        elif event.type() == QEvent.Type.Move and isinstance(watched, QDockWidget) and watched.isFloating():
            self._moved_timer.start()
        elif event.type() == QEvent.Type.Close and isinstance(watched, QDockWidget) and self._behind(watched):
            event.ignore()  # see _behind: its command brings it to the front instead
            watched.toggleViewAction().setChecked(True)
            self._front(watched)
            return True
        elif event.type() == QEvent.Type.Hide and isinstance(watched, QDockWidget) and watched.isFloating():
            self._left_at[watched] = (watched.devicePixelRatioF(), watched.geometry())  # shown again, there
        return False

    def _floating_docks_onto_screen(self) -> None:
        """Docks in windows of their own lying partly off every screen, moved onto their own. Only the button let go
        after Qt's own drag put one back (see _floated): moved by openbox (Alt+drag) past the screen's corner,
        "Inside the LSTM" stayed there, its buttons and most of its maps out of reach until the next start. Not
        while a button is held: Qt's own drag is placed when it is let go."""
        if QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton:
            return
        for dock in self._window.findChildren(QDockWidget):
            if dock.isFloating() and dock.isVisible():
                onto_its_screen(dock)

    def _watch(self, screen: QScreen) -> None:
        screen.availableGeometryChanged.connect(self._screen_timer.start)

    def _fitted_to_screen(self) -> None:
        """The screen's free area changed under the window (1600×1000 made 1280×800 by xrandr): the window, larger
        than the screen, kept its status bar and the lower views below the edge, and "Inside the LSTM" in a window of
        its own lay half off the screen, its maps and buttons out of reach. The window is fitted into the screen as at
        a start (not a maximised one: the window manager sizes it), and each floating dock is brought back as one
        shown again is."""
        window = self._window
        if not (isValid(window) and window.isVisible()):
            return
        room = screen_room(window)
        if not (window.isMaximized() or window.isFullScreen()) and window.size().boundedTo(room) != window.size():
            window.resize(window.size().boundedTo(room))
        self._views_fitted()
        onto_its_screen(window)
        for dock in window.findChildren(QDockWidget):
            if dock.isFloating() and dock.isVisible():
                self._place(dock, left_here=True)

    def _examples_beside_drawing(self) -> None:
        """My examples first shown docked beside the views (Teach ▸ My examples, a keep, an import) is no wider than
        the drawing, down to its least: Qt gave it the width its lists ask for by default (256 px each), 332 px of
        837 at 150 % on a 1280×720 screen, the drawing squeezed from 353 px to its least, 157, What the model sees to
        56, beside ten empty strips (each scrolls its thumbnails sideways). The dock gives way, not the drawing: the
        cost, on such screens, is the finished teach dialog's place right of the bars (it lies over the drawing, the
        bars in sight: :func:`gui.screen_room.reading_first`). Once a start, and not where it was shown at the last
        quit: a width the user gives it is theirs."""
        dock = self._window.teaching.dock
        if self._examples_fitted or not self._fit_examples:
            return
        self._fit_examples, self._examples_fitted = False, True
        if not self._examples_beside() or (self._examples_as_left and not (self._squeeze_undone and self._squeezing())):
            return
        self._examples_as_wide_as_drawing(dock.minimumSizeHint().width())
        for keeper in dock.findChildren(DockSizeKeeper):
            # what it gets back as a narrowed window grows again: not the 332 (Qt's), the width it was left at
            keeper.wanted[Qt.Orientation.Horizontal] = max(dock.width(), keeper.least or 0)

    def _squeezing(self) -> bool:
        """Whether My examples, wider than the drawing, has squeezed it to its least: no width a user gives it. The
        code before :meth:`_examples_give_way` saved such a layout (316 px beside the drawing's 150 in an 800-px
        window), and it came back so at each start in as wide a window."""
        canvas, dock = self._window.canvas, self._window.teaching.dock
        return canvas.width() <= canvas.minimumWidth() < dock.width()

    def _examples_give_way(self) -> None:
        """The window narrowed with My examples docked beside the views: Qt took the narrowing from the views alone,
        and ``xdotool windowsize 800 560`` on a 1600×1000 screen squeezed the drawing from 327 px to its least, 150,
        beside My examples' 316. The dock gives way as when first shown, by no more than the window lost: a width the
        user gave it past the drawing keeps what the narrowing did not take. Its DockSizeKeeper gives the width back
        as the window grows again; the docks the app placed by the drawing are placed again at once (the maps floated
        for room at 200 % on a 1600×1000 screen, placed right of the drawing at its least, lay over its wider self)."""
        lost, self._narrowed_by = self._narrowed_by, 0
        if isValid(self._window) and self._examples_beside():
            dock = self._window.teaching.dock
            width = dock.width()
            self._examples_as_wide_as_drawing(max(dock.minimumSizeHint().width(), width - lost))
            if dock.width() != width:
                self._window_changed()

    def _examples_beside(self) -> bool:
        """Whether My examples is shown docked left or right of the views, where it shares their width."""
        window, dock = self._window, self._window.teaching.dock
        return not (dock.isHidden() or dock.isFloating()) and window.dockWidgetArea(dock) in SIDES

    def _examples_as_wide_as_drawing(self, least: int) -> None:
        """My examples made the widest at which the drawing is as wide as it, down to ``least`` px."""
        window, dock = self._window, self._window.teaching.dock
        canvas, along, wide = window.canvas, Qt.Orientation.Horizontal, dock.width()
        if canvas.width() >= wide:
            return
        while least < wide:  # the widest at which the drawing is as wide
            middle = (least + wide + 1) // 2
            window.resizeDocks([dock], [middle], along)
            window.layout().activate()  # laid out at once: the drawing's width is measured
            if canvas.width() >= dock.width():
                least = middle
            else:
                wide = middle - 1
        window.resizeDocks([dock], [least], along)
        window.layout().activate()

    def _floating_off_buttons(self) -> None:
        """My examples shown docked (Teach ▸ My examples, or by the first keep) came up under "Inside the LSTM" in a
        window of its own, placed while My examples was hidden: at 150 % over a window filling the screen, it hid My
        examples' message line and its Import, Export and Teach buttons. A floating dock over the buttons of one just
        shown is placed anew (one put over the views on purpose elsewhere stays)."""
        shown, self._docked_shown = self._docked_shown, []
        buttons = docked_buttons(shown)
        for dock in self._window.findChildren(QDockWidget):
            if dock.isFloating() and dock.isVisible() and any(dock.frameGeometry().intersects(b) for b in buttons):
                if dock is self._window.heatmap_dock and self._lstm_floated_for_room and not self._maps_moved:
                    self._place_maps_for_room()  # left of My examples now, where they fit there
                else:
                    self._place(dock)

    def _shown_floating(self, dock: QDockWidget) -> None:
        """A dock hidden in a window of its own, shown again (Teach ▸ My examples), came back where it was: saved at
        200 % and shown at 100 %, My examples lay over the menu bar, the toolbar and the drawing. It is placed as a
        dock restored floating is; so are the maps (saved at 100 % and shown by Ctrl+L at 200 %, they lay over the
        drawing's upper half); one hidden at this scale comes back where it was left, kept on screen (the maps left
        over the chart went to the window's top right, over the toolbar, at 200 %). Not one floated or dragged out just
        now (placed by _floated), as the maps are when Ctrl+L puts them over the chart on purpose
        (_lstm_shown_or_hidden_by_user), nor one the user is dragging."""
        just_floated = self._floated_just_now(dock)  # (shown before Qt said it floats: judged again now)
        dragging = QGuiApplication.mouseButtons() != Qt.MouseButton.NoButton
        # The maps floated for room, shown again by Ctrl+L, are placed as they were then: as a dialog is, they went
        # over the toolbars' row steps and speed, or over My examples' buttons (200 % on a 1366×768 screen).
        if just_floated or dragging or not (dock.isFloating() and dock.isVisible()):
            return
        if dock is self._window.heatmap_dock and self._lstm_floated_for_room and not self._maps_moved:
            self._place_maps_for_room()
        else:
            self._place(dock, self._left_here(dock))

    def _place(self, dock: QDockWidget, left_here: bool = False) -> None:
        """``dock`` in a window of its own placed (:func:`place_floating`), and where the app put it noted, so that
        it follows the window (_window_changed); not one kept where the user left it.

        The maps placed over the window's title bar, menus or toolbars (no room clear of every view) go where maps
        floated for want of room go (left floating on 1600×1000 and started on 1280×800, they lay over the title bar
        and File, Edit and Read), where no docked dock's buttons (My examples' Import…) are to keep off."""
        window, before = self._window, dock.geometry()
        place_floating(dock, window, left_here)
        moved = dock.geometry() != before
        if moved or not left_here:
            self._placed[dock] = (dock.geometry(), lambda: self._place(dock))
        over = over_the_controls(dock, window)
        if moved and dock is window.heatmap_dock and over and not docked_buttons(window.findChildren(QDockWidget)):
            self._place_maps_for_room()

    def _window_changed(self) -> None:
        """The window settled after a move, a resize, a maximise or a new layout: each dock in a window of its own
        still where the app placed it is placed again. Floated beside the window on a 1600×1000 screen, "Inside the
        LSTM" stayed there when the window was maximised, over the drawing, the bars and the toolbars; placed over
        the chart for want of room, it lay over the status bar once the window was made narrower; floated at
        1600×1000 and placed under the drawing, over the drawing's foot once the views took the room it left. A
        dock the user moved is theirs: it stays."""
        window = self._window
        if not (isValid(window) and window.isVisible()):
            return
        if self._new_screen:  # fitted only where larger than it: one left across two screens, fitting, stays so
            self._new_screen = False
            if window.size().boundedTo(screen_room(window)) != window.size():
                self._fitted_to_screen()
        for dock, (where, again) in list(self._placed.items()):
            if isValid(dock) and dock.isFloating() and dock.isVisible() and dock.geometry() == where:
                again()

    def _floated_just_now(self, dock: QDockWidget) -> bool:
        """Whether ``dock`` was put in a window of its own and is not yet placed (see _floated)."""
        return self._just_floated is not None and self._just_floated[0] is dock

    def _left_here(self, dock: QDockWidget) -> bool:
        """Whether ``dock``, shown again in a window of its own, was left where it is at this scale (hidden since,
        or at the last close), not moved while hidden: there the user expects it, not where a dialog goes."""
        return self._left_at.get(dock) == (dock.devicePixelRatioF(), dock.geometry())

    def _floated(self, dock: QDockWidget) -> None:
        """A dock put in a window of its own by its float button (or a double-click on its title, or the keyboard)
        stayed where it had been docked, and the views took the room it left: "My examples" floated so lay over the
        bars and half the chart. It is placed beside the window once the button is let go; a dock dragged out is
        left where the user lets it go, moved onto the screen where it was let go partly off it (its buttons
        and its lower rows out of reach until the next start)."""
        self._just_floated = (dock, dock.pos())
        # a double-click on its title floats it with the button down, and no release came to the dock after it: it
        # stayed where it had been docked, over the drawing's foot and the chart's lower half. It is no drag.
        double_clicked, self._double_clicked = self._double_clicked is dock, None
        if double_clicked or QGuiApplication.mouseButtons() == Qt.MouseButton.NoButton:
            QTimer.singleShot(0, dock, lambda: self._place_floated(dock))  # else where it is let go tells (eventFilter)

    def _place_floated(self, dock: QDockWidget) -> None:
        """``dock`` floated (by the app, or with the button now let go) or moved by the user in its own window."""
        floated, self._just_floated = self._just_floated, None
        if not (dock.isFloating() and dock.isVisible()):
            return
        if floated == (dock, dock.pos()):  # floated where it was docked: not dragged, nor placed by the app
            self._place_as_floated(dock)
        else:
            onto_its_screen(dock)

    def _place_as_floated(self, dock: QDockWidget) -> None:
        """``dock`` just floated by its button placed (and so again as the window changes, see _window_changed).

        The maps floated by their button where docked beside the views, left over the views kept in sight for want
        of room clear of them (200 % on 1600×1000), lay at the window's top right, over the toolbar's end and the
        Live belief heading: placed as maps floated for want of room are, where no docked dock's buttons (My
        examples' Import…, the twenty-second round's) are to keep clear of. Not where they only touch the window:
        at 1920×1080 a place above it, its title bar's few px under them, sent them over the chart's lower half,
        squeezed to 600 × 94 px."""
        window = self._window
        self._place(dock)
        over = over_views_in_sight(dock, window)
        if dock is window.heatmap_dock and over and not docked_buttons(window.findChildren(QDockWidget)):
            self._place_maps_for_room()
        elif self._placed.get(dock, (None,))[0] == dock.geometry():
            self._placed[dock] = (dock.geometry(), lambda: self._place_as_floated(dock))

    def _show_floating(self) -> None:
        """The docks restored floating shown, placed. The maps that find no place clear of the views kept in sight
        wait hidden for room, and are said to, as maps left docked do (restore): left floating at 100 % and read at
        200 % on a 1600×1000 screen, they came back over the whole belief chart without a word."""
        docks, self._floating_to_show = self._floating_to_show, []
        window = self._window
        for dock in docks:
            if not (dock.isFloating() and dock.isHidden()):  # docked or hidden by the user meanwhile
                continue
            if dock is window.heatmap_dock and dock.size() != self._maps_own_size:
                dock.resize(self._maps_own_size)  # not the size the app gave them for room: see MAPS_OWN_SIZE_KEY
            left_here = self._left_here(dock)
            self._place(dock, left_here)
            if dock is window.heatmap_dock and not left_here and over_views_in_sight(dock, window):
                self._placed.pop(dock, None)
                self._lstm_hidden_for_room = True  # shown at the next start, placed anew (see save, restore)
                if window.models.loading:  # said once the start's model has said its own
                    window.status.start_notes.append((HIDDEN_FOR_ROOM, ROOM_MESSAGE_MS, None, self._no_room_said))
                else:
                    window.say(HIDDEN_FOR_ROOM, ROOM_MESSAGE_MS)
                continue
            dock.show()

    def save(self) -> None:
        """Geometry, docks (not as moved for want of room), brush and speed, for the next start."""
        window = self._window
        settings, dock = window.settings, window.heatmap_dock
        settings.setValue(geometry_key(self._slot), window.saveGeometry())
        if self._slot_lock is not None:  # closing: the next window opened takes this one's place
            self._slot_lock.unlock()
        settings.setValue(MAXIMIZED_KEY, "true" if window.isMaximized() else "false")
        if not self._floating_to_show:  # else the layout was never shown: the one saved stands, its docks floating
            settings.setValue("window/state", window.saveState())
            settings.setValue(FLOATING_RATIO_KEY, window.devicePixelRatioF())
            for each in window.findChildren(QDockWidget):
                key = FLOATING_PLACE_KEY + each.objectName()
                if each.isFloating():
                    settings.setValue(key, each.geometry())
                else:
                    settings.remove(key)
            settings.setValue(LAYOUT_SIZE_KEY, window.size())
            examples = window.teaching.dock
            if examples.isVisible() and not examples.isFloating() and window.dockWidgetArea(examples) in SIDES:
                # the width it gets back as the window grows (the user's) where larger: not the one it was fitted to
                kept = [k.wanted.get(Qt.Orientation.Horizontal, 0) for k in examples.findChildren(DockSizeKeeper)]
                settings.setValue(EXAMPLES_WIDTH_KEY, max([examples.width(), *kept]))
            else:
                settings.remove(EXAMPLES_WIDTH_KEY)
        hidden_for_room = self._lstm_hidden_for_room and dock.isHidden()
        # left floating at 100 %, shown over the chart at 200 % by Ctrl+L: "floated" docked them at the next start
        floated_for_room = self._lstm_floated_for_room and dock.isFloating() and not self._lstm_left_floating
        right = window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea
        beside_for_room = self._lstm_beside_for_room and right and not dock.isFloating()
        moved_for_room = "yes" if hidden_for_room else "floated" if floated_for_room else ""
        moved_for_room = "beside" if beside_for_room else moved_for_room
        settings.setValue(LSTM_HIDDEN_FOR_ROOM_KEY, moved_for_room)
        if self._lstm_floated_for_room and self._lstm_left_floating and dock.isFloating() and not self._maps_moved:
            settings.setValue(MAPS_OWN_SIZE_KEY, self._maps_own_size)  # theirs, not the room's
        else:
            settings.remove(MAPS_OWN_SIZE_KEY)
        examples = window.teaching.dock
        examples_right = window.dockWidgetArea(examples) == Qt.DockWidgetArea.RightDockWidgetArea
        if self._examples_moved and examples_right and not examples.isFloating():
            settings.setValue(EXAMPLES_MOVED_KEY, "true")
        else:
            settings.remove(EXAMPLES_MOVED_KEY)
        if window.canvas.brush_width == DEFAULT_BRUSH:  # not a choice: a later default reaches this user too
            settings.remove("canvas/brush_width")
        else:
            settings.setValue("canvas/brush_width", window.canvas.brush_width)
        settings.setValue("scan/rows_per_second", window.session.player.speed)

    def _sized(self) -> bool:
        """Whether the geometry just restored gives the window a size it could have been saved at. Qt reads a
        geometry whose header is right and the rest garbage (zeros, random bytes) as a window of 0 × 0 or 1 × 1 px,
        which opened as the smallest window instead of the first start's size. No window of the app is ever
        smaller than its smallest layout; half of it leaves room for one saved with a smaller font."""
        window = self._window
        size, least = window.size(), window.minimumSizeHint()
        return size.width() * 2 >= least.width() and size.height() * 2 >= least.height()

    def _onto_a_screen(self) -> None:
        """Centre a window that lies mostly off every screen on its own. Qt moves a window saved on a monitor no
        longer there, but lets a damaged geometry through: a hand-edited settings file put the window at
        x = 85,394,206, out of sight (and with 52 of its 547 px on screen at x = 1,348)."""
        window = self._window
        area = window.geometry()
        area.setSize(area.size().expandedTo(window.minimumSizeHint()))  # such a geometry can be 0 px wide until shown
        shown = max(
            (area.intersected(screen.availableGeometry()) for screen in QGuiApplication.screens()),
            key=lambda part: part.width() * part.height(),
            default=area,
        )
        if shown.width() * shown.height() * 2 < area.width() * area.height():
            room = window.screen().availableGeometry()
            centre = room.center()  # its title bar never above the top: a window taller than the screen hangs down
            window.move(
                max(room.left(), centre.x() - area.width() // 2), max(room.top(), centre.y() - area.height() // 2)
            )

    def _maps_docked_again(self, floating: bool) -> None:
        """Docked again (dragged onto the window), the maps are the user's to float and place from now on; the
        status line stops saying they lie over the views (it did for the rest of its 15 s, the maps docked)."""
        if not floating:
            self._lstm_floated_for_room = self._lstm_left_floating = False
            self._window.status.take_back(FLOATED_FOR_ROOM)

    def _maps_shown_or_hidden(self, shown: bool) -> None:
        """The status line stops saying there is no room for the maps once it is untrue: hidden by Ctrl+L, the key
        it names, they were said to lie over the views for the rest of its 15 s; shown, to be hidden for want of
        room. Not once the window is gone: its docks, hidden as Qt deletes them, toggle the action too (a traceback
        as the latency bench closed a window whose maps were hidden for want of room)."""
        if isValid(self._window):
            self._window.status.take_back(HIDDEN_FOR_ROOM if shown else FLOATED_FOR_ROOM)

    def _no_room_said(self) -> None:
        """The start's note that the maps wait hidden, just said, taken back where they show (Ctrl+L before it)."""
        if not self._window.heatmap_dock.isHidden():
            self._window.status.take_back(HIDDEN_FOR_ROOM)

    def bring_out(self, dock: QDockWidget) -> None:
        """``dock`` shown to be seen: by its command, and by a keep or an import that shows My examples (the row of
        the example kept scrolled into view). Shown alone, a dock that was already the tab behind the other stayed
        behind it, the example kept out of sight: it is made the front tab (:meth:`_front`) once laid out."""
        # just shown (by its command, before this) or to be: a keep into a dock in sight changes no width
        self._fit_examples |= dock is self._window.teaching.dock and (dock.isHidden() or dock in self._docked_shown)
        dock.show()
        QTimer.singleShot(0, dock, lambda: self._front(dock))

    def _tabs(self, dock: QDockWidget) -> list[tuple[QTabBar, int]]:
        """The window's dock tabs (bar, index) that are ``dock``'s, where the docks are tabs of one."""
        bars = self._window.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly)
        return [(bar, i) for bar in bars for i in range(bar.count()) if bar.tabText(i) == dock.windowTitle()]

    def _behind(self, dock: QDockWidget) -> bool:
        """Whether ``dock`` is a tab behind another, out of sight. Its command (Teach ▸ My examples, Ctrl+L) closes
        a dock that counts as shown: chosen to see the panel behind, it hid it, nothing changed in sight, and a second
        choice brought it forward. Only a command closes a dock behind (its close button is the front tab's)."""
        tabs = self._tabs(dock)
        return bool(tabs) and not dock.isHidden() and all(bar.currentIndex() != i for bar, i in tabs)

    def _front(self, dock: QDockWidget) -> None:
        """``dock``, shown again by its command (Ctrl+L, Teach ▸ My examples) where the docks are tabs of one, made
        the front tab, as a click on its tab makes it: it came back as the tab behind the other, out of sight. Qt's
        own raise moves the tab only where the dock was not on top of the window's children already."""
        if not isValid(dock) or dock.isHidden() or dock.isFloating():
            return
        for bar, index in self._tabs(dock):
            bar.setCurrentIndex(index)

    def _lstm_shown_or_hidden_by_user(self) -> None:
        window = self._window
        hidden_for_room, self._lstm_hidden_for_room = self._lstm_hidden_for_room, False  # the user's from now on
        dock, room = window.heatmap_dock, screen_room(window)
        if dock.isFloating() and not dock.isHidden() and hidden_for_room:
            self._float_for_room()  # restored floating, kept hidden for room (_show_floating): over the chart, said
            self._lstm_left_floating = True  # the user's floating maps: saved so, not to be docked (save)
            return
        if dock.isFloating() and not dock.isHidden():
            # floated for room, hidden, and shown again where the room beside the views is back (My examples closed
            # meanwhile): they came back floating over the chart
            self._maps_back_beside()
            return
        if dock.isHidden() or not room.isValid() or window.minimumSizeHint().height() <= room.height():
            return
        # Ctrl+L on a screen too short for the window with the maps under it (200 % on a 1600×1000 screen) grew the
        # window past the screen's bottom, the status bar and half the maps out of reach: the maps go right of the
        # views where the screen is wide enough, covering nothing; else they get a window of their own, over the
        # chart (dragged back onto the window, they dock again)
        if not self._docked_beside(room):
            self._float_for_room()

    def _float_for_room(self) -> None:
        """The maps in a window of their own over the chart, placed for room, and said to be."""
        self._window.heatmap_dock.setFloating(True)
        self._lstm_floated_for_room, self._maps_moved = True, False
        self._place_maps_for_room()
        self._window.say(FLOATED_FOR_ROOM, ROOM_MESSAGE_MS)

    def _least_width_side_by_side(self) -> int:
        """The window's least width with the views side by side: stacked (the drawing above the rest), they need
        less, and scroll."""
        views = self._window.views_area.widget()
        stacking_saves = max(0, views.wide_least_width() - views.minimumSizeHint().width())
        return self._window.minimumSizeHint().width() + stacking_saves

    def _maps_still_beside(self) -> None:
        """The maps docked beside the views for room float where that room is gone: My examples shown docked
        beside them at 200 % on a 1600×1000 screen put the views one above the other, 289 px wide, scrolling 463
        px, the bars and the chart out of sight."""
        window, dock, room = self._window, self._window.heatmap_dock, screen_room(self._window)
        beside = window.dockWidgetArea(dock) == Qt.DockWidgetArea.RightDockWidgetArea and not dock.isFloating()
        shown_beside = self._lstm_beside_for_room and beside and dock.isVisible() and room.isValid()
        if shown_beside and self._least_width_side_by_side() > room.width():
            self._lstm_beside_for_room = False
            self._float_for_room()
            # again once laid out without them: placed at once, under openbox they lay over all of My examples
            QTimer.singleShot(0, self, self._place_maps_for_room)

    def _docked_beside(self, room: QSize) -> bool:
        """The maps docked right of the views where the window with them there fits ``room``; else left under
        them (to float). Floating over the chart, they hid 77 % of it at 200 % on a 1600×1000 screen, where 306 px
        beside the views were free for maps of 300 at their least."""
        window, dock = self._window, self._window.heatmap_dock
        window.addDockWidget(Qt.DockWidgetArea.RightDockWidgetArea, dock, Qt.Orientation.Horizontal)
        # measured, not laid out: laid out, the window grew (798 px on a 683-px screen at 200 %) and the maps, floated
        # then, lay over the drawing. Its width alone: the views scroll up and down by what the height lacks
        # (_views_fitted), and the maps' least height is a third of theirs
        if self._least_width_side_by_side() <= room.width():
            self._lstm_beside_for_room = True
            # no wider than their least: given what Qt gives a dock, 410 of 894 px at 150 % on a 1366×768 screen,
            # they left the drawing its least, 150 px wide
            window.resizeDocks([dock], [dock.minimumSizeHint().width()], Qt.Orientation.Horizontal)
            # as it grew for the dock (a deleted window's queued calls die with it: its context)
            QTimer.singleShot(0, window, lambda: window.resize(window.size().boundedTo(room)))
            return True
        window.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, dock)
        return False

    def _maps_back_beside(self) -> None:
        """My examples closed, the maps floated for room (where it took the room beside the views) dock beside the
        views again where they now fit there: they went on lying over 77 % of the chart. Estimated first (the
        window's least width side by side, the maps' least and a separator): tried, maps that did not fit would
        float anew, moved."""
        window = self._window
        if not (isValid(window) and window.isVisible()):  # closed meanwhile
            return
        dock, room = window.heatmap_dock, screen_room(window)
        floated = self._lstm_floated_for_room and not self._maps_moved and dock.isFloating() and dock.isVisible()
        if not (floated and room.isValid()):
            return
        separator = window.style().pixelMetric(QStyle.PixelMetric.PM_DockWidgetSeparatorExtent)
        maps = dock.widget().minimumSize().expandedTo(dock.widget().minimumSizeHint()).width()  # the floating
        # dock's least is 2 px wider, for its frame (302 px for 300: docked, they fitted 784 px exactly)
        if self._least_width_side_by_side() + maps + separator > room.width():
            return
        dock.setFloating(False)  # no longer for room: see _maps_docked_again
        if not self._docked_beside(room):
            self._float_for_room()

    def _place_maps_for_room(self) -> None:
        """The maps floated for want of room (see _lstm_shown_or_hidden_by_user) placed right of the drawing, above
        the status bar, left of the views' scroll bar and of My examples, where they fit there."""
        window = self._window
        dock, room = window.heatmap_dock, screen_room(window)
        free = window.screen().availableGeometry()
        width = min(window.width(), room.width())
        height = min(dock.sizeHint().height(), room.height() // 2)
        left = max(free.left(), min(window.x(), free.right() + 1 - width - FRAME_ROOM.width()))
        # right of the drawing where the maps fit there: across the whole window they covered the drawing's lower
        # 40 % (200 % on a 1600×1000 screen), where the user was drawing; the chart they cover now says row by row
        # what the maps do
        beside = window.canvas.mapToGlobal(QPoint(window.canvas.width() + GAP, 0)).x()
        if left + width - beside >= dock.minimumSizeHint().width():
            left, width = beside, left + width - beside
        # and left of the views' scroll bar and of My examples docked right of them, where they fit there: over My
        # examples, they hid its Import, Export and Teach buttons (200 % on a 1366×768 screen), and over the scroll
        # bar, its lower half
        examples, bar = window.teaching.dock, window.views_area.verticalScrollBar()
        edges = [bar.mapToGlobal(QPoint(0, 0)).x()] if bar.isVisible() else []
        edges += [examples.mapToGlobal(QPoint(0, 0)).x()] if examples.isVisible() and not examples.isFloating() else []
        for right in (edge - GAP for edge in edges):
            if left < right <= left + width and right - left >= dock.minimumSizeHint().width():
                width = right - left
                break
        # above the status bar, where the reading is said, and no taller for it: down to the screen's bottom, the
        # window filling the screen (200 % on a 1600×1000 screen), they lay over it ("Too small to read", the model)
        bottom = free.bottom() + 1 - FRAME_ROOM.width() // 2
        status = window.statusBar()
        if status.isVisible():  # where it will be once the window is back on the screen (it grew, see below)
            above = window.mapToGlobal(QPoint(0, min(window.height(), room.height()) - status.height())).y()
            height = max(dock.minimumSizeHint().height(), height - max(0, bottom - above))
            bottom = min(bottom, above)
        dock.setGeometry(left, bottom - height, width, height)
        dock.move(dock.pos().x(), bottom - dock.frameGeometry().height())  # its frame's foot, where it has one
        self._placed[dock] = (dock.geometry(), self._place_maps_for_room)  # and so again as the window changes
        # it grew as the dock appeared
        QTimer.singleShot(0, window, lambda: window.resize(window.size().boundedTo(room)))
