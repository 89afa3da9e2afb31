"""Settings read back as the types the window needs: a hand-edited or damaged settings file never stops the app.

``QSettings.value(key, type=float)`` happily returns NaN or infinity (and ``type=int`` raises on them), and
turns text such as ``"abc"`` into 0. Every number read here is parsed, checked finite and clamped; anything
unusable falls back to the default.
"""

from __future__ import annotations

import contextlib
import math
import os
import re
import stat
import sys
from pathlib import Path

from PySide6.QtCore import QByteArray, QCoreApplication, QLockFile, QSettings, QStandardPaths

from gui import APP
from gui.hand_edits import KEPT, keep_hand_edits
from gui.qt_folders import not_named
from gui.qt_quiet import what_qt_says
from rowreader.launch import command_name, say
from rowreader.output import counted
from rowreader.paths import disk_trouble, file_in_the_way, not_a_folder, open_regular_file, special_kind

# The window's settings are a dozen keys, about 1 kB: a file of 49 MB (a million keys) took Qt 4 s and 630 MB to
# read before the window showed. Over this it is not read at all.
MAX_SETTINGS_BYTES = 1_000_000
# characters: the longest path of any system the app runs on (Windows' long paths; Linux's is 4,096 bytes)
LONGEST_PATH = 32_767
NOT_READ = "rowreader_not_read"  # the property of an in-memory QSettings that holds why it has no file
# what follows the settings file's name in Qt's temporary for a save (QSaveFile's QTemporaryFile: six letters or
# digits, ``RowReader.conf.npXhla``)
_QT_TEMPORARY = re.compile(r"[A-Za-z0-9]{6}")
SAVE_SECONDS = 60  # the longest a save of the settings (at most 1 MB) takes, lock to rename, on the slowest disk


def app_settings() -> QSettings:
    """The app's settings (``QSettings()``), unless a file Qt would read for them is too large to be settings, a
    named pipe, socket or device, or one this user may not read (:func:`_may_read`): then settings held in memory,
    started clean, and one line on stderr says so; the file is left as it is (never read, never written over). Qt
    reads the file as the QSettings is made (a named pipe with no writer: for ever, and no window ever showed), so it
    is looked at first. Where Qt cannot name their folder (:mod:`gui.qt_folders`), they are held in memory too: Qt
    would have written them elsewhere. The line names the app as typed: `python -m gui` said "rowreader-gui: …"
    here and "python -m gui: interrupted" as it stopped."""
    if why := not_named(QStandardPaths.StandardLocation.GenericConfigLocation):
        say(f"{command_name(APP)}: {why}, which Qt cannot name: settings are not saved")
        # the whole advice: it ended "… a folder whose name is", its last word lost
        whole = (
            f"{why}, which Qt cannot name: set $XDG_CONFIG_HOME to a folder whose name is UTF-8 and start the app again"
        )
        return _in_memory(why, whole)
    files = _settings_files()
    for path in files:
        try:
            info = path.stat()
        except OSError:
            continue
        if stat.S_ISREG(info.st_mode) and info.st_size > MAX_SETTINGS_BYTES:
            why = f"is {info.st_size / 1e6:.0f} MB, too large for settings (at most {MAX_SETTINGS_BYTES / 1e6:g} MB)"
            short = "is too large"
        elif not stat.S_ISREG(info.st_mode) and not stat.S_ISDIR(info.st_mode):  # a folder: settings_trouble says so
            why = short = f"is {special_kind(info.st_mode)}, not a file"
        elif stat.S_ISREG(info.st_mode) and not _may_read(path):
            why = "cannot be read (chmod u+rw lets RowReader read and save it)"
            say(f"{command_name(APP)}: {path} {why}: left as it is; starting clean")
            return _in_memory(f"{path.name} cannot be read", f"{path} {why}")
        else:
            continue
        say(f"{command_name(APP)}: {path} {why}: not read, and left as it is; starting clean")
        return _in_memory(f"{path.name} {short}: not read", f"{path} {why}: not read")
    for path in files:
        sweep_save_leftovers(path)
    # Qt's own line for a value it cannot read ("QVariant::load: unknown user type with name …") named no file
    # beside the app's, which says what it is and that the file is left as it is
    with what_qt_says([]):
        settings = QSettings()
        path = Path(settings.fileName())
        if _read_only(path):  # root may write anyway: the close wrote it over and made it writable (0o644)
            whole = f"{path} is read-only (chmod u+w to let RowReader save its settings)"
            say(f"{command_name(APP)}: {path} is read-only: read, and left as it is; changes are not saved")
            return _in_memory(f"{path.name} is read-only", whole, settings)
        if not (unread := _unreadable(settings)):
            return _hand_edits_kept(settings, path)
        count = f"holds {counted(len(unread), 'setting')} this RowReader cannot read"
        why = f"{count} ({', '.join(unread[:3])}{', …' if len(unread) > 3 else ''}), a newer version's?"
        say(f"{command_name(APP)}: {path} {why}: read, and left as it is; changes are not saved")
        return _in_memory(f"{path.name} {count}", f"{path} {why}", settings)


def _may_read(path: Path) -> bool:
    """Whether this user may open the settings file at ``path`` to read it. Qt reads one it may not (`chmod 000`,
    `chmod 200`, another user's) as empty, without a word: the window started clean, and the start called it
    "read-only: read, and left as it is" (its advice, chmod u+w, left it unreadable) or "holds lines Qt would not
    write back" (chmod 200), though nothing in it had been read."""
    try:
        os.close(os.open(path, os.O_RDONLY | os.O_NONBLOCK))  # a regular file: never waits
    except PermissionError:
        return False
    except OSError:  # gone since, or another trouble Qt's own reading meets as before
        return True
    return True


def _read_only(path: Path) -> bool:
    """Whether the settings file at ``path`` (a link followed, as Qt writes it) is a regular file that no one may
    write by its mode: made so by its user, to keep it as it is."""
    try:
        info = path.stat()
    except (OSError, ValueError):
        return False
    return stat.S_ISREG(info.st_mode) and not info.st_mode & 0o222


def _hand_edits_kept(settings: QSettings, path: Path) -> QSettings:
    """``settings``, a copy of their file kept first where it holds lines Qt's save drops (:mod:`gui.hand_edits`),
    the copy and the first line lost held in their :data:`KEPT` property for the window to say; held in memory
    instead, saving nothing, where no copy can be made."""
    if settings.format() != QSettings.Format.NativeFormat or sys.platform in ("win32", "darwin"):
        return settings
    try:
        kept = keep_hand_edits(path)
    except (OSError, ValueError) as err:
        why = f"holds lines Qt would not write back, and no copy of it could be kept ({err})"
        say(f"{command_name(APP)}: {path} {why}: read, and left as it is; changes are not saved")
        return _in_memory(f"{path.name} holds lines Qt would not write back", f"{path} {why}", settings)
    if kept is not None:
        settings.setProperty(KEPT, [str(kept[0]), kept[1]])
    return settings


def _unreadable(settings: QSettings) -> list[str]:
    """The keys in ``settings``' file whose values Qt could not read: of a type this Qt does not know (a newer
    RowReader's, a newer Qt's), read as nothing, and written back at the close as ``@Invalid()``, lost. Told apart
    from a value written ``@Invalid()``, which Qt reads as nothing too, by its line in the file (a key in its
    section, ``/`` within it written ``\\``)."""
    nothing = [key for key in settings.allKeys() if settings.value(key) is None]
    if not nothing:
        return []
    try:
        with open_regular_file(settings.fileName()) as file:
            lines = set(file.read(MAX_SETTINGS_BYTES + 1).decode("utf-8", "replace").splitlines())
    except (OSError, ValueError):
        return []
    return [key for key in nothing if key.split("/", 1)[-1].replace("/", "\\") + "=@Invalid()" not in lines]


def sweep_save_leftovers(path: Path) -> None:
    """Remove the temporary that a save of the settings file at ``path`` left when killed: Qt writes a save to
    ``RowReader.conf.XXXXXX`` (six random letters or digits) and renames it over the file, and a close killed
    (SIGKILL, a crash) before the rename left it there for good, one more at each such kill. Six letters alone
    cannot tell it from a person's ``RowReader.conf.backup``, but a killed save leaves Qt's lock of the file too
    (``RowReader.conf.lock``, held for the whole save), its process gone: only under that lock, taken over as stale
    (a copy of the app saving now holds its own, and its temporary stays), and only a temporary written within
    :data:`SAVE_SECONDS` after that lock was, this user's regular file, goes."""
    name = f"{path}.lock"
    try:
        locked_at = os.stat(name, follow_symlinks=False).st_mtime  # before tryLock writes it again
    except (OSError, ValueError):
        return  # no save was cut short: a whole save takes its lock away with it
    lock = QLockFile(name)
    if not lock.tryLock(0):
        return
    try:
        with contextlib.suppress(OSError):  # a folder that cannot be read: nothing to sweep
            for entry in os.scandir(path.parent):
                if _qt_temporary(entry, path.name, locked_at):
                    with contextlib.suppress(OSError):
                        os.remove(entry.path)
    finally:
        lock.unlock()


def _qt_temporary(entry: os.DirEntry[str], name: str, locked_at: float) -> bool:
    """Whether ``entry`` is a temporary of Qt's for the save of the file ``name`` whose lock was written at
    ``locked_at`` (see :func:`sweep_save_leftovers`)."""
    tail = entry.name.removeprefix(f"{name}.")
    if tail == entry.name or not _QT_TEMPORARY.fullmatch(tail):
        return False
    info = entry.stat(follow_symlinks=False)
    ours = not hasattr(os, "getuid") or info.st_uid == os.getuid()
    return stat.S_ISREG(info.st_mode) and ours and locked_at - 1 <= info.st_mtime <= locked_at + SAVE_SECONDS


def _in_memory(short: str, whole: str, read: QSettings | None = None) -> QSettings:
    """Settings with no file (nothing written), started clean or with what ``read`` holds, and why, for
    :func:`settings_trouble`. Qt holds every QSettings of no file in one store for the process: the second such
    settings began with the first's keys (a window's speed of 12 rows a second, "started clean")."""
    settings = QSettings("", QSettings.Format.IniFormat)
    settings.clear()
    for key in read.allKeys() if read is not None else ():
        if (value := read.value(key)) is not None:
            settings.setValue(key, value)
    settings.setProperty(NOT_READ, [short, whole])
    return settings


def _settings_files() -> list[Path]:
    """The user's files ``QSettings()`` reads where they are INI files (not Windows' registry, not macOS's plists):
    the app's, then the organisation's (a fallback)."""
    if sys.platform in ("win32", "darwin"):
        return []
    config = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.GenericConfigLocation)
    organization, application = QCoreApplication.organizationName(), QCoreApplication.applicationName()
    if not config or not organization:
        return []
    return [Path(config, organization, f"{application}.conf"), Path(config, f"{organization}.conf")]


def read_number(settings: QSettings, key: str, default: float, low: float, high: float) -> float:
    """The setting as a finite float in [low, high]; ``default`` when missing or not a number."""
    raw = settings.value(key)
    if isinstance(raw, bool) or raw is None:
        return default
    try:
        value = float(raw)
    except (TypeError, ValueError):
        return default
    if not math.isfinite(value):
        return default
    return min(max(value, low), high)


def read_int(settings: QSettings, key: str, default: int, low: int, high: int) -> int:
    """The setting as a whole number in [low, high]; ``default`` when missing or not a number."""
    return round(read_number(settings, key, default, low, high))


def read_text(settings: QSettings, key: str, default: str = "") -> str:
    """The setting as text; ``default`` when missing or not text (a list, say)."""
    raw = settings.value(key)
    return raw if isinstance(raw, str) else default


def read_flag(settings: QSettings, key: str) -> bool:
    """The setting as a yes or no: true only as the app writes it ("true", or a bool where the platform keeps
    types). Qt's ``type=bool`` took any text but "false", "0" and "" for true: `examples/dock_seen=maybe` kept My
    examples hidden at a start with examples, as if the user had closed it."""
    raw = settings.value(key)
    return raw is True or raw == "true"


def read_path(settings: QSettings, key: str, default: str = "") -> str:
    """The setting as a path; ``default`` when missing. A value no path can be (a number, a ``@Point``, a NUL,
    150,000 letters) is dropped as it is read, ``default`` given: passed over, it was written back at every close
    for good. A path with a comma in it, hand-written without quotes (``path=/m/a,b.safetensors``; Qt writes it
    quoted), is read by Qt's INI format as a list, the spaces around each comma dropped: the remembered model was
    then passed over without a word. Its parts are joined again, by ", " where that names something and "," does
    not, else by ","; a part Qt read as "@x" is tried as "@@x" too, which Qt reads so. A leading ``~`` is the
    home folder, as a person editing the file by hand writes it (the app writes whole paths): Qt expands none, and
    ``model/path=~/m.safetensors`` was said "is gone"."""
    raw = settings.value(key)
    if raw is None:
        return default
    path = _as_path(raw)
    if path is None or "\0" in path or len(path) > LONGEST_PATH:
        settings.remove(key)
        return default
    return os.path.expanduser(path)


def _as_path(raw: object) -> str | None:
    """What Qt read for a path, as its text; None for a value that is no text (see :func:`read_path`)."""
    if isinstance(raw, QByteArray):  # a name that is not UTF-8, as write_path keeps it
        return os.fsdecode(raw.data())
    if isinstance(raw, str):
        return raw
    if not isinstance(raw, list) or not raw or not all(isinstance(part, str) for part in raw):
        return None
    # Qt reads a list's part written "@@x" as "@x" (its escape of a leading @), and "@x" as itself: both are tried
    doubled = ["@" + part if part.startswith("@") else part for part in raw]
    joined = [glue.join(parts) for parts in (raw, doubled) for glue in (",", ", ")]
    # looked for as read_path gives it, ~ expanded: `~/my, model.safetensors` was looked for in a folder named "~"
    # here, not found, and joined by "," alone: "is gone", the file there
    return next((path for path in joined if os.path.lexists(os.path.expanduser(path))), joined[0])


def write_path(settings: QSettings, key: str, path: str | os.PathLike[str]) -> None:
    """Remember ``path`` so that :func:`read_path` gives it back byte for byte. A name that is not UTF-8 (``café``
    from an older Latin-1 system) holds lone surrogates, which Qt's strings cannot: a model opened so was remembered
    as ``caf\ufffd.safetensors`` and "is gone" at the next start. Such a path is kept as its bytes
    (``@ByteArray(…)`` in the file), any other as text, as before."""
    text = os.fspath(path)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        settings.setValue(key, QByteArray(os.fsencode(text)))
        return
    settings.setValue(key, text)


def settings_trouble(settings: QSettings) -> tuple[str, str] | None:
    """Why ``settings`` cannot be saved, short (a file's name) and whole (its path), e.g. ("RowReader.conf is a
    folder", "/home/me/.config/RowReader/RowReader.conf is a folder"), or None when they can. Qt says only
    ``isWritable()`` / ``status()``, and every close lost them without a word. A file that can be written in a
    folder that cannot (made read-only, or immutable for root) Qt called writable, though it saves to a new file
    beside it and renames that over it: every close lost them so too."""
    if not_read := settings.property(NOT_READ):  # an oversized file, a home Qt cannot name (see app_settings)
        return not_read[0], not_read[1]
    path = Path(settings.fileName())
    if settings.fileName() and (gone := _linked_nowhere(path)) is not None:  # Qt calls it writable: see there
        return f"{path.name} {gone}", f"{path} {gone}"
    folder = path.parent
    while folder != folder.parent and not os.path.lexists(folder):  # the folder Qt is to make it in, or make it
        folder = folder.parent
    # Qt saves to a new file beside it: a folder that cannot be written (see above) lost every save; in a home
    # that cannot be written, it was "RowReader.conf cannot be written", without where
    if settings.fileName() and os.path.isdir(folder):
        # a full disk took every save and the start said nothing; a read-only one was said without why
        disk = disk_trouble(folder)
        if disk is not None or not os.access(folder, os.W_OK | os.X_OK):
            why = f"cannot be written: {folder} {disk or 'cannot be written'}"
            return f"{path.name} {why}", f"{path} {why}"
    if settings.isWritable() and settings.status() != QSettings.Status.AccessError:
        return None
    if os.path.isdir(path):
        return f"{path.name} is a folder", f"{path} is a folder"
    if (blocking := file_in_the_way(path.parent)) is not None:  # a pipe or a link to nothing was "a file"
        return not_a_folder(blocking, blocking.name), not_a_folder(blocking)
    return f"{path.name} cannot be written", f"{path} cannot be written"


def _linked_nowhere(path: Path) -> str | None:
    """How ``path`` is a link into a folder that does not exist (a dotfiles folder moved, a stick unplugged), if it
    is. Qt called such settings writable, and each close lost them without a word; it writes the file a link names,
    so a link to nothing is fine where its folder is there. Asked with ``os.path``, whose answers are False where the
    path cannot be looked at: ``Path.is_symlink`` raised on a name too long (``$XDG_CONFIG_HOME`` of 4,200
    characters) or a folder that cannot be searched, and the app did not start, a traceback its one word."""
    if not os.path.islink(path) or os.path.exists(path):
        return None
    target = Path(os.path.realpath(path))
    return None if os.path.isdir(target.parent) else f"is a link to {target}, whose folder does not exist"
