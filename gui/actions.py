"""Every command of the window as a QAction with its shortcut and tooltip, and the menus and toolbar built from them.

Keeping them in one table-like place means the menus, the toolbar, the shortcut help (F1) and the README's
shortcut table all describe the same thing.
"""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAction, QActionGroup, QIcon, QKeyEvent, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QApplication,
    QDockWidget,
    QHBoxLayout,
    QLabel,
    QMenu,
    QSpinBox,
    QToolBar,
    QToolButton,
    QWidget,
)

from gui.about import show_about
from gui.belief_bars import BARS_KEYS
from gui.canvas import MAX_BRUSH, MIN_BRUSH
from gui.example_rows import EXAMPLE_KEYS
from gui.focus_chain import FLOATING_KEYS
from gui.input_view import INPUT_KEYS
from gui.number_box import LeavingTheBox, NumberBox, SpeedBox, speed_suffix, typed_whole_number
from gui.picture_inputs import OTHER_INK_KEY
from gui.state_heatmap import MAPS_KEYS
from gui.text_box import TextBox
from gui.theme import InTextColour
from gui.timeline import CHART_KEYS
from rowreader.model import ROWS
from rowreader.player import MAX_SPEED, MIN_SPEED, Mode, faster, slower

if TYPE_CHECKING:
    from gui.main_window import MainWindow

BRUSH_STEP = 2  # px per [ or ]
PAGE_ROWS = 7  # rows per PageUp or PageDown: a quarter of the digit, the chart's grid


def _spin(
    spin: NumberBox, minimum: int, maximum: int, suffix: str, tooltip: str, window: MainWindow, what: str
) -> NumberBox:
    """A toolbar number box you can type in: the value applies on Enter or when focus leaves, then the
    keyboard goes back to the canvas (so Space and the arrows scan and step again); Esc drops what was typed.
    A number past its range is taken as the nearest limit, and the status bar says so (``what`` names the box), as
    it says a key the box refuses (the "x" of "0x10")."""
    spin.setRange(minimum, maximum)
    spin.clamped.connect(
        lambda typed, used: window.say(
            f"{what} goes from {minimum} to {maximum}{'' if typed_whole_number(typed) else ' in whole numbers'}: "
            f"{typed} was taken as {used}"
        )
    )
    spin.refused.connect(
        lambda key: window.say(
            f"{what} goes from {minimum} to {maximum}: "
            + (f"“{key}” is not part of a number" if key else "that is not a number")
        )
    )
    spin.setSuffix(suffix)
    spin.setToolTip(tooltip)
    spin.setKeyboardTracking(False)  # typing "12" must not pass through 1 on the way
    spin.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # keep arrows and Space for stepping and scanning
    spin.setAccelerated(True)
    spin.editingFinished.connect(lambda: spin.hasFocus() and window.canvas.setFocus())
    LeavingTheBox(spin, window.canvas)
    return spin


def _heard_when_greyed(act: QAction, why: Callable[[], object]) -> None:
    """``act``'s keys call ``why`` while it is greyed: a greyed item's keys were dropped unheard (Ctrl+I on a drawing,
    Space with nothing to read), the person pressing them told nothing. Live only then: both live, neither would
    fire (an ambiguous shortcut)."""
    keys = [QShortcut(key, act.parent(), why) for key in act.shortcuts()]
    for key in keys:
        key.setEnabled(not act.isEnabled())
    act.enabledChanged.connect(lambda on: [key.setEnabled(not on) for key in keys])


class KeysInMenus(QObject):
    """The window's shortcuts heard while one of its menus is open. Qt gives an open menu the keys, and hears no
    shortcut of the window meanwhile: Ctrl+T with the Models menu open did nothing, and so did Ctrl+M, which that
    menu shows beside Open model…. A key with Ctrl (or a function key) that is one of the window's, pressed in a
    menu, closes the menus and does what it does with them closed; a menu's own keys (arrows, letters, Alt with a
    letter, Enter, Esc) stay the menu's.

    Heard from the app, for every menu of the window: installed on the menus there as the window was built, a menu
    made as it opens (an example's right-click menu in My examples) heard its own keys alone."""

    def __init__(self, window: QWidget) -> None:
        super().__init__(window)
        self._window = window
        QApplication.instance().installEventFilter(self)  # let go of as this goes with the window

    def _ours(self, menu: QMenu) -> bool:
        """Whether ``menu`` is the window's: up its parents, through menus (a submenu) and docks (one floating, whose
        keys Qt takes for its window's), to the window, not to another (a dialog's text box's menu is the dialog's)."""
        widget: QWidget | None = menu
        while isinstance(widget, QMenu | QDockWidget) or (widget is not None and not widget.isWindow()):
            widget = widget.parentWidget()
        return widget is self._window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(watched, QMenu) or not isinstance(event, QKeyEvent):
            return False
        if not self._ours(watched):  # a dialog's (its text box's menu): the window hears no keys while it has them
            return False
        function_key = Qt.Key.Key_F1 <= event.key() <= Qt.Key.Key_F35
        if not (event.modifiers() & Qt.KeyboardModifier.ControlModifier or function_key):
            return False
        pressed = QKeySequence(event.keyCombination())
        heard = [act.trigger for act in self._window.actions() if act.isEnabled() and pressed in act.shortcuts()]
        # a greyed action's own keys, which say why it is greyed (_heard_when_greyed)
        for key in self._window.findChildren(QShortcut, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if key.isEnabled() and key.key() == pressed:
                heard.append(key.activated.emit)
        if not heard:
            return False
        closed = None
        while (popup := QApplication.activePopupWidget()) not in (None, closed):  # each menu open, submenus first
            popup.close()
            closed = popup
        heard[0]()
        return True


class Actions:
    """Builds and owns the window's actions, menus and toolbar; ``window.actions_`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.all: list[QAction] = []
        canvas = window.canvas

        def action(
            text: str,
            shortcuts: list[QKeySequence | QKeySequence.StandardKey | str] | list[str],
            tip: str,
            slot: Callable[[], object] | None = None,
            checkable: bool = False,
        ) -> QAction:
            act = QAction(text, window)
            act.setShortcuts([QKeySequence(s) for s in shortcuts])
            act.setToolTip(
                f"{tip} ({act.shortcut().toString(QKeySequence.SequenceFormat.NativeText)})" if shortcuts else tip
            )
            act.setStatusTip(tip)
            act.setCheckable(checkable)
            if slot is not None:
                act.triggered.connect(lambda *_: slot())
            window.addAction(act)  # shortcuts work even while the menu bar is hidden
            self.all.append(act)
            return act

        key = QKeySequence.StandardKey
        self.open_image = action(
            "&Open image…", [key.Open], "Read a picture of a digit from a file", window.pictures.choose_image
        )
        self.paste = action("&Paste image", [key.Paste], "Read a copied picture or image file", window.pictures.paste)
        self.other_ink = action(
            "Read in the other &ink",
            [OTHER_INK_KEY],
            "Read the picture shown again as light ink on dark paper if it was read as dark, or dark if light "
            "(as rowreader predict --ink does): for a picture whose ink was misjudged",
            window.pictures.read_in_other_ink,
        )
        self.other_ink.setEnabled(False)  # nothing opened yet; on while the picture opened is shown, undrawn on
        canvas.changed.connect(lambda: self.other_ink.setEnabled(window.pictures.can_read_again()))
        _heard_when_greyed(self.other_ink, window.pictures.say_why_not_read_again)
        self.random = action(
            "&Random test digit",
            ["Ctrl+R"],
            "A random digit from the MNIST test set, with its true label",
            window.pictures.random_digit,
        )
        self.open_model = action("Open &model…", ["Ctrl+M"], "Use another trained checkpoint", window.models.choose)
        self.compare = action(
            "&Compare with…",
            ["Ctrl+Shift+M"],
            "Read the same drawing with a second model, drawn dashed in the belief chart",
            window.comparing.choose,
        )
        self.compare_seed = action(
            "Compare with the s&eed model",
            [],
            "A small model trained on the last row only (the tutorial's recipe): why every-row training matters",
            window.comparing.compare_with_seed,
            checkable=True,  # checked while the seed model is the one compared with
        )
        # a bullet like the models above it in Models › Compare with: a lone checkable item drew an empty box
        QActionGroup(window).addAction(self.compare_seed)
        self.stop_compare = action("S&top comparing", [], "Hide the second model", window.comparing.stop)
        self.save = action(
            "&Save drawing…", [key.Save], "Save the drawing and its 28×28 input as PNG", window.saving.choose_path
        )
        quit_keys = [
            QKeySequence("Ctrl+Q"),
            *(k for k in QKeySequence.keyBindings(key.Quit) if k != QKeySequence("Ctrl+Q")),
        ]
        self.quit = action("&Quit", quit_keys, "Close the window", window.close)
        # from any of the app's windows (the teach dialog, the shortcuts box): Ctrl+Q there did nothing, and the
        # teach ran on; a modal dialog still blocks it
        self.quit.setShortcutContext(Qt.ShortcutContext.ApplicationShortcut)

        # Plain actions rather than createUndoAction(): its "Undo Stroke"-style text keeps resizing the toolbar.
        stack = canvas.undo_stack
        redo_keys = ["Ctrl+Shift+Z", "Ctrl+Y"]  # the issue asks for Ctrl+Shift+Z; Ctrl+Y is Windows habit
        self.undo = action("&Undo", [key.Undo], "Undo the last stroke or edit", self._undo)
        self.redo = action("&Redo", redo_keys, "Redo what was undone", stack.redo)
        self.undo.setEnabled(stack.canUndo())
        self.redo.setEnabled(stack.canRedo())
        stack.canUndoChanged.connect(self.undo.setEnabled)
        canvas.changed.connect(lambda: self._show_undo())  # a stroke being drawn can be taken back: on a fresh page too
        stack.canRedoChanged.connect(self.redo.setEnabled)
        self.clear = action("&Clear", ["Esc", key.Delete], "Clear the canvas (undoable)", self._clear_or_stop_teaching)
        self.thinner = action(
            "&Thinner brush", ["["], f"Make the brush {BRUSH_STEP} px thinner", lambda: self._brush_by(-BRUSH_STEP)
        )
        self.thicker = action(
            "T&hicker brush", ["]"], f"Make the brush {BRUSH_STEP} px thicker", lambda: self._brush_by(BRUSH_STEP)
        )
        # the toolbar's number boxes take the keys by a click only (the arrows and Space step and scan), so without a
        # mouse the brush could not be set and the speed moved by +/- alone: these give them the keys, Enter or Esc back
        self.type_brush = action(
            "Brush &width…", ["Alt+B"], "Type a brush width in px, then Enter", lambda: self._type_into(self.brush)
        )

        player = window.session.player

        def after_drag(command: Callable[..., object], *args: int) -> Callable[[], object]:
            """``command(*args)`` once a drag's row still waiting is gone to (MainWindow.seek_waiting), come first."""
            return lambda: (window.seek_waiting(), command(*args))

        self.live = action(
            "&Live", ["End"], "Read every row; follows the drawing as you draw", after_drag(player.live), True
        )
        self.play = action(
            "&Play", ["Space"], "Play the rows one by one from the top, or pause", after_drag(player.toggle), True
        )
        self.back = action("Step &back", ["Left"], "One row back (pauses)", after_drag(player.step, -1))
        self.forward = action("Step &forward", ["Right"], "One row forward (pauses)", after_drag(player.step, 1))
        # PageUp and PageDown did nothing on any view, where a keyboard user looks for them to move the row
        self.page_back = action(
            f"Bac&k {PAGE_ROWS} rows",
            ["PgUp"],
            f"{PAGE_ROWS} rows back (pauses)",
            after_drag(player.step, -PAGE_ROWS),
        )
        self.page_forward = action(
            f"Forwar&d {PAGE_ROWS} rows",
            ["PgDown"],
            f"{PAGE_ROWS} rows on (pauses)",
            after_drag(player.step, PAGE_ROWS),
        )
        self.first = action(
            "Before the first &row", ["Home"], "Back to before the first row (pauses)", after_drag(player.seek, 0)
        )
        self.back.setIconText("◀ Row")  # the toolbar's shorter names
        self.forward.setIconText("Row ▶")
        self.random.setIconText("Random digit")
        self.open_image.setIconText("Open image")
        self.open_model.setIconText("Open model")
        self.faster = action(
            "Scan f&aster", ["+", "="], "Scan 1.5× faster", lambda: self.speed.setValue(faster(self.speed.value()))
        )
        self.slower = action(
            "Scan slo&wer", ["-"], "Scan 1.5× slower", lambda: self.speed.setValue(slower(self.speed.value()))
        )
        self.type_speed = action(
            "Scan &speed…", ["Alt+S"], "Type a scan speed in rows/s, then Enter", lambda: self._type_into(self.speed)
        )
        _heard_when_greyed(self.play, self._say_nothing_to_play)
        # need something to read
        self.reading = (self.play, self.back, self.forward, self.page_back, self.page_forward, self.first)
        for act in (self.live, self.play):  # a checkable action flips itself; put it back to what the player says
            act.triggered.connect(lambda *_: window.show_player())

        self.show_state = window.heatmap_dock.toggleViewAction()
        self.show_state.setText("Inside the &LSTM")
        self.show_state.setShortcut(QKeySequence("Ctrl+L"))
        self.show_state.setToolTip("Show or hide the hidden state per row, and an LSTM's cell state (Ctrl+L)")
        window.addAction(self.show_state)
        self.all.append(self.show_state)
        self.help = action("&Keyboard shortcuts", [key.HelpContents], "List every shortcut", self.show_shortcuts)
        self.whole_status = action(
            "Status bar in &full",
            ["Shift+F1"],
            "Show and say the whole of the status bar: the message, what to do, and the model's full text",
            lambda: window.status.show_whole(),  # made after the actions
        )
        self.about = action(
            "&About RowReader", [], "The version, the model in use and the data it learnt from", self.show_about
        )

        self.brush = _spin(
            NumberBox(),
            round(MIN_BRUSH),
            round(MAX_BRUSH),
            " px",
            "Brush width, in pixels of the 280-pixel canvas ([ and ]; Alt+B, type a number and press Enter)",
            window,
            "The brush width in px",
        )
        self.brush.setSingleStep(BRUSH_STEP)
        self.brush.setValue(round(canvas.brush_width))
        self.brush.valueChanged.connect(lambda v: canvas.set_brush_width(float(v)))
        canvas.brush_width_changed.connect(lambda w: self.brush.setValue(round(w)))
        self.speed = _spin(
            SpeedBox(),
            MIN_SPEED,
            MAX_SPEED,
            speed_suffix(player.speed),
            "Scan speed in rows per second (+ and - multiply or divide by 1.5; Alt+S, type a number and press Enter)",
            window,
            "The scan speed in rows/s",
        )
        self.speed.setValue(player.speed)
        self.speed.valueChanged.connect(self._speed_changed)
        self._build_menus()
        self._build_toolbar()

    def _say_nothing_to_play(self) -> None:
        """Space with nothing to read: why, and how to bring a digit in."""
        session = self._window.session
        if session.checkpoint is None:
            why = "no model is in use (Ctrl+M opens one)"
        elif session.too_small:
            why = "the drawing is too small to read (draw the digit larger)"
        else:
            why = "draw a digit, or bring one in (Ctrl+O, Ctrl+V, Ctrl+R)"
        self._window.say(f"Nothing to play: {why}.")

    def _clear_or_stop_teaching(self) -> None:
        """Esc is Clear, and also how every slow step stops: while Ctrl+T reads the examples it stops the teach.
        Shift+F1's status in full is closed first (:meth:`StatusLine.close_whole`): the Esc pressed to close it
        cleared the drawing behind it."""
        if not self._window.status.close_whole() and not self._window.teaching.stop_preparing():
            self._window.canvas.clear()

    def _undo(self) -> None:
        """Ctrl+Z, which takes back a keep still being written (see Teaching.take_back_keep) before anything else."""
        if not self._window.teaching.take_back_keep():
            self._window.canvas.undo()

    def _show_undo(self) -> None:
        canvas = self._window.canvas
        can = canvas.undo_stack.canUndo() or canvas.is_drawing
        if self.undo.isEnabled() != can:  # every pen movement asks
            self.undo.setEnabled(can)

    def _type_into(self, box: QSpinBox) -> None:
        """Alt+B, Alt+S: the box takes the keys, its number selected (what is typed replaces it; the arrows step it).
        Behind the toolbar's » in a narrow window, the toolbar opens to show it, and folds again once it is left."""
        extension = self.toolbar.findChild(QToolButton, "qt_toolbar_ext_button")
        if not box.isVisible() and extension is not None:
            extension.click()
            box.editingFinished.connect(
                lambda: box.isVisible() and extension.isVisible() and extension.click(),  # unless folded meanwhile
                Qt.ConnectionType.SingleShotConnection,
            )
        box.setFocus(Qt.FocusReason.ShortcutFocusReason)
        box.selectAll()

    def _brush_by(self, delta: int) -> None:
        self.brush.setValue(self.brush.value() + delta)  # setValue, not stepBy: stepBy selects the text

    def _speed_changed(self, value: int) -> None:
        self._window.session.player.speed = value

    def _build_menus(self) -> None:
        bar = self._window.menuBar()
        read = [self.live, self.play, None, self.back, self.forward, self.page_back, self.page_forward, self.first]
        sections: list[tuple[str, list[QAction | None]]] = [
            (
                "&File",
                [
                    *(self.open_image, self.paste, self.other_ink, self.random, None, self.open_model),
                    *(self.compare, self.compare_seed, self.stop_compare, None, self.save, None, self.quit),
                ],
            ),
            ("&Edit", [self.undo, self.redo, None, self.clear, None, self.thinner, self.thicker, self.type_brush]),
            (
                "&Read",
                [*read, None, self.faster, self.slower, self.type_speed],
            ),
            ("&View", [self.show_state]),
            ("&Help", [self.help, self.whole_status, self.about]),
        ]
        for title, items in sections:
            menu = bar.addMenu(title)
            menu.setToolTipsVisible(True)
            for item in items:
                if item is None:
                    menu.addSeparator()
                else:
                    menu.addAction(item)

    def _build_toolbar(self) -> None:
        toolbar = QToolBar("Tools", self._window)
        toolbar.setObjectName("tools")
        for act in (self.undo, self.redo, self.clear):
            toolbar.addAction(act)
        toolbar.addSeparator()
        toolbar.addWidget(_named("Brush", self.brush))
        toolbar.addSeparator()
        for act in (self.live, self.play, self.back, self.forward):
            toolbar.addAction(act)
        toolbar.addWidget(_named("Speed", self.speed))
        # Inputs and models on a toolbar of their own, which the window moves to a second line when narrow
        files = QToolBar("Inputs and models", self._window)
        files.setObjectName("files")
        for act in (self.random, self.open_image, self.open_model, self.compare):
            files.addAction(act)
        self.compare.setIconText("Compare…")
        typed = (self.brush, self.speed, self.brush.lineEdit(), self.speed.lineEdit())  # must take a click's focus
        for bar in (toolbar, files):
            bar.setMovable(False)
            bar.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextOnly)
            # not in the toolbars' and docks' right-click menu: "Tools" unticked there took away Undo, Play, the brush
            # and the speed, for good (the layout is saved), and no menu gave them back
            bar.toggleViewAction().setVisible(False)
            for button in bar.findChildren(QWidget):
                if button not in typed:
                    button.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Space must reach the scan, not a button
            self._window.addToolBar(Qt.ToolBarArea.TopToolBarArea, bar)
            if (more := bar.findChild(QToolButton, "qt_toolbar_ext_button")) is not None:  # its », seen on dark too
                more.setIcon(QIcon(InTextColour(more.icon())))
        self.toolbar, self.files_toolbar = toolbar, files
        self._name_buttons()

    def _name_buttons(self) -> None:
        """Each toolbar button named for a screen reader as its menu item is: named by its short text, "◀ Row",
        "Row ▶" and "▶ Play" were read out with their arrows' names ("black right-pointing triangle Play"), and the
        two row steps told apart by them alone."""
        for bar in (self.toolbar, self.files_toolbar):
            for act in bar.actions():
                button = bar.widgetForAction(act)
                if isinstance(button, QToolButton) and act.text():
                    button.setAccessibleName(act.text().replace("&", ""))

    def fit_toolbars(self, width: int) -> None:
        """One toolbar line when both fit in ``width``, else the inputs and models on a second line."""
        window, files = self._window, self.files_toolbar
        wrap = width < self.toolbar.sizeHint().width() + files.sizeHint().width() + 8
        if wrap != window.toolBarBreak(files):
            if wrap:
                window.insertToolBarBreak(files)
            else:
                window.removeToolBarBreak(files)

    def show_player(self, mode: Mode, can_play: bool, speed: int, rows_read: int) -> None:
        """Mirror the player: Live checked in Live, Play turned into Pause while scanning, reading actions
        disabled with nothing to read, the speed box at the player's speed, the row steps as :meth:`show_row`."""
        self.live.setChecked(mode is Mode.LIVE)
        scanning = mode is Mode.SCAN
        self.play.setChecked(scanning)
        self.play.setText("&Pause" if scanning else "&Play")
        self.play.setIconText("‖ Pause" if scanning else "▶ Play")  # ‖: in every common font, unlike ⏸
        self._keep_play_width()
        if (button := self.toolbar.widgetForAction(self.play)) is not None:
            button.setAccessibleName(self.play.text().replace("&", ""))
        tip = "Pause the scan here" if scanning else "Play the rows one by one from the top"
        self.play.setToolTip(f"{tip} (Space)")
        self.play.setStatusTip(tip)
        self.play.setEnabled(can_play)  # the row steps are show_row's: enabled here first, Row ▶ at row 28 went on
        if not can_play:  # and off again on every pen movement, and the toolbar repainted under it each time
            self.play.setToolTip("Draw or open a digit first: there is nothing to read")
        if self.speed.value() != speed:  # setValue repaints the box (and the toolbar under it) even when equal
            self.speed.setValue(speed)
        self.show_row(rows_read, can_play)

    def show_row(self, rows_read: int, can_play: bool) -> None:
        """Step back and Before the first row only with a row read, Step forward only with one to come: at the
        ends (Home, End, a scan's end) they stayed enabled and did nothing."""
        for act, possible in (
            (self.back, rows_read > 0),
            (self.page_back, rows_read > 0),
            (self.first, rows_read > 0),
            (self.forward, rows_read < ROWS),
            (self.page_forward, rows_read < ROWS),
        ):
            if act.isEnabled() != (can_play and possible):  # a scan calls this on every row
                act.setEnabled(can_play and possible)

    def _keep_play_width(self) -> None:
        """Play and Pause take one width on the toolbar: Play turning into Pause widened its button, and the row
        buttons, the speed box and the inputs beside it moved under the pointer at every Play and at a scan's end."""
        button = self.toolbar.widgetForAction(self.play)
        if button is None:
            return
        metrics = button.fontMetrics()
        room = button.sizeHint().width() - metrics.horizontalAdvance(button.text())  # margins, frame
        button.setMinimumWidth(room + max(metrics.horizontalAdvance(text) for text in ("▶ Play", "‖ Pause")))

    def shortcut_rows(self) -> list[tuple[str, str]]:
        """(command, shortcuts) for every action that has a shortcut, in menu order; then My examples', What the model
        sees', the bars', the chart's and the maps' keys (theirs were nowhere: nothing said Tab reaches them), and a
        floating panel's."""
        rows = []
        for act in self.all:
            keys = ", ".join(s.toString(QKeySequence.SequenceFormat.NativeText) for s in act.shortcuts())
            if keys:
                rows.append((act.text().replace("&", ""), keys))
        return [*rows, *EXAMPLE_KEYS, *INPUT_KEYS, *BARS_KEYS, *CHART_KEYS, *MAPS_KEYS, *FLOATING_KEYS]

    def show_shortcuts(self) -> None:
        rows = self.shortcut_rows()  # two columns where the screen is wide enough; no cell wraps
        TextBox(self._window, "Keyboard shortcuts", [shortcut_table(rows, 2), shortcut_table(rows, 1)]).open()

    def show_about(self) -> None:
        show_about(self._window)


def shortcut_table(rows: list[tuple[str, str]], columns: int) -> str:
    """``rows`` (command, keys) as rich text in ``columns`` side-by-side column pairs, filled top to bottom."""
    height = -(-len(rows) // columns)
    lines = []
    for line in range(height):
        cells = []
        for column in range(columns):
            index = column * height + line
            if index < len(rows):
                name, keys = rows[index]
                gap = "&nbsp;" * 6 if column else ""
                # text, not an attribute: quotes stay as written ("A panel's", not "A panel&#x27;s" in the source)
                cells.append(f"<td>{gap}{escape(name, quote=False)}</td><td>&nbsp;&nbsp;<b>{escape(keys)}</b></td>")
        lines.append(f"<tr>{''.join(cells)}</tr>")
    return f"<table style='white-space: pre'>{''.join(lines)}</table>"


def _named(name: str, box: QSpinBox) -> QWidget:
    """A toolbar number box with its name before it, as one item: apart, a narrow window's toolbar moved the box
    into its » menu and left the name at the edge ("Speed"), naming nothing."""
    item = QWidget()
    row = QHBoxLayout(item)
    row.setContentsMargins(4, 0, 0, 0)
    row.setSpacing(4)
    row.addWidget(QLabel(name))
    row.addWidget(box)
    box.setAccessibleName(name)  # a screen reader said "spin box, 24 px", naming nothing
    return item
