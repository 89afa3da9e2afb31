"""``python -m training`` (and the ``rowreader-fit`` command): :mod:`training.fit`."""

import sys

from rowreader.launch import run_main


def run() -> int:
    return run_main("training.fit", "training.fit")


if __name__ == "__main__":
    sys.exit(run())
