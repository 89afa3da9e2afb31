"""What a number typed on a command line may look like: one rule for every whole-number and real-number flag of
every command (rowreader, training's, the benchmarks, the screenshots).

Python's ``int`` and ``float`` read more than a person means to type: `--rounds 1_0` was taken as 10 (an underscore
groups digits in Python source), `--epochs １２` (full-width digits) and `--hidden ٣` (Arabic-Indic) as 12 and 3, and
`--lr 1_0e-4` as 0.001, where `--rounds "1'000"` and `--batch-size 1.000` were refused. A number is written in the
digits 0-9 now, with a sign if wanted (spaces around it are dropped, as a shell's quoting may leave them); a real
number may have a decimal point and an exponent (``1e-3``), and "nan" and "inf" are read so that the flag's own range
refuses them in its words. Anything else is refused, with the number meant where it is plain (:func:`meant`).
"""

from __future__ import annotations

import argparse
import math
import re
import unicodedata
from collections.abc import Callable

from rowreader.json_text import shown

WHOLE = re.compile(r"[+-]?[0-9]+")
REAL = re.compile(r"[+-]?(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|[+-]?(?:nan|inf|infinity)", re.IGNORECASE)
# what groups the digits of a thousand in some country (1.000, 1,000, 1'000, 1 000 with a space or a narrow one), or
# in Python source (1_000)
_GROUPED = re.compile(r"(?<=[0-9])[.,'\u00a0\u202f _](?=[0-9]{3}(?![0-9]))")
_UNDERSCORE = re.compile(r"(?<=[0-9])_(?=[0-9])")


def whole_text(text: str) -> int | None:
    """``text`` as a whole number if it is written as one (:data:`WHOLE`, spaces around it dropped), else None; None
    too past Python's 4,300 digits (``int`` refuses them), more than any flag takes."""
    plain = text.strip()
    if WHOLE.fullmatch(plain) is None:
        return None
    try:
        return int(plain)
    except ValueError:  # "Exceeds the limit (4300 digits) for integer string conversion"
        return None


def real_number(
    low: float = -math.inf, high: float = math.inf, below: bool = False, above: bool = False, wanted: str = ""
) -> Callable[[str], float]:
    """``type=`` of a real-number flag whose range, ``low`` to ``high``, its command checks (in its own words, with
    NaN): ``text`` read as :data:`REAL` allows, else refused as a whole number is, "must be a number from 0 to 0.95,
    got 'abc'" (it was argparse's "invalid float value: 'abc' (a number from 0 to 0.95)", where `--hidden abc` said
    "must be a whole number from 1 to 4,096, got 'abc'": two wordings for one mistake). ``wanted``: what the flag
    takes, in the words its command refuses a number beyond it with ("a belief above 0 and at most 1"; by default
    "a number" and the range). The number meant is said where it is plain (:func:`meant`), or why it is not taken
    where that number is beyond the range (`--brush "1'000"` was told 1000, which the range then refused).
    ``below``: ``high`` itself is beyond it (`--replay 1,0` was told 1.0); ``above``: ``low`` is (`--lr 0,0` was told
    0.0, which the run refused)."""
    refused = f"must be {wanted or 'a number ' + range_words(low, high, below, above)}, got "

    def real(text: str) -> float:
        plain = text.strip()
        if REAL.fullmatch(plain) is None:
            raise argparse.ArgumentTypeError(f"{refused}{shown(text)}{_real_hint(text, low, high, below, above)}")
        if (held := held_as(plain)) is not None:
            raise argparse.ArgumentTypeError(f"{refused}{shown(text)} ({held})")
        return float(plain) + 0.0  # -0 is 0: `--pen -0` was recorded as -0.0, `--lr -0` refused as "got -0.0"

    real.__name__ = "float"  # what tells a real number's flag from a count's (training.arguments' typed_kept)
    return real


def _real_hint(text: str, low: float, high: float, below: bool, above: bool) -> str:
    """Why ``text``, no number as :data:`REAL` writes one, was refused, in brackets, or "": the number meant where it
    is plain and taken (" (a decimal is written with a point: 0.001)"), why alone where that number is beyond the
    range (`--lr 20,5`: the range said before it), and why a float cannot hold it (`--pen 1,5e-400` was offered
    1.5e-400, refused)."""
    hint = meant(text, whole=False)
    if hint is None:
        return ""
    if (held := held_as(hint[0])) is not None:
        return f" ({hint[1]}: {hint[0]}, but {held})"
    value = float(hint[0])
    taken = (low < value if above else low <= value) and (value < high if below else value <= high)
    return f" ({hint[1]}: {hint[0]})" if taken else f" ({hint[1]})"


def range_words(low: float, high: float, below: bool = False, above: bool = False) -> str:
    """A real-number flag's range in words, one wording for text that is no number and a number beyond it: `--lr 20`
    was "must lie in (0, 10]" and `--lr abc` "(a number above 0 and at most 10)". ``below``/``above`` as for
    :func:`real_number`; an end the range leaves out is said so ("at least 0 and below 1")."""
    if below or above:
        return f"{'above' if above else 'at least'} {low:g} and {'below' if below else 'at most'} {high:g}"
    return f"from {low:g} to {high:g}"


def held_as(plain: str) -> str | None:
    """Why a real number written as :data:`REAL` allows is not the number a float reads (beyond its reach: 0 or
    inf), or None: `training.fit --pen 1e-400` was read as 0, the run trained with no pen data and recorded 0.0, and
    `--lr 1e309` was refused as "got inf", a number not typed."""
    value = float(plain)
    mantissa = plain.lower().partition("e")[0]
    if value == 0 and mantissa.strip("+-.0"):  # a digit not 0 in it: the number is not 0
        return "a float reads it as 0"
    if math.isinf(value) and "inf" not in mantissa:
        return "a float reads it as inf"
    return None


def in_ascii_digits(text: str) -> str:
    """``text`` with every decimal digit of another script (full-width １, Arabic-Indic ٣, Devanagari ३) as 0-9."""
    return "".join(str(unicodedata.decimal(c)) if c.isdecimal() and not c.isascii() else c for c in text)


def meant(text: str, whole: bool) -> tuple[str, str] | None:
    """(the number ``text`` plainly means, written as flags take it; why it was refused) or None where it is not
    plain which number was meant. ``whole``: a count, where a thousands separator (1.000, 1,000, 1'000) is one; for a
    real number a lone comma is a decimal comma (0,001) and only ``'``, spaces and ``_`` group digits."""
    plain = text.strip()
    if whole:
        grouped = _UNDERSCORE.sub("", _GROUPED.sub("", in_ascii_digits(plain)))
        if WHOLE.fullmatch(grouped):
            return grouped, _why(plain, grouped, "a whole number is written without separators")
        return None
    digits = in_ascii_digits(plain)
    if digits.count(",") == 1 and "." not in digits:
        pointed = digits.replace(",", ".")
        if REAL.fullmatch(pointed):
            return pointed, "a decimal is written with a point"
    ungrouped = _UNDERSCORE.sub("", re.sub(r"(?<=[0-9])['\u00a0\u202f ](?=[0-9]{3}(?![0-9]))", "", digits))
    if ungrouped != plain and REAL.fullmatch(ungrouped):
        return ungrouped, _why(plain, ungrouped, "a number is written without separators")
    return None


def _why(plain: str, written: str, grouped: str) -> str:
    """Why ``plain`` was refused, once it is ``written`` as flags take it: its digits, or how they were grouped."""
    return "a number is written in the digits 0-9" if in_ascii_digits(plain) == written else grouped
