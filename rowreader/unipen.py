"""Real pen-drawn digits: UNIPEN train_r01_v07 category 1a (15,003 digits by 258 people), as stroke trajectories.

MNIST was scanned from paper; the app's users draw with a pen. UNIPEN's isolated digits were written on pen
tablets by people from 17 institutions, so they carry the styles MNIST lacks (flagged 1s, crossed 7s, slashed 0s).
The file ``digits.jsonl.gz`` is a conversion of the public release (GitHub ``GreenCappuccino/train_r01_v07``,
based on Zenodo doi:10.5281/zenodo.1195803; the conversion is described in the data folder's README, copied to
docs/unipen1a-data.md): one JSON object per line with the label, the writer, a writer-disjoint ``split`` and the
pen-down strokes (y pointing down, each glyph translated to its bounding box, in the source tablet's units).

Where the folder lives: an explicit ``root``, else ``$ROWREADER_UNIPEN``, else the per-user cache folder
(``~/.cache/rowreader/unipen1a`` on Linux). Every line is validated, and a damaged file raises
:class:`UnipenFileError` naming the file and the line. Nothing is cached or downloaded.
"""

from __future__ import annotations

import contextlib
import gzip
import os
import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rowreader.caller_values import read_only
from rowreader.data import GZIP_MAGIC, folder_help, not_plain_text, user_cache_dir
from rowreader.json_text import parse_json, shown
from rowreader.paths import (
    env_folder,
    file_in_the_way,
    file_sha256,
    folder_below,
    given_folder,
    not_a_folder,
    open_regular_file,
    regular_file,
    unseen_in_name,
)
from rowreader.pen import checked_strokes

ENV_VAR = "ROWREADER_UNIPEN"
FILE_NAME = "digits.jsonl.gz"
# The longest record of the real file is 5,230 characters. Lines are read no longer than this: a damaged or
# hostile file of 2 MB could hold one gigabyte-long line (gzip packs repetition 1000:1), all of it read at once.
MAX_LINE_CHARS = 2**20
SPLITS = ("train", "test")
# aga's tablet units are not square: 1/856.7 inch across, 1/979.3 inch up. Scaling y by this ratio makes a unit
# the same length both ways (every other contributor declares square units).
Y_SCALE = {"aga": 856.7 / 979.3}
HOW_TO_GET = (
    "UNIPEN category 1a is converted from the public release (GitHub GreenCappuccino/train_r01_v07, based on "
    "Zenodo doi:10.5281/zenodo.1195803) into digits.jsonl.gz by `python -m training.unipen_convert SOURCE_DIR --out "
    f"DIR` (the README's Real pen digits); pass that folder (--pen-dir / root=) or set ${ENV_VAR}."
)

_NOT_UTF8 = re.compile("[\udc80-\udcff]")  # a byte that is not UTF-8, as surrogateescape reads it
ANEW = "convert it again (python -m training.unipen_convert) or copy it again from where it was made"


SUMS_NAME = "SHA256SUMS"  # beside the file: its checksum as published (or as training.unipen_convert wrote it)
_SUMS_LINE = re.compile(r"([0-9a-f]{64}) [ *](.+)")
MAX_SUMS_BYTES = 2**20  # a line of 67 bytes and a name for each file listed: the data folder's lists one


def read_sums(path: Path) -> dict[str, str] | None:
    """Name → checksum of a SHA256SUMS file, or None if it is not one (or cannot be read). Only a regular file is
    read, opened without waiting, and no more of it than a listing takes: a named pipe called SHA256SUMS beside the
    pen digits hung ``training.fit --pen`` and ``training.unipen_convert`` before any work, waiting for a writer, and
    a link to /dev/zero would have been read until memory ran out."""
    try:
        with open_regular_file(path, SUMS_NAME) as file:
            raw = file.read(MAX_SUMS_BYTES + 1)
        lines = raw.decode("utf-8").splitlines() if len(raw) <= MAX_SUMS_BYTES else None
    except (OSError, UnicodeError):
        return None
    if lines is None:
        return None
    matches = [_SUMS_LINE.fullmatch(line) for line in lines if line.strip()]
    if not all(matches):
        return None
    return {m[2]: m[1] for m in matches}


def unlike_its_sums(path: Path, sha256: str) -> str | None:
    """Why the UNIPEN file at ``path`` (of checksum ``sha256``) is not the one the SHA256SUMS beside it lists, or
    None (it is, or no SHA256SUMS lists it). A digit relabelled by hand (6 made a 7, the file gzipped again) still
    reads as a valid file, and a run trained on it without a word."""
    listed = (read_sums(path.parent / SUMS_NAME) or {}).get(path.name)
    if listed is None or listed == sha256:
        return None
    return (
        f"{path} is not the file {path.parent / SUMS_NAME} lists (SHA-256 {sha256[:12]}…, listed {listed[:12]}…): "
        "changed since it was made, by hand or by an editor; it is read as it is now, its checksum recorded in the "
        f"checkpoint. Not your change? {ANEW}; yours? list its new checksum in {SUMS_NAME}"
    )


class UnipenFileError(ValueError):
    """The UNIPEN file is damaged or not in the expected format; the message names the file and the line."""

    def __init__(self, path: Path, line: int | None, reason: str) -> None:
        where = f"{path}, line {line}" if line is not None else str(path)
        super().__init__(f"{where}: {reason}")
        self.path, self.line, self.reason = path, line, reason

    def __reduce__(self) -> tuple[object, ...]:
        """Made again from what it was made of: pickled with its message alone, it could not be unpickled ("missing 2
        required positional arguments"), so ``load_unipen`` of a damaged file in a process pool broke the pool
        (``BrokenProcessPool``, the message lost) or left ``multiprocessing.Pool``'s result waited for forever."""
        return type(self), (self.path, self.line, self.reason), self.__dict__


@dataclass(frozen=True, eq=False)
class PenDigit:
    """One digit as it was written: pen-down strokes in square units, y down, and where it came from.

    ``strokes``: read-only float32 ``[n, 2]`` arrays of (x, y) in writing order; only their shape matters (the
    renderer fits the glyph to a box), so units differ between contributors.
    """

    label: int
    writer: str  # "<contributor>/<writer ID>"
    contributor: str
    split: str  # "train" or "test"; no person has digits in both
    strokes: tuple[np.ndarray, ...] = field(repr=False)  # printed whole, one digit was up to 12,700 characters
    source: str  # the label file in the source release
    segment: str  # the .SEGMENT delineation in it: with ``source``, every digit can be traced back

    def __setstate__(self, state: dict[str, object]) -> None:
        """A copy's or a pickle's strokes, read-only as the original's: they came back writable."""
        self.__dict__.update(state)
        read_only(*self.strokes)

    @property
    def person(self) -> str:
        """The person who wrote it (:func:`person_of` its writer)."""
        return person_of(self.writer)


def person_of(writer: str) -> str:
    """The person behind a writer ID: ``writer``, except ibm's ``ibm/rSS-WW`` (session SS of writer WW) → ``ibm/WW``.
    The writer-disjoint split is by person, so that no one's sessions land in both splits."""
    contributor, _, writer_id = writer.partition("/")
    if contributor == "ibm" and "-" in writer_id:
        return f"ibm/{writer_id.rsplit('-', 1)[1]}"
    return writer


def cached_unipen_dir() -> Path:
    """The per-user cache folder UNIPEN is read from without ``$ROWREADER_UNIPEN`` (``~/.cache/rowreader/unipen1a``
    on Linux)."""
    return user_cache_dir() / "unipen1a"


def default_unipen_dir() -> Path:
    """``$ROWREADER_UNIPEN`` if set, else :func:`cached_unipen_dir`."""
    return env_folder(ENV_VAR) or cached_unipen_dir()  # `~ann/x` was "Could not determine home directory."


def pen_dir_help() -> str:
    """``--pen-dir``'s help, for every command and benchmark that takes it."""
    return folder_help("UNIPEN's digits.jsonl.gz", ENV_VAR, cached_unipen_dir)


def unipen_file(root: str | os.PathLike[str] | None = None) -> Path:
    """The path of ``digits.jsonl.gz`` (``root`` → ``$ROWREADER_UNIPEN`` → cache), or FileNotFoundError saying how."""
    folder = given_folder(root, "root") if root is not None else default_unipen_dir()
    path = folder / FILE_NAME
    # `ROWREADER_UNIPEN=notes.txt`, set long ago in a profile, was named as a path no command line held; a folder
    # without the file was "no digits.jsonl.gz in old/dir", and the advice "or set $ROWREADER_UNIPEN" (as MNIST says)
    given = f"${ENV_VAR}={folder}: " if root is None and os.environ.get(ENV_VAR) else ""
    if (blocking := file_in_the_way(folder)) is not None:  # it said "no digits.jsonl.gz in digits.jsonl.gz"
        name = f" ({FILE_NAME} itself: give its folder, {blocking.parent})" if blocking.name == FILE_NAME else ""
        raise FileNotFoundError(f"UNIPEN digits not found: {given}{not_a_folder(blocking)}{name}")
    try:
        path.is_file()
    except OSError as err:  # a name longer than the file system takes was Python's "[Errno 36]", naming no variable
        shown = given or f"{folder}: "
        raise FileNotFoundError(f"UNIPEN digits not found: {shown}cannot be looked up ({err.strerror or err})") from err
    if os.path.lexists(path):  # a pipe, a folder or a link to nothing at its name was only "not found"
        try:  # still a FileNotFoundError: a fine-tune goes on without UNIPEN, as without the file
            regular_file(path, "UNIPEN file")
        except OSError as err:
            raise FileNotFoundError(f"UNIPEN digits not found: {err}") from err
    if not path.is_file():
        # gunzip leaves digits.jsonl and deletes the .gz: gzipping it again does not give the published SHA-256 back
        unpacked = path.with_suffix("")
        if unpacked.is_file():
            reason = f"{unpacked} is {FILE_NAME} unpacked, not read: {ANEW}"
            raise FileNotFoundError(f"UNIPEN digits not found: {given}{reason}")
        where = f"${ENV_VAR}={folder}" if given else folder
        if not os.path.lexists(folder) and (blanks := unseen_in_name(folder)) is not None:
            raise FileNotFoundError(f"UNIPEN digits not found: no {FILE_NAME} in {where}: {blanks}")
        if (below := folder_below(folder, lambda inside: (inside / FILE_NAME).is_file())) is not None:
            how = f"pass that folder (--pen-dir / root=) or set ${ENV_VAR} to it"  # `--pen-dir data`: data/unipen1a
            raise FileNotFoundError(f"UNIPEN digits not found: no {FILE_NAME} in {where}. It is in {below}: {how}.")
        raise FileNotFoundError(f"UNIPEN digits not found: no {FILE_NAME} in {where}. {HOW_TO_GET}")
    return path


def unipen_sha256(root: str | os.PathLike[str] | None = None) -> str:
    """SHA-256 of the file's bytes (as in the data folder's SHA256SUMS), recorded in checkpoints."""
    return file_sha256(unipen_file(root))


def _text(record: dict, name: str) -> str:
    value = record.get(name)
    if not isinstance(value, str) or not value:
        raise ValueError(f"field {name!r} must be a non-empty string, got {shown(value)}")
    return value


def _strokes(value: object, y_scale: float) -> tuple[np.ndarray, ...]:
    """The record's strokes as read-only float32 arrays in square units; checked as the pen renderer checks its own."""
    if not isinstance(value, list) or not value:
        raise ValueError("field 'strokes' must be a non-empty list of strokes")
    strokes = checked_strokes(value, np.float32, parsed=True)  # new arrays: JSON lists, never a caller's
    for points in strokes:
        if y_scale != 1.0:
            points[:, 1] *= y_scale
        points.flags.writeable = False
    return tuple(strokes)


def _digit(line: str) -> PenDigit:
    """Parse and validate one line; ValueError with the reason (the caller adds file and line)."""
    record = parse_json(line)  # JSONDecodeError is a ValueError; NaN/Infinity literals are caught below
    if not isinstance(record, dict):
        raise ValueError(f"expected a JSON object, got {type(record).__name__}")
    label = record.get("label")
    if isinstance(label, bool) or not isinstance(label, int) or not 0 <= label <= 9:
        raise ValueError(f"field 'label' must be a digit 0-9, got {shown(label)}")
    split = record.get("split")
    if split not in SPLITS:
        raise ValueError(f"field 'split' must be one of {SPLITS}, got {shown(split)}")
    contributor = _text(record, "contributor")
    writer = _text(record, "writer")
    if not writer.startswith(contributor + "/"):
        raise ValueError(f"writer {shown(writer)} does not belong to contributor {shown(contributor)}")
    strokes = _strokes(record.get("strokes"), Y_SCALE.get(contributor, 1.0))
    return PenDigit(label, writer, contributor, split, strokes, _text(record, "source"), _text(record, "segment"))


def read_unipen(path: str | os.PathLike[str], split: str | None = None) -> list[PenDigit]:
    """Every digit in one ``.jsonl.gz`` file, optionally only one split, in file order.

    Also checks that the split is writer-disjoint: a person with digits in both splits is an error at the
    line where the second split appears.
    """
    if split not in (*SPLITS, None):
        raise ValueError(f"split must be one of {SPLITS} or None, got {split!r}")
    path = regular_file(path, "UNIPEN file")  # a named pipe blocked the read for good
    digits: list[PenDigit] = []
    split_of: dict[str, tuple[str, int]] = {}
    number = 0
    try:
        # bytes not UTF-8 are kept (as lone surrogates) and refused at their own line: decoded as read, they were
        # refused at the first line of the chunk that held them, lines before their own, as "not a readable gzip"
        with gzip.open(path, "rt", encoding="utf-8", errors="surrogateescape") as f:
            for number, line in enumerate(iter(lambda: f.readline(MAX_LINE_CHARS + 1), ""), start=1):
                if len(line) > MAX_LINE_CHARS:
                    raise UnipenFileError(path, number, f"longer than {MAX_LINE_CHARS:,} characters: not a digit")
                if (bad := _NOT_UTF8.search(line)) is not None:
                    raise UnipenFileError(path, number, _not_utf8(path, number, bad))
                if not line.strip():
                    continue
                try:
                    digit = _digit(line)
                except (ValueError, TypeError, OverflowError) as err:
                    raise UnipenFileError(path, number, str(err)) from None
                first = split_of.setdefault(digit.person, (digit.split, number))
                if first[0] != digit.split:
                    reason = f"{shown(digit.person)} is in {digit.split!r} here but in {first[0]!r} on line {first[1]}"
                    raise UnipenFileError(path, number, reason)
                if split is None or digit.split == split:
                    digits.append(digit)
    except (EOFError, gzip.BadGzipFile, zlib.error) as err:
        if isinstance(err, gzip.BadGzipFile) and number:  # past its last line: every line was read, and valid
            # it was "line 15004: not a readable gzip file of UTF-8 text (CRC check failed …)", a line past the last;
            # bytes added after a whole file were called a failed check, "so a digit may be altered"
            junk = str(err).startswith("Not a gzipped file")
            what = "bytes that are not gzip follow its end" if junk else "gzip's checks at its end fail"
            reason = f"damaged: {what} ({err}){'' if junk else ', so a digit may be altered'}; {ANEW}"
            raise UnipenFileError(path, None, reason) from err
        reason = "truncated" if isinstance(err, EOFError) else _not_gzipped_text(path)
        raise UnipenFileError(path, number + 1, f"{reason} ({err})") from err
    if not split_of:  # not `number == 0`: a file of blank lines (CRLF ones, say) gave an empty list, no error
        raise UnipenFileError(path, None, "holds no digits")
    return digits


def _not_utf8(path: Path, number: int, bad: re.Match[str]) -> str:
    """Why line ``number`` is not UTF-8: for the first line, what the whole file is, where its start tells."""
    why = _not_gzipped_text(path) if number == 1 else ""
    if not why or why.startswith("not a readable"):
        byte = ord(bad.group()) - 0xDC00  # surrogateescape's mark of an undecodable byte
        why = f"not UTF-8 text (byte 0x{byte:02x} at character {bad.start() + 1}): {ANEW}"
    return why


def _not_gzipped_text(path: Path) -> str:
    """Why a file is no gzip of text, as far as its first bytes tell. One a browser unpacked as it saved it (its name
    still ``.gz``) and one gzipped twice were both "not a readable gzip file of UTF-8 text", nothing said of what to
    do. It is not read as it is: its SHA-256, recorded in checkpoints, would not be the published file's."""
    start = inner = b""
    with contextlib.suppress(OSError, EOFError, zlib.error):
        with path.open("rb") as f:
            start = f.read(2)
        if start == GZIP_MAGIC:
            with gzip.open(path, "rb") as f:
                inner = f.read(4)
    if start.startswith(b"{"):
        return "plain text, not gzipped (unpacked as it was saved?): fetch it anew, or gzip it"
    if inner.startswith(GZIP_MAGIC):
        return "gzipped twice (a gzip file inside a gzip file): gunzip it once"
    # saved again by an editor: its digits may be intact, its SHA-256 is not the published one
    if (what := not_plain_text(inner)) is not None and what.startswith("UTF-"):
        return f"a gzip of {what}, not UTF-8 (saved again by an editor?): {ANEW}"
    return "not a readable gzip file of UTF-8 text"


def load_unipen(root: str | os.PathLike[str] | None = None, split: str | None = None) -> list[PenDigit]:
    """UNIPEN 1a's digits from ``root`` (→ ``$ROWREADER_UNIPEN`` → cache): all, or ``split="train"``/``"test"``."""
    return read_unipen(unipen_file(root), split)
