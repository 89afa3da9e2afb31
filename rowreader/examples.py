"""A person's own examples: drawings kept with their true label, in torchvision's ImageFolder layout.

::

    DIR/<label>/<name>.png    the drawing (the app writes dark ink on white, the canvas as drawn)
    DIR/<label>/<name>.json   optional sidecar: {"format": "rowreader-example", "label", "date", "strokes"}
                              (<name>.png's, or the only <name>.* picture's; see _sidecar_of)

The layout is the one every image tool understands, so a folder of scans sorted into ``0`` … ``9`` works as
it is, and examples kept in the app can be looked at, copied and shared without the app. Any picture Pillow
reads counts, with any ink (``to_mnist(ink="auto")``), read as ``rowreader predict`` reads it. A file that cannot be
read is reported and skipped, so one damaged example never hides the others; so is a picture of digits side by
side, which predict reads as one with a note (an example is one digit: "37" in 3/ taught a 3 wrong), and a folder
not named 0–9 and a picture outside a class folder beside the digits' folders (no label is guessed: guessing would
teach the model wrong). A folder with no digit's folder at all is not laid out as ImageFolder, and is refused as a
whole.
Qt-free: the app, ``python -m training.fit --finetune`` and the benchmarks share this module.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import io
import json
import os
import secrets
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
from PIL import Image

from rowreader.atomic import (
    LockHeld,
    atomic_write_files,
    check_writable,
    drop_lock,
    lock_path,
    name_max,
    refuse_long_name,
    remove_stale_temporaries_in,
    take_lock,
)
from rowreader.example_index import Entries, FileKey, index_is_current, read_index, write_index
from rowreader.json_text import parse_json
from rowreader.model import CLASSES
from rowreader.paths import (
    broken_link,
    file_in_the_way,
    not_a_folder,
    open_regular_file,
    unexpanded_home,
    what_is_there,
)
from rowreader.pen import checked_pen, checked_stroke
from rowreader.picture import no_ink_in, not_one_digit, read_picture, too_small_in
from rowreader.preprocess import normalise
from rowreader.stream import host_array

SIDECAR_FORMAT = "rowreader-example"
SIDECAR_VERSION = 1
# What Pillow opens that people keep digits in; other files in a class folder are ignored, not reported. A phone's
# .avif and a browser's .jfif were skipped without a word, though `rowreader predict` reads them. An iPhone's .heic
# (.heif) is not read, but named with what to do, as predict names it: a phone's photos copied into 3/ were passed
# over without a word.
IMAGE_SUFFIXES = frozenset(
    {".png", ".jpg", ".jpeg", ".jfif", ".bmp", ".gif", ".webp", ".avif", ".tif", ".tiff", ".pgm", ".ppm", ".pbm"}
    | {".heic", ".heif"}
)
# a link to a folder inside a class folder: named among the skipped, as its pictures are not read
FOLDER_LINK = "a link to a folder, which is not followed (a loop of links would never end); copy its pictures in"
# what stands beside the digits' folders and is not read (an `old/` of the user's, an unzipped `__MACOSX/`, a loose
# scan): it hid every example, the dock empty and teaching refused, until it was moved away
NOT_A_DIGITS_FOLDER = "a folder not named by a digit (0 to 9), so none of its pictures is read"
OUTSIDE_THE_DIGITS = "a picture outside the digits' folders has no label, so it is not read"
# how an import's own skipped pictures are told (after "PATH: "): whole pictures, neither damaged nor folders
NOT_COPIED = ("not copied, as", "gone or unreadable since its folder was read")
MAX_SIDECAR_BYTES = 4 * 1024 * 1024  # strokes of one drawing are a few kB; anything huge is not ours

Point = tuple[float, float]


def a_digit(digit: int) -> str:
    """ "a 7", but "an 8": the teach dialog named a misread example "as a 8", the dock a clash "kept as a 8"."""
    return f"{'an' if digit == 8 else 'a'} {digit}"


class ExamplesError(ValueError):
    """A folder cannot be used as examples at all (wrong layout, not a folder, nothing in it)."""


@dataclass(frozen=True)
class PenStroke:
    """One pen-down…pen-up gesture as drawn, in canvas pixels, with the pen width used."""

    points: tuple[Point, ...]
    width: float


@dataclass(frozen=True)
class Example:
    """One kept drawing: where it is, its true label, the 28×28 input the reader sees, and how it was drawn."""

    # The image and the strokes are left out of the repr: printed whole, one example was 3,800 characters. The image
    # is what the file holds, so examples compare (and hash) by the rest: `example in examples` raised NumPy's
    # "truth value … is ambiguous".
    path: Path
    label: int
    image: np.ndarray = field(repr=False, compare=False)  # float32 [28, 28] in [0, 1], ink = 1 (to_mnist of the file)
    strokes: tuple[PenStroke, ...] = field(default=(), repr=False)
    date: str | None = None
    sidecar: Path | None = None  # NAME.json when it is this picture's (see _sidecar_of), whether or not it exists

    @property
    def name(self) -> str:
        return self.path.stem


@dataclass
class ExampleSet:
    """Everything usable in a folder, plus one message per file that was skipped (file name and reason)."""

    examples: list[Example] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)

    def __len__(self) -> int:
        return len(self.examples)

    def __repr__(self) -> str:
        """How many of each digit, and of problems: printed whole, a folder of 9 examples was 31,000 characters."""
        counts = ", ".join(f"{digit}: {n}" for digit, n in self.counts().items() if n)
        return f"ExampleSet({len(self)} examples {{{counts}}}, {len(self.problems)} problems)"

    def counts(self) -> dict[int, int]:
        """Examples per digit, for every digit 0–9 (zeros included)."""
        found = Counter(e.label for e in self.examples)
        return {d: found.get(d, 0) for d in range(CLASSES)}

    def different(self) -> int:
        """How many different drawings: copies of one picture (the same 28×28 input, as :func:`picture_kinds` has
        it) under one label count once. Fewer than two cannot be split into taught and held out, so a teach can say
        nothing of how it reads the next drawing (one drawing kept twice was taught for 20 s, to end in "held-out
        – → –")."""
        return len({(e.label, e.image.tobytes()) for e in self.examples})  # hashed: np.unique took 0.4 s for 3,000

    def too_few(self) -> str | None:
        """Why these examples are too few to teach, if they are: fewer than two different drawings (:meth:`different`),
        the one rule of the app's Ctrl+T and of ``python -m training.fit --finetune``. The command line taught a single
        example (or copies of one) for 20 s, with no estimate of how it reads the next drawing; the app refused it."""
        if self.different() >= 2:
            return None
        count = len(self)
        have = "no example" if not count else "one example" if count == 1 else f"{count} copies of one drawing"
        return f"{have}; teaching needs at least two different drawings"

    def label_clashes(self) -> list[str]:
        """One sentence per picture kept under two digits or more (a file copied into the wrong digit's folder, a link
        in 4/ to a 3): teaching learnt both labels for one drawing, and the held-out accuracy stayed below 100 %
        without a word of why."""
        by_picture: dict[bytes, dict[int, list[str]]] = {}
        for example in self.examples:
            by_picture.setdefault(example.image.tobytes(), {}).setdefault(example.label, []).append(example.path.name)
        return [
            "the same picture is kept as "
            + " and as ".join(_kept_as(label, names) for label, names in sorted(by_label.items()))
            for by_label in by_picture.values()
            if len(by_label) > 1
        ]

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(float32 [N, 28, 28], int64 [N])``: what training and evaluation take."""
        if not self.examples:
            return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64)
        return np.stack([e.image for e in self.examples]), np.array([e.label for e in self.examples], np.int64)


def _kept_as(label: int, names: list[str]) -> str:
    """ "a 0 (0/a.png and 4 more)": one drawing kept five times under one digit was named five times, "as a 0 (…) and
    as a 0 (…) …", twelve lines in the dock."""
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return f"{a_digit(label)} ({label}/{min(names)}{more})"


def picture_kinds(images: np.ndarray) -> np.ndarray:
    """One number per example, the same for copies of one picture (the same 28×28 input): a folder imported twice,
    a file duplicated under another name."""
    return np.unique(images.reshape(len(images), -1), axis=0, return_inverse=True)[1].reshape(-1)


def _visible(path: Path) -> bool:
    # Dot files are other programs' (or our own half-written temporaries, .NAME.tmp): never examples.
    return not path.name.startswith(".")


def _no_loop(path: Path) -> None:
    """:class:`ExamplesError` if ``path`` (or a folder above it) is a loop of symbolic links: Import and Export raised
    RuntimeError("Symlink loop from …") from ``Path.resolve``, and reading it said "no such folder", though `ls`
    lists it."""
    try:
        os.stat(path)
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise ExamplesError(f"{path} is a loop of symbolic links: it leads to no folder") from err


def class_folders(root: str | os.PathLike[str]) -> dict[int, Path]:
    """The class folders of ``root`` by digit; raises :class:`ExamplesError` for a layout that is not ImageFolder's."""
    return _layout(root)[0]


def _layout(root: str | os.PathLike[str]) -> tuple[dict[int, Path], list[str]]:
    """The class folders of ``root`` by digit, and one problem line per folder not named 0–9 or picture beside them
    (not read). :class:`ExamplesError` where ``root`` holds no digit's folder but such things (a folder of scans
    not sorted, a class folder chosen for its parent), or where class folders are links that would mix digits."""
    root = Path(root)
    _no_loop(root)
    if not root.exists():  # a link to a folder moved away, or a quoted ~: `ls` lists it, the home folder holds it
        why = broken_link(root) or unexpanded_home(root)
        raise ExamplesError(f"{root}: no such folder" + (f"; {why}" if why else ""))
    if not root.is_dir():
        raise ExamplesError(f"{root}: not a folder (expected {root}/0/*.png … {root}/9/*.png)")
    folders: dict[int, Path] = {}
    refusals: list[str] = []  # what each stray thing would say, were it the whole folder
    strays: list[str] = []
    real_root, real_folders = root.resolve(), {}
    for entry in sorted(filter(_visible, root.iterdir())):
        if entry.is_dir():
            if entry.name not in {str(d) for d in range(CLASSES)}:
                refusals.append(
                    f"{entry}: class folders must be named by their digit, 0 to 9 (not {entry.name!r}); "
                    f"expected {root}/0/*.png … {root}/9/*.png"
                )
                strays.append(f"{entry}: {NOT_A_DIGITS_FOLDER}")
                continue
            # A class folder that is a link to the root (or above it), or to another class folder, would give
            # every example it reaches this folder's digit: read that way, the model would be taught wrong labels.
            real = entry.resolve()
            if real == real_root or real in real_root.parents:
                raise ExamplesError(
                    f"{entry} is a link to {real}, which holds {root} itself: its examples have no one digit"
                )
            if real in real_folders:
                raise ExamplesError(
                    f"{entry} and {real_folders[real]} are the same folder ({real}): which digit do its examples show?"
                )
            for other_real, other in real_folders.items():  # 3 -> 1/odd: the examples in 1/odd are 1s and 3s
                if other_real in real.parents or real in other_real.parents:
                    inner, outer = (entry, other) if other_real in real.parents else (other, entry)
                    raise ExamplesError(
                        f"{inner} lies inside {outer} ({real} and {other_real}): which digit do its examples show?"
                    )
            real_folders[real] = entry
            folders[int(entry.name)] = entry
        elif entry.suffix.lower() in IMAGE_SUFFIXES:
            if root.name in {str(d) for d in range(CLASSES)}:  # one level too deep: "move it into 7/<digit>/"
                refusals.append(
                    f"{root} looks like the class folder of {root.name}s: choose {root.parent}, the folder that "
                    f"holds 0 … 9 (a picture outside any class folder has no label: {entry.name})"
                )
            else:
                refusals.append(
                    f"{entry}: a picture outside any class folder has no label; move it into {root}/<digit>/"
                )
            strays.append(f"{entry}: {OUTSIDE_THE_DIGITS}; move it into {root}/<digit>/ to teach it")
    if refusals and not folders:
        raise ExamplesError(refusals[0])
    return folders, strays


def _read_sidecar(path: Path, label: int) -> tuple[tuple[PenStroke, ...], str | None]:
    """Strokes and date from ``path`` (a JSON sidecar); ``ValueError`` naming what is wrong with it."""
    if path.stat().st_size > MAX_SIDECAR_BYTES:
        raise ValueError(f"sidecar is {path.stat().st_size} bytes, more than {MAX_SIDECAR_BYTES}")
    try:
        data = parse_json(path.read_text(encoding="utf-8"))
    except ValueError as err:  # not UTF-8, not JSON, a number of 5,000 digits, "[[[[…" nested too deeply
        raise ValueError(f"sidecar is not JSON: {err}") from err
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise ValueError(f"sidecar is not a {SIDECAR_FORMAT!r} file")
    if (said := data.get("label")) != label:
        if isinstance(said, str) and said.strip() == str(label):  # "says label '6' but the file is in folder 6"
            raise ValueError(f"sidecar's label is the text {said!r}, not the number {label}: write it as {label}")
        raise ValueError(f"sidecar says label {said!r} but the file is in folder {label}")
    version = data.get("version")
    try:
        return _sidecar_contents(data)
    except ValueError as err:  # "sidecar strokes are not a list" of a newer version's said nothing of the version
        if isinstance(version, int) and not isinstance(version, bool) and version > SIDECAR_VERSION:
            newer = f"written by a newer RowReader (sidecar version {version}; this one reads {SIDECAR_VERSION})"
            raise ValueError(f"{err}: {newer}") from err
        raise


def _sidecar_contents(data: dict[str, Any]) -> tuple[tuple[PenStroke, ...], str | None]:
    """The strokes and the date of a sidecar's ``data``; ``ValueError`` naming what is wrong with them."""
    date = data.get("date")
    if date is not None and not isinstance(date, str):
        raise ValueError("sidecar date is not a string")
    strokes = []
    raw_strokes = data.get("strokes", [])
    if not isinstance(raw_strokes, list):
        raise ValueError("sidecar strokes are not a list")
    for i, raw in enumerate(raw_strokes):
        if not isinstance(raw, dict) or not {"width", "points"} <= raw.keys():
            raise ValueError(f"sidecar stroke {i} is not an object with a width and points")
        try:
            strokes.append(_checked_stroke(raw["width"], raw["points"], i))
        except (TypeError, ValueError) as err:
            raise ValueError(f"sidecar {err}") from err
    return tuple(strokes), date


def _checked_stroke(width: Any, points: Any, index: int) -> PenStroke:
    """Stroke ``index`` of plain floats, checked as the pen renderer checks its own (``rowreader.pen``): points
    finite (x, y), a width of canvas pixels; else an error naming the stroke. What is kept is checked as what is
    read: a stroke of NumPy numbers failed as "Object of type float32 is not JSON serializable" once its picture was
    written, and a NaN width was written, to be refused at every later reading."""
    try:
        width = checked_pen(width)
    except (TypeError, ValueError) as err:
        raise type(err)(f"stroke {index}: {err}") from err
    if isinstance(points, list | tuple) and not points:  # a stroke of no points draws nothing; kept as it is
        return PenStroke((), width)
    return PenStroke(tuple(map(tuple, checked_stroke(points, index).tolist())), width)


def _is_picture(path: Path) -> bool:
    return _visible(path) and path.suffix.lower() in IMAGE_SUFFIXES


def _named_alike(path: Path) -> list[Path]:
    """The pictures in ``path``'s folder with its name (stem), itself included: one scan of the folder."""
    return [p for p in path.parent.iterdir() if p.stem == path.stem and _is_picture(p)]


def _sidecar_of(path: Path, named_alike: Sequence[Path]) -> Path | None:
    """NAME.json if it is this picture's (whether or not it exists), else None: it belongs to the only picture
    called NAME, else to NAME.png (what the app writes), else to none. ``a.png`` and ``a.jpg`` side by side both
    read ``a.json``'s strokes, and removing ``a.jpg`` deleted the sidecar of ``a.png``."""
    if len(named_alike) > 1 and path.suffix != ".png":
        return None
    sidecar = path.with_suffix(".json")
    # a picture whose name is as long as the file system takes (255 bytes) can have none: looking for NAME.json, a
    # byte longer than NAME.png, was "[Errno 36] File name too long", and the picture was skipped
    return None if _too_long_a_name(sidecar) else sidecar


def _too_long_a_name(path: Path) -> bool:
    return len(os.fsencode(path.name)) > name_max(path)


def load_example(
    path: str | os.PathLike[str],
    label: int,
    named_alike: Sequence[Path] | None = None,
    image: np.ndarray | None = None,
) -> Example:
    """Read one example (picture + optional sidecar); ``ValueError`` with the reason if it cannot be used.

    ``named_alike``: the pictures in its folder with its name, itself included (found here when not given;
    a caller reading a whole folder passes them, so that reading N files does not scan the folder N times).
    ``image``: its 28×28 input as read before (:mod:`rowreader.example_index`), so the picture is not decoded.
    """
    path = Path(path)
    sidecar = _sidecar_of(path, _named_alike(path) if named_alike is None else named_alike)
    if image is None:
        image = _input_of(path)
    strokes: tuple[PenStroke, ...] = ()
    date = None
    if sidecar is not None and sidecar.is_file():
        strokes, date = _read_sidecar(sidecar, label)
    return Example(path, label, image, strokes, date, sidecar)


def _input_of(path: Path) -> np.ndarray:
    """The 28×28 input of the picture at ``path`` (the costly part of reading an example); ``ValueError`` why not."""
    normalised = normalise(read_picture(path), ink="auto")
    image = normalised.image
    if normalised.too_small:  # it was called "no ink", so a small digit on a big scan looked like a blank page
        raise ValueError(too_small_in(path))
    if image is None:
        raise ValueError(f"the picture has {no_ink_in(path)}")
    if (why := not_one_digit(normalised)) is not None:  # predict reads it with this note; an example is one digit
        raise ValueError(why)  # ("37" in 3/ taught a 3, and so did a page of text)
    return image


def file_key(path: Path, sidecar: Path | None) -> FileKey:
    """Changes whenever the picture or its sidecar is rewritten: size and modification time of both, and the
    picture's inode and change time (which no program sets back, as a copy keeping its dates sets the first two)."""
    picture = path.stat()
    side = sidecar.stat() if sidecar is not None and sidecar.is_file() else None
    sides = (side.st_size, side.st_mtime_ns) if side else (-1, -1)
    return picture.st_size, picture.st_mtime_ns, picture.st_ino, picture.st_ctime_ns, *sides


def picture_count(root: str | os.PathLike[str]) -> int:
    """How many files under ``root``'s class folders are named like pictures, none of them opened (a layout error
    raises :class:`ExamplesError`): what can be said of a folder in the time a listing takes, where reading it
    (a first reading of 10,000 examples) takes minutes."""
    return sum(len(_pictures(folder)[0]) for folder in class_folders(root).values())


def _pictures(folder: Path) -> tuple[list[Path], list[Path]]:
    """The pictures in a class folder *and its sub-folders*, as torchvision's ImageFolder finds them (DIR/3/a/x.png
    is a 3; they were skipped without a word), and the links to folders found there. Hidden files and folders are
    left out, and links to folders are not followed, so a link loop cannot hang the reading; they are returned
    to be named (ImageFolder follows them: ``3/more`` linking to a folder of 3s lost them all without a word)."""
    found, links = [], []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if _visible(Path(name))]
        links += [Path(top, name) for name in folders if Path(top, name).is_symlink()]
        found += [Path(top, name) for name in files if _is_picture(Path(name))]
    return sorted(found), sorted(links)


Progress = Callable[[list[Example], int, int], None]  # (examples read since the last call, files done, in all)
PROGRESS_EVERY_S = 0.25  # how often a reading says what it has read: often enough to look live, not to flood
# an import's second stage: pictures kept already are passed over, and a folder imported again said "(1,619 of
# 3,000 copied)", then "Imported 0 example(s)"
COPIED = "copied or kept already"
# an export's name the file system takes, but not a write's temporary (22 longer): "too long for that folder's file
# system" was untrue of a 240-byte name just read there
NAME_TOO_LONG = "its name is too long to write there once a write's temporary name is made of it (22 more), not copied"


def load_examples(
    root: str | os.PathLike[str],
    cache: dict[Path, tuple[Any, Example | str]] | None = None,
    stop: Callable[[], bool] = lambda: False,
    index: bool = False,
    progress: Progress | None = None,
) -> ExampleSet:
    """Every usable example under ``root`` (ImageFolder layout), oldest name first within each digit.

    Layout errors raise :class:`ExamplesError`; a file that cannot be read is listed in ``problems``
    (``"FILE: reason"``) and skipped. ``cache`` (kept by the caller between calls) saves re-reading files
    that did not change since the last call, so the app can reload after every edit: a file that could not be read
    too, by its reason (5,000 damaged files in 3/ were decoded again, 3–8 s, at every reading). ``stop`` is asked before
    each file: when it says so (the app is closing), what was read so far is returned, for nobody to use.
    ``index``: take the inputs of unchanged files from the user cache's index (:mod:`rowreader.example_index`),
    and keep what was read there for the next run: the app's and the fine-tune's readings of a large folder. What
    a stopped reading decoded is kept there too: the app closed two minutes into its first reading of 10,000
    examples began again from the first at the next start.
    ``progress`` is called every :data:`PROGRESS_EVERY_S` with the examples read since its last call, how many
    files are done and how many there are in all, and once more at the end: a first reading of 10,000 pictures
    takes minutes (each is decoded and normalised, ~5 ms of CPU), and the app showed none of them until the last.
    """
    folders, strays = _layout(root)
    found = ExampleSet(problems=strays)
    # examples/3 linking to a stick since unplugged, or a file named 3 (a zip of the 3s, a note): every 3 gone
    # without a word, and the fine-tune taught without them
    for digit in range(CLASSES):
        entry = Path(root, str(digit))
        if digit not in folders and os.path.lexists(entry):
            why = broken_link(entry) or f"it is {what_is_there(entry)}, not a folder"
            found.problems.append(f"{entry}: {why}, so no {digit} is read from it")
    listed = [(label, *_pictures(folder)) for label, folder in folders.items()]  # the count first, then the pictures
    total, done = sum(len(pictures) for _, pictures, _ in listed), 0
    batch: list[Example] = []
    said = time.monotonic()
    indexed: Entries | None = None  # read at the first file the cache does not know
    kept: Entries = {}  # what the index will hold: every example read, by its file's identity
    decoded = 0
    for label, pictures, links in listed:
        found.problems += [f"{link}: {FOLDER_LINK}" for link in links]
        by_name: dict[Path, list[Path]] = {}
        for path in pictures:
            by_name.setdefault(path.with_suffix(""), []).append(path)
        for path in pictures:
            if stop():
                if index and decoded:  # what was decoded so far, and the files not reached as the index had them
                    write_index(root, {**(indexed or {}), **kept})
                return found
            if progress is not None and time.monotonic() - said >= PROGRESS_EVERY_S:
                progress(batch, done, total)
                batch, said = [], time.monotonic()
            done += 1
            if not path.is_file():  # a pipe or a device named like a picture: never opened, but named, as a picture
                if os.path.lexists(path):  # moved away is (both were passed over without a word); deleted: gone
                    why = broken_link(path) or f"is {what_is_there(path)}, not a regular file; never opened"
                    found.problems.append(f"{path}: {why}")
                continue
            named_alike = by_name[path.with_suffix("")]
            key = None
            try:
                key = file_key(path, _sidecar_of(path, named_alike))
                if cache is not None and path in cache and cache[path][0] == key:
                    example = cache[path][1]
                    if isinstance(example, str):  # unreadable, and unchanged since
                        found.problems.append(example)
                        continue
                else:
                    if index and indexed is None:
                        indexed = read_index(root)
                    known = (indexed or {}).get(path)
                    image = known[1] if known is not None and known[0] == key else None
                    decoded += image is None
                    example = load_example(path, label, named_alike, image)
                    if cache is not None:
                        cache[path] = (key, example)
                found.examples.append(example)
                batch.append(example)
                kept[path] = (key, example.image)
            except (OSError, ValueError) as err:
                # deleted since it was listed (in another window, by a sync): gone, as above. A reading while another
                # process deleted 400 examples named 4 of them "no such file" or "[Errno 2] No such file …"
                if os.path.lexists(path):
                    found.problems.append(f"{path}: {err}")
                    if cache is not None and key is not None:
                        cache[path] = (key, found.problems[-1])
    if progress is not None:
        progress(batch, done, total)
    if index and (decoded or not index_is_current(root, kept)):  # examples kept or deleted here since, too
        write_index(root, kept)
    return found


def png_bytes(grey: np.ndarray) -> bytes:
    """A uint8 grey picture as PNG file contents."""
    buffer = io.BytesIO()
    Image.fromarray(np.ascontiguousarray(grey, dtype=np.uint8), mode="L").save(buffer, format="PNG")
    return buffer.getvalue()


def sidecar_bytes(label: int, strokes: tuple[PenStroke, ...] = (), date: str | None = None) -> bytes:
    data: dict[str, Any] = {
        "format": SIDECAR_FORMAT,
        "version": SIDECAR_VERSION,
        "label": label,
        "date": date or datetime.now(UTC).isoformat(timespec="seconds"),
        "strokes": [{"width": s.width, "points": [list(p) for p in s.points]} for s in strokes],
    }
    return json.dumps(data, separators=(",", ":")).encode()


@dataclass(frozen=True)
class Removed:
    """What :meth:`ExampleStore.remove` took away, byte for byte, so that undo can put it back."""

    path: Path
    picture: bytes
    sidecar: bytes | None


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
# the folder refuses any file, not this one: read-only, not ours, or full (a full disk named the file never made too)
_NOT_WRITABLE = frozenset({errno.EROFS, errno.EACCES, errno.EPERM, errno.ENOSPC, errno.EDQUOT})


def _write_files(path: Path, picture: bytes, sidecar: bytes | None) -> None:
    """Write a picture to ``path`` and its sidecar, if any, beside it (NAME.json), together or not at all: a disk
    that filled between the two kept the picture while the app said nothing was written."""
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_files([(path, picture), *([(path.with_suffix(".json"), sidecar)] if sidecar is not None else [])])
    except OSError as err:
        if err.errno not in _NOT_WRITABLE:
            raise
        raise _refused_by_folder(err, f"cannot write to {path.parent}") from err


def _name_fits(path: Path, sidecar: bool) -> bool:
    """Whether a picture (and its sidecar) can be written at ``path``: a write's temporary is 22 characters longer
    than its name. A picture of the user's own with a 240-byte name, deleted, never came back (Undo failed on
    its name, "[Errno 36] File name too long", for as long as the app ran), and a move and an export failed alike,
    the export ended there."""
    try:
        for name in (path, path.with_suffix(".json")) if sidecar else (path,):
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


class Exported(NamedTuple):
    """What :meth:`ExampleStore.export_folder` did: how many examples it wrote, one line per file left alone, and how
    many were there already, picture and sidecar byte for byte (exported there before), and so left as they are."""

    written: int
    skipped: list[str]
    already_there: int


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


class Imported(NamedTuple):
    """What :meth:`ExampleStore.import_folder` did: the examples added, one line per file skipped, and how many
    pictures were kept already (byte for byte, under the same digit) and so not copied again."""

    added: list[Example]
    problems: list[str]
    already_kept: int


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
        _no_loop(self.root)  # a loop of links is not absent: the dock said "0 examples", Ctrl+T "no example"
        if not self.root.exists():
            return ExampleSet()
        if not self._tidied:
            self._remove_killed_writes()
        return load_examples(self.root, self._cache, stop, self.index, progress)

    def _remove_killed_writes(self) -> None:
        """Remove what a write killed outright left in the digits' folders: an import killed (kill -9, a power cut)
        mid-copy left a hidden ``.NAME.<hex>.tmp`` of an example never renamed, never read and never removed. Only a
        write's temporary of this user's, a minute old and no longer written goes
        (``rowreader.atomic.remove_stale_temporaries``); links to folders are not followed. The killed import's lock
        file goes too, unless an import holds it."""
        self._tidied = True
        if lock_path(self._import_lock).is_file():
            with contextlib.suppress(OSError):  # held by a live import (LockHeld), or not ours: left as it is
                drop_lock(self._import_lock, take_lock(self._import_lock))
        for digit in range(CLASSES):
            for top, folders, _ in os.walk(self.root / str(digit)):
                folders[:] = [name for name in folders if _visible(Path(name))]
                remove_stale_temporaries_in(top)

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
            stamp = datetime.now(UTC).strftime("%Y%m%d-%H%M%S")
            path = folder / f"{stamp}-{secrets.token_hex(8)}{suffix}"
            if not (os.path.lexists(path) or os.path.lexists(path.with_suffix(".json"))):
                return path

    def add(self, label: int, drawing: np.ndarray, strokes: tuple[PenStroke, ...] = ()) -> Example:
        """Keep ``drawing`` (uint8 grey, dark ink on white) as an example of ``label``; returns it as loaded."""
        if isinstance(label, bool) or not isinstance(label, int | np.integer) or not 0 <= label < CLASSES:
            raise ValueError(f"label must be a digit 0–9, got {label!r}")
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
                checked.append(_checked_stroke(stroke.width, stroke.points, i))
            except (TypeError, ValueError) as err:
                raise type(err)(f"{err}; nothing was kept") from err
        sidecar = sidecar_bytes(int(label), tuple(checked))  # all checked before the first file is written
        path = self._new_path(int(label))
        _write_files(path, png_bytes(drawing), sidecar)
        return self._remember(load_example(path, int(label), [path]))  # a new, unique name

    def remove(self, example: Example) -> Removed:
        """Delete an example's files; the returned :class:`Removed` restores them exactly."""
        removed = Removed(example.path, *_read_files(example))
        try:
            example.path.unlink()
        except OSError as err:
            if err.errno not in _NOT_WRITABLE:
                raise
            raise _refused_by_folder(err, f"cannot delete from {example.path.parent}") from err
        if removed.sidecar is not None and example.sidecar is not None:
            try:
                example.sidecar.unlink(missing_ok=True)
            except OSError:
                # its picture alone went (its strokes' file held open elsewhere, or immutable): Delete had nothing
                # to undo, and a move deleted its copy as well. Whole or not at all: the picture comes back
                _write_files(example.path, removed.picture, None)
                raise
        return removed

    def relabel(self, example: Example, label: int) -> Example:
        """Move ``example`` to the folder of ``label`` (its sidecar saying so), under its own name where that is
        free: an example kept under the wrong digit could only be opened, kept again and deleted, and the keep
        dialog offered the wrong digit it was kept as. The new files are written before the old ones go, so a
        crash between leaves both (named as a clash), never neither. One in a sub-folder of its digit's goes to the
        same sub-folder of the other's, as an export keeps it: 3/monday/scan2.png moved to 5 and back (Ctrl+Z of the
        move) came back as 3/scan2.png, out of its folder. Moved to its own digit it stays (it was renamed)."""
        if isinstance(label, bool) or not isinstance(label, int | np.integer) or not 0 <= label < CLASSES:
            raise ValueError(f"label must be a digit 0–9, got {label!r}")
        if label == example.label:
            return example
        picture, sidecar = _read_files(example)
        if sidecar is not None:
            data = parse_json(sidecar.decode("utf-8"))  # read as an example already: a sidecar of ours
            sidecar = json.dumps({**data, "label": int(label)}, separators=(",", ":")).encode()
        try:
            place = example.path.relative_to(self.root / str(example.label))
        except ValueError:  # an example of another folder's
            place = Path(example.path.name)
        path = self.root / str(label) / place
        # NAME.json is read as the only NAME.* picture's, else NAME.png's: moved beside another NAME.* picture or
        # sidecar, one drawing's strokes were read as the other's (3/scan1.jpg's as those of the 5 in 5/scan1.png)
        taken = os.path.lexists(path) or os.path.lexists(path.with_suffix(".json"))
        taken = (
            taken or (path.parent.is_dir() and bool(_named_alike(path))) or not _name_fits(path, sidecar is not None)
        )
        path = self._new_path(int(label), example.path.suffix.lower(), path.parent) if taken else path
        _write_files(path, picture, sidecar)
        try:
            self.remove(example)
        except OSError:
            # its own folder read-only, the other writable: it was kept under both digits, the app saying it
            # stayed where it was. The copy goes again; the example stays as it was, once.
            for written in (path, path.with_suffix(".json") if sidecar is not None else None):
                if written is not None:
                    with contextlib.suppress(OSError):
                        written.unlink()
            raise
        return self._remember(load_example(path, int(label), image=example.image))

    def restore(self, removed: Removed) -> Example:
        """Undo :meth:`remove`: the same files, under the same names; a new one where the old is too long to write, or
        names other files now (a scanner's next scan1.png, the old one deleted: Undo wrote the old over the new, which
        was lost without a word). The same files there already (undone in another window) are written over."""
        label, path = int(removed.path.relative_to(self.root).parts[0]), removed.path
        sidecar = path.with_suffix(".json")
        taken = os.path.lexists(path) and not _holds(path, removed.picture)
        taken = taken or (
            removed.sidecar is not None and os.path.lexists(sidecar) and not _holds(sidecar, removed.sidecar)
        )
        if taken or not _name_fits(path, removed.sidecar is not None):
            path = self._new_path(label, path.suffix.lower())
        _write_files(path, removed.picture, removed.sidecar)
        return self._remember(load_example(path, label))

    def _kept_pictures(self, labels: set[int]) -> set[tuple[int, bytes]]:
        """``(label, SHA-256 of the file)`` of every picture kept under ``labels``: the bytes alone are read (a
        picture is not decoded), so an import can tell what is kept already."""
        kept = set()
        for label in labels:
            folder = self.root / str(label)
            for path in _pictures(folder)[0] if folder.is_dir() else []:
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
            _no_loop(folder)
        if Path(source).resolve() == self.root.resolve():
            raise ExamplesError(f"{source} is your examples folder itself: importing it would copy every example twice")
        try:  # a read-only folder failed at the first copy, in the system's words, "copied before this are kept"
            check_writable(self.root / ".rowreader-import", advise=False)  # the examples folder is not for choosing
        except OSError as err:
            raise ExamplesError(str(err)) from err  # "cannot write to DIR: Read-only file system"
        with self._one_import():
            return self._copy_in(Path(source), stop, progress or (lambda *_: None))

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
        added, problems, already = [], list(found.problems), 0
        kept = self._kept_pictures({e.label for e in found.examples})
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
                continue
            path = self._new_path(example.label, example.path.suffix.lower())
            _write_files(path, *files)
            # a new, unique name; its input is the source's (the same bytes): decoding each twice doubled an import
            added.append(self._remember(load_example(path, example.label, [path], example.image)))
        return Imported(added, problems, already)

    def export_folder(self, target: str | os.PathLike[str], stop: Callable[[], bool] = lambda: False) -> Exported:
        """Copy every example (picture and sidecar) to ``target``/<label>/, its sub-folders kept; never overwrites.

        Returns how many examples were written, one message per file that was left alone, and how many were there
        already, byte for byte (an export to the folder exported to last week). ``stop`` as for
        :meth:`import_folder`.
        """
        target = Path(target)
        for folder in (target, self.root):  # the examples folder a loop too: "Symlink loop from …", "written before"
            _no_loop(folder)
        # it was "[Errno 20] Not a directory: 'notes.txt/1'" after reading every example
        if (blocking := file_in_the_way(target)) is not None:
            raise ExamplesError(f"cannot export to {target}: {not_a_folder(blocking)}")
        inside = target.resolve()
        if inside == self.root.resolve() or self.root.resolve() in inside.parents:
            # a folder inside the examples would be a class folder not named 0–9, and the examples unusable
            raise ExamplesError(f"{target} is inside your examples folder {self.root}; export to a folder elsewhere")
        try:  # a read-only folder (a mounted share, a CD) failed at the first copy, "[Errno 30] …: 'DIR/0'"
            check_writable(target / ".rowreader-export")
        except OSError as err:
            raise ExamplesError(str(err)) from err  # "cannot write to DIR: Read-only file system"
        found = self.load(stop)
        written, skipped, already = 0, list(found.problems), 0
        for example in found.examples:
            if stop():
                break
            # its sub-folder kept (3/monday/scan1.png): flat, a 3/tuesday/scan1.png was "already exists", and missing
            destination = target / example.path.relative_to(self.root)
            sidecar = destination.with_suffix(".json")
            # a file named 5 there stopped the whole export at the first 5 ("[Errno 17] File exists"), digits unwritten
            if (blocking := file_in_the_way(destination.parent)) is not None:
                skipped.append(f"{destination}: {not_a_folder(blocking)}, left as it is")
                continue
            taken = os.path.lexists(destination) or (example.sidecar is not None and os.path.lexists(sidecar))
            try:
                files = _read_files(example)
            except OSError as err:  # deleted meanwhile (another RowReader window, a file manager)
                skipped.append(_gone(example, err))
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
                    skipped.append(f"{destination}: already exists, left as it is")
                continue
            if not _name_fits(destination, files[1] is not None):  # the digits after it were never written
                skipped.append(f"{destination}: {NAME_TOO_LONG}")
                continue
            _write_files(destination, *files)
            written += 1
        return Exported(written, skipped, already)
