"""Where the user's examples and taught models live, and moving them there from where an older version kept them.

That folder was Qt's ``AppDataLocation``, "organisation, then application", both "RowReader": the examples lived in
``~/.local/share/RowReader/RowReader/examples``, a folder inside a folder of the same name, which a user looking
for them (or the README) had to explain. It is ``GenericDataLocation``/RowReader now, one RowReader, and an older
version's examples and models move there once (:func:`move_old_data`).
"""

from __future__ import annotations

import contextlib
import errno
import os
import re
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QStandardPaths
from PySide6.QtWidgets import QMessageBox

from gui.file_dialogs import LAST_DIR_KEY
from gui.model_loading import MODEL_KEY
from gui.qt_folders import folder, not_named
from gui.screen_room import plain_box, say_at_start
from gui.settings import read_path, read_text, write_path
from gui.taught_models import MODELS_FOLDER
from rowreader.atomic import LockHeld, drop_lock, lock_path, take_lock
from rowreader.readable import readable

if TYPE_CHECKING:
    from gui.main_window import MainWindow

EXAMPLES_FOLDER = "examples"
USER_FOLDER = "RowReader"
MOVED = (EXAMPLES_FOLDER, MODELS_FOLDER)  # what the app writes there; anything else in the old folder is not ours
# settings: what was last said of an old folder left where it is; said again only when that changes (a read-only
# disk said it at every start)
OLD_FOLDER_SAID_KEY = "examples/old_folder_said"
# settings: "Your examples have a new folder", kept until its box is closed (the move itself is done, said once)
MOVED_UNSAID_KEY = "examples/moved_unsaid"
_WHAT = {EXAMPLES_FOLDER: "examples", MODELS_FOLDER: "taught models"}  # what a move names, in MOVED's order
_MOVED_TO = "moved to the folder where RowReader keeps them now:"
_WERE_IN = "They were in:"
# the words of one move, as the app keeps them: each path one line, no longer than Linux's longest (PATH_MAX)
_PATH_LINE = r"[^\n]{1,4096}"
_ONE_MOVE = (
    rf"Your (?:{'|'.join(_WHAT.values())}|{' and '.join(_WHAT.values())}) {re.escape(_MOVED_TO)}\n{_PATH_LINE}"
    rf"\n\n{re.escape(_WERE_IN)}\n{_PATH_LINE}"
)
_SAYING = ".moves being said"  # beside the examples: ``<this>.lock`` is held by the window whose box says the moves
_KEPT_MOVES = re.compile(rf"{_ONE_MOVE}(?:\n\n{_ONE_MOVE}){{0,3}}")  # four moves unsaid, an older version run between


def user_data_dir() -> Path:
    """``~/.local/share/RowReader`` on Linux (``$XDG_DATA_HOME/RowReader``), ``~/Library/Application
    Support/RowReader`` on macOS, ``%LOCALAPPDATA%\\RowReader`` on Windows; in the home itself where its name is
    not UTF-8 (:mod:`gui.qt_folders`)."""
    return folder(QStandardPaths.StandardLocation.GenericDataLocation) / USER_FOLDER


def old_user_data_dir() -> Path:
    """Where versions before 1 Dec 2026 kept the examples and taught models (organisation, then application). In a
    home whose name is not UTF-8, where the app kept them until the forty-second round: in the folder Qt names
    (U+FFFD for each odd byte, beside the home), which that round no longer looked in, their examples unseen."""
    data = QStandardPaths.StandardLocation.GenericDataLocation
    if not_named(data) is not None:
        return Path(QStandardPaths.writableLocation(data)) / USER_FOLDER
    return Path(QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation))


def move_old_data(old: Path, new: Path) -> tuple[list[str], list[str]]:
    """Move ``old/examples`` and ``old/models`` to ``new``, each by one rename (atomic: a folder is wholly in one
    place or the other, whatever stops the app), and remove ``old`` if that leaves it empty.

    Nothing is ever overwritten or merged: where ``new`` already has that folder (examples kept since, by this
    version), or the rename fails (another disk, a read-only folder), the old one stays where it is, and the
    second list says so and what to do. Returns (what was moved, what was left), in sentences."""
    moved: list[str] = []
    left: list[str] = []
    if old == new or not old.is_dir():
        return moved, left
    for name in MOVED:
        source, target = old / name, new / name
        if not os.path.lexists(source):
            continue
        with contextlib.suppress(OSError):  # an empty folder there holds nothing to keep: the old one takes its place
            if target.is_dir() and not target.is_symlink() and not any(target.iterdir()):
                target.rmdir()
        if os.path.lexists(target):
            if not os.path.lexists(source):  # a second window starting at once: the first one moved it meanwhile
                continue
            how = "Open model (Ctrl+M) opens them."
            if name == EXAMPLES_FOLDER:
                how = "Import… (My examples) copies them in."
            left.append(
                f"{readable(str(source))} was left where it is: {readable(str(target))} is there too, and they are "
                f"not merged. {how}"
            )
            continue
        try:
            new.mkdir(parents=True, exist_ok=True)
            os.rename(source, target)  # one made at target meanwhile (another window) is replaced only if empty
        except FileNotFoundError:
            continue  # moved by another window starting at the same time
        except OSError as err:
            why = "it is on another disk" if err.errno == errno.EXDEV else (err.strerror or str(err))
            how = "RowReader uses it where it is" if name == EXAMPLES_FOLDER else "Open model (Ctrl+M) opens them there"
            left.append(f"{readable(str(source))} could not be moved to {readable(str(target))} ({why}): {how}.")
            break  # what is left stays together: the examples stuck, their models stay beside them
        moved.append(name)
    if moved:
        _remove_emptied(old)
    return moved, left


def _remove_emptied(old: Path) -> None:
    """``old`` removed if it is empty, and above it the folders Qt made for it where a home's name is not UTF-8
    (``/home/ren\ufffd/.local/share``: U+FFFD for each odd byte, beside the home): they were left behind, empty, a
    second home-like folder beside the person's. Each goes only if it is empty and this user's, and none above a
    folder kept (an older version's settings in its ``.config``), nor above the branch U+FFFD names."""
    folder = old
    while True:
        try:
            if hasattr(os, "getuid") and folder.stat().st_uid != os.getuid():  # Windows has no such owner
                return
            folder.rmdir()  # only if empty: anything else there is the user's
        except OSError:
            return
        folder = folder.parent
        if "\ufffd" not in str(folder):  # old's own folder is tidied; above it, only what Qt named so
            return


def folder_in_use(old: Path, new: Path) -> Path:
    """``new``, unless the old examples could not be moved there (a read-only disk): then ``old``, where they are,
    as before. Moving them was refused, and the app showed none of them, nor could Import bring them in."""
    examples = EXAMPLES_FOLDER
    stuck = os.path.lexists(old / examples) and not os.path.lexists(new / examples)
    return old if stuck else new


def moved_path(path: Path, old: Path, new: Path) -> Path:
    """``path`` where :func:`move_old_data` put it, if it was in a moved folder (the model remembered for the next
    start); else ``path`` itself."""
    for name in MOVED:
        try:
            rest = path.relative_to(old / name)
        except ValueError:
            continue
        return new / name / rest
    return path


def move_old_folder(window: MainWindow, old: Path, new: Path) -> QMessageBox | None:
    """Move the examples and taught models of an older version (:func:`move_old_data`), before anything reads
    them, and the model remembered for the next start with them; the box returned says what was moved, and what
    was not (None: nothing to say)."""
    moved, left = move_old_data(old, new)
    # moved now, or by another window that started first (its settings then saved the old path at its close);
    # the file dialogs' folder too: Open model in the old models folder went to the home folder instead
    for key in (MODEL_KEY, LAST_DIR_KEY):
        remembered = read_path(window.settings, key)
        if not remembered or os.path.exists(remembered):
            continue
        if os.path.exists(path := moved_path(Path(remembered), old, new)):  # never raises (ENAMETOOLONG)
            write_path(window.settings, key, path)
    # a move said to no one (its window closed before the box opened) is said at this start: nothing else could
    unsaid = _kept_moves(window)
    what = " and ".join(_WHAT[name] for name in moved)
    # each path on a line of its own: within a sentence the box wrapped them mid-name ("/tmp/home-⏎together/…")
    # as the dock names them: in a home whose name is not UTF-8 both were "/home/ren\ufffd/…" on screen
    text = f"Your {what} {_MOVED_TO}\n{readable(str(new))}\n\n{_WERE_IN}\n"
    said_now = text + readable(str(old)) if moved else ""
    claim = None  # the lock of the window saying the moves, held until its box is closed
    try:  # taken where one is there too: a window killed outright (kill -9) saying them left it, unlocked
        claim = take_lock(new / _SAYING) if unsaid or said_now or os.path.lexists(lock_path(new / _SAYING)) else None
    except LockHeld:  # another window says the moves kept: two started 6 s apart both said them, until one's OK
        unsaid = ""
    except OSError:  # no lock there: said, as before
        pass
    said_moved = "\n\n".join(filter(None, (unsaid, said_now)))
    if claim is not None and not said_moved:  # a killed window's, nothing left to say: gone, not left for good
        drop_lock(new / _SAYING, claim)
        claim = None
    stays = "\n\n".join(left)
    # only what stays as it was: said once, and again when it changes
    if read_text(window.settings, OLD_FOLDER_SAID_KEY) == stays:
        stays = ""
    if not said_moved and not stays:
        return None
    if said_moved:
        window.settings.setValue(MOVED_UNSAID_KEY, said_moved)

    def said() -> None:  # noted once closed: noted before, a window closed unshown (minimized) never said it
        window.settings.remove(MOVED_UNSAID_KEY)
        if stays:
            window.settings.setValue(OLD_FOLDER_SAID_KEY, stays)

    icon = QMessageBox.Icon.Warning if stays else QMessageBox.Icon.Information
    title = "Your examples have a new folder" if said_moved else "Your examples stay in their old folder"
    box = plain_box(icon, title, "\n\n".join(filter(None, (said_moved, stays))), window)
    # once the window is on screen (not yet at start-up); kept for the next start where the window closed first;
    # either way, another window may say the moves after (the lock let go)
    say_at_start(box, window, said, None if claim is None else lambda: drop_lock(new / _SAYING, claim))
    return box


def _kept_moves(window: MainWindow) -> str:
    """The moves kept unsaid (:data:`MOVED_UNSAID_KEY`), if the setting holds them as the app writes them; else ""
    and the setting removed. Hand-edited, it was shown whole: 1 MB of it froze the window 8 s before the box
    opened, and 20,000 lines made a box 280,070 px tall, its OK button out of reach; any text at all opened "Your
    examples have a new folder"."""
    unsaid = read_text(window.settings, MOVED_UNSAID_KEY)
    if unsaid and not _KEPT_MOVES.fullmatch(unsaid):
        window.settings.remove(MOVED_UNSAID_KEY)
        return ""
    return unsaid
