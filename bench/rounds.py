"""How many rounds a benchmark may repeat its measurement (``--rounds``), for the three that take it (any other
count is refused by ``rowreader.whole_number``).

Each round is seconds of work (bench_fit trains both loops, bench_gui_latency draws every digit, bench_startup
starts three interpreters), and `--rounds 1000000000` ran for good, in silence. One bound, one refusal, worded as
every command words one.
"""

from __future__ import annotations

import argparse
import functools

MAX_ROUNDS = 100


class RoundsArgument:
    """``type=`` of ``--rounds``: a whole number, its range left to :func:`check_rounds`, which says it as typed
    (:attr:`typed`, the text last read): `--rounds -0` was "got 0", where every other count says "got '-0'"."""

    def __init__(self, fewest: int = 1) -> None:
        # rowreader here, not above: `python bench/rounds.py` says what it is, and imports no library (a benchmark
        # has put its own checkout's first on sys.path by now, this_checkout.py)
        from rowreader.whole_number import whole_number

        self.read = whole_number(fewest, MAX_ROUNDS, in_range=False)
        self.typed: str | None = None
        functools.update_wrapper(self, self.read)  # its names, as every count's: what tells a count from a real one

    def __call__(self, text: str) -> int:
        value = self.read(text)
        self.typed = text
        return value


def check_rounds(parser: argparse.ArgumentParser, rounds: int, fewest: int = 1, typed: str | None = None) -> None:
    """Refuse ``rounds`` (read from ``typed``; None: not typed) outside ``fewest`` to :data:`MAX_ROUNDS` through
    ``parser`` (its one-line error, exit status 2): bench_fit takes 3 at least, and its error said "from 1 to 100" of
    a range its --help gives as 3 to 100. Said as every number flag says one refused, "argument --rounds: …, got '0'"
    (it was "--rounds must be …, got 0"), shortened past 60 characters: 3,001 digits made a line of 4,081."""
    if not fewest <= rounds <= MAX_ROUNDS:
        from rowreader.json_text import shown

        said = shown(str(rounds) if typed is None else typed)
        parser.error(f"argument --rounds: must be a whole number from {fewest} to {MAX_ROUNDS}, got {said}")


if __name__ == "__main__":  # run, it did nothing and exited 0, as if it had measured something
    import sys

    print(
        "rounds.py is a module, not a command: it bounds the --rounds of bench/bench_fit.py, bench_gui_latency.py "
        "and bench_startup.py; see their --help.",
        file=sys.stderr,
    )
    sys.exit(2)  # as for a command line refused: nothing was done
