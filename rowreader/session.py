"""What the GUI shows, without Qt: the current 28×28 input, the reader's row stream over it and its history.

Widgets never talk to each other; they observe one :class:`DigitSession` (``session.subscribe(callback)``)
and redraw from its state when told what changed. Keeping this Qt-free means the whole behaviour of the app
(what is read, in which order, what the belief was after each row) is testable with plain pytest, and
scripts can drive it the same way the window does.

Events, passed to every callback as a string:

* ``"model"``: a different checkpoint is in use (a ``"rows"`` event follows).
* ``"image"``: the 28×28 input changed, or became empty (a ``"rows"`` event follows).
* ``"rows"``: the whole history was recomputed (new image or model); read ``predictions`` again.
* ``"position"``: the position moved: one event for each row read (scan and step modes), one for any other move
  (a rewind, or a move with nothing to read). While :attr:`DigitSession.reading_on`, a seek reads on past the row
  just told: an observer that shows only the latest row waits for the seek's last event.
* ``"player"``: the reading mode (Live, Scan, Step) or the scan speed of :attr:`DigitSession.player` changed.
"""

from __future__ import annotations

import copy
from collections.abc import Callable
from functools import partial
from typing import Literal

import numpy as np

from rowreader.caller_values import (
    channel_hint,
    flag_refused,
    in_unit_range,
    is_flag,
    lacked_float,
    pixel_array,
    read_only,
)
from rowreader.cells import get_cell
from rowreader.checkpoint import Checkpoint, not_a_model
from rowreader.json_text import shown
from rowreader.model import CLASSES, COLUMNS, ROWS, is_whole
from rowreader.one_change import ChangeGuard, one_change_at_a_time
from rowreader.player import Player, seek_target, step_target
from rowreader.preprocess import Ink, Placement, normalise
from rowreader.stream import UNSURE_BELOW, RowPrediction, RowStream, decided_rows

Event = Literal["model", "image", "rows", "position", "player"]
Callback = Callable[[Event], None]


def _its_guard(session: DigitSession) -> ChangeGuard:
    return session._changes


# One thread at a time changes a session, and that thread may change it again (an observer told of a change seeks):
# not the stream's _one_thread_at_a_time, which refuses any call while a change is under way.
_a_change = one_change_at_a_time(_its_guard)


class DigitSession:
    """One digit being read by one model, row by row; the single source of truth for every view.

    ``position`` is how many rows the stream has read (0…28). New images and models are re-read up to the
    same position, so a view paused at row 12 stays at row 12 while the drawing changes.
    """

    def __init__(self, checkpoint: Checkpoint | None = None) -> None:
        self._callbacks: list[Callback] = []
        self._changes = ChangeGuard()  # rowreader/one_change.py: one thread at a time changes it
        self._checkpoint: Checkpoint | None = None
        self._stream: RowStream | None = None
        self._image: np.ndarray | None = None
        self._label: int | None = None
        self._source = ""
        self._placement: Placement | None = None
        self._too_small = False
        self._position = ROWS
        self._seeking_to = 0  # the row a seek under way reads to (see reading_on)
        self._rows = _RowsRead()  # replaced whole by each change: a read from another thread sees one state
        # Live / Scan / Step and the scan speed; a bound method, not a lambda, so that a copy's player tells the copy
        self.player = Player(self, partial(self._emit, "player"))
        if checkpoint is not None:
            self.set_checkpoint(checkpoint)

    # A copy or a pickle carries the model, the input, the position and the player, not the observers: they watch
    # this session (a window's views). copy.deepcopy copied them and its player told the original's of every change,
    # copy.copy fed the original's stream, and pickle failed on them ("Can't pickle local object").
    def __getstate__(self) -> dict[str, object]:
        with self._changes.change():  # not copied halfway through another thread's change
            return {name: value for name, value in self.__dict__.items() if name not in ("_callbacks", "_changes")}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._callbacks = []
        self._changes = ChangeGuard()  # rowreader/one_change.py: one thread at a time changes it
        self._seeking_to = 0  # a copy made by an observer during a seek is not reading on
        # A copied or unpickled array is writable: the copy's image and history were, where the session's are not.
        if self._image is not None:
            self._image.setflags(write=False)
        self._rows = _RowsRead(tuple(map(_kept, self._rows.predictions)))

    def __copy__(self) -> DigitSession:
        return copy.deepcopy(self)

    def __repr__(self) -> str:
        """The model, the input and where the reading is: the default named only the class and an address."""
        what = f"reading {self._source or 'an input'!r}" if self._image is not None else "no input"
        return f"<DigitSession {self.model_name!r} {what}, {self._position} of {ROWS} rows, {self.player.mode}>"

    # ---- observers -------------------------------------------------------------------------------------

    def subscribe(self, callback: Callback) -> Callable[[], None]:
        """Call ``callback(event)`` after every change; returns a function that unsubscribes it."""
        if not callable(callback):
            raise TypeError(f"callback must be callable, got {callback!r}")
        self._callbacks.append(callback)
        return lambda: self.unsubscribe(callback)

    def unsubscribe(self, callback: Callback) -> None:
        """Stop calling ``callback``; unknown callbacks are ignored, so unsubscribing twice is harmless."""
        if callback in self._callbacks:
            self._callbacks.remove(callback)

    def _emit(self, *events: Event) -> None:
        """Tell every observer of ``events``, in order, once the state they announce is whole: an observer that
        raised on "image" left the session with the new image and the old image's beliefs (a 2 read as 7).

        One that raises keeps no other from being told (the views after it showed the digit before); the first
        error is raised once all are told, with a note of how many more there were."""
        errors: list[Exception] = []
        for event in events:
            # Iterate over a copy: a callback may unsubscribe itself (or others) while being told.
            for callback in list(self._callbacks):
                try:
                    callback(event)
                except Exception as err:  # raised below, once the other observers are told
                    errors.append(err)
        if errors:
            if len(errors) > 1:
                errors[0].add_note(f"{len(errors) - 1} more errors were raised by the session's other observers")
            raise errors[0]

    # ---- the model -------------------------------------------------------------------------------------

    @property
    def checkpoint(self) -> Checkpoint | None:
        """The model reading, or ``None`` before :meth:`set_checkpoint`."""
        return self._checkpoint

    @_a_change
    def set_checkpoint(self, checkpoint: Checkpoint) -> None:
        """Read the current image with a different model, keeping the image and the position."""
        if not isinstance(checkpoint, Checkpoint):  # a path failed as "'str' object has no attribute 'stream'"
            raise not_a_model(checkpoint, "a Checkpoint")
        stream = checkpoint.stream()  # builds the folded weights; fails here, before any state changes
        self._checkpoint, self._stream = checkpoint, stream
        try:
            self._reread()
        except BaseException:  # a Ctrl-C before the reading began kept the model before's beliefs with the new stream
            self._stop_at(self._rows.predictions)  # the new stream has read none of them, so none are kept
            raise
        self._emit("model", "rows")

    @property
    def model_name(self) -> str:
        """The checkpoint's file name (or ``"no model"``), for status bars and window titles."""
        if self._checkpoint is None:
            return "no model"
        return self._checkpoint.path.name if self._checkpoint.path is not None else "unsaved model"

    @property
    def accuracy(self) -> float | None:
        """Test accuracy recorded in the checkpoint, when it has one."""
        return self._checkpoint.accuracy if self._checkpoint is not None else None

    # ---- the input -------------------------------------------------------------------------------------

    @property
    def image(self) -> np.ndarray | None:
        """The 28×28 float32 input in [0, 1] (ink = 1), or ``None`` while there is nothing to read."""
        return self._image

    @property
    def label(self) -> int | None:
        """The true class when the input came with one (an MNIST test digit), else ``None``."""
        return self._label

    @property
    def source(self) -> str:
        """Where the input came from, in words ("drawing", a file name, "MNIST test #123")."""
        return self._source

    @property
    def placement(self) -> Placement | None:
        """Where the input's rows lie on the picture it was made from (``to_mnist``'s crop and scale), if known."""
        return self._placement

    @property
    def too_small(self) -> bool:
        """True when the last drawing held ink, but too little to be a digit (a dot or a speck): nothing is read."""
        return self._too_small

    @_a_change
    def set_image(
        self,
        image: np.ndarray | None,
        label: int | None = None,
        source: str = "",
        placement: Placement | None = None,
        too_small: bool = False,
    ) -> None:
        """Use an already normalised 28×28 image (values in [0, 1], ink = 1) as the input; ``None`` clears it.

        ``placement`` says where the image came from in a picture (see ``rowreader.preprocess.normalise``);
        ``too_small`` marks an empty input as a mark too small to read rather than a blank page.
        """
        if image is not None:  # checked as the stream checks an image, in the same words
            arr = pixel_array(image, "an image", (ROWS, COLUMNS))
            if arr.shape != (ROWS, COLUMNS):
                hint = channel_hint(arr.shape, (ROWS, COLUMNS)) or "; use set_drawing for others"
                raise ValueError(f"expected a {ROWS}×{COLUMNS} image, got {arr.shape}{hint}")
            # a copy of its own: the caller's array stays theirs
            image = np.array(in_unit_range(arr, "an image", held=lacked_float(image)))
            image.setflags(write=False)  # views may hold on to it; nobody may change it under them
        if label is not None and not is_whole(label):
            raise TypeError(f"label must be an integer 0–9 or None, got {shown(label)}")
        if label is not None and not 0 <= label < CLASSES:
            raise ValueError(f"label must be 0–9, got {label}")
        if placement is not None and not isinstance(placement, Placement):
            raise TypeError(f"placement must be a Placement or None, got {placement!r}")
        if not isinstance(source, str):  # None was kept, for the window's title and status bar to show
            raise TypeError(f"source must be text (where the image came from), got {shown(source)}")
        if not is_flag(too_small):  # "no" is a true string: a blank page was called a mark too small
            raise flag_refused("too_small", too_small)
        unchanged = _leading_rows_alike(self._image, image)
        self._image, self._label = image, None if label is None else int(label)
        self._source = str(source) if image is not None else ""  # NumPy's text printed as np.str_('scan')
        self._placement = placement if image is not None else None
        self._too_small = bool(too_small) and image is None
        self._reread(keep=unchanged)
        self._emit("image", "rows")

    @_a_change
    def set_drawing(
        self, drawing: np.ndarray, ink: Ink = "auto", source: str = "drawing", allow_small: bool = False
    ) -> np.ndarray | None:
        """Normalise any picture of a digit with ``to_mnist`` and use it; returns the 28×28 input (or ``None``,
        also for a mark too small to be a digit, unless ``allow_small``). ``ink`` as ``to_mnist`` takes it, with its
        default: ``"dark"`` here read MNIST's own digits, light on dark, as their paper (a 7 as a 0 at 95 %)."""
        result = normalise(drawing, ink=ink, allow_small=allow_small)
        self.set_image(result.image, source=source, placement=result.placement, too_small=result.too_small)
        return result.image

    @_a_change
    def clear(self) -> None:
        """Nothing to read: no image, no predictions."""
        self.set_image(None)

    # ---- reading -----------------------------------------------------------------------------------------

    @property
    def ready(self) -> bool:
        """True when there is both a model and an image, so there are predictions to show."""
        return self._stream is not None and self._image is not None

    @property
    def position(self) -> int:
        """How many rows have been read (0…28); 28 means the whole image."""
        return self._position

    def _reread(self, keep: int = 0) -> None:
        """Read the current image from the top up to the current position (~0.1 ms per row); the caller announces
        the new rows.

        ``keep``: how many top rows are the same as in the image read before, so their states still hold: the
        stream rewinds to them instead of reading them again. A drawing's top rows often survive a pen
        movement (a third of them on average), and re-reading is most of the work of a movement.
        """
        if self.ready:
            assert self._stream is not None and self._image is not None
            kept = self._rows.predictions[: min(keep, self._stream.rows_read)]
            read: list[RowPrediction] = []
            try:
                self._stream.rewind(len(kept))
                for r in range(len(kept), self._position):
                    read.append(_kept(self._stream.feed(self._image[r])))
            except BaseException:
                self._stop_at((*kept, *read))
                raise
            self._rows = _RowsRead((*kept, *read))
        else:
            self._rows = _RowsRead()

    def _stop_at(self, read: tuple[RowPrediction, ...]) -> None:
        """The session made whole at the last row ``read`` of its input, where a read was cut short (Ctrl-C in a
        notebook, a MemoryError): ``set_image(b)`` so cut kept the image before's beliefs beside ``b``, all 28 rows
        of them, and ``set_image(b)`` again kept them as ``b``'s own, without a word. The stream is rewound to agree
        (it may have read a row more); ``seek(28)`` reads on."""
        assert self._stream is not None
        read = read[: self._stream.rows_read]
        self._stream.rewind(len(read))
        self._rows = _RowsRead(read)
        self._position = len(read)

    @_a_change
    def seek(self, rows: int) -> None:
        """Move to the state after ``rows`` rows: rewinds for free, or reads the rows in between in order, a
        "position" event each, :attr:`reading_on` on all but the last; an observer that raises stops the seek at
        its row, the error raised here (docs/the-app.md's scripts)."""
        rows = seek_target(rows)
        if rows == self._position:
            return
        if not self.ready:
            self._position = rows
            self._emit("position")
            return
        assert self._stream is not None and self._image is not None
        if rows < self._position:
            try:
                self._stream.rewind(rows)
                self._position = rows
                self._rows = _RowsRead(self._rows.predictions[:rows])
            except BaseException:  # a Ctrl-C just after the rewind left the stream at 0 and the session at 28, and
                self._stop_at(self._rows.predictions)  # every later seek back said "can rewind to 0…0 rows, not 3"
                raise
            self._emit("position")
            return
        before, self._seeking_to = self._seeking_to, rows
        try:
            while self._position < rows:  # one event per row, so observers see every row arrive in order
                self.feed_next()
        finally:
            self._seeking_to = before  # an observer's own seek, told of a row, leaves the seek it was told by

    @property
    def reading_on(self) -> bool:
        """True while a seek reads rows past the one just told (its "position" events but the last): a view that
        shows the latest row waits for the last. Each view refreshed on every row a seek read, 28 times for End after
        Home, though only the last was ever painted: two-thirds of a seek's time."""
        return self._seeking_to > self._position

    @_a_change
    def feed_next(self) -> RowPrediction | None:
        """Read one more row (scan mode's tick); ``None`` when all rows have been read."""
        if self._position >= ROWS:
            return None
        if not self.ready:
            self._position += 1
            self._emit("position")
            return None
        assert self._stream is not None and self._image is not None
        try:
            prediction = _kept(self._stream.feed(self._image[self._position]))
            self._rows = _RowsRead((*self._rows.predictions, prediction))
            self._position += 1
        except BaseException:  # cut short after the stream read its row: it is rewound to the rows kept
            self._stop_at(self._rows.predictions)
            raise
        self._emit("position")
        return prediction

    @_a_change
    def step(self, delta: int) -> int:
        """Move ``delta`` rows forward (positive) or back (negative), clamped to 0…28; returns the new position."""
        self.seek(step_target(self._position, delta))
        return self._position

    # ---- what has been read --------------------------------------------------------------------------------

    @property
    def predictions(self) -> list[RowPrediction]:
        """The prediction after each row read so far, oldest first (empty without a model or an image)."""
        return list(self._rows.predictions)

    @property
    def current(self) -> RowPrediction | None:
        """The belief after the last row read, if any."""
        predictions = self._rows.predictions
        return predictions[-1] if predictions else None

    @property
    def probabilities(self) -> np.ndarray:
        """``[rows_read, 10]`` class probabilities after each row read (read-only)."""
        rows = self._rows
        if not rows.predictions:
            return np.zeros((0, CLASSES), np.float32)
        return rows.stacked("probs")

    @property
    def hidden_states(self) -> np.ndarray:
        """``[rows_read, layers × hidden]`` hidden state h after each row (layers side by side; read-only)."""
        return self._states("hidden")

    @property
    def cell_states(self) -> np.ndarray:
        """``[rows_read, layers × hidden]`` LSTM cell state c after each row (layers side by side; read-only);
        ``[rows_read, 0]`` for a cell that carries none (a GRU), before any row is read as after."""
        return self._states("cell")

    @property
    def has_cell_state(self) -> bool:
        """Whether the model's cell carries a cell state c beside h (an LSTM does, a GRU does not)."""
        return self._checkpoint is not None and get_cell(self._checkpoint.config.cell).has_memory

    def _states(self, name: Literal["hidden", "cell"]) -> np.ndarray:
        rows = self._rows
        if not rows.predictions:
            if self._checkpoint is None:
                return np.zeros((0, 0), np.float32)
            # As wide as the rows' states will be: a GRU's cell state was layers × hidden wide here, and 0 once read.
            config = self._checkpoint.config
            width = config.hidden_size if name == "hidden" else get_cell(config.cell).memory_size(config.hidden_size)
            return np.zeros((0, config.layers * width), np.float32)
        return rows.stacked(name)

    @property
    def unsure(self) -> bool:
        """True when every row has been read and the final top probability is under :data:`UNSURE_BELOW`."""
        predictions = self._rows.predictions  # its length is the position: one state, whatever another thread does
        return len(predictions) == ROWS and predictions[-1].probability < UNSURE_BELOW

    @property
    def decided_at(self) -> int | None:
        """The first row (1-based) from which the latest answer holds at least :data:`UNSURE_BELOW` of the belief
        through the last row read; ``None`` while it holds less (:func:`rowreader.stream.decided_at`)."""
        probabilities = self.probabilities  # the model's own beliefs: not checked again on every row read
        return int(decided_rows(probabilities, UNSURE_BELOW)) or None if len(probabilities) else None


class _RowsRead:
    """The predictions after each row a session has read, and the arrays stacked from them for its views.

    Never changed once made: a change makes a new one and swaps it in whole. A thread pool reading ``probabilities``
    while the UI thread re-read a drawing got the history cut to the rows kept (none at position 28), and a stack
    built from the old rows could be cached after the change had cleared the cache, shown until the next change.
    """

    def __init__(self, predictions: tuple[RowPrediction, ...] = ()) -> None:
        self.predictions = predictions
        self._stacked: dict[str, np.ndarray] = {}

    def stacked(self, name: Literal["probs", "hidden", "cell"]) -> np.ndarray:
        """``[rows, …]`` of every prediction's ``name`` (states flattened), built once and shared read-only."""
        if name not in self._stacked:
            array = np.stack([getattr(p, name).reshape(-1) for p in self.predictions])
            array.setflags(write=False)
            self._stacked.setdefault(name, array)  # two threads building at once share the first
        return self._stacked[name]


def _kept(prediction: RowPrediction) -> RowPrediction:
    """``prediction`` (the stream's snapshot, the session's own now) made read-only: every view reads the session's
    history, and ``p = session.current.probs; p /= p.max()`` (a plot's scaling) wrote into it without a word."""
    read_only(prediction.probs, prediction.hidden, prediction.cell)
    return prediction


def _leading_rows_alike(old: np.ndarray | None, new: np.ndarray | None) -> int:
    """How many top rows two 28×28 inputs share exactly (0 if either is missing)."""
    if old is None or new is None:
        return 0
    differs = np.flatnonzero((old != new).any(axis=1))
    return int(differs[0]) if differs.size else ROWS
