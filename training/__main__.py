"""``python -m training`` (and the ``rowreader-fit`` command): :mod:`training.fit`."""

import gc
import sys

from rowreader.launch import run_main
from training.interrupt import stop_from_the_start


def run() -> int:
    """``python -m training``, ``python -m training.fit`` and ``rowreader-fit`` alike: the command line is read
    first (training.arguments, no torch), so a refusal or --help comes before torch's seconds of loading."""
    stop_from_the_start()  # SIGTERM while torch loads said nothing (Ctrl-C: "interrupted while starting")
    try:
        return run_main("training.arguments", last=False) or run_main("training.fit")
    finally:
        # the interpreter's closing collections walked torch's 320,000 objects: a stopped fine-tune exited 1.9-4.3 s
        # after its "interrupted" line (load 3-7), past the app's 3-s grace, so Cancel ended in SIGKILL. Frozen, they
        # are left to the process's end (atexit hooks still run): 0.4-0.6 s.
        gc.freeze()


if __name__ == "__main__":
    sys.exit(run())
