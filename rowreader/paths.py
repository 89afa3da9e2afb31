"""A command's input paths, checked at the boundary: only regular files are read, and a name that cannot mean what
its user meant (a URL, an unexpanded ``~`` or pattern, a slash after a file's name) is refused in words that say why.

Opening a named pipe blocks until someone writes to it, and a device such as ``/dev/zero`` never ends, so a
path given by a user is checked with ``stat`` before anything opens it. The messages name the path and say
what it is instead, so "not found" is never said of a folder. What a command prints is
:mod:`rowreader.output`'s job.
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import glob
import hashlib
import io
import itertools
import os
import re
import stat
import sys
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO

from rowreader.output import counted, name_quoted, name_said, name_shortened, one_line, shell_word, unseen, unseen_said


class NotARegularFileError(OSError):
    """The path exists but is a pipe, socket or device: reading it could block forever or never end."""


def special_kind(mode: int) -> str:
    if stat.S_ISFIFO(mode):
        return "a named pipe (FIFO)"
    if stat.S_ISSOCK(mode):
        return "a socket"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    return "a special file"


def what_is_there(path: str | os.PathLike[str]) -> str:
    """What stands at ``path``, in a message's words: "a file", or what :func:`special_kind` calls a pipe, socket or
    device (a named pipe given as a folder was "a file")."""
    try:
        mode = os.stat(path).st_mode
    except OSError as err:  # a loop of links was "a broken link", as if its file had gone
        if err.errno == errno.ELOOP:
            return "a link that loops back on itself"
        return "a broken link" if os.path.islink(path) else "a file"
    return "a folder" if stat.S_ISDIR(mode) else "a file" if stat.S_ISREG(mode) else special_kind(mode)


def kernel_file(path: str | os.PathLike[str]) -> bool:
    """Whether ``path`` is one of the files Linux makes as they are read (``/proc``, ``/sys``): ``stat`` gives them
    0 bytes whatever they hold, and some (``/proc/kmsg``) block a reader until the kernel has something to say."""
    if not sys.platform.startswith("linux"):
        return False
    # realpath, not Path.resolve: a link that leads to itself made resolve raise "RuntimeError: Symlink loop from …",
    # and save_checkpoint over such a link failed so, in pathlib's words (a link is replaced itself, as any is)
    parts = Path(os.path.realpath(path)).parts
    return len(parts) > 1 and parts[1] in ("proc", "sys")


def kernel_folder_problem(path: str | os.PathLike[str]) -> str | None:
    """Why no file can be made at ``path``, or None: under ``/proc`` or ``/sys`` the kernel makes every file, and
    a new one was "No such file or directory" (or "Operation not permitted") of a folder that exists."""
    if not kernel_file(path):
        return None
    kernel = Path(*Path(os.path.realpath(path)).parts[:2])
    if Path(os.path.abspath(path)).parts[:2] == kernel.parts:
        return f"{kernel} is the kernel's own folder, where no file can be saved"
    # `--metrics /dev/stdout` (a link into /proc) was told of a /proc nobody typed
    return f"{one_line(str(path))} leads into {kernel}, the kernel's own folder, where no file can be saved"


def folder_below(root: str | os.PathLike[str], holds: Callable[[Path], bool], most: int = 1000) -> Path | None:
    """The first of ``root``'s folders (among its first ``most`` entries, by name) that ``holds`` what was looked for
    in ``root`` itself, or None: `--data-dir data`, the folder above data/mnist, was told to download MNIST into
    it, and `--pen-dir data` to convert UNIPEN's release again."""
    with contextlib.suppress(OSError), os.scandir(root) as entries:
        for name in sorted(entry.name for entry in itertools.islice(entries, most)):
            with contextlib.suppress(OSError, ValueError):  # a folder not to be looked into
                if (Path(root) / name).is_dir() and holds(Path(root) / name):
                    return Path(root) / name
    return None


# How the lock file a writer holds beside each file it writes is named (``m.safetensors.lock``, rowreader.atomic):
# an empty file that `kill -9` leaves behind, never what a name typed was meant to be.
LOCK_SUFFIX = ".lock"


FROM_ITS_FILE = "a model is read from its file, not from a pipe: save it to a file and give that file's name"


def why_not_found(path: str | os.PathLike[str]) -> str | None:
    """Why ``path``, not found, may have been meant all the same, for "not found" to add; else None."""
    return (
        broken_link(path)
        or unexpanded_home(path)
        or unexpanded_pattern(path)
        or near_name(path)
        or unseen_in_name(path)
        or words_file(path)
    )


def words_file(path: str | os.PathLike[str]) -> str | None:
    """That no command reads its words from a file, where ``path`` is ``@`` and a file that is there: `predict
    @args.txt` (pip's and javac's habit) beside args.txt was "@args.txt: no such file". A file that holds a NUL byte
    (a model) or begins as a picture does is no file of words, and is offered as itself: `predict @x.png` was told
    to give x.png's words on the command line, and so was `predict @x.pgm` of a PGM written in text (P2), no NUL
    in it."""
    typed = os.fspath(path)
    if typed[:1] != "@" or not os.path.isfile(named := typed[1:]):
        return None
    with contextlib.suppress(OSError), open(named, "rb") as f:
        if b"\0" in (head := f.read(4096)) or not no_picture_begins(head):
            return f"did you mean {shell_word(named)}?"
    return f"no command reads its words from a file: give those in {shell_word(named)} on the command line"


def no_picture_begins(head: bytes) -> bool:
    """Whether no format Pillow reads begins with ``head``: none whose signature it has (a TIFF's header may lie
    past it) and none of those without one (TGA) opens it."""
    from PIL import Image

    Image.init()
    for accept in (accept for _, accept in Image.OPEN.values() if accept is not None):
        with contextlib.suppress(Exception):  # a plugin's check of bytes that are not its format's
            if accept(head[:16]):
                return False
    try:
        Image.open(io.BytesIO(head)).close()
    except Image.UnidentifiedImageError:
        return True
    except Exception:  # a format that begins so, damaged: read_picture words it
        return False
    return False


def unseen_in_name(path: str | os.PathLike[str]) -> str | None:
    """What ``path``, not found, holds that a reader does not see: blanks around it, or characters that show as
    nothing; said by every "not found", $ROWREADER_DATA's and $ROWREADER_UNIPEN's too."""
    return blanks_around(path) or invisible_in(path) or spelt_otherwise(path) or mark_alone(path)


def mark_alone(path: str | os.PathLike[str]) -> str | None:
    """That a part of ``path`` begins with a combining mark, which a terminal draws on the character before it:
    `predict <U+0301>` was "error:́: no such file", the accent on the colon and no name to be seen."""
    import unicodedata

    lone = [part[0] for part in os.fspath(path).split(os.sep) if part and unicodedata.category(part[0])[0] == "M"]
    if not lone:
        return None
    named = f"{unicodedata.name(lone[0], 'mark').lower()} U+{ord(lone[0]):04X}"
    return f"the name holds a combining mark with no letter of its own ({named}), drawn on the character before it"


def invisible_in(path: str | os.PathLike[str]) -> str | None:
    """That the name holds characters that show as nothing (:func:`~rowreader.output.unseen`), and the file it names
    without them where that is there: `predict x<zero-width space>.png`, pasted from a chat, was "x.png: no such
    file" to the eye, beside x.png."""
    typed = os.fspath(path)
    if not (said := unseen_said(typed)):
        return None
    bare = "".join(c for c in typed if c not in unseen(typed))
    there = f"; did you mean {shell_word(bare)}?" if bare and os.path.lexists(bare) else ""
    return f"the name holds {said}{there}"


def spelt_otherwise(path: str | os.PathLike[str]) -> str | None:
    """ "did you mean FILE?" where FILE is ``path`` spelt in other characters that look the same, and which they are:
    `predict café.png` typed on a Mac (é as e and a combining accent) beside café.png saved with one character, or
    a no-break space pasted for a space, was "café.png: no such file", the two names alike to the eye."""
    import unicodedata

    typed = os.fspath(path)
    for form in ("NFC", "NFD", "NFKC"):  # NFKC: a no-break space as a space, a ligature ﬁ as f and i
        if (there := unicodedata.normalize(form, typed)) == typed:
            continue
        if os.path.lexists(there):
            ours, theirs = (" ".join(f"U+{ord(c):04X}" for c in part) for part in _differing(typed, there))
            which = f" ({ours} where the name there has {theirs})" if len(ours + theirs) < 120 else ""  # a few
            return f"the name is spelt in other characters that look the same{which}; did you mean {shell_word(there)}?"
        if near := near_name(there):  # in another case too: Cafe<U+0301>.png beside café.png had no hint
            return f"the name is spelt in other characters that look the same; {near}"
    return None


def _differing(one: str, other: str) -> tuple[str, str]:
    """The parts of ``one`` and ``other`` between the start and the end they share."""
    start = next((i for i, (a, b) in enumerate(zip(one, other, strict=False)) if a != b), min(len(one), len(other)))
    end = 0
    while end < min(len(one), len(other)) - start and one[-1 - end] == other[-1 - end]:
        end += 1
    return one[start : len(one) - end], other[start : len(other) - end]


def blanks_around(path: str | os.PathLike[str]) -> str | None:
    """ "did you mean FILE?" where ``path`` less the blanks around it is there: a name copied with a space after it,
    or a line of a Windows-saved script or `.env` ending in \r, was "afile : no such file", the blank unseen."""
    typed = os.fspath(path)
    if (bare := typed.strip()) == typed or not bare or not os.path.lexists(bare):
        return None
    return f"the name has blanks around it; did you mean {shell_word(bare)}?"


def near_name(path: str | os.PathLike[str], most: int = 10_000) -> str | None:
    """ "did you mean FILE?", where one file beside ``path`` (among the folder's first ``most``) differs from its
    name in case alone or is it with an extension: `predict seven` and `predict Seven.png` beside seven.png, and
    `--checkpoint runs/quick` for runs/quick.safetensors, were "no such file" with the file right there. The file is
    written as one shell word (:func:`shell_word`), to be typed again: bare, `my seven.png` was split by the shell and
    `a\\b.png` read as an escape beside the name typed, whose backslash the message doubles."""
    folder, typed = os.path.split(os.fspath(path))
    if not typed:
        return None
    key = typed.casefold()
    found = []
    with contextlib.suppress(OSError), os.scandir(folder or ".") as entries:
        for entry in itertools.islice(entries, most):
            name = entry.name.casefold()
            stem, dot, extension = name.rpartition(".")
            # not a lock: `--checkpoint runs/m.safetensors` was offered the one a killed run left, m.safetensors.lock
            added = dot and stem == key and extension and f".{extension}" != LOCK_SUFFIX
            if (name == key or added) and entry.is_file():
                found.append(entry.name)
    return f"did you mean {shell_word(os.path.join(folder, found[0]))}?" if len(found) == 1 else None


def unexpanded_pattern(path: str | os.PathLike[str]) -> str | None:
    """If ``path``, not found, holds ``*``, ``?`` or ``[``, that no shell expanded it: bash passes a pattern that
    matches nothing on as it is, and a quoted one always ("scans/*.png: no such file" left the user guessing)."""
    if not re.search(r"[*?]|\[[^]]+]", os.fspath(path)):  # a lone "[" is no pattern, to bash or glob
        return None
    matches = len(glob.glob(os.fspath(path)))
    if not matches:
        return "it is a pattern that matches no file (a shell passes such a pattern on as it is)"
    return f"it is a pattern no shell expanded (was it quoted?); it matches {counted(matches, 'file')}"


def unexpanded_home(path: str | os.PathLike[str], writing: bool = False) -> str | None:
    """If ``path`` begins with a ``~`` that no shell expanded (it was quoted: ``--out '~/m.safetensors'``) and no
    folder of that name is here, why it is not the home folder and what to write instead; else None. Python
    takes ``~`` literally: training made a folder named "~" in the current one and wrote the model into it. A home
    that is no folder is not offered: ``'~nobody/x'`` was "did you mean /nonexistent/x?" (nobody's home)."""
    path = Path(path)
    first = path.parts[0] if path.parts else ""
    if not first.startswith("~") or path.is_absolute() or os.path.lexists(first):
        return None
    expanded = os.path.expanduser(os.fspath(path))
    why = f"it begins with {first}, which no shell expanded (was it quoted?)"
    if (home := os.path.expanduser(first)) != first and not os.path.isdir(home):
        why, expanded = f"{why}, and its home folder, {home}, is not there", os.fspath(path)
    if not writing:
        return f"{why}; did you mean {expanded}?" if expanded != os.fspath(path) else why
    instead = f"write {expanded} instead" if expanded != os.fspath(path) else "write the folder out in full"
    return f"{why}; {instead}, or make a folder named {first} here first (mkdir ./{first}) if that is what you mean"


def file_in_the_way(folder: str | os.PathLike[str]) -> Path | None:
    """The file (or link to nothing) that stands where ``folder`` or one of its parents should be a folder, if
    any: mkdir's own words for it, "File exists" or "Not a directory", name neither."""
    folder = Path(folder)
    return next((p for p in (folder, *folder.parents) if _in_the_way(p)), None)


def _in_the_way(path: Path) -> bool:
    """Something that is not a folder stands at ``path`` (a file, a pipe, a broken link)."""
    try:
        return os.path.lexists(path) and not path.is_dir()
    except OSError:  # inside a folder the user may not look into, a name too long: nothing known to be in the way
        return False


def disk_trouble(folder: str | os.PathLike[str]) -> str | None:
    """How the disk under ``folder`` takes no new file, if it does not: "is on a disk mounted read-only", "is on a
    full disk" (no block left to this user). A save that must fail so was said as "cannot be written" (Qt's
    ``AccessError`` names no cause), or not until it failed: settings on a full disk were lost at every close and
    the start said nothing. None where the system cannot say (no ``statvfs``: Windows)."""
    try:
        info = os.statvfs(folder)
    except (OSError, ValueError, AttributeError):
        return None
    if info.f_flag & os.ST_RDONLY:
        return "is on a disk mounted read-only"
    root = hasattr(os, "geteuid") and os.geteuid() == 0  # root may use the blocks kept back from the others
    # a file system of no blocks at all (some FUSE and network mounts say 0 for all) is not known to be full
    return "is on a full disk" if info.f_blocks and (info.f_bfree if root else info.f_bavail) == 0 else None


def unsearchable_folder(path: str | os.PathLike[str]) -> Path:
    """The folder that would not let ``path`` be looked up (EACCES): the nearest one above it that can be seen."""
    for parent in Path(path).parents:
        with contextlib.suppress(OSError):
            parent.stat()
            return parent
    return Path(path).parent


def not_a_folder(blocking: str | os.PathLike[str], shown: str | None = None) -> str:
    """The one wording for what :func:`file_in_the_way` found, named ``shown`` (its path if not given): "runs is
    a file, not a folder", "… is a named pipe (FIFO), not a folder", "… is a broken link, not a folder"."""
    return f"{shown or _by_variable(blocking)} is {what_is_there(blocking)}, not a folder"


# The variables a default folder is built on: the user cache, beneath which MNIST and UNIPEN go by default, and the
# app's data (examples, taught models) and settings folders. `XDG_DATA_HOME=/dev/null` had Ctrl+K say "/dev/null is
# a device, not a folder. Move or rename it".
BASE_VARIABLES = ("XDG_CACHE_HOME", "XDG_DATA_HOME", "XDG_CONFIG_HOME", "LOCALAPPDATA", "HOME")


def _by_variable(path: str | os.PathLike[str]) -> str:
    """``path`` named with the variable that gave it, where one of :data:`BASE_VARIABLES` names it or a folder
    below it: `XDG_CACHE_HOME=~/notes` (set long ago in a shell's profile) said only "/home/me/notes is a file, not
    a folder", beneath a folder no command line held."""
    path = Path(path)
    for name in BASE_VARIABLES:
        value = os.environ.get(name, "")
        if value and os.path.isabs(value) and path in (Path(value), *Path(value).parents):
            return f"${name}={value}" if Path(value) == path else f"{path} (in ${name}={value})"
    return os.fspath(path)


def link_target(path: str | os.PathLike[str], target: str | None = None) -> str:
    """Where the link ``path`` leads, on one line, as a user can follow it: readlink's text is relative to the link's
    own folder, so `--metrics sub/m.csv`, a link to x.csv, was "a link to x.csv", which reads as ./x.csv → "x.csv
    (from here: sub/x.csv)"; "(in the link's folder: r.csv)" said ../r.csv was in sub. A target that is absolute, a
    link in this folder, or one named from / (its folder said whole just before), as readlink says it. ``target``:
    the link's text where the caller has read it already (one read: a link changed between two was said as two)."""
    target = os.readlink(path) if target is None else target
    folder = os.path.dirname(os.fspath(path))
    if os.path.isabs(target) or os.path.isabs(folder) or folder in ("", "."):
        return one_line(target)
    joined = os.path.join(folder, target)
    if os.path.realpath(folder) == os.path.abspath(folder):  # no link on the way: sub/../x is x
        joined = os.path.normpath(joined)
    return one_line(f"{target} (from here: {joined})")


def broken_link(path: str | os.PathLike[str]) -> str | None:
    """Why ``path`` is not found although `ls` lists it, if it is a link to nothing (its file moved or deleted):
    "it is a link to TARGET, which does not exist"; or to a loop of links: "it is a link to TARGET, which goes
    round a loop of links" (a digit's folder ``3`` linked to ``3`` was "a link to 3, which does not exist", beside
    the 3 that `ls` lists); else None."""
    try:
        target = link_target(path)
    except OSError:  # not a link, or not there at all
        return None
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            return f"it is a link to {target}, which goes round a loop of links"
        return f"it is a link to {target}, which does not exist"
    return None


# What a path that reaches no file through a loop of links is told (``ELOOP``), in the loader's words and the Models
# menu's: the menu said "Too many levels of symbolic links", the system's, of the file loading said this of
LOOPS_BACK = "goes through a link that loops back on itself"

# What a path holding a NUL byte is told, whichever check meets it first (an argument, an output's name)
NUL_IN_NAME = "holds a NUL byte (\\x00), which no file name can hold"


def refuse_nul(path: str | os.PathLike[str], what: str) -> None:
    """ValueError naming ``what`` (the argument: "checkpoint", "root") if ``path`` holds a NUL byte, which no file
    name can: Python's own "embedded null byte" named no file and no argument. TypeError for what is no path:
    ``load_checkpoint(None)`` and ``save_checkpoint(b"m.safetensors", …)`` failed in os.fspath's and pathlib's words
    ("argument should be a str object or an os.PathLike object returning str, not <class 'bytes'>")."""
    if not isinstance(path, str | os.PathLike) or not isinstance(name := os.fspath(path), str):
        raise TypeError(f"expected the {what}'s path (a str or a Path), got {type(path).__name__}")
    if "\0" in name:
        raise ValueError(f"{what} {name!r} {NUL_IN_NAME}")


def _too_long(path: Path) -> str | None:
    from rowreader.atomic import name_too_long  # atomic imports this module

    return name_too_long(path)


def regular_file(path: str | os.PathLike[str], what: str = "file") -> Path:
    """``path`` as a Path if it names a regular file (symbolic links followed); else a clear ``OSError``.

    ``what`` words the file's role in messages ("checkpoint", "image"). Raises ``FileNotFoundError``,
    ``IsADirectoryError``, :class:`NotARegularFileError`, or ``OSError`` (e.g. permission denied).
    """
    refuse_nul(path, what)
    name = os.fspath(path)  # named as given: `--checkpoint ./m.safetensors` was "m.safetensors" (a picture is as typed)
    why = slash_after_a_file(name)  # a str keeps the slash a Path drops
    path = Path(path)
    if why is not None:
        raise NotADirectoryError(f"{name}: {why}")
    a_what = f"{'an' if what[:1] in 'aeio' else 'a'} {what}"  # "not an image" (it said "not a image")
    try:
        mode = path.stat().st_mode
    except OSError as err:
        # a folder's name past the file system's: "checkpoint not found" or "(File name too long)", said as a write's
        if err.errno in (errno.ENOENT, errno.ENAMETOOLONG) and (why := _too_long(path)) is not None:
            raise OSError(f"{name_said(name)}: cannot read this {what}: {why}") from None
        if isinstance(err, FileNotFoundError):
            # `training.fit --finetune -` (as `predict -` takes a picture) was "checkpoint not found: -", no more
            why = FROM_ITS_FILE if (name, what) == ("-", "checkpoint") else why_not_found(path)
            raise FileNotFoundError(f"{what} not found: {name}" + (f"; {why}" if why else "")) from err
        if err.errno == errno.ELOOP:  # "cannot read this image (Too many levels of symbolic links)": what to do?
            raise OSError(
                f"{name}: {LOOPS_BACK}, so no {what} is there; remove that link or point it at the {what}"
            ) from err
        raise OSError(f"{name_said(name)}: cannot read this {what} ({err.strerror or err})") from err
    if stat.S_ISDIR(mode):
        raise IsADirectoryError(f"{name}: is a folder, not {a_what}")
    if not stat.S_ISREG(mode):
        raise NotARegularFileError(f"{name}: is {special_kind(mode)}, not a regular file")
    if kernel_file(path):  # `rowreader predict /proc/cpuinfo` was "an empty file (0 bytes)"
        raise NotARegularFileError(
            f"{name}: is a file the kernel makes as it is read (under /proc or /sys; stat gives it 0 bytes), "
            f"not {a_what}"
        )
    return path


def open_regular_file(path: str | os.PathLike[str], what: str = "file") -> BinaryIO:
    """``path`` opened for reading, if it names a regular file (:func:`regular_file`'s refusals in words), and the
    file opened checked again: a name checked, then opened (for each check a reader makes), could be swapped in
    between for a FIFO, whose opening waits for a writer, so `rowreader predict` hung. It is opened without waiting
    (``O_NONBLOCK``) and what was opened is asked (``fstat``); read from it alone."""
    name, checked = os.fspath(path), regular_file(path, what)
    try:
        fd = os.open(checked, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except OSError as err:  # swapped for a socket (ENXIO), its permission taken away
        if isinstance(err, FileNotFoundError | IsADirectoryError):
            raise
        raise OSError(f"{name_said(name)}: cannot read this {what} ({err.strerror or err})") from err
    try:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise IsADirectoryError(f"{name}: is a folder, not {'an' if what[:1] in 'aeio' else 'a'} {what}")
        if not stat.S_ISREG(mode):
            raise NotARegularFileError(f"{name}: is {special_kind(mode)}, not a regular file")
        os.set_blocking(fd, True)
    except BaseException:
        os.close(fd)
        raise
    # Outside the try: once the file object is made it owns the descriptor, and closes it itself on a failure. A
    # Ctrl-C inside fdopen closed it twice, and the second close's "Bad file descriptor" hid the stop (`predict`
    # ended "d1.png: cannot read the image (Bad file descriptor)", status 1, not 130); with threads, a twice-closed
    # number can be another file's by then.
    return os.fdopen(fd, "rb")


def file_sha256(path: str | os.PathLike[str]) -> str:
    """SHA-256 of a file's bytes (chunked), as ``sha256sum`` prints it: how checkpoints name the files they used.
    A regular file's only (:func:`open_regular_file`): `--resume --distill-from fifo`, hashed to compare with the
    run's record before anything read it, waited on the pipe for a writer, the command hung before a word."""
    with open_regular_file(path) as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def path_argument(text: str) -> Path:
    """``type=`` of a command-line file or folder: an empty name is refused. ``Path("")`` is the current folder,
    so ``--data-dir "$UNSET"`` downloaded MNIST into wherever the shell stood, ``predict ""`` said ".: is a folder"
    and ``merge … --out ""`` that "." was not a checkpoint. So is a URL (unless a file has that name)."""
    if not text:
        raise argparse.ArgumentTypeError("an empty name (an unset shell variable?)")
    if (why := url_instead_of_path(text)) is not None:
        raise argparse.ArgumentTypeError(why)
    if (why := slash_after_a_file(text)) is not None:
        raise argparse.ArgumentTypeError(f"{text}: {why}")
    return Path(text)


def slash_after_a_file(text: str) -> str | None:
    """Why ``text`` names nothing, if it ends in ``/`` (or ``/.``), as only a folder's name does, and what stands
    there is not a folder; else None. pathlib drops the slash, so `rowreader predict seven.png/` read seven.png where
    `cat seven.png/` says "Not a directory", and `--checkpoint m.safetensors/` read the model. Only a name still
    as typed (a str) can tell: ``Path("seven.png/")`` is ``Path("seven.png")``."""
    if names_a_file(text) or text.endswith(".."):  # "seven.png/.." keeps its "..": the system refuses it itself
        return None
    bare = Path(text)
    if not os.path.exists(bare) or os.path.isdir(bare):  # nothing there (a broken link too): "not found" says so
        return None
    return f"a name ending in / names a folder, but {bare} is {what_is_there(bare)}: drop the /"


def folder_argument(text: str) -> Path:
    """``type=`` of a command-line folder (``--data-dir``): :func:`path_argument`'s checks, in a folder's words, a
    ``~user`` that names no one (:func:`given_folder`) and a file where it or a folder above it should be, refused
    with the command line (status 2): a URL there was told to `curl -O` what is a folder, and ``'~ann/x'`` was
    refused as a failed run (1), after torch loaded."""
    if not text:
        return path_argument(text)  # its refusal of an empty name
    if text == "-":  # `download --data-dir -` fetched MNIST into a new folder named "-", as `--out -` wrote a file
        raise argparse.ArgumentTypeError(
            "must name a folder: '-' would be standard input or output, and a folder is neither; give a folder's name "
            "(./- for one named -)"
        )
    try:
        folder = given_folder(text, "the folder")
    except ValueError as err:
        raise argparse.ArgumentTypeError(str(err)) from None
    # `training.ship --data-dir FILE --dry-run` printed its four commands, and `rowreader evaluate --data-dir FILE`
    # failed as a run (status 1) once the data was read: a file where the folder (or a folder above it) should be
    if (blocking := file_in_the_way(folder)) is not None:
        raise argparse.ArgumentTypeError(not_a_folder(blocking))
    return folder


def url_instead_of_path(text: str, what: str = "file", writing: bool = False) -> str | None:
    """Why ``text`` is no file's name (``what``: "file" or "folder"), if it is a URL and nothing here has that name:
    pathlib folds its ``//``, so ``predict https://example.com/7.png`` said "https:/example.com/7.png: no such
    file", a name nobody typed, and a ``file://`` URL was not found either. Only a file read is to be fetched:
    ``--out https://…`` was told to `curl -O` the file it was to write."""
    if not re.match(r"[A-Za-z][A-Za-z0-9+.-]*://", text) or os.path.lexists(text):
        return None
    from urllib.parse import unquote, urlsplit  # only for a URL: a command's start stays light

    url = urlsplit(text)
    if url.scheme == "file":
        return f"{text} is a URL; give the {what}'s path instead: {unquote(url.path)}"
    if what != "file" or writing:  # `curl -O` fetches one file, and a folder's address lists none
        return f"{text} is a URL, not a {what} on this machine; give a {what}'s path"
    fetch = f"curl -O {text}" if url.scheme in ("http", "https", "ftp") else "copy it here"
    return f"{text} is a URL, and this command takes files, not URLs; fetch it first ({fetch})"


def given_folder(root: str | os.PathLike[str], what: str) -> Path:
    """A data folder passed to a loader (``root=``), ``~`` expanded; ValueError for an empty name, as
    :func:`path_argument` refuses one: ``Path("")`` is the current folder, so
    ``load_mnist(os.environ.get("DATA", ""), download=True)`` downloaded MNIST wherever the script was started."""
    # load_mnist(root=5) failed in os.fspath's words, and load_unipen(root=5) still did ("expected str, bytes or
    # os.PathLike object, not int"), root=b"/data" in pathlib's: one check, for both loaders
    if not isinstance(root, str | os.PathLike) or isinstance(os.fspath(root), bytes):
        raise TypeError(f"{what} must be a folder's path (a str or a Path) or None, got {type(root).__name__}")
    if isinstance(root, str) and not root:
        raise ValueError(f"{what} is an empty name (an unset variable?); pass None for the default folder")
    refuse_nul(root, what)
    if isinstance(root, str) and (why := url_instead_of_path(root, "folder")) is not None:
        raise ValueError(why)  # `ROWREADER_DATA=https://…` fetched MNIST into ./https:/…, a folder nobody named
    try:
        folder = Path(root).expanduser()
    except RuntimeError:  # `--data-dir '~ann/mnist'` with no user ann: pathlib's "Could not determine home directory."
        first = Path(root).parts[0]
        whose = f"no user {first[1:]} is known here" if first != "~" else "$HOME is not set"
        raise ValueError(f"{os.fspath(root)}: begins with {first}, which names no home folder ({whose})") from None
    first = Path(root).parts[0] if Path(root).parts else ""
    if first.startswith("~") and not os.path.isdir(home := os.path.expanduser(first)):
        # `--data-dir '~nobody/x'` was told "MNIST files not found in /nonexistent/x" and offered a download there
        raise ValueError(f"{os.fspath(root)}: begins with {first}, and its home folder, {home}, is not there")
    from rowreader.atomic import name_too_long, path_max  # atomic imports this module

    # a 300-character `--data-dir` was looked for all the same (`evaluate` failed as a run, "cannot be looked up
    # (File name too long)"), and load_mnist of one still said it so, in the system's words
    if (why := name_too_long(folder)) is not None:
        raise ValueError(f"{name_said(os.fspath(root))}: {why}")
    # twenty names of 250 bytes, each one passed, and the whole failed as a run all the same ("File name too long")
    if (size := len(os.fsencode(folder))) >= (longest := path_max(folder)):
        said = name_shortened(os.fspath(folder), size)[0]  # too long: never whole, and cut as every name is
        raise ValueError(
            f"{said} is a folder's path of {size:,} bytes, and this system takes paths under {longest:,} bytes; "
            "give a shorter one"
        )
    return folder


def env_folder(name: str) -> Path | None:
    """The folder the environment variable ``name`` gives (``~`` expanded), or None where it is unset or empty; a
    ValueError naming the variable where no folder can be meant: ``ROWREADER_UNIPEN='~ann/x'`` (no user ann) was
    "Could not determine home directory.", naming neither, and ``ROWREADER_DATA=https://…`` fetched MNIST into
    ``./https:/…``. The one reading of $ROWREADER_DATA and $ROWREADER_UNIPEN."""
    if not (value := os.environ.get(name)):
        return None
    try:
        return given_folder(value, f"${name}")
    except ValueError as err:
        raise ValueError(f"${name}={err}") from None


def names_a_file(text: str) -> bool:
    """False for a name that can only mean a folder: "runs/" means a folder to its author, though pathlib would
    quietly read it as a file "runs" (`training.merge … --out runs/` wrote a file named runs), and "runs/." too
    (`save_checkpoint("m.safetensors/.", …)` wrote over m.safetensors): its last part, as typed, is looked at. A
    backslash parts names only where the system's own separator is one (Windows): on POSIX it is a character of the
    name, and `rowreader predict 'scan\\'`, a file there, was refused as "a name ending in / names a folder"."""
    if os.sep == "\\":
        text = text.replace("\\", "/")
    return text.rpartition("/")[2] not in ("", ".", "..")


def output_name_problem(text: str) -> str | None:
    """Why ``text`` cannot name a file a command writes ("must …"), or None: the one check of the training commands'
    outputs (``training.fit``'s ``--out`` and ``--metrics``, ``training.merge``'s ``--out``). ``--out -`` wrote
    files named ``-``, ``-.state.pt`` and ``-.metrics.csv``: these commands write checkpoints, never to standard
    output, so ``-`` (standard output to most commands) is refused."""
    if text == "-":
        return "must name a file: '-' would be standard output, and this command writes files; give a file's name"
    if not names_a_file(text):
        return f"must name a file (not a folder), got {name_quoted(text)}"
    if "\0" in text:  # FitConfig(out="m\0.safetensors") said Python's "embedded null byte" alone, of no file
        return f"must name a file, and {name_quoted(text)} {NUL_IN_NAME}"
    if (why := kernel_folder_problem(text)) is not None:  # `training.fit --out /proc/m` said so once torch had loaded
        return f"must name a file a command can make: {why}"
    return None


def output_file_argument(text: str) -> Path:
    """``type=`` of a file a command writes: :func:`path_argument`'s, and :func:`output_name_problem`'s."""
    if text and (why := url_instead_of_path(text, writing=True)) is not None:
        raise argparse.ArgumentTypeError(why)
    path = path_argument(text)
    if (problem := output_name_problem(text)) is not None:
        raise argparse.ArgumentTypeError(problem)
    return path
