"""Tab across the window and its docks in windows of their own, one chain for both ways.

Qt's Tab keeps to one window: at 200 % on a 1600×1000 screen "Inside the LSTM" floats over the belief chart for want
of room (see gui/window_room.py), and Tab from the canvas stopped on the chart hidden under it, its frame unseen,
and never reached the maps; from the maps, Tab stayed in their window. Where a dock floats, the window's Tab stops are
its own, less what a floating dock lies over, with the floating docks' after the views (where Qt's chain has docked
docks); each Tab moves the keys along that chain, into the other window and back. Escape in a floating dock, where
nothing there takes it, gives the keys back to the window; a floating dock placed over the view with the keys takes
them on along the chain. A picture dropped on a dock, docked or not, is the window's to take, as the keys are.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QRect, QRectF, Qt, QTimer
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QIcon, QKeyEvent, QPainter, QPen, QRegion
from PySide6.QtWidgets import QAbstractButton, QApplication, QDockWidget, QMainWindow, QWidget
from shiboken6 import isValid

from gui.theme import InTextColour, focus_colour

# for the window's list of shortcuts (Help ▸ Keyboard shortcuts): a panel's float button, a Tab stop, floats or docks
# it (the list never said so), and a dock in a window of its own gives the keys back
FLOATING_KEYS = (
    ("A panel's float button (Tab to it): float it / dock it back", "Space"),
    ("A panel in a window of its own: keys back to the window", "Esc, Tab"),
)


def _floating_docks(window: QMainWindow) -> list[QDockWidget]:
    return [dock for dock in window.findChildren(QDockWidget) if dock.isFloating() and dock.isVisible()]


def _hidden(widget: QWidget, frames: list[QRect]) -> bool:
    """Whether ``frames`` (floating docks') lie over half or more of the part of ``widget`` in view: the chart under the
    maps at 200 % on a 1600×1000 screen (three quarters of it), or its strip in view above the scroll's edge on a
    1366×768 one (all of it); not a canvas whose corner a floating My examples covers. One scrolled wholly out of view
    is not: Tab scrolls to it."""
    seen = widget.visibleRegion().boundingRect()
    seen.moveTopLeft(widget.mapToGlobal(seen.topLeft()))
    over = QRegion()
    for frame in frames:
        over = over.united(QRegion(frame.intersected(seen)))
    return 2 * sum(part.width() * part.height() for part in over) >= seen.width() * seen.height() > 0


def _chain(start: QWidget, keep: QWidget | None) -> list[QWidget]:
    """The Tab stops of ``start``'s focus chain (a window's, or since Qt 6 a floating dock's own): taking Tab, shown,
    enabled, no proxy's; ``keep`` (the widget with the keys) is among them wherever it is, so Tab goes on from there."""
    stops, widget = [], start.nextInFocusChain()
    while widget is not None and widget is not start:
        takes_tab = widget.focusPolicy() & Qt.FocusPolicy.TabFocus == Qt.FocusPolicy.TabFocus
        if widget is keep or (takes_tab and widget.isVisible() and widget.isEnabled() and widget.focusProxy() is None):
            stops.append(widget)
        widget = widget.nextInFocusChain()
    return stops


def tab_stops(window: QMainWindow, keep: QWidget | None = None) -> list[QWidget]:
    """The window's Tab stops less those floating docks hide (``keep`` stays), each floating dock's after the views,
    where Qt's chain has the docks: canvas, chart, the maps, My examples, …"""
    docks = _floating_docks(window)
    over = [dock.frameGeometry() for dock in docks]
    stops = [stop for stop in _chain(window, keep) if stop is keep or not _hidden(stop, over)]
    views = window.centralWidget()
    after = max((i + 1 for i, stop in enumerate(stops) if views is not None and views.isAncestorOf(stop)), default=0)
    floating = [stop for dock in docks for stop in _chain(dock, keep)]
    return stops[:after] + floating + stops[after:]


def tab_across(window: QMainWindow, forward: bool) -> bool:
    """Move the keys to the next Tab stop (the one before, not ``forward``) of :func:`tab_stops`, activating its
    window; False where no dock floats (Qt's own Tab serves then) or there is no stop to go to."""
    if not _floating_docks(window):
        return False
    focused = QApplication.focusWidget()
    stops = tab_stops(window, focused)
    if not stops:
        return False
    if focused in stops:
        index = (stops.index(focused) + (1 if forward else -1)) % len(stops)
    else:  # none yet in that window (a floating dock clicked): its first, or last
        index = 0 if forward else -1
        here = focused.window() if focused is not None else QApplication.activeWindow()
        mine = [i for i, stop in enumerate(stops) if stop.window() is here]
        index = mine[index] if mine else index
    give_keys(stops[index], Qt.FocusReason.TabFocusReason if forward else Qt.FocusReason.BacktabFocusReason)
    return True


def give_keys(target: QWidget, reason: Qt.FocusReason) -> None:
    """``target`` gets the keys for ``reason``, its window made the active one where it is not: setFocus alone gives
    them only within its own window (the canvas told to take them kept none while the maps' window was active)."""
    if target.window().isActiveWindow():
        target.setFocus(reason)
    else:
        _FocusOnActivation(target, reason)
        target.window().activateWindow()


class _FocusOnActivation(QObject):
    """Gives ``target`` the keys as its window becomes the active one. Set before, they came with the activation, which
    X11 makes later, for its reason, not Tab's: the canvas reached by Tab from the maps' window had no focus frame."""

    def __init__(self, target: QWidget, reason: Qt.FocusReason) -> None:
        window = target.window()
        for older in window.findChildren(_FocusOnActivation, options=Qt.FindChildOption.FindDirectChildrenOnly):
            window.removeEventFilter(older)  # one Tab after another before the first window came: the last wins
            older.deleteLater()
        super().__init__(window)
        self._target, self._reason = target, reason
        window.installEventFilter(self)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowActivate:  # active already, before Qt refocuses its focus widget
            watched.removeEventFilter(self)
            if isValid(self._target) and self._target.window() is watched:
                self._target.setFocus(self._reason)
            self.deleteLater()
        return False


def plain_space(event: QEvent) -> bool:
    """Whether ``event`` asks if a Space pressed alone is a shortcut: accepted by a focused button, the key press is
    the button's, not the window's Play (a panel's float button, My examples' Import…, Export…, Teach…)."""
    return (
        event.type() == QEvent.Type.ShortcutOverride
        and isinstance(event, QKeyEvent)
        and event.key() == Qt.Key.Key_Space
        and event.modifiers() == Qt.KeyboardModifier.NoModifier
    )


class ChainedDock(QDockWidget):
    """A dock whose Tab, in a window of its own, goes on along its main window's chain (:func:`tab_across`), and
    whose Escape there, where nothing in it takes that key, gives the keys back to the main window: it went to the
    window behind as Clear (the maps' cursor hidden, a second Escape cleared a drawing unseen from there). A picture
    dropped on it is its main window's, as on the dock docked: in a window of its own, the dock refused it. Its float
    button is a Tab stop after the panel, framed and named (see __init__)."""

    def __init__(self, title: str, parent: QMainWindow | None = None) -> None:
        super().__init__(title, parent)
        self.setAcceptDrops(True)  # drags reach it (see event): a window of its own passes them to no parent
        # Qt's float button took no keys and was named "Float": a keyboard user could not float the panel, and a
        # screen reader heard "Float", not whose. A Tab stop after the panel, named for what Space on it does.
        self._float_button = self.findChild(QAbstractButton, "qt_dockwidget_floatbutton")
        self._float_button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self._float_button.installEventFilter(self)  # framed while it has the keys (see eventFilter)
        self._moved_by_keys = False  # the float button pressed while it had the keys (see _keys_after_move)
        self._keys_inside = False  # whether the keys were last in the panel (or on its button): see _follow_keys
        self._float_button.pressed.connect(self._note_keys_on_button)
        # let go without a click (Space held, the keys moved away): no float to follow, the note goes after the click
        self._float_button.released.connect(lambda: QTimer.singleShot(0, self, self._forget_keys_on_button))
        QApplication.instance().focusChanged.connect(self._follow_keys)
        self.topLevelChanged.connect(self._name_float_button)
        self.topLevelChanged.connect(self._keys_after_move)
        self._name_float_button(False)
        # Qt's title-bar buttons, drawn in the text's colour (see _colour_icon): the icon each was last given
        self._coloured = {self._float_button: 0, self.findChild(QAbstractButton, "qt_dockwidget_closebutton"): 0}
        for button in self._coloured:
            button.installEventFilter(self)

    def setWidget(self, widget: QWidget) -> None:
        super().setWidget(widget)
        last = widget  # the panel's last widget in the chain (My examples' last button), the float button after it
        while widget.isAncestorOf(last.nextInFocusChain()):
            last = last.nextInFocusChain()
        taken = last.focusPolicy()  # Qt orders no widget that takes no keys (the maps take them once they show some)
        last.setFocusPolicy(taken | Qt.FocusPolicy.TabFocus)
        QWidget.setTabOrder(last, self._float_button)
        last.setFocusPolicy(taken)

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """The title-bar buttons drawn in the text's colour (:meth:`_colour_icon`); the float button painted, then
        framed in the focus colour while it has the keys, as the views are: Qt draws its dock buttons no focus, and
        Tab to it showed nothing. Space on it is its own, not the window's Play (which scanned the drawing, the panel
        left where it was)."""
        if event.type() == QEvent.Type.Paint and watched in self._coloured:
            self._colour_icon(watched)
        if watched is not self._float_button:
            return super().eventFilter(watched, event)
        if plain_space(event):
            event.accept()  # no shortcut: the key press goes to the button
            return True
        if event.type() == QEvent.Type.Paint and self._float_button.hasFocus():
            self._float_button.event(event)  # its own painting, not sent through this filter again
            painter = QPainter(self._float_button)
            painter.setPen(QPen(focus_colour(self._float_button.palette()), 2.0))
            painter.drawRect(QRectF(self._float_button.rect()).adjusted(1, 1, -1, -1))
            painter.end()
            return True
        return super().eventFilter(watched, event)

    def _name_float_button(self, floating: bool) -> None:
        """Its name, tooltip and description for what Space on it does now. The description was Qt's, read after the
        name: "Undocks and re-attaches the dock widget", whose not said, the same floating or docked."""
        title = self.windowTitle()
        name = f"Dock {title} in the window again" if floating else f"Float {title} in a window of its own"
        self._float_button.setAccessibleName(name)
        self._float_button.setToolTip(name)
        back, out = "back in the main window", "out of the main window, into its own"
        self._float_button.setAccessibleDescription(
            f"Space puts {title} {back}" if floating else f"Space moves {title} {out}"
        )

    def _colour_icon(self, button: QAbstractButton) -> None:
        """``button``'s icon drawn in the text's colour (:class:`gui.theme.InTextColour`): Fusion's are a fixed grey,
        2.4:1 (float) and 3.0:1 (close) on the app's dark window, under WCAG's 3:1 for a control. Done as it paints,
        as Qt sets its own again whenever the dock is laid out anew (floated, docked, its layout restored)."""
        if button.icon().cacheKey() != self._coloured[button]:
            button.setIcon(QIcon(InTextColour(button.icon())))
            self._coloured[button] = button.icon().cacheKey()

    def _note_keys_on_button(self) -> None:
        self._moved_by_keys = self._float_button.hasFocus()  # the mouse gives it no keys (TabFocus alone)

    def _forget_keys_on_button(self) -> None:
        if isValid(self):
            self._moved_by_keys = False

    def _follow_keys(self, _old: QWidget | None, new: QWidget | None) -> None:
        """Where the keys last went, not counting their going nowhere as the panel docks (Qt takes them then)."""
        if new is not None and isValid(self):
            self._keys_inside = new is self or self.isAncestorOf(new)

    def _keys_after_move(self, floating: bool) -> None:
        """The keys placed after the panel floated by its button with them, or docked with the keys in it: they went to
        the drawing (X), where a second Space played it, or nowhere (offscreen, where the window manager frames the
        panel's window and the button is hidden). They stay on the button, or go to the panel (_give_keys_after_move),
        Tab and Esc going on from there."""
        by_keys, self._moved_by_keys = self._moved_by_keys, False
        if not isinstance(self.parentWidget(), QMainWindow) or not (by_keys if floating else self._keys_inside):
            return
        held = self.parentWidget().focusWidget()
        QTimer.singleShot(0, self, lambda: self._give_keys_after_move(floating, held))

    def _give_keys_after_move(self, floating: bool, held: QWidget | None) -> None:
        """The button, where it shows (X: Qt draws the floating panel's title bar), else the panel's first Tab stop, or
        the panel itself where nothing in it takes Tab (the maps without a model). Docked, not where the window's
        keys were put elsewhere meanwhile (``held`` as it docked), by the code that docked it."""
        now = self.parentWidget().focusWidget()
        if not floating and now is not held and now is not None and not self.isAncestorOf(now):
            return
        if self._float_button.isVisible():
            target = self._float_button
        else:
            target = next((stop for stop in _chain(self, None) if stop is not self._float_button), self.widget())
        if target is not None:
            give_keys(target, Qt.FocusReason.TabFocusReason)

    def _returns(self, event: QEvent) -> bool:
        """Whether ``event`` is an unmodified Escape that gives the keys back (floating, in a main window's dock)."""
        return (
            isinstance(event, QKeyEvent)
            and event.key() == Qt.Key.Key_Escape
            and not event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
            and self.isFloating()
            and isinstance(self.parentWidget(), QMainWindow)
        )

    def event(self, event: QEvent) -> bool:
        window = self.parentWidget()
        if isinstance(event, QDragEnterEvent) and isinstance(window, QMainWindow):
            window.dragEnterEvent(event)  # the window says what it takes, and how
            return True
        if isinstance(event, QDropEvent) and event.type() == QEvent.Type.Drop and isinstance(window, QMainWindow):
            window.dropEvent(event)
            return True
        if event.type() == QEvent.Type.ShortcutOverride and self._returns(event):
            event.accept()  # not the window's Clear: the key press comes to keyPressEvent
            return True
        if event.type() in (QEvent.Type.Show, QEvent.Type.Move, QEvent.Type.Resize) and self.isFloating():
            QTimer.singleShot(0, self, self._keys_from_under)  # once placed: shown, then moved where it goes
        return super().event(event)

    def _keys_from_under(self) -> None:
        """Floating over the view with the window's keys (half of it or more, as :func:`tab_stops` counts), the keys
        go on along the chain, out from under it: shown by Ctrl+L over the chart that had them, openbox left them
        there, the chart's frame and cursor unseen, till a Tab."""
        window = self.parentWidget()
        if not (isValid(self) and self.isFloating() and self.isVisible() and isinstance(window, QMainWindow)):
            return
        focused = window.focusWidget()
        if window.isActiveWindow() and focused is not None and _hidden(focused, [self.frameGeometry()]):
            tab_across(window, True)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if self._returns(event):
            window = self.parentWidget()
            give_keys(window.focusWidget() or window, Qt.FocusReason.TabFocusReason)  # framed where they land
            event.accept()
        else:
            super().keyPressEvent(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        window = self.parentWidget()
        if self.isFloating() and isinstance(window, QMainWindow) and tab_across(window, next):
            return True
        return super().focusNextPrevChild(next)
