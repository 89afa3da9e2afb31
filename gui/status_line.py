"""The status bar: the model in use and the reading position on the right, short messages that go by themselves.

The model's text is shortened for narrow windows and long names (the whole of it in the tooltip), and a message
longer than the room left is shortened in its middle, so the permanent labels never squeeze out the news.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QLabel, QToolTip, QWidget

from gui import APP
from gui.announce import announce
from gui.hand_edits import KEPT
from gui.model_names import network_words
from gui.numbers import accuracy_percent
from gui.plain_text import left_to_right, plain_tip, readable_lines
from gui.readout import elided
from gui.screen_room import off_the_pointer, open_tip
from gui.settings import NOT_READ, settings_trouble
from gui.workers import PROGRESS_MS
from rowreader.checkpoint import CHECKPOINT_SUFFIX
from rowreader.data import MNIST_TEST_DIGITS
from rowreader.launch import command_name, say
from rowreader.model import ROWS, is_real_number
from rowreader.player import Mode

if TYPE_CHECKING:
    from gui.main_window import MainWindow

WIDE_STATUS = 1100  # px: narrower windows show the model in the status bar in short
STATUS_SHARE = 0.5  # …and so does any window where the full text would take more than this share of its width
# the least share of the bar right of the position's label that messages keep (a longer one hides the model's
# label while it shows): 0.3 cut "Shipped model" to "Ship…odel" beside "vs seed (dashed)" in the smallest window
MESSAGE_SHARE = 0.25
MESSAGE_MS = 5000  # how long a status-bar message stays
WHOLE = "whole"  # the model label's property: its whole text, as its tooltip has it (not as HTML)
# a note said once the start-up model's message has gone: its words, for how long (ms), its tooltip, and what is done
# once it has been said (the note of an export cut short is removed then, not at the start: see say_cut_short)
StartNote = tuple[str, int, str | None, Callable[[], object] | None]


class StatusLine:
    """Owns the status bar's permanent labels and its messages; ``window.status`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self._said = ("", "", 0.0, None)  # the latest message: whole, as shown, when it goes (monotonic s), tip
        self._progress = ""  # the latest count of slow work said (say_progress), as shown
        self._covered = False  # the latest message was showing when a menu's status tip covered it (show_tip)
        self._whole = ""  # the status bar in full as show_whole last put it in a tooltip
        self._whole_waits: str | None = None  # Status bar in full, waiting for the focus to come back (show_whole)
        self._settings_trouble: tuple[str, str] | None = None  # why the settings cannot be saved (short, whole)
        self._settings_told = False  # ... which the status bar says once
        self.start_notes: list[StartNote] = []  # said once the start-up model's message has gone
        self.position_label = QLabel()
        self.model_label = QLabel()
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)  # shows the model's file name: never as HTML
        metrics = window.fontMetrics()
        self.position_label.setMinimumWidth(metrics.horizontalAdvance("Scanning  ·  row 28/28") + 16)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position_label.setToolTip("Rows read so far and the reading mode")
        bar = window.statusBar()
        bar.addPermanentWidget(self.position_label)
        bar.addPermanentWidget(self.model_label)
        # the whole of a shortened message is the bar's tooltip (``say``) only while that message shows; the model's
        # label, hidden for a long one (``_model_beside``), is back once it goes
        bar.messageChanged.connect(lambda text: text or (bar.setToolTip(""), self.model_label.show()))

    @property
    def shown(self) -> str:
        """The latest message as the status bar showed it (shortened or whole)."""
        return self._said[1]

    def take_back(self, message: str) -> None:
        """Clear ``message`` if it still shows: news that has stopped being true before its time is up."""
        bar = self._window.statusBar()
        if self._said[0] == message:
            self._covered = False  # under a menu's tip: not brought back as the menu goes
            if bar.currentMessage() == self.shown:
                bar.clearMessage()

    def say(self, message: str, ms: int = MESSAGE_MS, tip: str | None = None, aloud: bool = True) -> None:
        """A status-bar message that goes away by itself (no message outstays its news), and, ``aloud``, announced
        to a screen reader (:func:`announce`): "Deleted the example of 2 …: Ctrl+Z brings it back" was shown only.
        Where ``tip`` is given, it is what is announced: the whole (what to do, what is lost) was in the tooltip
        alone, which a screen reader is not read and a keyboard cannot open; so a ``tip`` says the whole of it.

        One longer than the room left of the permanent labels is shortened in its middle ("…"), which keeps
        both what happened and how it ended (a path's file name, "nothing was written"); the status bar cut it
        off without a mark. The whole of it (or ``tip``, where given) is the bar's tooltip while it shows.
        """
        bar = self._window.statusBar()
        # as the app shows names: one not UTF-8 lost its bytes ("Downloading MNIST into /tmp//mnist…")
        message, tip = readable_lines(message), tip and readable_lines(tip)
        self._model_beside(message)
        shown = self._fitted(message, Qt.TextElideMode.ElideMiddle)
        bar.setToolTip(plain_tip(tip) if tip else plain_tip(message) if shown != message else "")
        shown = left_to_right(shown)
        bar.showMessage(shown, ms)
        self._said, self._covered = (message, shown, time.monotonic() + ms / 1000, tip), False
        if aloud:  # whole: a screen reader has the room the bar has not, and the tooltip it cannot open
            announce(bar, tip or message)
        if self._whole_shows():  # the status bar in full follows, unsaid: at the start it kept "Now reading with the
            self._show_whole(self._whole_text(), aloud=False)  # shipped model" under "No room for Inside the LSTM…"

    def show_whole(self) -> None:
        """Shift+F1: the whole of the status bar in its tooltip, and said aloud: the message showing (its ``tip``
        where it has one: what to do, what is lost), the position and the model's full text. Shortened, they were
        whole only in tooltips that a pointer resting on them opens; a keyboard could not reach them.

        Chosen from the Help menu, no window has the focus yet (the menu is gone, X gives it back a moment later),
        and Qt closes a tooltip at any focus coming in: what the bar holds now shows once this window has the focus
        back (by then
        the pointer may rest on a button, its hint in the bar)."""
        whole = self._whole_text()
        if QGuiApplication.focusWindow() is not None:
            self._show_whole(whole)
            return
        if self._whole_waits is None:  # one wait, however often asked meanwhile: the latest shows
            # on this window's own activation, the wait going with it: on the application's focus signal it outlived
            # a window closed meanwhile, and the next window focused called into the deleted one's status bar
            self._window.windowHandle().activeChanged.connect(
                lambda: self._whole_waits is not None and self._show_whole(self._whole_waits),
                Qt.ConnectionType.SingleShotConnection,
            )
        self._whole_waits = whole

    def _whole_text(self) -> str:
        """The status bar in full (:meth:`show_whole`) as the bar is now."""
        bar = self._window.statusBar()
        message, shown, _, tip = self._said
        said = (tip or message) if shown and bar.currentMessage() == shown else bar.currentMessage()
        model = self.model_label.property(WHOLE) or self.model_label.text()
        return "\n".join(text for text in (said, self.position_label.text(), model) if text)

    def _show_whole(self, whole: str, aloud: bool = True) -> None:
        """``whole`` (:meth:`show_whole`) in the tooltip just above the status bar, and, ``aloud``, said."""
        self._whole_waits = None
        bar = self._window.statusBar()
        self._whole = plain_tip(whole)
        _above(bar, self._whole)
        if aloud:
            announce(bar, whole)

    def _whole_shows(self) -> bool:
        """Whether the status bar in full (:meth:`show_whole`) shows."""
        return QToolTip.isVisible() and bool(self._whole) and QToolTip.text() == self._whole

    def close_whole(self) -> bool:
        """Close the status bar in full (:meth:`show_whole`) where it shows; whether it did. Esc closes it before it
        clears, as an open menu's Esc closes the menu; a tooltip a resting pointer shows is no such thing (on the
        toolbar's Clear, Esc only hid it, the drawing kept)."""
        if not self._whole_shows():
            return False
        QToolTip.hideText()  # in 0.3 s: a message said meanwhile is not to bring it back
        self._whole = ""
        return True

    def say_progress(self, message: str, first: bool = False) -> None:
        """How far slow work has come (an import's count, several a second): said unless another message shows,
        which it waits for (``first``: said over any). Ctrl+T's "still being imported", and "Stopping the import…",
        were replaced by the next count within a quarter of a second, unread. Only the first is announced: a count
        several times a second would keep a screen reader talking."""
        current = self._window.statusBar().currentMessage()
        if first or not current or current == self._progress:
            self.say(message, PROGRESS_MS, aloud=first)
            self._progress = self._said[1]

    def _model_beside(self, message: str) -> None:
        """The model's label hidden while a message too long to show beside it shows, and back when it goes (the
        model is the same, and its tooltip and Help ▸ About say it): at 200 % on a 1024×700 screen the bar cut
        "Cancelled: nothing was written." to "Cancelle…written." beside "Nothing to read" and the model."""
        bar, label = self._window.statusBar(), self.model_label
        beside = self.position_label.width() if self.position_label.isVisible() else 0
        room = bar.width() - beside - label.sizeHint().width() - 40
        label.setVisible(bar.fontMetrics().horizontalAdvance(message) <= room)

    def show_tip(self, tip: str) -> None:
        """A menu item's or toolbar button's status tip while it is pointed at (none: ``""``), shortened at its end
        with "…" to the room left of the permanent labels: Qt showed it whole, and at 200 % in the smallest window
        the bar cut "Read a picture of a digit from a file" to "Read a picture of a digit frc", without a mark.
        The model's label steps aside for a tip too long for the room beside it, as for a message: in a window
        narrower still (the smallest since the eighteenth round) the tip, kept 120 px at least, ran under it.

        The message a menu's tips covered comes back as the menu goes (``tip`` empty), for the rest of its time: Qt
        left the bar empty, the message gone before its time, and Help ▸ Status bar in full, chosen with the pointer,
        never showed the message it is for."""
        bar = self._window.statusBar()
        message, shown, until, said_tip = self._said
        self._covered = self._covered or (bool(shown) and bar.currentMessage() == shown)
        left_ms = round((until - time.monotonic()) * 1000)
        if not tip and self._covered and left_ms > 0:
            self.say(message, left_ms, said_tip, aloud=False)  # said once already
            return
        bar.setToolTip("")  # the tooltip of the message it replaces
        self._model_beside(tip)
        bar.showMessage(self._fitted(tip, Qt.TextElideMode.ElideRight))

    def _fitted(self, text: str, mode: Qt.TextElideMode) -> str:
        """``text`` shortened (``mode``) to the room left of the permanent labels, or at least 120 px."""
        bar = self._window.statusBar()
        room = bar.width() - sum(w.width() for w in (self.position_label, self.model_label) if w.isVisible()) - 40
        return bar.fontMetrics().elidedText(text, mode, max(room, 120))

    def say_again(self) -> None:
        """After a resize, the message still showing is shortened anew for its new room, for the rest of its time."""
        message, shown, until, tip = self._said
        left_ms = round((until - time.monotonic()) * 1000)
        if self._window.statusBar().currentMessage() == shown and left_ms > 0:
            self.say(message, left_ms, tip, aloud=False)  # news said once

    def check_settings(self, sync: bool = False) -> None:
        """Find out whether the settings can be saved (after writing them out, with ``sync``), unless that is known
        already: their file a folder, its folder a file, a read-only home lost them at every close without a word."""
        if self._settings_trouble is None and not self._settings_told:
            if sync:
                self._window.settings.sync()
            self._settings_trouble = settings_trouble(self._window.settings)

    def say_hand_edits_kept(self) -> None:
        """Among the start notes, once: the copy kept of a hand-edited settings file whose lines Qt's save drops
        (:mod:`gui.hand_edits`), which the next close would have lost without a word."""
        if not (kept := self._window.settings.property(KEPT)):
            return
        copy, line = Path(kept[0]), kept[1]
        shown = line if len(line) <= 40 else f"{line[:39]}…"
        text = f"Lines of your settings file RowReader cannot keep (“{shown}”) are kept in {copy.name}"
        tip = f"{self._window.settings.fileName()} holds lines Qt does not write back, such as “{line}”: "
        tip += f"the file as you wrote it is kept at {copy}."
        self.start_notes.append((text, 3 * MESSAGE_MS, tip, None))

    def tell_settings_trouble(self) -> None:
        """Say once, after the message showing now, that the settings cannot be saved, and why; then the
        :attr:`start_notes` (said in the restore, "Loading model…" and "Now reading with…" went over it unseen).
        Found again first: a save since the start (the model loaded) that failed (a full disk) was not said."""
        self.check_settings()
        notes: list[StartNote] = []
        if self._settings_trouble is not None and not self._settings_told:
            self._settings_told = True
            short, whole = self._settings_trouble
            text = f"Settings cannot be saved: {short}"  # what is lost, in the tooltip: the bar has little room
            tip = f"Settings cannot be saved: {whole}.\nWindow size, docks, brush, scan speed and model are not "
            tip += "remembered."
            notes.append((text, 3 * MESSAGE_MS, tip, None))
        notes += self.start_notes
        self.start_notes = []
        _, shown, until, _ = self._said
        bar = self._window.statusBar()
        after_ms = max(round((until - time.monotonic()) * 1000) if bar.currentMessage() == shown else 0, 0)
        for text, ms, tip, then in notes:  # one after the other, none once the window is gone (a closed test's)
            QTimer.singleShot(after_ms, bar, lambda note=(text, ms, tip, then): self._say_note(*note))
            after_ms += ms

    def say_lost_at_close(self) -> None:
        """On stderr, the one place left once the window has gone, why the close's save of the settings failed,
        unless the window said it already: a folder taken away or a full disk since the start lost the window's
        size, docks, brush and speed without a word. Settings held in memory from the start were said there."""
        self.check_settings()
        said = self._settings_told or self._window.settings.property(NOT_READ)
        if self._settings_trouble is not None and not said:
            self._settings_told = True
            say(f"{command_name(APP)}: settings not saved: {self._settings_trouble[1]}")

    def _say_note(self, text: str, ms: int, tip: str | None, then: Callable[[], object] | None) -> None:
        """A start note said, then its ``then``: what is to go once said goes now, not at the start."""
        self.say(text, ms, tip)
        if then is not None:
            then()

    def update(self) -> None:
        """The model's label and the position's, after any change of model, comparison, row or width."""
        window = self._window
        session = window.session
        checkpoint = session.checkpoint
        if checkpoint is None:
            self.model_label.setText("No model")
            self.model_label.setProperty(WHOLE, None)
        else:
            parts, counted = [window.model_named(checkpoint.path, suffix=True)], ""
            if session.accuracy is not None:
                # a fine-tune is checked on 2,000 digits, training on all 10,000: each number says what it is
                # (the shipped model's bare "99.41%" sat beside "99.40% of 2,000 MNIST digits"); the bar has no
                # room for "(10,000)" at the first size (messages were cut), so that count is in the tooltip
                digits = checkpoint.test_digits or MNIST_TEST_DIGITS
                accuracy, how = f"MNIST {accuracy_percent(session.accuracy)}", f"{digits:,}"
                # a taught model's 99.35 % of 2,000 sat beside the shipped model's 99.41 % of 10,000: a 0.06-point
                # cost, where the same 2,000 digits said 0.15; what the model it was taught from read of them leads
                if (before := taught_from_reads(checkpoint.metadata, digits)) is not None:
                    accuracy = f"MNIST {accuracy_percent(before)} → {accuracy_percent(session.accuracy)}"
                    how = f"{digits:,}: before → after teaching"
                counted = f"{accuracy} ({how})"
                parts.append(f"{accuracy} ({digits:,})" if digits < MNIST_TEST_DIGITS else accuracy)
            reader = f"{network_words(checkpoint.config)}, read with NumPy on the CPU"
            other = window.comparison
            other_name = window.model_named(other.checkpoint.path) if other and other.checkpoint else None
            compared = [f"vs {other_name} (dashed)"] if other_name is not None else []
            full = "  ·  ".join([*parts, reader, *compared])
            # A narrow window keeps room for messages: the short form, the whole of it in the tooltip. So does a
            # long text (a taught model's name, a comparison), which squeezed the messages to "Comparing wi…";
            # if need be the names are shortened in their middle (eliding the whole text cut the accuracy).
            # messages keep a share of the bar: with a 14-pt font in the smallest window the model's text took
            # half the window beside the position's label, and a message had 50 px ("Could…text)")
            beside = window.width() - self.position_label.minimumWidth() - 40
            room = int(min(STATUS_SHARE * window.width(), (1 - MESSAGE_SHARE) * beside))
            metrics = self.model_label.fontMetrics()
            if window.width() >= WIDE_STATUS and metrics.horizontalAdvance(full) <= room:
                self.model_label.setText(left_to_right(full))
            else:
                self.model_label.setText(left_to_right(self._short_model_text(parts, other_name, room)))
            whole = "  ·  ".join([parts[0], counted, reader, *compared]) if counted else full
            if self.model_label.toolTip() != (tip := plain_tip(whole)):  # on every pen movement: only what changed
                self.model_label.setToolTip(tip)
                self.model_label.setProperty(WHOLE, whole)  # as written, for show_whole
        self.show_position()

    def show_position(self) -> None:
        """The position's label alone, after each row read or rewound: the model's (:meth:`update`) looked up its
        file (the shipped model's, by the package's resources, then ``samefile``) on each, 5 to 28 times a seek."""
        position = self.position_text()
        self.position_label.setText(position)
        self.position_label.setVisible(bool(position))
        # the status bar in full follows, unsaid: a scan went on to "row 4/28" under its "row 1/28"
        if self._whole_shows() and plain_tip(whole := self._whole_text()) != self._whole:
            self._show_whole(whole, aloud=False)

    def _short_model_text(self, parts: list[str], other_name: str | None, room: int) -> str:
        """The model text in ``room`` px: the names of the model in use and the one compared with share what the rest
        leaves, each shortened in its middle, without ".safetensors" if it does not fit. The one in use lost all but
        "mine-20…tensors" beside the other's whole name: the time and id that tell taught models apart went. Where
        a name would get less room than "mine-…ors", the accuracy goes instead (the tooltip has it)."""
        metrics, least = self.model_label.fontMetrics(), self.model_label.fontMetrics().horizontalAdvance("mine-…ors")
        names = [parts[0]] if other_name is None else [parts[0], other_name]
        vs = "  ·  vs  (dashed)" if other_name else ""
        rest = "".join(f"  ·  {part}" for part in parts[1:])
        if room - metrics.horizontalAdvance(rest + vs) < least * len(names):  # the accuracy (in the tooltip) goes
            rest = ""  # before a name gets under ``least``: in the smallest window, comparing, it kept "Sh…el"
        free = max(room - metrics.horizontalAdvance(rest + vs), least)
        # its suffix kept where it alone tells the two apart (``runs/rowreader`` compared)
        if metrics.horizontalAdvance("".join(names)) > free and names[0].removesuffix(CHECKPOINT_SUFFIX) not in names:
            names[0] = names[0].removesuffix(CHECKPOINT_SUFFIX)
        widths = [metrics.horizontalAdvance(name) for name in names]
        # each name gets an equal share; one shorter than its share leaves the rest of it to the other
        rooms = [max(free // len(names), free - sum(widths) + width) for width in widths]
        middle = Qt.TextElideMode.ElideMiddle
        shown = [elided(metrics, name, middle, width) for name, width in zip(names, rooms, strict=True)]
        return shown[0] + rest + (f"  ·  vs {shown[1]} (dashed)" if other_name is not None else "")

    def position_text(self) -> str:
        """The reading mode and row in words, for the status bar; none without a model (the bar said "No model"
        twice, here and beside it)."""
        session = self._window.session
        if session.checkpoint is None:
            return ""
        if session.image is None:  # a dot said "Nothing to read" beside the bars' "Too small to be a digit"
            return "Too small to read" if session.too_small else "Nothing to read"
        row = f"row {session.position}/{ROWS}"
        return {Mode.LIVE: "Live  ·  all rows", Mode.SCAN: f"Scanning  ·  {row}", Mode.STEP: f"Paused  ·  {row}"}[
            session.player.mode
        ]


def error_line(title: str, message: str) -> str:
    """An error dialog's title and message as one status-bar sentence. Joined as they were, the message kept its
    capital ("Nothing to paste: The clipboard holds…"), and one that begins with the title said it twice ("Could not
    download MNIST: could not download MNIST into…")."""
    if message.lower().startswith(title.lower()):
        return message[:1].upper() + message[1:]
    if re.match(r"(A|[A-Z][a-z]+)\s", message):  # a plain word, not "MNIST", "RowReader" or a file's name
        message = message[:1].lower() + message[1:]
    return f"{title}: {message}"


def taught_from_reads(metadata: dict, digits: int) -> float | None:
    """What the model a taught one was taught from read of the same ``digits`` MNIST test digits (the fine-tune's
    ``mnist_eval`` "before"), or None for a model that records none, or no share: that key no schema checks, and a
    file's JSON ``true`` (a bool is an int) was shown as "MNIST 100.00% → …"."""
    measured = metadata.get("mnist_eval")
    if not isinstance(measured, dict) or measured.get("digits") != digits:
        return None
    before = measured.get("before")
    return float(before) if is_real_number(before) and 0 <= before <= 1 else None


def _above(bar: QWidget, text: str) -> None:
    """``text`` shown as ``bar``'s tooltip (:func:`gui.screen_room.open_tip`), moved to just above ``bar``, its left
    edge at the bar's, kept on the screen: Qt places a tooltip 16 px below the point it is given, so Shift+F1's, given
    the bar's top-left corner, covered the bar and hung 58 px past the window's bottom edge, over whatever lay below
    the window."""
    tip = open_tip(bar, text, bar.mapToGlobal(QPoint(0, 0)))
    if tip is None:
        return
    corner, room = bar.mapToGlobal(QPoint(0, 0)), bar.screen().availableGeometry()
    size = tip.frameGeometry().size()  # move() places the frame, where a platform draws one
    left = max(room.left(), min(corner.x(), room.right() + 1 - size.width()))
    tip.move(off_the_pointer(tip, QPoint(left, max(room.top(), corner.y() - size.height()))))
