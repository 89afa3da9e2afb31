"""What is said of the files a reading of examples skipped: how many of each kind, in words, and a few named.

The My examples dock's message line, an import's and the command line's fine-tune say them so. Qt-free: it reads the
library's list of skipped files (``PATH: why``) and looks at the files themselves.
"""

from __future__ import annotations

from pathlib import Path

from rowreader.example_folder import (
    CASED_SIDECAR,
    LONE_SIDECAR,
    NOT_A_DIGITS_FOLDER,
    OUTSIDE_THE_DIGITS,
    SKIPPED,
    UNOWNED_SIDECAR,
)
from rowreader.example_store import NOT_COPIED
from rowreader.model import CLASSES
from rowreader.output import NAMED_WHOLE, counted, few_named
from rowreader.paths import broken_link
from rowreader.picture_checks import too_large
from rowreader.picture_errors import HEIC, NOT_A_PICTURE
from rowreader.picture_words import MANY_SMALL_MARKS, NO_DIGIT_HEADS, SIDE_BY_SIDE


def some_of(items: list[str], most: int, separator: str) -> str:
    """The first ``most`` items joined, and how many more there are."""
    more = f"{separator}… and {len(items) - most} more" if len(items) > most else ""
    return separator.join(items[:most]) + more


def skipped_lines(problems: list[str], every: bool = False) -> list[str]:
    """The command line's words for ``problems`` (``PATH: why``), a line each to print (:func:`few_named`): many are
    counted by kind (:func:`skipped_kinds`), only the first few named."""
    if len(problems) <= NAMED_WHOLE or every:  # their kinds are told apart only where they are said
        return [f"{SKIPPED}{problem}" for problem in problems]
    summary = f"{SKIPPED}{len(problems):,} files: {skipped_kinds(problems)}"
    return few_named([f"{SKIPPED}{problem}" for problem in problems], summary, "files skipped")


def problem_path(problem: str) -> Path:
    """The file a skipped file's line (``PATH: why``) is about."""
    return Path(problem.split(": ", 1)[0])


_DIGIT_NAMES = frozenset(str(digit) for digit in range(CLASSES))


def skipped_kinds(problems: list[str]) -> str:
    """ "2 damaged files and 1 broken link": a link to nothing was called damaged, though the file it names is
    only elsewhere (the library's list of skipped files says "it is a link to …, which does not exist"); so was a
    whole picture whose sidecar names another digit (or is not ours); so was an `old/` beside the digits' folders."""
    # by their words: a ": " in the folder's own path ("My: scans") is no end of the name; " 3" says what differs after
    not_named = [f": {NOT_A_DIGITS_FOLDER}" in problem for problem in problems]
    outside = [f": {OUTSIDE_THE_DIGITS}; " in problem for problem in problems]
    problems = [p for p, stray, loose in zip(problems, not_named, outside, strict=True) if not stray and not loose]
    # an import's: a picture whose digit's folder here is a file, or one gone since its folder was read (not damaged)
    uncopied = [problem.split(": ", 1)[-1].startswith(NOT_COPIED) for problem in problems]
    problems = [problem for problem, left in zip(problems, uncopied, strict=True) if not left]
    # a note or a PDF saved as 3.png: whole, and said so in its own line; the count called it damaged. Taken out
    # first: a note's line quotes how it starts, which may be any kind's words ("todo: the mark" was a blank too)
    no_picture = [NOT_A_PICTURE in problem.split(": ", 1)[-1] for problem in problems]
    problems = [problem for problem, text in zip(problems, no_picture, strict=True) if not text]
    paths = [problem_path(problem) for problem in problems]
    sidecars = sum(problem.split(": ", 1)[-1].startswith("sidecar") for problem in problems)
    lone = sum(problem.endswith(f": {LONE_SIDECAR}") for problem in problems)  # strokes whose picture is gone
    unowned = sum(f": {UNOWNED_SIDECAR} (" in problem or f": {CASED_SIDECAR} " in problem for problem in problems)
    links = sum(broken_link(path) is not None for path in paths)
    folders = sum(path.is_symlink() and path.is_dir() for path in paths)  # not followed: a loop would never end
    # a file named 3 where the 3s' folder should be (no picture is named so: a picture has its suffix): every 3
    # left unread, and it was "1 damaged file: 3"
    in_place = [path.name in _DIGIT_NAMES and broken_link(path) is None for path in paths]
    # a named pipe called x.png is never opened; it was called damaged
    special = sum(
        path.exists() and not path.is_file() and not path.is_dir() and not instead
        for path, instead in zip(paths, in_place, strict=True)
    )
    large = sum(path.is_file() and too_large(path) for path in paths)  # a 900-megapixel photo is whole, not damaged
    several = sum(SIDE_BY_SIDE in problem for problem in problems)  # "37" in 3/: whole, but not one digit
    text = sum(MANY_SMALL_MARKS in problem for problem in problems)  # a page of text in 3/: whole, no digit either
    heic = sum(HEIC in problem for problem in problems)  # a phone's photo, whole: it was passed over without a word
    # a blank page, a speck, a rule, a scanner's edge: whole, no digit in it; it was "damaged"
    blank = sum(any(f": {head}" in problem for head in NO_DIGIT_HEADS) for problem in problems)
    unread = (
        links + folders + special + large + several + text + heic + blank + sidecars + lone + unowned + sum(in_place)
    )
    counts = (  # each kind, and its plural where an "s" at the end is not it
        (len(paths) - unread, "damaged file", None),
        (sum(not_named), "folder not named 0–9", "folders not named 0–9"),
        (sum(outside), "picture outside the digits' folders", "pictures outside the digits' folders"),
        (sum(in_place), "file where a digit's folder should be", "files where a digit's folder should be"),
        (sum(uncopied), "picture not copied", "pictures not copied"),
        (sidecars, "picture with a wrong sidecar (.json)", "pictures with a wrong sidecar (.json)"),
        (lone, "drawing (.json) without its picture", "drawings (.json) without their pictures"),
        (unowned, "drawing (.json) no picture reads", "drawings (.json) no picture reads"),
        (large, "picture too large", "pictures too large"),
        (several, "picture of digits side by side", "pictures of digits side by side"),
        (text, "picture of many small marks (text?)", "pictures of many small marks (text?)"),
        (heic, "HEIC photo, to be saved as JPEG or PNG", "HEIC photos, to be saved as JPEG or PNG"),
        (blank, "picture with no digit to read", "pictures with no digit to read"),
        (sum(no_picture), "file that is not a picture", "files that are not pictures"),
        (links, "broken link", None),
        (folders, "link to a folder", "links to a folder"),
        (special, "named pipe or device", "named pipes or devices"),
    )
    # "5,000 damaged files" beside "5,002 examples" (it was "5000"); one is "1 damaged file" as the command line says
    kinds = [counted(count, kind, plural=plural) for count, kind, plural in counts if count]
    return " and ".join(kinds)
