"""Reading the UNIPEN 1.0 text format: a label file with its ``.INCLUDE``s expanded, its components and segments.

Why a reader of our own: the format is plain text, but its numbering rules decide which ink belongs to which
digit, and a tool that got them slightly wrong would cut digits in the wrong place without a word. The rules are
those of the UNIPEN definition (``include/hpb/unipen.def`` of the release) as docs/unipen1a-data.md states them:

* a keyword starts with ``.`` in column 1 and its arguments run to the next keyword; ``.INCLUDE NAME`` is read
  from the release's ``include/`` folder, nested includes too;
* components are the ``.PEN_DOWN`` and ``.PEN_UP`` blocks, numbered from 0 in order of appearance, **empty ones
  not counted**;
* a ``.SEGMENT``'s delineation is a comma list of ``A``, ``A-B``, ``A:M-B``, ``A-B:N`` and ``A:M-B:N``: component A
  from point M through component B to point N, 0-based and inclusive.

Anything else in the files (lexicons, documentation, timing) is skipped. Damage raises :class:`UnipenSourceError`
naming the file and the line; nothing is guessed.
"""

from __future__ import annotations

import math
import os
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rowreader.data import not_plain_text
from rowreader.paths import what_is_there
from rowreader.unipen import UnipenFileError

MAX_INCLUDE_DEPTH = 8  # the release nests two deep (imp, pri); deeper is a loop
# A label file of the release includes a few files (its .doc, its pen data, what that includes); the depth limit
# alone let eight levels of ten includes each be read 10^8 times.
MAX_INCLUDES = 1000
Number = int | float
Point = tuple[Number, Number]

_SEGMENT = re.compile(r'(?P<kind>\S+)\s+(?P<delineation>[^\s"]+)(?:\s+(?P<quality>[^\s"]+))?\s+"(?P<label>.*)"\s*')
_LINE_END = re.compile(r"\r\n|\r|\n")
_PART = re.compile(r"(?P<a>\d+)(?::(?P<m>\d+))?(?:-(?P<b>\d+)(?::(?P<n>\d+))?)?")
# A number as the release writes one: whole, perhaps negative (a decimal point and an exponent are allowed). int() and
# float() also read "1_000", "+7", "nan" and "inf": such damage was taken for points, not named (files are latin-1,
# whose only decimal digits are 0-9).
_NUMBER = re.compile(r"-?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")


class UnipenSourceError(UnipenFileError):
    """A source file is damaged or not as the converter understands UNIPEN; the message names the file and line
    (``path``, ``line``, ``reason``), as a damaged digits.jsonl.gz's does."""


@dataclass
class Component:
    """One non-empty ``.PEN_DOWN`` or ``.PEN_UP`` block: its points in sampling order."""

    pen_down: bool
    points: list[Point]


@dataclass
class Segment:
    """One ``.SEGMENT``: the delineation as written (the digit's name in the output) and the label's text."""

    delineation: str
    label: str
    path: Path
    line: int


@dataclass
class LabelFile:
    """A label file with everything it includes: its components, segments and the writer of its pen data."""

    path: Path
    components: list[Component] = field(default_factory=list)
    segments: list[Segment] = field(default_factory=list)
    writer_id: str | None = None


@dataclass
class _Includes:
    """Where one label file's ``.INCLUDE``s are read from, and how many it has read so far (all levels)."""

    root: Path
    read: int = 0


@dataclass
class _Keyword:
    name: str  # ".PEN_DOWN"
    arguments: list[tuple[int, str]]  # (line number, text): the rest of the keyword's line, then the lines below
    path: Path
    line: int


def _keywords(path: Path, includes: _Includes, depth: int = 0) -> Iterator[_Keyword]:
    """The keywords of ``path`` in order, with every ``.INCLUDE`` replaced by the keywords of the included file."""
    try:
        text = path.read_text(encoding="latin-1")  # the release is ASCII; latin-1 reads any byte, so no file fails
    except OSError as err:
        raise UnipenSourceError(path, None, f"cannot read: {err.strerror or err}") from err
    if (what := not_plain_text(text[:4].encode("latin-1"))) is not None:  # was "text before the first keyword"
        reason = f"is {what}, not ASCII text as in the release: take it from the release again"
        raise UnipenSourceError(path, None, reason)
    current: _Keyword | None = None
    # lines end at \n, \r\n or \r, as an editor counts them: splitlines() also ended them at a form feed or
    # latin-1's byte 0x85, and every later error named a line further down than the one at fault
    for number, line in enumerate(_LINE_END.split(text), start=1):
        if line.startswith("."):
            if current is not None:
                yield from _expanded(current, includes, depth)
            name = line.split(maxsplit=1)[0]
            current = _Keyword(name, [(number, line[len(name) :])], path, number)
        elif current is not None:
            current.arguments.append((number, line))
        elif line.strip():
            raise UnipenSourceError(path, number, "text before the first keyword (a UNIPEN file starts with one)")
    if current is not None:
        yield from _expanded(current, includes, depth)


def _expanded(keyword: _Keyword, includes: _Includes, depth: int) -> Iterator[_Keyword]:
    """``keyword`` itself, or for ``.INCLUDE NAME`` the keywords of ``includes.root/NAME``."""
    if keyword.name != ".INCLUDE":
        yield keyword
        return
    name = " ".join(text for _, text in keyword.arguments).strip()
    if not name:
        raise UnipenSourceError(keyword.path, keyword.line, ".INCLUDE names no file")
    if depth >= MAX_INCLUDE_DEPTH:
        raise UnipenSourceError(keyword.path, keyword.line, f".INCLUDE {name}: nested more than {depth} deep (a loop?)")
    includes.read += 1
    if includes.read > MAX_INCLUDES:
        why = f"more than {MAX_INCLUDES:,} includes in one label file (the release's have a few each)"
        raise UnipenSourceError(keyword.path, keyword.line, f".INCLUDE {name}: {why}")
    if Path(name).is_absolute() or ".." in Path(name).parts:  # the release names its includes under include/
        raise UnipenSourceError(keyword.path, keyword.line, f".INCLUDE {name}: names a file outside include/")
    included = includes.root / name
    if not included.is_file():  # a folder, a pipe or a device there was "there is no file"
        there = f"{included} is {what_is_there(included)}, not a file" if os.path.lexists(included) else None
        why = there or f"there is no file {included}"
        raise UnipenSourceError(keyword.path, keyword.line, f".INCLUDE {name}: {why}")
    yield from _keywords(included, includes, depth + 1)


def _number(token: str) -> Number:
    """An int where the token is one (all of the release), else a float; ValueError for a token ``_NUMBER`` refuses."""
    if not _NUMBER.fullmatch(token):
        raise ValueError(f"{token} is not a number as UNIPEN writes one (0-9, a leading -, a . and an exponent)")
    try:
        return int(token)
    except ValueError:
        return float(token)


def _finite(value: Number) -> bool:
    return isinstance(value, int) or math.isfinite(value)


def _points(keyword: _Keyword, columns: list[str]) -> list[Point]:
    """The (x, y) points of a pen block: one number per ``.COORD`` column, a line holding one point or several.

    The format is free (arguments run to the next keyword), but a line with a number too many or too few (``50 45
    7``) is damage, not a point split across lines: taking it as one would shift every later point unnoticed."""
    try:
        x_at, y_at = columns.index("X"), columns.index("Y")
    except ValueError:
        raise UnipenSourceError(keyword.path, keyword.line, f".COORD {' '.join(columns)} has no X and Y") from None
    width = len(columns)
    points = []
    for number, text in keyword.arguments:
        tokens = text.split()
        if len(tokens) % width:
            why = f"{len(tokens)} numbers, not a whole number of points of .COORD {' '.join(columns)}"
            raise UnipenSourceError(keyword.path, number, f"a line of {keyword.name} has {why}: {text.strip()!r}")
        try:
            values = [_number(token) for token in tokens]
        except ValueError as err:
            why = f"not a point of {keyword.name} ({err})"
            raise UnipenSourceError(keyword.path, number, f"{why}: {text.strip()!r}") from None
        # float() reads 1e400 as inf: it went into the output as Infinity, which the loader refused
        if odd := [token for token, value in zip(tokens, values, strict=True) if not _finite(value)]:
            why = f"{odd[0]} is not a finite number"
            raise UnipenSourceError(keyword.path, number, f"a line of {keyword.name}: {why}: {text.strip()!r}")
        points += [(values[at + x_at], values[at + y_at]) for at in range(0, len(values), width)]
    return points


def read_label_file(path: Path, include_root: Path) -> LabelFile:
    """``path`` with its includes expanded: components (empty ones not counted), segments and the writer ID."""
    result = LabelFile(path)
    columns = ["X", "Y"]  # what .COORD declares everywhere in 1a
    for keyword in _keywords(path, _Includes(include_root)):
        arguments = " ".join(text for _, text in keyword.arguments).strip()
        if keyword.name == ".COORD":
            columns = arguments.split() or columns
        elif keyword.name in (".PEN_DOWN", ".PEN_UP"):
            if points := _points(keyword, columns):  # the spec: "Empty segments or components are NOT counted"
                result.components.append(Component(keyword.name == ".PEN_DOWN", points))
        elif keyword.name == ".WRITER_ID":
            if not arguments:
                raise UnipenSourceError(keyword.path, keyword.line, ".WRITER_ID is empty")
            if result.writer_id is not None and arguments != result.writer_id:
                raise UnipenSourceError(
                    keyword.path, keyword.line, f"a second writer ({arguments!r} after {result.writer_id!r})"
                )
            result.writer_id = arguments
        elif keyword.name == ".SEGMENT":
            match = _SEGMENT.fullmatch(arguments)
            if match is None:
                why = 'not `.SEGMENT <type> <delineation> <quality> "<label>"`'
                raise UnipenSourceError(keyword.path, keyword.line, f"{why}: {arguments!r}")
            result.segments.append(Segment(match["delineation"], match["label"], keyword.path, keyword.line))
    return result


def segment_ink(label_file: LabelFile, segment: Segment) -> list[list[Point]]:
    """The pen-down strokes a segment's delineation covers, in the order it lists them (pen-up points are not ink).

    Each pen-down piece is a stroke: ``379-380:1`` is component 379 whole, then points 0 and 1 of 380.
    """
    components = label_file.components
    strokes = []

    def fail(reason: str) -> UnipenSourceError:
        return UnipenSourceError(segment.path, segment.line, f"segment {segment.delineation}: {reason}")

    for part in segment.delineation.split(","):
        match = _PART.fullmatch(part)
        if match is None:
            raise fail(f"{part!r} is not A, A-B, A:M-B, A-B:N or A:M-B:N")
        first = int(match["a"])
        last = int(match["b"]) if match["b"] is not None else first
        if match["m"] is not None and match["b"] is None:
            raise fail(f"{part!r}: a first point needs a last component (A:M-B or A:M-B:N)")
        if last < first:
            raise fail(f"{part!r} runs backwards")
        if last >= len(components):
            raise fail(f"component {last} is past the last one ({len(components) - 1}; empty ones are not counted)")
        for number in range(first, last + 1):
            points = components[number].points
            start = int(match["m"]) if number == first and match["m"] is not None else 0
            end = int(match["n"]) if number == last and match["n"] is not None else len(points) - 1
            if end >= len(points) or start > end:
                raise fail(f"points {start}-{end} of component {number}, which has {len(points)} (0-based)")
            if components[number].pen_down:
                strokes.append(points[start : end + 1])
    return strokes
