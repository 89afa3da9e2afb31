"""A second model reading the same input as the first ("Compare with…"), drawn dashed in the belief chart."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gui.file_dialogs import CHECKPOINT_FILES
from gui.latest_request import LatestRequest
from gui.model_loading import SEED_MODEL, load_for_reading
from gui.model_names import same_file
from gui.opened_models import Stamp, stamp_of
from gui.timeline import Comparison
from gui.workers import PROGRESS_MS
from rowreader.checkpoint import Checkpoint
from rowreader.readable import readable
from rowreader.session import DigitSession

if TYPE_CHECKING:
    from gui.main_window import MainWindow


class Comparing:
    """Loads, follows and drops the model compared with; ``window.comparing`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.other: DigitSession | None = None  # the second model's session, None while nothing is compared
        self._asked = LatestRequest()  # the model asked for last is compared with, not a slower one before it
        # its file as it was just before it was read, where known: the Models menu says when it is no longer so
        self.read_as: Stamp | None = None

    def follow(self) -> None:
        """Let the comparison read what the main session reads, up to the same row, and show it dashed."""
        other, session = self.other, self._window.session
        if other is None:
            return
        if other.image is not session.image:
            other.set_image(session.image, placement=session.placement)
        other.seek(session.position)
        name = self._window.model_named(other.checkpoint.path if other.checkpoint else None)
        self._window.timeline.set_comparison(Comparison(name, other.probabilities, other.decided_at))

    def compare_with(self, path: str | os.PathLike[str]) -> None:
        """Load a second model in the background; it reads every input alongside the first, dashed in the chart."""
        path, window, ticket = Path(path), self._window, self._asked.ask()
        # named as the Models menu names it: two opened ``runs/rowreader.safetensors`` were both "rowreader.safetensors"
        window.say(f"Loading {window.model_named(path, suffix=True, in_text=True)} to compare…", PROGRESS_MS)
        window.tasks.run(
            lambda: (stamp_of(path), load_for_reading(path)),
            lambda read: self._start_if_latest(ticket, *read),
            lambda err: window.report_error("Could not open the model to compare", readable(str(err))),
        )

    def start(self, checkpoint: Checkpoint, read_as: Stamp | None = None) -> None:
        """Compare with a model already loaded (not the one in use), its file then ``read_as`` where known."""
        window = self._window
        if same_model(checkpoint, window.session.checkpoint):
            # the seed model in use, then "Compare with the seed model" (or the same file chosen): its dashed
            # lines lay hidden under its own solid ones, and the read-out gave every value twice
            named = window.model_named(checkpoint.path, suffix=True)
            window.say(f"{named} is the model in use: choose another to compare with it")
            return
        self.other, self.read_as = DigitSession(checkpoint), read_as
        self.follow()
        self._changed()
        window.say(f"Comparing with {window.model_named(checkpoint.path, in_text=True)} (dashed)")

    def _start_if_latest(self, ticket: int, read_as: Stamp | None, checkpoint: Checkpoint) -> None:
        if self._asked.is_latest(ticket):
            self.start(checkpoint, read_as)

    def not_with_itself(self, left: Checkpoint | None) -> None:
        """Switching to the model that was being compared with would compare it with itself: the model just left
        reads beside it instead, so switching back and forth keeps the pair in view (without one, comparing ends)."""
        other, now = self.other, self._window.session.checkpoint
        if other is None or not same_model(other.checkpoint, now):
            return
        if left is None:
            self.stop()
        else:
            self.start(left)

    def choose(self) -> None:
        if path := self._window.files.choose("Compare with", CHECKPOINT_FILES):
            self.compare_with(path)

    def compare_with_seed(self) -> None:
        self.compare_with(SEED_MODEL)
        self._mark_seed()  # a click checked it at once: only once the seed model reads beside (or again if it did)

    def stop(self) -> None:
        self._asked.supersede()  # a model still loading to compare is not wanted either
        self.other = None
        self._window.timeline.set_comparison(None)
        self._changed()

    def _changed(self) -> None:
        """The menus and the status bar after a comparison started or stopped."""
        self._window.actions_.stop_compare.setEnabled(self.other is not None)
        self._mark_seed()
        self._window.status.update()

    def _mark_seed(self) -> None:
        """Compare with the seed model is checked while the seed model is the one compared with, as Models ›
        Compare with marks its models (it stayed unmarked there, in a list where the model compared is marked)."""
        other = self.other.checkpoint if self.other is not None else None
        seed = other is not None and same_file(other.path, SEED_MODEL)
        self._window.actions_.compare_seed.setChecked(seed)


def same_model(a: Checkpoint | None, b: Checkpoint | None) -> bool:
    """Whether two loaded models come from one file (:func:`gui.model_names.same_file`)."""
    return a is not None and b is not None and same_file(a.path, b.path)
