"""``python -m training`` (and the ``rowreader-fit`` command): :mod:`training.fit`."""

import sys

from rowreader.launch import run_main
from training.interrupt import stop_from_the_start


def run() -> int:
    stop_from_the_start()  # as training/fit.py's own start does
    return run_main("training.fit", "training.fit")


if __name__ == "__main__":
    sys.exit(run())
