"""JSON text from a file anyone may have written (a checkpoint's header, a UNIPEN line, an example's sidecar).

One parser for the three, so a damaged file is refused in a user's words. Python's own refused a whole number of
5,000 digits as "Exceeds the limit (4300 digits) for integer string conversion: … use
sys.set_int_max_str_digits() to increase the limit": advice for a programmer, about a file that is simply damaged.
"""

from __future__ import annotations

import codecs
import contextlib
import gc
import itertools
import json
import math
import os
import re
import reprlib
import unicodedata
from collections.abc import Iterable
from typing import Any

MAX_DIGITS = 1000  # far beyond any value these files hold (64-bit ints have 20 digits); Python's own limit is 4,300
_LONG_DIGITS = re.compile(rf"[0-9]{{{MAX_DIGITS + 1}}}")  # a run no whole number of MAX_DIGITS digits or fewer holds


def json_file_name(name: str, key: str = "file") -> dict[str, str]:
    """``{key: name}`` for a JSON document, and ``key + "_bytes"`` (the name's bytes in hex) where it is not UTF-8:
    predict's ``"file"``, evaluate's ``"data"``, a fine-tune's ``"out"``.

    Such a name (Latin-1 ``été.png``) reaches Python with its bytes as lone surrogates, which ``json.dumps`` wrote as
    ``"\\udce9t\\udce9.png"``: strict JSON parsers refuse the document, and jq made it U+FFFD without a word. The
    name is written readable, U+FFFD for each byte that is not UTF-8, and exactly, as the bytes on disk."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        raw = os.fsencode(name)
        with contextlib.suppress(UnicodeDecodeError):  # UTF-8 after all: Python read it in ASCII (`LC_ALL=C
            return {key: raw.decode("utf-8")}  # PYTHONUTF8=0`), and "été.png" came with its bytes as if not UTF-8
        return {key: raw.decode("utf-8", "replace"), f"{key}_bytes": raw.hex()}
    return {key: name}


def _whole_number(text: str) -> int:
    digits = len(text.lstrip("-"))
    if digits > MAX_DIGITS:
        raise ValueError(f"a whole number of {digits:,} digits, longer than any value such a file holds")
    return int(text)


def _unique_keys(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """The object of ``pairs``, or ValueError naming a key it names twice (which copy is meant cannot be told)."""
    if len(made := dict(pairs)) < len(pairs):
        seen: set[str] = set()
        twice = next(key for key, _ in pairs if key in seen or seen.add(key))
        raise ValueError(f"{shown(twice)} named twice in one object")
    return made


def parse_json(text: str, *, unique_keys: bool = False) -> Any:
    """``json.loads(text)``, refusing (ValueError) a whole number longer than :data:`MAX_DIGITS` digits and
    nesting deeper than the parser's stack ("[[[[…", which was a RecursionError: "maximum recursion depth exceeded
    while decoding a JSON array from a unicode string"). Like ``json.loads`` it accepts NaN and Infinity: each
    caller's own checks say what those mean for its file. A byte order mark first is skipped, as RFC 8259 allows:
    a sidecar saved by Windows' Notepad begins with one, and was "Unexpected UTF-8 BOM (decode using utf-8-sig)",
    advice for a programmer, its example skipped. Read with the cyclic garbage collector paused (see below).

    ``unique_keys``: an object naming a key twice is refused, not read by its last copy. A model file's header is:
    safetensors refuses ``__metadata__`` or a tensor's ``dtype`` named twice, and a header naming ``format`` twice
    could be another program's to one reader and ours to another. A Python call per object: 12 ms more for the
    125,000 empty objects a header's 250,000 values allow (and the window gets Python's lock between them)."""
    try:
        text = text.removeprefix("\ufeff")
        # the collector paused: the parser makes no cycle, and a 4 MB model header of a million empty lists held
        # Python's lock 1.8-3.8 s in the app (0.2-0.4 s paused), the collector going through the lists made so far
        # each 700 made, the window still though the Models menu reads it off the window's thread
        collecting = gc.isenabled()  # not turned on where someone else turned it off
        gc.disable()
        try:
            # each whole number counted only where a run of digits could be too long: a call per number took 3 s of
            # the 6 s a 16 MB header of 7.9 million numbers took to refuse (its shape), and the Models menu waited
            return json.loads(
                text,
                parse_int=_whole_number if _LONG_DIGITS.search(text) else None,
                object_pairs_hook=_unique_keys if unique_keys else None,
            )
        finally:
            if collecting:
                gc.enable()
    except RecursionError:
        raise ValueError("JSON nested too deeply to be read") from None
    except json.JSONDecodeError as err:  # its "line 1 column 5" beside the caller's own "line 3001" read as two lines
        where = f"line {err.lineno} column {err.colno}" if "\n" in text.strip() else f"character {err.pos + 1}"
        msg = err.msg.removesuffix(" at")  # Python's own "Invalid control character at" made "at at character 26"
        raise ValueError(f"not valid JSON: {msg} at {where}") from None


class _Shortened(reprlib.Repr):
    """reprlib's, and a whole number too long for Python to write out (over 4,300 digits) said by its length:
    ``ReaderConfig(hidden_size=10**5000)`` failed as "Exceeds the limit (4300 digits) for integer string
    conversion", the error about the value lost in the writing of it."""

    def repr_int(self, x: int, level: int) -> str:
        if abs(x).bit_length() > 14_000:  # 4,214 digits: under Python's limit, far over any value we check
            sign = "a negative" if x < 0 else "a"
            return f"{sign} whole number of about {math.floor(abs(x).bit_length() * math.log10(2)):,} digits"
        return super().repr_int(x, level)

    def repr_str(self, x: str, level: int) -> str:
        """``repr(x)``, or past ``maxstring`` its first and last characters each written whole, as ``repr`` writes
        it: reprlib cut the written text, so `--rounds` of 30 characters with escapes was said with its end twice
        ("got '…(X\\x1dª\\x1dª'", the `\\x1dª` typed once) and an escape cut in two ("\\U00...")."""
        if len(x) <= self.maxstring and len(written := repr(x)) <= self.maxstring:
            return written
        quote = '"' if "'" in x and '"' not in x else "'"  # repr's choice, without writing out all of a long text
        head_room = (self.maxstring - 3) // 2 - 1  # reprlib's room less the quote: 27 and 28 of plain text
        head = _written_within(x, head_room, quote)
        rest = itertools.islice(reversed(x), len(x) - len(head))  # never a character of the head again
        tail = _written_within(rest, self.maxstring - 3 - head_room - 2, quote)
        return f"{quote}{''.join(head)}{self.fillvalue}{''.join(reversed(tail))}{quote}"


def _written_within(text: Iterable[str], room: int, quote: str) -> list[str]:
    """The first characters of ``text``, each as ``repr`` writes it between ``quote``s, that fit in ``room``."""
    pieces: list[str] = []
    for character in text:
        piece = "\\" + quote if character == quote else repr(character)[1:-1]
        room -= len(piece)
        if room < 0:
            break
        pieces.append(piece)
    return pieces


# A value from such a file may be of any length: a tensor named with 5,000 characters made an error line of 5,000.
_SHOWN = _Shortened()
_SHOWN.maxstring = _SHOWN.maxother = 60
_SHOWN.maxlist = _SHOWN.maxdict = 4


def shown(value: Any) -> str:
    """``repr(value)`` for an error message, shortened with ``...`` past 60 characters of text, 40 digits of a whole
    number or 4 items of a list (:mod:`reprlib`): an error names the value, in a line a person can read."""
    return _SHOWN.repr(value)


def text_kind(start: bytes) -> str | None:
    """Words for a file whose first bytes, ``start``, are text (UTF-8 with no control character but tab and line
    ends), its first line shown; None for fewer than 8 bytes. A text file chosen by mistake as a model or a picture
    is named so: eight such bytes, read as a safetensors header's length, say 651 PB or more ("header too large: it
    says 8,391,099,357,577,834,597 bytes" was all a CSV given as a model got), and Pillow said only "not an image
    PIL can read" of a CSV saved as digit.png."""
    try:
        text = codecs.getincrementaldecoder("utf-8")().decode(start)  # a character cut at the end is left out
    except UnicodeDecodeError:
        return None
    if (
        len(start) < 8
        or not text.strip()
        or any(unicodedata.category(ch) == "Cc" and ch not in "\t\r\n" for ch in text)
    ):
        return None
    return f"a text file starting {shown(text.strip().splitlines()[0])}"
