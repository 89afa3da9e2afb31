"""The one ``type=`` of a count typed on a command line: every command and benchmark refuses a bad one in one wording.

`rowreader evaluate --batch-size 1e3` said "must be a positive whole number", `training.fit --batch-size 1e3` "must be
a whole number from 1 to 65,536" and `bench_drawn.py --per-class 1e3` argparse's "invalid int value": three words for
one mistake, and evaluate took batch sizes training refused.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable

from rowreader.json_text import shown
from rowreader.number_text import meant, whole_text

# The batch sizes every command takes (images per step, or per forward pass): one range, not one a command.
BATCH_SIZES = (1, 65_536)


def whole_number(low: int, high: int | None = None, in_range: bool = True) -> Callable[[str], int]:
    """``type=`` of a count from ``low`` to ``high`` (None: no bound above). Text that is no whole number names the
    range too: argparse's "invalid int value: 'nan'" says neither what is taken nor how much. ``in_range=False``:
    the range is the caller's to check (training.fit's FitConfig, alike for a value typed or a preset's). What is
    refused is named shortened (:func:`~rowreader.json_text.shown`): 5,000 digits made an error line of 5,286.

    What is a whole number is :mod:`rowreader.number_text`'s rule (0-9, no ``_``); one refused says the number meant
    where it is plain and taken (`--rounds "1'000"` was told to write 1000, which the range then refused)."""
    wanted = f"a whole number from {low} to {high:,}" if high is not None else f"a whole number of at least {low}"

    def taken(value: int) -> bool:
        return low <= value and (high is None or value <= high)

    def count(text: str) -> int:
        value = whole_text(text)
        if value is None:
            hint = meant(text, whole=True)
            number = whole_text(hint[0]) if hint else None
            said = f" ({hint[1]}: {number})" if hint and number is not None and taken(number) else ""
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {shown(text)}{said}")
        if in_range and not taken(value):
            raise argparse.ArgumentTypeError(f"must be {wanted}, got {shown(text)}")  # `0` too: as typed, quoted
        return value

    return count
