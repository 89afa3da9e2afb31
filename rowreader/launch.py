"""Start a command so that Ctrl-C while it is still importing (torch takes 1–3 s) ends quietly, exit status 130.

``python -m training.fit`` and ``python -m rowreader`` printed a page of importlib's traceback when Ctrl-C came
before ``main`` had started (Python's own exit: killed by SIGINT). A command's module now starts through
:func:`run_main`, which imports it (this module imports nothing heavy, nor does the ``rowreader`` package) and
ends an interrupted import, or an interrupt that escapes ``main``, with one line, as Ctrl-C later does.
"""

from __future__ import annotations

import contextlib
import importlib
import signal
import sys
from collections.abc import Sequence


def run_main(module: str, prog: str, argv: Sequence[str] | None = None) -> int:
    """``module.main(argv)``, its module imported here; Ctrl-C (or training's SIGTERM) that reaches this far is one
    line on stderr, ``PROG: interrupted …``, and exit status 128 + the signal's number (130 for Ctrl-C)."""
    started = False
    try:
        main = importlib.import_module(module).main
        started = True
        return main(argv) if argv is not None else main()
    except KeyboardInterrupt as err:
        when = "" if started else " while starting; nothing was done"
        with contextlib.suppress(OSError, ValueError, AttributeError):  # stderr closed (2>&-): the status says it
            print(f"\n{prog}: interrupted{when}", file=sys.stderr)
        return 128 + int(getattr(err, "signum", signal.SIGINT))
