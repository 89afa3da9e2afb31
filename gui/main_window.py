"""The main window: the canvas on the left, what the model sees and believes on the right.

Widgets never call each other. The canvas reports ink changes; the window turns them into a new input for
the :class:`~rowreader.session.DigitSession`; every view observes the session and repaints itself. Slow
work (loading models, pictures, MNIST) runs on :class:`~gui.workers.TaskRunner` threads, and live updates
while drawing are coalesced to one re-read per event-loop pass, so the display is never more than a frame
behind the pen.
"""

from __future__ import annotations

import contextlib
import os
import time
from functools import partial
from pathlib import Path

import numpy as np
from PySide6.QtCore import QByteArray, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QDragEnterEvent, QDropEvent, QGuiApplication, QImageReader, QResizeEvent
from PySide6.QtWidgets import (
    QDockWidget,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMainWindow,
    QMessageBox,
    QVBoxLayout,
    QWidget,
)

from gui.actions import Actions
from gui.belief_bars import BeliefBars
from gui.canvas import MAX_BRUSH, MIN_BRUSH, BaseLayer, DrawingCanvas
from gui.dock_size import DockSizeKeeper
from gui.image_io import (
    Picture,
    drawing_png,
    encoded_image_from_mime,
    image_from_mime,
    input_png,
    load_picture_file,
    local_file_from_mime,
    mime_has_picture,
    normalise_picture,
    qimage_to_array,
    read_picture_data,
    save_png,
)
from gui.input_view import ModelInputView
from gui.mnist_offer import MnistOffer
from gui.model_names import model_name
from gui.plain_text import plain_tip
from gui.screen_room import FRAME_ROOM, screen_room
from gui.settings import read_int, read_number, read_text, settings_trouble
from gui.state_heatmap import StateHeatmap
from gui.teaching import Teaching
from gui.timeline import BeliefTimeline, Comparison
from gui.workers import PROGRESS_MS, TaskRunner
from rowreader.checkpoint import Checkpoint, load_checkpoint, load_pretrained, pretrained_path
from rowreader.data import MNIST_TEST_DIGITS, DamagedMnistFile, default_data_dir, load_mnist
from rowreader.model import ROWS
from rowreader.player import DEFAULT_SPEED, MAX_SPEED, MIN_SPEED, Mode
from rowreader.session import DigitSession, Event

SEED_MODEL = pretrained_path().with_name("seed.safetensors")  # trained with `--preset seed`, for comparison
WIDE_STATUS = 1100  # px: narrower windows show the model in the status bar in short
STATUS_SHARE = 0.5  # …and so does any window where the full text would take more than this share of its width
FIRST_SIZE = QSize(1100, 720)  # the window at first start, where the screen has room for it
LSTM_HEIGHT = 170  # px: "Inside the LSTM" under the maps at first start
# "yes": "Inside the LSTM" was hidden by the app for a short screen, not by the user; "floated": put in a window of
# its own there when asked for. Either way it is back under the maps at the next start on a screen with room.
LSTM_HIDDEN_FOR_ROOM_KEY = "window/lstm_hidden_for_room"
MESSAGE_MS = 5000  # how long a status-bar message stays
CHECKPOINT_FILES = "RowReader checkpoints (*.safetensors);;All files (*)"  # the filters of a file dialog
IMAGE_FILES = "Images (*.png *.jpg *.jpeg *.bmp *.gif *.webp *.tif *.tiff *.pgm *.ppm *.pbm *.pnm);;All files (*)"


def _caption(text: str) -> QLabel:
    label = QLabel(text)
    font = label.font()
    font.setBold(True)
    label.setFont(font)
    return label


class MainWindow(QMainWindow):
    """Draw, watch, scan, step, open, save, and switch models. See ``gui/actions.py`` for every shortcut."""

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
        self.settings = settings if settings is not None else QSettings()
        self.device = str(device)  # where a model is trained when the user asks; reading is NumPy on the CPU
        self.data_root = Path(data_root) if data_root is not None else default_data_dir()
        self.session = DigitSession()
        self.comparison: DigitSession | None = None  # a second model reading the same input ("Compare with…")
        self.tasks = TaskRunner(self)
        self.last_error: tuple[str, str] | None = None  # (title, message) of the latest error dialog
        self._said_picture: tuple[BaseLayer | None, str] = (None, "")  # the picture last said "Reading", as shown
        self._said = ("", "", 0.0, None)  # the latest status message: whole, as shown, when it goes (monotonic s), tip
        self.error_dialog: QMessageBox | None = None
        self._mnist: tuple[np.ndarray, np.ndarray] | None = None
        self.mnist_offer = MnistOffer(self)  # asks to download MNIST where an action needs it and it is missing
        self._rng = np.random.default_rng()
        self._user_model: Path | None = None  # a model the user chose, remembered for the next start
        self._settings_trouble: tuple[str, str] | None = None  # why the settings cannot be saved (short, whole)
        self._settings_told = False  # ... which the status bar says once

        self.setWindowTitle("RowReader")
        self.setAcceptDrops(True)
        self._build_views()
        self.actions_ = Actions(self)
        self.teaching = Teaching(self, Path(user_dir) if user_dir is not None else None)  # examples, teach, models
        self._build_status_bar()

        # Drawing fires many changes per frame; a zero-time single-shot timer re-reads once per event-loop pass.
        self._refresh_timer = QTimer(self, singleShot=True, interval=0)
        self._refresh_timer.timeout.connect(self.refresh_from_canvas)
        # The scan's clock; what a tick does is the Qt-free player's business.
        self._scan_timer = QTimer(self)
        self._scan_timer.setTimerType(Qt.TimerType.PreciseTimer)
        self._scan_timer.timeout.connect(self.session.player.tick)

        self.canvas.changed.connect(self._on_canvas_changed)
        self.timeline.highlighted.connect(self.bars.set_highlight)  # a line and its bar light up together
        self.bars.highlighted.connect(self.timeline.set_highlight)
        self.timeline.seek_requested.connect(self.session.player.seek)
        self.input_view.seek_requested.connect(self.session.player.seek)
        self.heatmap.seek_requested.connect(self.session.player.seek)
        self.canvas.scrub_requested.connect(self._scrub_to)
        self.session.subscribe(self._on_session)
        self.tasks.busy_changed.connect(self._on_busy)
        self._lstm_hidden_for_room = False  # "Inside the LSTM" hidden at start for want of room (_restore_settings)
        self._lstm_floated_for_room = False  # ... or in a window of its own when asked for there
        self.actions_.show_state.triggered.connect(self._lstm_shown_or_hidden_by_user)
        self._restore_settings()
        self._update_actions()
        self.show_player()
        # settings that cannot be saved (their file a folder, its folder a file, a read-only home) were lost at
        # every close without a word: said once, after the start-up model's own message
        self._settings_trouble = settings_trouble(self.settings)
        if load_model:
            self._load_initial_model(checkpoint)
        else:
            self._tell_settings_trouble()

    # ---- layout ------------------------------------------------------------------------------------------

    def _build_views(self) -> None:
        self.canvas = DrawingCanvas()
        self.input_view = ModelInputView(self.session)
        self.bars = BeliefBars(self.session)
        self.timeline = BeliefTimeline(self.session)
        self.heatmap = StateHeatmap(self.session)

        left = QVBoxLayout()
        left.addWidget(_caption("Your drawing"))
        left.addWidget(self.canvas, 1)

        seen = QVBoxLayout()
        seen.addWidget(_caption("What the model sees"))
        seen.addWidget(self.input_view, 1)
        belief = QVBoxLayout()
        belief.addWidget(_caption("Live belief"))
        belief.addWidget(self.bars, 1)
        top_right = QHBoxLayout()
        top_right.addLayout(seen, 4)
        top_right.addSpacing(12)
        top_right.addLayout(belief, 5)
        right = QVBoxLayout()
        right.addLayout(top_right, 5)
        right.addSpacing(8)
        right.addWidget(self.timeline, 4)

        central = QWidget()
        row = QHBoxLayout(central)
        row.setContentsMargins(12, 8, 12, 8)
        row.addLayout(left, 5)
        row.addSpacing(16)
        row.addLayout(right, 6)
        self.setCentralWidget(central)

        self.heatmap_dock = QDockWidget("Inside the LSTM", self)
        self.heatmap_dock.setObjectName("lstm_state_dock")
        self.heatmap_dock.setWidget(self.heatmap)
        self.heatmap_dock.setAllowedAreas(
            Qt.DockWidgetArea.BottomDockWidgetArea | Qt.DockWidgetArea.RightDockWidgetArea
        )
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.heatmap_dock)
        self.resizeDocks([self.heatmap_dock], [LSTM_HEIGHT], Qt.Orientation.Vertical)
        # its height back when a shortened window grows again: it stayed a sliver, the maps unreadable
        self.heatmap_size = DockSizeKeeper(self, self.heatmap_dock, at_least_hint=False)

    def _build_status_bar(self) -> None:
        self.position_label = QLabel()
        self.model_label = QLabel()
        self.model_label.setTextFormat(Qt.TextFormat.PlainText)  # shows the model's file name: never as HTML
        self.position_label.setMinimumWidth(self.fontMetrics().horizontalAdvance("Scanning  ·  row 28/28") + 16)
        self.position_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.position_label.setToolTip("Rows read so far and the reading mode")
        self.statusBar().addPermanentWidget(self.position_label)
        self.statusBar().addPermanentWidget(self.model_label)
        # the whole of a shortened message is the bar's tooltip (``say``) only while that message shows
        self.statusBar().messageChanged.connect(lambda text: text or self.statusBar().setToolTip(""))
        self._update_status()

    # ---- programmatic use ----------------------------------------------------------------------------------

    @property
    def model_in_use(self) -> str:
        """The model in use as the window names it everywhere ("Shipped model", else its file), for messages."""
        checkpoint = self.session.checkpoint
        return "no model" if checkpoint is None else model_name(checkpoint.path, suffix=True)

    def say(self, message: str, ms: int = MESSAGE_MS, tip: str | None = None) -> None:
        """A status-bar message that goes away by itself (no message outstays its news).

        One longer than the room left of the permanent labels is shortened in its middle ("…"), which keeps
        both what happened and how it ended (a path's file name, "nothing was written"); the status bar cut it
        off without a mark. The whole of it (or ``tip``, where given) is the bar's tooltip while it shows.
        """
        bar = self.statusBar()
        room = bar.width() - sum(w.width() for w in (self.position_label, self.model_label) if w.isVisible()) - 40
        shown = bar.fontMetrics().elidedText(message, Qt.TextElideMode.ElideMiddle, max(room, 120))
        bar.setToolTip(plain_tip(tip) if tip else plain_tip(message) if shown != message else "")
        bar.showMessage(shown, ms)
        self._said = (message, shown, time.monotonic() + ms / 1000, tip)

    def _say_again(self) -> None:
        """After a resize, the message still showing is shortened anew for its new room, for the rest of its time."""
        message, shown, until, tip = self._said
        left_ms = round((until - time.monotonic()) * 1000)
        if self.statusBar().currentMessage() == shown and left_ms > 0:
            self.say(message, left_ms, tip)

    def predictions(self) -> list[np.ndarray]:
        """The per-row probability arrays ([10] each, oldest first) the timeline is showing right now."""
        return [row.copy() for row in self.timeline.probabilities]

    def report_error(self, title: str, message: str) -> None:
        """Show an error without blocking (window-modal, opened with ``open()``); the window stays usable."""
        self.last_error = (title, message)
        self.say(f"{title}: {message}", 2 * MESSAGE_MS)
        if self.error_dialog is not None:
            self.error_dialog.close()
        box = QMessageBox(QMessageBox.Icon.Warning, title, message, QMessageBox.StandardButton.Ok, self)
        box.setTextFormat(Qt.TextFormat.PlainText)  # messages quote file names: "<b>x.png" must not render as HTML
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.finished.connect(lambda *_: setattr(self, "error_dialog", None))
        self.error_dialog = box
        box.open()

    # ---- drawing → session ---------------------------------------------------------------------------------

    def _on_canvas_changed(self) -> None:
        if self.mode is not Mode.LIVE:
            self.session.player.live()  # a new input is watched live; Space scans it again
        if self.canvas.is_drawing:
            if not self._refresh_timer.isActive():
                self._refresh_timer.start()
        else:  # an edit or undo: show it at once
            self._refresh_timer.stop()
            self.refresh_from_canvas()
            self._say_picture(self.canvas.content.base)

    def _say_picture(self, base: BaseLayer | None) -> None:
        """The status bar's "Reading …" follows the picture on the canvas: Ctrl+Z of an opened picture or a
        random digit left it saying "Reading MNIST test #2887 (true label 7)" over an empty canvas, and
        Ctrl+Shift+Z brought the picture back without a word."""
        told, shown = self._said_picture
        if base is told:
            return
        self._said_picture = (base, "")
        if base is not None:
            self.say(f"Reading {base.source}" + (f" (true label {base.label})" if base.label is not None else ""))
            self._said_picture = (base, self._said[1])
        elif shown and self.statusBar().currentMessage() == shown:
            self.statusBar().clearMessage()  # it named a picture no longer there

    def refresh_from_canvas(self) -> None:
        """Give the session the canvas's current ink: the base picture exactly, or the drawing via to_mnist."""
        self._refresh_timer.stop()
        content = self.canvas.content
        if self.canvas.is_empty():
            self.session.clear()
        elif content.base is not None and not content.strokes and not self.canvas.is_drawing:
            base = content.base
            placement = base.document_placement()
            self.session.set_image(base.image, label=base.label, source=base.source, placement=placement)
        else:
            source = f"{content.base.source} + strokes" if content.base is not None else "drawing"
            self.session.set_drawing(self.canvas.render_ink(), ink="light", source=source)

    def _on_session(self, event: Event) -> None:
        if event in ("model", "rows", "player"):
            self.show_player()  # "rows" follows every new image or model: Play may have become possible
        elif event == "position":
            self._update_status()
            self.actions_.show_row(self.session.position, self.session.player.can_play)
        if event in ("rows", "position", "player"):
            self.canvas.set_row_band(self._row_band())
        if event in ("rows", "position") and self.comparison is not None:
            self._follow(self.comparison)

    # ---- a second reader -----------------------------------------------------------------------------------

    def _follow(self, other: DigitSession) -> None:
        """Let the comparison read what the main session reads, up to the same row, and show it dashed."""
        session = self.session
        if other.image is not session.image:
            other.set_image(session.image, placement=session.placement)
        other.seek(session.position)
        name = model_name(other.checkpoint.path if other.checkpoint else None)
        self.timeline.set_comparison(Comparison(name, other.probabilities, other.decided_at))

    def compare_with(self, path: str | os.PathLike[str]) -> None:
        """Load a second model in the background; it reads every input alongside the first, dashed in the chart."""
        path = Path(path)
        self.say(f"Loading {path.name} to compare…", PROGRESS_MS)

        self.tasks.run(
            lambda: load_checkpoint(path),
            self._start_comparing,
            lambda err: self.report_error("Could not open the model to compare", str(err)),
        )

    def _start_comparing(self, checkpoint: Checkpoint) -> None:
        now = self.session.checkpoint
        if _same_file(checkpoint, now):
            # the seed model in use, then "Compare with the seed model" (or the same file chosen): its dashed
            # lines lay hidden under its own solid ones, and the read-out gave every value twice
            self.say(f"{checkpoint.path.name} is the model in use: choose another to compare with it")
            return
        self.comparison = DigitSession(checkpoint)
        self._follow(self.comparison)
        self.actions_.stop_compare.setEnabled(True)
        self._update_status()
        self.say(f"Comparing with {model_name(checkpoint.path)} (dashed)")

    def _not_compared_with_itself(self, left: Checkpoint | None) -> None:
        """Switching to the model that was being compared with would compare it with itself: the model just left
        reads beside it instead, so switching back and forth keeps the pair in view (without one, comparing ends)."""
        other, now = self.comparison, self.session.checkpoint
        if other is None or not _same_file(other.checkpoint, now):
            return
        if left is None:
            self.stop_comparing()
        else:
            self._start_comparing(left)

    def choose_comparison(self) -> None:
        if path := self._choose_file("Compare with", CHECKPOINT_FILES):
            self.compare_with(path)

    def compare_with_seed(self) -> None:
        self.compare_with(SEED_MODEL)
        self._mark_seed()  # a click checked it at once: only once the seed model reads beside (or again if it did)

    def _mark_seed(self) -> None:
        """Compare with the seed model is checked while the seed model is the one compared with, as Models ›
        Compare with marks its models (it stayed unmarked there, in a list where the model compared is marked)."""
        other = self.comparison.checkpoint if self.comparison is not None else None
        seed = other is not None and other.path is not None and other.path.resolve() == SEED_MODEL.resolve()
        self.actions_.compare_seed.setChecked(seed)

    def stop_comparing(self) -> None:
        self.comparison = None
        self.timeline.set_comparison(None)
        self.actions_.stop_compare.setEnabled(False)
        self._update_status()

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
            self.session.player.seek(placement.row_at(document_y) + 1)

    # ---- reading modes (the player in the session decides; the window shows it and runs its clock) ----------

    @property
    def mode(self) -> Mode:
        return self.session.player.mode

    def show_player(self) -> None:
        """Bring the timer, the toolbar and the status bar in line with the session's player."""
        player = self.session.player
        if player.mode is Mode.SCAN:
            if not self._scan_timer.isActive():
                self._scan_timer.start(player.interval_ms)
            elif self._scan_timer.interval() != player.interval_ms:
                self._scan_timer.setInterval(player.interval_ms)
        else:
            self._scan_timer.stop()
        self.actions_.show_player(player.mode, player.can_play, player.speed, self.session.position)
        self._update_status()

    # ---- models --------------------------------------------------------------------------------------------

    def _load_initial_model(self, checkpoint: str | os.PathLike[str] | None) -> None:
        if checkpoint is not None:
            self.open_model(checkpoint)
            return
        remembered = read_text(self.settings, "model/path")
        if remembered and Path(remembered).is_file():
            self.open_model(remembered, quiet=True)
            return
        if remembered:  # deleted or moved since: the shipped model came back without a word
            self.settings.remove("model/path")
        if pretrained_path().is_file():
            self._start_model_task(load_pretrained, None, quiet=False, instead_of=remembered or None)
        else:
            self.say("No model is shipped in this installation: open one with Ctrl+M", PROGRESS_MS)
            self._tell_settings_trouble()

    def open_model(self, path: str | os.PathLike[str], quiet: bool = False) -> None:
        """Load a checkpoint in the background; on failure an error dialog says why and the current model stays."""
        path = Path(path)
        self._start_model_task(lambda: load_checkpoint(path), path, quiet)

    def _start_model_task(self, work, path: Path | None, quiet: bool, instead_of: str | None = None) -> None:
        """``quiet``: the model of the last session, at start-up, which falls back to the shipped one if it no
        longer loads; ``instead_of`` names a model of the last session that is gone, for the message."""
        self.say(f"Loading model {path.name if path else '(shipped)'}…", PROGRESS_MS)

        def done(checkpoint: Checkpoint) -> None:
            left = self.session.checkpoint
            self.session.set_checkpoint(checkpoint)
            self._user_model = path
            if instead_of is not None:
                gone = Path(instead_of).name
                self.say(f"The last model used, {gone}, is gone: reading with {self.model_in_use}", 3 * MESSAGE_MS)
            else:
                self.say(f"Now reading with {self.model_in_use}")
            self._not_compared_with_itself(left)
            self._tell_settings_trouble()

        def failed(err: BaseException) -> None:
            if quiet:  # a remembered model that no longer loads: the shipped one, saying why (it came back silently)
                self.settings.remove("model/path")
                self._load_initial_model(None)
                instead = "Reading with the shipped model." if pretrained_path().is_file() else "Open one with Ctrl+M."
                self.report_error("Could not open the last model used", f"{err}\n\n{instead}")
                return
            self.report_error("Could not open the model", str(err))
            self._tell_settings_trouble()

        self.tasks.run(work, done, failed)

    def choose_model(self) -> None:
        if path := self._choose_file("Open model", CHECKPOINT_FILES):
            self.open_model(path)

    # ---- pictures in ---------------------------------------------------------------------------------------

    def open_image(self, path: str | os.PathLike[str]) -> None:
        """Read and normalise a picture in the background; a bad file gets an error dialog, the drawing stays."""
        path = Path(path)
        self.say(f"Opening {path.name}…", PROGRESS_MS)
        self.tasks.run(
            lambda: load_picture_file(path),
            lambda image: self._use_picture(image, path.name),
            lambda err: self.report_error("Could not open the image", str(err)),
        )

    def choose_image(self) -> None:
        if path := self._choose_file("Open image", IMAGE_FILES):
            self.open_image(path)

    def _use_picture(self, picture: Picture | np.ndarray, source: str, label: int | None = None) -> None:
        """Show a picture (crisp, at its own resolution) and read its 28×28 input; an array is an MNIST digit."""
        self.session.player.live()
        if isinstance(picture, Picture):
            self.canvas.load_base(picture.image, label, source, picture.ink, picture.placement)
        else:
            self.canvas.load_base(picture, label=label, source=source)  # its "Reading …" said by _say_picture

    def accept_mime(self, mime, what: str) -> bool:
        """Use a dropped or pasted file (a picture, or a model: ``*.safetensors``) or picture; False when it
        holds neither."""
        if (path := local_file_from_mime(mime)) is not None:
            if path.suffix.lower() == ".safetensors":  # a model: it was read as a picture, "not a readable image"
                self.open_model(path)
            else:
                self.open_image(path)
            return True
        name = f"{what} image"
        # decoded and converted on a worker: on the UI thread an 11,000² picture froze the window for 2 s
        if (data := encoded_image_from_mime(mime)) is not None:
            decode = partial(read_picture_data, data, name)
        elif (image := image_from_mime(mime)) is not None:
            decode = partial(qimage_to_array, image)
        else:
            return False
        self.tasks.run(
            lambda: normalise_picture(decode(), name),
            lambda prepared: self._use_picture(prepared, name),
            lambda err: self.report_error("Could not use the image", str(err)),
        )
        return True

    def paste(self) -> None:
        mime = QGuiApplication.clipboard().mimeData()  # None when no application offers clipboard data
        if mime is None or not self.accept_mime(mime, "pasted"):
            self.report_error("Nothing to paste", "The clipboard holds no image and no image file.")

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if mime_has_picture(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        if self.accept_mime(event.mimeData(), "dropped"):
            event.acceptProposedAction()

    def mnist_fetched(self, test_set: tuple[np.ndarray, np.ndarray]) -> None:
        """MNIST was downloaded (see :class:`MnistOffer`): keep its test digits for Ctrl+R."""
        self._mnist = test_set
        self._update_actions()

    def random_digit(self) -> None:
        """Ctrl+R: a random MNIST test digit with its true label (the test set is loaded once, in the background);
        offers to download MNIST first where it is not on this computer."""
        why = "A random test digit is one of MNIST's 10,000 test digits, shown with its true label."
        if self._mnist is None and not self.mnist_offer.ensure(why, self.random_digit, train=False):
            return
        if self._mnist is not None:
            images, labels = self._mnist
            index = int(self._rng.integers(len(images)))
            self._use_picture(images[index] / np.float32(255), f"MNIST test #{index}", int(labels[index]))
            return
        self.say("Loading the MNIST test set…", PROGRESS_MS)

        def loaded(data: tuple[np.ndarray, np.ndarray]) -> None:
            self._mnist = data
            self.random_digit()

        self.tasks.run(
            lambda: load_mnist(self.data_root, train=False),
            loaded,
            lambda err: self.report_error("Could not load MNIST", _with_remedy(err)),
        )

    # ---- pictures out --------------------------------------------------------------------------------------

    def save_drawing(self, path: str | os.PathLike[str]) -> tuple[Path, Path | None]:
        """Write the drawing (dark on white, 280×280) and, beside it, the 28×28 input (``*-28x28.png``)."""
        path = Path(path)
        if path.suffix.lower() != ".png":
            path = path.with_suffix(path.suffix + ".png") if path.suffix else path.with_suffix(".png")
        small = path.with_name(f"{path.stem}-28x28.png") if self.session.image is not None else None
        theirs = None  # the file dialog asked about PATH only: a NAME-28x28.png that is no 28×28 input is not ours
        if small is not None and small.exists() and QImageReader(str(small)).size() != QSize(ROWS, ROWS):
            theirs, small = small, None
        try:
            save_png(path, drawing_png(self.canvas.render_ink()))
            if small is not None:
                save_png(small, input_png(self.session.image))
        except OSError as err:
            self.report_error("Could not save the drawing", f"{err.filename or path}: {err.strerror or err}")
            raise
        left = f"; {theirs.name} is not a 28×28 input, so it was left as it is" if theirs else ""
        self.say(f"Saved {path.name}" + (f" and {small.name}" if small else "") + left)
        return path, small

    def choose_save_path(self) -> None:
        if self.canvas.is_empty():
            self.say("Nothing to save yet: draw a digit first")
            return
        dialog = QFileDialog(self, "Save drawing", str(Path(self._last_dir()) / "digit.png"), "PNG images (*.png)")
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        # the dialog adds ".png" itself, so it asks before replacing digit.png: typed as "digit", the name it
        # checked did not exist, and save_drawing's own ".png" then overwrote a picture without a word
        dialog.setDefaultSuffix("png")
        path = dialog.selectedFiles()[0] if dialog.exec() and dialog.selectedFiles() else ""
        if path:
            self._remember_dir(path)
            with contextlib.suppress(OSError):  # already reported in a dialog
                self.save_drawing(path)

    # ---- status, settings ----------------------------------------------------------------------------------

    def _update_status(self) -> None:
        self._mark_seed()
        checkpoint = self.session.checkpoint
        if checkpoint is None:
            self.model_label.setText("No model")
        else:
            parts, counted = [model_name(checkpoint.path, suffix=True)], ""
            if self.session.accuracy is not None:
                # a fine-tune is checked on 2,000 digits, training on all 10,000: each number says what it is
                # (the shipped model's bare "99.41%" sat beside "99.40% of 2,000 MNIST digits"); the bar has no
                # room for "(10,000)" at the first size (messages were cut), so that count is in the tooltip
                digits = checkpoint.test_digits or MNIST_TEST_DIGITS
                accuracy = f"MNIST {100 * self.session.accuracy:.2f}%"
                counted = f"{accuracy} ({digits:,})"
                parts.append(counted if digits < MNIST_TEST_DIGITS else accuracy)
            reader = f"{checkpoint.config.cell.upper()} {checkpoint.config.hidden_size}, read with NumPy on the CPU"
            other = self.comparison
            other_name = model_name(other.checkpoint.path) if other and other.checkpoint else None
            compared = [f"vs {other_name} (dashed)"] if other_name is not None else []
            full = "  ·  ".join([*parts, reader, *compared])
            # A narrow window keeps room for messages: the short form, the whole of it in the tooltip. So does a
            # long text (a taught model's name, a comparison), which squeezed the messages to "Comparing wi…";
            # if need be the names are shortened in their middle (eliding the whole text cut the accuracy).
            metrics, room = self.model_label.fontMetrics(), int(STATUS_SHARE * self.width())
            if self.width() >= WIDE_STATUS and metrics.horizontalAdvance(full) <= room:
                self.model_label.setText(full)
            else:
                self.model_label.setText(self._short_status(parts, other_name, room))
            whole = "  ·  ".join([parts[0], counted, reader, *compared]) if counted else full
            if self.model_label.toolTip() != (tip := plain_tip(whole)):  # on every pen movement: only what changed
                self.model_label.setToolTip(tip)
        self.position_label.setText(self.position_text())

    def _short_status(self, parts: list[str], other_name: str | None, room: int) -> str:
        """The model text in ``room`` px: the names of the model in use and the one compared with share what the rest
        leaves, each shortened in its middle, without ".safetensors" if it does not fit. The one in use lost all but
        "mine-20…tensors" beside the other's whole name: the time and id that tell taught models apart went."""
        metrics, least = self.model_label.fontMetrics(), self.model_label.fontMetrics().horizontalAdvance("mine-…ors")
        rest = "".join(f"  ·  {part}" for part in parts[1:])
        names = [parts[0]] if other_name is None else [parts[0], other_name]
        free = max(room - metrics.horizontalAdvance(rest + ("  ·  vs  (dashed)" if other_name else "")), least)
        if metrics.horizontalAdvance("".join(names)) > free:
            names[0] = names[0].removesuffix(".safetensors")
        widths = [metrics.horizontalAdvance(name) for name in names]
        # each name gets an equal share; one shorter than its share leaves the rest of it to the other
        rooms = [max(free // len(names), free - sum(widths) + width) for width in widths]
        middle = Qt.TextElideMode.ElideMiddle
        shown = [metrics.elidedText(name, middle, width) for name, width in zip(names, rooms, strict=True)]
        return shown[0] + rest + (f"  ·  vs {shown[1]} (dashed)" if other_name is not None else "")

    def position_text(self) -> str:
        """The reading mode and row in words, for the status bar."""
        if self.session.checkpoint is None:
            return "No model"
        if self.session.image is None:  # a dot said "Nothing to read" beside the bars' "Too small to be a digit"
            return "Too small to read" if self.session.too_small else "Nothing to read"
        row = f"row {self.session.position}/{ROWS}"
        return {Mode.LIVE: "Live  ·  all rows", Mode.SCAN: f"Scanning  ·  {row}", Mode.STEP: f"Paused  ·  {row}"}[
            self.mode
        ]

    def _update_actions(self) -> None:
        self.actions_.stop_compare.setEnabled(self.comparison is not None)
        self.actions_.compare_seed.setEnabled(SEED_MODEL.is_file())
        random, tip = self.actions_.random, "A random digit from the MNIST test set, with its true label (Ctrl+R)"
        if self._mnist is None and not self.mnist_offer.available(train=False):
            tip += f": it is not in {self.data_root} yet, so it offers to download it first"
        random.setToolTip(plain_tip(tip))

    def _on_busy(self, busy: bool) -> None:
        if busy:
            QGuiApplication.setOverrideCursor(Qt.CursorShape.BusyCursor)
        else:
            QGuiApplication.restoreOverrideCursor()

    def _choose_file(self, title: str, filters: str) -> str:
        """A file to open, asked for in a dialog that starts in the last folder used; "" if none was chosen."""
        path, _ = QFileDialog.getOpenFileName(self, title, self._last_dir(), filters)
        if path:
            self._remember_dir(path)
        return path

    def _last_dir(self) -> str:
        return read_text(self.settings, "files/last_dir", str(Path.home()))

    def _remember_dir(self, path: str) -> None:
        """The folder of a file just chosen: the next file dialog starts there."""
        self._remember_folder(str(Path(path).parent))

    def _remember_folder(self, folder: str) -> None:
        """A folder just chosen (import, export): the next dialog starts in it."""
        self.settings.setValue("files/last_dir", str(folder))
        if self._settings_trouble is None and not self._settings_told:
            self.settings.sync()  # a settings folder that became unwritable since the start is said now
            self._settings_trouble = settings_trouble(self.settings)
            self._tell_settings_trouble()

    def _tell_settings_trouble(self) -> None:
        """Say once, after the message showing now, that the settings cannot be saved, and why."""
        if self._settings_trouble is None or self._settings_told:
            return
        self._settings_told = True
        short, whole = self._settings_trouble
        text = f"Settings cannot be saved: {short}"  # what is lost, in the tooltip: the bar has little room
        tip = f"Settings cannot be saved: {whole}.\nWindow size, docks, brush, scan speed and model are not remembered."
        _, shown, until, _ = self._said
        left_ms = round((until - time.monotonic()) * 1000) if self.statusBar().currentMessage() == shown else 0
        QTimer.singleShot(max(left_ms, 0), lambda: self.say(text, 3 * MESSAGE_MS, tip))

    def _restore_settings(self) -> None:
        geometry = self.settings.value("window/geometry")
        if not (isinstance(geometry, QByteArray | bytes) and self.restoreGeometry(geometry)):
            self.resize(FIRST_SIZE)  # first start (or a geometry Qt cannot use): a size that shows every view
        # never larger than the screen's free area: at 150 % on a 1366×768 laptop the first window was taller
        # than the screen, its status bar below the edge (and so was a size saved on a larger monitor)
        room = screen_room(self)
        if room.isValid() and self.size().boundedTo(room) != self.size():
            self.resize(self.size().boundedTo(room))
        self._onto_a_screen()
        state = self.settings.value("window/state")
        if isinstance(state, QByteArray | bytes):
            self.restoreState(state)
        # a screen shorter than the window's smallest layout (150 % on a 1366×768 laptop: 512 px less a title
        # bar) kept its status bar below the edge whatever the size: "Inside the LSTM" waits for Ctrl+L there,
        # and is back at the next start on a screen with room (the saved layout alone kept it hidden for good)
        moved_for_room = read_text(self.settings, LSTM_HIDDEN_FOR_ROOM_KEY)
        if moved_for_room == "yes":
            self.heatmap_dock.show()
        elif moved_for_room == "floated" and self.heatmap_dock.isFloating():  # it came back where it was, at the
            self.heatmap_dock.setFloating(False)  # other scale's position, half off the window: docked, or hidden below
            self.resizeDocks([self.heatmap_dock], [LSTM_HEIGHT], Qt.Orientation.Vertical)  # not its floating height
        self._lstm_hidden_for_room = (
            room.isValid() and not self.heatmap_dock.isHidden() and self.minimumSizeHint().height() > room.height()
        )
        if self._lstm_hidden_for_room:
            self.heatmap_dock.hide()
        brush = read_number(self.settings, "canvas/brush_width", self.canvas.brush_width, MIN_BRUSH, MAX_BRUSH)
        self.canvas.set_brush_width(brush)
        self.session.player.speed = read_int(self.settings, "scan/rows_per_second", DEFAULT_SPEED, MIN_SPEED, MAX_SPEED)

    def _onto_a_screen(self) -> None:
        """Centre a window that lies mostly off every screen on its own. Qt moves a window saved on a monitor no
        longer there, but lets a damaged geometry through: a hand-edited settings file put the window at
        x = 85,394,206, out of sight (and with 52 of its 547 px on screen at x = 1,348)."""
        area = self.geometry()
        area.setSize(area.size().expandedTo(self.minimumSizeHint()))  # such a geometry can be 0 px wide until shown
        shown = max(
            (area.intersected(screen.availableGeometry()) for screen in QGuiApplication.screens()),
            key=lambda part: part.width() * part.height(),
            default=area,
        )
        if shown.width() * shown.height() * 2 < area.width() * area.height():
            room = self.screen().availableGeometry()
            centre = room.center()  # its title bar never above the top: a window taller than the screen hangs down
            self.move(
                max(room.left(), centre.x() - area.width() // 2), max(room.top(), centre.y() - area.height() // 2)
            )

    def _lstm_shown_or_hidden_by_user(self) -> None:
        self._lstm_hidden_for_room = False  # from now on the saved layout says what the user wants
        dock, room = self.heatmap_dock, screen_room(self)
        if (
            dock.isHidden()
            or dock.isFloating()
            or not room.isValid()
            or self.minimumSizeHint().height() <= room.height()
        ):
            return
        # Ctrl+L on a screen too short for the window with the maps under it (200 % on a 1600×1000 screen) grew the
        # window past the screen's bottom, the status bar and half the maps out of reach: the maps get a window of
        # their own instead, across the bottom of the screen (dragged back onto the window, they dock again)
        free = self.screen().availableGeometry()
        width = min(self.width(), room.width())
        height = min(dock.sizeHint().height(), room.height() // 2)
        left = max(free.left(), min(self.x(), free.right() + 1 - width - FRAME_ROOM.width()))
        dock.setFloating(True)
        self._lstm_floated_for_room = True
        dock.setGeometry(left, free.bottom() + 1 - height - FRAME_ROOM.width() // 2, width, height)
        QTimer.singleShot(0, lambda: self.resize(self.size().boundedTo(room)))  # it grew as the dock appeared

    def save_settings(self) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/state", self.saveState())
        dock = self.heatmap_dock
        hidden_for_room = self._lstm_hidden_for_room and dock.isHidden()
        floated_for_room = self._lstm_floated_for_room and dock.isFloating()
        moved_for_room = "yes" if hidden_for_room else "floated" if floated_for_room else ""
        self.settings.setValue(LSTM_HIDDEN_FOR_ROOM_KEY, moved_for_room)
        self.settings.setValue("canvas/brush_width", self.canvas.brush_width)
        self.settings.setValue("scan/rows_per_second", self.session.player.speed)
        if self._user_model is not None:
            self.settings.setValue("model/path", str(self._user_model))
        self.settings.sync()

    def resizeEvent(self, event: QResizeEvent) -> None:
        self.actions_.fit_toolbars(event.size().width())
        self._update_status()
        QTimer.singleShot(0, self._say_again)  # once the status bar's labels have their new widths
        super().resizeEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._scan_timer.stop()
        self._refresh_timer.stop()
        self.save_settings()
        self.hide()  # gone at once, while a fine-tune or a task is stopped below (a frozen window stayed up)
        for dock in self.findChildren(QDockWidget):  # a dock in a window of its own too: it outlived the window
            if dock.isFloating():
                dock.hide()
        self.teaching.shutdown()
        self.mnist_offer.shutdown()
        self.tasks.cancel_callbacks()  # results arriving after this point would touch a closing window
        self.tasks.wait(10_000)
        super().closeEvent(event)


def _with_remedy(err: BaseException) -> str:
    """An MNIST file that cannot be read, and what to do: only a missing file was ever offered for download, so a
    download cut short left Ctrl+R failing for good with no way out named."""
    if not isinstance(err, DamagedMnistFile):
        return str(err)
    return f"{err}\n\nDelete that file, then press Ctrl+R again: RowReader then offers to download MNIST anew."


def _same_file(a: Checkpoint | None, b: Checkpoint | None) -> bool:
    """Whether two loaded models come from one file (the same model, whatever path named it)."""
    if a is None or b is None or a.path is None or b.path is None:
        return False
    return a.path.resolve() == b.path.resolve()
