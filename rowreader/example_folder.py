"""Reading a folder of a person's examples: drawings kept with their true label, in torchvision's ImageFolder layout.

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

Here: the layout and its checks, one example read (picture and sidecar), a whole folder read (``load_examples``,
its inputs cached by :mod:`rowreader.example_index`) and what was read (``ExampleSet``). Writing the folder (keep,
delete, move, undo, import, export) is :mod:`rowreader.example_store`'s.
Qt-free: the app, ``python -m training.fit --finetune`` and the benchmarks share this module.
"""

from __future__ import annotations

import errno
import functools
import os
import time
import unicodedata
from collections import Counter
from collections.abc import Callable, Collection, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from rowreader.atomic import name_max
from rowreader.example_index import Entries, FileKey, index_is_current, read_index, write_index
from rowreader.json_text import parse_json, shown
from rowreader.later import later
from rowreader.model import CLASSES, is_whole
from rowreader.output import counted
from rowreader.paths import broken_link, folder_below, unexpanded_home, what_is_there
from rowreader.pen import checked_pen, checked_stroke
from rowreader.picture import read_picture_and_note
from rowreader.picture_words import no_ink_in, not_one_digit, too_small_in
from rowreader.preprocess import normalise
from rowreader.stated_ink import stated_ink

if TYPE_CHECKING:
    from rowreader import checkpoint as checkpoints
else:  # imported when a type hint is read (typing.get_type_hints): the folder is read without it
    checkpoints = later("rowreader.checkpoint", "Checkpoint")

SIDECAR_FORMAT = "rowreader-example"
SIDECAR_VERSION = 1
SIDECAR_SUFFIX = ".json"  # NAME.json beside NAME.png: the strokes of the drawing it is
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
# NAME.json in a class folder with no picture it belongs to (NAME.png deleted, or left out of a copy): an import passed
# over the drawing without a word, where it names every other file it skips
LONE_SIDECAR = "a drawing's strokes (.json) without its picture (.png), so it is not read; copy its picture in too"
# NAME.json beside pictures of its name none of which owns it (sidecar_owner: a.PNG and a.jpg), and NAME.JSON beside its
# picture: an import said the first was "without its picture … copy its picture in too" of pictures it had just copied,
# and passed over the second without a word
UNOWNED_SIDECAR = (
    "a drawing's strokes (.json) beside pictures of its name, none of them NAME.png, so none is read with it"
)
CASED_SIDECAR = "a drawing's strokes are read from NAME.json only (in small letters), so it is not read; rename it"
# The belief, after the last row, in another digit than the one an example is kept as, from which it is named as likely
# kept in the wrong digit's folder (ExampleSet.kept_under_another_digit). UNIPEN's 3,020 test digits drawn, each of the
# 63 people's as one folder: 0.9 named 13 kept rightly, 0.99 named 4; one of a person's moved to another digit's folder
# (310 tries): 0.9 named 136, 0.99 named 125 (the others stand among too few of that digit, or are read unsure).
MISLABELLED_SURE = 0.99
# How the fine-tune's warnings of a file skipped and of a picture kept under two digits begin: the My examples dock
# names those too, so the teach dialog may leave some of them to it (gui.teach.warning_lines), never the others.
SKIPPED = "skipped "
SAME_PICTURE = "the same picture is kept as "
MAX_SIDECAR_BYTES = 4 * 1024 * 1024  # strokes of one drawing are a few kB; anything huge is not ours
# The most examples of one digit a teach learns from, its newest (load_examples' newest=): a teach's
# 40 steps draw 320 of the person's examples (8 a batch), 32 of each digit, so 5,000 kept taught no more than 1,000
# would, while the base and every fold model read all of them (8 times): on one thread 4,999 took 10.7–13.3 s of
# teaching (6.2–8.3 s capped), 12,944 took 32.7 s (12.2 s capped). Here, so that the app counts them without torch.
NEWEST_PER_DIGIT = 100

Point = tuple[float, float]


def a_digit(digit: int) -> str:
    """ "a 7", but "an 8": the teach dialog named a misread example "as a 8", the dock a clash "kept as a 8"."""
    return f"{'an' if digit == 8 else 'a'} {digit}"


MOST_EXAMPLES = 10**9  # more than any folder of examples holds: a record's count past it is no count of one


def recorded_count(value: object) -> int | None:
    """``value``, read from a record of a teach (a taught model's metadata, a teach's note), if it is a count a
    folder of examples could hold: a whole number from 0 to :data:`MOST_EXAMPLES`; else None, to be left out. The
    About box and the note of a teach cut short each wrote a rule of their own, and the note's said 10**40 as 53
    characters of digits, JSON's true as "1 example"."""
    ok = isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= MOST_EXAMPLES
    return value if ok else None


def examples_named(taught: int, copies: int = 0, older: int = 0, counted: bool = True) -> str:
    """The examples a teach learns from, as its dialog, the command line and the About box of the model it writes
    name them: ``taught`` read, ``copies`` set aside (copies of a drawing read already), ``older`` left out (beyond
    :data:`NEWEST_PER_DIGIT` of a digit). Copies were named as older ones ("the newest 4 of your 9 examples", all four
    different drawings taught). ``counted``: the parenthesis of what was set aside, where the sentence has room."""
    kept = f"your {taught + copies + older:,} examples"
    if copies:
        newest = "the newest " if older else ""
        also = f", {older:,} older left out" if older else ""
        why = f" ({copies:,} cop{'ies' if copies != 1 else 'y'} set aside{also})" if counted else ""
        return f"{newest}{taught:,} drawing{'s' * (taught != 1)} of {kept}{why}"
    if older:
        return f"the newest {taught:,} of {kept}"
    return f"your {taught:,} example{'s' * (taught != 1)}" if counted else "your examples"


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


@functools.lru_cache(maxsize=64)
def _digit_folder(root: str | os.PathLike[str], label: int) -> Path:
    """``root/<label>``, made once: building it anew for each of 10,000 examples was a third of naming them."""
    return Path(root) / str(label)


def taught_name(path: Path, label: int, root: str | os.PathLike[str] | None) -> str:
    """How a taught model's record names an example of ``label`` at ``path`` in the examples folder ``root``:
    ``<digit>/<its place in its digit's folder>``. Named by its file alone, 7/monday/scan1.png and 7/tuesday/scan1.png
    were one "7/scan1.png": a teach from a model taught Monday's counted Tuesday's new drawing taught before. One
    outside its digit's folder (or no ``root``) is named by its file."""
    if root is not None:
        folder = _digit_folder(root, label)
        # its digit's folder, if it lies in one, is parents[depth - 1]: `folder in path.parents` built every parent,
        # and the end of a teach of 9,900 examples named each on the window's thread (a second, at a load of 10)
        depth = len(path.parts) - len(folder.parts)
        if depth > 0 and path.parents[depth - 1] == folder:
            return "/".join((str(label), *path.parts[-depth:]))
    return f"{label}/{path.name}"


NAMED_BY_PLACE = "by place"  # a record's "named" where its examples are named by taught_name


def by_file_alone(name: str) -> str:
    """A name as a record without :data:`NAMED_BY_PLACE` holds it: the code before the fiftieth round named each
    example ``<digit>/<file>``, its sub-folder dropped, so "7/scan1.png" may be any 7 of that file name. Read, it
    is ``7//scan1.png``, a place no example has (:func:`taught_name` writes no empty folder), which
    :meth:`ExampleSet.taught_among` matches to every such 7; a name with a sub-folder is a place already (recorded
    by the fiftieth round, before the mark)."""
    digit, _, rest = name.partition("/")
    return f"{digit}//{rest}" if rest and "/" not in rest else name


class TeachCounts(NamedTuple):
    """What a teach makes of an :class:`ExampleSet` (:meth:`ExampleSet.teach_counts`)."""

    different: int  # different drawings
    taught: int  # how many of them it learns from
    too_few: str | None  # why they are too few to teach, if they are


@dataclass
class ExampleSet:
    """Everything usable in a folder, plus one message per file that was skipped (file name and reason)."""

    examples: list[Example] = field(default_factory=list)
    problems: list[str] = field(default_factory=list)
    left_out: int = 0  # pictures not read, older than the newest of their digit asked for (load_examples' newest)
    cut: tuple[int, ...] = ()  # the digits of which only the newest were read (a teach's cap: "your newest 100 6s")
    # pictures read and set aside, copies of a newer one of their digit (load_examples' newest: a teach learns each
    # drawing once; 1,000 copies of one 3 filled its newest 100 3s, the person's own 3s left out as older)
    copies: int = 0
    root: Path | None = None  # the examples folder they were read from (load_examples), which names them (name_of)

    def __len__(self) -> int:
        return len(self.examples)

    def __repr__(self) -> str:
        """How many of each digit, and of problems: printed whole, a folder of 9 examples was 31,000 characters."""
        counts = ", ".join(f"{digit}: {n}" for digit, n in self.counts().items() if n)
        return f"ExampleSet({len(self)} examples {{{counts}}}, {len(self.problems)} problems)"

    def name_of(self, example: Example) -> str:
        """``example`` named as every message and a taught model's record name it (:func:`taught_name`)."""
        return taught_name(example.path, example.label, self.root)

    def taught_among(self, example: Example, taught: set[str]) -> bool:
        """Whether ``taught`` (names as :func:`training.files.taught_files` reads them) holds ``example``: by its
        place, or by its file alone where an older record named it so (:func:`by_file_alone`)."""
        return self.name_of(example) in taught or f"{example.label}//{example.path.name}" in taught

    def counts(self) -> dict[int, int]:
        """Examples per digit, for every digit 0–9 (zeros included)."""
        found = Counter(e.label for e in self.examples)
        return {d: found.get(d, 0) for d in range(CLASSES)}

    def taught(self) -> int:
        """How many of these a teach learns from: the newest :data:`NEWEST_PER_DIGIT` drawings of each digit at most,
        each drawing once (:meth:`drawings`)."""
        return self.teach_counts().taught

    def drawings(self) -> set[tuple[int, bytes]]:
        """Each different drawing's ``(label, its 28×28 input's bytes)``: copies of one picture under one label (byte
        for byte, or the same strokes drawn again) are one drawing. Hashed: np.unique took 0.4 s for 3,000; this takes
        33–42 ms for 12,944."""
        return {(e.label, e.image.tobytes()) for e in self.examples}

    def different(self) -> int:
        """How many different drawings (:meth:`drawings`). Fewer than two cannot be split into taught and held out,
        so a teach can say nothing of how it reads the next drawing (one drawing kept twice was taught for 20 s, to
        end in "held-out – → –")."""
        return self.teach_counts().different

    def too_few(self) -> str | None:
        """Why these examples are too few to teach, if they are: fewer than two different drawings (:meth:`different`),
        the one rule of the app's Ctrl+T and of ``python -m training.fit --finetune``. The command line taught a single
        example (or copies of one) for 20 s, with no estimate of how it reads the next drawing; the app refused it."""
        return self.teach_counts().too_few

    def teach_counts(self) -> TeachCounts:
        """:meth:`different`, :meth:`taught` and :meth:`too_few` from one :meth:`drawings`: Ctrl+T's check made that set
        three times, 33–42 ms of Python each at 12,944 examples."""
        per_digit = Counter(label for label, _ in self.drawings())
        different = sum(per_digit.values())
        taught = sum(min(count, NEWEST_PER_DIGIT) for count in per_digit.values())
        if different >= 2:
            return TeachCounts(different, taught, None)
        count = len(self) + self.copies  # copies a teach set aside are still examples of the one drawing
        # "3 copies of one drawing" was said of a picture and two copies of it: the drawing among its copies
        have = "no example" if not count else "one example" if count == 1 else f"{count} examples of one drawing"
        return TeachCounts(different, taught, f"{have}; teaching needs at least two different drawings")

    def label_clashes(self) -> list[str]:
        """One sentence per picture kept under two digits or more (a file copied into the wrong digit's folder, a link
        in 4/ to a 3): teaching learnt both labels for one drawing, and the held-out accuracy stayed below 100 %
        without a word of why."""
        by_picture: dict[bytes, dict[int, list[str]]] = {}
        for example in self.examples:
            by_picture.setdefault(example.image.tobytes(), {}).setdefault(example.label, []).append(
                self.name_of(example)
            )
        return [
            SAME_PICTURE + " and as ".join(_kept_as(label, names) for label, names in sorted(by_label.items()))
            for by_label in by_picture.values()
            if len(by_label) > 1
        ]

    def kept_under_another_digit(
        self, checkpoint: checkpoints.Checkpoint | np.ndarray, shown: int = 3, newest: Collection[int] = ()
    ) -> list[str]:
        """One sentence per example that ``checkpoint`` reads, after its last row, as another digit with at least
        ``MISLABELLED_SURE`` of its belief, while it reads nine in ten of that label's other examples (three at
        least) as the label: likely a drawing kept in the wrong digit's folder. The first ``shown`` are named, the
        rest counted in a last sentence. Where it misreads more of a digit's examples, a way of writing it that the
        model has not learnt (what teaching is for), it says nothing of them. 198 1s and two 7s kept as 1s were
        taught without a word (the held-out estimate, 98.5 % before, named neither).

        ``checkpoint`` may be its beliefs after the last row of each example instead, ``[N, 10]``, where they are read
        already: the fine-tune reads the examples once, for this and for its held-out "before" (the softmax of
        ``forward``, within 8.2e-6 of the stream's).

        ``newest``: the digits of which these are only the newest a person kept (a teach's cap): "95 of your other 99
        6s read as 6s" was said of the newest 100 where the person had 299 other 6s; of those it says "95 of your
        newest 100 6s", as short."""
        if not self.examples:
            return []
        images, labels = self.arrays()
        if isinstance(checkpoint, np.ndarray):
            if checkpoint.shape != (len(images), CLASSES):
                raise ValueError(
                    f"beliefs must be [{len(images)}, {CLASSES}], one row per example, got {list(checkpoint.shape)}"
                )
            beliefs = checkpoint
        else:
            beliefs = np.concatenate(
                [_last_beliefs(checkpoint, images[i : i + 1000]) for i in range(0, len(images), 1000)]
            )
        read_as, sure = beliefs.argmax(axis=1), beliefs.max(axis=1)
        right = np.bincount(labels[read_as == labels], minlength=CLASSES)  # per label, its examples read as it
        others = np.bincount(labels, minlength=CLASSES) - 1  # per label, beside one of its examples
        wrong = (read_as != labels) & (sure >= MISLABELLED_SURE)  # such an example is not among those read right
        suspects = [i for i in np.flatnonzero(wrong) if right[labels[i]] >= max(3, 0.9 * others[labels[i]])]

        # Within the app's 110 characters a warning line keeps whole, for the names the app gives (36). The name stands
        # between the counts and what it reads as: the app shortens a longer line in its middle, and with the name
        # first, a scan's 47-character name lost "as a 7" and "1,048 o" ("reads…f your other 1,052 1s read as 1s")
        def of_digit(label: int) -> str:
            return f"newest {others[label] + 1:,}" if label in newest else f"other {others[label]:,}"

        lines = [
            f"{right[labels[i]]:,} of your {of_digit(labels[i])} {labels[i]}s read as {labels[i]}s; "
            f"{self.name_of(self.examples[i])} reads as {a_digit(read_as[i])}. In the wrong folder?"
            for i in suspects[:shown]
        ]
        if (more := len(suspects) - shown) > 0:  # "and 1 more examples read as", when four were found
            one = more == 1
            lines.append(
                f"and {counted(more, 'more example')} {'reads' if one else 'read'} as another digit than "
                f"{'its' if one else 'their'} folder's, likewise"
            )
        return lines

    def arrays(self) -> tuple[np.ndarray, np.ndarray]:
        """``(float32 [N, 28, 28], int64 [N])``: what training and evaluation take."""
        if not self.examples:
            return np.zeros((0, 28, 28), np.float32), np.zeros(0, np.int64)
        return np.stack([e.image for e in self.examples]), np.array([e.label for e in self.examples], np.int64)


def _last_beliefs(checkpoint: checkpoints.Checkpoint, images: np.ndarray) -> np.ndarray:
    """``checkpoint``'s beliefs after the last row of each of ``images`` ([N, 28, 28] in [0, 1]): ``[N, 10]``."""
    stream = checkpoint.stream(batch=len(images))
    stream.feed_image(images)
    return stream.probabilities[-1]


def _kept_as(label: int, names: list[str]) -> str:
    """ "a 0 (0/a.png and 4 more)", of ``names`` as :meth:`ExampleSet.name_of` gives them: one drawing kept five
    times under one digit was named five times, "as a 0 (…) and as a 0 (…) …", twelve lines in the dock."""
    more = f" and {len(names) - 1} more" if len(names) > 1 else ""
    return f"{a_digit(label)} ({min(names)}{more})"


def picture_kinds(images: np.ndarray) -> np.ndarray:
    """One number per example, the same for copies of one picture (the same 28×28 input): a folder imported twice,
    a file duplicated under another name."""
    return np.unique(images.reshape(len(images), -1), axis=0, return_inverse=True)[1].reshape(-1)


def is_visible(path: Path) -> bool:
    # Dot files are other programs' (or our own half-written temporaries, .NAME.tmp): never examples.
    return not path.name.startswith(".")


def refuse_a_link_loop(path: Path) -> None:
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


def like_a_digit(name: str) -> str:
    """What makes a folder ``name`` that reads as a digit not its class folder, and its name to be ("" where it reads
    as none): " 3" (a space pasted in), "03" (a sort's habit) and "\u0663" (the Arabic-Indic 3) were each "a folder not
    named by a digit (0 to 9)", the space unseen and, to a person who writes 3 so, untrue."""
    bare = name.strip()
    if not (bare.isdecimal() and int(bare) < CLASSES):  # int() reads any script's digits, and zeros before them
        return ""
    digit = int(bare)
    odd = ["a space around it"] if bare != name else []
    odd += ["a 0 before it"] if len(bare) > 1 else []
    odd += [unicodedata.name(bare[-1]).title()] if not bare.isascii() else []
    return f"; {name!r} is not {digit} ({', '.join(odd)}): rename it {digit} to read its pictures"


def _layout(root: str | os.PathLike[str]) -> tuple[dict[int, Path], list[str]]:
    """The class folders of ``root`` by digit, and one problem line per folder not named 0–9 or picture beside them
    (not read). :class:`ExamplesError` where ``root`` holds no digit's folder but such things (a folder of scans
    not sorted, a class folder chosen for its parent), or where class folders are links that would mix digits."""
    root = Path(root)
    refuse_a_link_loop(root)
    if not root.exists():  # a link to a folder moved away, or a quoted ~: `ls` lists it, the home folder holds it
        why = broken_link(root) or unexpanded_home(root)
        raise ExamplesError(f"{root}: no such folder" + (f"; {why}" if why else ""))
    if not root.is_dir():
        raise ExamplesError(f"{root}: not a folder (expected {root}/0/*.png … {root}/9/*.png)")
    folders: dict[int, Path] = {}
    refusals: list[str] = []  # what each stray thing would say, were it the whole folder
    strays: list[str] = []
    real_root, real_folders = root.resolve(), {}
    for entry in sorted(filter(is_visible, root.iterdir())):
        if entry.is_dir():
            if entry.name not in {str(d) for d in range(CLASSES)}:
                like = like_a_digit(entry.name)  # said whether the folder is refused or only this one is skipped
                refusals.append(
                    f"{entry}: class folders must be named by their digit, 0 to 9 (not {entry.name!r}); "
                    f"expected {root}/0/*.png … {root}/9/*.png{like}"
                )
                strays.append(f"{entry}: {NOT_A_DIGITS_FOLDER}{like}")
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
            elif root.parent.name in {str(d) for d in range(CLASSES)}:  # 3/monday: "move it into 3/monday/<digit>/"
                refusals.append(
                    f"{root} lies inside the class folder of {root.parent.name}s: choose {root.parent.parent}, the "
                    f"folder that holds 0 … 9 (a picture outside any class folder has no label: {entry.name})"
                )
            else:
                refusals.append(
                    f"{entry}: a picture outside any class folder has no label; move it into {root}/<digit>/"
                )
            strays.append(f"{entry}: {OUTSIDE_THE_DIGITS}; move it into {root}/<digit>/ to teach it")
    if refusals and not folders:
        below = folder_below(root, lambda folder: any((folder / str(d)).is_dir() for d in range(CLASSES)))
        if below is not None:  # the user's data folder chosen for its examples/: "not 'examples'" was all it said
            raise ExamplesError(f"{root} holds no digit's folder (0 … 9), but {below} does: choose that folder")
        raise ExamplesError(refusals[0])
    return folders, strays


def _read_sidecar(path: Path, label: int) -> tuple[tuple[PenStroke, ...], str | None]:
    """Strokes and date from ``path`` (a JSON sidecar); ``ValueError`` naming what is wrong with it."""
    if (size := path.stat().st_size) > MAX_SIDECAR_BYTES:  # not read: anything huge is not ours
        raise ValueError(too_large_a_sidecar(size))
    return checked_sidecar(path.read_bytes(), label)[1:]


def too_large_a_sidecar(size: int, subject: str = "sidecar is") -> str:
    """Why a sidecar of ``size`` bytes is not read, or not written (``subject`` says which): it said "sidecar is
    23983528 bytes, more than 4194304"."""
    return f"{subject} {size:,} bytes, more than the {MAX_SIDECAR_BYTES:,} (4 MiB) a drawing's strokes may take"


def checked_sidecar(raw: bytes, label: int) -> tuple[dict[str, Any], tuple[PenStroke, ...], str | None]:
    """A sidecar's contents (its JSON object, strokes and date), checked as the sidecar of an example of ``label``;
    ``ValueError`` naming what is wrong with it."""
    if len(raw) > MAX_SIDECAR_BYTES:
        raise ValueError(too_large_a_sidecar(len(raw)))
    try:
        data = parse_json(raw.decode("utf-8"))
    except ValueError as err:  # not UTF-8, not JSON, a number of 5,000 digits, "[[[[…" nested too deeply
        raise ValueError(f"sidecar is not JSON: {err}") from err
    if not isinstance(data, dict) or data.get("format") != SIDECAR_FORMAT:
        raise ValueError(f"sidecar is not a {SIDECAR_FORMAT!r} file")
    if (said := data.get("label")) != label:
        if isinstance(said, str) and said.strip() == str(label):  # "says label '6' but the file is in folder 6"
            raise ValueError(f"sidecar's label is the text {shown(said)}, not the number {label}: write it as {label}")
        raise ValueError(f"sidecar says label {shown(said)} but the file is in folder {label}")
    version = data.get("version")
    try:
        return data, *_sidecar_contents(data)
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
            strokes.append(checked_pen_stroke(raw["width"], raw["points"], i))
        except (TypeError, ValueError) as err:
            raise ValueError(f"sidecar {err}") from err
    return tuple(strokes), date


def checked_pen_stroke(width: Any, points: Any, index: int) -> PenStroke:
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


def is_picture(path: Path) -> bool:
    return is_visible(path) and path.suffix.lower() in IMAGE_SUFFIXES


def pictures_named_alike(path: Path) -> list[Path]:
    """The pictures in ``path``'s folder with its name (stem), itself included: one scan of the folder, its names
    told apart as text first (a path and its stem made of each of 2,600 names held the window 9 ms at each undo,
    keep or move, twice at a move)."""
    stem = path.stem
    alike = (path.parent / name for name in os.listdir(path.parent) if name.startswith(stem))
    return [p for p in alike if p.stem == stem and is_picture(p)]


def sidecar_owner(pictures: Sequence[Path]) -> Path | None:
    """Which of ``pictures`` (all of one name, in one folder) NAME.json belongs to: the only one, else NAME.png
    (what the app writes), else none. ``a.png`` and ``a.jpg`` side by side both read ``a.json``'s strokes, and
    removing ``a.jpg`` deleted the sidecar of ``a.png``; a store's export asks it too, before it writes beside
    another picture of its name."""
    if len(pictures) == 1:
        return pictures[0]
    return next((p for p in pictures if p.suffix == ".png"), None)


def _sidecar_of(path: Path, named_alike: Sequence[Path]) -> Path | None:
    """NAME.json if it is this picture's (whether or not it exists, :func:`sidecar_owner`), else None."""
    if len(named_alike) > 1 and sidecar_owner(named_alike) != path:
        return None
    sidecar = path.with_suffix(SIDECAR_SUFFIX)
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
    sidecar = _sidecar_of(path, pictures_named_alike(path) if named_alike is None else named_alike)
    if image is None:
        image = input_of(path)
    strokes: tuple[PenStroke, ...] = ()
    date = None
    if sidecar is not None and sidecar.is_file():
        strokes, date = _read_sidecar(sidecar, label)
    return Example(path, label, image, strokes, date, sidecar)


def input_of(path: Path) -> np.ndarray:
    """The 28×28 input of the picture at ``path`` (the costly part of reading an example); ``ValueError`` why not."""
    picture, note = read_picture_and_note(path)
    normalised = normalise(picture, ink=stated_ink(note, picture))  # a kept drawing says its ink
    image = normalised.image
    if normalised.too_small:  # it was called "no ink", so a small digit on a big scan looked like a blank page
        raise ValueError(too_small_in(path, normalised))
    if image is None:
        raise ValueError(no_ink_in(path, normalised))  # as predict and the app's Open say it
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
    return sum(len(pictures_in(folder)[0]) for folder in class_folders(root).values())


def pictures_in(folder: Path) -> tuple[list[Path], list[Path]]:
    """The pictures in a class folder *and its sub-folders*, as torchvision's ImageFolder finds them (DIR/3/a/x.png
    is a 3; they were skipped without a word), and the links to folders found there. Hidden files and folders are
    left out, and links to folders are not followed, so a link loop cannot hang the reading; they are returned
    to be named (ImageFolder follows them: ``3/more`` linking to a folder of 3s lost them all without a word)."""
    found, links = [], []
    for top, folders, files in os.walk(folder):
        folders[:] = [name for name in folders if is_visible(Path(name))]
        links += [Path(top, name) for name in folders if Path(top, name).is_symlink()]
        found += [Path(top, name) for name in files if is_picture(Path(name))]
    return sorted(found), sorted(links)


def lone_sidecars(root: str | os.PathLike[str]) -> list[str]:
    """One problem line (``PATH: why``) per sidecar in ``root``'s class folders that no picture there reads
    (:func:`sidecar_problem`): what an import copies nothing of. Other files there (notes) are not examples, and
    stay unsaid; a sidecar is one, its picture lost. The pictures are grouped by name once: each sidecar looked
    through all of its folder's, and 3,000 drawings (a picture and a sidecar each) in one folder took 20 s."""
    lines = []
    for folder in class_folders(root).values():
        for top, folders, files in os.walk(folder):
            folders[:] = [name for name in folders if is_visible(Path(name))]
            by_name: dict[str, list[Path]] = {}
            for name in files:
                if is_picture(picture := Path(top, name)):
                    by_name.setdefault(picture.stem, []).append(picture)
            for name in sorted(files):
                sidecar = Path(top, name)
                if is_visible(sidecar) and (why := sidecar_problem(sidecar, by_name.get(sidecar.stem, []))):
                    lines.append(f"{sidecar}: {why}")
    return lines


def sidecar_problem(sidecar: Path, pictures: Sequence[Path]) -> str | None:
    """Why the strokes in ``sidecar`` (a file named NAME.json in any case) are read with none of ``pictures`` (those
    of its name beside it), or None where they are read, or it is not a sidecar (NAME.JSON with no picture: a note).
    Each reason is true: a.json beside a.PNG and a.jpg was "without its picture (.png) … copy its picture in too" of
    pictures an import had just copied, b.JSON beside b.png was passed over without a word, and a broken link
    a.json was counted twice ("-1 damaged files and … 1 broken link")."""
    if sidecar.suffix.lower() != SIDECAR_SUFFIX or not (pictures or sidecar.suffix == SIDECAR_SUFFIX):
        return None
    if (broken := broken_link(sidecar)) is not None:
        return f"{broken}, so no strokes are read from it"
    if sidecar.suffix != SIDECAR_SUFFIX:
        read = sidecar.with_suffix(SIDECAR_SUFFIX)
        # a.Json beside a.json (another file: a case-blind disk has one): "rename it a.json" replaced the strokes read
        taken = os.path.lexists(read) and not (read.exists() and os.path.samefile(read, sidecar))
        return f"{CASED_SIDECAR} {read.name}" + (f", after moving away the {read.name} already there" if taken else "")
    if not pictures:
        return LONE_SIDECAR
    if sidecar_owner(pictures) is None:
        names = ", ".join(sorted(picture.name for picture in pictures))
        return f"{UNOWNED_SIDECAR} ({names}); rename the one it belongs to {sidecar.stem}.png"
    return None


def still_there(paths: Iterable[Path]) -> set[Path]:
    """Which of ``paths`` are in their folders now, each folder listed once: a look at each file (a stat call each)
    held the window 0.3–0.5 s at 12,944 examples, where ten listings take a few milliseconds."""
    listed: dict[Path, set[str]] = {}
    there = set()
    for path in paths:
        if (names := listed.get(path.parent)) is None:
            try:
                names = set(os.listdir(path.parent))
            except OSError:  # gone, or no longer a folder: none of its examples is there
                names = set()
            listed[path.parent] = names
        if path.name in names:
            there.add(path)
    return there


AHEAD_NS = 86_400 * 10**9  # a file time further ahead of the clock than a day was set by a clock wrong then


def newest_first(pictures: list[Path], now_ns: int | None = None) -> list[Path]:
    """``pictures`` newest first by the time each was last written, its name breaking a tie (a name begins with the
    time it was kept); one gone since it was listed counts as the oldest. A time later than the file's change time
    (set to now by any write, rename or date set; on Windows, when the file was made here) is a date set forward (a
    camera's clock, a copy from another machine): the change time is taken, or a picture dated 2100 stayed among the
    newest at every teach, before every example kept after it. Where that too is more than :data:`AHEAD_NS` ahead of
    the clock (``now_ns``, the clock's reading by default), the clock was wrong as it was written (set to 2031 by
    mistake and put right, a network disk's server): it is no time, ranked with the gone ones, by name, or it
    stayed the newest at every teach until that date came. Not the sidecar's date: written by the same clock, it
    is no truer, and reading it for each picture would cost what choosing by the files' times saves."""
    latest = (time.time_ns() if now_ns is None else now_ns) + AHEAD_NS

    def written(path: Path) -> tuple[int, str]:
        try:
            info = os.stat(path)
        except OSError:
            return 0, path.name
        when = min(info.st_mtime_ns, info.st_ctime_ns)
        return (when if when <= latest else 0), path.name

    return sorted(pictures, key=written, reverse=True)


def checked_newest(newest: object) -> int:
    """``load_examples``' ``newest``, a count of pictures: 0 read none, -3 all but the oldest three of each digit (a
    slice's ``[:-3]``), ``True`` one, each without a word. ``TypeError`` or ``ValueError`` saying what it takes."""
    if not is_whole(newest):
        raise TypeError(f"newest must be a whole number of pictures, at least 1, or None for all (not {newest!r})")
    if newest < 1:
        raise ValueError(f"newest must be a whole number of pictures, at least 1, or None for all (not {newest})")
    return int(newest)


Progress = Callable[[list[Example], int, int], None]  # (examples read since the last call, files done, in all)
PROGRESS_EVERY_S = 0.25  # how often a reading says what it has read: often enough to look live, not to flood


def load_examples(
    root: str | os.PathLike[str],
    cache: dict[Path, tuple[Any, Example | str]] | None = None,
    stop: Callable[[], bool] = lambda: False,
    index: bool = False,
    progress: Progress | None = None,
    newest: int | None = None,
) -> ExampleSet:
    """Every usable example under ``root`` (ImageFolder layout), oldest name first within each digit.

    Layout errors raise :class:`ExamplesError`; a file that cannot be read is listed in ``problems``
    (``"FILE: reason"``) and skipped. ``cache`` (kept by the caller between calls) saves re-reading files
    that did not change since the last call, so the app can reload after every edit (a whole reading drops the files
    no longer there): a file that could not be read too, by its reason (5,000 damaged files in 3/ were decoded again,
    3–8 s, at every reading). ``stop`` is asked before each file: when it says so (the app is closing), what was read
    so far is returned, for nobody to use.
    ``index``: take the inputs of unchanged files from the user cache's index (:mod:`rowreader.example_index`),
    and keep what was read there for the next run: the app's and the fine-tune's readings of a large folder. What
    a stopped reading decoded is kept there too: the app closed two minutes into its first reading of 10,000
    examples began again from the first at the next start.
    ``progress`` is called every :data:`PROGRESS_EVERY_S` with the examples read since its last call, how many
    files are done and how many there are in all, and once more at the end: a first reading of 10,000 pictures
    takes minutes (each is decoded and normalised, ~5 ms of CPU), and the app showed none of them until the last.
    ``newest``: only the newest pictures of each digit, so many (a whole number, at least 1), by the time each was last
    written (:func:`newest_first`), read newest first until so many are read: one that does not read is named among
    the problems and the next newest read in its place (it was skipped, and the digit taught one fewer). The others
    are counted in ``left_out``, and what the index holds of them is kept. A fine-tune's first reading of 12,944
    examples decoded every one, to teach the newest 100 of each digit. Each drawing counts once (:meth:`ExampleSet.
    drawings`): a copy of one read already under its digit is set aside, counted in ``copies``, and the next newest
    read in its place (1,000 copies of one 3 filled a teach's newest 100 3s, the person's own 3s left out).
    """
    cap = None if newest is None else checked_newest(newest)  # before the folder is read
    folders, strays = _layout(root)
    found = ExampleSet(problems=strays, root=Path(root))
    # examples/3 linking to a stick since unplugged, or a file named 3 (a zip of the 3s, a note): every 3 gone
    # without a word, and the fine-tune taught without them
    for digit in range(CLASSES):
        entry = Path(root, str(digit))
        if digit not in folders and os.path.lexists(entry):
            why = broken_link(entry) or f"it is {what_is_there(entry)}, not a folder"
            found.problems.append(f"{entry}: {why}, so no {digit} is read from it")
    listed = [(label, *pictures_in(folder)) for label, folder in folders.items()]  # the count first, then the pictures
    passed_over: set[Path] = set()  # the older pictures of a digit of which its newest were read
    if cap is not None:  # newest first, read until the cap: a damaged one among them is replaced by the next newest
        listed = [(label, newest_first(pictures), links) for label, pictures, links in listed]
    total, done = sum(min(len(pictures), cap or len(pictures)) for _, pictures, _ in listed), 0
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
        first = len(found.examples)
        drawings: set[bytes] = set()  # the inputs of this digit's pictures read, where only the newest are
        for tried, path in enumerate(pictures):
            if cap is not None and tried >= cap:  # one before it was not read: the next newest in its place
                if len(found.examples) - first >= cap:
                    passed_over.update(pictures[tried:])
                    found.cut += (label,)
                    break
                total += 1
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
                kept[path] = (key, example.image)
                if cap is not None:  # each drawing once: a copy of one read already is set aside
                    if (drawn := example.image.tobytes()) in drawings:
                        found.copies += 1
                        continue
                    drawings.add(drawn)
                found.examples.append(example)
                batch.append(example)
            except (OSError, ValueError) as err:
                # deleted since it was listed (in another window, by a sync): gone, as above. A reading while another
                # process deleted 400 examples named 4 of them "no such file" or "[Errno 2] No such file …"
                if os.path.lexists(path):
                    found.problems.append(f"{path}: {err}")
                    if cache is not None and key is not None:
                        cache[path] = (key, found.problems[-1])
        found.examples[first:] = sorted(found.examples[first:], key=lambda example: example.path)  # their order
    found.left_out = len(passed_over)
    if cache is not None:  # a whole reading: the files no longer here are forgotten (kept and deleted all day, the
        # app's cache held every example it had ever seen, 5 kB each: 2,000 keeps and deletes held 10 MB more). Not
        # one unlisted that is there: kept while this reading ran, it was decoded again by the next. ``list(cache)``:
        # a keep's thread may add to it meanwhile, and a dict iterated while it grows raises
        seen = {path for _, pictures, _ in listed for path in pictures}
        for gone in [path for path in list(cache) if path not in seen and not os.path.lexists(path)]:
            cache.pop(gone, None)
    if progress is not None:
        progress(batch, done, total)
    if index and passed_over:  # the older pictures not read keep what the index knows of them
        indexed = read_index(root) if indexed is None else indexed
        kept = {**{path: entry for path, entry in indexed.items() if path in passed_over}, **kept}
    if index and (decoded or not index_is_current(root, kept)):  # examples kept or deleted here since, too
        write_index(root, kept)
    return found
