"""Command line: ``rowreader predict IMAGE...`` reads digits row by row; ``rowreader evaluate`` scores a model;
``rowreader download`` fetches MNIST. Each command's exit statuses are :func:`exit_status`'s words, which
``--help`` shows.
"""

from __future__ import annotations

import sys

if __name__ == "__main__":  # `python -m rowreader.cli` is run as `rowreader` is, by run_main: run bare, a stop as
    from rowreader.launch import run_main  # Python closed (SIGTERM) ended it with 143 and not a word, 3 of 36 tries

    sys.exit(run_main("rowreader.cli"))  # named as typed

import argparse
import contextlib
import decimal
import difflib
import io
import itertools
import json
import os
import stat
import textwrap
from collections import Counter
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, NoReturn

import numpy as np

from rowreader.checkpoint import (
    CHECKPOINT_SUFFIX,
    Checkpoint,
    CheckpointError,
    is_checkpoint,
    load_checkpoint,
    load_pretrained,
    pretrained_path,
)
from rowreader.data import (
    DamagedMnistFile,
    damaged_mnist_advice,
    data_dir_help,
    default_data_dir,
    load_mnist,
    mnist_folder,
)
from rowreader.device import DEVICE_HELP, describe_device, device_argument, device_of_flag
from rowreader.json_text import json_file_name, shown
from rowreader.launch import (
    READER_LEFT,
    STDOUT_CLOSED,
    CommandParser,
    command_name,
    exit_statuses,
    kin_in_child,
    say_error,
    starting,
    stop_status,
    stop_words,
    stops_held,
    stops_like_ctrl_c,
    stops_sent_together_are_one,
    unrecognized,
)
from rowreader.needs_torch import torch_unloadable
from rowreader.number_text import REAL, real_number
from rowreader.one_digit import FLATTEST, MIN_DIGIT_PIXELS, MIN_EXTENT, MIN_MARK_PIXELS
from rowreader.output import counted, name_text, print_any_file_name, shell_line, shell_word, silence_stdout
from rowreader.paths import FROM_ITS_FILE, NotARegularFileError, folder_argument, no_picture_begins, path_argument
from rowreader.picture import Noted, read_picture_and_note, read_picture_data_and_note
from rowreader.picture_checks import NOT_READ
from rowreader.picture_errors import HEAD_BYTES, PictureError, UnknownFormat, unidentified
from rowreader.picture_words import (
    first_frame_blank,
    first_frame_too_small,
    frame_count,
    many_small_marks,
    no_ink,
    side_by_side,
    too_small_words,
)
from rowreader.preprocess import Normalised, normalise
from rowreader.session import UNSURE_BELOW
from rowreader.stated_ink import ink_from, ink_words, stated_ink
from rowreader.stream import LEAST_PERCENTAGE, ROUNDED_OVER_ONE, ROUNDING_HINT, RowStream, answer, leaders, percent_text
from rowreader.whole_number import BATCH_SIZES, whole_number

PROG = "rowreader"
# Said by every --help, each command's own words: evaluate's and download's --help spoke of images and --json.
_CANNOT_USE = {
    None: "an image, the model or the data that cannot be used, or output that cannot be written (a line on stderr "
    "says which and why; predict still reads the other images)",
    "predict": "an image or the model that cannot be used, or output that cannot be written (a line on stderr says "
    "which and why; the other images are still read)",
    "evaluate": "the model or the MNIST files that cannot be used, or output that cannot be written (a line on "
    "stderr says which and why)",
    "download": "MNIST that cannot be fetched or read back, or output that cannot be written (a line on stderr says "
    "which file and why)",
}
_STOPPED = {
    None: " (predict's --json document is closed after the last result, evaluate's with no results)",
    "predict": " (what was written stays whole: --json's document is closed after the last result)",
    "evaluate": " (--json's document is closed after what was known before the reading, with no results: `{}`"
    " while the model and the digits were loaded)",
}


def exit_status(command: str | None = None) -> str:
    """A command's exit statuses, for its --help (``None``: the whole program's), in training's words too."""
    return exit_statuses(_CANNOT_USE[command], 1, stopped=_STOPPED.get(command, ""))


class _Failure(Exception):
    """A problem with one input or with the set-up, already worded for the user."""


class _Refused(Exception):
    """A flag naming what is not there (``--device cuda`` without CUDA), found once the command runs: a refused command
    line, status 2 with the command's usage, as training.fit and the app say it (evaluate said it with status 1)."""


def _error(message: str) -> None:
    # `2>&-`: print(file=None) wrote the error into stdout, inside the JSON. `2>/dev/full`, or a stderr whose reader
    # left: the first error line ended the run, the other images unread and the --json document open; the results
    # go on, and the status still says something failed
    say_error(PROG, message)


STDIN = "-"  # `predict -`: the picture piped in (a file named "-" is ./-)
MAX_STDIN_BYTES = 2**30  # `predict - < /dev/zero` would read until memory ran out
STDIN_HEAD_BYTES = 2**20  # enough for any format's header: what no picture begins with is refused after it


def typed(*words: str) -> str:
    """A command line of this program for a hint, named as it was typed (:func:`command_name`): `python -m rowreader`
    gave "rowreader predict seven.png", the console script's, which is not there where the package runs from a
    checkout."""
    return f"{command_name(PROG)} {shell_line(list(words))}"


def pipe_one_in() -> str:
    """How to give a picture on standard input."""
    return f"pipe one in: {typed('predict', '-')} < seven.png"


def image_argument(text: str) -> str:
    """``type=`` of predict's IMAGE: ``-`` is standard input, anything else a file (:func:`path_argument`'s checks),
    kept as typed. As a Path, ``./seven.png`` was written back as ``"file": "seven.png"`` and ``a//b.png`` as
    ``a/b.png`` (pathlib folds them), so a script's own names (``find . -name '*.png' | xargs rowreader predict
    --json``) matched no result, and ``./-x.png``'s result named ``-x.png``, an option when given back."""
    if text != STDIN:
        path_argument(text)
    return text


def file_argument(text: str) -> str:
    """``type=`` of ``--checkpoint``: :func:`path_argument`'s checks, the name kept as typed, as an IMAGE's is
    (``--checkpoint ./m.safetensors`` was "m.safetensors" in its error lines)."""
    path_argument(text)
    return text


BELIEF = "a belief above 0 and at most 1"  # what --sure takes, said alike for `--sure abc` and `--sure 2`


def probability_argument(text: str) -> decimal.Decimal:
    """``type=`` of evaluate's ``--sure``: a belief above 0 and at most 1, as :func:`rowreader.decided_at` takes one;
    ``--sure 90`` (a percentage) and ``nan`` refused in words before MNIST is read, not after. The number typed is
    kept exactly, a Decimal, which the library compares exactly: read as a float, 0.75000000000000000001 was 0.75
    (a belief of 0.75 held it) and 1.00000000000000000001 was 1, taken, where ``decided_at`` refuses both."""
    percent = text.strip().removesuffix("%")
    if percent != text.strip() and REAL.fullmatch(percent.strip()):
        # `--sure 90%` was "invalid float value", the belief meant unsaid; `--sure 150%` and `0%` were, after that fix
        if 0 < float(percent) <= 100:
            raise argparse.ArgumentTypeError(
                f"is a belief, not a percentage: {shown(text)} is --sure {_hundredth(percent)[1]}"
            )
        raise argparse.ArgumentTypeError(f"{shown(text)} is a percentage; --sure takes a belief above 0 and at most 1")
    value = real_number(0, 1, above=True, wanted=BELIEF)(text)
    # the number typed, every digit (REAL's text is Decimal's); the hints' bounds are floats, met by the float read
    exact = decimal.Context(prec=len(text) + 2).create_decimal(text.strip()) if value == value else value
    if not 0 < exact <= 1:  # not: NaN too
        typed, belief = _hundredth(text) if LEAST_PERCENTAGE <= value <= 100 else ("", "")
        hint = f" (a percentage? {belief} is {typed} %)" if typed else ""
        if exact > 1 and value < LEAST_PERCENTAGE:  # decided_at's words: 1.000002 was "a percentage? 0.01000002 …"
            hint = f" ({ROUNDING_HINT if value <= ROUNDED_OVER_ONE else f'over 1 by {value - 1:.2g}'})"
        raise argparse.ArgumentTypeError(f"must be {BELIEF}, got {shown(text)}{hint}")
    return exact


def _hundredth(number: str) -> tuple[str, str]:
    """``number`` (:data:`REAL`'s text, a percentage) and its hundredth, both written exactly: ``{:g}`` wrote
    ``--sure 1.0000011`` as "0.01 is 1 %" and ``--sure 90.000001%`` as "is --sure 0.9", numbers no one gave."""
    context = decimal.Context(prec=len(number) + 2)  # every digit typed, none rounded away
    exact = context.create_decimal(number.strip())
    return _written(context, exact), _written(context, context.scaleb(exact, -2))


def _written(context: decimal.Context, value: decimal.Decimal) -> str:
    """``value`` written exactly as ``{:g}`` would, an exponent only far from 1: 1e-300 % is no 300 zeros."""
    value = context.normalize(value)
    return format(value, "f" if -7 < value.adjusted() < 7 else "g")


probability_argument.__name__ = "float"  # a real number's flag


class _Images(argparse.Action):
    """predict's IMAGEs, where ``-`` given twice is a refused command line (status 2, as --help says): it ended
    with status 1, the status of an image that cannot be read, though no image was read."""

    def __call__(self, parser: argparse.ArgumentParser, namespace: Any, values: Any, option: Any = None) -> None:
        if list(values).count(STDIN) > 1:
            parser.error("- is given more than once; standard input holds one picture (a file named - is ./-)")
        setattr(namespace, self.dest, values)


def read_stdin() -> bytes:
    """A picture's bytes piped in, or a failure saying why there are none (closed, a terminal, too many)."""
    if sys.stdin is None:
        raise _Failure(f"-: standard input is closed (<&-), so no picture can be read from it; {pipe_one_in()}")
    if sys.stdin.isatty():
        raise _Failure(f"-: standard input is a terminal, not a picture; {pipe_one_in()}")
    too_much = f"-: more than {MAX_STDIN_BYTES // 2**30} GiB on standard input; save the picture to a file"
    try:
        data = sys.stdin.buffer.read(STDIN_HEAD_BYTES)
        if data and no_picture_begins(data):  # `< /dev/zero` held a whole GiB in memory before it was refused
            raise _Failure(f"-: {unidentified(data[:HEAD_BYTES], len(data))}")  # in a file's words; no more read
        if len(data) == STDIN_HEAD_BYTES:
            if len(data) + _file_left(sys.stdin) > MAX_STDIN_BYTES:  # `< scan.png` of 2 GB: read, 28 s and 2.1 GB
                raise _Failure(too_much)
            data = read_at_most(sys.stdin.buffer, MAX_STDIN_BYTES + 1, data)
    except OSError as err:  # `0>log`: it was "cannot write the output: Bad file descriptor", and the run ended
        raise _Failure(f"-: standard input cannot be read ({err.strerror or err})") from err
    if len(data) > MAX_STDIN_BYTES:
        raise _Failure(too_much)
    if not data:
        raise _Failure(f"-: standard input is empty (0 bytes), not a picture; {pipe_one_in()}")  # said no way out
    return data


def _file_left(stream: io.TextIOBase) -> int:
    """The bytes left to read of ``stream`` where it is a regular file (``< scan.png``), told from its length; 0 for
    a pipe, a terminal or a device, whose length says nothing."""
    try:
        fd = stream.fileno()
        status = os.fstat(fd)
        return max(0, status.st_size - os.lseek(fd, 0, os.SEEK_CUR)) if stat.S_ISREG(status.st_mode) else 0
    except (OSError, ValueError, io.UnsupportedOperation):  # no descriptor (a test's stream), or none to seek
        return 0


def read_at_most(stream: io.BufferedIOBase, most: int, start: bytes = b"") -> bytes:
    """``start`` and what follows it on ``stream``, to its end or ``most`` bytes in all, read a MiB at a time: one
    ``read(most)`` reserved all of them first, so a picture of 1.4 MB piped in took 1 GiB of address space (a
    MemoryError under `ulimit -v 1200000`, where the same picture named as a file read in 90 MB). The bytes are held
    once, in a buffer that grows and is handed over as it is: pieces joined, then added to ``start``, held a picture
    of 1 GiB twice (2.1 GB)."""
    held = io.BytesIO()
    held.write(start)
    while held.tell() < most and (part := stream.read(min(STDIN_HEAD_BYTES, most - held.tell()))):
        held.write(part)
    return held.getvalue()


def read_image(path: str, data: bytes | None = None) -> Noted:
    """The picture's pixels and ink note (:func:`rowreader.picture.read_picture_and_note`, or its ``data`` piped
    in), or a failure naming the file and why."""
    try:
        return read_picture_and_note(path) if data is None else read_picture_data_and_note(data)
    except PictureError as err:
        raise _Failure(f"{name_text(path)}: {err}{_what_to_give(path, err)}") from err


def _what_to_give(path: str, err: PictureError) -> str:
    """What to give instead of an IMAGE that is none, where the command line can tell: "is a folder, not an image"
    and a model given as IMAGE ("not an image PIL can read", the --checkpoint forgotten) said nothing of it."""
    if isinstance(err.__cause__, NotARegularFileError) and "FIFO" in str(err):  # /dev/stdin from a pipe
        return "; to read a picture piped in, give - as its name"
    if isinstance(err.__cause__, IsADirectoryError):
        patterns = _picture_patterns(str(path))
        if patterns is None:  # not to be listed (no permission): what it holds is not known
            return ""
        if not patterns:
            return "; it holds no picture file, nor do its folders"
        return f"; to read the pictures in it, name them: {command_name(PROG)} predict {' '.join(patterns)}"
    if path != STDIN and isinstance(err, UnknownFormat) and is_checkpoint(path):
        return f"; it is a RowReader model: give it as --checkpoint {shell_word(path)}"
    return ""


def _picture_patterns(folder: str, most: int = 10_000) -> list[str] | None:
    """Shell patterns naming the pictures in ``folder`` by the endings they have, most common first: its own, else
    those of its folders one level down (an examples folder's ``0/``, ``1/``, …), from ``most`` entries of each.
    Every folder was told to name ``FOLDER/*.png``: a folder of phone photos (``.jpg``) was sent to a pattern that
    matched nothing, and an empty one to pictures that were not there. None where it cannot be listed."""
    from PIL import Image

    try:
        os.scandir(folder).close()
    except OSError:
        return None
    # not the endings of the formats Pillow writes and never reads: a folder of scans was sent to `*.pdf`, each
    # then refused as "a PDF document, not a picture" (an .mpo, written only too, opens as the JPEG it begins with);
    # nor those read_picture refuses: `*.eps`, each "not read" as a program Ghostscript would run
    unread = {"PDF", "PALM", *NOT_READ}
    known = {ending for ending, kind in Image.registered_extensions().items() if kind not in unread}
    base = shell_word(folder) + ("" if folder.endswith(os.sep) else os.sep)  # "/*.png", not "//*.png"
    for below in ("", f"*{os.sep}"):
        names = _names_in(folder, deeper=bool(below), most=most)
        endings = Counter(ending for name in names if (ending := os.path.splitext(name)[1]).lower() in known)
        if endings:
            spelt: dict[str, set[str]] = {}  # each ending's spellings: a phone's .jpg beside its .JPG
            for ending in endings:
                spelt.setdefault(ending.lower(), set()).add(ending)
            count = {low: sum(endings[e] for e in spellings) for low, spellings in spelt.items()}
            ordered = sorted(spelt, key=lambda low: (-count[low], low))
            return [f"{base}{below}*{_any_case(low, spelt[low])}" for low in ordered]
    return []


def _any_case(ending: str, spellings: set[str]) -> str:
    """``ending`` as a shell pattern matching each of its ``spellings``: ``.[Jj][Pp][Gg]`` for .jpg and .JPG, which
    were named as two patterns, the folder twice (`photos/*.jpg photos/*.JPG`)."""
    if len(spellings) == 1:
        return next(iter(spellings))
    return "".join(f"[{c.upper()}{c}]" if c.upper() != c else c for c in ending)


def _names_in(folder: str, deeper: bool, most: int) -> Iterator[str]:
    """The names of the files among ``folder``'s first ``most`` entries, or ``deeper``, of those in its folders
    (``most`` of each); what cannot be read is passed over, and so is a hidden name, which the shell's ``*`` does
    not match: a folder's .thumbnails/ of PNGs sent its user to `FOLDER/*/*.png`, which named nothing."""
    with contextlib.suppress(OSError), os.scandir(folder) as entries:
        for entry in itertools.islice(entries, most):
            if entry.name.startswith("."):
                continue
            with contextlib.suppress(OSError):
                if not deeper and entry.is_file():
                    yield entry.name
                elif deeper and entry.is_dir():
                    yield from _names_in(entry.path, deeper=False, most=most)


def _load_model(checkpoint: str | None, device: str | None = None) -> Checkpoint:
    try:
        return load_checkpoint(checkpoint, device) if checkpoint is not None else load_pretrained(device)
    except (CheckpointError, FileNotFoundError, OSError) as err:
        raise _Failure(f"{err}{_model_to_give(checkpoint, err)}") from err
    except MemoryError:
        raise _no_memory_for(checkpoint) from None


def _model_stream(checkpoint: str | None) -> RowStream:
    """The model's row stream (its weights folded), or a failure saying why not."""
    model = _load_model(checkpoint)
    try:
        return model.stream()
    except MemoryError:
        raise _no_memory_for(checkpoint) from None


def _no_memory_for(checkpoint: str | None) -> _Failure:
    """A model too large for the memory left: a sparse file of 8 kB on disk declaring 2 GiB of weights (16 layers of
    2,048) took 57 s and 7.75 GB to end in a traceback (NumPy's "Unable to allocate 256. MiB")."""
    name = str(checkpoint) if checkpoint is not None else str(pretrained_path())
    try:
        size = os.path.getsize(name)
        size_text = f" of {size / 2**30:.1f} GiB" if size >= 2**30 else f" of {size / 2**20:.1f} MiB"
    except OSError:
        size_text = ""
    return _Failure(
        f"{name}: not enough memory to load this model{size_text} (reading digits with it takes several times its "
        "size: let the command use more memory, or give a smaller model)"
    )


def _model_to_give(checkpoint: str | None, err: Exception) -> str:
    """What to give as --checkpoint instead, where the command line can tell: `--checkpoint seven.png` (the picture
    in the model's place) and `--checkpoint runs` (the folder, not the model in it) said only what they were not.
    What the file is comes from ``err``: asking the file again parsed a hostile header twice."""
    if checkpoint is None:
        return ""
    if isinstance(err, NotARegularFileError) and "FIFO" in str(err):  # /dev/stdin from a pipe (`-`: regular_file's)
        return f"; {FROM_ITS_FILE}"
    if os.path.isdir(checkpoint):  # Path.is_dir raised on a name too long (and a folder not to be looked into)
        models = sorted(
            itertools.islice((str(p) for p in Path(checkpoint).glob(f"*{CHECKPOINT_SUFFIX}") if is_checkpoint(p)), 3)
        )
        if not models:
            return f"; it holds no RowReader model (NAME{CHECKPOINT_SUFFIX}): give the model's file"
        return f"; give the model in it ({' or '.join(map(shell_word, models))})"
    if (getattr(err, "kind", None) or "").endswith(" picture"):
        return (
            f"; a picture is read as IMAGE: {typed('predict', str(checkpoint))} (without --checkpoint, "
            "the shipped model reads it)"
        )
    return ""


def _predict_one(
    stream: RowStream, path: str, ink: str, allow_small: bool = False
) -> tuple[dict[str, Any], str | None]:
    """The JSON-ready result for one file (``-``: standard input), read with ``stream`` (reset here), and why
    nothing was read, in words (None where a digit was); ``prediction`` is None for an image with no ink or too
    little. Every result has the same keys (and ``frames`` for a first frame of several with no ink or too little:
    an animation of a 7 drawn stroke by stroke, its first frame a dot, was told to crop the picture to the digit): a
    consumer of the README's ``"unsure"`` met a KeyError on a blank page."""
    try:
        data = read_stdin() if path == STDIN else None
        picture, note = read_image(path, data)
        taken = stated_ink(note, picture, ink)  # type: ignore[arg-type]
        normalised = normalise(picture, ink=taken, allow_small=allow_small)
    except (ValueError, TypeError) as err:
        raise _Failure(f"{name_text(path)}: {err}") from err
    except MemoryError:  # under `ulimit -v`: a traceback ended the run, the rest unread and --json's document open
        raise _Failure(
            f"{name_text(path)}: not enough memory to read this picture (scale it down, or let the command use more "
            "memory)"
        ) from None
    read_in = normalised.read_in  # which ink, and who said so: every result says (None where no ink was found)
    read = {"ink": read_in, "ink_from": ink_from(ink, taken) if read_in is not None else None}  # type: ignore[arg-type]
    digit = normalised.image
    if digit is None:
        empty = {"file": path, "rows": [], "prediction": None, "probability": None, "unsure": None}
        source = path if data is None else io.BytesIO(data)
        frames = {} if (n := frame_count(source)) == 1 else {"frames": n}  # only the first is read
        result = {**empty, "empty": not normalised.too_small, "too_small": normalised.too_small, **read, **frames}
        return result, _not_read(normalised, n)
    predictions = stream.feed_image(digit)
    if not np.isfinite(stream.probabilities).all():  # guarded against at load time; never print "nan%"
        raise _Failure(
            f"{name_text(path)}: the model's output is not a number (NaN): the checkpoint's weights are unusable"
        )
    rows = [{"row": p.row, "probs": [round(float(v), 6) for v in p.probs]} for p in predictions]
    final = predictions[-1]
    probability = round(final.probability, 6)
    if final.probability < UNSURE_BELOW <= probability:  # "probability": 0.6 beside "unsure": true (and "60.0%")
        probability = round(UNSURE_BELOW - 1e-6, 6)
    return {
        "file": path,
        "rows": rows,
        "prediction": final.top,
        "probability": probability,
        "unsure": final.probability < UNSURE_BELOW,
        "empty": False,
        "too_small": False,
        **read,
        **({"marks": normalised.marks} if normalised.marks > 1 else {}),
        **({"many_marks": True} if normalised.many_marks else {}),
        # every digit of a tie as written, as the text and the app say it ("3 or 7 (50.0% each)"): "prediction" is
        # the lowest of them (argmax's), and a reader of it alone took an even 3 or 7 for a 3
        **({"tied": tied} if len(tied := leaders(rows[-1]["probs"])) > 1 else {}),  # the probs written
    }, None


def _not_read(normalised: Normalised, frames: int) -> str:
    """Why ``normalised`` (of a picture of ``frames`` frames) gave no digit, in words."""
    if normalised.too_small and frames > 1:  # a drawing's animation, its first stroke a dot
        return first_frame_too_small(frames)
    if normalised.too_small:
        return f"{too_small_words(normalised)}; not read, --allow-small reads it anyway"
    if frames > 1:  # an animation or a multi-page scan whose first frame is blank
        return first_frame_blank(frames, normalised)
    return no_ink(normalised)


def _print_text(result: dict[str, Any], not_read: str | None) -> None:
    print(name_text(result["file"]))  # backslashes doubled: `a\\nb.png` is not a newline
    if not result["empty"]:  # which ink, and who said so: a note forged with the right digest decided it unseen
        print(f"  {ink_words(result['ink'], result['ink_from'])}")
    if not_read is not None:
        print(f"  {not_read}")
        return
    total = len(result["rows"])
    for row in result["rows"]:
        probs = row["probs"]
        top = int(np.argmax(probs))
        # a tie named whole ("3 or 7 (50.0% each)"), as the app's header: its lowest digit alone read as an answer
        said = answer(probs) if len(leaders(probs)) > 1 else f"{top} ({percent_text(probs[top]):>6})"
        # rows read, as the app counts them ("row 17/28"); JSON's "row" is the 0-based index of the row just read
        print(f"  after {row['row'] + 1:2d} of {total} rows: {said}")
    unsure = f", unsure (under {UNSURE_BELOW:.0%})" if result["unsure"] else ""
    said = f"{result['prediction']} ({percent_text(result['probability'])})"
    said = answer(result["rows"][-1]["probs"]) if "tied" in result else said  # JSON's "tied" and the text agree
    print(f"  prediction: {said}{unsure}")
    if result.get("marks"):
        print(f"  note: {side_by_side(result['marks'])}")
    elif result.get("many_marks"):
        print(f"  note: {many_small_marks()}")


def cmd_predict(args: argparse.Namespace) -> int:
    # One stream for every file (feed_image starts it afresh), and each JSON result written as it comes: a stream
    # per file spent two thirds of the time folding the same weights again, and the results held until the end
    # cost about 20 kB per file (2 GB for 100,000 scans) before the first byte came out.
    failed, separator, done, stopped = False, "[", 0, None
    with stops_sent_together_are_one():  # SIGTERM and SIGHUP together: the second said no count, not the first
        try:
            stream = _model_stream(args.checkpoint)
            for at, path in enumerate(args.images):
                try:
                    result, not_read = _predict_one(stream, path, args.ink, args.allow_small)
                except _Failure as err:
                    _error(f"{err}{_spaced_name(args.images, at) or _option_meant(args.images[at], args.images)}")
                    failed, done = True, done + 1
                    continue
                with stops_held():  # each result whole or not at all, so that the document can be closed after it
                    if args.json:
                        # allow_nan=False: a bare NaN is not JSON; failing beats handing a parser an invalid document
                        result = {**result, **json_file_name(result["file"])}  # "file" stays first
                        sys.stdout.write(separator + json.dumps(result, allow_nan=False))
                        separator = ", "  # json.dumps's own: the document is the same, byte for byte
                    else:
                        _print_text(result, not_read)
                    done += 1
        except KeyboardInterrupt as err:  # Ctrl-C or SIGTERM left the document open, and `| jq` a parse error
            stopped = err
        if args.json:  # a whole document of the results written; when stopped, stderr and the exit status say so
            sys.stdout.write("[]\n" if separator == "[" else "]\n")
        if stopped is not None:
            sys.stdout.flush()  # the document first, then the line that says it is not all
            _error(
                f"{stop_words(stopped)} after {done:,} of {counted(len(args.images), 'image')}; the rest were not read"
            )
            return stop_status(stopped)
    return 1 if failed else 0


def _option_meant(name: str, names: Sequence[str]) -> str:
    """Where ``name``, no file, is an option typed after ``--`` or pasted askew, which argparse takes for a
    picture's name (:meth:`~rowreader.launch.CommandParser.operand_hint`): `predict —json x.png` (an em dash from a
    web page) and `predict -- --json x.png` were "—json: no such file" alone. ``names``: every picture named."""
    return build_parser().commands["predict"].operand_hint(name, names)


def _spaced_name(names: Sequence[str], at: int, most: int = 4) -> str:
    """Where ``names[at]`` is no file but it and its neighbours (``most`` words in all at most), joined by spaces,
    name one, the file meant: `rowreader predict my seven.png`, the name unquoted, was "my: no such file" and
    "seven.png: no such file" (or seven.png read), with the file right there."""
    if names[at] == STDIN or os.path.lexists(names[at]):
        return ""
    for start in range(max(0, at - most + 1), at + 1):
        for end in range(max(at + 1, start + 2), min(len(names), start + most) + 1):
            joined = " ".join(names[start:end])
            if STDIN not in names[start:end] and os.path.isfile(joined):
                return f"; did you mean {shell_word(joined)}? A name holding spaces is quoted, or the shell splits it"
    return ""


def refuse_a_deleted_current_folder() -> None:
    """A failure if the current folder no longer exists (deleted or moved while the shell stood in it), checked
    before torch loads: there torch's import printed "Intel oneMKL FATAL ERROR: Cannot load …/libtorch_cpu.so"
    and ended the process with status 2, a download leaving its lock and its new folder behind."""
    try:
        os.getcwd()
    except FileNotFoundError:
        raise _Failure(
            "the current folder no longer exists (deleted or moved while the shell stood in it), and torch cannot "
            "load there; cd to a folder that exists and run the command again"
        ) from None


def _read_mnist(
    data_dir: Path | None, train: bool, download: bool = False
) -> tuple[Path, tuple[np.ndarray, np.ndarray]]:
    """The folder read (``data_dir``, else ``$ROWREADER_DATA`` or the cache) and its split, as ``load_mnist``
    reads it; what fails, a command's failure in words (evaluate and download each wrote these lines out)."""
    try:
        folder = data_dir if data_dir is not None else default_data_dir()
        return folder, load_mnist(data_dir, train=train, download=download)  # None: the variable named
    except DamagedMnistFile as err:
        raise _Failure(damaged_mnist_advice(err, data_dir)) from err
    except (FileNotFoundError, ValueError) as err:  # MnistFileError, or a folder no name can give (given_folder)
        raise _Failure(str(err)) from err


def cmd_evaluate(args: argparse.Namespace) -> int:
    refuse_a_deleted_current_folder()
    opened = written = False  # the head's and the results' writes, held: a stop closes what was opened, or writes `{}`
    try:  # seconds of loading (torch, the model, MNIST): a stop here wrote nothing, no document for `| jq`
        try:  # a folder no MNIST can be in (`ROWREADER_DATA=notes.txt`), said before torch's seconds
            mnist_folder(args.data_dir, *(() if args.download else (False,)))  # the test split's files, unfetched
        except (FileNotFoundError, ValueError) as err:  # MnistFileError, or no folder the variable can give
            raise _Failure(str(err)) from err
        from rowreader.evaluate import evaluate_rows  # torch: only this command needs it

        try:
            device = device_of_flag(args.device)
        except (ValueError, RuntimeError) as err:
            raise _Refused(str(err)) from err
        ckpt = _load_model(args.checkpoint, str(device))
        data_dir, (images, labels) = _read_mnist(args.data_dir, train=False, download=args.download)
    except KeyboardInterrupt as err:
        if args.json:
            sys.stdout.write("{}\n")
            sys.stdout.flush()
        empty = ", the document is empty" if args.json else ""
        _error(f"{stop_words(err)} before the digits were read; nothing was scored{empty}")
        return stop_status(err)
    try:  # from the first try's end: a stop as the digits were counted (before the head) left stdout empty
        there = len(images)
        if args.limit is not None and args.limit > there:  # not read short in silence: the study names its digits
            raise _Refused(f"--limit {args.limit}: the MNIST test set holds {counted(there, 'digit')}")
        images, labels = images[: args.limit], labels[: args.limit]
        cfg = ckpt.config
        digits = counted(there, "MNIST test digit")
        digits = f"the first {len(images):,} of {digits}" if len(images) < there else digits
        if args.json:  # what is known before reading, written first: `--json | head -1` finds its reader gone now
            head = {
                "model": {
                    **json_file_name(str(ckpt.path)),
                    "cell": cfg.cell,
                    "input_size": cfg.input_size,
                    "hidden_size": cfg.hidden_size,
                    "layers": cfg.layers,
                },
                # "data_bytes" beside it where the folder's name is not UTF-8, as "file_bytes" beside a file's
                **json_file_name(str(data_dir), "data"),
                "digits": {"split": "test", "first": len(images), "of": there, "by_class": _by_class(labels).tolist()},
                "device": describe_device(device),
            }
            with stops_held():  # the object left open: the results or a stop close it
                sys.stdout.write(json.dumps(head, indent=2)[:-2])
                opened = True
        else:
            shape = f"{cfg.cell}, input {cfg.input_size}, hidden {cfg.hidden_size}, layers {cfg.layers}"
            print(f"model: {name_text(str(ckpt.path))} ({shape})")  # names escaped, as predict's: a terminal obeys ESC
            print(f"data: {digits} from {name_text(str(data_dir))}; device: {describe_device(device)}")
        sys.stdout.flush()  # `| head -1` or a full disk: found now, not after half a minute of evaluating for nobody
        read = evaluate_rows(ckpt.reader, images, labels, device, args.batch_size, args.sure)
        decided = _decided_summary(read.decided, np.asarray(labels), float(args.sure))  # JSON holds a float
        early = _first_sure_summary(read.sure_row, read.sure_answer, np.asarray(labels), float(args.sure))
        if args.json:  # built and written inside this handling: a stop as the results were built left the head open
            rest = {"accuracy_after_row": read.curve.tolist(), "final_accuracy": float(read.curve[-1])}
            rest = {**rest, "decided": decided, "first_sure": early}
            rest = ",\n" + json.dumps(rest, indent=2)[2:] + "\n"  # "{\n" out: the head's
            with stops_held():  # the results whole or not at all
                sys.stdout.write(rest)
                written = True
            return 0
    except (
        KeyboardInterrupt
    ) as err:  # Ctrl-C or SIGTERM left the head open, or (as it was built) nothing: `| jq` failed
        if not args.json or written:
            raise
        sys.stdout.write("\n}\n" if opened else "{}\n")  # a whole document of what is known; stderr and status: stopped
        sys.stdout.flush()
        _error(f"{stop_words(err)} before the results were written; the document holds no results")
        return stop_status(err)
    print("accuracy after k rows:")
    for k, accuracy in enumerate(read.curve, start=1):
        print(f"  k={k:2d}  {accuracy:7.2%}")
    count = len(images) - decided["never"]
    # 0.29 as "29 %", not "29.000000000000004 %"; 0.123456789 whole, not 12.3457; 0.75000000000000000001 not "75 %"
    sure = f"{_written(decimal.Context(prec=len(str(args.sure)) + 2), args.sure.scaleb(2))} %"
    median = "-" if decided["median"] is None else f"{decided['median']:g}"
    print(
        f"decided: {count:,} of {counted(len(images), 'digit')}, median row {median}; "
        f"never decided: {decided['never']:,} "
        f"(decided at row k: the final answer holds at least {sure} of the belief from row k to row 28)"
    )
    per_class = " ".join(f"{c}:{'-' if m is None else f'{m:g}'}" for c, m in enumerate(decided["median_by_class"]))
    # by label, right or wrong: "3:18" was a lone 3 decided as an 8, read as "3s are decided at row 18"
    wrong = int(((read.decided > 0) & (read.answers != np.asarray(labels))).sum())
    print(f"median decided row by label, wrong answers too ({wrong:,} of the {count:,} decided): {per_class}")
    stopped = len(images) - early["never"]
    median = "-" if early["median"] is None else f"{early['median']:g}"
    right = "" if early["accuracy"] is None else f" ({early['accuracy']:.2%})"
    print(
        f"first sure (answering at the first row whose top digit holds at least {sure}): "
        f"{stopped:,} of {counted(len(images), 'digit')}, median row {median}, right there {early['right']:,} "
        f"of {stopped:,}{right}; never sure: {early['never']:,}"
    )
    print(f"final-row test accuracy: {read.curve[-1]:.2%}")
    return 0


def _by_class(labels: np.ndarray) -> np.ndarray:
    """How many of ``labels`` are each digit 0 … 9."""
    return np.bincount(np.asarray(labels, np.int64), minlength=10)


def _decided_summary(rows: np.ndarray, labels: np.ndarray, belief: float) -> dict[str, Any]:
    """evaluate's account of the decided rows (``rowreader.decided_at``'s at ``belief``, 0: never): how many digits
    are decided at each row 1 … 28, the median row of those decided (all, and of each class by its label: None where
    none is), and how many never decide (each class too)."""
    sure = rows > 0

    def median(chosen: np.ndarray) -> float | None:
        return float(np.median(rows[chosen])) if chosen.any() else None

    return {
        "sure": belief,
        "at_row": np.bincount(rows[sure], minlength=29)[1:].tolist(),
        "never": int((~sure).sum()),
        "median": median(sure),
        "median_by_class": [median(sure & (labels == c)) for c in range(10)],
        "never_by_class": _by_class(labels[~sure]).tolist(),
    }


def _first_sure_summary(rows: np.ndarray, answers: np.ndarray, labels: np.ndarray, belief: float) -> dict[str, Any]:
    """evaluate's account of the first sure rows (``rowreader.first_sure``'s at ``belief``, 0: never sure): how many
    digits stop at each row 1 … 28 and how many of those are right there, the median row, and the accuracy of the
    answers given where each stops (None where none is sure): how early, and how well, a reader that stops there
    answers."""
    sure = rows > 0
    right = sure & (answers == labels)
    return {
        "sure": belief,
        "at_row": np.bincount(rows[sure], minlength=29)[1:].tolist(),
        "right_at_row": np.bincount(rows[right], minlength=29)[1:].tolist(),
        "never": int((~sure).sum()),
        "median": float(np.median(rows[sure])) if sure.any() else None,
        "right": int(right.sum()),
        "accuracy": float(right.sum() / sure.sum()) if sure.any() else None,
    }


def cmd_download(args: argparse.Namespace) -> int:
    refuse_a_deleted_current_folder()  # torchvision fetches, if a file is missing
    data_dir, (test_images, _) = _read_mnist(args.data_dir, train=False, download=True)  # all four, if one is missing
    _, (train_images, _) = _read_mnist(args.data_dir, train=True)  # and every one of them reads back whole
    print(
        f"MNIST is in {name_text(str(data_dir))}: {len(train_images):,} training and "
        f"{counted(len(test_images), 'test digit')}"
    )
    return 0


class _HelpFormatter(argparse.ArgumentDefaultsHelpFormatter):
    """Appends "(default: …)" to every option except those whose default is None: their help words it. A flag's
    is "off", as training's --help says it: "(default: False)" is Python's word, not the command line's."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        if action.default is None:
            return action.help
        if action.nargs == 0 and action.default is False:  # store_true
            return f"{action.help} (default: off)"
        return super()._get_help_string(action)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # argparse breaks a word longer than the column, so the shipped model's path came out in two pieces
        return textwrap.wrap(" ".join(text.split()), width, break_long_words=False, break_on_hyphens=False)


class _Parser(CommandParser):
    """argparse's parser with subcommands, each refusing the words it does not know, a command word that is none
    saying what was meant."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # the subcommands' parsers are this class too
        self.commands: dict[str, argparse.ArgumentParser] = {}  # the subcommands' parsers, by name

    def parse_args(self, args: Sequence[str] | None = None, namespace: Any = None) -> Any:  # type: ignore[override]
        """A word the command does not know is refused by the command's parser: `predict --Json x.png` was
        "rowreader: error: unrecognized arguments: --Json" under the program's usage, which lists no option of
        predict's."""
        words = list(sys.argv[1:] if args is None else args)
        self._refuse_options_before_the_command(words)
        commands = next((a for a in self._actions if isinstance(a, argparse._SubParsersAction)), None)
        if commands is not None and words[:1] == ["--"] and len(words) > 1:  # options_end_after_the_command left it
            self._given = words  # for the hint that names the command line to type
            try:
                self._check_value(commands, words[1])
            except argparse.ArgumentError as err:
                self.error(str(err))
        parsed, unknown = self.parse_known_args(args, namespace)
        if unknown:
            self.commands.get(getattr(parsed, "command", None), self).error(unrecognized(unknown))
        return parsed

    def _refuse_options_before_the_command(self, words: list[str]) -> None:
        """A command's option typed before the command, as git's are: `rowreader --json predict x.png` was refused
        by predict as "unrecognized arguments: --json", an option it has, and `rowreader --data-dir /tmp evaluate`
        was told to run "rowreader predict --data-dir /tmp evaluate" (/tmp, a file, taken for a picture)."""
        given = words[0].partition("=")[0] if words else ""
        at = next((i for i, word in enumerate(words) if word in self.commands), None)
        if not given.startswith("--") or at is None or given in self._option_string_actions:
            return
        command = words[at]
        if given in self.commands[command]._option_string_actions:
            self.error(
                f"{given} is an option of {command}, not of {command_name(PROG)}: give it after the command: "
                f"{typed(command, *words[:at], *words[at + 1 :])}"
            )

    def _print_message(self, message: str, file: Any = None) -> None:
        """argparse drops a failed write, so `rowreader --help > /dev/full` said nothing and exited 0: help and
        the version, on stdout, end as the commands' output does when it cannot be written."""
        if file is None or file is not sys.stdout:  # `--version >&-` too: CommandParser's refusal
            return super()._print_message(message, file)
        try:
            file.write(message)
            file.flush()
        except BrokenPipeError:  # `rowreader --help | head -1`: the reader left; stop quietly
            silence_stdout()
            self.exit(READER_LEFT)
        except OSError as err:
            silence_stdout()
            _error(f"cannot write the output: {err.strerror or err}")
            self.exit(1)

    def _check_value(self, action: argparse.Action, value: Any) -> None:
        """A command word that is none says what was meant: `rowreader seven.png` (predict forgotten) and `rowreader
        predcit seven.png` got only argparse's "invalid choice … (choose from 'predict', 'evaluate', 'download')"."""
        try:
            super()._check_value(action, value)
        except argparse.ArgumentError as err:
            if action.dest != "command" or not isinstance(value, str):
                raise
            if close := difflib.get_close_matches(value, self.commands, n=1):
                hint = f"did you mean {close[0]}?"
            # `rowreader fit` (rowreader-fit); a word with a suffix is none (`rowreader x.png` asked training's child)
            elif not Path(value).suffix and (module := f"training.{value}") in (far := self.commands["predict"].far()):
                hint = f"{value} is no command of rowreader's but training's own"
                if self._takes_the_options(far[module][0]):
                    hint += f": {shell_line(['python', '-m', module, *self._given[self._given.index(value) + 1 :]])}"
                else:  # `fit --epochs 3 --sure 0.9` was named "python -m training.fit --epochs 3 --sure 0.9", refused
                    hint += f" (python -m {module}){self._flag_hint()}"
            elif (os.path.lexists(value) or Path(value).suffix) and self._takes_the_options(self.commands["predict"]):
                hint = f"to read a picture, name the command first: {typed('predict', *self._given)}"
            elif (found := self.whose(flag := f"--{value}")) and found[0] == flag not in self._option_string_actions:
                after = self._given[self._given.index(value) + 1 :]  # `finetune b.safetensors --examples d`
                hint = f"{value} is no command of rowreader's; {self._kin_line(found[1], flag, flag, after)}"
            elif hint := self._flag_hint():  # `rowreader --epochs 3`: 3 taken for the command
                hint = hint.removeprefix("; ")
            else:
                raise
            raise argparse.ArgumentError(action, f"{err.message}; {hint}") from None

    def _takes_the_options(self, command: argparse.ArgumentParser) -> bool:
        """Whether ``command`` takes every option given, before its line is named with them: `rowreader --sure 0.9 x`
        was told "name the command first: rowreader predict --sure 0.9 x", a line predict refuses."""
        own = command._option_string_actions
        return all(w.partition("=")[0] in own for w in self._before_dashes() if w.startswith("-") and w != "-")

    def error(self, message: str) -> NoReturn:
        if sys.stderr is None:  # argparse would print the usage on stdout instead (print_usage(None))
            self.exit(2)
        if message.endswith("required: IMAGE") and _stdin_is_piped():  # `cat seven.png | rowreader predict`
            message += f"; to read the picture piped in, name it -: {typed('predict', *self._given, '-')}"
        super().error(message)


def _stdin_is_piped() -> bool:
    """Whether standard input is a pipe or a file of some bytes (``< seven.png``), as a picture piped in is."""
    with contextlib.suppress(OSError, ValueError, AttributeError):  # closed (<&-), or a test's stand-in
        status = os.fstat(sys.stdin.fileno())
        return stat.S_ISFIFO(status.st_mode) or (stat.S_ISREG(status.st_mode) and status.st_size > 0)
    return False


def build_parser() -> argparse.ArgumentParser:
    fmt = _HelpFormatter
    parser = _Parser(
        prog=PROG,
        description="Recognise hand-drawn digits row by row with a stateful recurrent network (an LSTM or a GRU).",
        formatter_class=fmt,
        epilog=exit_status(None),
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    parser.commands = commands.choices
    shipped = f"(default: the shipped model, {pretrained_path()})"

    predict = commands.add_parser(
        "predict",
        version=False,  # the command answers it, not each subcommand
        help="read digit images row by row and print the belief after each row",
        description="For each image: the top class and its probability after 1, 2, … 28 pixel rows (the app's "
        '"row 1/28" … "row 28/28"), then the answer.',
        formatter_class=fmt,
        epilog=exit_status("predict"),
    )
    predict.add_argument(
        "images",
        nargs="+",
        type=image_argument,
        action=_Images,
        metavar="IMAGE",
        help="image files (any format PIL reads); - reads one from standard input",
    )
    predict.add_argument("--checkpoint", type=file_argument, default=None, help=f"model to use {shipped}")
    predict.add_argument(
        "--json",
        action="store_true",
        help='print one JSON document instead of text; its "row" is the index of the pixel row just read, from 0 '
        "for the top one",
    )
    predict.add_argument(
        "--ink",
        choices=["auto", "dark", "light"],
        default="auto",
        help="dark strokes on light paper, light on dark, or auto: as a picture RowReader saved says (its "
        "note), else told from the image border; each result says which ink it was read in and why",
    )
    predict.add_argument(
        "--allow-small",
        action="store_true",
        help=f"read a mark too small to be a digit (a dot, ink under {MIN_DIGIT_PIXELS} pixels both down and across, "
        f"or ink spanning under {MIN_EXTENT * 100:.0f} %% of the image and under {MIN_MARK_PIXELS} pixels), or a "
        f"single line lying flat (under {FLATTEST * 100:.0f} %% as tall as it is wide: a rule, a dash), instead of "
        "reporting it",
    )
    predict.set_defaults(run=cmd_predict)

    evaluate = commands.add_parser(
        "evaluate",
        version=False,  # the command answers it, not each subcommand
        help="test accuracy after the last row and after each k = 1..28 rows",
        description="Score a model on the 10,000 MNIST test digits (or the first N: --limit) with its batched "
        "forward pass: the accuracy after each row; the row each digit is decided at, from which its final answer "
        "holds at least --sure of the belief to the last row; and the first row whose top digit holds --sure, where a "
        "reader that answers once it is sure would stop, with how often that early answer is right.",
        formatter_class=fmt,
        epilog=exit_status("evaluate"),
    )
    evaluate.add_argument("--data-dir", type=folder_argument, default=None, help=data_dir_help())
    evaluate.add_argument("--download", action="store_true", help="fetch MNIST with torchvision if it is missing")
    evaluate.add_argument("--checkpoint", type=file_argument, default=None, help=f"model to score {shipped}")
    evaluate.add_argument("--device", type=device_argument, default="auto", help=DEVICE_HELP)
    evaluate.add_argument("--batch-size", type=whole_number(*BATCH_SIZES), default=2000, help="digits per forward pass")
    evaluate.add_argument(
        "--limit",
        type=whole_number(1),
        default=None,
        metavar="N",
        help="score the first N test digits only (default: all of them)",
    )
    evaluate.add_argument(
        "--json",
        action="store_true",
        help="print one JSON document instead of text: the accuracy after each row, the digits counted, the model, "
        "the decided rows (their count at each row, medians, how many never decide) and the first sure rows (their "
        "count at each row, how many right there, the median, the accuracy of those answers, how many never sure)",
    )
    evaluate.add_argument(
        "--sure",
        type=probability_argument,
        default=str(UNSURE_BELOW),  # read by its type, as typed: a Decimal
        metavar="P",
        help="the belief, above 0 and at most 1, that counts as sure: the final answer's from the decided row on, "
        "and the top digit's at the first sure row",
    )
    evaluate.set_defaults(run=cmd_evaluate)

    download = commands.add_parser(
        "download",
        version=False,  # the command answers it, not each subcommand
        help="fetch the four MNIST files (about 11 MB) unless they are already there",
        description="Fetch MNIST with torchvision's downloader (it checks the published checksums) and read every "
        "file back. Nothing happens if the files are already there.",
        formatter_class=fmt,
        epilog=exit_status("download"),
    )
    download.add_argument("--data-dir", type=folder_argument, default=None, help=data_dir_help())
    download.set_defaults(run=cmd_download)
    training = kin_in_child("training.flag_table")  # asked of a child: rowreader imports no training
    # a flag of one command given to another, or to none (`rowreader --epochs 3`), names the one it is of
    # (rowreader's own first: `evaluate --version` was told training.merge's line, not `rowreader --version`)
    for command in (*parser.commands.values(), parser):
        command.kin = lambda: {
            parser.prog: (parser, f"{parser.prog} {{words}}"),
            **{name: (c, f"{c.prog} {{words}} …") for name, c in parser.commands.items()},
        }
        command.far = training
    return parser


def options_end_after_the_command(argv: Sequence[str]) -> list[str]:
    """``argv`` with a ``--`` before the command moved after it: ``rowreader -- predict x.png`` was "invalid choice:
    '--'", argparse taking it for the command. ``--`` ends the options, and every word after it, the command too, is
    an operand (a name), so ``rowreader -- predict -seven.png`` reads the file ``-seven.png``."""
    argv = list(argv)
    if argv[:1] == ["--"] and len(argv) > 1 and not argv[1].startswith("-"):
        return [argv[1], "--", *argv[2:]]
    return argv  # `rowreader -- --version` printed the version: moved so, the word after -- was an option again


def main(argv: Sequence[str] | None = None) -> int:
    with starting():  # a stop while the command line is read has done nothing, and says so
        print_any_file_name()  # before argparse, whose errors may name a file too
        parser = build_parser()
        args = parser.parse_args(options_end_after_the_command(sys.argv[1:] if argv is None else argv))
    if sys.stdout is None:  # `rowreader predict x.png >&-`: Python has no stdout; every write was a traceback
        _error(STDOUT_CLOSED)
        return 1
    try:
        with stops_like_ctrl_c():  # `kill` or `timeout` ended a command with status 143 and no word
            status = args.run(args)
            sys.stdout.flush()  # inside the try: a full disk or a closed pipe is reported here, not at exit
        return status
    except _Failure as err:
        _error(str(err))
        return 1
    except _Refused as err:
        parser.commands[args.command].error(str(err))
    except KeyboardInterrupt as err:
        _error(stop_words(err))
        return stop_status(err)
    except BrokenPipeError:  # the reader of our output left (`rowreader predict … | head -1`): stop quietly
        silence_stdout()
        return READER_LEFT
    except OSError as err:
        if err.filename is not None or torch_unloadable(err):  # not an output error: a file read, torch's loading
            raise
        silence_stdout()
        _error(f"cannot write the output: {err.strerror or err}")
        return 1
