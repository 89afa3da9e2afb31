"""``python -m rowreader`` (and the ``rowreader`` command): the command line in :mod:`rowreader.cli`."""

import sys

from rowreader.launch import run_main


def run() -> int:
    """The ``rowreader`` console script."""
    return run_main("rowreader.cli", "rowreader")


if __name__ == "__main__":  # named as typed, `python -m rowreader`, where the console script may not be installed
    sys.exit(run_main("rowreader.cli"))
