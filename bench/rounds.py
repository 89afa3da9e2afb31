"""How many rounds a benchmark may repeat its measurement (``--rounds``), for the three that take it (any other
count is refused by ``rowreader.whole_number``).

Each round is seconds of work (bench_fit trains both loops, bench_gui_latency draws every digit, bench_startup
starts three interpreters), and `--rounds 1000000000` ran for good, in silence. One bound, one refusal, worded as
every command words one.
"""

from __future__ import annotations

import argparse

MAX_ROUNDS = 100


def check_rounds(parser: argparse.ArgumentParser, rounds: int, fewest: int = 1) -> None:
    """Refuse ``rounds`` outside ``fewest`` to :data:`MAX_ROUNDS` through ``parser`` (its one-line error, exit status
    2): bench_fit takes 3 at least, and its error said "from 1 to 100" of a range its --help gives as 3 to 100."""
    if not fewest <= rounds <= MAX_ROUNDS:
        parser.error(f"--rounds must be a whole number from {fewest} to {MAX_ROUNDS}, got {rounds:,}")


if __name__ == "__main__":  # run, it did nothing and exited 0, as if it had measured something
    import sys

    print(
        "rounds.py is a module, not a command: it bounds the --rounds of bench/bench_fit.py, bench_gui_latency.py "
        "and bench_startup.py; see their --help.",
        file=sys.stderr,
    )
    sys.exit(2)  # as for a command line refused: nothing was done
