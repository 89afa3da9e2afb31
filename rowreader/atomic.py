"""Atomic file writes: readers see the old file or the new one, never half of either (Ctrl-C, full disk)."""

from __future__ import annotations

import contextlib
import errno
import lzma
import math
import os
import re
import secrets
import shutil
import stat
import weakref
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO

from rowreader.output import first_characters, name_said, one_line
from rowreader.paths import (
    LOCK_SUFFIX,
    NotARegularFileError,
    disk_trouble,
    file_in_the_way,
    kernel_folder_problem,
    names_a_file,
    not_a_folder,
    refuse_nul,
    special_kind,
    unexpanded_home,
)

try:
    import fcntl
except ImportError:  # Windows
    fcntl = None  # type: ignore[assignment]
    import msvcrt


# A write's temporary: ".NAME.<16 hex digits>.tmp" beside NAME. A writer killed outright (SIGKILL, a power cut)
# leaves it behind; `remove_stale_temporaries` knows it by this name and by its writer's lock, at any age.
_TEMPORARY_TAIL = re.compile(r"\.[0-9a-f]{16}\.tmp")
_TEMPORARY_NAME = re.compile(r"\.(.+)" + _TEMPORARY_TAIL.pattern)  # the name written, in group 1


def _temporary(path: Path) -> Path:
    """The name a write of ``path`` goes through first: hidden, beside it, unique (22 characters longer)."""
    return path.parent / f".{path.name}.{secrets.token_hex(8)}.tmp"


def lock_file(fd: int, wait: bool = False) -> bool:
    """An exclusive lock on the open file ``fd``, which the OS frees when its process ends, however it ends; True
    if taken, False if another holds it (``wait``: until it is free). The one lock of the program: a training
    run's ``<out>.lock`` (training.files) and a write's temporary, held until its rename, so that a later run can
    tell a dead writer's leftover (unlocked) from a live writer's file. Windows locks the file's first byte.

    OSError where the file system takes no locks (``ENOLCK``: some network mounts): every error was "another holds
    it", so a converter or a training run there was refused as if one were running, now and every time after,
    with "wait for it to finish" and no way to make it pass."""
    try:
        if fcntl is not None:
            fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
        else:  # pragma: no cover - Windows only (LK_LOCK tries for 10 s, then fails)
            msvcrt.locking(fd, msvcrt.LK_LOCK if wait else msvcrt.LK_NBLCK, 1)
    except OSError as err:
        if err.errno in _HELD:
            return False
        raise
    return True


_HELD = {errno.EAGAIN, errno.EWOULDBLOCK, errno.EACCES, errno.EDEADLK}  # flock's and msvcrt's "another holds it"


def _locked_and_named(f: BinaryIO, tmp: Path) -> bool:
    """Lock the new temporary ``f`` (where locks exist); False, ``f`` closed, where a tidy of what killed writers left
    (:func:`remove_stale_temporaries`) took it for a dead one's in the instant between its creation and its lock
    and removed it: a file of no name, whose rename would fail. So an unlocked temporary is a dead writer's at any
    age, and a tidy removes it at once: one a minute old only, an export or import run again at once after one was
    killed (`kill -9`, a power cut) left that one's temporaries for good."""
    if fcntl is None:  # Windows renames no open file: closed once written, it holds no lock to its rename
        return True
    try:
        lock_file(f.fileno(), wait=True)
    except OSError:  # a file system without locks: written unlocked, as on Windows (and never tidied there)
        return True
    except BaseException:
        f.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if os.fstat(f.fileno()).st_nlink:
        return True
    f.close()
    return False


def _new_temporary(path: Path) -> tuple[Path, BinaryIO]:
    """A new, empty temporary of ``path`` (:func:`_temporary`), open and locked (where locks exist), so that no tidy
    of another process takes it for a dead writer's; its path and file."""
    # Not mkstemp: it makes the file private (0600). An exclusive create with mode 0o666 gets the mode a plain
    # open() would have (the umask applies) without touching the process-wide umask, which threads share.
    while True:
        tmp = _temporary(path)
        try:
            fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o666)
        except OSError:  # not made (its name taken: O_EXCL)
            raise
        except BaseException:
            # a stop (SIGTERM, Ctrl-C) that came as the file was made is raised as the open returns, its descriptor
            # lost: a fine-tune so stopped said "nothing was written" and left an empty .NAME.<hex>.tmp beside it
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        try:
            f = os.fdopen(fd, "wb")
        except BaseException:  # a stop inside fdopen left the empty temporary (fdopen closes the descriptor itself)
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        try:
            named = _locked_and_named(f, tmp)
        except BaseException:  # a stop just after its lock, outside that one's own tidy
            f.close()
            with contextlib.suppress(OSError):
                os.unlink(tmp)
            raise
        if named:
            return tmp, f


def _write_temporary(path: Path, data: bytes) -> tuple[Path, BinaryIO]:
    """``data`` in a new temporary file beside ``path``, flushed to disk and still open (locked; closed already
    where there are no locks); the temporary's path and file, which the caller closes once it is renamed."""
    tmp, f = _new_temporary(path)
    try:
        f.write(data)
        f.flush()
        os.fsync(f.fileno())
    except BaseException:
        with contextlib.suppress(OSError):  # a small file fails at its flush on a full disk, and so does its close
            f.close()
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    if fcntl is None:
        f.close()
    return tmp, f


def refuse_special(path: str | os.PathLike[str]) -> None:
    """NotARegularFileError if ``path`` is a named pipe, a socket or a device: a write renames its temporary over
    what is there, and `training.merge … --out /dev/null --force`, run as root, replaced the system's /dev/null
    with a checkpoint (a pipe or a socket the same way). A link is replaced itself, never what it points to.
    IsADirectoryError for a folder (``save_checkpoint("")`` wrote the whole file, then said "[Errno 16] Device or
    resource busy: '.'"), and for a name that means one: ``save_checkpoint("runs/", …)`` wrote a file named runs
    (pathlib drops the slash), where the command lines refuse such an ``--out``."""
    try:
        mode: int | None = os.lstat(Path(path)).st_mode  # Path("") is ".", which the write's rename would meet
    except OSError as err:  # absent (or unreachable: the write says why)
        # `save_checkpoint("pipe/m.safetensors")` was "[Errno 20] Not a directory", Ctrl+S into a loop of links
        # "Too many levels of symbolic links", neither naming what stood where a folder goes
        blocking = file_in_the_way(Path(path).parent) if err.errno in (errno.ENOTDIR, errno.ELOOP) else None
        if blocking is not None:
            raise NotADirectoryError(f"cannot write {path}: {not_a_folder(blocking)}") from err
        mode = None
    if mode is not None and stat.S_ISDIR(mode):
        shown = os.fspath(path) or "'' (the current folder)"
        raise IsADirectoryError(f"{shown}: is a folder, not a file; nothing is written (give a file's name)")
    if not names_a_file(os.fspath(path)):  # not a folder there (yet): "runs/", or "m.safetensors/" over a file
        raise IsADirectoryError(f"{path}: names a folder, not a file; nothing is written (give a file's name in it)")
    if mode is None:
        return
    if not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise NotARegularFileError(
            f"{path}: is {special_kind(mode)}, not a regular file; nothing is written over it (give another path)"
        )


def _refuse_missing_folder(path: str | os.PathLike[str]) -> None:
    """FileNotFoundError naming the folder when ``path``'s folder is missing: ``save_checkpoint("runs/m.safetensors")``
    said "[Errno 2] No such file or directory: 'runs/m.safetensors'", of a file nobody expected to be there, and
    ``save_checkpoint("~/m.safetensors")`` the same where a picture or checkpoint read so says why ``~`` is no
    home folder. (A file in the folder's place is :func:`refuse_special`'s.)"""
    folder = Path(path).parent
    if folder.is_dir() or file_in_the_way(folder) is not None:
        return
    why = unexpanded_home(path, writing=True) or "make it first"
    raise FileNotFoundError(f"cannot write {path}: there is no folder {folder}; {why}")


def _refuse_kernel_folder(path: str | os.PathLike[str]) -> None:
    """OSError, in words, for a file in ``/proc`` or ``/sys``: the kernel makes those folders and takes no new
    file there. ``save_checkpoint("/proc/x.st")`` said "[Errno 2] No such file or directory" of a folder that
    exists."""
    if (why := kernel_folder_problem(path)) is not None:
        raise OSError(f"cannot write {path}: {why}; choose another folder")


def atomic_write_files(
    files: Sequence[tuple[str | os.PathLike[str], bytes]],
    replace: bool = True,
    removing: Sequence[str | os.PathLike[str]] = (),
) -> None:
    """Write several files that belong together (a checkpoint and its training state): each goes in full to a
    temporary file first, and only when all are on disk do they replace their predecessors, in the order given.

    A full disk used to strike between two files: the training state of epoch 1 was written, its checkpoint not,
    and ``--resume`` refused for good the run it had just saved. Now a failed write leaves every file as it was.
    An error names the file it was writing (``OSError.filename``), not a temporary nobody knows of.

    ``replace=False``: new files only, all or none: :class:`NameTaken` (naming the file) if any name is taken
    at the moment of writing, what was placed of the others taken back (see :func:`_place_new`).

    ``removing``: files that belong with those replaced and must not outlive them, removed once every temporary is
    written, before the first rename (one absent already is fine). The renames go one by one, so a stop between them
    (SIGKILL) left a saved drawing's new picture beside the last drawing's 28×28 input, a pair of two drawings; with
    the old input removed first, a stop leaves at worst a picture (the old or the new) without its input, never
    beside another's. A removal refused fails the write, nothing renamed.
    """
    for name, _ in files:
        refuse_nul(name, "file")  # it was "ValueError: embedded null byte", naming no file
        refuse_special(name)
        _refuse_missing_folder(name)
        _refuse_kernel_folder(name)
    written: list[tuple[Path, BinaryIO, Path]] = []
    try:
        for name, data in files:
            path = Path(name)
            try:
                written.append((*_write_temporary(path, data), path))
            except OSError as err:
                raise OSError(err.errno, err.strerror or str(err), name_said(str(path))) from err
        for gone in removing:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(gone)
        placed: list[tuple[Path, BinaryIO, Path]] = []
        for tmp, f, path in written:
            try:
                if replace:
                    os.replace(tmp, path)
                else:
                    _place_new(tmp, path)
                    placed.append((tmp, f, path))
            except OSError as err:
                for placed_tmp, _, new in placed:  # all or none: this one's name was taken, the others go again
                    _take_back(new, placed_tmp)
                if isinstance(err, NameTaken):
                    raise NameTaken(err.errno, err.strerror, str(path)) from err
                raise OSError(err.errno, err.strerror or str(err), name_said(str(path))) from err
        for tmp, _, _ in placed:  # the new names hold the files; the temporaries' names go
            with contextlib.suppress(OSError):
                os.unlink(tmp)
    except BaseException:
        for tmp, _, _ in written:  # those already renamed are gone: nothing to remove
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        raise
    finally:
        for _, f, _ in written:
            f.close()  # and so unlocked


class NameTaken(FileExistsError):
    """A write of new files only (``atomic_write_files(..., replace=False)``) found one of their names taken."""


# os.link's refusals on a file system without hard links (FAT on a stick, some network shares and FUSE mounts)
_NO_HARD_LINKS = frozenset({errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK, errno.ENOSYS})


def _place_new(tmp: Path, path: Path) -> None:
    """The written temporary ``tmp`` given the name ``path``, never replacing a file there: a hard link, which the
    file system refuses where the name is taken (:class:`NameTaken`), even if another writer made it a moment
    before. (A rename replaces what it finds: two processes moving files of one name into one folder, each having
    found the name free, both said "moved" while one file was lost. Python has no ``renameat2(RENAME_NOREPLACE)``.)
    The temporary's own name goes once every file is placed. Where there are no hard links, the name is looked at,
    then renamed into: another writer could still come between, as before."""
    try:
        os.link(tmp, path)  # the temporary is a file of ours, never a link
    except FileExistsError as err:
        raise NameTaken(err.errno, err.strerror, str(path)) from err
    except OSError as err:
        if err.errno not in _NO_HARD_LINKS:
            raise
        if os.path.lexists(path):
            raise NameTaken(errno.EEXIST, os.strerror(errno.EEXIST), str(path)) from err
        try:
            os.rename(tmp, path)  # the temporary is gone with it: its unlink later finds nothing
        except FileExistsError as taken:  # Windows renames onto no file
            raise NameTaken(taken.errno, taken.strerror, str(path)) from taken


def _take_back(path: Path, tmp: Path) -> None:
    """Remove ``path``, placed by :func:`_place_new` from a temporary that is still there (or renamed into it): only
    while it is the very file written, so a file another writer put there since is left."""
    with contextlib.suppress(OSError):
        if not os.path.lexists(tmp) or os.path.samestat(os.lstat(path), os.lstat(tmp)):
            os.unlink(path)


def remove_stale_temporaries(path: str | os.PathLike[str]) -> list[Path]:
    """Remove the temporaries of ``path`` that a writer killed outright left beside it (SIGKILL while a
    checkpoint was saved left hidden ``.NAME.<hex>.tmp`` files, each as large as the checkpoint, for good).

    A file is removed only if all of these hold, so nothing that is not ours goes: its name is a temporary of
    ``path`` (``.NAME.`` + 16 hex digits + ``.tmp``), it is a regular file (not a link) of this user, and no writer
    holds its lock (a live writer holds it until its rename; the OS frees a dead one's). At any age: a writer locks
    its temporary as it makes it, or makes another (:func:`_locked_and_named`); a minute's wait, kept by some callers
    until the fifty-sixth round, left a save killed and run again at once its killed one's temporary, and kept one
    whose time lay ahead (the clock set back). Where file locks are missing (Windows) nothing is removed. Returns
    what was removed."""
    path = Path(path)
    if fcntl is None:
        return []
    prefix = f".{path.name}"
    removed = []
    try:
        names = [n for n in os.listdir(path.parent or ".") if n.startswith(prefix)]
    except OSError:
        return []
    for name in names:
        if not _TEMPORARY_TAIL.fullmatch(name[len(prefix) :]):
            continue
        tmp = path.parent / name
        try:
            fd = os.open(tmp, os.O_RDONLY | os.O_NOFOLLOW | getattr(os, "O_NONBLOCK", 0))
        except OSError:  # a link, gone meanwhile, or not ours to read
            continue
        try:
            info = os.fstat(fd)
            ours = stat.S_ISREG(info.st_mode) and info.st_uid == os.getuid()
            if ours and lock_file(fd):
                os.unlink(tmp)
                removed.append(tmp)
        except OSError:
            pass
        finally:
            os.close(fd)
    return removed


def remove_stale_temporaries_in(folder: str | os.PathLike[str], named: str = "") -> None:
    """:func:`remove_stale_temporaries` of every file whose temporaries lie in ``folder``, whatever its name (or whose
    name begins with ``named``): a write of a new name (an example imported under a fresh name) killed outright left
    ``.NAME.<hex>.tmp`` with no NAME beside it, hidden and never removed. The same checks decide what goes."""
    try:
        names = os.listdir(folder)
    except OSError:
        return
    written = {m[1] for name in names if (m := _TEMPORARY_NAME.fullmatch(name)) and m[1].startswith(named)}
    for name in sorted(written):
        remove_stale_temporaries(Path(folder, name))


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it into place."""
    atomic_write_files([(path, data)])


# what a cache write leaves free on its disk: more than a run writes next (the shipped model is 1.6 MB, an LSTM
# of 1,024 units 17 MB)
CACHE_LEAVES_FREE = 64 * 1024 * 1024


def write_cache(path: str | os.PathLike[str], data: bytes) -> None:
    """Write the cache file ``path`` atomically, unless that would leave its disk under :data:`CACHE_LEAVES_FREE`
    bytes free: then it is not kept, which costs the next run the time to make it again. On a home with 2.0 MB free a
    fine-tune checked that its model (1.6 MB) had room, kept its replay digits in the cache (0.8 MB) and lost its
    105 s of fine-tuning at the end, "the disk filled while it was taught" by itself."""
    if shutil.disk_usage(Path(path).parent).free - len(data) >= CACHE_LEAVES_FREE:
        atomic_write_bytes(path, data)


@contextlib.contextmanager
def cached_npz(path: str | os.PathLike[str], largest: int) -> Iterator[Any]:
    """The arrays of the ``.npz`` cache at ``path`` that :func:`write_cache` wrote (``np.load``'s NpzFile), read
    from its one opening; ``ValueError`` for what it never writes there: a named pipe (opened, it waited for a writer
    for good: the dock's reading, and a teach's replay digits, the teach dialog held at its start), a link, a file
    over ``largest`` bytes, one array (``np.save``'s: ``with`` of the array ``np.load`` gave was a TypeError out of
    both). ``OSError`` where there is nothing. A pipe seen by name is left unopened (opening one, even without
    waiting, lets a writer blocked on it go on); then it is opened without waiting and what was opened is asked
    (``fstat``): checked by name and handed to ``np.load`` by name, a pipe swapped in between was waited on."""
    import numpy as np  # as the callers do; the module's other writers need none

    if not stat.S_ISREG(os.lstat(path).st_mode) and not os.path.islink(path):
        raise ValueError(f"{path}: not a cache written here")
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError as err:
        if err.errno == errno.ELOOP:  # O_NOFOLLOW's refusal of a link
            raise ValueError(f"{path}: a link, not a cache written here") from err
        raise
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode) or info.st_size > largest:
            raise ValueError(f"{path}: not a cache written here")
        try:
            data = np.load(file, allow_pickle=False)
        except _UNREAD as err:  # a byte flipped in the zip's directory: "zip file version 10.9"
            raise ValueError(f"{path}: {err}, not a cache written here") from err
        if not isinstance(data, np.lib.npyio.NpzFile):
            raise ValueError(f"{path}: one array, not a cache written here")
        with data:
            _refuse_promises(data, path, largest)
            try:
                yield data
            except _UNPACKED as err:  # a member's stream broken past its header, found as the caller reads it
                raise ValueError(f"{path}: {err}, not a cache written here") from err


# What zipfile's reading of a member whose packed bytes are damaged raises beyond OSError, EOFError and BadZipFile,
# which the callers take for no cache: a one-byte flip in an example index was zlib's error out of read_index
_UNPACKED = (zlib.error, lzma.LZMAError)
# ... and what it raises for a member or a directory it does not read: encrypted, packed by a method or a version it
# does not know
_UNREAD = (*_UNPACKED, NotImplementedError, RuntimeError)


def _refuse_promises(data: Any, path: str | os.PathLike[str], largest: int) -> None:
    """``ValueError`` where a member of the ``.npz`` ``data`` is no array, or its header promises more bytes than
    the member holds or than ``largest``: ``np.load`` allocates the whole promise before it reads a byte, so an index
    of 251 bytes saying 4 TiB was a MemoryError out of the dock's reading, and a member of raw bytes was handed back
    as ``bytes``. A member zipfile cannot unpack (encrypted, or packed by a method it does not read: zipfile's
    ``RuntimeError`` and ``NotImplementedError``) is no array either. Headers only are read here."""
    import numpy as np

    readers = {(1, 0): np.lib.format.read_array_header_1_0, (2, 0): np.lib.format.read_array_header_2_0}
    for info in data.zip.infolist():
        try:
            with data.zip.open(info) as member:
                version = np.lib.format.read_magic(member) if info.filename.endswith(".npy") else None
                shape, _, dtype = readers[version](member)
        except (KeyError, ValueError) as err:  # not an array of np.save's versions 1 and 2
            raise ValueError(f"{path}: {info.filename!r} is no array, not a cache written here") from err
        except _UNREAD as err:  # broken, encrypted, of a method not read
            raise ValueError(f"{path}: {info.filename!r}: {err}, not a cache written here") from err
        if math.prod(shape) * dtype.itemsize > min(info.file_size, largest):
            raise ValueError(f"{path}: {info.filename!r} promises more than it holds, not a cache written here")


def _longest(path: Path, limit: str, common: int) -> int:
    """The file system's ``limit`` ("PC_NAME_MAX": a name's bytes, "PC_PATH_MAX": a path's) where ``path`` (or its
    nearest folder that exists) lies; ``common``, the usual limit, where it does not say."""
    for folder in Path(os.path.abspath(path)).parents:
        try:
            return os.pathconf(folder, limit)
        except (OSError, ValueError, AttributeError):  # absent, or no pathconf (Windows)
            continue
    return common


def name_max(path: str | os.PathLike[str]) -> int:
    """The most bytes a file's name may have where ``path`` lies (255 where the file system does not say)."""
    return _longest(Path(path), "PC_NAME_MAX", 255)


def path_max(path: str | os.PathLike[str]) -> int:
    """The bytes a whole path must stay under where ``path`` lies, its ending NUL counted (4,096 where the system
    does not say): names each short enough can still make a path no system call takes."""
    return _longest(Path(path), "PC_PATH_MAX", 4096)


def _too_long_with_temporary(path: Path, limit_known: bool = True) -> str:
    """In bytes, the limit's own unit: a Hindi name of 249 bytes was said "its name (87 characters) is too long",
    where a longer one is said "names of 255 bytes at most" (:func:`name_too_long`); and how long a name may be,
    where the file system said its limit (``limit_known``), not "give a shorter one", which left the user guessing
    by how much."""
    size = len(os.fsencode(path.name))
    extra = len(os.fsencode(_temporary(path).name)) - size
    advice = f"give one of {name_max(path) - extra:,} bytes at most" if limit_known else "give a shorter one"
    return (
        f"cannot write {name_said(os.fspath(path))}: its name ({size:,} bytes) is too long for this file system once "
        f"a write's temporary name is made of it ({extra} more); {advice}"
    )


def name_too_long(path: str | os.PathLike[str]) -> str | None:
    """Which name in ``path`` is longer than the file system takes, in words, or ``None``. One rule for a file to
    write (``--out``), a folder to read (``--data-dir``) and a file to read (``--checkpoint``): a folder's name of
    300 bytes was said three ways, the last as "checkpoint not found" or "(File name too long)"."""
    path = Path(path)
    longest = name_max(path)
    for part in path.parts:
        if (size := len(os.fsencode(part))) > longest:
            what = "its name" if part == path.name else f"its folder name {one_line(first_characters(part, 20))}…"
            return (
                f"{what} is {size:,} bytes long, and this file system takes names of {longest} bytes at most; "
                "give a shorter one"
            )
    return None


def refuse_long_name(path: str | os.PathLike[str]) -> None:
    """OSError, in words, if a name in ``path`` (or the temporary a write makes of its name) is longer than the file
    system takes. Asked before anything looks at ``path``: a 300-character ``--out`` was refused by the first
    look, in Python's words ("[Errno 36] File name too long: 'aaa…'"). :func:`check_writable` asks it first; the
    training commands' own checks, which look at their outputs before that, ask it too."""
    path = Path(path)
    longest = _longest(path, "PC_NAME_MAX", 255)
    said = name_said(os.fspath(path))  # a 5,000-character --out was said whole, a line of 5,161 characters
    if (why := name_too_long(path)) is not None:
        raise OSError(f"cannot write {said}: {why}")
    if len(os.fsencode(_temporary(path).name)) > longest:
        raise OSError(_too_long_with_temporary(path))
    size = len(os.fsencode(_temporary(path)))
    if size >= (longest_path := path_max(path)):  # the limit counts the ending NUL
        raise OSError(
            f"cannot write {said}: its path, with the 22 characters a write's temporary adds, is {size:,} bytes long, "
            f"and this system takes paths under {longest_path:,} bytes; give a shorter one"
        )


def refuse_unwritable(path: str | os.PathLike[str]) -> None:
    """OSError, in words, if a write of ``path`` is sure to fail for what stands there (a folder, a FIFO, a device,
    a file where a folder should be, a name too long) or for its disk (full, mounted read-only): asked before a
    command works for minutes, and unlike :func:`check_writable` it makes no folder, so a command that then fails
    for another reason leaves none."""
    refuse_long_name(path)
    _refuse_kernel_folder(path)
    refuse_special(path)
    # a full disk or one mounted read-only was said by the write, in Python's words, after the window was drawn
    # (`gui.screenshot`) or a whole teach (`gui.teach_screenshot`)
    nearest = next((folder for folder in Path(path).parents if os.path.isdir(folder)), None)
    if nearest is not None and (disk := disk_trouble(nearest)) is not None:
        advice = WHAT_TO_DO[errno.ENOSPC] if disk.endswith("full disk") else "; choose a folder on another disk"
        raise OSError(f"cannot write {path}: {nearest} {disk}{advice}")


# What to do about a folder that refuses a file, by the refusal: "cannot write to /x: Permission denied" said what
# but not what to do (Ctrl+S's "No space left on device" too).
WHAT_TO_DO = {
    errno.EACCES: "; choose a folder you may write to, or make this one writable",
    errno.EPERM: "; choose a folder you may write to, or make this one writable",
    errno.EROFS: "; it is mounted read-only: choose a folder on another disk",
    errno.ENOSPC: "; free some space there, or choose a folder on another disk",
    errno.EDQUOT: "; free some of your space there, or choose a folder on another disk",
}


def unwritten(path: str | os.PathLike[str], err: OSError) -> str:
    """Why a write of ``path`` failed (``err``, from :func:`atomic_write_files`), in words, with what to do. A disk
    with a few blocks free passes :func:`refuse_unwritable` (``statvfs`` counts them) and is full to a larger file:
    ``gui.screenshot`` onto a disk with 8 kB free said "[Errno 28] No space left on device: '…/s.png'", and
    ``training.drawn`` the system's words without what to do. Words of our own (``err`` with no ``strerror``)
    name the file already, and are passed on as they are."""
    if not err.strerror:
        return str(err)
    why = err.strerror
    if err.errno == errno.ENOSPC:  # ENOSPC: this file did not fit, whatever statvfs counts free
        nearest = next((f for f in Path(path).absolute().parents if os.path.isdir(f)), None)
        with contextlib.suppress(OSError, TypeError, AttributeError):
            why = f"its disk is full ({_amount(shutil.disk_usage(nearest).free)} free, too little for it)"
            info = os.statvfs(nearest)  # blocks to spare, but no inode: no file fits, however small
            if info.f_files and info.f_favail == 0:
                why = "its disk takes no more files (every inode on it is used)"
    return f"cannot write {err.filename or path}: {why}{WHAT_TO_DO.get(err.errno or 0, '')}"


def _amount(size: int) -> str:
    """``size`` bytes as a person reads it: "8 kB", "310 MB", "1.5 GB" (1,517,675 kB was hard to take in); the unit
    is the one the number rounded belongs to (999,999,999 bytes was "1,000 MB"), and under a kilobyte, the bytes
    (400 was "0 kB free")."""
    if size < 999.5:
        return f"{size:,} byte{'' if size == 1 else 's'}"
    for unit, scale in (("GB", 1e9), ("MB", 1e6)):
        if (rounded := size / scale) >= 0.9995:  # "1.0" or more once rounded: "1,000 kB" is "1.0 MB"
            return f"{rounded:,.{1 if rounded < 9.95 else 0}f} {unit}"
    return f"{size / 1e3:,.0f} kB"


def check_writable(path: str | os.PathLike[str], advise: bool = True) -> None:
    """Fail now, with the reason, if ``path`` could not be written later (before hours of training).

    The probe is a temporary file of the very name a write makes: a name the file system takes but not with the
    22 characters a write adds (a 236-character ``--out``) passed the old, shorter probe and failed after an epoch.
    ``advise=False``: the reason without what to do at a command line ("choose a folder on another disk"), for a
    folder nobody chose (the app's own: its Ctrl+T said so of its models folder, which no setting changes).
    """
    path = Path(path)
    folder = path.parent
    refuse_long_name(path)
    _refuse_kernel_folder(path)
    if path.is_dir():
        raise OSError(f"{path} is a folder, not a file path")
    refuse_special(path)
    if (home := unexpanded_home(path, writing=True)) is not None:  # it made a folder named "~" here
        raise OSError(f"cannot write {path}: {home}")
    # a run killed while saving left them (an export killed at this probe, its own): this one would write the same
    # file. An export run again at once after one killed at its probe left `..rowreader-export.<hex>.tmp` on the
    # stick while the sweep waited a minute
    remove_stale_temporaries(path)
    try:
        folder.mkdir(parents=True, exist_ok=True)
        # locked as a write's temporary is: unlocked, it was a dead writer's to the tidy of another process (a
        # RowReader window starting as this one's Ctrl+T looked, a run taking its --out's lock), which removed it,
        # and this check failed, "[Errno 2] No such file or directory: '….mine-….safetensors.<hex>.tmp'"
        probe, handle = _new_temporary(path)
    except OSError as err:
        # mkdir's own word for a file where a folder should be is "File exists" or "Not a directory": say which
        if (blocking := file_in_the_way(folder)) is not None:
            raise OSError(f"cannot write {path}: {not_a_folder(blocking)}") from err
        if err.errno == errno.ENAMETOOLONG:  # a file system that said it takes longer names than it does
            raise OSError(_too_long_with_temporary(path, limit_known=False)) from err
        # the folder refused is the nearest that is there: `--out ro/new/m.safetensors` named ro/new, which is not
        refused = next((f for f in (folder, *folder.parents) if f.is_dir()), folder)
        advice = WHAT_TO_DO.get(err.errno, "") if advise else ""
        raise OSError(f"cannot write to {refused}: {err.strerror or err}{advice}") from err
    try:
        if fcntl is None:  # pragma: no cover - Windows removes no open file (and holds no lock on it)
            handle.close()
        os.unlink(probe)
    finally:
        handle.close()


class LockHeld(OSError):
    """Another process holds the lock file; callers say what that process is doing (training, a download)."""


def lock_path(path: str | os.PathLike[str]) -> Path:
    """``runs/m.safetensors`` → ``runs/m.safetensors.lock``, the file :func:`take_lock` holds for ``path``."""
    path = Path(path)
    return path.with_name(path.name + LOCK_SUFFIX)


def _open_lock(lock: Path) -> IO[str]:
    """``lock`` opened (made if missing), if it is one: an empty regular file. Its holder removes it at the end, so
    a user's ``m.safetensors.lock`` (notes, a link to a picture) was deleted by a run with ``--out m.safetensors``
    (a link's target was locked too); anything else at that name is refused, left as it is."""
    flags = os.O_RDWR | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(lock, flags, 0o666)
    except OSError as err:
        if err.errno not in (errno.ELOOP, errno.EISDIR):
            raise
        why = "it is a link" if err.errno == errno.ELOOP else "it is a folder"
    else:
        info = os.fstat(fd)
        if stat.S_ISREG(info.st_mode) and info.st_size == 0:
            return os.fdopen(fd, "a+")
        os.close(fd)
        regular = stat.S_ISREG(info.st_mode)
        why = f"it holds {info.st_size:,} bytes" if regular else f"it is {special_kind(info.st_mode)}"
    raise OSError(
        f"{lock} is in the way: it would be this program's lock file, but {why}; it is left as it is: move it, or "
        "choose another name"
    )


def take_lock(path: str | os.PathLike[str]) -> IO[str]:
    """The open, exclusively locked ``<path>.lock`` (made, with its folders, if missing); :class:`LockHeld` if
    another process holds it. The OS frees the lock when its holder ends in any way (even killed), so no stale
    lock ever blocks a later run.

    Its last holder removes it while still holding it, so a process that opened it just before may lock a file
    no one can find any more: it then takes the one now at that name (compared by inode), as lock-file tools do.
    """
    lock = lock_path(path)
    lock.parent.mkdir(parents=True, exist_ok=True)
    while True:
        handle = _open_lock(lock)
        try:
            taken = lock_file(handle.fileno())
        except OSError as err:
            handle.close()
            with contextlib.suppress(OSError):  # an empty lock no one can hold: not left behind
                lock.unlink()
            raise OSError(
                f"cannot lock {lock}: the file system there takes no locks ({err.strerror or err}), and without one "
                "two runs could write the same file; choose a folder on a local disk",
            ) from err
        if not taken:
            handle.close()
            raise LockHeld(errno.EWOULDBLOCK, "another process holds it", str(lock))
        try:
            if os.path.samestat(os.fstat(handle.fileno()), os.stat(lock)):
                _hold_its_folder(handle, lock)
                return handle
        except FileNotFoundError:
            pass
        handle.close()


# Each lock's folder, held open while the lock is: the lock's holder finds the file there wherever the folder goes
_FOLDERS: weakref.WeakKeyDictionary[IO[str], tuple[int, weakref.finalize]] = weakref.WeakKeyDictionary()


def _hold_its_folder(handle: IO[str], lock: Path) -> None:
    """Open the folder of ``lock`` (the file ``handle`` holds) for :func:`drop_lock`, where the system opens folders
    (not Windows) and the file is still there at once; closed with ``handle``'s drop (or when it is forgotten)."""
    with contextlib.suppress(OSError):
        folder = os.open(lock.parent, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
        closes = weakref.finalize(handle, os.close, folder)
        if os.path.samestat(os.fstat(handle.fileno()), os.stat(lock.name, dir_fd=folder, follow_symlinks=False)):
            _FOLDERS[handle] = folder, closes
        else:  # moved between the two: the lock is removed by its name alone
            closes()


def drop_lock(path: str | os.PathLike[str], handle: IO[str]) -> None:
    """Remove ``<path>.lock`` while holding it (no empty lock file stays beside every model), then release it. Only
    the file held goes: a run whose folder was removed and made again while it went on removed the lock another run
    had taken there since. Removed by its name alone, the lock of a run whose folder was moved away (renamed in a
    shell mid-teach) stayed where the folder went, for good; then it went only where Linux's /proc named the file
    (macOS has none): it is removed in its folder, held open since the lock was taken (:func:`_hold_its_folder`)."""
    lock, (folder, closes) = lock_path(path), _FOLDERS.pop(handle, (None, None))
    with contextlib.suppress(OSError, ValueError):  # Windows cannot remove an open file: it stays, harmless
        name = lock.name if folder is not None else lock
        if os.path.samestat(os.fstat(handle.fileno()), os.stat(name, dir_fd=folder, follow_symlinks=False)):
            os.unlink(name, dir_fd=folder)
    if closes is not None:
        closes()
    handle.close()


def keep_lock(path: str | os.PathLike[str], handle: IO[str]) -> IO[str]:
    """The lock of ``path`` held on, before a holder writes again: ``handle`` while ``<path>.lock`` is still the file
    it holds; else that file taken now (:func:`take_lock`; ``handle`` closed), :class:`LockHeld` if another process
    holds it. A training run whose folder was removed (or moved) and made again went on holding a lock no one could
    find; a second run took the new one, and both wrote the same checkpoint, state and CSV, each saying "done". A
    folder that is gone is not made again here: ``handle`` as it is (the write then says the folder is gone)."""
    lock = lock_path(path)
    if not lock.parent.is_dir():
        return handle
    with contextlib.suppress(FileNotFoundError):
        if os.path.samestat(os.fstat(handle.fileno()), os.stat(lock)):
            return handle
    renewed = take_lock(path)
    handle.close()
    return renewed


def lock_held(path: str | os.PathLike[str]) -> bool:
    """Whether another process holds ``<path>.lock`` (:func:`take_lock`) now: asked without making the file or
    waiting, by a reader of what the holder writes. False if there is no such file, or something there that is no
    lock of ours (a link, a pipe, a file with bytes in it)."""
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
    try:
        fd = os.open(lock_path(path), flags)
    except OSError:
        return False
    try:
        info = os.fstat(fd)
        if not (stat.S_ISREG(info.st_mode) and info.st_size == 0):
            return False
        try:
            if not lock_file(fd):
                return True
        except OSError:  # a file system without locks: no one holds one there
            return False
        if fcntl is None:  # pragma: no cover - Windows wants a lock undone before its file is closed
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return False
    finally:
        os.close(fd)  # frees the lock if it was taken


@contextlib.contextmanager
def holding_lock(path: str | os.PathLike[str]) -> Iterator[Path]:
    """Hold ``<path>.lock`` (:func:`take_lock`) while the body runs; :class:`LockHeld` at once if another process
    holds it. Training locks its outputs so; ``load_mnist(download=True)`` the folder it downloads into."""
    handle = take_lock(path)
    try:
        yield lock_path(path)
    finally:
        drop_lock(path, handle)
