"""``python -m rowreader`` (and the ``rowreader`` command): the command line in :mod:`rowreader.cli`."""

import sys

from rowreader.launch import run_main


def run() -> int:
    return run_main("rowreader.cli", "rowreader")


if __name__ == "__main__":
    sys.exit(run())
