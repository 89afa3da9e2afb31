"""How the views write numbers: one definition each, so two views never write one value two ways."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, datetime

from rowreader.output import shortened
from rowreader.readable import readable
from rowreader.stream import LEAST_WRITTEN, NO_VALUE, belief_percent, leaders
from rowreader.stream import answer as answer  # the views' and predict's one wording of a reading (and a tie's)

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def written_reaches(probability: float, level: float) -> bool:
    """Whether ``probability`` as :func:`belief_percent` writes it reaches ``level``: a line peaking at 14.97 % was
    written "15.0%" when pointed at, yet not named at its peak as one that reaches 15 % is."""
    text = belief_percent(probability)
    return text[0].isdigit() and float(text[:-1]) >= round(level * 1000) / 10


def accuracy_percent(accuracy: float | None) -> str:
    """An MNIST test accuracy to 0.01 %, one digit in 10,000, as the status bar, About and the teach dialog write it:
    the teach dialog gave "99.5% → 99.5%" where the status bar said 99.45%, and hid a teach's cost of a few digits."""
    return NO_VALUE if accuracy is None else f"{accuracy:.2%}"


def heldout_percent(accuracy: float | None) -> str:
    """A held-out accuracy as the teach dialog and the Models menu write it: to 0.1 % (a few dozen examples), or no
    value when unknown. MNIST's is :func:`accuracy_percent`'s, as the status bar writes it."""
    return NO_VALUE if accuracy is None else f"{accuracy:.1%}"


def the_rest_said(probabilities: Sequence[float]) -> str:
    """What a screen reader hears after a reading's leader: every other value written as a number, highest first,
    "; then 7 at 27.8%, 4 at 4.3%", then "; the rest under 0.1%" where some are written "<0.1%" (the bars' and, for
    the compared reader, the chart's: one wording)."""
    tops = leaders(probabilities)
    rest = sorted((d for d in range(len(probabilities)) if d not in tops), key=lambda d: -float(probabilities[d]))
    written = [f"{d} at {belief_percent(float(p))}" for d in rest if not (p := probabilities[d]) < LEAST_WRITTEN]
    said = "; then " + ", ".join(written) if written else ""
    return said + (f"; the rest under {belief_percent(LEAST_WRITTEN)}" if len(written) < len(rest) else "")


def signed(value: float, decimals: int = 2) -> str:
    """``value`` with its sign, a true minus for a negative one: the read-out wrote "-0.04" beside the legend's
    "−1". A value that rounds to zero has none ("−0.00" read as a glitch)."""
    if round(value, decimals) == 0:
        return f"{0:.{decimals}f}"
    return f"{value:+.{decimals}f}".replace("-", "\N{MINUS SIGN}")


def grouped_numbers(text: str) -> str:
    """``text`` with each whole number of four or more digits grouped by thousands, "40,000": a model's metadata
    is written by training ("MNIST + 40000 UNIPEN … renderings"), and About showed it so beside the app's own
    "10,000 examples". A run of digits inside a word ("r01", "v07"), after a decimal point or with a leading zero
    is left alone. Only 0-9 make a number, grouped as text: "100٠" (an Arabic-Indic zero last) was written "1,000",
    and a run of 4,301 digits (a model file's metadata is anyone's) raised int()'s "Exceeds the limit"."""
    return re.sub(r"(?<![\w.,])[1-9][0-9]{3,}+(?!\w|[.,]\d)", lambda number: _thousands(number[0]), text)


def _thousands(digits: str) -> str:
    """A run of 0-9 with a comma before each group of three from its end: "40000" is "40,000"."""
    head = len(digits) % 3 or 3
    return ",".join([digits[:head], *(digits[at : at + 3] for at in range(head, len(digits), 3))])


def day_and_month(moment: date) -> str:
    """ "03 Dec", in English as the rest of the app's words, whatever the system's language: Qt sets the C library's
    locale to the user's, whose month names then wrote "03 Dez" in About and in "did not finish on 03 Dez at 05:12"
    under ``LANG=de_DE.UTF-8``."""
    return f"{moment.day:02d} {_MONTHS[moment.month - 1]}"


# the most characters of a date said as written (no ISO date): "last Tuesday", "Saturday 5 December 2026, 08:27"
DATE_CHARS = 40


def moment_words(text: str) -> str:
    """An ISO date and time (an example's sidecar's) as the app writes a moment, in local time: "05 Dec 2026 at
    08:27"; a day alone, "05 Dec 2026"; any other text as written, on one line of at most :data:`DATE_CHARS`
    characters. A screen reader read "2026-12-05T08:27:41+00:00" sign by sign, in UTC; a day was said "at 00:00",
    a time it never gave; and a sidecar's date is any text under 4 MiB: one of a million lines made a thumbnail's
    tooltip that froze the window 36 s as it showed."""
    try:
        return f"{day_and_month(day := date.fromisoformat(text))} {day:%Y}"
    except ValueError:  # more than a day, or not ISO
        pass
    try:
        when = datetime.fromisoformat(text)
        when = when.astimezone() if when.tzinfo is not None else when
    except (ValueError, OverflowError):  # not ISO; or a year at the ends of the calendar, moved past them
        return shortened(readable(text), DATE_CHARS)
    return f"{day_and_month(when)} {when:%Y} at {when:%H:%M}"
