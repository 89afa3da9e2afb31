"""Which model reads: the one asked for at start, the last one used, or the shipped one; later, one opened."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from gui.file_dialogs import CHECKPOINT_FILES
from gui.latest_request import LatestRequest
from gui.model_names import same_file
from gui.opened_models import Stamp, changed_since_read, stamp_of
from gui.settings import read_path, write_path
from gui.status_line import MESSAGE_MS
from gui.workers import PROGRESS_MS
from rowreader.checkpoint import (
    SEED_NAME,
    Checkpoint,
    load_checkpoint,
    load_pretrained,
    pretrained_path,
    without_remedy,
)
from rowreader.output import one_line
from rowreader.paths import broken_link, what_is_there
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.main_window import MainWindow

# the model the user chose last, opened at the next start: a model of the user's by its whole path, the seed model
# by its name alone (SEED_NAME: a name with no folder, which no whole path is), the shipped one by none, so that the
# next start reads those of the installation it starts from
MODEL_KEY = "model/path"
SEED_MODEL = pretrained_path().with_name(SEED_NAME)  # trained with `--preset seed`, for comparison
# what to do when the model that came with RowReader does not load: the error named a file deep in the package,
# "not a readable safetensors file", and nothing said that it was the shipped model or how to get it back
SHIPPED_DAMAGED = (
    "This is the model that comes with RowReader, damaged. Reinstall RowReader to get it back (in a git clone: "
    "git checkout rowreader/pretrained); meanwhile, Ctrl+M opens another model."
)


def load_for_reading(path: Path | None) -> Checkpoint:
    """The checkpoint at ``path`` (the shipped one where None), its weights folded for a stream here, off the
    window's thread: ``load_checkpoint`` folds them only where its bound cannot vouch for them, and the session then
    folded them on the window's thread, 2.6 s for a 200 MB model. The checkpoint keeps them for its streams."""
    checkpoint = load_pretrained() if path is None else load_checkpoint(path)
    checkpoint.stream()
    return checkpoint


def reads_the_model_asked_for(window: MainWindow, asked: str | os.PathLike[str] | None) -> bool:
    """Whether ``window`` reads ``asked`` (the shipped model where None). A model that does not load, the window
    replaces with the shipped one, as a person wants; a script picturing or timing a model must not take that for
    it: `gui.screenshot` pictured, and `bench_gui_latency.py` timed, the shipped model for the one asked, status 0."""
    loaded = window.session.checkpoint
    if loaded is None:
        return False
    return asked is None or same_file(loaded.path, Path(asked))


def why_not_read(window: MainWindow) -> str:
    """Why the model asked for is not read, in one line: the window's last error without what the window did
    instead ("Reading with the shipped model."), which a script that stops there does not do."""
    return one_line(window.last_error[1].split("\n\n")[0]) if window.last_error else "no reason was given"


def _why_not_used(remembered: str) -> str:
    """Why the model the settings remember, ``remembered``, was not read at the start, in words to follow its name.
    A path not from ``/`` (hand-written: the app writes whole ones) was read from the folder the app was started in,
    so one settings file opened another model, or none, by where `python -m gui` ran: it is not read, and said so
    whole, as written, with what to write instead."""
    if not os.path.isabs(remembered):
        return _no_such_user(remembered) or "is not a whole path (write it from / or ~/)"
    # a folder, a named pipe or a device by its name (hand-edited settings) was "is gone", though there; so was a
    # link that loops (lexists: exists follows it); a broken link says where it leads, as a model opened by it is
    # told: "is a broken link, not a model file" named no drive (a stick not plugged in)
    kind = what_is_there(remembered)
    if kind == "a broken link":
        return readable(str(broken_link(remembered)).removeprefix("it "))
    return f"is {kind}, not a model file" if os.path.lexists(remembered) else "is gone"


def _no_such_user(remembered: str) -> str | None:
    """Why ``remembered``, written ``~NAME/…`` for a NAME no user of this computer has, is not read, or None: it
    was "is not a whole path (write it from / or ~/)", though written from a home, as a shell writes one."""
    user = remembered[1:].split("/", 1)[0]
    if not remembered.startswith("~") or not user or os.path.expanduser(remembered) != remembered:
        return None
    return f"names the home of {user}, and no user {user} is on this computer (write it from / or ~/)"


class ModelLoading:
    """Loads models in the background, keeps the current one on failure; ``window.models`` holds the instance."""

    def __init__(self, window: MainWindow) -> None:
        self._window = window
        self.user_model: Path | None = None  # a model the user chose, remembered for the next start
        self._asked = LatestRequest()  # the model asked for last reads, not a slower one asked for before it
        # a model asked for and still being read: a teach ending meanwhile waits for it (TeachCommand._taught)
        self.loading = False
        self.load_task: int | None = (
            None  # the TaskRunner id of the last load started: a stop at the start waits for it
        )
        # the model read last, and its file as it was just before it was read
        self.read_as: tuple[Path | None, Stamp | None] = (None, None)

    def load_initial(self, checkpoint: str | os.PathLike[str] | None) -> None:
        """The model given on the command line, else the last one used, else the shipped one."""
        window = self._window
        if checkpoint is not None:
            path = Path(checkpoint)
            self._start(path, quiet=False, fallback=True)
            return
        remembered = read_path(window.settings, MODEL_KEY)
        if remembered == SEED_NAME:  # the seed model, remembered by its name (see save): this installation's
            remembered = str(SEED_MODEL)
        # os.path.isfile, not Path.is_file: a hand-edited name too long for the file system (ENAMETOOLONG) or in a
        # folder that cannot be searched (EACCES) raised, and the app did not start
        if remembered and os.path.isabs(remembered) and os.path.isfile(remembered):
            path = Path(remembered)
            changed = changed_since_read(window.settings, Path(os.path.abspath(path)))
            self._start(path, quiet=True, changed=changed)
            return
        if remembered:  # deleted or moved since, or not a whole path: the shipped model came back without a word
            window.settings.remove(MODEL_KEY)
        if pretrained_path().is_file():
            self._start(None, quiet=False, instead_of=remembered or None)
        else:
            window.say("No model is shipped in this installation: open one with Ctrl+M", PROGRESS_MS)
            window.status.tell_settings_trouble()

    def open(self, path: str | os.PathLike[str], quiet: bool = False, aloud: bool = True) -> None:
        """Load a checkpoint in the background; on failure an error dialog says why and the current model stays.
        ``aloud``: "Now reading with …" is announced as well as shown (not where the asker has said it)."""
        path = Path(path)
        self._start(path, quiet, aloud=aloud)

    def choose(self) -> None:
        if path := self._window.files.choose("Open model", CHECKPOINT_FILES):
            self.open(path)

    def save(self) -> None:
        """Remember the model the user chose for the next start, as it is opened (never at close: see
        ``MainWindow.save_settings``)."""
        if self.user_model is None:
            return
        if same_file(self.user_model, pretrained_path()):
            # the shipped model by no path, so the next start reads the one it ships: its path tied the settings to
            # this installation, and a new clone or venv read the old one's model (or said "is gone" once it was)
            self._window.settings.remove(MODEL_KEY)
        elif same_file(self.user_model, SEED_MODEL):
            self._window.settings.setValue(MODEL_KEY, SEED_NAME)  # the seed model shipped beside it: by its name
        else:  # by its whole path: `--checkpoint runs/m.safetensors` is read from anywhere
            write_path(self._window.settings, MODEL_KEY, os.path.abspath(self.user_model))

    def _start(
        self,
        path: Path | None,
        quiet: bool,
        instead_of: str | None = None,
        fallback: bool = False,
        aloud: bool = True,
        changed: bool = False,
    ) -> None:
        """Read ``path`` (the shipped model where None) on a worker. ``quiet``: the model of the last session, at
        start-up, which falls back to the shipped one if it no longer loads; ``instead_of`` names a model of the last
        session that is gone (or is no file), for the message; ``fallback``: the model given on the command line,
        which falls back to the shipped one too (the window stayed without a model, every view empty, until one was
        opened with Ctrl+M); ``changed``: the model of the last session, written over since it was last read (a
        training run's next epoch), said so as it reads."""
        window, ticket = self._window, self._asked.ask()
        self.loading = True
        # readable: a raw "a\nb.safetensors" put the message on two lines, as "The last model used, …" below
        window.say(f"Loading model {readable(path.name) if path else '(shipped)'}…", PROGRESS_MS)

        def done(read: tuple[Stamp | None, Checkpoint]) -> None:
            if not self._asked.is_latest(ticket):
                return
            self.loading = False
            left = window.session.checkpoint
            stamp, checkpoint = read
            self.read_as = path, stamp  # for the Models menu, as the model is put in use below
            window.session.set_checkpoint(checkpoint)
            self.user_model = path
            self.save()  # now: written only at exit, a crash after a teach left the next start on the model before
            window.settings.sync()
            if instead_of is not None:
                # a U+202E in it turned the rest of the line around; a path of no name ("/") was "used, , is"
                # a path not from / is named as written, "runs/m.safetensors", its folder the trouble
                name = readable((Path(instead_of).name if os.path.isabs(instead_of) else "") or instead_of)
                what = _why_not_used(instead_of)
                window.say(f"The last model used, {name}, {what}: reading with {window.model_in_use}", 3 * MESSAGE_MS)
            elif changed:  # read without a word, as if it were the model the user had left
                name = readable(path.name) if path else ""
                window.say(f"The last model used, {name}, changed since it was last read: reading it as it is now")
            else:
                window.status.say(f"Now reading with {window.model_in_use}", aloud=aloud)
            window.comparing.not_with_itself(left)
            window.status.tell_settings_trouble()

        def failed(error: BaseException) -> None:
            # the path as one line: `--checkpoint $'new\nline.safetensors'` was shown "/tmp/new", then on a line of
            # its own "line.safetensors: not a readable safetensors file", as if it named another file
            err = readable(str(error))
            if not self._asked.is_latest(ticket):  # another model was asked for since: that one reads, no fallback
                window.report_error("Could not open the model", err)
                return
            self.loading = False  # and again below, where the shipped one is read instead
            if quiet:  # a remembered model that no longer loads: the shipped one, saying why (it came back silently)
                window.settings.remove(MODEL_KEY)
                self.load_initial(None)
                instead = "Reading with the shipped model." if pretrained_path().is_file() else "Open one with Ctrl+M."
                window.report_error("Could not open the last model used", f"{err}\n\n{instead}")
                return
            if fallback and pretrained_path().is_file():
                self._start(None, quiet=False)
                window.report_error("Could not open the model", f"{err}\n\nReading with the shipped model.")
                return
            if path is None:  # its own remedy alone: "copy it again whole from where it came" sent one searching
                window.report_error("Could not open the shipped model", f"{without_remedy(err)}\n\n{SHIPPED_DAMAGED}")
            else:
                window.report_error("Could not open the model", err)
            window.status.tell_settings_trouble()

        # its file looked at just before it is read: after, a training run's next epoch written to its name
        # meanwhile was taken for the model read, and the Models menu never said it had changed
        self.load_task = window.tasks.run(
            lambda: (stamp_of(path) if path else None, load_for_reading(path)), done, failed
        )
