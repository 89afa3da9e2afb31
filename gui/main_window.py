"""The main window: the canvas on the left, what the model sees and believes on the right.

Widgets never call each other. The canvas reports ink changes; the window turns them into a new input for
the :class:`~rowreader.session.DigitSession`; every view observes the session and repaints itself. Slow
work (loading models, pictures, MNIST) runs on :class:`~gui.workers.TaskRunner` threads, and live updates
while drawing are coalesced to one re-read per event-loop pass, so the display is never more than a frame
behind the pen.

The window is a composition; each of its jobs has a module of its own:

* ``gui/window_layout.py``: the views and where they sit; ``gui/window_room.py``: size, place and docks
  across starts, within the screen;
* ``gui/actions.py``: every command, its shortcut, menu and toolbar button;
* ``gui/status_line.py``: the status bar's model and position labels and its messages;
* ``gui/model_loading.py`` (``models``) and ``gui/comparing.py`` (``comparing``): the model that reads, and a
  second one compared with it;
* ``gui/picture_inputs.py`` (``pictures``), ``gui/drawing_save.py`` (``saving``), ``gui/file_dialogs.py``
  (``files``) and ``gui/file_dialog_fit.py``: pictures in, the drawing out, the folder the file
  dialogs start in and their size on the screen; ``gui/latest_request.py``: of several slow requests, the one made
  last wins;
* ``gui/teaching.py`` and ``gui/mnist_offer.py``: the user's examples and teaching (each job in a module its
  docstring names, the Models menu in ``gui/models_menu.py``, their folder in ``gui/user_folder.py``), and MNIST's
  download.
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
from PySide6.QtCore import QEvent, QSettings, Qt, QTimer
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QGuiApplication,
    QResizeEvent,
    QShowEvent,
    QStatusTipEvent,
)
from PySide6.QtWidgets import QDockWidget, QMainWindow, QMessageBox

from gui.actions import Actions, KeysInMenus
from gui.belief_bars import BeliefBars
from gui.canvas import DrawingCanvas
from gui.canvas_content import BaseLayer
from gui.comparing import SEED_MODEL, Comparing
from gui.drawing_save import DrawingSave
from gui.file_dialog_fit import FileDialogFit
from gui.file_dialogs import FileDialogs
from gui.focus_chain import tab_across
from gui.image_io import mime_has_picture
from gui.input_view import ModelInputView
from gui.mnist_offer import MnistOffer
from gui.model_loading import ModelLoading
from gui.model_names import model_name
from gui.picture_inputs import PictureInputs
from gui.plain_text import plain_tip, readable_lines, words_fitted
from gui.screen_room import TitleBarsOnScreen, open_within_screen, plain_box
from gui.settings import app_settings
from gui.state_heatmap import StateHeatmap
from gui.status_line import MESSAGE_MS, StatusLine, error_line
from gui.teaching import Teaching
from gui.timeline import BeliefTimeline
from gui.window_layout import ViewsArea, lay_out_views
from gui.window_room import WindowRoom
from gui.workers import TaskRunner
from rowreader import needs_torch
from rowreader.data import default_data_dir
from rowreader.model import ROWS
from rowreader.one_digit import cropped, flat_lines
from rowreader.picture_words import side_by_side
from rowreader.player import Mode
from rowreader.preprocess import normalise
from rowreader.session import DigitSession, Event

CLOSE_WAIT_MS = 10_000  # how long a closing window gives background work to finish (most stop after their file)


class MainWindow(QMainWindow):
    """Draw, watch, scan, step, open, save, and switch models. See ``gui/actions.py`` for every shortcut."""

    canvas: DrawingCanvas  # the views, made by lay_out_views
    input_view: ModelInputView
    bars: BeliefBars
    timeline: BeliefTimeline
    heatmap: StateHeatmap
    heatmap_dock: QDockWidget
    views_area: ViewsArea  # the views above, scrolling only on a screen too small for them

    def __init__(
        self,
        checkpoint: str | os.PathLike[str] | None = None,
        device: str = "cpu",
        settings: QSettings | None = None,
        data_root: str | os.PathLike[str] | None = None,
        load_model: bool = True,
        user_dir: str | os.PathLike[str] | None = None,
    ) -> None:
        super().__init__()
        self.settings = settings if settings is not None else app_settings()  # an oversized file is not read
        self.device = str(device)  # where a model is trained when the user asks; reading is NumPy on the CPU
        self.data_root = Path(data_root) if data_root is not None else default_data_dir()
        self.session = DigitSession()
        self.tasks = TaskRunner(self)
        self.last_error: tuple[str, str] | None = None  # (title, message) of the latest error dialog
        self.error_dialog: QMessageBox | None = None
        self._said_picture: tuple[BaseLayer | None, str] = (None, "")  # the picture last said "Reading", as shown
        self._drawn_marks = 1  # digit-sized marks side by side in the drawing last read (see _say_marks)
        self._said_marks = ("", "")  # the note of them last said, and as shown

        self.setWindowTitle("RowReader")
        self.setAcceptDrops(True)
        lay_out_views(self)
        self.files = FileDialogs(self)
        FileDialogFit(self)  # Qt's file dialogs, whoever opens them, fitted to the screen (the window's child)
        TitleBarsOnScreen(self)  # every dialog of the window, once framed, wholly on its screen, title bar first
        self.models = ModelLoading(self)
        self.comparing = Comparing(self)
        self.pictures = PictureInputs(self)
        self.saving = DrawingSave(self)
        self.mnist_offer = MnistOffer(self)  # asks to download MNIST where an action needs it and it is missing
        self.actions_ = Actions(self)
        self.teaching = Teaching(self, Path(user_dir) if user_dir is not None else None)  # examples, teach, models
        KeysInMenus(self)  # the window's shortcuts while any of its menus is open
        self.status = StatusLine(self)
        self.status.update()
        self.room = WindowRoom(self)

        # Drawing fires many changes per frame; a zero-time single-shot timer re-reads once per event-loop pass.
        self._refresh_timer = QTimer(self, singleShot=True)
        self._refresh_timer.setInterval(0)  # not interval=: see gui.app.create_app
        self._refresh_timer.timeout.connect(self.refresh_from_canvas)
        # The scan's clock; what a tick does is the Qt-free player's business.
        self._scan_timer = QTimer(self)
        self._scan_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._scan_timer.timeout.connect(self.session.player.tick)

        self._player_shown: tuple = ()  # what show_player showed last (_player_view)
        self.canvas.changed.connect(self._on_canvas_changed)
        self.timeline.highlighted.connect(self.bars.set_highlight)  # a line and its bar light up together
        self.bars.highlighted.connect(self.timeline.set_highlight)
        # A drag on a view, or a right-drag on the drawing, asks for a row on every pointer move, each a rewind or rows
        # read, every view and the drawing's band shown again: 1,500 moves a second, no longer merged (gui.app.
        # create_app), left it 216 ms behind the pointer on the drawing, 2,117 on the chart, and growing. The first
        # goes at once, then the newest once per event-loop pass (_seek_soon); a click at once, always (_seek_now).
        # A drag that asked for two rows or more in a pass is fast: its next pass's first row waits for the pass's
        # end too (each view had refreshed twice a paint, for the first row and the newest).
        self._seek_timer = QTimer(self, singleShot=True)
        self._seek_timer.setInterval(0)  # not interval=: see gui.app.create_app
        self._seek_timer.timeout.connect(self.seek_waiting)
        self._waiting_seek: int | None = None
        self._asked_in_pass = 0  # the rows a drag asked for in this pass
        self._fast = False  # the drag asked for two rows or more in the pass before
        # A seek's rows but its last wait for it (DigitSession.reading_on); one cut short, an observer having raised,
        # left the status line, toolbar, row band and comparison at the row before it, while the views painted its row
        self._seek_untold = QTimer(self, singleShot=True)
        self._seek_untold.setInterval(0)
        self._seek_untold.timeout.connect(lambda: self._on_session("position"))
        self._drag_row: int | None = None  # the row the drag under way last asked for (_seek_soon)
        for view in (self.timeline, self.input_view, self.heatmap):
            view.seek_requested.connect(self._seek_now)
            view.dragged_to.connect(self._seek_soon)
        self.canvas.scrub_requested.connect(self._scrub_to)
        self.canvas.scrub_started.connect(self._drag_begins)
        self.session.subscribe(self._on_session)
        self.tasks.busy_changed.connect(self._on_busy)
        self.room.restore()
        self.update_actions()
        self.show_player()
        # settings that cannot be saved (their file a folder, its folder a file, a read-only home) were lost at
        # every close without a word: said once, after the start-up model's own message
        self.status.check_settings()
        self.status.say_hand_edits_kept()
        self.teaching.say_cut_short()  # an export the last close cut short, which only stderr said
        self.teaching.say_blocked()  # a file where the examples folder goes, or its disk full or read-only
        if load_model:
            self.models.load_initial(checkpoint)
        else:
            self.status.tell_settings_trouble()

    # ---- what other parts of the app (and scripts) use -----------------------------------------------------

    @property
    def model_in_use(self) -> str:
        """The model in use as a sentence names it ("the shipped model", else its file: :meth:`model_named`)."""
        checkpoint = self.session.checkpoint
        return "no model" if checkpoint is None else self.model_named(checkpoint.path, suffix=True, in_text=True)

    def model_named(self, path: Path | None, *, suffix: bool = False, in_text: bool = False) -> str:
        """``path`` named as :func:`model_name` names it, or as the Models menu does (:meth:`ModelsMenu.name_of`)
        where another opened model shares its file name: two projects' ``runs/rowreader.safetensors``, told apart in
        the menu, were both "rowreader" once chosen, compared, announced and in the chart's words."""
        menu = getattr(getattr(self, "teaching", None), "models_menu", None)  # none yet as the window is built
        told = menu.name_of(path, suffix) if menu is not None else None
        return model_name(path, suffix=suffix, in_text=in_text) if told is None else told

    @property
    def comparison(self) -> DigitSession | None:
        """The second model reading the same input ("Compare with…"), or None."""
        return self.comparing.other

    def say(self, message: str, ms: int = MESSAGE_MS, tip: str | None = None) -> None:
        """A status-bar message that goes away by itself (see :meth:`StatusLine.say`)."""
        self.status.say(message, ms, tip)

    def report_error(self, title: str, message: str, details: str = "", line: str = "") -> None:
        """Show an error without blocking (window-modal, opened with ``open()``); the window stays usable. ``details``
        (what the message counts but names only in part: every file an import skipped) behind Show Details….
        ``line``: the status bar's words where the message is too long for it (the whole in its tooltip): shortened
        in its middle, "needs PyTorch"'s `pip install` read "(/tmp/….org/whl/cpu`", a command broken.
        ``message`` as the app shows names (:func:`~gui.plain_text.readable_lines`), in the box and the bar."""
        message = readable_lines(message)
        self.last_error = (title, message)
        whole = error_line(title, message)
        self.status.say(line or whole, 2 * MESSAGE_MS, whole if line else None, aloud=False)  # the box is read out
        if self.error_dialog is not None:
            self.error_dialog.close()
        # a path in a folder named by 120 letters made the box as wide as the screen, the path cut at its edge
        shown = words_fitted(message, self.fontMetrics(), self.screen().availableGeometry().width() * 3 // 4)
        box = plain_box(QMessageBox.Icon.Warning, title, shown, self, details=details)
        box.finished.connect(lambda *_: setattr(self, "error_dialog", None))
        self.error_dialog = box
        open_within_screen(box, self)

    def open_model(self, path: str | os.PathLike[str], aloud: bool = True) -> None:
        """Read with the checkpoint at ``path`` (see :meth:`ModelLoading.open`)."""
        self.models.open(path, aloud=aloud)

    def compare_with(self, path: str | os.PathLike[str]) -> None:
        """Compare with the checkpoint at ``path`` (see :meth:`Comparing.compare_with`)."""
        self.comparing.compare_with(path)

    def predictions(self) -> list[np.ndarray]:
        """The per-row probability arrays ([10] each, oldest first) the timeline is showing right now."""
        return [row.copy() for row in self.timeline.probabilities]

    # ---- drawing → session ---------------------------------------------------------------------------------

    def _on_canvas_changed(self) -> None:
        """A new input is watched live (Space scans it again). An edit, an undo or a picture is read first, then
        Live reads on from the row paused at: Live first read the drawing gone on to row 28 (and a drag's row still
        waiting before it), 18 rows of it for a picture put on the canvas at row 10, each shown by every view."""
        self._drop_waiting()  # a drag's row goes with the drawing it was on
        if self.canvas.is_drawing:
            self._watch_live()
            if not self._refresh_timer.isActive():
                self._refresh_timer.start()
        else:  # an edit or undo: show it at once
            self._refresh_timer.stop()
            self.refresh_from_canvas()
            self._watch_live()
            content = self.canvas.content
            self._say_picture(None if content.strokes else content.base)
            self._say_marks()

    def _watch_live(self) -> None:
        if self.mode is not Mode.LIVE:
            self.session.player.live()

    def _say_picture(self, base: BaseLayer | None) -> None:
        """The status bar's "Reading …" follows the picture on the canvas: Ctrl+Z of an opened picture or a
        random digit left it saying "Reading MNIST test #2887 (true label 7)" over an empty canvas, and
        Ctrl+Shift+Z brought the picture back without a word. A picture drawn over is no longer what it names (a
        stroke across a test digit went on "(true label 9)" while the bars named no true label)."""
        told, shown = self._said_picture
        if base is told:
            return
        self._said_picture = (base, "")
        if base is not None:
            said = f"Reading {base.source}" + (f" (true label {base.label})" if base.label is not None else "")
            notes = self.pictures.notes_for(base)  # what it was read as, in the same message (said once)
            self.say(f"{said}: {notes}" if notes else said, 2 * MESSAGE_MS if notes else MESSAGE_MS)
            self._said_picture = (base, self.status.shown)
        elif shown and self.statusBar().currentMessage() == shown:
            self.statusBar().clearMessage()  # it named a picture no longer there

    def _say_marks(self) -> None:
        """Two digits drawn side by side were read as one without a word, where a picture of them says so
        (gui/picture_inputs.py): a drawing says so too once its stroke is done, and the note goes with the marks."""
        marks = self._drawn_marks
        note = f"Your drawing: {side_by_side(marks, 'clear it (Esc) and draw one digit')}" if marks > 1 else ""
        told, shown = self._said_marks
        if note == told:  # a third mark beside two was left said as "2 marks"
            return
        self._said_marks = (note, "")
        if note:
            self.say(note, 2 * MESSAGE_MS)
            self._said_marks = (note, self.status.shown)
        elif shown and self.statusBar().currentMessage() == shown:
            self.statusBar().clearMessage()

    def refresh_from_canvas(self) -> None:
        """Give the session the canvas's current ink: the base picture exactly, or the drawing via to_mnist."""
        self._refresh_timer.stop()
        content = self.canvas.content
        self._drawn_marks = 1
        if self.canvas.is_empty():
            self.session.clear()
        elif content.base is not None and not content.strokes and not self.canvas.is_drawing:
            base = content.base
            placement = base.document_placement()
            self.session.set_image(base.image, label=base.label, source=base.source, placement=placement)
        else:
            source = f"{content.base.source} + strokes" if content.base is not None else "drawing"
            # Session.set_drawing's reading, made here for the marks it finds (see _say_marks)
            read = normalise(drawn := self.canvas.render_ink(), ink="light")
            if read.too_small and read.ink is not None and flat_lines(cropped(read.ink)):  # a 7's, a 5's first stroke:
                read = normalise(drawn, ink="light", allow_small=True)  # a drawing in progress is read live
            self.session.set_image(read.image, source=source, placement=read.placement, too_small=read.too_small)
            self._drawn_marks = read.marks

    def _on_session(self, event: Event) -> None:
        if event == "position" and self.session.reading_on:
            self._seek_untold.start()  # shown at the pass's end unless the seek's last row comes first
            return  # a seek reads on: its last row is the one shown (the views wait for it too)
        if event == "position":
            self._seek_untold.stop()
        if event in ("model", "player") or (event == "rows" and self._player_shown != self._player_view()):
            self.show_player()  # "rows" follows every new image: Play may have become possible, or impossible
        elif event == "position":
            self.status.show_position()  # the model is the same: its label is shown again with the model's events
            self.actions_.show_row(self.session.position, self.session.player.can_play)
        if event in ("rows", "position", "player"):
            self.canvas.set_row_band(self._row_band())
        if event in ("rows", "position"):
            self.comparing.follow()

    def _row_band(self) -> tuple[float, float, bool] | None:
        """Where the last row read lies on the drawing (document units), while scanning or paused."""
        placement, position = self.session.placement, self.session.position
        if placement is None or self.mode is Mode.LIVE:
            return None
        if position == 0:  # before the first row (Home): all of it is still to come, dimmed as in the 28×28 view
            top = placement.picture_rows(0)[0]
            return top, top, True
        top, bottom = placement.picture_rows(position - 1)
        return top, bottom, position < ROWS

    def _scrub_to(self, document_y: float) -> None:
        """Right-drag or Shift+drag on the drawing: go to the row of the 28×28 input that holds that line."""
        placement = self.session.placement
        if placement is not None:
            self._seek_soon(placement.row_at(document_y) + 1)

    def _seek_now(self, rows: int) -> None:
        """A click or Enter on a view: its row at once, a drag's row still waiting dropped (it came before). A
        click begins a drag too: its moves on the row clicked ask for nothing new (:meth:`_seek_soon`)."""
        self._drop_waiting()
        self._drag_row = rows
        self.session.player.seek(rows)

    def _tell_untold(self) -> None:
        """A seek cut short (an observer raised) told now, as the window is about to paint, not at the pass's end:
        the views catch up as they paint, and one cut at row 19 by a drag's row read before the paint painted them at
        19 under a status line and toolbar still at 14 for a frame."""
        if self._seek_untold.isActive() and not self.session.reading_on:
            self._seek_untold.stop()
            self._on_session("position")

    def _drop_waiting(self) -> None:
        """A drag's row still waiting dropped, the next drag's move at once: what it waited to do is overtaken."""
        self._seek_timer.stop()
        self._waiting_seek = None
        self._asked_in_pass, self._fast = 0, False

    def _drag_begins(self) -> None:
        """A right-drag on the drawing begins (its first row goes through :meth:`_seek_soon`): asked for by none yet,
        and at once, whatever pace the drag before ended at."""
        self._drag_row, self._fast = None, False

    def _seek_soon(self, rows: int) -> None:
        """A drag on a view or the drawing has reached ``rows``: at once, unless a drag asked already in this
        event-loop pass, or asked for two rows or more in the pass before (fast), when the newest asked goes at the
        pass's end (one rule for every drag). A slow drag's row is read as the pointer reaches it; a fast one's
        once a paint, every view, the status line and the toolbar at the row read, each refreshed once.

        Only as the pointer reaches a row the drag has not just asked for: held on row 12, a key (End, Right)
        acted and the hand's next tremble, a pixel on row 12, took the row back. The key holds until the pointer
        goes to another row; the drag leads from there."""
        if rows == self._drag_row:
            return
        self._drag_row = rows
        self._asked_in_pass += 1
        waiting = self._seek_timer.isActive()
        if not waiting:
            self._seek_timer.start()
        if waiting or self._fast:
            self._waiting_seek = rows
            return
        self.session.player.seek(rows)

    def seek_waiting(self) -> None:
        """A drag's row still waiting, now: before the window paints or at the pass's end, whichever comes first,
        and before a key acts (gui/actions.py), which it undid, coming after: a drag released and then Right, Space,
        End or Home in one pass ended at the drag's row, paused (the step, scan or Live lost). A change of the drawing
        drops it (:meth:`_on_canvas_changed`)."""
        rows, self._waiting_seek = self._waiting_seek, None
        if self._asked_in_pass:  # a pass that asked for nothing (its row read before the paint) leaves the pace
            self._fast, self._asked_in_pass = self._asked_in_pass > 1, 0
        if rows is not None:
            self.session.player.seek(rows)

    # ---- reading modes (the player in the session decides; the window shows it and runs its clock) ----------

    @property
    def mode(self) -> Mode:
        return self.session.player.mode

    def _player_view(self) -> tuple:
        """What :meth:`show_player` shows that a new reading can change: a pen movement's "rows" event changes none
        of it, and refreshing the status bar on each one cost ~0.2 ms a movement for nothing."""
        session, player = self.session, self.session.player
        return player.mode, player.can_play, player.speed, session.position, session.image is None, session.too_small

    def show_player(self) -> None:
        """Bring the timer, the toolbar and the status bar in line with the session's player."""
        player = self.session.player
        self._player_shown = self._player_view()
        if player.mode is Mode.SCAN:
            if not self._scan_timer.isActive():
                self._scan_timer.start(player.interval_ms)
            elif self._scan_timer.interval() != player.interval_ms:
                self._scan_timer.setInterval(player.interval_ms)
        else:
            self._scan_timer.stop()
        self.actions_.show_player(player.mode, player.can_play, player.speed, self.session.position)
        self.status.update()

    # ---- the window itself ---------------------------------------------------------------------------------

    def update_actions(self) -> None:
        """Commands enabled, and tooltips, as what they need is there or not (a comparison, the seed, MNIST)."""
        self.actions_.stop_compare.setEnabled(self.comparison is not None)
        self.actions_.compare_seed.setEnabled(SEED_MODEL.is_file())
        random, tip = self.actions_.random, "A random digit from the MNIST test set, with its true label (Ctrl+R)"
        if self.pictures.mnist is None and not self.mnist_offer.available(train=False):
            # the light install has no torchvision to download with: the question says so and how to get it
            how = "says how to get it" if needs_torch.absent("torchvision") else "offers to download it first"
            tip += f": it is not in {self.data_root} yet, so it {how}"
        random.setToolTip(plain_tip(tip))

    def _on_busy(self, busy: bool) -> None:
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    def save_settings(self) -> None:
        """The layout, brush and speed, for the next start. Not the model: it is saved as it is opened
        (:meth:`ModelLoading.save`): one copy of the app closed after another wrote its own model over the one the
        other had opened since, and the next start read the model chosen before."""
        self.room.save()
        self.settings.sync()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if _offers_copy(event) and mime_has_picture(event.mimeData()):
            _take_as_copy(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if _offers_copy(event) and self.pictures.accept_mime(event.mimeData(), "dropped"):
            _take_as_copy(event)

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.WindowBlocked:  # a window-modal box opened: the canvas gets no pen-up
            self.canvas.end_stroke()
        # about to paint: a drag's newest row read, and its lines under the pointer worked out. In a real window the
        # paint may come before the pass's end (3 of 224 paints of a drag; with a fast drag's first row waiting too,
        # 227 of 353), a row behind the read-out, which named the pointer's row "not read yet"
        if event.type() == QEvent.Type.UpdateRequest:
            try:
                self.seek_waiting()
                self.timeline.settle()
            finally:  # painted, whatever an observer raised: a paint skipped painted nothing again
                try:
                    self._tell_untold()
                finally:  # the telling's own error too: Qt asks for no paint while one it asked for is not done
                    painted = super().event(event)
            return painted
        if isinstance(event, QStatusTipEvent):  # shortened to fit, as the messages are
            self.status.show_tip(event.tip())
            return True
        return super().event(event)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab goes on into a dock floating in a window of its own, past a view one lies over (gui/focus_chain.py)."""
        return tab_across(self, next) or super().focusNextPrevChild(next)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.room.window_shown()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.actions_.fit_toolbars(event.size().width())
        self.status.update()
        # once the status bar's labels have their new widths; with the window as context, not after it is deleted
        QTimer.singleShot(0, self, self.status.say_again)
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._scan_timer.stop()
        self._refresh_timer.stop()
        self._seek_timer.stop()
        self.save_settings()
        self.status.say_lost_at_close()
        self.hide()  # gone at once, while a fine-tune or a task is stopped below (a frozen window stayed up)
        for dock in self.findChildren(QDockWidget):  # a dock in a window of its own too: it outlived the window
            if dock.isFloating():
                dock.hide()
        self.teaching.shutdown()
        self.mnist_offer.shutdown()
        self.tasks.cancel_callbacks()  # results arriving after this point would touch a closing window
        if not self.tasks.wait(CLOSE_WAIT_MS):  # the app ends without what is left (gui/__main__.py)
            self.teaching.note_given_up()
        super().closeEvent(event)


def _offers_copy(event: QDropEvent) -> bool:
    """Whether a drag lets the window take a copy: one that offers only Move would have its source delete what the
    window merely reads, so it is not taken."""
    return bool(event.possibleActions() & Qt.DropAction.CopyAction)


def _take_as_copy(event: QDropEvent) -> None:
    """Take a drop as a Copy, whatever was proposed: X11 proposed Move (and Shift does anywhere) for a file dragged
    from another program, and a source told Move is to delete the file or text the window only read."""
    event.setDropAction(Qt.DropAction.CopyAction)
    event.accept()
