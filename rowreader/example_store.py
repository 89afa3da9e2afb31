"""Writing a person's examples folder, which :mod:`rowreader.example_folder` reads: ``ExampleStore`` keeps, deletes
(and undoes it), moves an example to another digit, imports a folder and exports one, in ImageFolder layout, never
writing over a file. Qt-free: the app's My examples dock and its undoable edits use it.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import secrets
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from PIL import Image

from rowreader import example_folder
from rowreader.atomic import (
    LOCK_SUFFIX,
    LockHeld,
    NameTaken,
    atomic_write_files,
    check_writable,
    drop_lock,
    lock_path,
    refuse_long_name,
    remove_stale_temporaries_in,
    take_lock,
)
from rowreader.caller_values import host_array
from rowreader.example_folder import (
    MAX_SIDECAR_BYTES,
    PROGRESS_EVERY_S,
    SIDECAR_FORMAT,
    SIDECAR_SUFFIX,
    SIDECAR_VERSION,
    Example,
    ExamplesError,
    ExampleSet,
    PenStroke,
    Progress,
    checked_pen_stroke,
    checked_sidecar,
    class_folders,
    file_key,
    is_picture,
    is_visible,
    load_example,
    load_examples,
    lone_sidecars,
    pictures_in,
    pictures_named_alike,
    refuse_a_link_loop,
    sidecar_owner,
    too_large_a_sidecar,
)
from rowreader.model import CLASSES, check_label
from rowreader.paths import (
    broken_link,
    file_in_the_way,
    not_a_folder,
    open_regular_file,
)
from rowreader.picture_words import not_one_digit
from rowreader.preprocess import Ink, normalise
from rowreader.stated_ink import ink_chunk

# how an import's own skipped pictures are told (after "PATH: "): whole pictures, neither damaged nor folders
NOT_COPIED = ("not copied, as", "gone or unreadable since its folder was read")
# an import's second stage: pictures kept already are passed over, and a folder imported again said "(1,619 of
# 3,000 copied)", then "Imported 0 example(s)"
COPIED = "copied or kept already"
# an export's name the file system takes, but not a write's temporary (22 longer): "too long for that folder's file
# system" was untrue of a 240-byte name just read there
NAME_TOO_LONG = "its name is too long to write there once a write's temporary name is made of it (22 more), not copied"


# an export's picture not written beside another picture of its name (see _sidecar_changes_hands), after "NAME: "
SHARED_NAME = "and NAME.json, the strokes of one, would be read as the other's; left as it is"

PAIR_SETTLES_S = 2.0
"""How long a write whose name another writer took waits for that one's sidecar to follow its picture (their two
renames are microseconds apart; a writer killed between them leaves the picture alone for good)."""


def _sidecar_changes_hands(path: Path, with_sidecar: bool, listed: dict[Path, dict[str, list[Path]]]) -> Path | None:
    """Another picture of ``path``'s name in its folder, if writing ``path`` (and its sidecar, ``with_sidecar``)
    there would give NAME.json to another picture than its own: exported beside a user's scan1.png, an example
    3/scan1.jpg's strokes were read as the png's (a different drawing, which teaching draws again from them), and
    a png exported beside a lone scan1.gif and its scan1.json took the gif's. ``listed``: each folder's pictures by
    name, listed once by an export (:func:`_named_in`)."""
    others = [p for p in _named_in(listed, path) if p != path]
    if not others:
        return None
    after = sidecar_owner([*others, path])
    sidecar_there = os.path.lexists(path.with_suffix(SIDECAR_SUFFIX))
    if (with_sidecar and after != path) or (sidecar_there and sidecar_owner(others) != after):
        return others[0]
    return None


def _named_in(listed: dict[Path, dict[str, list[Path]]], path: Path) -> list[Path]:
    """The pictures of ``path``'s name in its folder, the folder listed once into ``listed`` (and kept up to date by
    its caller): listed for every example, an export of 3,000 examples of one digit took 45 s where it took 8."""
    if path.parent not in listed:
        by_name: dict[str, list[Path]] = {}
        with contextlib.suppress(OSError):  # not there yet: nothing in it
            for entry in os.scandir(path.parent):
                if is_picture(picture := Path(entry.path)):
                    by_name.setdefault(picture.stem, []).append(picture)
        listed[path.parent] = by_name
    return listed[path.parent].setdefault(path.stem, [])


def png_bytes(grey: np.ndarray, ink: Ink | None = None) -> bytes:
    """A uint8 grey picture as PNG file contents; ``ink`` ("dark" for a drawing) said in it (rowreader.stated_ink):
    a drawing inked round its whole border is read as drawn."""
    buffer = io.BytesIO()
    grey = np.ascontiguousarray(grey, dtype=np.uint8)
    info = ink_chunk(ink, grey) if ink is not None else None
    Image.fromarray(grey, mode="L").save(buffer, format="PNG", pnginfo=info)
    return buffer.getvalue()


def name_stamp() -> str:
    """The time a new file's name begins with, UTC to the second (``20261204-085340``): an example's, and a taught
    model's (gui/taught_models.py). Read as text it sorts as time does, which the Models menu's "newest first"
    relies on."""
    return datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def sidecar_bytes(label: int, strokes: tuple[PenStroke, ...]) -> bytes:
    data: dict[str, Any] = {
        "format": SIDECAR_FORMAT,
        "version": SIDECAR_VERSION,
        "label": label,
        "date": datetime.now(UTC).isoformat(timespec="seconds"),
        "strokes": [{"width": s.width, "points": [list(p) for p in s.points]} for s in strokes],
    }
    return json.dumps(data, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Removed:
    """What :meth:`ExampleStore.remove` took away, byte for byte, so that undo can put it back."""

    path: Path
    picture: bytes
    sidecar: bytes | None
    # its 28×28 input, as shown: Undo decoded the picture again on the UI thread, 20–50 ms a time, and the first
    # Undo of a session 0.2–0.4 s more while PIL loaded its plug-ins (5,000 examples, on the shared 2 cores)
    image: np.ndarray | None = field(default=None, repr=False, compare=False)


def _listing(folder: Path) -> frozenset[tuple[str, int, int, int, int]]:
    """Each entry of ``folder``: its name, inode, times and size (a link's own): what tells the folder from one
    changed since, a picture saved over another by rename (an editor's save) included. Lock files are no examples:
    an export's, held in the examples folder while it runs, had the dock read every example again."""
    with os.scandir(folder) as entries:
        return frozenset(
            (entry.name, s.st_ino, s.st_mtime_ns, s.st_ctime_ns, s.st_size)
            for entry in entries
            if not entry.name.endswith(LOCK_SUFFIX)
            for s in (entry.stat(follow_symlinks=False),)
        )


def _entries(folder: Path, names: set[str]) -> frozenset[tuple[str, int, int, int, int]]:
    """:func:`_listing`'s entries of ``names`` in ``folder``, those there."""
    found = set()
    for name in names:
        with contextlib.suppress(OSError):
            s = os.lstat(folder / name)
            found.add((name, s.st_ino, s.st_mtime_ns, s.st_ctime_ns, s.st_size))
    return frozenset(found)


def _listing_or_none(folder: Path) -> frozenset[tuple[str, int, int, int, int]] | None:
    """:func:`_listing` of ``folder``; None where it is gone or cannot be read."""
    try:
        return _listing(folder)
    except OSError:
        return None


def _bytes_of(path: Path) -> bytes:
    """A file's bytes, read as every reader opens a file (:func:`open_regular_file`): read by name, a picture swapped
    for a named pipe after its folder was read hung an import, a Delete or an export until something wrote to it."""
    with open_regular_file(path) as file:
        return file.read()


def _read_files(example: Example) -> tuple[bytes, bytes | None]:
    """An example's picture and its sidecar (where it has one) as they are now, read before anything is written:
    one gone since its folder was read (a sync, a clean-up) ended a whole import, "[Errno 2] No such file"."""
    sidecar = _bytes_of(example.sidecar) if example.sidecar is not None and example.sidecar.is_file() else None
    return _bytes_of(example.path), sidecar


def _gone(example: Example, err: OSError) -> str:
    """The problem line of an example that could not be read again to be copied."""
    return f"{example.path}: {NOT_COPIED[1]} ({err.strerror or err})"


_IMPORTING: set[Path] = set()  # the examples folders this process imports into now (see ExampleStore._one_import)


def _export_locks(root: Path) -> list[tuple[str, Path]]:
    """("export", lock file) of each export of ``root`` running or killed outright (see _marked_while_exporting)."""
    with contextlib.suppress(OSError):
        return [("export", lock) for lock in root.glob(f".export-*{LOCK_SUFFIX}")]
    return []


@contextlib.contextmanager
def _marked_while_exporting(root: Path) -> Iterator[None]:
    """A lock file of its own in the examples folder ``root`` held while an export runs, so that one killed outright
    is known at the next start (:meth:`ExampleStore.export_was_killed`); two exports at once each hold their own.
    Where none can be made (no examples folder, a read-only one, no locks there) the export runs unmarked."""
    handle, mark = None, root / f".export-{secrets.token_hex(4)}"
    if root.is_dir():
        with contextlib.suppress(OSError):
            handle = take_lock(mark)
    try:
        yield
    finally:
        if handle is not None:
            drop_lock(mark, handle)


# the folder refuses any file, not this one: read-only, not ours, or full (a full disk named the file never made too)
_NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})


def _write_files(path: Path, picture: bytes, sidecar: bytes | None, replace: bool = False) -> None:
    """Write a picture to ``path`` and its sidecar, if any, beside it (NAME.json), together or not at all: a disk
    that filled between the two kept the picture while the app said nothing was written. Never over a file
    (unless ``replace``): :class:`NameTaken` where either name is taken when the files are written, though
    it was free when looked at (another process moved or exported a file of that name in between, and a rename
    replaced it: one file was lost, both writers saying they wrote theirs)."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        files = [(path, picture), *([(path.with_suffix(SIDECAR_SUFFIX), sidecar)] if sidecar is not None else [])]
        atomic_write_files(files, replace=replace)
    except OSError as err:
        if (blocking := file_in_the_way(path.parent)) is not None:  # it was "[Errno 17] File exists: '…/3'"
            refused = OSError(f"cannot write to {path.parent}: {not_a_folder(blocking)}")
            refused.errno = errno.ENOTDIR
            raise refused from err
        if err.errno not in _NOT_WRITABLE:
            raise
        raise _refused_by_folder(err, f"cannot write to {path.parent}") from err


def _name_fits(path: Path, sidecar: bool) -> bool:
    """Whether a picture (and its sidecar) can be written at ``path``: a write's temporary is 22 characters longer
    than its name. A picture of the user's own with a 240-byte name, deleted, never came back (Undo failed on
    its name, "[Errno 36] File name too long", for as long as the app ran), and a move and an export failed alike,
    the export ended there."""
    try:
        for name in (path, path.with_suffix(SIDECAR_SUFFIX)) if sidecar else (path,):
            refuse_long_name(name)
    except OSError:
        return False
    return True


def _refused_by_folder(err: OSError, doing: str) -> OSError:
    """``err`` as the folder's refusal (``doing``: "cannot write to FOLDER"), its errno kept: "[Errno 30] Read-only
    file system: '…/1/20261201-101115-432e6d.png'" named a file never made, and "[Errno 28] No space left on
    device: '…'" the same."""
    refused = OSError(f"{doing}: {err.strerror or err}")
    refused.errno = err.errno
    return refused


def _left_out(destination: Path, err: OSError) -> str:
    """The line naming an example an export leaves out, where ``err`` says its digit's folder there may not be written
    (another user's, made read-only): that ended the export at its first picture, the later digits never written;
    named, the others are written, as an import does. ``err`` itself where the whole disk refuses (full, read-only),
    which ends it, as no digit could be written."""
    if err.errno not in (errno.EACCES, errno.EPERM):
        raise err
    return f"{destination}: {err}"


class Exported(NamedTuple):
    """What :meth:`ExampleStore.export_folder` did: how many examples it wrote, one line per file left alone, and how
    many were there already, picture and sidecar byte for byte (exported there before), and so left as they are."""

    written: int
    skipped: list[str]
    already_there: int


def _sidecar_to_add(destination: Path, sidecar: Path, files: tuple[bytes, bytes | None]) -> bool:
    """Whether an export finds at ``destination`` the very picture it writes there, without the sidecar it has
    (``files``): what an export killed between their two renames leaves."""
    return files[1] is not None and not os.path.lexists(sidecar) and _holds(destination, files[0])


def _holds(path: Path, contents: bytes) -> bool:
    """``path`` is a file (not a link) holding ``contents``, byte for byte."""
    try:
        return (
            not path.is_symlink()
            and path.is_file()
            and path.stat().st_size == len(contents)
            and (_bytes_of(path) == contents)
        )
    except OSError:
        return False


def _same_pair_there(path: Path, picture: bytes, sidecar: bytes | None) -> bool:
    """Whether ``path`` holds ``picture`` and its sidecar beside it ``sidecar`` (none where ``None``), as another
    writer leaves them once it is done: a write whose name another took an instant before looks while that one is
    between its two renames, the picture placed, the sidecar not yet; so "undone in another window at that instant"
    saw no sidecar and wrote a second copy under a new name (a CI run of 7 Dec). While the picture alone is there,
    the very one, it waits, up to :data:`PAIR_SETTLES_S`: the other places its sidecar or takes the picture back."""
    sidecar_path, waited_until = path.with_suffix(SIDECAR_SUFFIX), time.monotonic() + PAIR_SETTLES_S
    while _holds(path, picture) and sidecar is not None:
        if _holds(sidecar_path, sidecar):
            return True
        if os.path.lexists(sidecar_path) or time.monotonic() > waited_until:  # another's, or a writer killed between
            return False
        time.sleep(0.005)
    return sidecar is None and _holds(path, picture)


def _depth_in(folder: Path, root: Path) -> int | None:
    """How many folders below ``root`` ``folder`` lies (0: ``root`` itself), or None: not within it. Told by the
    folders themselves (device and inode), not their names: the examples folder reached by a bind mount's path took
    an export of examples/old into it, an import of examples/3 asked to "choose" the examples folder. A root not
    made yet (before the first keep) is told by its name: an export to examples/old then made it, and the examples
    folder, holding a folder not named by a digit, was refused at every later start."""
    try:
        home: os.stat_result | None = os.stat(root)
    except OSError:
        home = None
    real, named = folder.resolve(), root.resolve()
    for depth, above in enumerate((real, *real.parents)):
        if above == named:
            return depth
        with contextlib.suppress(OSError):  # not made yet (OUT/3/monday), or not to be looked at
            if home is not None and os.path.samestat(os.stat(above), home):
                return depth
    return None


class Imported(NamedTuple):
    """What :meth:`ExampleStore.import_folder` did: the examples added, one line per file skipped, how many
    pictures were kept already (byte for byte, under the same digit) and so not copied again, and how many of those
    added are copies of another drawing added or kept (the same 28×28 input under the same digit, as
    ``ExampleSet.drawings`` has it): 1,000 copies of one 3 were copied without a word, one drawing a teach learns
    once. ``kept_pictures``: how many pictures kept those kept already are (300 copies of one kept drawing were "300
    were kept already", one example being kept); None where not counted."""

    added: list[Example]
    problems: list[str]
    already_kept: int
    copies: int = 0
    kept_pictures: int | None = None


class ExampleStore:
    """The app's examples folder: add, remove (and restore), import and export, always in ImageFolder layout.

    An example's picture and sidecar are written together (``atomic_write_files``): a failed write leaves nothing,
    a crash between their renames a picture without strokes (still a valid example), never half a file.
    """

    def __init__(self, root: str | os.PathLike[str], index: bool = False) -> None:
        """``index``: keep the examples' inputs in the user cache between runs (see :func:`load_examples`)."""
        self.root = Path(root)
        self.index = index
        self._cache: dict[Path, tuple[Any, Example | str]] = {}
        self._tidied = False  # what killed writes left is removed at the first load (see _remove_killed_writes)
        self._import_lock = self.root / ".import"  # its lock file, hidden as a write's temporaries are: no example
        self._killed: set[str] = set()  # "import", "export": a lock file found left by one killed outright
        self._killed_import_lock = threading.Lock()  # the first load (a thread) and the start's question may meet
        self._known: dict[Path, frozenset[tuple[str, int, int, int, int]]] = {}  # see changed_since_known
        # one edit at a time (a keep is written off the window's thread), the outermost noting what it left: a move
        # deletes within itself (its files, in ``_within.mine``)
        self._edit_lock = threading.RLock()
        self._within = threading.local()

    def blocked(self, digits: Sequence[int] = ()) -> str | None:
        """What stands where the examples folder, a folder above it or the folder of one of ``digits`` should be,
        in words ("…/examples is a file, not a folder"), if anything: keeping, importing and undoing a delete
        failed in the system's words, "[Errno 20] Not a directory: '…/examples/3'"."""
        for folder in (self.root, *(self.root / str(digit) for digit in digits)):
            if (blocking := file_in_the_way(folder)) is not None:  # a link to nothing too, named so
                return not_a_folder(blocking)
        return None

    def load(self, stop: Callable[[], bool] = lambda: False, progress: Progress | None = None) -> ExampleSet:
        """Everything kept so far (an absent folder is simply empty); unchanged files are not read again.
        ``stop`` and ``progress`` as for :func:`load_examples`."""
        refuse_a_link_loop(self.root)  # a loop of links is not absent: the dock said "0 examples", Ctrl+T "no example"
        if not self.root.exists():
            # nor is a link to a folder on a stick since unplugged, or a file where the user's folder was: "0 examples"
            if (blocking := file_in_the_way(self.root)) is not None:
                why = broken_link(blocking) if blocking == self.root else None
                raise ExamplesError(f"{self.root}: no such folder; {why}" if why else not_a_folder(blocking))
            return ExampleSet()
        if not self._tidied:
            self._remove_killed_writes()
        return load_examples(self.root, self._cache, stop, self.index, progress)

    def _remove_killed_writes(self) -> None:
        """Remove what a write killed outright left in the digits' folders: an import killed (kill -9, a power cut)
        mid-copy left a hidden ``.NAME.<hex>.tmp`` of an example never renamed, never read and never removed. Only a
        write's temporary of this user's that no writer holds goes (``rowreader.atomic.remove_stale_temporaries``);
        links to folders are not followed. A killed import's or export's lock file goes too, unless held."""
        self._tidied = True
        self._drop_killed_locks()
        self._remove_dead_temporaries()

    def _drop_killed_locks(self) -> None:
        """Remove the lock files an import or an export killed outright left (no process holds them), noting which
        kind was so killed for :meth:`import_was_killed` and :meth:`export_was_killed`."""
        with self._killed_import_lock:
            for kind, lock in [("import", lock_path(self._import_lock)), *_export_locks(self.root)]:
                with contextlib.suppress(OSError):  # held by a live one (LockHeld), gone, or not ours: left as it is
                    left = lock.stat()
                    handle = take_lock(lock.with_suffix(""))
                    made = not os.path.samestat(os.fstat(handle.fileno()), left)  # its own end removed it meanwhile
                    drop_lock(lock.with_suffix(""), handle)
                    if not made:
                        self._killed.add(kind)

    def _was_killed(self, kind: str) -> bool:
        """Whether an import or export (``kind``) was killed outright since this was last asked."""
        self._drop_killed_locks()
        with self._killed_import_lock:
            killed = kind in self._killed
            self._killed.discard(kind)
        return killed

    def import_was_killed(self) -> bool:
        """Whether an import into this folder was killed outright (kill -9, the system out of memory, a power cut)
        since this was last asked: its lock file is left, which the first load removes. The next start showed the
        examples it had copied (the 0s and 1s of 2,000) without a word, where one the window's close cut short is
        said (gui.example_transfer); the folder's other digits seemed never to have been there."""
        return self._was_killed("import")

    def export_was_killed(self) -> bool:
        """Whether an export of this folder was killed outright since this was last asked, as for
        :meth:`import_was_killed`: the folder exported to (a backup on a stick) held a part of the examples, and
        the next start said nothing, where an export the window's close cut short is said."""
        return self._was_killed("export")

    def _remove_dead_temporaries(self) -> None:
        """The hidden temporaries of writes killed outright in the digits' folders (see :meth:`_remove_killed_writes`),
        at any age: unlocked, a temporary is a dead writer's (a live one whose temporary a tidy takes before its
        lock writes it again). Those a minute old only: the app killed as Ctrl+K wrote, and started again within
        the minute, left the picture's and the sidecar's for as long as it ran."""
        for digit in range(CLASSES):
            for top, folders, _ in os.walk(self.root / str(digit)):
                folders[:] = [name for name in folders if is_visible(Path(name))]
                remove_stale_temporaries_in(top)

    def listings(self) -> dict[Path, frozenset[tuple[str, int, int, int, int]]]:
        """What the examples folder and its digits' folders hold now, for :meth:`known`: taken before a reading, so
        that a change made while it reads is not taken for read."""
        found = {}
        for folder in (self.root, *(self.root / str(digit) for digit in range(CLASSES))):
            if (listed := _listing_or_none(folder)) is not None:
                found[folder] = listed
        return found

    def known(self, listings: dict[Path, frozenset[tuple[str, int, int, int, int]]]) -> None:
        """``listings`` (:meth:`listings`, taken before a reading the app then showed): what the folders are known to
        hold, which this store's own edits then keep up to date (see :meth:`changed_since_known`)."""
        with self._edit_lock:  # not between an edit's look before it and its note after
            self._known = dict(listings)

    def changed_since_known(self, folder: str | os.PathLike[str]) -> bool:
        """Whether ``folder`` (the examples folder, or a digit's) holds anything but what it was known to hold: as the
        app last read it, or as this store's keep, delete, undo or move left it after that. The dock, which shows its
        own edits at once, read all of the examples again after each of those (the folder's watcher saw the edit:
        1.1–1.8 s of CPU at 12,944 examples). A folder not known, gone or unreadable is changed."""
        folder = Path(folder)
        known = self._known.get(folder)
        return known is None or known != _listing_or_none(folder)

    @contextlib.contextmanager
    def _own_edit(self, *folders: Path) -> Iterator[set[Path]]:
        """An edit by this store in ``folders`` (and so in those above them up to the examples folder), which adds
        the pictures it writes or removes to the set it is given: each folder that held what it was known to hold
        before is known to hold what the edit left there, where the edit's own files (and the folders it worked in)
        are all that changed. One that held something else (a picture copied in by a file manager a moment before,
        or during the edit: a second window's keep beside it), and every one where the edit failed, is changed, to
        be read again."""
        with self._edit_lock:
            if (mine := getattr(self._within, "mine", None)) is not None:  # within a move: the move notes it all
                yield mine
                return
            self._within.mine = mine = set()
            try:
                yield from self._noted(folders, mine)
            finally:
                self._within.mine = None

    def _noted(self, folders: tuple[Path, ...], mine: set[Path]) -> Iterator[set[Path]]:
        """:meth:`_own_edit`'s noting, around the edit (its one ``yield``), of what it left in ``mine``'s folders: what
        each was known to hold, its entries for the edit's own files (and the folders it worked in) as they are now.
        Nothing is listed: each folder, listed before and after the edit on the window's thread, held it 28–158 ms
        a Delete, an undo or a move at 12,944 examples. A file another made meanwhile, before the edit or during
        it, is not in what is noted, so the folder still differs from it (:meth:`changed_since_known`)."""
        chain = {
            up for folder in folders for up in (folder, *folder.parents) if up == self.root or self.root in up.parents
        }
        try:
            yield mine
        except BaseException:
            for folder in chain:
                self._known.pop(folder, None)
            raise
        # each picture's sidecar with it; a folder of the chain in its parent (its times change with what it holds)
        edited: dict[Path, set[str]] = {}
        for path in mine:
            edited.setdefault(path.parent, set()).update((path.name, path.with_suffix(SIDECAR_SUFFIX).name))
        for folder in chain:
            edited.setdefault(folder.parent, set()).add(folder.name)
        for folder in chain:
            if (known := self._known.pop(folder, None)) is not None:
                names = edited.get(folder, set())
                self._known[folder] = frozenset(e for e in known if e[0] not in names) | _entries(folder, names)

    def _remember(self, example: Example) -> Example:
        """``example``, just written here, known to the next :meth:`load`: after an import of 10,000 examples the
        dock read every one of them again."""
        with contextlib.suppress(OSError):
            self._cache[example.path] = (file_key(example.path, example.sidecar), example)
        return example

    def _new_path(self, label: int, suffix: str = ".png", folder: Path | None = None) -> Path:
        """A name no example of ``label`` has, for a new one's picture (and its sidecar, NAME.json). A write
        replaces what bears its name, and the 24 random bits of before could meet within a second (an import copies
        some 300 examples of a digit a second): two processes' adds of one digit whose bits met wrote one name, both
        told they were kept, and one example was lost. A name taken here is drawn again, and 64 bits leave two
        processes no chance worth counting (one in 10¹⁹). ``folder``: one of the digit's sub-folders, rather than the
        digit's own."""
        folder = self.root / str(label) if folder is None else folder
        while True:
            path = folder / f"{name_stamp()}-{secrets.token_hex(8)}{suffix}"
            if not (os.path.lexists(path) or os.path.lexists(path.with_suffix(SIDECAR_SUFFIX))):
                return path

    def _write_new(
        self, label: int, suffix: str, files: tuple[bytes, bytes | None], folder: Path | None = None
    ) -> Path:
        """``files`` (picture, sidecar) written under a new name (:meth:`_new_path`), drawn again if another writer
        takes it first; the name written."""
        while True:
            path = self._new_path(label, suffix, folder)
            with contextlib.suppress(NameTaken):
                _write_files(path, *files)
                return path

    def add(self, label: int, drawing: np.ndarray, strokes: tuple[PenStroke, ...] = ()) -> Example:
        """Keep ``drawing`` (uint8 grey, dark ink on white) as an example of ``label``; returns it as loaded."""
        check_label(label)
        # a masked pixel is paper (white here), as to_mnist reads it: the ink under a mask was kept in the picture
        drawing = np.asarray(np.ma.filled(host_array(drawing), 255))
        if drawing.ndim != 2 or drawing.dtype != np.uint8:
            raise ValueError(f"drawing must be a uint8 grey picture, got {drawing.dtype} {drawing.shape}")
        read = normalise(drawing, ink="dark")
        if read.image is None:
            raise ValueError("the drawing is empty: there is nothing to keep")
        if (why := not_one_digit(read, "draw one digit")) is not None:  # written, then skipped at every reading
            raise ValueError(f"{why}; nothing was kept")
        checked = []
        for i, stroke in enumerate(strokes):
            if not isinstance(stroke, PenStroke):  # a tuple of points failed as "no attribute 'width'"
                raise TypeError(f"stroke {i} must be a PenStroke(points, width), got {stroke!r:.80}")
            try:
                checked.append(checked_pen_stroke(stroke.width, stroke.points, i))
            except (TypeError, ValueError) as err:
                raise type(err)(f"{err}; nothing was kept") from err
        sidecar = sidecar_bytes(int(label), tuple(checked))  # all checked before the first file is written
        if len(sidecar) > MAX_SIDECAR_BYTES:  # written, it was refused at every reading: the example skipped for good
            points = sum(len(stroke.points) for stroke in checked)
            record = f"the record of its {points:,} pen points would be"
            raise ValueError(f"{too_large_a_sidecar(len(sidecar), record)}; nothing was kept")
        with self._own_edit(self.root / str(label)) as mine:
            path = self._write_new(int(label), ".png", (png_bytes(drawing, "dark"), sidecar))
            mine.add(path)
        return self._remember(load_example(path, int(label), [path]))  # a new, unique name

    def remove(self, example: Example) -> Removed:
        """Delete an example's files, its strokes first; the returned :class:`Removed` restores them exactly.

        Picture first, a delete or a move killed between the two (measured: `kill -9` while strace held the second
        unlink) left a lone NAME.json, which no reading shows ("0 examples, 0 problems"): hidden in the folder for
        good. Now the picture stays, an example without its strokes, listed, to delete again (a move's two copies
        are named as the same picture kept under two digits)."""
        try:
            image = self._input_now(example)
        except ValueError:  # written over with what no longer reads: the input shown, as before
            image = example.image
        removed = Removed(example.path, *_read_files(example), image)
        sidecar = example.sidecar if removed.sidecar is not None else None
        with self._own_edit(example.path.parent) as mine:
            mine.add(example.path)
            try:
                if sidecar is not None:
                    sidecar.unlink(missing_ok=True)
                try:
                    example.path.unlink()
                except OSError:
                    if sidecar is not None:
                        # its strokes alone went (the picture held open elsewhere, or immutable): Delete had nothing to
                        # undo, and a move deleted its copy as well. Whole or not at all: the strokes come back
                        atomic_write_files([(sidecar, removed.sidecar)], replace=False)
                    raise
            except OSError as err:
                if err.errno not in _NOT_WRITABLE:
                    raise
                raise _refused_by_folder(err, f"cannot delete from {example.path.parent}") from err
        # gone, so no copy of it now (an import counted the only 3, deleted, a copy of a drawing kept); a move too
        self._cache.pop(example.path, None)
        return removed

    def relabel(self, example: Example, label: int) -> Example:
        """Move ``example`` to the folder of ``label`` (its sidecar saying so), under its own name where that is
        free: an example kept under the wrong digit could only be opened, kept again and deleted, and the keep
        dialog offered the wrong digit it was kept as. The new files are written before the old ones go, so a
        crash between leaves both (named as a clash), never neither. One in a sub-folder of its digit's goes to the
        same sub-folder of the other's, as an export keeps it: 3/monday/scan2.png moved to 5 and back (Ctrl+Z of the
        move) came back as 3/scan2.png, out of its folder. Moved to its own digit it stays (it was renamed)."""
        check_label(label)
        if label == example.label:
            return example
        try:
            image = self._input_now(example)
        except ValueError as err:  # written over since it was read, with what no longer reads as an example
            raise ValueError(f"{err}; nothing was moved") from err
        picture, sidecar = _read_files(example)
        if sidecar is not None:
            try:
                data = checked_sidecar(sidecar, example.label)[0]
            except ValueError as err:
                # edited by hand since it was read: a list, a text or bytes not UTF-8 failed in Python's words
                # ("'list' object is not a mapping"), and one of another format was moved, then said not to be
                raise ValueError(f"{example.sidecar}: {err}; nothing was moved") from err
            sidecar = json.dumps({**data, "label": int(label)}, separators=(",", ":")).encode()
        try:
            place = example.path.relative_to(self.root / str(example.label))
        except ValueError:  # an example of another folder's
            place = Path(example.path.name)
        path = self.root / str(label) / place
        # NAME.json is read as the only NAME.* picture's, else NAME.png's: moved beside another NAME.* picture or
        # sidecar, one drawing's strokes were read as the other's (3/scan1.jpg's as those of the 5 in 5/scan1.png)
        taken = os.path.lexists(path) or os.path.lexists(path.with_suffix(SIDECAR_SUFFIX))
        taken = (
            taken
            or (path.parent.is_dir() and bool(pictures_named_alike(path)))
            or not _name_fits(path, sidecar is not None)
        )
        with self._own_edit(example.path.parent, path.parent) as mine:
            path = self._move(example, path, int(label), taken, (picture, sidecar))
            mine.add(path)
        return self._remember(load_example(path, int(label), image=image))

    def _input_now(self, example: Example) -> np.ndarray:
        """``example``'s 28×28 input as its picture is now: the one shown where its files are as this store last read
        them, else decoded anew (``ValueError`` why it no longer reads). A picture written over in place (an editor's
        save) and moved, or deleted and brought back, in the seconds before the dock read it again kept its old input:
        its old thumbnail, remembered under the new file's key, so that no later reading mended it."""
        try:
            now = file_key(example.path, example.sidecar)
        except OSError:  # gone: the move or the delete says so, in its own words
            return example.image
        known = self._cache.get(example.path)
        if known is not None and known[0] == now and isinstance(read := known[1], Example):  # as it was read
            return example.image if np.array_equal(read.image, example.image) else read.image
        return example_folder.input_of(example.path)  # the picture alone: its sidecar is the move's to check

    def _move(self, example: Example, path: Path, label: int, taken: bool, files: tuple[bytes, bytes | None]) -> Path:
        """:meth:`relabel`'s writing of ``files`` at ``path`` (under a new name where it is ``taken``) and deleting of
        ``example``; the path written."""
        written = None
        if not taken:
            with contextlib.suppress(NameTaken):  # taken since it was looked at (another process moved one there)
                _write_files(path, *files)
                written = path
        path = written or self._write_new(label, example.path.suffix.lower(), files, path.parent)
        try:
            self.remove(example)
        except OSError:
            # its own folder read-only, the other writable: it was kept under both digits, the app saying it
            # stayed where it was. The copy goes again; the example stays as it was, once.
            for written in (path, path.with_suffix(SIDECAR_SUFFIX) if files[1] is not None else None):
                if written is not None:
                    with contextlib.suppress(OSError):
                        written.unlink()
            self._drop_emptied(path.parent, label)  # and the sub-folder made for it (5/monday/)
            raise
        self._drop_emptied(example.path.parent, example.label)
        return path

    def _drop_emptied(self, folder: Path, label: int) -> None:
        """Remove ``folder``, a sub-folder of the digit ``label``'s, and those above it below the digit's, while a move
        has left them empty: 3/monday/scan2.png moved to 5 and back (Ctrl+Z) left an empty 5/monday/, which
        ImageFolder and the app pass over, for the user to find. A folder holding anything, hidden files too, stays;
        the digit's own folder always stays."""
        digit = self.root / str(label)
        while folder != digit and digit in folder.parents:
            try:
                folder.rmdir()  # only an empty folder goes (ENOTEMPTY otherwise)
            except OSError:
                return
            folder = folder.parent

    def restore(self, removed: Removed) -> Example:
        """Undo :meth:`remove`: the same files, under the same names; a new one where the old is too long to write, or
        names other files now (a scanner's next scan1.png, the old one deleted: Undo wrote the old over the new, which
        was lost without a word). The same files there already (undone in another window) are written over."""
        label, path = int(removed.path.relative_to(self.root).parts[0]), removed.path
        sidecar = path.with_suffix(SIDECAR_SUFFIX)
        taken = os.path.lexists(path) and not _holds(path, removed.picture)
        taken = taken or (
            removed.sidecar is not None and os.path.lexists(sidecar) and not _holds(sidecar, removed.sidecar)
        )
        with self._own_edit(path.parent, self.root / str(label)) as mine:
            path = self._write_back(removed, path, label, taken)
            mine.add(path)
        return self._remember(load_example(path, label, image=removed.image))

    def _write_back(self, removed: Removed, path: Path, label: int, taken: bool) -> Path:
        """:meth:`restore`'s writing: at ``path`` unless it is ``taken`` or too long, else under a new name; the path
        written."""
        sidecar = path.with_suffix(SIDECAR_SUFFIX)
        files, written = (removed.picture, removed.sidecar), None
        if not taken and _name_fits(path, removed.sidecar is not None):
            # the same files there already are written over; another's made since it was looked at is not (it was
            # when made before this look, which asked only whether a file was there)
            same = _holds(path, removed.picture) or (removed.sidecar is not None and _holds(sidecar, removed.sidecar))
            with contextlib.suppress(NameTaken):
                _write_files(path, *files, replace=same)
                written = path
            if written is None and _same_pair_there(path, *files):  # undone in another window at that instant
                written = path  # the same files, once
        return written or self._write_new(label, path.suffix.lower(), files)

    def _kept_pictures(self, labels: set[int]) -> set[tuple[int, bytes]]:
        """``(label, SHA-256 of the file)`` of every picture kept under ``labels``: the bytes alone are read (a
        picture is not decoded), so an import can tell what is kept already."""
        kept = set()
        for label in labels:
            folder = self.root / str(label)
            for path in pictures_in(folder)[0] if folder.is_dir() else []:
                with contextlib.suppress(OSError):  # a pipe is never opened; one unreadable is simply not known
                    if path.is_file():
                        kept.add((label, hashlib.sha256(_bytes_of(path)).digest()))
        return kept

    def import_folder(
        self,
        source: str | os.PathLike[str],
        stop: Callable[[], bool] = lambda: False,
        progress: Callable[[str, int, int], None] | None = None,
    ) -> Imported:
        """Copy every usable example of an ImageFolder into the store (new names, nothing overwritten), but for
        pictures kept already under their digit, byte for byte: importing one folder twice kept every picture twice.

        Returns what was added, the problems found (files skipped) and how many were kept already. Layout errors
        raise before anything is copied. ``stop`` is asked before each example: the app closing mid-import ends it
        there (what was copied stays), where it waited for thousands of copies; it is asked while the folder is
        read, too. ``progress("read" or COPIED, done, total)`` every :data:`PROGRESS_EVERY_S` as the folder is
        read (its pictures decoded), then copied: 5,000 examples took over a minute on a busy machine, the app's
        status bar saying only "Importing…", and that for its first minute.
        """
        for folder in (Path(source), self.root):  # the examples folder a loop too: "Symlink loop from …"
            refuse_a_link_loop(folder)
        if (depth := _depth_in(Path(source), self.root)) == 0:
            raise ExamplesError(f"{source} is your examples folder itself: importing it would copy every example twice")
        if depth is not None:  # its 3/: "choose" the examples folder, refused above
            raise ExamplesError(
                f"{source} is inside your examples folder {self.root}: its pictures are your examples already; "
                "import a folder from elsewhere"
            )
        self._refuse_links_into_examples(Path(source))
        try:  # a read-only folder failed at the first copy, in the system's words, "copied before this are kept"
            check_writable(self.root / ".rowreader-import", advise=False)  # the examples folder is not for choosing
        except OSError as err:
            raise ExamplesError(str(err)) from err  # "cannot write to DIR: Read-only file system"
        with self._one_import():
            # an import killed outright (kill -9, a power cut) and run again at once left the killed one's hidden
            # temporaries for good, a minute old only at the first load: unlocked, they are a dead writer's
            self._remove_dead_temporaries()
            return self._copy_in(Path(source), stop, progress or (lambda *_: None))

    def _refuse_links_into_examples(self, source: Path) -> None:
        """:class:`ExamplesError` where a class folder of ``source`` is a link into the examples folder (``3`` a
        link to ``examples/4``, or to ``examples``): its pictures, the user's own examples, were copied in as 3s;
        or holds it where the reading walks (``3`` a link to the folder above it: its 4s were copied in as 3s).
        Only the digits' folders, which are read: a link ``mine`` to the examples was refused, where it is skipped."""
        root = self.root.resolve()
        try:
            folders = class_folders(source)
        except ExamplesError:  # the layout's reading says why, in its own words
            return
        for entry in folders.values():
            real = entry.resolve()
            if entry.is_symlink() and _depth_in(entry, root) is not None:
                raise ExamplesError(
                    f"{entry} is a link into your examples folder ({real}): its pictures are your examples already, "
                    f"and would be copied in as {entry.name}s; import a folder from elsewhere"
                )
            # the reading walks its visible sub-folders (pictures_in), no link among them: resolved, root has none
            way = root.relative_to(real).parts if real in root.parents else ()
            if way and all(is_visible(Path(part)) for part in way):
                raise ExamplesError(
                    f"{entry} holds your examples folder ({root}), which would be read from it and copied in as "
                    f"{entry.name}s; import a folder that does not hold it"
                )

    @contextlib.contextmanager
    def _one_import(self) -> Iterator[None]:
        """One import into this folder at a time, in any process: two of one folder at once (picked again while the
        first ran a minute, or in a second RowReader window) each found none of its pictures kept yet, and every
        one was copied twice. The second is refused before anything is read; where the file system takes no
        locks, imports run as before."""
        lock = self._import_lock
        try:
            handle = take_lock(lock)
        except LockHeld as err:  # it said "in this window or another RowReader window", where it knows which
            where = "in this program" if self.root.resolve() in _IMPORTING else "in another RowReader window or program"
            raise ExamplesError(
                f"another import into {self.root} is running ({where}): import again once it is done"
            ) from err
        except OSError:
            handle = None
        _IMPORTING.add(here := self.root.resolve())
        try:
            yield
        finally:
            _IMPORTING.discard(here)
            if handle is not None:
                drop_lock(lock, handle)

    def _copy_in(self, source: Path, stop: Callable[[], bool], say: Callable[[str, int, int], None]) -> Imported:
        """The body of :meth:`import_folder`, its checks passed and its lock held."""
        found = load_examples(source, stop=stop, progress=lambda _batch, done, total: say("read", done, total))
        added, problems, already, copies = [], [*found.problems, *lone_sidecars(source)], 0, 0
        met: set[tuple[int, bytes]] = set()  # the kept pictures those kept already are
        kept = self._kept_pictures({e.label for e in found.examples})
        # the drawings kept, as last read here (none where the folder was not read); list(): a keep may add meanwhile
        drawings = {(e.label, e.image.tobytes()) for _, e in list(self._cache.values()) if isinstance(e, Example)}
        said = time.monotonic()
        for done, example in enumerate(found.examples):
            if stop():
                break
            if time.monotonic() - said >= PROGRESS_EVERY_S:
                say(COPIED, done, len(found.examples))
                said = time.monotonic()
            # a file named 5 in the examples folder (a zip of the 5s) ended the import at the first 5, "[Errno 17]
            # File exists", the 6s to 9s never copied; the 5s are named, the other digits copied, as Export does
            if (blocked := self.blocked([example.label])) is not None:
                problems.append(f"{example.path}: {NOT_COPIED[0]} {blocked}")
                continue
            try:
                files = _read_files(example)
            except OSError as err:
                problems.append(_gone(example, err))
                continue
            picture = (example.label, hashlib.sha256(files[0]).digest())
            if picture in kept:  # kept before this import: copies within the folder are copied, as they are there
                already += 1
                met.add(picture)
                continue
            try:
                path = self._write_new(example.label, example.path.suffix.lower(), files)
            except OSError as err:
                # one digit's folder not writable (made read-only, another user's): the import ended at its first
                # picture, the digits after it never copied. Its pictures are named, the others copied, as for a file
                # in its place (above); a full or read-only disk still ends the import, as no digit could be written
                if err.errno not in (errno.EACCES, errno.EPERM):
                    raise
                problems.append(f"{example.path}: {NOT_COPIED[0]} {err}")
                continue
            # a new, unique name; its input is the source's (the same bytes): decoding each twice doubled an import
            added.append(self._remember(load_example(path, example.label, [path], example.image)))
            copies += (drawn := (example.label, example.image.tobytes())) in drawings
            drawings.add(drawn)
        return Imported(added, problems, already, copies, len(met))

    def export_folder(
        self,
        target: str | os.PathLike[str],
        stop: Callable[[], bool] = lambda: False,
        progress: Callable[[int, int], None] | None = None,
    ) -> Exported:
        """Copy every example (picture and sidecar) to ``target``/<label>/, its sub-folders kept; never overwrites.
        What an export killed outright left in a folder it writes (a write's hidden temporary, unlocked, at any age)
        goes; the lock file it held in the examples folder tells the next start (:meth:`export_was_killed`).

        Returns how many examples were written, one message per file that was left alone, and how many were there
        already, byte for byte (an export to the folder exported to last week). ``stop`` as for
        :meth:`import_folder`. ``progress(done, total)`` every :data:`PROGRESS_EVERY_S`: 5,000 examples took 17 s
        on a busy machine (each file written and flushed to disk: minutes onto a USB stick), the app's status bar
        saying only "Exporting…", and that for its first minute.
        """
        target = Path(target)
        for folder in (target, self.root):  # the examples folder a loop too: "Symlink loop from …", "written before"
            refuse_a_link_loop(folder)
        # it was "[Errno 20] Not a directory: 'notes.txt/1'" after reading every example
        if (blocking := file_in_the_way(target)) is not None:
            raise ExamplesError(f"cannot export to {target}: {not_a_folder(blocking)}")
        if _depth_in(target, self.root) is not None:
            # a folder inside the examples would be a class folder not named 0–9, and the examples unusable
            raise ExamplesError(f"{target} is inside your examples folder {self.root}; export to a folder elsewhere")
        try:  # a read-only folder (a mounted share, a CD) failed at the first copy, "[Errno 30] …: 'DIR/0'"
            check_writable(target / ".rowreader-export")
        except OSError as err:
            raise ExamplesError(str(err)) from err  # "cannot write to DIR: Read-only file system"
        with _marked_while_exporting(self.root):
            return self._copy_out(target, stop, progress)

    def _link_into_examples(self, folder: Path) -> str | None:
        """Why ``folder`` of an export may not be written: a link on its way (``OUT/3`` a link to ``examples/4``) that
        leads into the examples folder, where the 3s were written among the 4s, taught as 4s or skipped as "sidecar
        says label 3"; None where it leads elsewhere. The target itself is refused so at :meth:`export_folder`."""
        if _depth_in(folder, self.root) is None:
            return None
        return f"{folder} is a link into your examples folder ({folder.resolve()}), which an export never writes"

    def _copy_out(
        self, target: Path, stop: Callable[[], bool], progress: Callable[[int, int], None] | None
    ) -> Exported:
        """The body of :meth:`export_folder`, its checks passed and its mark made."""
        found = self.load(stop)
        written, skipped, already = 0, list(found.problems), 0
        tidied: set[Path] = set()
        listed: dict[Path, dict[str, list[Path]]] = {}  # the pictures in each folder written to, by name (_named_in)
        said = time.monotonic()
        for done, example in enumerate(found.examples):
            if stop():
                break
            if progress is not None and time.monotonic() - said >= PROGRESS_EVERY_S:
                progress(done, len(found.examples))
                said = time.monotonic()
            # its sub-folder kept (3/monday/scan1.png): flat, a 3/tuesday/scan1.png was "already exists", and missing
            destination = target / example.path.relative_to(self.root)
            sidecar = destination.with_suffix(SIDECAR_SUFFIX)
            # a file named 5 there stopped the whole export at the first 5 ("[Errno 17] File exists"), digits unwritten
            if (blocking := file_in_the_way(destination.parent)) is not None:
                skipped.append(f"{destination}: {not_a_folder(blocking)}, left as it is")
                continue
            # resolved for each write, not once a folder: 3/ made a link to examples/4 once its first 3 was written
            # sent the other 3s among the 4s (5,000 checks of 3/monday/ took 0.35 s on a busy machine, the writes 17 s)
            if (into := self._link_into_examples(destination.parent)) is not None:
                skipped.append(f"{destination}: {into}, not written")
                continue
            if destination.parent not in tidied:  # an export killed outright left hidden .NAME.<hex>.tmp files there,
                tidied.add(destination.parent)  # which the next export to it left for good: only such writes go
                remove_stale_temporaries_in(destination.parent)  # unlocked: a dead writer's
            taken = os.path.lexists(destination) or (example.sidecar is not None and os.path.lexists(sidecar))
            try:
                files = _read_files(example)
            except OSError as err:  # deleted meanwhile (another RowReader window, a file manager)
                skipped.append(_gone(example, err))
                continue
            if (
                taken
                and _sidecar_to_add(destination, sidecar, files)
                and _sidecar_changes_hands(destination, True, listed) is None
            ):
                # an export killed outright between the picture's placing and its sidecar's left the picture alone:
                # the next one said "already exists, left as it is" of its own file, the strokes never exported
                try:
                    atomic_write_files([(sidecar, files[1])], replace=False)
                except NameTaken:  # written by another since it was looked at
                    pass
                except OSError as err:  # its "[Errno 13] …/3/.a.json.<hex>.tmp" ended the export, the 4s unwritten
                    skipped.append(_left_out(destination, _refused_by_folder(err, f"cannot write to {sidecar.parent}")))
                    continue
                else:
                    written += 1
                    continue
            if taken:
                # the same files, exported before: a second export to one folder named every example "left alone"
                # in a warning (530 of 530), the one file that differed lost among them
                no_sidecar = example.sidecar is None or not os.path.lexists(sidecar)  # a.json is a.png's, not a.jpg's
                if _holds(destination, files[0]) and (
                    _holds(sidecar, files[1]) if files[1] is not None else no_sidecar
                ):
                    already += 1
                else:  # a link there to nothing (the user's, to a file moved away) was replaced by the example
                    # the file that is there is named: "3/scan1.jpg: already exists" where only scan1.json was
                    taken_name = destination if os.path.lexists(destination) else sidecar
                    skipped.append(f"{taken_name}: already exists, left as it is")
                continue
            if not _name_fits(destination, files[1] is not None):  # the digits after it were never written
                skipped.append(f"{destination}: {NAME_TOO_LONG}")
                continue
            if (other := _sidecar_changes_hands(destination, files[1] is not None, listed)) is not None:
                skipped.append(f"{destination}: {other.name} is there, {SHARED_NAME}")
                continue
            try:
                _write_files(destination, *files)
            except NameTaken:  # written by another since it was looked at (two exports at once)
                if _same_pair_there(destination, *files):
                    already += 1  # the same example, exported by another window at that instant
                else:
                    skipped.append(f"{destination}: already exists, left as it is")
                continue
            except OSError as err:
                skipped.append(_left_out(destination, err))
                continue
            written += 1
            _named_in(listed, destination).append(destination)
        return Exported(written, skipped, already)
