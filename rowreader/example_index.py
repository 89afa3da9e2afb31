"""The examples' 28×28 inputs, kept in the user cache between runs, so a folder is decoded once, not at every start.

Reading an example is decoding its picture and normalising it (``to_mnist``): about 6 ms of CPU each, so a folder
of 10,000 examples took one to two and a half minutes at every start of the app, and again in every teach's
fine-tune, before the dock could show them or the first step run. The index holds what that made, per file,
with the file's identity (:func:`rowreader.example_folder.file_key`); a file whose identity changed is read again.

It is a cache, never the truth: anything wrong with it (damaged, of another version or folder, unreadable, a
disk full on writing) reads as an empty index, and the pictures are simply read again. It is an ``.npz`` of plain
arrays, loaded without pickle, so nothing in it is ever executed. It is compressed: a 28×28 input is mostly
paper, and stored plain each took 3.3 kB (33 MB for 10,000, the last 40 kB of a nearly full disk before the first
keep); compressed about 0.7 kB (1,000 real pen digits drawn as on the canvas; 0.3 kB for plain blocks of ink), for
some 0.1 s more of a worker's time per 1,000 examples written.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import os
import time
import zipfile
from pathlib import Path

import numpy as np

from rowreader.atomic import cached_npz, remove_stale_temporaries, write_cache
from rowreader.data import user_cache_dir
from rowreader.model import COLUMNS, ROWS
from rowreader.preprocess import PREPROCESS_VERSION

# Bump when the layout below changes, what a picture must be to be kept (2: one digit; 3: no text), or what to_mnist
# makes of some (4: a picture no larger than its 20-px box, MNIST's own at 28 px, keeps its strokes; 5: a PNG saying
# its ink, rowreader.stated_ink, is read in that ink: a kept drawing inked round its border was taught as its paper;
# 6: so is one whose note follows its pixel data, or whose shades were written again without loss, 1-bit or RGB).
INDEX_VERSION = 6
KEY_FIELDS = 6  # see rowreader.example_folder.file_key
MAX_INDEX_BYTES = 1 << 30  # 300,000 examples; a larger file is not one we wrote
FORGET_AFTER_S = 30 * 24 * 3600  # an index not used for a month is of a folder gone, or not worth the room

FileKey = tuple[int, ...]
Entries = dict[Path, tuple[FileKey, np.ndarray]]


def index_path(root: str | os.PathLike[str]) -> Path:
    """Where the index of the examples folder ``root`` is kept: one per folder, named by its absolute path."""
    name = hashlib.sha256(os.fsencode(os.path.abspath(root))).hexdigest()[:24]
    return user_cache_dir() / "example-index" / f"{name}.npz"


def _identity(root: Path) -> bytes:
    return f"{INDEX_VERSION}:{PREPROCESS_VERSION}:".encode() + os.fsencode(os.path.abspath(root))


def read_index(root: str | os.PathLike[str]) -> Entries:
    """What the index of ``root`` holds, by absolute path; empty when there is none or it cannot be trusted."""
    root = Path(root)
    path = index_path(root)
    with contextlib.suppress(OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError):
        with cached_npz(path, MAX_INDEX_BYTES) as data:
            if bytes(data["identity"].tobytes()) != _identity(root):
                return {}
            names, keys, images = data["names"], data["keys"], data["images"]
        # a list of file names, as written: numbers, one name or rows of them were os.fsdecode's or len()'s TypeError
        if names.ndim != 1 or names.dtype.kind != "S":
            return {}
        count = len(names)
        if keys.shape != (count, KEY_FIELDS) or images.shape != (count, ROWS, COLUMNS) or images.dtype != np.float32:
            return {}
        if keys.dtype != np.int64 or not np.isfinite(images).all() or images.min(initial=0) < 0:
            return {}
        if images.max(initial=0) > 1:
            return {}
        # used: its age is its last use. An index only read (examples unchanged for a month, the app started daily)
        # was removed when another folder's was written (`training.fit --examples scans`), and 10,000 examples
        # decoded again, minutes, at the next start
        with contextlib.suppress(OSError):
            os.utime(path)
        return {
            root / os.fsdecode(name): (tuple(int(v) for v in key), image)
            for name, key, image in zip(names, keys, images, strict=True)
        }
    return {}


def _digest(root: Path, entries: Entries) -> np.ndarray:
    """What the index of ``entries`` holds, in 32 bytes: its files and their identities."""
    summary = hashlib.sha256()
    for path, (key, _) in sorted(entries.items()):
        summary.update(os.fsencode(path.relative_to(root)) + b"\0" + repr(key).encode() + b"\0")
    return np.frombuffer(summary.digest(), np.uint8)


def index_is_current(root: str | os.PathLike[str], entries: Entries) -> bool:
    """Whether the index of ``root`` holds exactly ``entries``' files as they are (only its digest is read)."""
    root = Path(root)
    with (
        contextlib.suppress(OSError, ValueError, KeyError, zipfile.BadZipFile, EOFError),
        cached_npz(index_path(root), MAX_INDEX_BYTES) as data,
    ):
        return bytes(data["identity"].tobytes()) == _identity(root) and np.array_equal(
            data["digest"], _digest(root, entries)
        )
    return False


def write_index(root: str | os.PathLike[str], entries: Entries) -> None:
    """Keep ``entries`` (files under ``root``) as the index of ``root``, atomically; a failure only loses time."""
    root = Path(root)
    names = [os.fsencode(path.relative_to(root)) for path in entries]
    buffer = io.BytesIO()
    np.savez_compressed(
        buffer,
        identity=np.frombuffer(_identity(root), np.uint8),
        digest=_digest(root, entries),
        names=np.array(names, dtype=bytes) if names else np.zeros(0, "S1"),
        keys=np.array([key for key, _ in entries.values()], np.int64).reshape(-1, KEY_FIELDS),
        images=np.array([image for _, image in entries.values()], np.float32).reshape(-1, ROWS, COLUMNS),
    )
    with contextlib.suppress(OSError, ValueError):
        path = index_path(root)
        path.parent.mkdir(parents=True, exist_ok=True)
        # the app or a fine-tune killed while writing left its temporary (up to 33 MB) in the cache, for good
        remove_stale_temporaries(path)
        write_cache(path, buffer.getvalue())
        _forget_old(path.parent)


def _forget_old(folder: Path) -> None:
    """Remove the indexes not used for :data:`FORGET_AFTER_S`: of folders deleted or moved (and of tests' own)."""
    now = time.time()
    for old in folder.glob("*.npz"):
        with contextlib.suppress(OSError):
            if old.is_file() and not old.is_symlink() and now - old.stat().st_mtime > FORGET_AFTER_S:
                old.unlink()
