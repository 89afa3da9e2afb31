"""MNIST from the standard IDX files (gzipped or raw), validated byte for byte before use.

Where the files live: an explicit ``root``, else ``$ROWREADER_DATA``, else a per-user cache folder. Online users
can pass ``download=True`` to fetch them with torchvision's MNIST downloader (which checks the canonical
checksums); nothing here ever downloads without being asked.
"""

from __future__ import annotations

import contextlib
import errno
import gzip
import hashlib
import math
import os
import re
import struct
import sys
import zlib
from argparse import ArgumentParser  # a hint typing.get_type_hints resolves
from collections.abc import Callable
from pathlib import Path
from typing import BinaryIO
from urllib.parse import urlsplit

import numpy as np

from rowreader.atomic import LockHeld, holding_lock, lock_held, lock_path
from rowreader.caller_values import flag_refused, is_flag
from rowreader.launch import rowreader_words
from rowreader.needs_torch import install_words, missing_module, torch_unloadable
from rowreader.output import counted, name_said, one_line, shell_line
from rowreader.paths import (
    env_folder,
    file_in_the_way,
    folder_below,
    given_folder,
    kernel_folder_problem,
    not_a_folder,
    regular_file,
    unsearchable_folder,
    unseen_in_name,
    what_is_there,
)

ENV_VAR = "ROWREADER_DATA"
MNIST_TEST_DIGITS = 10_000  # the whole MNIST test set: accuracies measured on fewer say so
IMAGES_MAGIC = 2051  # 0x00000803: unsigned bytes, 3 dimensions
LABELS_MAGIC = 2049  # 0x00000801: unsigned bytes, 1 dimension
GZIP_MAGIC = b"\x1f\x8b"
# What a text file's first bytes say it is instead of plain text, for a clear error: UTF-16 read as latin-1 or
# UTF-8 was "text before the first keyword" or "not a readable gzip file of UTF-8 text". UTF-32 first: FF FE 00 00.
NOT_PLAIN_TEXT = {
    b"\xff\xfe\x00\x00": "UTF-32 text",
    b"\x00\x00\xfe\xff": "UTF-32 text",
    b"\xff\xfe": "UTF-16 text",
    b"\xfe\xff": "UTF-16 text",
    GZIP_MAGIC: "gzip-compressed",
    b"\xef\xbb\xbf": "text with a UTF-8 byte-order mark",  # Notepad's UTF-8
}
MAX_IDX_BYTES = 2**30  # MNIST's training images are 47 MB; EMNIST's largest split is under 700 MB
FILES = {
    True: ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    False: ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}


def not_plain_text(head: bytes) -> str | None:
    """What a file meant to be plain ASCII text is by its first bytes, where they say it is not."""
    return next((what for start, what in NOT_PLAIN_TEXT.items() if head.startswith(start)), None)


class MnistFileError(ValueError):
    """An IDX file is missing, truncated, corrupt or does not match its partner; the message names it."""


class DamagedMnistFile(MnistFileError):
    """An IDX file that is there but cannot be used (truncated, corrupt, not matching its partner); a download cut
    off leaves one, which torchvision's downloader then keeps as it is."""


def damaged_mnist_advice(err: DamagedMnistFile, data_dir: str | os.PathLike[str] | None) -> str:
    """A damaged MNIST file's error and what to do, said alike by ``rowreader`` and ``training.fit``: a download cut
    off (Ctrl-C, a lost network) leaves one, and torchvision keeps it. After ``--data-dir DIR`` the advice was a plain
    `rowreader download`, which fetches into $ROWREADER_DATA or the cache, not DIR; and ``evaluate`` gave none."""
    into = ["--data-dir", str(data_dir)] if data_dir is not None else []
    command = shell_line([*rowreader_words(), "download", *into])
    return f"{err}; delete that file and run `{command}` to fetch it anew"


def user_cache_dir() -> Path:
    """The per-user cache folder of this library (``~/.cache/rowreader`` on Linux); data sets live beneath it."""
    if sys.platform == "win32":
        base = _absolute_env("LOCALAPPDATA") or Path.home() / "AppData" / "Local"
    elif sys.platform == "darwin":
        base = home_folder() / "Library" / "Caches"
    else:
        base = _absolute_env("XDG_CACHE_HOME") or home_folder() / ".cache"
    return base / "rowreader"


def home_folder() -> Path:
    """The user's home folder on POSIX: ``$HOME`` if it is an absolute path, else the password database's, as when
    it is unset. `HOME=` put the cache at /.cache, and a relative HOME under whatever folder the command ran in."""
    if (home := _absolute_env("HOME")) is not None:
        return home
    import pwd  # POSIX only, as this function is

    try:
        known = pwd.getpwuid(os.getuid()).pw_dir
    except KeyError:
        known = ""
    if not os.path.isabs(known):
        raise ValueError(
            f"$HOME={os.environ.get('HOME', '')!r} is not an absolute path and no home folder is known for this user; "
            "set HOME (or XDG_CACHE_HOME) to a folder's absolute path"
        )
    return Path(known)


def _absolute_env(name: str) -> Path | None:
    """The folder an environment variable names, if it is an absolute path. Empty or relative, it is ignored (as the
    XDG spec says): `XDG_CACHE_HOME=` made `rowreader download` put MNIST in ./rowreader/mnist, wherever it ran."""
    value = os.environ.get(name, "")
    return Path(value) if value and os.path.isabs(value) else None


def default_data_dir() -> Path:
    """``$ROWREADER_DATA`` if set, else the per-user cache folder (``~/.cache/rowreader/mnist`` on Linux)."""
    return env_folder(ENV_VAR) or cached_data_dir()  # `~ann/x` (no user ann) was a traceback


def cached_data_dir() -> Path:
    """The per-user cache folder MNIST is read from without ``$ROWREADER_DATA``; ``--data-dir``'s help names it as
    the default."""
    return user_cache_dir() / "mnist"


def folder_help(holding: str, env: str, cached: Callable[[], Path]) -> str:
    """A data folder flag's help: what the folder holds and the one read without the flag, ``$env``, else the
    ``cached`` folder. Every command and benchmark said ``--data-dir`` in its own words (five of them), two defaults
    told differently; now this one. A ``%`` in the cache's name is doubled, as argparse's help wants: with
    `XDG_CACHE_HOME=/tmp/100%d`, `rowreader evaluate --help` ended in a TypeError traceback."""
    try:
        cache = f"the cache: {cached()}"
    except ValueError:  # no home folder known: said when a command needs one, not a traceback for every --help
        cache = "the user cache"
    return f"folder with {holding} (default: ${env}, else {cache})".replace("%", "%%")


def data_dir_help() -> str:
    """``--data-dir``'s help, for every command and benchmark that takes it."""
    return folder_help("the MNIST IDX files", ENV_VAR, cached_data_dir)


def find_mnist_file(root: Path, stem: str) -> Path | None:
    """Look for ``stem`` or ``stem.gz`` in ``root`` and in torchvision's layout ``root/MNIST/raw``."""
    for folder in (root, root / "MNIST" / "raw"):
        for name in (stem, stem + ".gz"):
            try:
                if (folder / name).is_file():
                    return folder / name
            except PermissionError as err:  # a folder the user may not look inside: it was a traceback
                blocking = unsearchable_folder(folder / name)
                raise MnistFileError(f"{blocking}: cannot look inside this folder ({err.strerror})") from err
            except OSError as err:  # a name longer than the file system takes: a traceback too
                said = name_said(_shown(folder))
                raise MnistFileError(f"{said}: cannot be looked up ({err.strerror or err})") from err
    return None


def _not_an_mnist_file(root: Path, stems: list[str]) -> str | None:
    """What stands at the first name of ``stems`` in ``root`` (or its ``MNIST/raw``) where no regular file does: a
    folder, a FIFO, a link to nothing or one that loops was "not found", as if nothing were there; else None."""
    for stem in stems:
        for folder in (root, root / "MNIST" / "raw"):
            for path in (folder / stem, folder / f"{stem}.gz"):
                with contextlib.suppress(OSError):  # a folder not looked into: find_mnist_file says it
                    if os.path.lexists(path) and not path.is_file():
                        return f"{path} is {what_is_there(path)}, not an MNIST file; put the file itself there"
    return None


def read_idx(path: str | os.PathLike[str], magic: int, dims: int) -> np.ndarray:
    """Parse one IDX file of unsigned bytes, gzipped or not, checking magic number, dimensions and exact length.

    The header is read first and the body only up to the size it declares (plus one byte to detect trailing
    data), so a damaged header or a gzip bomb costs at most ``MAX_IDX_BYTES`` of memory, never more.
    """
    path = Path(path)
    header = 4 + 4 * dims
    compressed = path.suffix == ".gz"  # until its first bytes are read
    try:
        regular_file(path, "MNIST file")
        # gzipped or not by its bytes, not its name: a browser that unpacked a download kept the name's ".gz" ("Not a
        # gzipped file"), and a file gzipped without the ".gz" was "magic number 529205248 where 2051 was expected"
        with path.open("rb") as f:
            compressed = f.read(len(GZIP_MAGIC)) == GZIP_MAGIC
        with gzip.open(path, "rb") if compressed else path.open("rb") as f:
            head = f.read(header)
            if compressed and head.startswith(GZIP_MAGIC):
                raise DamagedMnistFile(f"{path}: gzipped twice (a gzip file inside a gzip file); gunzip it once")
            if len(head) < header:
                raise DamagedMnistFile(  # "only 1 bytes"
                    f"{path}: only {counted(len(head), 'byte')}, too short for an IDX header of {header} bytes"
                )
            found = struct.unpack(">I", head[:4])[0]
            if found != magic:
                raise DamagedMnistFile(
                    f"{path}: magic number {found} where {magic} was expected (not this kind of IDX file)"
                )
            shape = struct.unpack(f">{dims}I", head[4:])
            size = math.prod(shape)  # Python ints: four 32-bit sizes cannot overflow
            if size > MAX_IDX_BYTES:
                raise DamagedMnistFile(
                    f"{path}: header says {list(shape)} → {size:,} bytes, more than MNIST-style data "
                    f"({MAX_IDX_BYTES:,} at most); the file is damaged"
                )
            body = _read_at_most(f, size)
            trailing = bool(f.read(1))
    except (OSError, EOFError, gzip.BadGzipFile, zlib.error) as err:
        # a cut-off or corrupt gzip is damage; a file that cannot be opened (no permission, a pipe) is not
        damaged = isinstance(err, EOFError | gzip.BadGzipFile | zlib.error)
        error = DamagedMnistFile if damaged else MnistFileError
        raise error(f"{path}: cannot be read as {'gzip' if compressed else 'a file'} ({err})") from err
    if len(body) != size or trailing:
        what = "truncated" if len(body) < size else "has trailing bytes"
        found_size = f"{header + len(body)}" if not trailing else "more"
        raise DamagedMnistFile(
            f"{path}: {what}: header says {list(shape)} → {header + size} bytes, file has {found_size}"
        )
    return body.reshape(shape)


def _read_at_most(f: BinaryIO, size: int, chunk: int = 2**20) -> np.ndarray:
    """Up to ``size`` bytes of ``f`` as a writable uint8 array of its own, read a ``chunk`` at a time (a gzip file
    reads each through a bytes of that size, not the whole body through one). A read-only view of the file's bytes
    was returned: ``torch.from_numpy(images)`` warned that writing to the tensor "will result in undefined behavior",
    and ``rng.shuffle(images)`` or ``images[labels == 3] = 0`` failed ("array is read-only")."""
    body = np.empty(size, np.uint8)
    view, done = memoryview(body), 0
    while done < size and (got := f.readinto(view[done : done + chunk])):
        done += got
    return body[:done]


def mnist_files(root: Path, train: bool) -> tuple[Path, Path]:
    """The (images, labels) paths for one split, or a MnistFileError saying exactly how to get them."""
    found = [find_mnist_file(root, stem) for stem in FILES[train]]
    missing = [stem for stem, path in zip(FILES[train], found, strict=True) if path is None]
    if missing:
        not_found = f"MNIST files not found in {_shown(root)}: {', '.join(m + '[.gz]' for m in missing)}. "
        if (other := _not_an_mnist_file(root, missing)) is not None:
            raise FileNotFoundError(f"{not_found}{other}")
        if not os.path.lexists(root) and (blanks := unseen_in_name(root)) is not None:  # `ROWREADER_DATA=…\r`
            raise FileNotFoundError(f"{not_found}{blanks[0].upper()}{blanks[1:]}")
        if (below := folder_below(root, lambda folder: all(find_mnist_file(folder, m) for m in missing))) is not None:
            raise FileNotFoundError(
                f"{not_found}They are in {below}: pass that folder (--data-dir / root=) or set ${ENV_VAR} to it."
            )
        # plain `rowreader download` fills the default folder: after `--data-dir ~/mnist` the same error came back
        into = [] if _is_the_default(root) else ["--data-dir", str(root)]
        download = shell_line([*rowreader_words(), "download", *into])
        raise FileNotFoundError(
            f"{not_found}Pass the folder that holds them (--data-dir / root=), set ${ENV_VAR}, "
            f"or download them once: `{download}` (or --download / download=True; needs internet)."
        )
    return found[0], found[1]  # type: ignore[return-value]


def where_mnist_goes(folder: Path, lead: str = "Without internet: copy") -> str:
    """What to do without internet: the four files' names, where to put them, and the variable that names a folder
    elsewhere (said alike by ``rowreader download`` and by the app, before a download and after one failed)."""
    names = ", ".join(f"{stem}.gz" for stem in FILES[True] + FILES[False])
    return f"{lead} the four files ({names}) into {folder}, or set ${ENV_VAR} to a folder holding them"


def download_failed(folder: Path) -> str:
    """The words that begin a failed download's error; the app, whose dialog's title says them, leaves them out."""
    return f"could not download MNIST into {folder}: "


def choose_a_folder(how: str = f"(--data-dir / root=) or set ${ENV_VAR}") -> str:
    """What to do when the download's folder cannot be written; ``how`` says how a folder is chosen where the user
    is: the command line's and the library's ways by default, the app its own (it takes only ${ENV_VAR})."""
    return f"choose a folder you can write to {how}"


# Why a folder cannot be written: the download failed here, not on the network (URLError, a DNS failure and
# torchvision's "Error downloading" carry no file name and none of these numbers).
_FOLDER_ERRNOS = {errno.EACCES, errno.EPERM, errno.EROFS, errno.ENOSPC, errno.ENOENT, errno.ENOTDIR}
_FOLDER_ERRNOS.add(getattr(errno, "EDQUOT", errno.ENOSPC))  # a quota: not every platform names it


def _download_error(folder: Path, err: BaseException) -> MnistFileError:
    """A failed download's error: the reason once, then what to do, which depends on where it failed. Told "Without
    internet: copy the four files into /proc/x", a user whose folder could not be made was sent the wrong way."""
    # torchvision missing ("No module named 'torchvision'") or unloadable (a broken CUDA library) was said as
    # "Without internet: copy …", as if the network had failed
    module = missing_module(err)
    words = install_words("fetching it", module) if module is not None else torch_unloadable(err)
    if words is not None:
        return MnistFileError(f"{download_failed(folder)}{words}. {where_mnist_goes(folder, 'Or copy')}.")
    if isinstance(err, OSError) and (err.filename is not None or err.errno in _FOLDER_ERRNOS):
        where = f" ({err.filename})" if err.filename is not None else ""
        reason = kernel_folder_problem(folder) or err.strerror or err  # "No such file or directory" of /proc
        return MnistFileError(f"{download_failed(folder)}cannot write there{where}: {reason}; {choose_a_folder()}")
    return MnistFileError(f"{download_failed(folder)}{_download_failure(err)}. {where_mnist_goes(folder)}.")


def _download_failure(err: BaseException) -> str:
    """Why a download failed, in one line, each reason once.

    torchvision says "Error downloading F:\\nTried M1, got:\\nE\\nTried M2, got:\\nE\\n", the same error for every
    mirror offline; it became "could not download MNIST into X: Error downloading F:\\nTried…", printed with its
    newlines escaped. It is now "F from M1, M2: E".
    """
    text = str(err).strip() or type(err).__name__
    tried = re.findall(r"^Tried (\S+), got:\n(.*)$", text, re.MULTILINE)
    head = text.partition("\n")[0]
    if head.startswith("Error downloading ") and tried:
        name = head.removeprefix("Error downloading ").rstrip(":")
        hosts = ", ".join(dict.fromkeys(urlsplit(mirror).hostname or mirror for mirror, _ in tried))
        reasons = "; ".join(dict.fromkeys(reason.strip().strip("<>") for _, reason in tried))
        return f"{name} from {hosts}: {reasons}"
    return " ".join(text.split())


def _is_the_default(folder: Path) -> bool:
    """Whether ``folder`` is the default one; False where no default can be told (``$ROWREADER_DATA='~ann/x'``):
    after `--data-dir empty` that variable's error was said, not the files missing from the folder given."""
    try:
        return _same_folder(folder, default_data_dir())
    except ValueError:
        return False


def _shown(folder: Path) -> str:
    """``folder`` as an error names it: ``$ROWREADER_DATA=…`` where that variable gave it. `ROWREADER_DATA=notes.txt`
    (set long ago in a shell's profile) was "notes.txt: is a file, not a folder", a name no command line held."""
    return f"${ENV_VAR}={folder}" if os.environ.get(ENV_VAR) and _is_the_default(folder) else str(folder)


def _same_folder(a: Path, b: Path) -> bool:
    """Whether two names of a folder name the same one (``~/mnist`` and ``/home/me/mnist``, a relative name)."""
    return Path(os.path.abspath(Path(a).expanduser())) == Path(os.path.abspath(Path(b).expanduser()))


def download_mnist(root: Path) -> None:
    """Fetch the four files with torchvision's downloader (checks the canonical MD5s) into ``root/MNIST/raw``."""
    from torchvision.datasets import MNIST

    for train in (True, False):
        MNIST(str(root), train=train, download=True)


def _download_running(folder: Path, which: str) -> MnistFileError:
    """The error for ``folder`` while ``which`` download ("a download", "another download") holds its lock."""
    return MnistFileError(
        f"{which} of MNIST into {folder} is running (it holds {lock_path(folder / 'MNIST')}); wait for it to finish, "
        "then try again"
    )


def _not_there_yet(folder: Path) -> list[Path]:
    """``folder`` and those of its parents that do not exist yet, deepest first: what making it would create."""
    absent = []
    for path in (folder, *folder.parents):
        if path.exists():
            break
        absent.append(path)
    return absent


def _fetch(folder: Path) -> None:
    """Download MNIST into ``folder`` if a file is missing, holding ``folder/MNIST.lock`` meanwhile.

    Two downloads into one folder at once wrote the same files together (torchvision fetches to a fixed name and
    unpacks beside it), and one that found the other's half-written files read them as damaged. The second now
    stops at once, saying why; so does one that finds every file there while another download holds the lock.
    """

    def missing() -> bool:
        return any(find_mnist_file(folder, stem) is None for stem in FILES[True] + FILES[False])

    if not missing() and not lock_path(folder / "MNIST").exists():
        return
    # torchvision would write into a FIFO at a missing file's name, waiting for ever
    stems = [stem for stem in FILES[True] + FILES[False] if find_mnist_file(folder, stem) is None]
    if (other := _not_an_mnist_file(folder, stems)) is not None:
        raise MnistFileError(f"{download_failed(folder)}{other}")
    made = _not_there_yet(folder / "MNIST" / "raw")
    try:
        with holding_lock(folder / "MNIST"):
            if missing():
                download_mnist(folder)
    except LockHeld as err:
        raise _download_running(folder, "another download") from err
    except KeyboardInterrupt:  # Ctrl-C or SIGTERM mid-download left the folders it had made for nothing
        _remove_empty(made)
        raise
    except Exception as err:  # torchvision raises RuntimeError, URLError, OSError… offline: say it plainly
        if missing():
            _remove_empty(made)  # offline, `--data-dir ~/data/mnist` left ~/data/mnist/MNIST/raw, made for nothing
            raise _download_error(folder, err) from err
        # every file is there, and a lock that could not be taken (a read-only folder) guards nothing


def _remove_empty(made: list[Path]) -> None:
    """Remove the folders a download made (deepest first) that are still empty; one holding a part fetched stays."""
    for empty in made:
        with contextlib.suppress(OSError):
            empty.rmdir()


def mnist_folder(root: str | os.PathLike[str] | None = None, *splits: bool) -> Path:
    """The folder :func:`load_mnist` reads (``root``, else ``$ROWREADER_DATA`` or the cache), or its refusal of one
    no MNIST can be in (a file or a FIFO there, a link that loops, a name too long to look up), nothing read. Asked
    by the commands as their line is read too: `ROWREADER_DATA=notes.txt rowreader evaluate` (or `training.fit`)
    said so once torch had loaded, 2-5 s later. ``splits``: those whose two files must be there too (True: the
    training split, False: the test one), not found said in load_mnist's words: an empty folder waited as long."""
    folder = given_folder(root, "root") if root is not None else default_data_dir()
    shown = _shown(folder) if root is None else str(folder)  # `--data-dir notes.txt`: named as typed
    if (blocking := file_in_the_way(folder)) == folder:  # it said the files were "not found in" it
        raise MnistFileError(f"{shown}: is {what_is_there(folder)}, not a folder (the MNIST files go in a folder)")
    if blocking is not None:  # `--data-dir notes.txt/mnist`: a download failed in mkdir's words, "Not a directory"
        raise MnistFileError(f"{shown}: {not_a_folder(blocking)} (the MNIST files go in a folder)")
    find_mnist_file(folder, FILES[False][0])  # looked up: a name too long, a folder not to be looked inside
    for train in () if lock_held(folder / "MNIST") else splits:  # a download under way is load_mnist's to say
        mnist_files(folder, train)
    return folder


def refuse_mnist_folder(parser: ArgumentParser, root: str | os.PathLike[str] | None, *splits: bool) -> None:
    """``parser.exit`` (status 2, the refusal's one line) where :func:`mnist_folder` refuses the folder or finds the
    ``splits`` missing: the benchmarks said so once torch had loaded, 3-6 s. Called as a command's line is read."""
    refuse_input(parser, mnist_folder, root, *splits)


def refuse_input(parser: ArgumentParser, check: Callable[..., object], *args: object) -> None:
    """``parser.exit`` (status 2, the refusal's one line) where ``check(*args)`` refuses an input (raises an OSError
    or a ValueError): a data folder's check (:func:`mnist_folder`, ``unipen.unipen_file``) run as a command's line
    is read, in the words the command would say after torch's seconds of loading."""
    try:
        check(*args)
    except (OSError, ValueError) as err:  # MnistFileError is a ValueError; not found a FileNotFoundError
        parser.exit(2, f"{parser.prog}: error: {one_line(str(err))}\n")


def load_mnist(
    root: str | os.PathLike[str] | None = None, train: bool = True, download: bool = False
) -> tuple[np.ndarray, np.ndarray]:
    """Return ``(images uint8 [N, 28, 28], labels uint8 [N])`` for the training (60k) or test (10k) split: new
    arrays on each call, the caller's to write (shuffle in place, hand to ``torch.from_numpy``)."""
    if not is_flag(train):  # "test" or None failed as KeyError: 'test'
        raise flag_refused("train", train, "True (the 60,000 training digits) or False (the 10,000 test ones)")
    if not is_flag(download):  # download="no" is a true string: it would have fetched
        raise flag_refused("download", download, "True (fetch the files where they are missing) or False")
    folder = mnist_folder(root)
    if download:
        _fetch(folder)
    elif lock_held(folder / "MNIST"):  # a run read the files a download was writing: "not found" or "damaged"
        raise _download_running(folder, "a download")
    images_path, labels_path = mnist_files(folder, train)
    images = read_idx(images_path, IMAGES_MAGIC, 3)
    labels = read_idx(labels_path, LABELS_MAGIC, 1)
    if images.shape[1:] != (28, 28):
        raise DamagedMnistFile(f"{images_path}: images are {images.shape[1]}×{images.shape[2]}, not 28×28")
    if len(images) == 0:
        raise DamagedMnistFile(f"{images_path}: holds no images")
    if len(images) != len(labels):
        raise DamagedMnistFile(  # "holds 1 images", "10000 labels": counted as every other message counts
            f"{images_path} holds {counted(len(images), 'image')} but {labels_path} holds "
            f"{counted(len(labels), 'label')}"
        )
    if labels.size and labels.max() > 9:
        raise DamagedMnistFile(f"{labels_path}: label {int(labels.max())} is not a digit 0–9")
    return images, labels


def dataset_checksum(images: np.ndarray, labels: np.ndarray) -> str:
    """SHA-256 of the uncompressed pixel and label bytes, recorded in checkpoints to say what a model saw."""
    digest = hashlib.sha256()
    digest.update(np.ascontiguousarray(images).tobytes())
    digest.update(np.ascontiguousarray(labels).tobytes())
    return digest.hexdigest()
