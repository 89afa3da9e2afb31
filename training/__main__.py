"""``python -m training`` (and the ``rowreader-fit`` command): :mod:`training.fit`."""

import sys

from rowreader.launch import run_main
from training.arguments import parse_args
from training.interrupt import stop_from_the_start


def run() -> int:
    """``python -m training``, ``python -m training.fit`` and ``rowreader-fit`` alike."""
    stop_from_the_start()  # SIGTERM while torch loads said nothing (Ctrl-C: "interrupted while starting")
    parse_args(sys.argv[1:])  # refusals and --help before torch's seconds of loading; main parses again, at no cost
    return run_main("training.fit", "training.fit")


if __name__ == "__main__":
    sys.exit(run())
