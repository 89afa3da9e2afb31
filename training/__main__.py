"""``python -m training`` (and the ``rowreader-fit`` command): :mod:`training.fit`."""

import sys

from rowreader.launch import run_main
from training.interrupt import stop_from_the_start


def run() -> int:
    """``python -m training``, ``python -m training.fit`` and ``rowreader-fit`` alike: the command line is read
    first (training.arguments, no torch), so a refusal or --help comes before torch's seconds of loading."""
    stop_from_the_start()  # SIGTERM while torch loads said nothing (Ctrl-C: "interrupted while starting")
    return run_main("training.arguments", "training.fit", last=False) or run_main("training.fit", "training.fit")


if __name__ == "__main__":
    sys.exit(run())
