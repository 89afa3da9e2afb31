"""The last teach's two models, the one taught from and the taught one, as its dialog offers them: Switch back (and
forth), Compare both, and the dialog following a switch made in the Models menu. Each file's SHA-256 is noted, so
a file replaced by another model meanwhile is said so, not read as if it were the same.

A part of :class:`gui.teaching.Teaching`, whose ``__init__`` makes what it uses (declared at the top of
:class:`TeachSwitch`).
"""

from __future__ import annotations

import contextlib
import os
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer

from gui.screen_room import off_the_reading
from gui.teach_command import LOADING_POLL_MS
from rowreader.paths import file_sha256

if TYPE_CHECKING:
    from gui.main_window import MainWindow
    from gui.teach import TeachDialog

REPLACED = "was replaced (its file holds another model now)"  # said of one of the last teach's two models


class TeachSwitch:
    """The teach dialog's two models: switched between, compared, each file checked to be the same."""

    # What it uses of the Teaching it is a part of, all made in Teaching.__init__ (one place makes them; the parts
    # share them; tests/test_robust_thirtieth_structure.py keeps this list whole):
    window: MainWindow
    # TeachCommand's: the last teach's dialog and two models
    dialog: TeachDialog | None
    previous_model: Path | None
    taught_model: Path | None
    pair_sha: dict[Path, str]
    _digests: dict[tuple[int, ...], str]  # changed here alone

    def _other_model(self) -> Path | None:
        """Of the last teach's two models (before and taught), the one the dialog says is not in use."""
        if self.previous_model is None or self.taught_model is None or self.dialog is None:
            return None
        return self.previous_model if self.dialog.showing_taught else self.taught_model

    def _keep_digest(self, model: Path) -> None:
        """The SHA-256 of one of the teach's two models' files: the one taught from as the teach starts (found the
        model in use), the taught one as it ends. Switch back reads the file again: one replaced by another network
        meanwhile was read as it then was, the dialog saying "Now reading with opened.safetensors again, as before
        teaching" beside an LSTM 32 that read MNIST at 10 %."""
        with contextlib.suppress(OSError):  # gone (deleted while it was taught: said so)
            digest = self._digest(model)
            self.pair_sha[Path(os.path.abspath(model))] = self.pair_sha[model.resolve()] = digest

    def _digest(self, model: Path) -> str:
        """``file_sha256(model)``, hashed once per file as it is on disk (its device, inode, size, modification and
        change times): every switch of model with the teach dialog open hashed its file again on the window's
        thread, 0.5 s for a 200 MB model and 2.2 s for 1.1 GB. A file written or replaced since changes its stat
        (an atomic save is a new inode; a write moves the change time, which no program can set back), so is hashed
        anew. The background (Ctrl+T, a teach's end) hashes what the window's thread then finds here."""
        info = os.stat(model)
        key = (info.st_dev, info.st_ino, info.st_size, info.st_mtime_ns, info.st_ctime_ns)
        if (digest := self._digests.get(key)) is None:
            digest = self._digests[key] = file_sha256(model)
        return digest

    def _noted_digest(self, model: Path) -> str | None:
        """The digest :meth:`_keep_digest` noted for ``model``: by its name as given, then by the file it names (one
        model reached by two names is one model). By the file alone, a link pointed at another model meanwhile
        (``current.safetensors`` → a newer one) was a file never noted, and read "as before teaching"."""
        return self.pair_sha.get(Path(os.path.abspath(model))) or self.pair_sha.get(model.resolve())

    def _replaced(self, model: Path) -> bool:
        """Whether ``model``, one of the last teach's two, holds another model than :meth:`_keep_digest` noted."""
        with contextlib.suppress(OSError):  # unreadable now: opening it says why
            kept = self._noted_digest(model)
            return kept is not None and self._digest(model) != kept
        return False

    def _still_there(self, model: Path) -> bool:
        """Whether ``model``'s file is still there, holding that model; if not, the dialog says so and stops
        offering it (deleted or moved since, it was an error box; replaced, it was read as if it were the same)."""
        if model.is_file() and not self._replaced(model):
            return True
        if self.dialog is not None:
            what = REPLACED if model.is_file() else "is gone (deleted or moved)"
            name, current = self.window.model_named(model, suffix=True, in_text=True), self.window.model_in_use
            self.dialog.lost(name, model == self.taught_model, f"{what}: still reading with {current}")
        return False

    def switch_back(self) -> None:
        """The dialog's switch button: back to the model used before teaching, and pressed again, forth to the
        taught one (the dialog had gone on saying "now reading with" the taught model after switching back).
        The dialog follows once the model is in use (``_follow_model``), and a comparison in the window."""
        if (other := self._other_model()) is not None and self._still_there(other):
            self.window.open_model(other)

    def compare_both(self) -> None:
        """The dialog's "Compare both": the model not in use reads beside the one in use, dashed in the chart,
        so the same drawing shows row by row how teaching changed the belief. Pressed while a model is still read (the
        taught one, as the teach ends: seconds for 200 MB), once it is in use: the model taught from, loaded first,
        was refused as "the model in use", and nothing was compared."""
        if self.window.models.loading and not self.window.tasks.stopping.is_set():
            QTimer.singleShot(LOADING_POLL_MS, self.window, self.compare_both)
            return
        if (other := self._other_model()) is not None and self._still_there(other):
            self.window.compare_with(other)
            # in sight: at 200 % on 1280×720 the chart, where it shows dashed, lay a scroll below the drawing
            self.window.views_area.ensureWidgetVisible(self.window.timeline, 0, 0)
            # not behind the dialog: off the bars and the chart, or, with no room for that (200 % on 1280×720, the
            # whole window under it), closed, as Close would; the status bar says the comparison
            if self.dialog is not None and not off_the_reading(self.dialog):
                self.dialog.close()

    def _on_session(self, event: str) -> None:
        checkpoint = self.window.session.checkpoint
        if event == "model" and checkpoint is not None and checkpoint.path is not None:
            self._follow_model(checkpoint.path)

    def _follow_model(self, path: Path) -> None:
        """The teach dialog says which of its two models is in use, however the model was switched: its button
        or the Models menu (which left the dialog saying "now reading with" a model no longer in use). A
        comparison follows in the window (``Comparing.not_with_itself``)."""
        if self.dialog is None or self.taught_model is None or self.previous_model is None:
            return
        taught = path.resolve() == self.taught_model.resolve()
        if not taught and path.resolve() != self.previous_model.resolve():
            # a third model chosen in the Models menu: the dialog went on saying "Now reading with" one of its two
            self.dialog.elsewhere(self.window.model_named(path, suffix=True, in_text=True))
        elif self._replaced(path):  # chosen in the Models menu: the window reads what its file holds now
            self.dialog.lost(
                self.window.model_named(path, suffix=True, in_text=True),
                taught,
                f"{REPLACED}, and the window reads that",
            )
        elif taught != self.dialog.showing_taught or self.dialog.reading_another:
            self.dialog.switched(self.window.model_named(path, suffix=True, in_text=True), taught)
